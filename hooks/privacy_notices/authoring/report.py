"""What a pull request changes, for the legal reviewer: ``notices report --base REV``.

The data and catalogs at the base revision are read through git (``git
archive`` of the data folder into a temporary folder, never a second
checkout) and checked exactly as the working tree is. The data compared with
them need not be in the working tree: a pull request's data read out of git
into another folder, with the report written by the base's own code, is how
the pull-request workflow keeps the pull request's code out of its verdict. The report then says
which notices, versions and languages change, calls out first every version
already in force or archived whose page says something else in some language
(:mod:`privacy_notices.published`: an edit made in its file, a catalog,
``entity.yml`` or ``site.yml``), then the lock entries the change removes or
rewrites and what the base's lock finds in the changed data, the data files
changed besides the versions, each version's structured change summary and
its preview links, translation coverage per language before and after, the
validation and compliance findings this change brings, and whether a publish
build would pass. The change's own lock file is never trusted: it is data the
change controls. It is Markdown for a pull-request comment (the template is
``theme/notices/report.md.j2`` of this package) or JSON for other tools.
"""

from __future__ import annotations

import datetime
import io
import json
import os
import re
import subprocess
import tarfile
import tempfile
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from babel.messages.catalog import Catalog
from markupsafe import Markup
from pydantic import BaseModel

from privacy_notices.history import lock
from privacy_notices.site import published
from privacy_notices.site.published import LanguageEdit
from privacy_notices.data.errors import ErrorLog
from privacy_notices.history.changes import SummaryItem, summarize_changes
from privacy_notices.checks.pipeline import Checked, load_and_check
from privacy_notices.data.asof import statuses
from privacy_notices.i18n.extraction import target_languages, version_strings
from privacy_notices.data.project import NoticeSeries, NoticeVersion, Project
from privacy_notices.data.processing import Transfer
from privacy_notices.data.textcheck import excerpt
from privacy_notices.site.views import language_prefix


class ReportError(RuntimeError):
    """The base revision cannot be read: no git repository, an unknown revision, data outside it, links in it."""


def _git(folder: Path | str, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True)
    except FileNotFoundError:
        raise ReportError("git is not installed; the report reads the base revision through git") from None


def base_folder(top: Path, project_dir: Path, data_dir: Path) -> str:
    """Where the base's data is in the repository: where ``data_dir`` is, or the project's ``data/`` when it is elsewhere.

    A data folder outside the repository is a change's data read out of git
    (as a trusted checkout reads a pull request's), compared with the data the
    project keeps.

    >>> base_folder(Path("/repo"), Path("/repo/site"), Path("/repo/site/data"))
    'site/data'
    >>> base_folder(Path("/repo"), Path("/repo/site"), Path("/tmp/pull-request/data"))
    'site/data'
    """
    top = top.resolve()
    try:
        return data_dir.resolve().relative_to(top).as_posix()
    except ValueError:
        return (project_dir.resolve() / "data").relative_to(top).as_posix()


