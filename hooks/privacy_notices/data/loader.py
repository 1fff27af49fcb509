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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from privacy_notices.data import paths, textcheck, vocab
from privacy_notices.data.errors import ErrorLog, format_where
from privacy_notices.data.reuse import Reuse, files_under
from privacy_notices.data.fields import TOPICS
from privacy_notices.data.model import NOTICE_KINDS, Entity, NoticeBase, ProcessorNotice, Site
from privacy_notices.data.walk import text_fields
from privacy_notices.data.rights import derived_rights
from privacy_notices.data.textcheck import excerpt
from privacy_notices.data.validation import suggest, validate
from privacy_notices.data.yamlsource import EARLIEST_YEAR, LATEST_YEAR, Loc, YamlDocument, load_yaml

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


@dataclass
class NoticeVersion:
    """One dated version file of a notice."""

    entity: str
    """Folder name of the entity."""
    notice: str
    """Folder name of the notice."""
    effective: datetime.date
    """The date it takes effect: the file's name."""
    path: Path
    data: NoticeBase
    doc: YamlDocument = field(repr=False)
    """Where each value was written, for errors found after loading."""
    _texts: list[tuple[tuple[str | int, ...], str, bool]] | None = field(default=None, init=False, repr=False, compare=False)

    def texts(self) -> list[tuple[tuple[str | int, ...], str, bool]]:
        """:func:`text_fields` of the version, walked once: a version does not change once loaded."""
        if self._texts is None:
            self._texts = list(text_fields(self.data))
        return self._texts


@dataclass
class NoticeSeries:
    """All versions of one notice, oldest first."""

    entity: str
    id: str
    kind: str
    versions: list[NoticeVersion]


@dataclass
class EntityRecord:
    """An entity with its notices."""

    id: str
    path: Path
    data: Entity
    notices: dict[str, NoticeSeries]
    doc: YamlDocument | None = field(default=None, repr=False)
    """Where each value of entity.yml was written."""


@dataclass
class Project:
    """Everything in ``data/``, validated."""

    root: Path
    """The data folder."""
    site: Site
    entities: dict[str, EntityRecord]
    site_doc: YamlDocument | None = field(default=None, repr=False)
    """Where each value of site.yml was written."""
    skipped: list[str] = field(default_factory=list)
    """Entities and notices (``entity`` or ``entity/notice``) whose files have errors: a partial project
    (see :func:`load_project`) leaves them out, and every check that runs on it says so."""

    def series(self, ref: str, from_entity: str) -> NoticeSeries | None:
        """Resolve ``notice`` or ``entity/notice`` as written in a data file."""
        entity, _, notice = ref.rpartition("/")
        record = self.entities.get(entity or from_entity)
        return record.notices.get(notice) if record else None

    def language_of(self, domain: str) -> str:
        """The language a catalog domain's texts are written in: an entity's own, or the site's source language."""
        record = self.entities.get(domain)
        return (record.data.language if record else None) or self.site.source_language

    def languages_of(self, entity: str) -> list[str]:
        """The languages an entity publishes in, in the site's order."""
        record = self.entities.get(entity)
        chosen = record.data.languages if record else []
        return [lang for lang in self.site.all_languages if not chosen or lang in chosen]

    def publishes(self, entity: str, language: str) -> bool:
        return language in self.languages_of(entity)

    def sources(self) -> dict[str, str]:
        """Every catalog domain (the site and each entity) → the language its texts are written in."""
        return {"site": self.site.source_language, **{name: self.language_of(name) for name in self.entities}}

    def incomplete(self, entity: str) -> bool:
        """Whether one of the entity's notices was left out for errors (a partial project): what it says is unknown."""
        return any(name.startswith(entity + "/") for name in self.skipped)

    def all_versions(self) -> list[NoticeVersion]:
        return [v for e in self.entities.values() for s in e.notices.values() for v in s.versions]


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
    _check_references(entities, log)
    if site is not None:
        _check_entity_names(site, root, log)
        _check_entity_languages(site, entities, log)
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


