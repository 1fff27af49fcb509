"""Machine-readable copies of every version: ``notice.json``, and the schema that describes it.

Each file holds the validated data as written, the same data in the file's
language, and the SHA-256 of that localized text (the hash ``notices lock``
records), so that anyone can check later what a notice said.
"""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from privacy_notices.i18n.localize import Localizer
from privacy_notices.history.lock import canonical_text, sha256
from privacy_notices.data.project import NoticeVersion
from privacy_notices.data.model import AnyNotice, NoticeBase

SCHEMA_PATH = "schema/notice-export.schema.json"
"""Where the site publishes the schema of notice.json."""

class Translation(BaseModel):
    """How complete the language of this file is for this version."""

    complete: bool
    """True when every text is translated; false when some fall back to the source language."""
    fallbacks: int
    """How many texts are shown in the source language."""


class NoticeExport(BaseModel):
    """One version of one notice in one language: the content of ``notice.json``."""

    model_config = ConfigDict(populate_by_name=True, use_attribute_docstrings=True)

    schema_: str = Field(alias="$schema")
    """The address of this schema."""
    entity: str
    """Folder name of the entity, as in the site's addresses."""
    notice: str
    """Folder name of the notice."""
    kind: Literal["controller", "processor", "cookies"]
    language: str
    """The language of ``localized``."""
    source_language: str
    """The language of ``data``: the language the entity writes in, its original."""
    effective: datetime.date
    """The day the version takes effect."""
    until: datetime.date | None
    """The day the next version takes effect, if there is one."""
    status: Literal["current", "archived", "upcoming"]
    """The version's state on the day the site was built for."""
    url: str
    """The version's permanent page."""
    sha256: str
    """SHA-256 of the canonical text of ``localized``: its JSON with sorted keys and no spaces."""
    translation: Translation
    data: AnyNotice
    """The version as written in the data file."""
    localized: AnyNotice
    """The same version in ``language``."""


def json_schema_text(name: str, target: Any) -> str:
    """A JSON Schema document for ``target`` (a model or annotated type), as published."""
    schema = TypeAdapter(target).json_schema(by_alias=True)
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": name, **schema}
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


@functools.lru_cache(maxsize=1)
def schema_text() -> str:
    """The JSON Schema of notice.json (made once: pydantic takes a while to work it out)."""
    return json_schema_text("notice-export.schema.json", NoticeExport)


@dataclass(frozen=True)
class Exported:
    """One version's ``notice.json``, and what the JSON-LD beside it is made of."""

    text: str
    localized: NoticeBase
    """The version in the file's language."""
    sha256: str


def export(
    version: NoticeVersion,
    localizer: Localizer,
    *,
    status: str,
    until: datetime.date | None,
    url: str,
    schema_url: str,
) -> Exported:
    """``notice.json`` for one version in the localizer's language."""
    before = localizer.fallbacks
    localized = localizer.model(version.data, version.entity)
    fallbacks = localizer.fallbacks - before
    text = canonical_text(localized)
    digest = sha256(text)
    document: dict[str, Any] = {
        "$schema": schema_url,
        "entity": version.entity,
        "notice": version.notice,
        "kind": version.data.kind,
        "language": localizer.language,
        "source_language": localizer.source_of(version.entity),
        "effective": version.effective.isoformat(),
        "until": until.isoformat() if until else None,
        "status": status,
        "url": url,
        "sha256": digest,
        "translation": {"complete": fallbacks == 0, "fallbacks": fallbacks},
        "data": version.data.model_dump(mode="json"),
        "localized": json.loads(text),
    }
    return Exported(json.dumps(document, indent=2, ensure_ascii=False) + "\n", localized, digest)
