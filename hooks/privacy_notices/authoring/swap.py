"""Move an entity to another original language: its data files and catalogs change places.

When the Finnish text of a notice becomes the authoritative one, its data
files are rewritten in Finnish (each text replaced by its current Finnish
translation), the Finnish catalog becomes the English one (msgid and msgstr
swapped), and every other catalog of the entity is keyed by the Finnish text.
No string is lost: the command refuses to start while any text lacks a
current translation into the new language, or while two texts share one
translation; and before it keeps what it wrote, it checks that every version
reads exactly as before in every language the entity publishes in (the lock
hashes do not move). The day of the change is recorded in ``entity.yml`` under
``language_changes``, which the version pages and histories show as a
correction of no substance. Swapping back restores byte-identical catalogs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

import yaml
from pydantic import BaseModel

from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.history import lock
from privacy_notices.data import paths, vocab, yamledit
from privacy_notices.data.errors import ErrorLog
from privacy_notices.i18n.extraction import extract, target_languages
from privacy_notices.i18n.merging import merge
from privacy_notices.i18n.pofiles import catalog_bytes, catalog_path, load_catalog, short_msgid, write_catalog
from privacy_notices.data.loader import load_project
from privacy_notices.data.project import EntityRecord, Project
from privacy_notices.data.walk import text_fields
from privacy_notices.data.yamledit import Loc


@dataclass
class Plan:
    """What a swap writes: file → new text (None to delete the file)."""

    files: dict[Path, bytes | None]


def _header_for(catalog: Catalog, old: str, new: str) -> None:
    """Rename a catalog's language in its header: the default team and the first comment line name it."""
    catalog.locale = vocab.babel_locale(new)
    if catalog.language_team == f"{old} <LL@li.org>":
        catalog.language_team = f"{new} <LL@li.org>"
    first, _, rest = catalog.header_comment.partition("\n")
    prefix = f"# {old} translations of "
    if first.startswith(prefix):
        catalog.header_comment = f"# {new} translations of " + first[len(prefix) :] + ("\n" + rest if rest else "")


def _copy(message: Message, msgid: str, string: str, previous: str | None) -> Message:
    return Message(
        msgid,
        string,
        locations=list(message.locations),
        flags=set(message.flags),
        auto_comments=list(message.auto_comments),
        user_comments=list(message.user_comments),
        previous_id=[previous] if previous else [],
        lineno=message.lineno,
    )


def _rekeyed(catalog: Catalog, mapping: dict[str, str], reverse: bool) -> Catalog:
    """The catalog keyed by the new source text: msgid and msgstr swapped (``reverse``), or msgids mapped."""
    out = Catalog(locale=catalog.locale, project=catalog.project, fuzzy=catalog.fuzzy)
    for attr in ("version", "copyright_holder", "msgid_bugs_address", "last_translator", "language_team", "creation_date", "revision_date", "header_comment"):
        setattr(out, attr, getattr(catalog, attr))
    for obsolete, messages in ((False, list(catalog)), (True, list(catalog.obsolete.values()))):
        for m in messages:
            if not m.id:
                continue
            previous = str(m.previous_id[0]) if m.previous_id else None
            previous = mapping.get(previous, previous) if previous else None
            if reverse:
                msgid, string = str(m.string), str(m.id)
            else:
                msgid, string = mapping.get(str(m.id), str(m.id)), str(m.string or "")
            copy = _copy(m, msgid, string, previous)
            if obsolete:
                out.obsolete[msgid] = copy
            else:
                out[msgid] = copy
    return out


def _mapping(record: EntityRecord, texts: list[str], catalog: Catalog, path: Path, new: str, log: ErrorLog) -> dict[str, str]:
    """Old source text → its current translation into ``new``; every text (``texts``) must have one, and each its own."""
    entries = [m for m in (*catalog, *catalog.obsolete.values()) if m.id]
    mapping = {str(m.id): str(m.string) for m in entries if m.string and not m.fuzzy}
    places = _first_places(record)
    for msgid in texts:
        if msgid not in mapping:
            file, line, col = places[msgid]
            message = catalog.get(msgid)
            state = "is marked fuzzy (its source changed since it was translated)" if message is not None and message.string else "has no translation"
            log.add(file, line, col, "", f'the text "{short_msgid(msgid)}" {state} into {new} in {path.name}; translate it before {new} becomes the original')
    seen: dict[str, str] = {}
    for msgid, translation in mapping.items():
        if translation in seen:
            message = catalog.get(msgid)
            log.add(path, (message.lineno if message is not None else None) or 1, 1, f'msgid "{short_msgid(msgid)}"',
                    f'"{short_msgid(msgid)}" and "{short_msgid(seen[translation])}" are both translated as "{short_msgid(translation)}"; '
                    "as the original, each text must differ: change one translation")
        seen[translation] = msgid
    for msgid in {str(m.id) for m in entries} - set(mapping):
        if msgid in seen:
            log.add(path, 1, 1, f'msgid "{short_msgid(msgid)}"', f'"{short_msgid(msgid)}" is both an untranslated text and the translation of "{short_msgid(seen[msgid])}"; translate it or remove the entry')
    return mapping