def _check_entity_languages(site: Site, entities: dict[str, EntityRecord], log: ErrorLog) -> None:
    """An entity writes in one of the site's languages and publishes in some of them, its own among them."""
    published = site.all_languages
    listing = ", ".join(published)
    for record in entities.values():
        data, mark = record.data, (record.doc.mark if record.doc else (lambda loc, key=False: (1, 1)))
        own = data.language or site.source_language
        if data.language and data.language not in published:
            log.add(record.path, *mark(("language",)), "language", f"'{data.language}' is not one of the site's languages ({listing}); add it to 'languages' in site.yml, or write in one of them")
        for i, lang in enumerate(data.languages):
            if lang not in published:
                log.add(record.path, *mark(("languages", i)), f"languages[{i}]", f"'{lang}' is not one of the site's languages ({listing}); an entity publishes in some of them")
            elif lang in data.languages[:i]:
                log.add(record.path, *mark(("languages", i)), f"languages[{i}]", f"'{lang}' is listed twice; list each language once")
        if data.languages and own not in data.languages:
            where = "its 'language'" if data.language else "the site's source language, which it writes in"
            log.add(record.path, *mark(("languages",)), "languages", f"'languages' must include '{own}', {where}: the original is always published; found {', '.join(data.languages)}")
        if data.language_changes and data.language_changes[-1].to != own:
            i = len(data.language_changes) - 1
            log.add(
                record.path, *mark(("language_changes", i, "to")), f"language_changes[{i}].to",
                f"the last change of language is to '{data.language_changes[-1].to}', but the entity writes in '{own}'; "
                "change the language with `notices i18n swap`, which records it here",
            )


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
    _check_parties(doc, log)
    data = validate(doc, NOTICE_KINDS[kind], log, context=f"a {kind} notice")
    if data is None:
        return None
    version = NoticeVersion(entity=entity, notice=notice, effective=effective, path=path, data=data, doc=doc)
    _check_version(version, log)
    return version if len(log) == before else None


def _error(version: NoticeVersion, loc: Loc, message: str, log: ErrorLog) -> None:
    line, col = version.doc.mark(loc)
    log.add(version.path, line, col, format_where(loc), message)


def _check_version(version: NoticeVersion, log: ErrorLog) -> None:
    """Checks within one version file that the models cannot express."""
    data = version.data
    if data.published and data.published > version.effective:
        _error(version, ("published",), f"the publication date {data.published.isoformat()} is after the date this version takes effect ({version.effective.isoformat()}, from the file name)", log)
    for i, correction in enumerate(data.corrections):
        if correction.date < version.effective:
            _error(version, ("corrections", i, "date"), f"a correction dated {correction.date.isoformat()} is earlier than the version itself ({version.effective.isoformat()}); change the text before it takes effect without a correction", log)
    _check_statements_and_rights(version, log)
    if data.layout is not None:
        known = [*TOPICS, "in-brief", "dpo", "representative", "joint-controllers", *(s.id for s in data.sections), *(f"section-{s.id}" for s in data.sections)]
        for i, anchor in enumerate(data.layout.order):
            if anchor not in known:
                _error(version, ("layout", "order", i), f"unknown section '{excerpt(anchor)}'" + suggest(anchor, known) + "; list topics (controller, activities, rights…), dpo, representative, joint-controllers, or ids of this notice's sections", log)
    if data.kind == "controller" and data.retention is None:
        for i, activity in enumerate(getattr(data, "activities", [])):
            if activity.retention is None:
                _error(version, ("activities", i), "required field 'retention' is missing; give it here, or once as 'retention' for the whole notice", log)
    if data.cookie_choice is not None and not getattr(data, "cookies", []):
        _error(version, ("cookie_choice",), "'cookie_choice' says how to change cookie choices, but the notice lists no cookies; add them, or remove it", log)
    _unique(version, "activities", log)
    activity_ids = {a.id for a in getattr(data, "activities", [])}
    for i, pointer in enumerate(getattr(data, "told_elsewhere", [])):
        if pointer.id in activity_ids:
            _error(version, ("told_elsewhere", i, "id"), f"id '{pointer.id}' is also an activity's; give the situation its own id", log)
    _unique(version, "sections", log)
    _unique(version, "transfers", log)


def _raw_items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mappings of a list in raw data, with their positions; anything else is validation's to report."""
    items = data.get(key) if isinstance(data, dict) else None
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)] if isinstance(items, list) else []