def base_data(project_dir: Path, data_dir: Path, revision: str, target: Path) -> Path | None:
    """The data folder as it is at ``revision``, written below ``target``; None when it did not exist there.

    Links in the base tree are refused rather than followed: a link committed
    to the base could point anywhere on the machine that writes the report.
    """
    found = _git(project_dir, "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        raise ReportError(f"{project_dir} is not in a git repository; the report reads the base revision through git: run it in a clone of the site's repository")
    top = Path(found.stdout.decode().strip()).resolve()
    if revision.startswith("-") or not revision.strip():
        raise ReportError(f"'{excerpt(revision, 60)}' is not a revision of the git repository at {top}")
    commit = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if commit.returncode != 0:
        raise ReportError(f"'{excerpt(revision, 60)}' is not a revision of the git repository at {top}")
    relative = base_folder(top, project_dir, data_dir)
    archive = _git(top, "archive", "--format=tar", commit.stdout.decode().strip(), "--", relative)
    if archive.returncode != 0:
        return None  # the data folder did not exist at the base revision
    try:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            links = [m.name for m in tar.getmembers() if not (m.isfile() or m.isdir())]
            if links:
                shown = ", ".join(excerpt(name, 80) for name in links[:3]) + (f" and {len(links) - 3} more" if len(links) > 3 else "")
                raise ReportError(
                    f"the data folder at {excerpt(revision, 60)} holds links ({shown}); links are not followed, "
                    "so its data cannot be read: replace them with the files in the base branch"
                )
            tar.extractall(target, filter="data")
    except (tarfile.TarError, OSError) as exc:
        raise ReportError(f"the data folder at {excerpt(revision, 60)} cannot be unpacked: {excerpt(str(exc), 120)}") from None
    return target / relative


@dataclass
class Coverage:
    """How much of one notice is translated into one language, before and after."""

    language: str
    required: bool
    before: int | None
    """Percent of the texts of its versions in force or upcoming, at the base; None when the notice did not exist."""
    after: int
    untranslated: list[str] = field(default_factory=list)
    """Texts without a current translation after the change that had one before, or are new."""


@dataclass
class VersionChange:
    """One version the change adds, edits or removes."""

    key: str
    effective: str
    change: str
    """added, edited or removed"""
    in_force: bool
    """Whether it had taken effect on the as-of day (an edit then needs a correction)."""
    corrections: list[str] = field(default_factory=list)
    """Corrections the change records for it."""
    summary: list[str] = field(default_factory=list)
    """The structured changes, in words."""
    previews: dict[str, str] = field(default_factory=dict)
    """Language → the version's page in the preview."""


@dataclass
class NoticeChange:
    entity: str
    notice: str
    title: str
    source_language: str
    versions: list[VersionChange]
    coverage: list[Coverage]
    unread: bool = False
    """Its files in the working tree have errors (among the problems): what the change does to it is not known."""


@dataclass
class PublishedEdit:
    """A version in force or archived whose pages say something else after the change, or that is gone."""

    key: str
    effective: str
    status: str
    """``current`` or ``archived`` on the as-of day."""
    change: str
    """``edited``, or ``removed`` (its file is gone)."""
    languages: list[LanguageEdit] = field(default_factory=list)
    """Each language whose page changed or went, with where the edit was made."""
    corrections: list[str] = field(default_factory=list)
    """Corrections the change records for it."""

    def grouped(self) -> list[tuple[list[str], str, list[str]]]:
        """(languages, change, causes): the languages that changed alike together, for one line of the comment.

        >>> edit = PublishedEdit("a/p/2025-01-01", "2025-01-01", "current", "edited", [LanguageEdit("en", "edited", ["site.yml"]),
        ...     LanguageEdit("fi", "edited", ["the translation"]), LanguageEdit("sv", "edited", ["site.yml"])])
        >>> edit.grouped()
        [(['en', 'sv'], 'edited', ['site.yml']), (['fi'], 'edited', ['the translation'])]
        """
        groups: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        for edit in self.languages:
            groups.setdefault((edit.change, tuple(edit.causes)), []).append(edit.language)
        return [(languages, change, list(causes)) for (change, causes), languages in groups.items()]


@dataclass
class LockEntryChange:
    """An entry of the base's lock file that the change's lock file drops or rewrites."""

    key: str
    language: str
    change: str
    """``removed`` or ``changed``."""
    locked_on: str
    """The day of the base's entry."""
    now: str | None = None
    """The day of the change's entry, when it has one."""
    same_text: bool = False
    """Whether the change's entry records the same text (only its day differs)."""


@dataclass
class LockBreak:
    """A text that changed since the base's lock recorded it, with no correction since: a publish build with
    the base's lock would refuse it, and the change's own lock lets it through."""

    key: str
    language: str
    locked_on: str


@dataclass
class FileChange:
    """A data file other than a version's: the lock, ``site.yml``, an ``entity.yml`` or a catalog."""

    path: str
    change: str
    """``added``, ``removed`` or ``changed``."""
    details: list[str] = field(default_factory=list)
    """What changed in it, in words."""


@dataclass
class Report:
    base: str
    as_of: str
    passes: bool
    problems: list[str]
    """Everything that would stop a publish build after the change."""
    new_problems: list[str]
    """Those the change brings."""
    new_warnings: list[str]
    fixed: int
    """Problems of the base that the change removes."""
    edited_in_force: list[PublishedEdit]
    """Every version in force or archived that says something else after the change, in any language, or is gone."""
    lock_entries: list[LockEntryChange]
    lock_breaks: list[LockBreak]
    files: list[FileChange]
    notices: list[NoticeChange]
    preview_url: str | None

    @property
    def holds_until(self) -> str | None:
        """The day the first upcoming version this change edits takes effect: merged from then on, it edits a version in force."""
        days = [v.effective for n in self.notices for v in n.versions if v.change == "edited" and not v.in_force]
        return min(days) if days else None

    @property
    def unchanged(self) -> bool:
        """Nothing a reviewer needs to see changed: no version, translation, lock entry or other data file."""
        return not (self.notices or self.edited_in_force or self.lock_entries or self.lock_breaks or self.files)


def _versions(project: Project | None) -> dict[str, NoticeVersion]:
    return {lock.key(v): v for v in project.all_versions()} if project else {}


def _problems(checked: Checked, root: Path) -> list[str]:
    return [e.format(root.parent) for e in (*checked.errors.sorted(), *checked.blockers.sorted())]


def _warnings(checked: Checked, root: Path) -> list[str]:
    return [f.format(root.parent) for f in checked.warnings]


def _label(value: Any) -> str:
    """What a summary item is about, in a few words: a title, a name, a transfer's destination."""
    if isinstance(value, str):
        return value
    if isinstance(value, Transfer):
        return f"{', '.join(value.destinations) or 'outside the EU/EEA'} ({value.mechanism})"
    for attribute in ("title", "name", "id"):
        found = getattr(value, attribute, None)
        if isinstance(found, str):
            return found
    return str(value)


_PARTS = {"transfer_country": ("countries", "the transfer to"), "transfer_recipient": ("recipients", "the transfer to"), "cookie_name": ("cookies", "the group of")}
"""Summary topics that say what was added to or removed from one item that stayed: what, and of which item."""


def describe(item: SummaryItem) -> str:
    """One structured change in words, for reviewers (the report is in English, like its template).

    >>> from privacy_notices.data.processing import Transfer
    >>> us = Transfer(country="US", recipients=["deskline"], mechanism="dpf")
    >>> describe(SummaryItem("transfer_recipient", "added", us, new=["Quill Analytics Inc."]))
    'recipients added to the transfer to US (dpf): Quill Analytics Inc.'
    """
    label = _label(item.label)
    if item.topic in _PARTS:
        what, owner = _PARTS[item.topic]
        direction = "added to" if item.change == "added" else "removed from"
        return f"{what} {direction} {owner} {label}: {_value(item.new if item.change == 'added' else item.old)}"
    if item.change in ("added", "removed"):
        return f"{item.topic.replace('_', ' ')} {item.change}: {label}"
    old = _value(item.old)
    new = _value(item.new)
    return f"{item.topic.replace('_', ' ')} changed for {label}: {old} → {new}"


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if hasattr(value, "model_dump"):
        parts = [f"{k} {v}" for k, v in value.model_dump(exclude_defaults=True).items()]
        return ", ".join(parts) or "none"
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v) for v in value) or "none"
    return str(value)


