"""A cached publishing build: ``notices build --cache DIR`` renders only the pages whose inputs changed.

The build that fills ``DIR`` leaves there what :mod:`.incremental` keeps in
memory while serving: the fingerprint of every unit (an entity, the rest of
the site, the page templates), each page's key, the search index, and a
digest of every file it left in the site folder. The next build, in a fresh
checkout with that folder and the site folder restored (a CI cache), renders
the pages of the units whose *contents* changed and keeps the rest as they
are on disk. Fingerprints are made from bytes, not modification times, and
the as-of day counts only through what it changes: for each entity, the
newest day of its data that has come (a version taking effect, a correction);
so a build on a later day renders again only the entities a day crossed.

Anything that does not match (another generator, a site folder changed
since, an unreadable record) makes the build a full one into an emptied site
folder: the cache can make a build faster, never different.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import json
import logging
import os
import sys
import zoneinfo
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.exceptions import Abort
from mkdocs.utils import clean_directory
from pydantic import BaseModel

from privacy_notices.data.project import Project
from privacy_notices.mkdocs.dirty import DirtyBuild
from privacy_notices.mkdocs.dirtylog import drop_dirty_build_warning
from privacy_notices.mkdocs.incremental import SITE, BuildRecord, pages_follow_markdown
from privacy_notices.mkdocs.setup import strict_warnings
from privacy_notices.site.theme import THEME_DIR
from privacy_notices.site.tree import TreePage
from privacy_notices.site.urls import Place

log = logging.getLogger("mkdocs.hooks.notices")

RECORD = "build-record.json"
"""The file in the cache folder that says what the last build wrote."""

FORMAT = 1
"""The record's layout; a record of another layout is not read."""

PACKAGES = ("jinja2", "markdown", "mkdocs", "mkdocs-material", "properdocs", "pymdown-extensions", "babel", "pydantic", "pyyaml", "tzdata")
"""The libraries whose release changes how a page comes out: a record made with other releases is not used."""


