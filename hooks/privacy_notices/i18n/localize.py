"""Copies of the data in one language, where every untranslated text says so.

A :class:`Localized` string is the text to show plus the language it is in.
When the translation is missing or fuzzy, it holds the source text and
``fallback`` is true: the templates then mark it with the source language's
``lang`` attribute and a visible note, instead of passing stale or missing
wording off as current.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from markupsafe import Markup, escape
from pydantic import BaseModel

from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.data.walk import translatable

M = TypeVar("M", bound=BaseModel)


class Localized(str):
    """Text in a known language; ``fallback`` when it stands in for a missing translation."""

    lang: str
    fallback: bool
    _inline: Callable[[Localized], Markup] | None

    def __new__(cls, text: str, lang: str, fallback: bool = False, inline: Callable[[Localized], Markup] | None = None) -> Localized:
        obj = super().__new__(cls, text)
        obj.lang = lang
        obj.fallback = fallback
        obj._inline = inline
        return obj

    def __html__(self) -> Markup:
        """Autoescaped output: the text, or the template's fallback marking around it."""
        if self.fallback and self._inline is not None:
            return self._inline(self)
        return escape(str(self))


class Localizer:
    """Translates data text into one language from the site's catalogs.

    Each catalog domain (the site, each entity) is written in its own
    language (``sources``); text already in the page's language is shown as
    written, and a fallback is marked with the language it is really in.
    """

    def __init__(
        self,
        catalogs: Catalogs | None,
        language: str,
        source_language: str,
        inline: Callable[[Localized], Markup] | None = None,
        sources: Mapping[str, str] | None = None,
    ) -> None:
        self.catalogs = catalogs
        self.language = language
        self.source_language = source_language
        """The site's source language: the language of a domain ``sources`` does not name."""
        self.sources = dict(sources or {})
        self.inline = inline
        self.fallbacks = 0
        """How many texts fell back to their original language (for the page banner and reports)."""
        self._models: dict[tuple[int, str], tuple[Any, Any, int]] = {}
        """(id of a model, domain) → the model, its translation, and how many of its texts fell back."""

    def source_of(self, domain: str) -> str:
        """The language ``domain``'s texts are written in."""
        return self.sources.get(domain, self.source_language)

    def is_source(self, domain: str) -> bool:
        return self.language == self.source_of(domain) or self.catalogs is None

    def text(self, domain: str, value: str) -> str:
        if self.is_source(domain):
            return value
        assert self.catalogs is not None
        found = self.catalogs.lookup(self.language, domain, value)
        if found.text is not None:
            return Localized(found.text, self.language)
        self.fallbacks += 1
        return Localized(value, self.source_of(domain), fallback=True, inline=self.inline)

    def model(self, obj: M, domain: str) -> M:
        """A copy of ``obj`` with every translatable field in this language.

        A version is translated for its pages, its ``notice.json`` and its entry in ``in-force.json``: the
        copy is made once, and each later call counts its fallbacks again as the first did.
        """
        if self.is_source(domain):
            return obj
        key = (id(obj), domain)
        known = self._models.get(key)
        if known is not None and known[0] is obj:
            self.fallbacks += known[2]
            result: M = known[1]
            return result
        before = self.fallbacks
        translated = self._translate(obj, domain)
        self._models[key] = (obj, translated, self.fallbacks - before)  # obj kept, so that its id is not reused
        return translated

    def _translate(self, obj: M, domain: str) -> M:
        updates: dict[str, Any] = {}
        for name, info in type(obj).model_fields.items():
            value = getattr(obj, name)
            marker = translatable(info)
            if isinstance(value, str) and marker:
                updates[name] = self.text(domain, value)
            elif isinstance(value, BaseModel):
                updates[name] = self._translate(value, domain)
            elif isinstance(value, list) and value:
                updates[name] = [
                    self.text(domain, item) if isinstance(item, str) and marker else self._translate(item, domain) if isinstance(item, BaseModel) else item
                    for item in value
                ]
        return obj.model_copy(update=updates)