def _percent(done: int, total: int) -> int:
    return 100 if total == 0 else 100 * done // total


def _coverage(project: Project, checked: Checked, entity: str, notice: str, as_of: datetime.date) -> dict[str, tuple[int, dict[str, str]]]:
    """Language → (percent translated of the versions in force or upcoming, text → state) for one notice.

    The percent counts each text once per version, as ``notices i18n status`` does.
    """
    assert checked.catalogs is not None
    series = project.entities[entity].notices[notice]
    shown = [v for v, state in zip(series.versions, statuses([v.effective for v in series.versions], as_of)) if state != "archived"]
    out: dict[str, tuple[int, dict[str, str]]] = {}
    for language in sorted(target_languages(project, entity)):
        states: dict[str, str] = {}
        done = total = 0
        for version in shown:
            for text, _ in version_strings(version):
                states[text] = checked.catalogs.lookup(language, entity, text).state
                done += states[text] == "translated"
                total += 1
        if total:
            out[language] = (_percent(done, total), states)
    return out


def build(project_dir: Path, data_dir: Path, revision: str, as_of: datetime.date, preview_url: str | None = None) -> Report:
    """Compare ``data_dir`` (the working tree's data, or a change's read out of git elsewhere) with the data at ``revision``.

    Both sides are loaded partially (:attr:`Checked.loaded`): a file with
    errors hides only its own notice (or entity), and a version counts as
    removed only when its file is gone, never because it could not be read.
    """
    head = load_and_check(data_dir, as_of, None)
    with tempfile.TemporaryDirectory() as folder:
        base_root = base_data(project_dir, data_dir, revision, Path(folder))
        base = load_and_check(base_root, as_of, None) if base_root else None
        base_problems = set(_problems(base, base_root)) if base and base_root else set()
        base_warnings = set(_warnings(base, base_root)) if base and base_root else set()
        head_problems = _problems(head, data_dir)
        old = _Side(base.loaded if base else None, base_root)
        new = _Side(head.loaded, data_dir)
        notices: list[NoticeChange] = []
        by_notice: dict[str, list[str]] = {}
        for key in sorted({*old.versions, *new.versions}):
            by_notice.setdefault(key.rsplit("/", 1)[0], []).append(key)
        for notice_key, keys in by_notice.items():
            entity, notice = notice_key.split("/")
            unread = any(key not in new.versions and new.has_file(old.versions[key], old.root) for key in keys)
            changes = _version_changes(keys, old, new, as_of, preview_url)
            coverage = _notice_coverage(base, head, entity, notice, as_of)
            if not changes and not unread and not any(c.before != c.after or c.untranslated for c in coverage):
                continue
            series = new.series(entity, notice) or old.series(entity, notice)
            title = series.versions[-1].data.title if series else notice
            either = new.project or old.project
            language = either.language_of(entity) if either else ""
            notices.append(NoticeChange(entity, notice, title, language, changes, coverage, unread))
        edited_in_force = _published_edits(base, head, old, new, as_of)
        base_lock = lock.read_lock(base_root, ErrorLog()) if base_root else {}
        head_log = ErrorLog()
        head_lock = lock.read_lock(data_dir, head_log)
        lock_entries = [] if head_log else _lock_entries(base_lock, head_lock)
        lock_breaks = _lock_breaks(head, base_lock)
        files = _file_changes(base, head, base_root, data_dir, base_lock, None if head_log else head_lock)
    return Report(
        base=revision,
        as_of=as_of.isoformat(),
        passes=not head_problems,
        problems=head_problems,
        new_problems=[p for p in head_problems if p not in base_problems],
        new_warnings=[w for w in _warnings(head, data_dir) if w not in base_warnings],
        fixed=len(base_problems - set(head_problems)),
        edited_in_force=edited_in_force,
        lock_entries=lock_entries,
        lock_breaks=lock_breaks,
        files=files,
        notices=notices,
        preview_url=preview_url,
    )


