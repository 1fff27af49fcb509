"""Drafting at scale: under ``mkdocs serve --dirty`` a save re-renders only the pages its data touch.

MkDocs' dirty build writes only the files whose ``is_modified()`` is true and
leaves the rest of the site folder as the last build wrote it. This module
decides which files those are. It fingerprints the data per *unit*: each
entity (its folder, its catalogs in every language, its entries in the lock) is one, and
everything else is the site-wide unit (``site.yml``, vocabularies, the
interface catalogs, the hand-written pages, the theme,
``mkdocs.yml``, the as-of day); the page templates are a unit of their own.
A changed entity re-renders its own pages in
every language and the pages of the entities that link to it; home pages,
feeds, the drafting page, hand-written pages and the search index are made on
every build. A change to the site-wide unit or the page templates re-renders
everything; after a change to the page templates alone, only the pages whose
Markdown came out different are written.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, cast

from mkdocs.structure.files import File, InclusionLevel

from privacy_notices.checks.links import markdown_refs, notice_refs
from privacy_notices.data.project import Project
from privacy_notices.history.lock import LOCK_FILE
from privacy_notices.data.walk import text_fields
from privacy_notices.data.reuse import walk
from privacy_notices.site.tree import TreePage

SITE = ""
"""The unit of everything that is not one entity's own."""

TEMPLATES = "#templates"
"""The unit of the page templates (``notices/*.j2``): a change to them changes pages' Markdown, which
each page's :func:`page_key` covers, so the pages whose Markdown comes out the same are not written.
A change to Material's partials, ``mkdocs.yml`` or styles changes pages' HTML alone, and is ``SITE``."""


class NoticeFile(File):
    """A generated file; when ``kept``, the last build wrote it as this one would, and a dirty build leaves it."""

    kept: bool = False

    def is_modified(self) -> bool:
        return not self.kept and super().is_modified()

    @classmethod
    def with_content(cls, config: Any, uri: str, content: str, inclusion: InclusionLevel) -> NoticeFile:
        """:meth:`File.generated`: a file of this class with ``content``, at ``uri``."""
        # File.generated makes its file with cls(...), so it is a NoticeFile; MkDocs annotates it as returning File.
        return cast(NoticeFile, cls.generated(config, uri, content=content, inclusion=inclusion))