def _first_places(record: EntityRecord) -> dict[str, tuple[Path, int, int]]:
    """Each text of an entity → the file, line and column where it is first written."""
    places: dict[str, tuple[Path, int, int]] = {}
    documents = [(record.path, record.data, record.doc)] + [(v.path, v.data, v.doc) for s in record.notices.values() for v in s.versions]
    for path, model, doc in documents:
        for loc, text, _ in text_fields(model):
            places.setdefault(text, (path, *(doc.mark(loc) if doc else (1, 1))))
    return places


def _yaml_replacements(model: BaseModel, mapping: dict[str, str]) -> dict[Loc, str]:
    return {loc: mapping[text] for loc, text, _ in text_fields(model) if text in mapping}


def _entity_text(text: str, record: EntityRecord, mapping: dict[str, str], old: str, new: str, day: datetime.date) -> str | None:
    """entity.yml in the new language, with ``language`` set and the change recorded; None if it cannot be placed."""
    replacements = _yaml_replacements(record.data, mapping)
    values = yamledit.scalar_map(text)
    if ("language",) in values:
        replacements[("language",)] = new
    text = yamledit.replace_values(text, replacements)
    if not text.endswith("\n"):
        text += "\n"
    if ("language",) not in values:
        text += f"language: {new}\n"
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    changes = next((value for key, value in root.value if key.value == "language_changes"), None) if isinstance(root, yaml.MappingNode) else None
    if changes is None:
        return text + f"language_changes:\n  - date: {day.isoformat()}\n    from: {old}\n    to: {new}\n"
    if not isinstance(changes, yaml.SequenceNode) or changes.flow_style or not changes.value:
        return None
    # After the last item, at the items' own indentation: nothing else in the file moves.
    indent = " " * changes.start_mark.column
    last: yaml.Node = changes.value[-1]
    while not isinstance(last, yaml.ScalarNode):
        last = last.value[-1][1] if isinstance(last, yaml.MappingNode) else last.value[-1]
    newline = text.find("\n", last.end_mark.index)
    end = last.end_mark.index if last.style in ("|", ">") else len(text) if newline < 0 else newline + 1
    item = f"{indent}- date: {day.isoformat()}\n{indent}  from: {old}\n{indent}  to: {new}\n"
    return text[:end] + item + text[end:]


def plan(project: Project, entity: str, new: str, day: datetime.date, log: ErrorLog) -> Plan | None:
    """Everything the swap of ``entity`` to ``new`` writes, or None (with the reasons in ``log``)."""
    record = project.entities.get(entity)
    if record is None:
        log.add(project.root / "entities", 1, 1, "", f"no entity '{entity}'; the entities are: {', '.join(project.entities)}")
        return None
    old = project.language_of(entity)
    if new == old:
        log.add(record.path, 1, 1, "", f"'{entity}' already writes in {new}")
        return None
    if new not in project.languages_of(entity):
        log.add(record.path, 1, 1, "", f"'{entity}' does not publish in {new} (its languages: {', '.join(project.languages_of(entity))}); add it to 'languages' first")
        return None
    if record.data.language_changes and day < record.data.language_changes[-1].date:
        log.add(record.path, 1, 1, "", f"the last change of language was on {record.data.language_changes[-1].date.isoformat()}; a new one cannot be dated earlier")
        return None
    now = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.timezone.utc)
    strings = list(extract(project)[entity].values())
    current: dict[str, Catalog] = {}
    for language in target_languages(project, entity):
        path = catalog_path(project.root, language, entity)
        existing = load_catalog(path, language, log) if path.is_file() else None
        current[language] = merge(existing, language, entity, strings, now)
    if log:
        return None
    target_path = catalog_path(project.root, new, entity)
    mapping = _mapping(record, [s.msgid for s in strings], current[new], target_path, new, log)
    if log:
        return None
    files: dict[Path, bytes | None] = {target_path: None}
    for language, catalog in current.items():
        if language == new:
            swapped = _rekeyed(catalog, mapping, reverse=True)
            _header_for(swapped, new, old)
            files[catalog_path(project.root, old, entity)] = catalog_bytes(swapped)
        else:
            files[catalog_path(project.root, language, entity)] = catalog_bytes(_rekeyed(catalog, mapping, reverse=False))
    entity_text = _entity_text(record.path.read_text("utf-8"), record, mapping, old, new, day)
    if entity_text is None:
        line, col = record.doc.mark(("language_changes",)) if record.doc else (1, 1)
        log.add(record.path, line, col, "language_changes", "write 'language_changes' as a block list (one '- date: …' item a line) so that a change can be added to it")
        return None
    files[record.path] = entity_text.encode("utf-8")
    for series in record.notices.values():
        for version in series.versions:
            text = version.path.read_text("utf-8")
            files[version.path] = yamledit.replace_values(text, _yaml_replacements(version.data, mapping)).encode("utf-8")
    return Plan(files)


