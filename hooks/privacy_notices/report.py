"""What a pull request changes, for the legal reviewer: ``notices report --base REV``.

The data and catalogs at the base revision are read through git (``git
archive`` of the data folder into a temporary folder, never a second
checkout) and checked exactly as the working tree is. The data compared with
them need not be in the working tree: a pull request's data read out of git
into another folder, with the report written by the base's own code, is how
the pull-request workflow keeps the pull request's code out of its verdict. The report then says
which notices, versions and languages change, calls out first any edit of a
version already in force, gives each version's structured change summary and
its preview links, translation coverage per language before and after, the
validation and compliance findings this change brings, and whether a publish
build would pass. It is Markdown for a pull-request comment (the template is
``theme/notices/report.md.j2`` of this package) or JSON for other tools.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import subprocess
import tarfile
import tempfile
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import lock
from .changes import SummaryItem, summarize_changes
from .checks import Checked, load_and_check
from .asof import statuses
from .i18n import target_languages, version_strings
from .loader import NoticeSeries, NoticeVersion, Project
from .model import Transfer
from .textcheck import excerpt
from .views import language_prefix


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
    edited_in_force: list[VersionChange]
    notices: list[NoticeChange]
    preview_url: str | None


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

    >>> from privacy_notices.model import Transfer
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
        edited_in_force: list[VersionChange] = []
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
            edited_in_force += [c for c in changes if c.change in ("edited", "removed") and c.in_force]
    return Report(
        base=revision,
        as_of=as_of.isoformat(),
        passes=not head_problems,
        problems=head_problems,
        new_problems=[p for p in head_problems if p not in base_problems],
        new_warnings=[w for w in _warnings(head, data_dir) if w not in base_warnings],
        fixed=len(base_problems - set(head_problems)),
        edited_in_force=edited_in_force,
        notices=notices,
        preview_url=preview_url,
    )


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
