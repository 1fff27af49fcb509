"""``in-force.json``: which version of a notice was in force at any moment, with its hash and addresses per language.

A consent record names the notice shown; an audit later asks which version
that was, and whether a text is the one shown. The index answers from static
files alone: every version with its validity interval in the entity's time
zone, and per language its page, its ``notice.json`` and the SHA-256 of its
text (the hash ``notice.json`` and ``notices lock`` give). ``notices which``
builds the same document and picks from it.
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from privacy_notices.data import inforce
from privacy_notices.data.asof import statuses
from privacy_notices.data.project import NoticeSeries, Project
from privacy_notices.history.lock import canonical_text, sha256
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.i18n.localize import Localizer
from privacy_notices.site.exports import json_schema_text
from privacy_notices.site.urls import export_uri, in_force_uri, language_prefix, notice_uri, version_uri

SCHEMA_PATH = "schema/in-force.schema.json"
"""Where the site publishes the schema of in-force.json."""

ABOUT = (
    "Which version of each notice is in force when. A version is in force from 'from' (inclusive) until 'until' "
    "(exclusive; null while no later version is known), both in 'time_zone'. 'status' is as of the day the site was "
    "built for, and holds from 'statuses_from' until 'statuses_until'; an upcoming version is listed because its date "
    "is known, but it may still change until it takes effect. 'sha256' is of the version's text in that language, as in its notice.json."
)


class Shown(BaseModel):
    """One version in one language: where it is and the hash of what it says."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    url: str
    """The version's permanent page in this language."""
    notice_json: str
    """Its notice.json in this language."""
    sha256: str
    """SHA-256 of its canonical text in this language (as in notice.json): what a consent record stores."""
    complete: bool
    """False when some texts are shown in the original language, untranslated (the hash covers them as shown)."""


class Span(BaseModel):
    """One version and when it is in force."""

    model_config = ConfigDict(populate_by_name=True, use_attribute_docstrings=True)

    effective: datetime.date
    """The date it takes effect: its file's name."""
    from_: datetime.datetime = Field(alias="from")
    """00:00 of that date in the time zone, with the offset in force there then."""
    until: datetime.datetime | None
    """When the next version takes effect (exclusive); null while no later version is known."""
    status: Literal["current", "archived", "upcoming"]
    """On the as-of day."""
    languages: dict[str, Shown]
    """Every language the version is published in."""


class NoticeInForce(BaseModel):
    """One notice and all its versions, oldest first."""

    model_config = ConfigDict(use_attribute_docstrings=True)

    notice: str
    """Folder name of the notice, as in its addresses."""
    kind: Literal["controller", "processor", "cookies"]
    urls: dict[str, str]
    """Its stable address in each language: the page of the version in force on the day the site was built."""
    versions: list[Span]


class InForceIndex(BaseModel):
    """The content of ``in-force.json``: one notice's (beside its versions), or all of an entity's (in its folder)."""

    model_config = ConfigDict(populate_by_name=True, use_attribute_docstrings=True)

    schema_: str = Field(alias="$schema")
    """The address of this schema."""
    about: str
    """How to read the file, in words."""
    entity: str
    """Folder name of the entity."""
    statuses_from: datetime.date | None
    """The 'status' of every version holds from this day (null: from the beginning) ..."""
    statuses_until: datetime.date | None
    """... until this one, exclusive (null: for good); the day the site was built for is between them."""
    time_zone: str
    """The IANA time zone the entity's versions take effect in."""
    notices: list[NoticeInForce]


@functools.lru_cache(maxsize=1)
def schema_text() -> str:
    """The JSON Schema of in-force.json."""
    return json_schema_text("in-force.schema.json", InForceIndex)


def notice_entry(project: Project, catalogs: Catalogs | None, series: NoticeSeries, as_of: datetime.date, url: Callable[[str], str]) -> dict[str, Any]:
    """One notice's part of the index; ``url`` makes a page's or file's address (absolute with a site address)."""
    source = project.site.source_language
    languages = project.languages_of(series.entity)
    localizers = {language: Localizer(catalogs, language, source, sources=project.sources()) for language in languages}
    days = [version.effective for version in series.versions]
    spans = inforce.intervals(days, inforce.zone(project.time_zone(series.entity)))
    versions = []
    for version, span, state in zip(series.versions, spans, statuses(days, as_of)):
        shown = {}
        for language, localizer in localizers.items():
            before = localizer.fallbacks
            text = canonical_text(localizer.model(version.data, series.entity))
            page = version_uri(series.entity, series.id, version.effective, language_prefix(language, source))
            shown[language] = {"url": url(page), "notice_json": url(export_uri(page)), "sha256": sha256(text), "complete": localizer.fallbacks == before}
        versions.append(
            {
                "effective": version.effective.isoformat(),
                "from": span.start.isoformat(),
                "until": span.end.isoformat() if span.end else None,
                "status": state,
                "languages": shown,
            }
        )
    return {
        "notice": series.id,
        "kind": series.kind,
        "urls": {language: url(notice_uri(series.entity, series.id, language_prefix(language, source))) for language in languages},
        "versions": versions,
    }


def document(project: Project, entity: str, as_of: datetime.date, schema_url: str, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """An index of ``entity`` holding the notices' ``entries`` (:func:`notice_entry`): one, or all of them.

    The day the statuses were worked out for is given as the days between which they hold, not as the day
    itself: a site rebuilt daily then rewrites the file only when a status changes, as it does its pages.
    """
    days = sorted({datetime.date.fromisoformat(v["effective"]) for entry in entries for v in entry["versions"]})
    return {
        "$schema": schema_url,
        "about": ABOUT,
        "entity": entity,
        "statuses_from": max((d.isoformat() for d in days if d <= as_of), default=None),
        "statuses_until": min((d.isoformat() for d in days if d > as_of), default=None),
        "time_zone": project.time_zone(entity),
        "notices": entries,
    }


def files(project: Project, catalogs: Catalogs | None, entity: str, as_of: datetime.date, url: Callable[[str], str], schema_url: str) -> list[tuple[str, str]]:
    """Address and text of the entity's index and of each of its notices' (each notice worked out once)."""
    entries = {name: notice_entry(project, catalogs, series, as_of, url) for name, series in project.entities[entity].notices.items()}
    made = [(in_force_uri(entity), document(project, entity, as_of, schema_url, list(entries.values())))]
    made += [(in_force_uri(entity, name), document(project, entity, as_of, schema_url, [entry])) for name, entry in entries.items()]
    return [(uri, json.dumps(doc, indent=2, ensure_ascii=False) + "\n") for uri, doc in made]


def uris(project: Project, entity: str) -> list[str]:
    """The addresses :func:`files` writes for ``entity``, in its order: what a build that keeps them names."""
    return [in_force_uri(entity)] + [in_force_uri(entity, name) for name in project.entities[entity].notices]
