"""Checks the models cannot express: within one version file, and between the files of the data.

The pydantic models check each value and each object alone; what depends on
several of them (ids used twice, a statement that contradicts an activity, a
processor abroad without its transfer, an entity's languages against the
site's, a controller notice that is not one) is checked here, while loading,
so that every such mistake is reported in the same run as the others.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from privacy_notices.data import textcheck, vocab
from privacy_notices.data.errors import ErrorLog, format_where
from privacy_notices.data.fields import TOPICS
from privacy_notices.data.layout import LEAVE_OUT
from privacy_notices.data.model import ProcessorNotice, Site
from privacy_notices.data.project import EntityRecord, NoticeVersion
from privacy_notices.data.rights import derived_rights
from privacy_notices.data.textcheck import excerpt
from privacy_notices.data.validation import suggest
from privacy_notices.data.yamlsource import Loc, YamlDocument


def check_entity_languages(site: Site, entities: dict[str, EntityRecord], log: ErrorLog) -> None:
    """An entity writes in one of the site's languages and publishes in some of them, its own among them."""
    published = site.all_languages
    listing = ", ".join(published)
    for record in entities.values():
        data, mark = record.data, (record.doc.mark if record.doc else (lambda loc, key=False: (1, 1)))
        own = data.language or site.source_language
        if data.language and data.language not in published:
            log.add(record.path, *mark(("language",)), "language", f"'{data.language}' is not one of the site's languages ({listing}); add it to 'languages' in site.yml, or write in one of them")
        for i, lang in enumerate(data.languages):
            if lang not in published:
                log.add(record.path, *mark(("languages", i)), f"languages[{i}]", f"'{lang}' is not one of the site's languages ({listing}); an entity publishes in some of them")
            elif lang in data.languages[:i]:
                log.add(record.path, *mark(("languages", i)), f"languages[{i}]", f"'{lang}' is listed twice; list each language once")
        if data.languages and own not in data.languages:
            where = "its 'language'" if data.language else "the site's source language, which it writes in"
            log.add(record.path, *mark(("languages",)), "languages", f"'languages' must include '{own}', {where}: the original is always published; found {', '.join(data.languages)}")
        if data.language_changes and data.language_changes[-1].to != own:
            i = len(data.language_changes) - 1
            log.add(
                record.path, *mark(("language_changes", i, "to")), f"language_changes[{i}].to",
                f"the last change of language is to '{data.language_changes[-1].to}', but the entity writes in '{own}'; "
                "change the language with `notices i18n swap`, which records it here",
            )


def _error(version: NoticeVersion, loc: Loc, message: str, log: ErrorLog) -> None:
    line, col = version.doc.mark(loc)
    log.add(version.path, line, col, format_where(loc), message)


def check_version(version: NoticeVersion, log: ErrorLog) -> None:
    """Checks within one version file that the models cannot express."""
    data = version.data
    if data.drawn_up and data.drawn_up > version.effective:
        _error(version, ("drawn_up",), f"the notice was drawn up on {data.drawn_up.isoformat()}, after this version takes effect ({version.effective.isoformat()}, from the file name)", log)
    if data.published and data.published > version.effective:
        _error(version, ("published",), f"the publication date {data.published.isoformat()} is after the date this version takes effect ({version.effective.isoformat()}, from the file name)", log)
    for i, correction in enumerate(data.corrections):
        if correction.date < version.effective:
            _error(version, ("corrections", i, "date"), f"a correction dated {correction.date.isoformat()} is earlier than the version itself ({version.effective.isoformat()}); change the text before it takes effect without a correction", log)
    _check_statements_and_rights(version, log)
    if data.layout is not None:
        _check_layout(version, log)
    if data.kind == "controller" and data.retention is None:
        for i, activity in enumerate(getattr(data, "activities", [])):
            if activity.retention is None:
                _error(version, ("activities", i), "required field 'retention' is missing; give it here, or once as 'retention' for the whole notice", log)
    if data.cookie_choice is not None and not getattr(data, "cookies", []):
        _error(version, ("cookie_choice",), "'cookie_choice' says how to change cookie choices, but the notice lists no cookies; add them, or remove it", log)
    if getattr(data, "unnamed_providers", None) and not getattr(data, "cookies", []):
        _error(version, ("unnamed_providers",), "'unnamed_providers' is shown with the notice's cookies, but it lists none; add them, or say it in a free section", log)
    _unique(version, "activities", log)
    activity_ids = {a.id for a in getattr(data, "activities", [])}
    for i, pointer in enumerate(getattr(data, "told_elsewhere", [])):
        if pointer.id in activity_ids:
            _error(version, ("told_elsewhere", i, "id"), f"id '{pointer.id}' is also an activity's; give the situation its own id", log)
    _unique(version, "sections", log)
    _unique(version, "transfers", log)


_OWN_TEXT = {"controller": ("controller",), "authority": ("supervisory_authority",), "contact": ("contact_note", "related", "related_external"), "changes": ("changes_policy", "changes")}
"""What of a notice's own a section made from entity.yml shows: leaving the section out would hide it."""


