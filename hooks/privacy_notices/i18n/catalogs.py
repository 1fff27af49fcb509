"""The site's catalogs as a build reads them: every language's, once, and a lookup in them.

Data text is translated through gettext catalogs, one per entity and language
(``data/locales/<lang>/<entity>.po``) plus ``site.po`` for site-wide text and
overrides of the built-in vocabulary. The msgid is the source text, so text
shared between versions is translated once, and a changed text is a new
msgid. A build, a check and every command read the catalogs through
:class:`Catalogs`: what is translated, fuzzy or missing, and the interface
texts of a page.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from gettext import NullTranslations
from pathlib import Path
from typing import Literal, cast

from babel.messages.catalog import Catalog, Message

from privacy_notices.data import paths
from privacy_notices.data.errors import ErrorLog
from privacy_notices.data.reuse import Reuse
from privacy_notices.i18n.builtin import builtin_catalog_path, read_builtin
from privacy_notices.i18n.extraction import SITE_DOMAIN
from privacy_notices.i18n.pofiles import LoadedCatalog, catalog_path, load_catalog

State = Literal["translated", "fuzzy", "missing"]


def state_of(message: Message | None) -> State:
    if message is None or not message.string:
        return "missing"
    return "fuzzy" if message.fuzzy else "translated"


@dataclass
class Lookup:
    """A translation, or why there is none."""

    text: str | None
    state: State
    path: Path | None
    line: int


class Catalogs:
    """Every catalog of the site for the published languages, read once per build."""

    def __init__(self, root: Path, languages: list[str], source_language: str, log: ErrorLog, reuse: Reuse | None = None) -> None:
        self.root = root
        self.source_language = source_language
        self.loaded: dict[tuple[str, str], LoadedCatalog] = {}
        self.unreadable: set[tuple[str, str]] = set()
        """(language, domain) of catalogs that exist but have errors: their texts are not reported missing too."""
        self.refused_folders: set[str] = set()
        """Languages whose catalog folder is refused (a link out of the data folder): none of their texts is reported missing either."""
        self.builtin: dict[str, Catalog] = {}
        # Every language may hold catalogs: an entity written in Finnish has its English ones under locales/en/.
        for language in languages:
            builtin = builtin_catalog_path(language)
            if builtin.is_file():
                read = functools.partial(read_builtin, builtin.read_bytes(), language)
                self.builtin[language] = read(log) if reuse is None else reuse.load(("builtin", language), [], log, read)
            folder = root / "locales" / language
            if paths.exists(folder) and paths.refuse(folder, root, log, folder=True):
                self.refused_folders.add(language)
                continue
            for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
                if paths.refuse(path, root, log):
                    self.unreadable.add((language, path.stem))
                    continue
                if reuse is None:
                    loaded = load_catalog(path, language, log)
                else:
                    loaded = reuse.load(("catalog", path, language), [path], log, functools.partial(load_catalog, path, language))
                if loaded is not None:
                    self.loaded[(language, path.stem)] = loaded
                else:
                    self.unreadable.add((language, path.stem))

    def lookup(self, language: str, domain: str, msgid: str) -> Lookup:
        """The translation of data text ``msgid`` from ``domain``'s catalog."""
        loaded = self.loaded.get((language, domain))
        path = loaded.path if loaded else catalog_path(self.root, language, domain)
        message = loaded.catalog.get(msgid) if loaded else None
        state = state_of(message)
        line = getattr(message, "lineno", None) or 1
        # One text: Babel's type allows plural forms (a tuple), but these catalogs hold one text a message
        # (read_catalog reports a plural entry as an error, and no build goes on with errors).
        text = cast(str, message.string) if state == "translated" and message else None
        return Lookup(text, state, path, line)

    def ui(self, language: str) -> NullTranslations:
        """Interface strings: the site's overrides, then the built-in catalog, then the English source."""
        site = self.loaded.get((language, SITE_DOMAIN))
        return _UiTranslations([site.catalog] if site else [], self.builtin.get(language))


class _UiTranslations(NullTranslations):
    """gettext over Babel catalogs: untranslated and fuzzy entries fall back to the msgid."""

    def __init__(self, overrides: list[Catalog], builtin: Catalog | None) -> None:
        super().__init__()
        self.chain = [*overrides, *([builtin] if builtin else [])]

    def gettext(self, message: str) -> str:
        for catalog in self.chain:
            entry = catalog.get(message)
            if entry is not None and entry.string and not entry.fuzzy:
                return str(entry.string)
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular) if n == 1 else self.gettext(plural)