def _published_edits(base: Checked | None, head: Checked, old: _Side, new: _Side, as_of: datetime.date) -> list[PublishedEdit]:
    """Every version in force or archived at the base whose pages say something else after the change, in any
    language and whatever file the edit was made in, or whose file is gone."""
    if base is None or base.loaded is None:
        return []
    before = published.pages(base.loaded, base.catalogs, as_of)
    after = published.pages(head.loaded, head.catalogs, as_of) if head.loaded else {}
    between = published.pages(head.loaded, base.catalogs, as_of) if head.loaded else {}
    old_entities = published.entity_data(base.loaded)
    new_entities = published.entity_data(head.loaded) if head.loaded else {}
    languages = base.loaded.site.all_languages
    out = []
    for key, version in sorted(old.versions.items()):
        if version.effective > as_of:
            continue
        series = old.series(version.entity, version.notice)
        assert series is not None
        state = statuses([v.effective for v in series.versions], as_of)[series.versions.index(version)]
        now = new.versions.get(key)
        if now is None:
            if not new.has_file(version, old.root):  # a file with errors is among the problems: what it says now is unknown
                out.append(PublishedEdit(key, version.effective.isoformat(), state, "removed"))
            continue
        entity_changed = old_entities[version.entity] != new_entities.get(version.entity)
        edits = published.compare(key, languages, before, after, between, entity_changed)
        if edits:
            known = {(c.date, c.text) for c in version.data.corrections}
            corrections = [f"{c.date.isoformat()}: {c.text}" for c in now.data.corrections if (c.date, c.text) not in known]
            out.append(PublishedEdit(key, version.effective.isoformat(), state, "edited", edits, corrections))
    return out


