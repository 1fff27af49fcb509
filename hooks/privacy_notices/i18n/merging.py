"""`notices i18n update`: new source text into the catalogs, keeping every translation there is.

Babel merges by resemblance; this decides from the data's structure which
new text is a changed one (and so keeps its old translation, fuzzy), carries
the previous source (``#| msgid``) of fuzzy entries through repeated
updates, and keeps obsolete translations for when their source comes back.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from privacy_notices.data import paths, vocab
from privacy_notices.data.errors import ErrorLog
from privacy_notices.data.project import Project
from privacy_notices.i18n.builtin import builtin_msgids
from privacy_notices.i18n.extraction import SITE_DOMAIN, SourceString, comment_uses, extract, target_languages
from privacy_notices.i18n.pofiles import LoadedCatalog, catalog_path, load_catalog, write_catalog


def merge(existing: LoadedCatalog | None, language: str, domain: str, strings: list[SourceString], now: datetime.datetime) -> Catalog:
    """New source strings into a catalog: nothing translated is ever dropped, and nothing new is guessed.

    Unchanged translations stay; changed source text (see :func:`changed_texts`)
    keeps its old translation marked fuzzy, with the old source as ``#| msgid``;
    any other new text is untranslated. Strings no longer used become obsolete
    (``#~``), and come back translated if the source returns.
    """
    template = Catalog(locale=None, project=domain, fuzzy=False)
    for s in strings:
        template.add(s.msgid, locations=s.locations, auto_comments=s.comments)
    if existing is None:
        catalog = Catalog(
            locale=vocab.babel_locale(language),
            project=domain,
            fuzzy=False,
            creation_date=now,
            revision_date=now,
            header_comment=(
                f"# {language} translations of the texts of {domain}.\n"
                "# Translate the msgstr lines; `notices i18n update` adds new texts. See TRANSLATING.md."
            ),
        )
        previous: dict[str, str] = {}
        changed: dict[str, Message] = {}
    else:
        catalog = existing.catalog
        previous = existing.previous
        for message in template:
            if message.id and message.id not in catalog and message.id in catalog.obsolete:
                catalog[message.id] = catalog.obsolete.pop(message.id)
        # The template's ids are the data's texts (Babel's type allows plural ones, which it never holds).
        _restore_reverted(catalog, previous, {m.id for m in template if isinstance(m.id, str) and m.id})
        changed = changed_texts(catalog, strings)
    template.creation_date = catalog.creation_date
    # Babel's own matching would give a new text the translation of whichever old text it resembles.
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    for msgid, old in changed.items():
        message = catalog[msgid]
        message.string = old.string
        message.flags.add("fuzzy")
        message.user_comments = list(old.user_comments)
        # A fuzzy old entry's translation is of its own previous text: that is what the translator compares.
        message.previous_id = [previous.get(str(old.id), str(old.id)) if old.fuzzy else str(old.id)]
    # Obsolete entries are kept for their translations; an untranslated one holds nothing to keep,
    # nor does a fuzzy copy of a translation kept exactly under its own text (an edit that was undone).
    catalog.obsolete = {key: message for key, message in catalog.obsolete.items() if message.string and not _fuzzy_copy(message, catalog, previous)}
    for message in catalog:
        if message.id and message.fuzzy and not message.previous_id and message.id in previous:
            message.previous_id = [previous[message.id]]
        if message.id and not message.fuzzy:
            message.previous_id = []
    return catalog


def changed_texts(catalog: Catalog, strings: list[SourceString]) -> dict[str, Message]:
    """New msgid → the old entry it changed from, for the new texts that are changed ones.

    A new text changed from an old one when the same field held the old one:
    in the same file at the last update (from the entries' ``#.`` lines), with
    the old text used nowhere now; or in the notice's previous version. A text
    with no such old text, or with more than one, is new: it gets no guess.
    """
    wanted = {s.msgid for s in strings}
    held: dict[str, set[str]] = {}
    for message in catalog:
        if message.id and message.id not in wanted:
            for use in comment_uses(message.auto_comments):
                held.setdefault(use, set()).add(str(message.id))
    changed: dict[str, Message] = {}
    for s in strings:
        if s.msgid in catalog:
            continue
        candidates = {old for use in s.comments for old in held.get(use, ())} | set(s.replaced)
        old = catalog.get(candidates.pop()) if len(candidates) == 1 else None
        if old is not None and old.string:
            changed[s.msgid] = old
    return changed


def _fuzzy_copy(message: Message, catalog: Catalog, previous: dict[str, str]) -> bool:
    """Whether a fuzzy entry holds its previous text's translation, which that text's own entry keeps, exact."""
    source = previous.get(str(message.id)) if message.fuzzy else None
    kept = (catalog.get(source) or catalog.obsolete.get(source)) if source else None
    return kept is not None and not kept.fuzzy and kept.string == message.string


def _restore_reverted(catalog: Catalog, previous: dict[str, str], wanted: set[str]) -> None:
    """A fuzzy entry whose source went back to its previous text is exact again: unfuzzy it."""
    for message in list(catalog):
        old = previous.get(str(message.id)) if message.id else None
        if old and message.fuzzy and old in wanted and message.id not in wanted and old not in catalog:
            catalog.delete(message.id)
            catalog.add(old, string=message.string, locations=message.locations, user_comments=message.user_comments)


def update(project: Project, languages: list[str], now: datetime.datetime, log: ErrorLog) -> list[Path]:
    """Extract every string and merge it into each language's catalogs. Returns the files written."""
    domains = extract(project)
    targets = [
        (language, domain, strings, catalog_path(project.root, language, domain))
        for language in languages
        for domain, strings in domains.items()
        if language in target_languages(project, domain)
    ]
    # Every catalog is checked before any is written: a link out of the data folder writes nothing anywhere.
    if [path for *_, path in targets if paths.refuse(path, project.root, log)]:
        return []
    written = []
    for language, domain, strings, path in targets:
        existing = load_catalog(path, language, log) if path.is_file() else None
        if path.is_file() and existing is None:
            continue
        items = list(strings.values())
        if domain == SITE_DOMAIN and existing is not None:
            items += _kept_overrides(existing, {s.msgid for s in items})
        catalog = merge(existing, language, domain, items, now)
        if write_catalog(path, catalog):
            written.append(path)
    return written


def _kept_overrides(existing: LoadedCatalog, extracted: set[str]) -> list[SourceString]:
    """Overrides of built-in vocabulary in site.po: not from the data, but never obsolete."""
    builtin = builtin_msgids()
    return [SourceString(m.id, False) for m in existing.catalog if m.id and m.id in builtin and m.id not in extracted]
