"""Translations are checked like data: what each one may contain, and whether its catalog is ever read.

A translation may not add markup, drop a placeholder, change a link or the
Markdown structure of its source text; a catalog for a language its entity
does not publish in, or writes in, is never read. Both are reported with
the catalog's line, as data errors are.
"""

from __future__ import annotations

import functools
import re

from privacy_notices.data import textcheck
from privacy_notices.data.errors import ErrorLog
from privacy_notices.data.project import Project
from privacy_notices.data.validation import suggest
from privacy_notices.i18n.builtin import builtin_msgids
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.i18n.extraction import SITE_DOMAIN, extract, target_languages
from privacy_notices.i18n.pofiles import short_msgid


_PLACEHOLDER = re.compile(r"%\(([A-Za-z_][A-Za-z0-9_]*)\)s")


def check_format(msgid: str, translation: str) -> str | None:
    """Why an interface translation would fail or lose a value when the page fills it in, or None.

    Interface texts are filled in with ``text % {"date": …}``; the same
    operation is the test, so any placeholder or percent sign it rejects is
    reported here instead of failing the build.

    >>> check_format("In force from %(date)s.", "Voimassa %(date)s alkaen.") is None
    True
    >>> check_format("In force from %(date)s.", "Voimassa %(päivä)s alkaen.")
    'the translation must keep the placeholder %(date)s of the source text, and add none; found %(päivä)s'
    >>> check_format("Home", "100 % koti")
    "a lone '%' cannot be filled in; write %% for a percent sign"
    """
    wanted = set(_PLACEHOLDER.findall(msgid))
    try:
        translation % {name: "" for name in wanted}
    except KeyError:
        found = re.findall(r"%\(([^)]*)\)", translation)
        return f"the translation must keep the placeholder{'s' if len(wanted) != 1 else ''} {', '.join(f'%({n})s' for n in sorted(wanted)) or '(none)'} of the source text, and add none; found {', '.join(f'%({textcheck.excerpt(n)})s' for n in found)}"
    except (ValueError, TypeError):
        return "a lone '%' cannot be filled in; write %% for a percent sign"
    missing = wanted - set(_PLACEHOLDER.findall(translation))
    if missing:
        return f"the translation drops the placeholder {', '.join(f'%({n})s' for n in sorted(missing))}; keep every placeholder of the source text"
    return None


def translation_problems(msgid: str, translation: str, markdown: bool | None, current: bool) -> list[str]:
    """What is wrong with one translation: markup, control characters, links and structure that differ.

    ``markdown`` is None for an interface text (plain, with placeholders);
    ``current`` is False for a fuzzy entry, whose source changed since.
    """
    return list(_translation_problems(msgid, translation, markdown, current))


@functools.lru_cache(maxsize=65536)
def _translation_problems(msgid: str, translation: str, markdown: bool | None, current: bool) -> tuple[str, ...]:
    """:func:`translation_problems`, worked out once per text: the same pairs recur in every build and language."""
    return tuple(_find_translation_problems(msgid, translation, markdown, current))


def _find_translation_problems(msgid: str, translation: str, markdown: bool | None, current: bool) -> list[str]:
    problems: list[str] = []
    try:
        (textcheck.check_markdown if markdown else textcheck.check_plain)(translation)
    except ValueError as exc:
        return [f"in the translation, {exc}"]
    if markdown is None:
        problem = check_format(msgid, translation)
        return [problem] if problem else []
    if not markdown or not current:
        return problems
    src_links, _ = textcheck.link_targets(msgid)
    new_links, _ = textcheck.link_targets(translation)
    for href in sorted(set(src_links) - set(new_links)):
        problems.append(f"the translation drops or changes the link to '{textcheck.excerpt(href)}'; keep every link target of the source text")
    for href in sorted(set(new_links) - set(src_links)):
        problems.append(f"the translation adds a link to '{textcheck.excerpt(href)}' that the source text does not have")
    before, after = textcheck.structure(msgid), textcheck.structure(translation)
    if before != after:
        problems.append(
            f"the translation changes the Markdown structure ({_shape(before)} in the source text, {_shape(after)} here); "
            "keep the same lists, items, headings and quotes"
        )
    return problems


def _shape(tags: list[str]) -> str:
    """A structure as a reader would count it.

    >>> _shape(["ul", "li", "li"]), _shape([])
    ('1 ul, 2 li', 'no lists or headings')
    """
    if not tags:
        return "no lists or headings"
    counts: dict[str, int] = {}
    for tag in tags:
        counts[tag] = counts.get(tag, 0) + 1
    return ", ".join(f"{n} {tag}" for tag, n in counts.items())


def catalog_misplaced(project: Project, language: str, domain: str) -> str | None:
    """Why the catalog of ``domain`` in ``language`` is never read, or None when it is used."""
    own = project.language_of(domain)
    what = "site.yml is" if domain == SITE_DOMAIN else f"the entity '{domain}' is"
    if language == own:
        return (
            f"{what} written in {language}, so its {language} text is the original and this catalog is never read; "
            f"catalogs translate from {language} into the other languages (see TRANSLATING.md)"
        )
    if language not in target_languages(project, domain):
        return (
            f"the entity '{domain}' does not publish in {language} (its languages: {', '.join(project.languages_of(domain))}), "
            f"so this catalog is never read; add {language} to 'languages' in its entity.yml, or remove the catalog"
        )
    return None


def check_translations(project: Project, catalogs: Catalogs, log: ErrorLog) -> None:
    """Translations are checked like data: no markup, same placeholders, links and Markdown structure."""
    domains = extract(project)
    builtin = builtin_msgids()
    for (language, domain), loaded in catalogs.loaded.items():
        if domain in project.skipped:
            continue  # its entity.yml has errors, reported already: the catalog is checked once it loads
        if domain not in domains:
            known = sorted(domains)
            log.add(
                loaded.path, 1, 1, "",
                f"no entity '{domain}' uses this catalog" + suggest(domain, known)
                + f"; delete the file, or rename it after the entity it belongs to (catalogs are named after an entity folder or 'site': {', '.join(known)})",
            )
            continue
        misplaced = catalog_misplaced(project, language, domain)
        if misplaced:
            log.add(loaded.path, 1, 1, "", misplaced)
            continue
        sources = domains[domain]
        for message in loaded.catalog:
            if not message.id or not message.string or not isinstance(message.string, str):
                continue
            msgid = str(message.id)
            source = sources.get(msgid)
            if source is not None:
                markdown: bool | None = source.markdown
            elif domain == SITE_DOMAIN and msgid in builtin:
                markdown = None
            else:
                markdown = True  # unused here: only what could never be shown safely is refused
            for problem in translation_problems(msgid, message.string, markdown, current=not message.fuzzy):
                log.add(loaded.path, message.lineno or 1, 1, f'msgid "{short_msgid(msgid)}"', problem)
