"""Published versions are immutable: a lock file records what each one said.

Once a version has taken effect, ``notices lock`` records the SHA-256 of its
canonical text in every language it is completely translated into. A publish
build refuses a locked version whose text has changed since, unless the
version records a correction dated on or after the day it was locked.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict

from privacy_notices.data.errors import ErrorLog
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.i18n.extraction import version_strings
from privacy_notices.data import paths
from privacy_notices.data.project import NoticeVersion, Project
from privacy_notices.data.textcheck import excerpt
from privacy_notices.data.validation import validate
from privacy_notices.data.yamlsource import check_date, load_yaml
from privacy_notices.i18n.localize import Localizer

LOCK_FILE = "notices.lock"
"""The lock file's name, inside the data folder."""

ABOUT = "SHA-256 of the text of every version that has taken effect, per language. Written by `notices lock`; do not edit by hand."


def canonical_text(data: Any) -> str:
    """The text a version's hash covers: what it says, as sorted, compact JSON.

    Fields left at their default are left out, so that a new optional field
    in the format does not change what an old version says; so are the
    compliance rules a version turns off (``suppress``), which are notes for
    reviewers, not what the notice says.

    >>> canonical_text({"b": 1, "a": "ä"})
    '{"a":"ä","b":1}'
    """
    dumped = data.model_dump(mode="json", exclude_defaults=True, exclude={"suppress"}) if hasattr(data, "model_dump") else data
    return json.dumps(dumped, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def key(version: NoticeVersion) -> str:
    return f"{version.entity}/{version.notice}/{version.effective.isoformat()}"


def complete(version: NoticeVersion, catalogs: Catalogs | None, language: str, source: str) -> bool:
    """True when every text of the version is translated (always, for the source language)."""
    if language == source:
        return True
    assert catalogs is not None
    return all(catalogs.lookup(language, version.entity, text).state == "translated" for text, _ in version_strings(version))


def version_hash(version: NoticeVersion, catalogs: Catalogs | None, language: str, source: str) -> str:
    """SHA-256 of the version in ``language``; ``source`` is the language its entity writes in."""
    localized = Localizer(catalogs, language, source).model(version.data, version.entity)
    return sha256(canonical_text(localized))


GONE = (
    "this locked version no longer exists; published versions are never deleted. If it was never "
    "published (example data, or a site started from a copy), `notices lock --prune` removes such entries"
)


def version_file(root: Path, name: str) -> Path:
    """The data file of a locked version ``entity/notice/YYYY-MM-DD``.

    >>> version_file(Path("data"), "acme/privacy/2024-01-01").as_posix()
    'data/entities/acme/notices/privacy/2024-01-01.yml'
    """
    entity, notice, day = name.split("/")
    return root / "entities" / entity / "notices" / notice / f"{day}.yml"


@dataclass
class LockEntry:
    sha256: str
    locked_on: str


def _sha256_hex(value: str) -> str:
    if not re.fullmatch(r"[0-9a-f]{64}", value):
        raise ValueError(f"expected a SHA-256 hash (64 lower-case hexadecimal digits), found '{excerpt(value)}'")
    return value


def _iso_day(value: str) -> str:
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"expected a date written as YYYY-MM-DD, found '{excerpt(value)}'") from None
    problem = check_date(day)
    if problem:
        raise ValueError(problem)
    return value


def _version_key(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*/[a-z0-9]+(?:-[a-z0-9]+)*/\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"expected a version written as entity/notice/YYYY-MM-DD, found '{excerpt(value)}'")
    return value


class _LockedText(BaseModel):
    """One language of one locked version."""

    model_config = ConfigDict(extra="forbid", strict=True)
    sha256: Annotated[str, AfterValidator(_sha256_hex)]
    locked_on: Annotated[str, AfterValidator(_iso_day)]


class _LockFile(BaseModel):
    """``data/notices.lock`` as `notices lock` writes it."""

    model_config = ConfigDict(extra="forbid", strict=True)
    about: str | None = None
    versions: dict[Annotated[str, AfterValidator(_version_key)], dict[str, _LockedText]] = {}


def read_lock(root: Path, log: ErrorLog, marks: dict[str, tuple[int, int]] | None = None) -> dict[str, dict[str, LockEntry]]:
    """The lock file's entries; every problem in it is reported with its own line and column.

    ``marks``, when given, receives the line and column of each version's key.
    """
    path = root / LOCK_FILE
    # A link to nothing is refused, not taken for no lock: `notices lock` would write wherever it points.
    if not paths.exists(path) or paths.refuse(path, root, log):
        return {}
    before = len(log)
    try:
        json.loads(path.read_bytes().decode("utf-8"))
    except UnicodeDecodeError:
        pass  # load_yaml reports it
    except json.JSONDecodeError as exc:
        log.add(path, exc.lineno, exc.colno, "", f"the lock file is not valid JSON ({exc.msg}); restore it from version control, or run `notices lock` to write it anew")
        return {}
    doc = load_yaml(path, log)  # JSON is YAML: this keeps the line and column of every value
    parsed = validate(doc, _LockFile, log, context="the lock file") if doc is not None else None
    if parsed is None or doc is None or len(log) > before:
        return {}
    if marks is not None:
        marks.update({name: doc.mark(("versions", name), key=True) for name in parsed.versions})
    return {name: {lang: LockEntry(e.sha256, e.locked_on) for lang, e in langs.items()} for name, langs in parsed.versions.items()}