@functools.cache  # one build, one process: the code it runs does not change under it
def generator() -> str:
    """A digest of what turns data into pages besides the data and theme: this package's code and vocabularies, the libraries' releases, Python's.

    >>> len(generator()), generator() == generator()
    (64, True)
    """
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\n".encode())
    for name in PACKAGES:
        try:
            digest.update(f"{name}\0{metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}\0-\n".encode())
    for folder in zoneinfo.TZPATH:  # the system's time-zone rules, which zoneinfo prefers to tzdata's
        rules = Path(folder, "tzdata.zi")
        if rules.is_file():
            digest.update(hashlib.sha256(rules.read_bytes()).digest())
    package = Path(__file__).resolve().parent.parent
    theme = THEME_DIR.resolve()  # the theme and page templates are inputs the fingerprints cover, unit by unit
    for path in sorted(package.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and not path.resolve().is_relative_to(theme):
            digest.update(f"{path.relative_to(package).as_posix()}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def days_in(value: Any) -> Iterator[datetime.date]:
    """Every date in a loaded model, however deep.

    >>> sorted(days_in({"a": [datetime.date(2024, 1, 2)], "b": ("x", datetime.datetime(2023, 5, 6, 7, 8))}))
    [datetime.date(2023, 5, 6), datetime.date(2024, 1, 2)]
    """
    if isinstance(value, datetime.datetime):
        yield value.date()
    elif isinstance(value, datetime.date):
        yield value
    elif isinstance(value, BaseModel):
        for item in value.__dict__.values():
            yield from days_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from days_in(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from days_in(item)


def newest_past(days: Iterator[datetime.date], as_of: datetime.date) -> str:
    """The newest of ``days`` that is not after ``as_of``: with the days fixed, every status on the day follows from it.

    >>> d = datetime.date
    >>> newest_past(iter([d(2024, 1, 1), d(2025, 1, 1)]), d(2024, 6, 1)), newest_past(iter([d(2025, 1, 1)]), d(2024, 6, 1))
    ('2024-01-01', '-')
    """
    past = [day for day in days if day <= as_of]
    return max(past).isoformat() if past else "-"


def day_marks(project: Project, as_of: datetime.date) -> dict[str, str]:
    """Unit → what of the as-of day its pages show: the newest day of its data that has come.

    An entity's pages compare the day with the days its data hold (versions'
    effective days, publication and correction days); nothing else of the
    day shows on a page. The site-wide unit's days are its settings'.
    """
    marks = {SITE: newest_past(days_in(project.site), as_of)}
    for record in project.entities.values():
        def days(record: Any = record) -> Iterator[datetime.date]:
            yield from days_in(record.data)
            for series in record.notices.values():
                for version in series.versions:
                    yield version.effective
                    yield from days_in(version.data)

        marks[record.id] = newest_past(days(), as_of)
    return marks


def with_days(prints: dict[str, str], marks: dict[str, str]) -> dict[str, str]:
    """The fingerprints with each unit's day mark in them.

    >>> with_days({"": "s", "a": "1"}, {"": "-", "a": "2024-01-01"}) == with_days({"": "s", "a": "1"}, {"": "-", "a": "2024-01-01"})
    True
    >>> with_days({"a": "1"}, {"a": "2024-01-01"}) == with_days({"a": "1"}, {"a": "2025-01-01"})
    False
    """
    return {unit: f"{value}@{marks.get(unit, '-')}" for unit, value in prints.items()}


def site_files(site: Path) -> dict[str, str]:
    """Every file of the site folder → the SHA-256 of its bytes."""
    found: dict[str, str] = {}
    for folder, _, names in os.walk(site):
        for name in names:
            path = Path(folder, name)
            found[path.relative_to(site).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def _page_json(page: TreePage) -> dict[str, Any]:
    place = page.place
    return {
        "uri": page.uri, "language": place.language, "entity": place.entity, "notice": place.notice,
        "version": place.version.isoformat() if place.version else None, "title": None if page.title is None else str(page.title),
        "in_nav": page.in_nav,
    }


def _page(item: dict[str, Any]) -> TreePage:
    version = datetime.date.fromisoformat(item["version"]) if item["version"] else None
    place = Place(str(item["language"]), item["entity"], item["notice"], version)
    # The title was escaped by the build that wrote it, from the same data: it is markup as it was then.
    title = None if item["title"] is None else Markup(item["title"])
    return TreePage(str(item["uri"]), place, title=title, in_nav=bool(item["in_nav"]))


def save(cache: Path, record: BuildRecord, site: Path) -> None:
    """Write what this build left, for the next: the record and the digest of every file in the site folder."""
    content = {
        "format": FORMAT, "generator": generator(), "site": site_files(site),
        "on_disk": record.on_disk, "shown": record.shown, "keys": record.keys, "outputs": sorted(record.outputs),
        "search": record.search, "pages": {entity: [_page_json(p) for p in pages] for entity, pages in record.pages.items()},
    }
    cache.mkdir(parents=True, exist_ok=True)
    partial = cache / (RECORD + ".partial")
    partial.write_text(json.dumps(content, ensure_ascii=False), "utf-8")
    partial.replace(cache / RECORD)


def take(cache: Path, site: Path, made_by: str) -> BuildRecord | None:
    """The last build's record when it can be trusted: same generator, and a site folder exactly as that build left it.

    The record is removed as it is read, so that a build that stops half-way leaves none behind.
    """
    path = cache / RECORD
    if not path.is_file():
        log.info(f"notices: no build record in {cache}: a full build")
        return None
    try:
        content = json.loads(path.read_text("utf-8"))
        path.unlink()
        if content.get("format") != FORMAT or content.get("generator") != made_by:
            log.info("notices: the build record was made by another release of the generator or its libraries: a full build")
            return None
        if content["site"] != site_files(site):
            log.info(f"notices: {site} is not as the last build left it: a full build")
            return None
        pages = {str(entity): [_page(item) for item in items] for entity, items in content["pages"].items()}
        return BuildRecord(
            on_disk=dict(content["on_disk"]), shown=dict(content["shown"]), pages=pages, keys=dict(content["keys"]),
            outputs=set(content["outputs"]), search=list(content["search"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.info(f"notices: the build record in {cache} cannot be read ({exc.__class__.__name__}): a full build")
        return None


def empty(site: Path) -> None:
    """Empty the site folder as MkDocs does before a full build (its hidden files stay, as MkDocs leaves them)."""
    if site.is_dir():
        clean_directory(str(site))


def reuse(cache: Path, site: Path, on_disk: dict[str, str], dirty: bool) -> DirtyBuild:
    """What a cached build reuses: the last build's record, if this build is dirty and the site folder is as it left it.

    A change to anything site-wide (settings, hand-written pages, theme, ``mkdocs.yml``) empties the
    site folder, as a full build would: only the pages of entities, tracked one by one, are kept.
    """
    folder = cache.resolve()
    if folder.is_relative_to(site.resolve()) or site.resolve().is_relative_to(folder):
        raise Abort(f"NOTICES_CACHE: {folder} and the site folder {site} are inside one another; keep the build record beside the site, not in it")
    record = take(cache, site, generator()) if dirty else None
    if record is not None and not pages_follow_markdown(record, on_disk, on_disk):
        log.info("notices: a site-wide file changed: a full build")
        record = None
    if dirty:
        if record is None:
            empty(site)
        drop_dirty_build_warning()  # untrue here: the site comes out as a full build makes it
    return DirtyBuild(on=True, record=record, persisted=True)


def keep(cache: Path | None, build: DirtyBuild, site: Path) -> None:
    """After a cached build, its record for the next (nothing for another build).

    MkDocs stops a strict build for its warnings after the last event: such a build leaves no record,
    so that the next one renders the pages that warned again, and warns again.
    """
    if cache is None or build.new_record is None:
        return
    if strict_warnings():
        log.info("notices: the build has warnings and strict mode stops it: no build record is kept")
        return
    save(cache, build.new_record, site)
