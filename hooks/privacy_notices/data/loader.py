"""Load the whole ``data/`` folder into a :class:`Project`, collecting every error.

Nothing here stops at the first problem: each file is checked on its own,
then references between files are checked, and the caller gets either a
complete project or the full list of what to fix.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
from pathlib import Path

from privacy_notices.data import paths, vocab
from privacy_notices.data.consistency import check_entity_languages, check_parties, check_references, check_version
from privacy_notices.data.errors import ErrorLog
from privacy_notices.data.model import NOTICE_KINDS, Entity, Site
from privacy_notices.data.project import EntityRecord, NoticeSeries, NoticeVersion, Project
from privacy_notices.data.reuse import Reuse, files_under
from privacy_notices.data.textcheck import excerpt
from privacy_notices.data.validation import suggest, validate
from privacy_notices.data.yamlsource import EARLIEST_YEAR, LATEST_YEAR, YamlDocument, load_yaml

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
"""A folder name of the data: it is part of web addresses."""
_DATE_NAME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")

RESERVED_NAMES: dict[str, str] = {
    "assets": "Material's scripts, styles and images are there",
    "search": "the search index is there",
    "schema": "the schema of every notice.json is there",
    "404": "the page for an address that does not exist is there",
    "feed": "the feeds are there",
    "sitemap": "the sitemap is there",
    "index": "MkDocs names the page of every folder index",
    "stylesheets": "Material's documentation puts a site's own styles there",
    "javascripts": "Material's documentation puts a site's own scripts there",
    "pr-preview": "the previews of pull requests are published there, and closing a pull request deletes its folder there",
}
"""Addresses the site itself uses at its root, each with what is there: an entity folder may not take one of them."""


def load_project(root: Path, reuse: Reuse | None = None, partial: bool = False) -> tuple[Project | None, ErrorLog]:
    """Load and check ``root`` (the data folder). The project is None when anything is wrong.

    With ``partial``, the project holds everything that loaded without errors (it is None only
    when site.yml cannot be read), so that the checks that need loaded data (translations, the
    rules) still report on every other file in the same run; :attr:`Project.skipped` names what
    was left out. Nothing is built from a partial project. With ``reuse`` (one ``mkdocs serve``),
    an entity whose files did not change is not parsed again.
    """
    log = ErrorLog()
    if not root.is_dir():
        log.add(root, 1, 1, "", f"the data folder does not exist (looked for {root.resolve()}); create it with a site.yml and an entities/ folder")
        return None, log
    site, site_doc = _load_site(root, log)
    entities: dict[str, EntityRecord] = {}
    entities_dir = root / "entities"
    refused = paths.exists(entities_dir) and paths.refuse(entities_dir, root, log, folder=True)
    if not refused and not entities_dir.is_dir():
        log.add(entities_dir, 1, 1, "", "the entities/ folder is missing; every entity has a folder there")
    elif not refused:
        for entity_dir in _subfolders(entities_dir, root, log):
            if reuse is None:
                record = _load_entity(root, entity_dir, log)
            else:
                record = reuse.load(("entity", entity_dir), files_under(entity_dir), log, functools.partial(_load_entity, root, entity_dir))
            if record is not None:
                entities[record.id] = record
        if not entities and not log:
            log.add(entities_dir, 1, 1, "", "no entities found; add a folder with an entity.yml")
    check_references(entities, log)
    if site is not None:
        _check_entity_names(site, root, log)
        check_entity_languages(site, entities, log)
    if site is None or (log and not partial):
        return None, log
    skipped = [name for name in _folders(root, notices=False) if name not in entities]
    for name in _folders(root, notices=True):
        entity, _, notice = name.partition("/")
        if entity in entities and notice not in entities[entity].notices:
            skipped.append(name)
    return Project(root=root, site=site, entities=entities, site_doc=site_doc, skipped=sorted(skipped)), log


def _check_entity_names(site: Site, root: Path, log: ErrorLog) -> None:
    """An entity's folder is its address: it may not be a language's folder or an address the site uses."""
    languages = set(vocab.interface_languages()) | set(site.all_languages)
    entities_dir = root / "entities"
    for name in _folders(root, notices=False):
        if name in languages:
            log.add(entities_dir / name, 1, 1, "", f"the folder name '{name}' is a language code, and /{name}/ holds the pages in that language; rename the folder")
        elif name in RESERVED_NAMES:
            log.add(entities_dir / name, 1, 1, "", reserved(name) + "; rename the folder")


def reserved(name: str) -> str:
    """Why an entity may not be named ``name``, an address the site uses.

    >>> reserved("pr-preview")
    "the folder name 'pr-preview' is an address the site itself uses (/pr-preview/: the previews of pull requests are published there, and closing a pull request deletes its folder there)"
    """
    return f"the folder name '{name}' is an address the site itself uses (/{name}/: {RESERVED_NAMES[name]})"


def _subfolders(folder: Path, root: Path, log: ErrorLog | None = None) -> list[Path]:
    """The folders in ``folder``, in name order; a link among them that may not be followed is left out (and reported to ``log``).

    Other files are not read, and a dangling link is reported rather than
    passed over: a folder that vanishes without a word would be a notice
    that silently stops being published.
    """
    found = []
    for entry in sorted(folder.iterdir()):
        if entry.is_symlink():
            refusal = paths.problem(entry, root, folder=True)
            if refusal is not None:
                if log is not None:
                    log.add(refusal.path, 1, 1, "", refusal.reason)
                continue
        if entry.is_dir():
            found.append(entry)
    return found


def _folders(root: Path, notices: bool) -> list[str]:
    """Entity folders (``acme``), or with ``notices`` notice folders (``acme/privacy``), loaded or not: a reference to one of them
    is not unknown. Only what may be read counts: the names in a folder a link leads out to are never shown."""
    entities_dir = root / "entities"
    if not entities_dir.is_dir() or paths.problem(entities_dir, root, folder=True):
        return []
    names = []
    for entity_dir in _subfolders(entities_dir, root):
        if not notices:
            names.append(entity_dir.name)
            continue
        notices_dir = entity_dir / "notices"
        if notices_dir.is_dir() and not paths.problem(notices_dir, root, folder=True):
            names += [f"{entity_dir.name}/{notice_dir.name}" for notice_dir in _subfolders(notices_dir, root)]
    return sorted(names)


def _load_site(root: Path, log: ErrorLog) -> tuple[Site | None, YamlDocument | None]:
    path = root / "site.yml"
    if not paths.exists(path):
        log.add(path, 1, 1, "", "site.yml is missing; it gives the site's name and languages")
        return None, None
    if paths.refuse(path, root, log):
        return None, None
    doc = load_yaml(path, log)
    return (validate(doc, Site, log, context="the site settings") if doc else None), doc


def _load_entity(root: Path, entity_dir: Path, log: ErrorLog) -> EntityRecord | None:
    entity_file = entity_dir / "entity.yml"
    if not SLUG.match(entity_dir.name):
        log.add(entity_dir, 1, 1, "", f"folder name '{excerpt(entity_dir.name)}' is used in web addresses: use lower-case letters, digits and hyphens")
        return None
    if not paths.exists(entity_file):
        log.add(entity_file, 1, 1, "", f"entity.yml is missing in entity folder '{entity_dir.name}'")
        return None
    if paths.refuse(entity_file, root, log):
        return None
    doc = load_yaml(entity_file, log)
    entity = validate(doc, Entity, log, context="an entity") if doc else None
    notices: dict[str, NoticeSeries] = {}
    notices_dir = entity_dir / "notices"
    if paths.exists(notices_dir) and not paths.refuse(notices_dir, root, log, folder=True) and notices_dir.is_dir():
        for notice_dir in _subfolders(notices_dir, root, log):
            series = _load_series(root, entity_dir.name, notice_dir, log)
            if series is not None:
                notices[series.id] = series
    if entity is None:
        return None
    return EntityRecord(id=entity_dir.name, path=entity_file, data=entity, notices=notices, doc=doc)


def version_date(path: Path) -> tuple[datetime.date | None, str]:
    """The effective date a version file's name gives, or why it gives none.

    >>> version_date(Path("2024-03-01.yml"))
    (datetime.date(2024, 3, 1), '')
    >>> version_date(Path("2023-02-30.yml"))[1]
    "'2023-02-30' is not a real date: February 2023 has 28 days"
    >>> version_date(Path("0000-01-01.yml"))[1]
    "'0000-01-01' is outside the years 1970–2199; check the year in the file name"
    >>> version_date(Path("latest.yml"))[1]
    "a version file is named after the date it takes effect, as YYYY-MM-DD.yml; found 'latest.yml'"
    """
    match = _DATE_NAME.match(path.stem)
    if not match or path.suffix != ".yml":
        return None, f"a version file is named after the date it takes effect, as YYYY-MM-DD.yml; found '{excerpt(path.name)}'"
    year, month, day = (int(g) for g in match.groups())
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return None, f"'{path.stem}' is outside the years {EARLIEST_YEAR}–{LATEST_YEAR}; check the year in the file name"
    if not 1 <= month <= 12:
        return None, f"'{path.stem}' is not a real date: there is no month {month}"
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        month_name = calendar.month_name[month]
        return None, f"'{path.stem}' is not a real date: {month_name} {year} has {last} days"
    return datetime.date(year, month, day), ""


def _load_series(root: Path, entity: str, notice_dir: Path, log: ErrorLog) -> NoticeSeries | None:
    if not SLUG.match(notice_dir.name):
        log.add(notice_dir, 1, 1, "", f"folder name '{excerpt(notice_dir.name)}' is used in web addresses: use lower-case letters, digits and hyphens")
        return None
    versions: list[NoticeVersion] = []
    # Not only regular files: a link to nothing, a FIFO or a device named like a version is refused below, not passed over.
    files = sorted(p for p in notice_dir.iterdir() if p.suffix in (".yml", ".yaml") and not p.is_dir())
    if not files:
        log.add(notice_dir, 1, 1, "", "the notice folder has no version files; add one named YYYY-MM-DD.yml")
        return None
    for path in files:
        effective, problem = version_date(path)
        if effective is None:
            log.add(path, 1, 1, "", problem)
            continue
        if paths.refuse(path, root, log):
            continue
        version = _load_version(entity, notice_dir.name, effective, path, log)
        if version is not None:
            versions.append(version)
    if not versions or len(versions) != len(files):
        return None
    kinds = {v.data.kind for v in versions}
    if len(kinds) > 1:
        first = versions[0]
        for v in versions[1:]:
            if v.data.kind != first.data.kind:
                line, col = v.doc.mark(("kind",))
                log.add(v.path, line, col, "kind", f"every version of a notice has the same kind: '{first.data.kind}' in {first.path.name}, '{v.data.kind}' here")
        return None
    for previous, v in zip(versions, versions[1:]):
        if v.data.changes is None:
            line, col = v.doc.mark(())
            log.add(v.path, line, col, "", f"required field 'changes' is missing: say what changed since the version of {previous.effective.isoformat()}")
    return NoticeSeries(entity=entity, id=notice_dir.name, kind=versions[0].data.kind, versions=versions)


def _load_version(entity: str, notice: str, effective: datetime.date, path: Path, log: ErrorLog) -> NoticeVersion | None:
    doc = load_yaml(path, log)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        validate(doc, NOTICE_KINDS["controller"], log, context="a notice version")
        return None
    kind = doc.data.get("kind")
    kinds = list(NOTICE_KINDS)
    if kind is None:
        line, col = doc.mark(())
        log.add(path, line, col, "", f"required field 'kind' is missing; expected one of: {', '.join(kinds)}")
        return None
    if kind not in NOTICE_KINDS:
        line, col = doc.mark(("kind",))
        shown = f"'{kind}'" if isinstance(kind, str) else str(kind)
        log.add(path, line, col, "kind", f"unknown notice kind {shown}" + suggest(str(kind), kinds) + f"; expected one of: {', '.join(kinds)}")
        return None
    before = len(log)
    check_parties(doc, log)
    data = validate(doc, NOTICE_KINDS[kind], log, context=f"a {kind} notice")
    if data is None:
        return None
    version = NoticeVersion(entity=entity, notice=notice, effective=effective, path=path, data=data, doc=doc)
    check_version(version, log)
    return version if len(log) == before else None