def _lock_entries(before: dict[str, dict[str, lock.LockEntry]], after: dict[str, dict[str, lock.LockEntry]]) -> list[LockEntryChange]:
    """The base's lock entries that the change's lock file drops or rewrites, by version and language.

    >>> a, b = lock.LockEntry("a" * 64, "2026-01-01"), lock.LockEntry("b" * 64, "2026-02-01")
    >>> [(c.key, c.language, c.change, c.now) for c in _lock_entries({"x/p/2025-01-01": {"en": a, "fi": a}}, {"x/p/2025-01-01": {"fi": b}})]
    [('x/p/2025-01-01', 'en', 'removed', None), ('x/p/2025-01-01', 'fi', 'changed', '2026-02-01')]
    """
    out = []
    for key, languages in sorted(before.items()):
        for language, entry in sorted(languages.items()):
            now = after.get(key, {}).get(language)
            if now is None:
                out.append(LockEntryChange(key, language, "removed", entry.locked_on))
            elif now != entry:
                out.append(LockEntryChange(key, language, "changed", entry.locked_on, now.locked_on, now.sha256 == entry.sha256))
    return out


def _lock_breaks(head: Checked, base_lock: dict[str, dict[str, lock.LockEntry]]) -> list[LockBreak]:
    """The change's data checked with the base's lock entries, as a publish build checks them; what the
    change's own lock already refuses is among the problems, so only what it lets through is listed."""
    if head.loaded is None or head.catalogs is None or not base_lock:
        return []
    found = lock.check(head.loaded, head.catalogs, datetime.date.today(), ErrorLog(), base_lock, {})
    refused = {(lock.key(v), language) for v, language, _ in head.changed_locks}
    return [LockBreak(lock.key(v), language, day) for v, language, day in found if (lock.key(v), language) not in refused]


_OTHER_FILES = re.compile(r"notices\.lock|site\.yml|entities/[^/]+/entity\.yml|locales/[^/]+/[^/]+\.po")
"""The data files besides the versions' that change what published pages say: each change to one is named."""


def _other_files(root: Path | None) -> dict[str, bytes]:
    """Name below ``root`` → contents of each file :data:`_OTHER_FILES` matches; links are neither followed nor read."""
    found: dict[str, bytes] = {}
    if root is None or not root.is_dir() or root.is_symlink():
        return found
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder) / name
            sub = path.relative_to(root).as_posix()
            if _OTHER_FILES.fullmatch(sub) and not path.is_symlink() and path.is_file():
                found[sub] = path.read_bytes()
    return found