def kept_file(config: Any, uri: str, inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> NoticeFile:
    """A file of the last build, listed again without its content."""
    file = NoticeFile.with_content(config, uri, "", inclusion)
    file.kept = True
    return file


def page_key(*parts: Any) -> str:
    """A digest of everything a page's HTML follows from: its Markdown, title, sidebar, languages, banners.

    >>> page_key("# A", "A", ("en", "fi")) == page_key("# A", "A", ("en", "fi")), page_key("# A", "A") == page_key("# B", "A")
    (True, False)
    """
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@dataclass
class BuildRecord:
    """What one build left in the site folder, for the next build of the same ``mkdocs serve``."""

    on_disk: dict[str, str]
    """Unit → fingerprint of its files when the build started."""
    shown: dict[str, str]
    """Unit → fingerprint of the data its pages show (the last good data when the data had errors)."""
    pages: dict[str, list[TreePage]] = field(default_factory=dict)
    """Entity → its pages in every language."""
    keys: dict[str, str] = field(default_factory=dict)
    """Generated page → its :func:`page_key`: a page rendered again to the same key is not written again."""
    outputs: set[str] = field(default_factory=set)
    """Every generated file's address, so that the next build removes what it no longer makes."""
    search: list[dict[str, Any]] = field(default_factory=list)
    """The combined search index (every language), in page order."""
    banner: tuple[Any, ...] = ()
    """What the drafting banner of every page said: mode, number of publish blockers, data errors."""


def unit_of(relative: PurePosixPath) -> str:
    """The unit a file of the data folder belongs to.

    >>> unit_of(PurePosixPath("entities/kuura/notices/privacy/2025-05-01.yml"))
    'kuura'
    >>> unit_of(PurePosixPath("locales/en/kuura.po"))
    'kuura'
    >>> unit_of(PurePosixPath("locales/en/site.po")), unit_of(PurePosixPath("site.yml"))
    ('', '')
    """
    parts = relative.parts
    if len(parts) >= 3 and parts[0] == "entities":
        return parts[1]
    if len(parts) == 3 and parts[0] == "locales" and parts[2].endswith(".po") and parts[2] != "site.po":
        return parts[2][: -len(".po")]
    return SITE


def fingerprints(
    data: Path, site_wide: Iterable[Path], extra: Iterable[str] = (), templates: Iterable[Path] = (), by_content: bool = False
) -> dict[str, str]:
    """Unit → a digest of its files' names, sizes and modification times (a stat per file, no reading).

    ``by_content`` digests the files' bytes instead: a fresh checkout gives every file a new
    modification time, so a build that reuses the pages of an earlier checkout compares contents.

    ``site_wide`` are further files and folders of the site-wide unit (pages,
    the theme, ``mkdocs.yml``); ``extra`` what else a build depends on, such
    as the as-of day; ``templates`` the folders of page templates, which are
    the :data:`TEMPLATES` unit even inside a folder of ``site_wide``.
    """
    digests: dict[str, Any] = {SITE: hashlib.sha256(), TEMPLATES: hashlib.sha256()}
    entries: list[tuple[str, Path, str]] = []
    for path in walk(data) if data.is_dir() else []:
        relative = PurePosixPath(path.relative_to(data).as_posix())
        entries.append((unit_of(relative), path, str(relative)))
    template_dirs = [folder.resolve() for folder in templates]
    for item in site_wide:
        for path in (walk(item) if item.is_dir() else [item]):
            if not any(path.resolve().is_relative_to(folder) for folder in template_dirs):
                entries.append((SITE, path, str(path)))
    for folder in template_dirs:
        entries += [(TEMPLATES, path, str(path)) for path in (walk(folder) if folder.is_dir() else [])]
    for unit, path, name in sorted(entries, key=lambda e: (e[0], e[2])):
        if unit == SITE and path.parent == data and path.name == LOCK_FILE and (locked := lock_entries(path)) is not None:
            for entity, lines in locked.items():  # each entity's entries belong to its own unit
                digests.setdefault(entity, hashlib.sha256()).update("".join(lines).encode())
            continue
        try:
            if by_content:
                mark = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                stat = path.stat()
                mark = f"{stat.st_size}\0{stat.st_mtime_ns}"
        except OSError:
            continue  # removed while we looked: the next save triggers another build
        digests.setdefault(unit, hashlib.sha256()).update(f"{name}\0{mark}\n".encode())
    for value in extra:
        digests[SITE].update(f"{value}\n".encode())
    return {unit: digest.hexdigest() for unit, digest in digests.items()}


def lock_entries(path: Path) -> dict[str, list[str]] | None:
    """The lock's entries by entity, each as a line of JSON; None when the file does not read as a lock.

    A version's entry changes its own pages alone (a banner while drafting; in a publishing build, a
    mismatch stops it), so a lock that gains a version does not render every entity again.
    """
    try:
        versions = json.loads(path.read_bytes())["versions"]
        found: dict[str, list[str]] = {}
        for key in sorted(versions):
            entity = key.split("/", 1)[0]
            found.setdefault(entity, []).append(json.dumps([key, versions[key]], sort_keys=True) + "\n")
        return found
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def references(project: Project) -> dict[str, set[str]]:
    """Entity → the other entities its pages link to: their notices (related, told elsewhere, controller notice,
    ``notice:`` links in any text) and their pages (joint controllers). Where such a link leads, and what it
    is called, follows the other entity's data: its notices, their titles, the languages it publishes in."""
    linked: dict[str, set[str]] = {}
    for record in project.entities.values():
        refs = [ref for _, ref in markdown_refs(text_fields(record.data))]
        entities: set[str] = set()
        for series in record.notices.values():
            for version in series.versions:
                refs += [ref for _, ref in notice_refs(version)]
                entities |= {joint.entity for joint in version.data.joint_controllers if joint.entity}
        entities |= {ref.rpartition("/")[0] for ref in refs if "/" in ref}
        linked[record.id] = entities - {record.id}
    return linked


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    """The units whose fingerprint differs, added and removed ones included.

    >>> sorted(changed({"": "a", "kuura": "1", "pilvio": "2"}, {"": "a", "kuura": "9", "lumo": "3"}))
    ['kuura', 'lumo', 'pilvio']
    """
    return {unit for unit in before.keys() | after.keys() if before.get(unit) != after.get(unit)}


def pages_follow_markdown(record: BuildRecord | None, on_disk: dict[str, str], shown: dict[str, str]) -> bool:
    """Whether every page's HTML still follows from its :func:`page_key`: nothing of the ``SITE`` unit changed.

    >>> record = BuildRecord(on_disk={"": "s", "#templates": "t"}, shown={"": "s", "#templates": "t"})
    >>> pages_follow_markdown(record, {"": "s", "#templates": "u"}, {"": "s", "#templates": "u"})
    True
    >>> pages_follow_markdown(record, {"": "x", "#templates": "t"}, {"": "x", "#templates": "t"})
    False
    """
    return record is not None and SITE not in changed(record.shown, shown) | changed(record.on_disk, on_disk)


def to_render(record: BuildRecord | None, on_disk: dict[str, str], shown: dict[str, str], links: dict[str, set[str]]) -> set[str] | None:
    """The entities whose pages this build renders again, or None for every page.

    A unit is rendered again when the data it shows changed, and when its
    files changed even if the data shown did not (a file in mid-edit: its
    pages show the errors). The entities that link to a changed one follow.

    >>> record = BuildRecord(on_disk={"": "s", "a": "1", "b": "2"}, shown={"": "s", "a": "1", "b": "2"})
    >>> sorted(to_render(record, {"": "s", "a": "1", "b": "3"}, {"": "s", "a": "1", "b": "3"}, {"a": {"b"}, "b": set()}))
    ['a', 'b']
    >>> to_render(record, {"": "t", "a": "1", "b": "2"}, {"": "t", "a": "1", "b": "2"}, {}) is None
    True
    """
    if record is None:
        return None
    units = changed(record.shown, shown) | changed(record.on_disk, on_disk)
    if SITE in units or TEMPLATES in units:
        return None
    return units | {entity for entity, targets in links.items() if targets & units}
