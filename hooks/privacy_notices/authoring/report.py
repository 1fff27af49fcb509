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

This module is the command: it reads the base, has :mod:`.report_compare`
and :mod:`.report_files` fill a :class:`.report_model.Report`, and writes it
out, every value through :func:`.inert_markdown.inline`.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import subprocess
import tarfile
import tempfile
from dataclasses import asdict
from pathlib import Path

import jinja2
from markupsafe import Markup

from privacy_notices.authoring.inert_markdown import inline
from privacy_notices.authoring import report_compare
from privacy_notices.authoring.report_compare import Side, problems_of, warnings_of
from privacy_notices.authoring.report_files import file_changes
from privacy_notices.authoring.report_model import NoticeChange, Report, VersionChange
from privacy_notices.checks.pipeline import load_and_check
from privacy_notices.data.errors import ErrorLog
from privacy_notices.data.project import NoticeVersion, Project
from privacy_notices.data.textcheck import excerpt
from privacy_notices.history import lock
from privacy_notices.site.urls import language_prefix


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
        base_problems = set(problems_of(base, base_root)) if base and base_root else set()
        base_warnings = set(warnings_of(base, base_root)) if base and base_root else set()
        head_problems = problems_of(head, data_dir)
        old = Side(base.loaded if base else None, base_root)
        new = Side(head.loaded, data_dir)
        notices: list[NoticeChange] = []
        by_notice: dict[str, list[str]] = {}
        for key in sorted({*old.versions, *new.versions}):
            by_notice.setdefault(key.rsplit("/", 1)[0], []).append(key)
        for notice_key, keys in by_notice.items():
            entity, notice = notice_key.split("/")
            unread = any(key not in new.versions and new.has_file(old.versions[key], old.root) for key in keys)
            changes = _with_previews(report_compare.version_changes(keys, old, new, as_of), preview_url, new)
            coverage = report_compare.notice_coverage(base, head, entity, notice, as_of)
            if not changes and not unread and not any(c.before != c.after or c.untranslated for c in coverage):
                continue
            series = new.series(entity, notice) or old.series(entity, notice)
            title = series.versions[-1].data.title if series else notice
            either = new.project or old.project
            language = either.language_of(entity) if either else ""
            notices.append(NoticeChange(entity, notice, title, language, changes, coverage, unread))
        edited_in_force = report_compare.published_edits(base, head, old, new, as_of)
        base_lock = lock.read_lock(base_root, ErrorLog()) if base_root else {}
        head_log = ErrorLog()
        head_lock = lock.read_lock(data_dir, head_log)
        lock_entries = [] if head_log else report_compare.lock_entries(base_lock, head_lock)
        lock_breaks = report_compare.lock_breaks(head, base_lock)
        files = file_changes(base, head, base_root, data_dir, base_lock, None if head_log else head_lock)
    return Report(
        base=revision,
        as_of=as_of.isoformat(),
        passes=not head_problems,
        problems=head_problems,
        new_problems=[p for p in head_problems if p not in base_problems],
        new_warnings=[w for w in warnings_of(head, data_dir) if w not in base_warnings],
        fixed=len(base_problems - set(head_problems)),
        edited_in_force=edited_in_force,
        lock_entries=lock_entries,
        lock_breaks=lock_breaks,
        files=files,
        notices=notices,
        preview_url=preview_url,
    )


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


def _with_previews(changes: list[VersionChange], preview_url: str | None, new: Side) -> list[VersionChange]:
    """``changes`` with links to each version's pages in the preview, where there is one and the version still is."""
    if preview_url and new.project is not None:
        for item in changes:
            if item.key in new.versions:
                item.previews = _previews(preview_url, new.project, new.versions[item.key])
    return changes


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