def _file_changes(
    base: Checked | None, head: Checked, base_root: Path | None, data_dir: Path,
    base_lock: dict[str, dict[str, lock.LockEntry]], head_lock: dict[str, dict[str, lock.LockEntry]] | None,
) -> list[FileChange]:
    """Each data file besides the versions' that the change adds, removes or edits, with what changed in it."""
    before, after = _other_files(base_root), _other_files(data_dir)
    out = []
    for sub in sorted({*before, *after}, key=lambda name: (name.count("/"), name)):
        if before.get(sub) == after.get(sub):
            continue
        change = "added" if sub not in before else "removed" if sub not in after else "changed"
        details: list[str] = []
        if change == "changed":
            if sub == lock.LOCK_FILE:
                details = _lock_details(base_lock, head_lock)
            elif sub == "site.yml":
                details = _model_details(base.loaded.site if base and base.loaded else None, head.loaded.site if head.loaded else None)
            elif sub.startswith("entities/"):
                name = sub.split("/")[1]
                details = _model_details(_entity(base, name), _entity(head, name))
            else:
                language, domain = sub.removesuffix(".po").split("/")[1:]
                details = _catalog_details(_catalog(base, language, domain), _catalog(head, language, domain))
        out.append(FileChange(f"{data_dir.name}/{sub}", change, details))
    return out


def _entity(checked: Checked | None, name: str) -> BaseModel | None:
    record = checked.loaded.entities.get(name) if checked and checked.loaded else None
    return record.data if record else None


def _catalog(checked: Checked | None, language: str, domain: str) -> Catalog | None:
    loaded = checked.catalogs.loaded.get((language, domain)) if checked and checked.catalogs else None
    return loaded.catalog if loaded else None


def _lock_details(before: dict[str, dict[str, lock.LockEntry]], after: dict[str, dict[str, lock.LockEntry]] | None) -> list[str]:
    if after is None:
        return ["it cannot be read (among the problems)"]
    old, new = _pairs(before), _pairs(after)
    counts = [
        (sum(1 for k in new if k not in old), "added"),
        (sum(1 for k in old if k not in new), "removed"),
        (sum(1 for k in old if k in new and old[k] != new[k]), "changed"),
    ]
    return [f"{n} entr{'ies' if n != 1 else 'y'} {what}" for n, what in counts if n] or ["no entry changed (layout only)"]


def _pairs(entries: dict[str, dict[str, lock.LockEntry]]) -> dict[tuple[str, str], lock.LockEntry]:
    return {(key, language): entry for key, languages in entries.items() for language, entry in languages.items()}


def _model_details(before: BaseModel | None, after: BaseModel | None) -> list[str]:
    """The fields a change of ``site.yml`` or an ``entity.yml`` edits, when both sides could be read."""
    if before is None or after is None:
        return []
    changed = _changed_fields(before.model_dump(mode="json"), after.model_dump(mode="json"))
    return [", ".join(changed)] if changed else ["no value changed (comments or layout only)"]


def _changed_fields(before: Any, after: Any, prefix: str = "") -> list[str]:
    """Dotted names of the values that differ, down to the fields of nested mappings.

    >>> _changed_fields({"a": {"b": 1, "c": 2}, "d": [1], "e": 3}, {"a": {"b": 1, "c": 5}, "d": [2], "e": 3})
    ['a.c', 'd']
    """
    if not (isinstance(before, dict) and isinstance(after, dict)):
        return [prefix.rstrip(".")] if before != after else []
    out: list[str] = []
    for name in dict.fromkeys([*before, *after]):
        out += _changed_fields(before.get(name), after.get(name), f"{prefix}{name}.")
    return out


def _translated(catalog: Catalog) -> dict[Any, Any]:
    """msgid → translation of every entry that is translated and not fuzzy (the header left out)."""
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def _catalog_details(before: Catalog | None, after: Catalog | None) -> list[str]:
    """How many translations a change of a catalog edits, adds and withdraws, when both sides could be read."""
    if before is None or after is None:
        return []
    old, new = _translated(before), _translated(after)
    counts = [
        (sum(1 for k in old if k in new and old[k] != new[k]), "changed"),
        (sum(1 for k in new if k not in old), "added"),
        (sum(1 for k in old if k not in new), "withdrawn (removed, emptied or marked fuzzy)"),
    ]
    found = [f"{n} translation{'s' if n != 1 else ''} {what}" for n, what in counts if n]
    return found or ["no translation changed (untranslated entries, comments or the header only)"]