def _hashes(project: Project, entity: str, log: ErrorLog, complete_only: bool) -> dict[tuple[str, str], str]:
    """(version, language) → the hash of what the version says in that language (only where it is complete, if asked).

    A language with texts still untranslated shows them in the original language, which is what changes;
    every complete language must read as before.
    """
    catalogs = Catalogs(project.root, project.site.all_languages, project.site.source_language, log)
    source = project.language_of(entity)
    return {
        (lock.key(v), language): lock.version_hash(v, catalogs, language, source)
        for series in project.entities[entity].notices.values()
        for v in series.versions
        for language in project.languages_of(entity)
        if not complete_only or lock.complete(v, catalogs, language, source)
    }


def swap(root: Path, entity: str, new: str, day: datetime.date, log: ErrorLog) -> list[Path]:
    """Make ``new`` the original language of ``entity``; returns the files written (none when refused).

    Catalogs are written again through the ordinary update, so that they are
    exactly what ``notices i18n update`` would write for the new data.
    """
    project, errors = load_project(root)
    log.extend(errors)
    if project is None:
        return []
    before = _hashes(project, entity, log, complete_only=True) if entity in project.entities else {}
    planned = plan(project, entity, new, day, log)
    if planned is None or log:
        return []
    # Every file is checked before any is read back or written: a catalog linked out of the data folder changes nothing.
    if [path for path in planned.files if paths.refuse(path, root, log)]:
        return []
    originals = {path: path.read_bytes() if path.is_file() else None for path in planned.files}
    _write(root, planned.files)
    problem = _settle(root, entity, before)
    if problem:
        _write(root, originals)
        log.add(root / "entities" / entity / "entity.yml", 1, 1, "", f"nothing was changed: {problem} (this is a bug in the generator; please report it)")
        return []
    return sorted(path for path, data in planned.files.items() if data != originals[path])


def _settle(root: Path, entity: str, before: dict[tuple[str, str], str]) -> str | None:
    """Reload the rewritten data, bring the entity's catalogs up to date, and check that no version reads differently."""
    project, errors = load_project(root)
    if project is None or errors:
        return f"the rewritten data do not load ({errors.sorted()[0].message if errors else 'unknown'})"
    log = ErrorLog()
    now = datetime.datetime.combine(datetime.date.today(), datetime.time(), tzinfo=datetime.timezone.utc)
    strings = list(extract(project)[entity].values())
    for language in target_languages(project, entity):
        path = catalog_path(root, language, entity)
        loaded = load_catalog(path, language, log) if path.is_file() else None
        write_catalog(path, merge(loaded, language, entity, strings, now))
    after = _hashes(project, entity, log, complete_only=False)
    if log:
        return f"the rewritten catalogs do not load ({log.sorted()[0].message})"
    changed = [f"{name} ({language})" for (name, language), digest in before.items() if after.get((name, language)) != digest]
    return f"{', '.join(changed)} would read differently" if changed else None


def _write(root: Path, files: dict[Path, bytes | None]) -> None:
    for path, data in files.items():
        if data is None:
            paths.remove(path, root)
        else:
            paths.write_bytes(path, root, data)