def _check_layout(version: NoticeVersion, log: ErrorLog) -> None:
    """The layout names sections a notice can have, leaves out only what entity.yml gives, and places each once."""
    data, layout = version.data, version.data.layout
    assert layout is not None
    known = [*TOPICS, "in-brief", "dpo", "representative", "joint-controllers", *(s.id for s in data.sections), *(f"section-{s.id}" for s in data.sections)]

    def unknown(loc: Loc, anchor: str) -> None:
        _error(version, loc, f"unknown section '{excerpt(anchor)}'" + suggest(anchor, known) + "; list topics (controller, activities, rights…), dpo, representative, joint-controllers, or ids of this notice's sections", log)

    for i, anchor in enumerate(layout.order):
        if anchor not in known:
            unknown(("layout", "order", i), anchor)
    for i, anchor in enumerate(layout.leave_out):
        if anchor not in LEAVE_OUT:
            _error(version, ("layout", "leave_out", i), f"'{excerpt(anchor)}' cannot be left out; only the sections the generator makes can ({', '.join(LEAVE_OUT)}): merge or order the others", log)
        elif anchor in layout.order or anchor in layout.merge:
            _error(version, ("layout", "leave_out", i), f"'{anchor}' is left out, yet the layout also places it; give it one place", log)
        elif given := [name for name in _OWN_TEXT.get(anchor, ()) if getattr(data, name)]:
            _error(version, ("layout", "leave_out", i), f"'{anchor}' shows this notice's '{given[0]}', which would then not be shown; remove one of them", log)
    own_titles = [s.id for s in data.sections] + [f"section-{s.id}" for s in data.sections]
    seen: set[str] = set()
    for i, heading in enumerate(layout.headings):
        if heading.id in own_titles:
            _error(version, ("layout", "headings", i, "id"), f"'{heading.id}' is a section of this notice with its own 'title'; change that title instead", log)
        elif heading.id not in known:
            unknown(("layout", "headings", i, "id"), heading.id)
        elif heading.id in seen:
            _error(version, ("layout", "headings", i, "id"), f"'{heading.id}' is given a heading twice; keep one", log)
        seen.add(heading.id)
    for source, target in layout.merge.items():
        for anchor in (source, target):
            if anchor not in known:
                unknown(("layout", "merge", source), anchor)
        if target == source or target in layout.merge or target in layout.leave_out:
            _error(version, ("layout", "merge", source), f"'{source}' is merged into '{target}', which is itself merged or left out; merge it into a section the page shows", log)
        elif source in layout.order:
            _error(version, ("layout", "merge", source), f"'{source}' is merged into '{target}', yet 'order' places it too; give it one place", log)