@dataclass
class _Side:
    """One side of the comparison: what loaded of a data folder, and the folder itself."""

    project: Project | None
    root: Path | None
    versions: dict[str, NoticeVersion] = field(init=False)

    def __post_init__(self) -> None:
        self.versions = _versions(self.project)

    def series(self, entity: str, notice: str) -> NoticeSeries | None:
        record = self.project.entities.get(entity) if self.project else None
        return record.notices.get(notice) if record else None

    def has_file(self, version: NoticeVersion, other_root: Path | None) -> bool:
        """Whether the file of ``version`` (loaded from the other side, under ``other_root``) is on this side, read or not."""
        if self.root is None or other_root is None:
            return False
        return (self.root / version.path.relative_to(other_root)).exists()


def _version_changes(keys: list[str], old: _Side, new: _Side, as_of: datetime.date, preview_url: str | None) -> list[VersionChange]:
    """What happened to each of one notice's versions (``keys``, oldest first); unchanged and unread ones are left out."""
    out = []
    for key in keys:
        before, after = old.versions.get(key), new.versions.get(key)
        if before and after and lock.canonical_text(before.data) == lock.canonical_text(after.data):
            continue  # the same text (comments and layout may differ)
        if before and not after and new.has_file(before, old.root):
            continue  # its file is there but has errors: the problems say so, and nothing is known of the change
        unread_before = after is not None and before is None and old.has_file(after, new.root)
        change = "added" if before is None and not unread_before else "removed" if after is None else "edited"
        version = after or before
        assert version is not None
        item = VersionChange(key, version.effective.isoformat(), change, in_force=version.effective <= as_of)
        if before and after:
            known = {(c.date, c.text) for c in before.data.corrections}
            item.corrections = [f"{c.date.isoformat()}: {c.text}" for c in after.data.corrections if (c.date, c.text) not in known]
            item.summary = [describe(s) for s in summarize_changes(before.data, after.data)] or ["wording changed; no structured change"]
        elif unread_before:
            item.summary = ["its file had errors at the base, so it is not compared"]
        elif after and new.project is not None:
            series = new.project.entities[after.entity].notices[after.notice]
            index = series.versions.index(after)
            item.summary = [describe(s) for s in summarize_changes(series.versions[index - 1].data, after.data)] if index else ["first version of this notice"]
        if after and preview_url and new.project is not None:
            item.previews = _previews(preview_url, new.project, after)
        out.append(item)
    return out


def _notice_coverage(base: Checked | None, head: Checked, entity: str, notice: str, as_of: datetime.date) -> list[Coverage]:
    if head.loaded is None or head.catalogs is None or entity not in head.loaded.entities or notice not in head.loaded.entities[entity].notices:
        return []
    after = _coverage(head.loaded, head, entity, notice, as_of)
    before: dict[str, tuple[int, dict[str, str]]] = {}
    if base and base.loaded and base.catalogs and entity in base.loaded.entities and notice in base.loaded.entities[entity].notices:
        before = _coverage(base.loaded, base, entity, notice, as_of)
    required = set(head.loaded.site.required_languages)
    out = []
    for language, (percent, states) in after.items():
        old_percent, old_states = before.get(language, (None, {}))
        lost = [text for text, state in states.items() if state != "translated" and old_states.get(text) in (None, "translated")]
        out.append(Coverage(language, language in required, old_percent, percent, lost))
    return out


ZWSP = "\u200b"
"""Zero-width space: GitHub finds mentions, issue references, emoji and bare addresses in the text
of the rendered comment, after Markdown, so no escape reaches them (github/markup#1168,
github/cmark-gfm#181: ``\\@user`` and ``&#64;user`` still mention; in comments GitHub links
e-mail addresses at that stage too). A zero-width space around ``@`` and after ``#``, ``GH-``
or a ``:`` breaks each pattern and is not seen."""