def write_lock(root: Path, entries: dict[str, dict[str, LockEntry]]) -> bool:
    """Write the lock file if its text changes; True when written. :func:`read_lock` has refused a path that may not be
    written (a link out of the data folder or to nothing), and :func:`paths.write_bytes` checks it again."""
    data = {
        "about": ABOUT,
        "versions": {name: {lang: vars(e) for lang, e in sorted(langs.items())} for name, langs in sorted(entries.items())},
    }
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    return paths.write_bytes(root / LOCK_FILE, root, text.encode("utf-8"))


def _corrected_since(version: NoticeVersion, locked_on: str, today: datetime.date) -> bool:
    """A correction made on or after the lock day, and not after today."""
    day = datetime.date.fromisoformat(locked_on)
    return any(day <= c.date <= today for c in version.data.corrections)


def check(
    project: Project,
    catalogs: Catalogs | None,
    today: datetime.date,
    log: ErrorLog,
    entries: dict[str, dict[str, LockEntry]],
    marks: dict[str, tuple[int, int]],
) -> list[tuple[NoticeVersion, str, str]]:
    """Every locked version (``entries``, as :func:`read_lock` read them) still says what it said, or records a correction.

    Returns (version, language, day it was locked) of each text that changed,
    so that a drafting build can mark those pages.
    """
    changed: list[tuple[NoticeVersion, str, str]] = []
    versions = {key(v): v for v in project.all_versions()}
    for name, languages in entries.items():
        version = versions.get(name)
        if version is None:
            if not paths.exists(version_file(project.root, name)):
                line, col = marks.get(name, (1, 1))
                log.add(project.root / LOCK_FILE, line, col, f"versions.{name}", GONE)
            continue  # a version file with errors is reported as such; its text is compared once it loads
        source = project.language_of(version.entity)
        for language, entry in languages.items():
            if not project.publishes(version.entity, language):
                continue
            if version_hash(version, catalogs, language, source) == entry.sha256 or _corrected_since(version, entry.locked_on, today):
                continue
            where = f"{version.entity}/{version.notice} {version.effective.isoformat()} ({language})"
            changed.append((version, language, entry.locked_on))
            log.add(
                version.path, 1, 1, "",
                f"{where}: the text changed after it was locked on {entry.locked_on}; a published version does not change. "
                "Undo the change, or record it under 'corrections' with today's date and run `notices lock`",
            )
    return changed


@dataclass
class Locked:
    """What `notices lock` did."""

    added: list[str]
    """``entity/notice/YYYY-MM-DD (language)`` of every text recorded now."""
    written: bool
    """Whether the lock file changed."""


def lock(project: Project, catalogs: Catalogs | None, as_of: datetime.date, log: ErrorLog, today: datetime.date | None = None) -> Locked:
    """Record every version in force or archived, in each complete language.

    A lock records what was published on the day it is made: ``as_of`` may
    not be after ``today`` (default: the real day). An entry whose version
    file is gone is an error, as in a build: :func:`prune` removes such entries.
    """
    today = today or datetime.date.today()
    nothing = Locked([], False)
    if as_of > today:
        log.add(project.root / LOCK_FILE, 1, 1, "", f"cannot lock as of {as_of.isoformat()}, which is after today ({today.isoformat()}): a lock records what has been published")
        return nothing
    marks: dict[str, tuple[int, int]] = {}
    entries = read_lock(project.root, log, marks)
    for name in sorted(entries):
        if not paths.exists(version_file(project.root, name)):
            line, col = marks.get(name, (1, 1))
            log.add(project.root / LOCK_FILE, line, col, f"versions.{name}", GONE)
    added = []
    for version in project.all_versions():
        if version.effective > as_of:
            continue
        name = key(version)
        source = project.language_of(version.entity)
        for language in project.languages_of(version.entity):
            if not complete(version, catalogs, language, source):
                continue
            digest = version_hash(version, catalogs, language, source)
            existing = entries.get(name, {}).get(language)
            if existing and existing.sha256 == digest:
                continue
            if existing and not _corrected_since(version, existing.locked_on, datetime.date.today()):
                log.add(version.path, 1, 1, "", f"{name} ({language}) changed since it was locked on {existing.locked_on}; record a correction first")
                continue
            entries.setdefault(name, {})[language] = LockEntry(digest, as_of.isoformat())
            added.append(f"{name} ({language})")
    if log:
        return nothing
    return Locked(added, write_lock(project.root, entries))


@dataclass
class Pruned:
    """What `notices lock --prune` did."""

    removed: list[str]
    """``entity/notice/YYYY-MM-DD`` of every entry removed, its version file being gone."""
    written: bool
    """Whether the lock file changed."""


def prune(root: Path, log: ErrorLog) -> Pruned:
    """Remove the entries whose version file no longer exists, and nothing else: no version is locked.

    A published version is never deleted, but a site started from a copy of
    another's data has entries that were never its own. Only the lock file
    and the folders on disk are read, so that it works while the data have
    errors, or no entity at all (example data removed).
    """
    entries = read_lock(root, log)
    if log:
        return Pruned([], False)
    removed = sorted(name for name in entries if not paths.exists(version_file(root, name)))
    for name in removed:
        del entries[name]
    return Pruned(removed, bool(removed) and write_lock(root, entries))
