"""Every check a publishing build runs, in one place, so that `notices validate` runs the same.

Loading (:mod:`privacy_notices.data.loader`) checks each file and the references
between files; this module adds what needs the translations, the as-of day
or the hand-written pages: translations checked like data, corrections not
dated in the future, addresses no page shares, and, when publishing,
complete required languages, unchanged locked versions and links that lead
to a notice or company of the site.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

from privacy_notices.checks import compliance
from privacy_notices.history import lock
from privacy_notices.checks.compliance import Finding
from privacy_notices.data.errors import ErrorLog
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.i18n.coverage import check_required
from privacy_notices.i18n.translation_checks import check_translations
from privacy_notices.checks.links import check_links
from privacy_notices.data.loader import load_project
from privacy_notices.data.project import NoticeVersion, Project
from privacy_notices.data.addresses import HOME_URI
from privacy_notices.data.paths import not_a_file
from privacy_notices.data.reuse import Reuse


@dataclass
class Checked:
    """The outcome of loading and checking the data folder."""

    project: Project | None
    """None when a data file has errors: nothing is built from the data as they are."""
    catalogs: Catalogs | None
    errors: ErrorLog
    """Mistakes in the data or catalogs: nothing can be built from them as they are."""
    blockers: ErrorLog = field(default_factory=ErrorLog)
    """What stops publishing but not drafting: incomplete required languages, changed locked versions, broken links."""
    changed_locks: list[tuple[NoticeVersion, str, str]] = field(default_factory=list)
    """(version, language, day locked) of every locked text that changed."""
    findings: list[Finding] = field(default_factory=list)
    """What the compliance rules found; its errors are among the blockers too."""
    loaded: Project | None = None
    """Everything that loaded without errors, even when other files have errors: the translation
    checks and the rules ran on it, so that one run reports every mistake it can."""

    @property
    def warnings(self) -> list[Finding]:
        """Compliance findings that do not stop publishing: warnings, and suppressed findings."""
        return [f for f in self.findings if not f.blocks]


def load_and_check(root: Path, as_of: datetime.date, docs: Path | None, today: datetime.date | None = None, reuse: Reuse | None = None) -> Checked:
    """Load ``root`` and run every check of a publishing build; drafting builds ignore ``blockers``.

    ``today`` is the day the build runs (not the day the site describes): no
    correction can have been made after it. ``reuse`` keeps what unchanged
    files gave between the builds of one ``mkdocs serve``; every check still runs.
    """
    today = today or datetime.date.today()
    project, errors = load_project(root, reuse, partial=True)
    checked = Checked(None if errors else project, None, errors, loaded=project)
    if project is not None:
        checked.catalogs = Catalogs(root, project.site.all_languages, project.site.source_language, errors, reuse)
        check_translations(project, checked.catalogs, errors)
        check_correction_dates(project, today, errors)
        marks: dict[str, tuple[int, int]] = {}
        locked = lock.read_lock(root, errors, marks)  # a malformed lock file is a mistake in the data, not a blocker
        compliance.check_suppressions(project, errors)
        check_required(project, checked.catalogs, as_of, checked.blockers)
        check_links(project, checked.blockers)
        check_home_anchors(project, errors)
        checked.changed_locks = lock.check(project, checked.catalogs, today, checked.blockers, locked, marks)
        checked.findings = compliance.run(project, checked.catalogs, as_of)
        for finding in checked.findings:
            if finding.blocks:
                where = f"{finding.where}: " if finding.where else ""
                checked.blockers.add(finding.path, finding.line, finding.column, "", f"{finding.rule}: {where}{finding.message} (`notices check --explain {finding.rule}`)")
    if docs is not None:
        check_pages(docs, errors)
        check_addresses(project, docs, errors)
    return checked


def check_correction_dates(project: Project, today: datetime.date, log: ErrorLog) -> None:
    """A correction (or a change of original language) is made on a day that has come: one dated later would unlock a version in advance."""
    for record in project.entities.values():
        for i, change in enumerate(record.data.language_changes):
            if change.date > today:
                line, col = record.doc.mark(("language_changes", i, "date")) if record.doc else (1, 1)
                log.add(record.path, line, col, f"language_changes[{i}].date", f"the change is dated {change.date.isoformat()}, which is after today; `notices i18n swap` records the day it is made")
        dates = [c.date for c in record.data.language_changes]
        if dates != sorted(dates):
            line, col = record.doc.mark(("language_changes",)) if record.doc else (1, 1)
            log.add(record.path, line, col, "language_changes", "list the changes of language oldest first")
    for version in project.all_versions():
        for i, correction in enumerate(version.data.corrections):
            if correction.date > today:
                line, col = version.doc.mark(("corrections", i, "date"))
                log.add(
                    version.path, line, col, f"corrections[{i}].date",
                    f"the correction is dated {correction.date.isoformat()}, which is after today; "
                    "date a correction on the day it is made",
                )


HOME_ANCHORS = re.compile(r"elsewhere|country-[a-z]{2}")
"""Anchors of the home page's own headings (home.md.j2): the companies not published in a language, each country."""


def check_home_anchors(project: Project, log: ErrorLog) -> None:
    """An entity's folder is the anchor of its heading on the home page: it may not take one of the page's own."""
    for name, record in project.entities.items():
        if HOME_ANCHORS.fullmatch(name):
            log.add(record.path.parent, 1, 1, "", f"the folder name '{name}' is the anchor of a heading of the home page (#{name}); rename the folder")


def check_pages(docs: Path, log: ErrorLog) -> None:
    """Hand-written pages are UTF-8 text: one saved in another encoding stops MkDocs mid-build, and a FIFO would never be read to its end."""
    for path in sorted(docs.rglob("*.md")):
        try:
            kind = not_a_file(path.stat().st_mode)
            if kind:
                log.add(path, 1, 1, "", kind)
                continue
            raw = path.read_bytes()
            raw.decode("utf-8")
        except OSError as exc:
            log.add(path, 1, 1, "", f"the page cannot be read: {exc.strerror}")
        except UnicodeDecodeError as exc:
            before = raw[: exc.start]
            line = before.count(b"\n") + 1
            column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
            log.add(path, line, column, "", f"the page is not UTF-8 text (byte 0x{raw[exc.start]:02X} cannot be decoded); save it as UTF-8")


def check_addresses(project: Project | None, docs: Path, log: ErrorLog) -> None:
    """Hand-written pages and generated ones may not share an address: one would silently replace the other."""
    if (docs / HOME_URI).exists():
        log.add(docs / HOME_URI, 1, 1, "", "this page would replace the generated home page; put its text in site.yml's description, or rename it")
    if project is None:
        return
    for name in [*project.entities, *project.site.all_languages[1:]]:
        for clash in (docs / name, docs / f"{name}.md"):
            if clash.exists():
                what = "entity" if name in project.entities else "language"
                log.add(clash, 1, 1, "", f"'{clash.name}' takes the address /{name}/, which belongs to the {what} '{name}'; rename it")