_GFM_SIGNIFICANT = re.compile(r"[\\`*_~\[\]<>&|#@!$\"'()]")
"""ASCII punctuation that can open or close GFM structure anywhere in a line: escapes, code,
emphasis, strike-through, links and images, HTML and autolinks, entities, table cells, math,
headings' closing ``#``. Written as numeric character references, which CommonMark reads as literal
text in paragraphs, headings and table cells alike, and HTML reads as text in an HTML block
(``<summary>``), so one escaping is right wherever the template puts a value."""

_GITHUB_LINKS = re.compile(r"(?=@)|(?<=[@#])|(?<=\bGH-)(?=\d)|(?<=:)(?=//)|(?<=www)(?=\.)|(?<=:)(?=[\w+-]*[A-Za-z][\w+-]*:)", re.IGNORECASE)
"""Where GitHub's own text filters would start a mention (@user, @org/team), an issue reference
(#1, owner/repo#1, GH-1), an autolink (https://…, www.…, user@host) or an emoji (:name:)."""


def inline(value: object) -> Markup:
    """Any value from the data, the command line or git as inert text on one line of the comment.

    Every ``{{ … }}`` of the report template passes through here (the
    environment's ``finalize``): nothing printed there can make a link, an
    image, HTML, a heading, emphasis, a table cell, a mention or a reference.

    >>> print(inline("@team see #12 *now* | <b>\\n![x](https://a.example)").replace(ZWSP, "{ZWSP}"))
    {ZWSP}&#64;{ZWSP}team see &#35;{ZWSP}12 &#42;now&#42; &#124; &#60;b&#62; &#33;&#91;x&#93;&#40;https:{ZWSP}//a.example&#41;
    """
    if isinstance(value, Markup):
        return value
    text = " ".join(str(value).split())
    text = "".join("\ufffd" if unicodedata.category(c) == "Cc" else c for c in text)
    text = _GITHUB_LINKS.sub(ZWSP, text)
    return Markup(_GFM_SIGNIFICANT.sub(lambda m: f"&#{ord(m.group())};", text))


_PREVIEW_URL = re.compile(r"https://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~%/-]*)?")
"""A preview address the report may link to: https, a host, an optional port and a path of
unreserved characters, no query, fragment, spaces, parentheses or brackets that could end a link."""


def check_preview_url(url: str) -> str:
    """Refuse a preview address that is not https or holds anything Markdown could read as structure.

    >>> check_preview_url("https://acme.github.io/site/pr-preview/pr-12/")
    'https://acme.github.io/site/pr-preview/pr-12/'
    >>> check_preview_url("https://a.example/)![p](https://evil.example/p.png")
    Traceback (most recent call last):
    ValueError: expected an https:// address of letters, digits and . _ ~ % / - (no query, fragment, spaces or brackets), found 'https://a.example/)![p](https://evil.example/p.png'
    """
    if not _PREVIEW_URL.fullmatch(url):
        raise ValueError(f"expected an https:// address of letters, digits and . _ ~ % / - (no query, fragment, spaces or brackets), found '{excerpt(url, 100)}'")
    return url


def _link_target(url: str) -> Markup:
    """A link destination the template builds: only a checked preview address (or one made from it) gets in."""
    return Markup(check_preview_url(url))


def _previews(preview_url: str, project: Project, version: NoticeVersion) -> dict[str, str]:
    """Language → the version's page in the preview; the parts are slugs and dates, checked when loaded."""
    source = project.site.source_language
    return {
        lang: f"{preview_url.rstrip('/')}/{language_prefix(lang, source)}{version.entity}/{version.notice}/{version.effective.isoformat()}/"
        for lang in project.languages_of(version.entity)
    }


def render_markdown(report: Report, templates: Path) -> str:
    """The report as a pull-request comment: every value inert (:func:`inline`), each notice folded when there are several."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)), autoescape=False, finalize=inline,
        trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
    )
    env.filters["link_target"] = _link_target
    return env.get_template("report.md.j2").render(report=report, fold=len(report.notices) > 1)


def render_json(report: Report) -> str:
    return json.dumps(asdict(report), indent=2, ensure_ascii=False) + "\n"
