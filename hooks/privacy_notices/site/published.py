"""What each version that has taken effect says on its page, in every language it is published in.

The lock covers a version's own text: its file, translated. Its page says
more: the company's identity, contacts, data protection officer,
representative and supervisory authority come from ``entity.yml``, and the
site's name and the page's address from ``site.yml``. A published version
is changed by an edit of any of these, or of a catalog, and the lock file
itself is data a change can rewrite. So the review report compares what
every page says between the base and the change, part by part, to name the
file an edit was made in. The values are the pages' own
(:func:`views.notice_context` with the build's :class:`Localizer`), not a
second rendering of them.
"""

from __future__ import annotations

import datetime
import json
import posixpath
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from pydantic_core import to_jsonable_python

from privacy_notices.history import lock
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.data.project import Project
from privacy_notices.i18n.localize import Localizer
from privacy_notices.site.urls import language_prefix, version_uri
from privacy_notices.site.views import notice_context, timeline

ENTITY_NOT_SHOWN = {"languages", "suppress", "description", "vat_id"}
"""Fields of ``entity.yml`` no version page shows: which languages it publishes in (a language that
goes is reported as gone), the rules it turns off, the introduction of its own page, its VAT number."""


def canonical(value: Any) -> str:
    """Sorted, compact JSON of models, dataclasses and plain values: what a digest is taken of.

    >>> canonical({"b": (1, None), "a": "ä"})
    '{"a":"ä","b":[1,null]}'
    """
    return json.dumps(to_jsonable_python(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


@dataclass(frozen=True)
class Page:
    """What one version's page says in one language, in three parts by the file each comes from."""

    version: str
    """SHA-256 of the version's text in the language: the hash of ``notice.json``, which the lock records."""
    entity: str
    """SHA-256 of what the page shows of its company: name, controller, contacts, DPO, representative,
    supervisory authority, its language and changes of it (mostly ``entity.yml``, translated)."""
    site: str
    """SHA-256 of the site's name in the language and the page's address (``site.yml``)."""


def _address(project: Project, uri: str) -> str:
    """The page's address in a publish build: ``base_url`` and the page's folder (as ``notice.json`` has it)."""
    folder = posixpath.dirname(uri) + "/"
    return urljoin(project.site.base_url, folder) if project.site.base_url else "/" + folder


def pages(project: Project, catalogs: Catalogs | None, as_of: datetime.date) -> dict[tuple[str, str], Page]:
    """(``entity/notice/YYYY-MM-DD``, language) → what the page says, for every version in force or archived on
    ``as_of``, in every language its entity publishes in. Upcoming versions are left out: nothing was published."""
    out: dict[tuple[str, str], Page] = {}
    source = project.site.source_language
    for language in project.site.all_languages:
        localizer = Localizer(catalogs, language, source, sources=project.sources())
        prefix = language_prefix(language, source)
        site_name = localizer.text("site", project.site.name)
        for record in project.entities.values():
            if not project.publishes(record.id, language):
                continue
            for series in record.notices.values():
                infos = timeline(series, as_of, prefix, localizer)
                for version in series.versions:
                    if version.effective > as_of:
                        continue
                    context = notice_context(project, version, infos, localizer, prefix)
                    entity = context.entity
                    shown = {
                        "name": entity.name,
                        "controller": context.controller,
                        "contact": entity.contact,
                        "dpo": entity.dpo,
                        "representative": entity.representative,
                        "authority": context.authority,
                        "original": context.original.language if context.original else None,
                        "language_changes": context.language_changes,
                    }
                    uri = version_uri(record.id, series.id, version.effective, prefix)
                    out[(lock.key(version), language)] = Page(
                        version=lock.sha256(lock.canonical_text(context.notice)),
                        entity=lock.sha256(canonical(shown)),
                        site=lock.sha256(canonical({"name": site_name, "address": _address(project, uri)})),
                    )
    return out


def entity_data(project: Project) -> dict[str, str]:
    """Entity → SHA-256 of what its ``entity.yml`` says that version pages show, as written: an edit of it is told
    from a controller or an authority that a version file names itself."""
    return {name: lock.sha256(canonical(record.data.model_dump(mode="json", exclude=ENTITY_NOT_SHOWN))) for name, record in project.entities.items()}


VERSION_FILE = "the version file"
TRANSLATION = "the translation"
ENTITY_FILE = "entity.yml"
SITE_FILE = "site.yml"


@dataclass
class LanguageEdit:
    """How one version's page in one language changed."""

    language: str
    change: str
    """``edited``, or ``no longer published`` (its entity or the site dropped the language)."""
    causes: list[str] = field(default_factory=list)
    """Where the edit was made: the version file, the translation, entity.yml, site.yml."""


def compare(
    key: str, languages: list[str], before: dict[tuple[str, str], Page], after: dict[tuple[str, str], Page],
    between: dict[tuple[str, str], Page], entity_changed: bool,
) -> list[LanguageEdit]:
    """The languages in which version ``key`` says something else after the change, and where each edit was made.

    ``between`` is what the pages say with the change's data and the base's catalogs: a difference from
    ``before`` is an edit of the data, a difference from ``after`` one of the translation. ``languages`` are the
    base site's, in its order; a page the change adds (a language newly published) is no edit.
    """
    edits = []
    for language in languages:
        was, now, mixed = before.get((key, language)), after.get((key, language)), between.get((key, language))
        if was is None or was == now:
            continue
        if now is None or mixed is None:
            edits.append(LanguageEdit(language, "no longer published"))
            continue
        causes: list[str] = []
        if was.version != mixed.version:
            causes.append(VERSION_FILE)
        if was.entity != mixed.entity:
            causes.append(ENTITY_FILE if entity_changed else VERSION_FILE)  # else a controller or an authority of its own
        if was.site != mixed.site:
            causes.append(SITE_FILE)
        if mixed != now:
            causes.append(TRANSLATION)
        edits.append(LanguageEdit(language, "edited", list(dict.fromkeys(causes))))
    return edits
