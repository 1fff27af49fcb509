"""What loading gives: the project, its entities, their notices and each dated version.

These are the domain objects every layer above works with; they live apart
from the loader, which walks the files and reports what is wrong with them,
so that code that only reads a loaded project need not know how it was made.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from privacy_notices.data.model import Entity, NoticeBase, Site
from privacy_notices.data.walk import text_fields
from privacy_notices.data.yamlsource import YamlDocument


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

    def time_zone(self, entity: str) -> str:
        """The time zone an entity's versions take effect in: its own, or the site's."""
        record = self.entities.get(entity)
        return (record.data.time_zone if record else None) or self.site.time_zone

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
