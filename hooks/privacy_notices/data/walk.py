"""Walking a model's values: its translatable texts, its placeholders, and what names a list item.

Catalogs, localized copies, the rules and the change summaries all read a
loaded file through these, so that each finds the same texts in the same
order, whatever kind of notice it is.
"""

from __future__ import annotations

import datetime
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from privacy_notices.data.fields import Translatable, is_placeholder


_MARKERS: dict[int, tuple[Any, Translatable | None]] = {}
"""id(field info) → (the field info, its marker): the fields of the model classes never change, and every
localized copy and every extraction asks for them again."""


def translatable(info: Any) -> Translatable | None:
    """The Translatable marker of a field, looking inside Optional and list."""
    cached = _MARKERS.get(id(info))
    if cached is not None and cached[0] is info:
        return cached[1]
    marker = next((item for item in getattr(info, "metadata", []) if isinstance(item, Translatable)), None)
    marker = marker or _marker_in(getattr(info, "annotation", None))
    _MARKERS[id(info)] = (info, marker)  # the info is kept, so its id is never reused for another object
    return marker


def _marker_in(annotation: Any) -> Translatable | None:
    if typing.get_origin(annotation) is typing.Annotated:
        for item in typing.get_args(annotation)[1:]:
            if isinstance(item, Translatable):
                return item
    for arg in typing.get_args(annotation):
        found = _marker_in(arg)
        if found:
            return found
    return None


def text_fields(model: BaseModel, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str, bool]]:
    """Every translatable string in a model: (location, text, is Markdown), in field order.

    Placeholders are not text: the empty ``changes`` and a text marked :data:`PLACEHOLDER_MARKER` are left out,
    so that translators are never asked to translate them and the rules that read the text never count them.
    """
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        marker = translatable(info)
        here = (*loc, name)
        if isinstance(value, str) and value and marker:
            if not is_placeholder(value):
                yield here, value, marker.markdown
        elif isinstance(value, BaseModel):
            yield from text_fields(value, here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str) and marker:
                    if not is_placeholder(item):
                        yield (*here, i), item, marker.markdown
                elif isinstance(item, BaseModel):
                    yield from text_fields(item, (*here, i))


def placeholders(value: Any, loc: tuple[str | int, ...] = ()) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every value marked :data:`PLACEHOLDER_MARKER`, translatable or not (a cookie's name, a provider): (location, text).

    >>> from privacy_notices.data.model import CookieNotice
    >>> notice = CookieNotice(kind="cookies", title="Cookies", cookies=[
    ...     {"name": "REPLACE: the name", "provider": "Acme", "party": "first", "category": "necessary", "purpose": "Login"}])
    >>> list(placeholders(notice))
    [(('cookies', 0, 'name'), 'REPLACE: the name')]
    """
    if isinstance(value, str):
        if is_placeholder(value):
            yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from placeholders(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from placeholders(item, (*loc, i))


ITEM_KEYS = ("id", "name", "right", "basis", "date")
"""Fields that name an item of a list, the first present first; a translated field never names one."""


def item_key(item: object) -> str | None:
    """What names a list item apart from its position (its id, a cookie's name…), or None.

    >>> from privacy_notices.data.layout import Section
    >>> from privacy_notices.data.parties import Recipient
    >>> item_key(Section(id="history", title="Our history", body="Founded in 1990."))
    'history'
    >>> item_key(Recipient(id="authorities", name="Authorities")), item_key("a data category")
    ('authorities', None)
    """
    if not isinstance(item, BaseModel):
        return None
    fields = type(item).model_fields
    for name in ITEM_KEYS:
        value = getattr(item, name) if name in fields and translatable(fields[name]) is None else None
        if isinstance(value, (str, datetime.date)):
            return str(value)
    return None