def _raw_items(data: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    """The mappings of a list in raw data, with their positions; anything else is validation's to report."""
    items = data.get(key) if isinstance(data, dict) else None
    return [(i, item) for i, item in enumerate(items) if isinstance(item, dict)] if isinstance(items, list) else []


def check_parties(doc: YamlDocument, log: ErrorLog) -> None:
    """Recipients, processors and transfers against each other, read from the file as written.

    These checks do not need the file to be valid otherwise, so they are
    reported in the same run as any other mistake in it.
    """
    data = doc.data

    def error(loc: Loc, message: str) -> None:
        line, col = doc.mark(loc)
        log.add(doc.path, line, col, format_where(loc), message)

    ids: dict[str, Loc] = {}
    for group in ("processors", "recipients"):
        for i, item in _raw_items(data, group):
            ident = item.get("id")
            if not isinstance(ident, str):
                continue
            if ident in ids:
                error((group, i, "id"), f"id '{excerpt(ident)}' is used twice (also at {format_where(ids[ident])}); processors and recipients need distinct ids")
            ids[ident] = (group, i, "id")
    known = sorted(ids)

    def check_refs(owner: Loc, refs: Any) -> None:
        for j, ref in enumerate(refs if isinstance(refs, list) else []):
            if isinstance(ref, str) and ref not in ids:
                error((*owner, "recipients", j), f"unknown recipient '{excerpt(ref)}'" + suggest(ref, known) + f"; expected the id of a processor or recipient of this notice ({', '.join(known) or 'none listed'})")

    for i, activity in _raw_items(data, "activities"):
        check_refs(("activities", i), activity.get("recipients"))
    eea_only = data.get("eea_only") is True
    if eea_only and data.get("transfers"):
        error(("transfers",), "'eea_only' is true, yet transfers outside the EU/EEA are listed; remove one of them")
    countries: set[str] = set()
    anywhere = False
    for i, transfer in _raw_items(data, "transfers"):
        check_refs(("transfers", i), transfer.get("recipients"))
        named = [transfer.get("country")] + (listed if isinstance(listed := transfer.get("countries"), list) else [])
        countries |= {c for c in named if isinstance(c, str)}
        anywhere = anywhere or bool(transfer.get("region"))
    eea = vocab.eea_countries()
    for i, processor in _raw_items(data, "processors"):
        country, ident = processor.get("country"), processor.get("id")
        if not isinstance(country, str) or country in eea or country not in textcheck.country_codes():
            continue  # inside the EEA, or not a country code at all: validation says so
        if eea_only:
            error(("processors", i, "country"), f"processor '{ident}' is in '{country}', outside the EU/EEA, but 'eea_only' is true")
        elif country not in countries and not anywhere:
            error(("processors", i, "country"), f"processor '{ident}' is in '{country}', outside the EU/EEA; add a transfer to '{country}' with its mechanism")


def _check_statements_and_rights(version: NoticeVersion, log: ErrorLog) -> None:
    """A statement that something does not happen may not contradict the data; a right is changed once."""
    data = version.data
    activities = getattr(data, "activities", [])
    statements = vocab.vocabulary("statements")
    for i, key in enumerate(data.statements):
        if key in data.statements[:i]:
            _error(version, ("statements", i), f"'{key}' is listed twice", log)
        conflicts = statements[key].get("conflicts", [])
        clashing = [(a.id, field) for field in ([conflicts] if isinstance(conflicts, str) else conflicts) for a in activities if getattr(a, field)]
        if clashing:
            _error(version, ("statements", i), f"'{key}' says this does not happen, yet activity '{clashing[0][0]}' lists {clashing[0][1]}; remove one of them", log)
    derived = derived_rights(data)
    seen: set[str] = set()
    for i, use in enumerate(data.rights):
        if use.right is None:
            continue
        if use.right in seen:
            _error(version, ("rights", i, "right"), f"the right '{use.right}' is listed twice; give it once", log)
        seen.add(use.right)
        if data.rights_as_written:
            continue  # the notice lists its rights itself: a right the law does not give it may still be offered
        if use.withdrawn and use.right not in derived:
            _error(version, ("rights", i, "withdrawn"), f"the right '{use.right}' is not listed for this notice anyway (its legal bases do not give it); remove the entry", log)
        if not use.withdrawn and not use.text and not use.title and use.right in derived:
            _error(version, ("rights", i), f"the right '{use.right}' is listed anyway; give 'text' to word it your way, or 'withdrawn' with the reason it does not apply (or list every right yourself with rights_as_written: true)", log)


def _unique(version: NoticeVersion, group: str, log: ErrorLog) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(getattr(version.data, group, [])):
        if item.id is None:
            continue  # an optional id (transfers)
        if item.id in seen:
            _error(version, (group, i, "id"), f"id '{item.id}' is used twice in {group} (also item {seen[item.id]})", log)
        seen.setdefault(item.id, i)


def check_references(entities: dict[str, EntityRecord], log: ErrorLog) -> None:
    """References between files that are more than links: the kind of a controller notice, authorities.

    Whether every link leads to a notice or company of the site is :func:`.links.check_links`'s to say:
    publishing refuses a broken one, and drafting shows it.
    """
    for record in entities.values():
        _check_scan(record, log)
        entity_authority = record.data.supervisory_authority
        for series in record.notices.values():
            for version in series.versions:
                data = version.data
                if isinstance(data, ProcessorNotice) and isinstance(data.controller_notice, str):
                    target_entity, _, notice = data.controller_notice.rpartition("/")
                    owner = entities.get(target_entity or record.id)
                    target = owner.notices.get(notice) if owner else None
                    if target is not None and target.kind != "controller":
                        _error(version, ("controller_notice",), f"'{data.controller_notice}' is a {target.kind} notice; expected a controller notice", log)
                if (
                    data.kind == "controller"
                    and data.supervisory_authority is None
                    and entity_authority is None
                    and vocab.authority(record.data.address.country) is None
                ):
                    _error(version, (), f"no supervisory authority: the entity's country '{record.data.address.country}' has no built-in authority; give 'supervisory_authority' in entity.yml or here", log)


def _check_scan(record: EntityRecord, log: ErrorLog) -> None:
    """``scan:`` needs the entity's ``website``, and each whole address it lists must be on the website's host."""
    scan, website = record.data.scan, record.data.website
    if scan is None:
        return
    def error(loc: Loc, message: str) -> None:
        line, col = record.doc.mark(loc) if record.doc else (1, 1)
        log.add(record.path, line, col, format_where(loc), message)
    if website is None:
        error(("scan",), "'scan' needs the entity's 'website': the address the pages are on")
        return
    site = urlsplit(website)
    under = site.path if site.path.endswith("/") else site.path + "/"
    for i, page in enumerate(scan.pages):
        parts = urlsplit(page)
        if parts.scheme and ((parts.hostname, parts.port) != (site.hostname, site.port) or not (parts.path or "/").startswith(under)):
            error(("scan", "pages", i), (
                f"expected a page of the website {excerpt(website)}: a path from its address such as /contact/, or an address "
                f"starting with {excerpt(website.rstrip('/') + '/')}; found '{excerpt(page)}'"
            ))