def _check_parties(doc: YamlDocument, log: ErrorLog) -> None:
    """Recipients, processors and transfers against each other, read from the file as written.

    These checks do not need the file to be valid otherwise, so they are
    reported in the same run as any other mistake in it.
    """
    data = doc.data

    def error(loc: Loc, message: str) -> None:
        line, col = doc.mark(loc)
        log.add(doc.path, line, col, format_where(loc), message)

    ids: dict[str, Loc] = {}
    for group in ("processors", "recipients"):
        for i, item in _raw_items(data, group):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in ids:
                error((group, i, "id"), f"id '{excerpt(ident)}' is used twice (also at {format_where(ids[ident])}); processors and recipients need distinct ids")
            ids[ident] = (group, i, "id")
    known = sorted(ids)

    def check_refs(owner: Loc, refs: Any) -> None:
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            if isinstance(ref, str) and ref not in ids:
                error((*owner, "recipients", j), f"unknown recipient '{excerpt(ref)}'" + suggest(ref, known) + f"; expected the id of a processor or recipient of this notice ({', '.join(known) or 'none listed'})")

    for i, activity in _raw_items(data, "activities"):
        check_refs(("activities", i), activity.get("recipients"))
    eea_only = data.get("eea_only") is True
    if eea_only and data.get("transfers"):
        error(("transfers",), "'eea_only' is true, yet transfers outside the EU/EEA are listed; remove one of them")
    countries: set[str] = set()
    anywhere = False
    for i, transfer in _raw_items(data, "transfers"):
        check_refs(("transfers", i), transfer.get("recipients"))
        named = [transfer.get("country")] + (transfer.get("countries") if isinstance(transfer.get("countries"), list) else [])
        countries |= {c for c in named if isinstance(c, str)}
        anywhere = anywhere or bool(transfer.get("region"))
    eea = vocab.eea_countries()
    for i, processor in _raw_items(data, "processors"):
        country, ident = processor.get("country"), processor.get("id")
        if not isinstance(country, str) or country in eea or country not in textcheck.country_codes():
            continue  # inside the EEA, or not a country code at all: validation says so
        if eea_only:
            error(("processors", i, "country"), f"processor '{ident}' is in '{country}', outside the EU/EEA, but 'eea_only' is true")
        elif country not in countries and not anywhere:
            error(("processors", i, "country"), f"processor '{ident}' is in '{country}', outside the EU/EEA; add a transfer to '{country}' with its mechanism")


def _check_statements_and_rights(version: NoticeVersion, log: ErrorLog) -> None:
    """A statement that something does not happen may not contradict the data; a right is changed once."""
    data = version.data
    activities = getattr(data, "activities", [])
    statements = vocab.vocabulary("statements")
    for i, key in enumerate(data.statements):
        if key in data.statements[:i]:
            _error(version, ("statements", i), f"'{key}' is listed twice", log)
        conflict = statements[key].get("conflicts")
        clashing = [a.id for a in activities if conflict and getattr(a, conflict)]
        if clashing:
            _error(version, ("statements", i), f"'{key}' says this does not happen, yet activity '{clashing[0]}' lists {conflict}; remove one of them", log)
    derived = derived_rights(data)
    seen: set[str] = set()
    for i, use in enumerate(data.rights):
        if use.right in seen:
            _error(version, ("rights", i, "right"), f"the right '{use.right}' is changed twice; give it once", log)
        seen.add(use.right)
        if use.withdrawn and use.right not in derived:
            _error(version, ("rights", i, "withdrawn"), f"the right '{use.right}' is not listed for this notice anyway (its legal bases do not give it); remove the entry", log)
        if not use.withdrawn and not use.text and use.right in derived:
            _error(version, ("rights", i), f"the right '{use.right}' is listed anyway; give 'text' to word it your way, or 'withdrawn' with the reason it does not apply", log)


def _unique(version: NoticeVersion, group: str, log: ErrorLog) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(getattr(version.data, group, [])):
        if item.id is None:
            continue  # an optional id (transfers)
        if item.id in seen:
            _error(version, (group, i, "id"), f"id '{item.id}' is used twice in {group} (also item {seen[item.id]})", log)
        seen.setdefault(item.id, i)


def _check_references(entities: dict[str, EntityRecord], log: ErrorLog) -> None:
    """References between files that are more than links: the kind of a controller notice, authorities.

    Whether every link leads to a notice or company of the site is :func:`.links.check_links`'s to say:
    publishing refuses a broken one, and drafting shows it.
    """
    for record in entities.values():
        entity_authority = record.data.supervisory_authority
        for series in record.notices.values():
            for version in series.versions:
                data = version.data
                if isinstance(data, ProcessorNotice) and isinstance(data.controller_notice, str):
                    target_entity, _, notice = data.controller_notice.rpartition("/")
                    owner = entities.get(target_entity or record.id)
                    target = owner.notices.get(notice) if owner else None
                    if target is not None and target.kind != "controller":
                        _error(version, ("controller_notice",), f"'{data.controller_notice}' is a {target.kind} notice; expected a controller notice", log)
                if (
                    data.kind == "controller"
                    and data.supervisory_authority is None
                    and entity_authority is None
                    and vocab.authority(record.data.address.country) is None
                ):
                    _error(version, (), f"no supervisory authority: the entity's country '{record.data.address.country}' has no built-in authority; give 'supervisory_authority' in entity.yml or here", log)
