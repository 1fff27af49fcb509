"""What each generated page shows: the site plan and the data behind each page.

The templates only lay out what this module decides: which version is in
force, which rights apply, which authority supervises, where links lead.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import replace

from privacy_notices.data import vocab
from privacy_notices.data.asof import current_index, status
from privacy_notices.history.changes import summarize_changes
from privacy_notices.data.project import EntityRecord, NoticeSeries, NoticeVersion, Project
from privacy_notices.i18n.localize import Localizer
from privacy_notices.data.fields import TOPICS
from privacy_notices.data.parties import AuthoritySpec, Processor, Recipient
from privacy_notices.data.records import LanguageChange
from privacy_notices.data.model import NoticeBase, ProcessorNotice
from privacy_notices.data.layout import ExternalNotice, Section
from privacy_notices.data.addresses import HOME_URI
from privacy_notices.data.rights import applicable_rights, rights_shown
from privacy_notices.data.wording import Words
from privacy_notices.site.contexts import (
    ChangesPage, ElsewhereListing, EntityListing, EntityPage, HistoryPage, HomePage, LanguageLink, Link, NoticePage,
    NoticeSummary, PageSpec, PartyView, VersionInfo,
)
from privacy_notices.site.urls import changes_uri, entity_uri, history_uri, language_prefix, notice_uri, version_uri

__all__ = ["HOME_URI", "applicable_rights", "language_prefix"]
"""Re-exported: other modules and the tests reach them through the views."""


class Targets:
    """Where links to the companies and notices of the site lead from the pages of one language.

    To the page in that language where the company publishes in it. Where it
    does not, to its page in the first of its languages in the site's order
    (the page a reader is sent to by ``x-default``), and the link says which
    language that is (``hreflang`` and a note beside it): a reader is better
    served by the notice in another language, said to be so, than by a link
    that leads nowhere, or by no link to a notice the text refers to.
    """

    def __init__(self, project: Project, language: str) -> None:
        self.project = project
        self.language = language

    def language_of(self, entity: str) -> str:
        """The language of the pages a link to ``entity`` leads to."""
        published = self.project.languages_of(entity)
        return self.language if self.language in published or not published else published[0]

    def _target(self, entity: str, neutral_uri: str) -> Link:
        language = self.language_of(entity)
        uri = language_prefix(language, self.project.site.source_language) + neutral_uri
        return Link(title="", uri=uri, language=None if language == self.language else language)

    def entity(self, entity: str) -> Link | None:
        """A company's page; None for a company the site does not have."""
        return self._target(entity, entity_uri(entity)) if entity in self.project.entities else None

    def notice(self, ref: str, owner: str | None) -> Link | None:
        """The page in force of a notice written ``notice`` (of ``owner``) or ``entity/notice``; None when there is no such notice."""
        series = self.project.series(ref, owner or "") if "/" in ref or owner else None  # site.yml's text has no owner
        return self._target(series.entity, notice_uri(series.entity, series.id)) if series else None


def original(project: Project, entity: str, language: str, neutral_uri: str) -> LanguageLink | None:
    """The original of a page in ``language``, or None when the page is the original.

    ``neutral_uri`` is the page's address without a language folder.
    """
    own = project.language_of(entity)
    if own == language:
        return None
    return LanguageLink(own, vocab.language_called(own, language), language_prefix(own, project.site.source_language) + neutral_uri)


def language_changes(record: EntityRecord, effective: datetime.date | None = None) -> list[LanguageChange]:
    """The entity's changes of original language that concern a version in force on ``effective`` (all, without it)."""
    return [c for c in record.data.language_changes if effective is None or effective <= c.date]


def timeline(series: NoticeSeries, as_of: datetime.date, prefix: str = "", localizer: Localizer | None = None) -> tuple[VersionInfo, ...]:
    dates = [v.effective for v in series.versions]
    current = current_index(dates, as_of)
    return tuple(
        VersionInfo(
            effective=v.effective,
            until=dates[i + 1] if i + 1 < len(dates) else None,
            status=status(i, current),
            uri=version_uri(series.entity, series.id, v.effective, prefix),
            changes=localizer.text(series.entity, v.data.changes) if localizer and v.data.changes else v.data.changes,
            changes_uri=changes_uri(series.entity, series.id, v.effective, prefix) if i else None,
            published=v.data.published,
        )
        for i, v in enumerate(series.versions)
    )


def summarize(series: NoticeSeries, as_of: datetime.date, localizer: Localizer | None = None, prefix: str = "") -> NoticeSummary:
    infos = timeline(series, as_of, prefix)
    shown_index = next((i for i, info in enumerate(infos) if info.status == "current"), 0)
    title = series.versions[shown_index].data.title
    return NoticeSummary(
        entity=series.entity,
        id=series.id,
        title=localizer.text(series.entity, title) if localizer else title,
        kind=series.kind,
        uri=notice_uri(series.entity, series.id, prefix),
        shown=infos[shown_index],
        versions=infos,
    )


def resolve_authority(spec: AuthoritySpec | None, fallback_country: str) -> vocab.AuthorityInfo | None:
    """The authority a notice names: explicit details over the built-in table entry."""
    if spec is None:
        return vocab.authority(fallback_country)
    base = vocab.authority(spec.country) if spec.country else None
    if spec.name is None and base is not None:
        return base
    return vocab.AuthorityInfo(
        name=spec.name or (base.name if base else ""),
        # Only a built-in authority has an English name to translate; a name written in the data is shown as
        # written (and must never reach gettext, which would read a "%" in it as a placeholder).
        name_en="" if spec.name else (base.name_en if base else ""),
        address=tuple(spec.address) or (base.address if base else ()),
        country=base.country if base and not spec.address else None,
        website=spec.website or (base.website if base else None),
        email=spec.email or (base.email if base else None),
        phone=spec.phone or (base.phone if base else None),
        visiting_address=tuple(spec.visiting_address) or (base.visiting_address if base else ()),
        phones=tuple((p.label, p.number) for p in spec.phones),
    )


def sections_by_topic(sections: list[Section]) -> dict[str, list[Section]]:
    """Free sections grouped under the topic they follow."""
    grouped: dict[str, list[Section]] = {topic: [] for topic in ("start", *TOPICS)}
    for section in sections:
        grouped[section.after].append(section)
    return grouped


def _controller(record: EntityRecord, data: NoticeBase) -> PartyView:
    """Who is responsible: the notice's own controller as written, or the company's identity.

    The company's contact is not its identity: it is shown once, under "Contact us", with what it is for
    (a support address is not the company's own address).
    """
    if data.controller is not None:
        c = data.controller
        return PartyView(c.name, c.business_id, c.address, c.email, c.phone, c.url)
    e = record.data
    return PartyView(e.name, e.business_id, e.address, url=e.website)


def _link(entity: str, series: NoticeSeries, owner: str, localizer: Localizer, targets: Targets) -> Link:
    target = targets.notice(series.id, series.entity)
    assert target is not None  # the series is one of the project's
    return replace(target, title=summarize(series, datetime.date.max, localizer).title, detail=owner if series.entity != entity else "")


def notice_context(project: Project, version: NoticeVersion, infos: tuple[VersionInfo, ...], localizer: Localizer, prefix: str = "") -> NoticePage:
    """Everything the notice template needs for one version, in the localizer's language, as at its permanent address.

    ``infos`` is the notice's :func:`timeline` in that language, computed once per notice.
    """
    record = project.entities[version.entity]
    series = record.notices[version.notice]
    source = version.data
    data = localizer.model(source, record.id)
    entity = localizer.model(record.data, record.id)
    info = next(i for i in infos if i.effective == version.effective)
    current = next((i for i in infos if i.status == "current"), None)
    upcoming = [i for i in infos if i.status == "upcoming"]

    targets = Targets(project, localizer.language)

    def link(target: NoticeSeries) -> Link:
        return _link(record.id, target, project.entities[target.entity].data.name, localizer, targets)

    related = [link(s) for ref in source.related if (s := project.series(ref, record.id))]
    told_elsewhere = []
    for pointer in getattr(data, "told_elsewhere", []):
        if isinstance(pointer.see, str):
            target = project.series(pointer.see, record.id)
            told_elsewhere.append((pointer, link(target) if target else None))
        else:
            told_elsewhere.append((pointer, Link(title=pointer.see.title, uri=pointer.see.url, external=True)))
    related += [Link(title=r.title, uri=r.url, external=True) for r in data.related_external]
    controller_notice = None
    # data is source in this language: a copy of the same model, its ExternalNotice translated, its NoticeRef as written.
    if isinstance(data, ProcessorNotice):
        if isinstance(data.controller_notice, ExternalNotice):
            controller_notice = Link(title=data.controller_notice.title, uri=data.controller_notice.url, external=True)
        else:
            if data.controller_notice:
                target = project.series(data.controller_notice, record.id)
            else:
                own = [s for s in record.notices.values() if s.kind == "controller"]
                target = own[0] if len(own) == 1 else None
            controller_notice = link(target) if target else None
    named: list[Processor | Recipient] = [*data.processors, *data.recipients]
    parties = {p.id: p for p in named}
    neutral = version_uri(record.id, series.id, version.effective)
    return NoticePage(
        original=original(project, record.id, localizer.language, neutral),
        original_stable=original(project, record.id, localizer.language, notice_uri(record.id, series.id)),
        at_stable_uri=False,
        language_changes=language_changes(record, version.effective),
        entity=entity,
        entity_id=record.id,
        entity_uri=entity_uri(record.id, prefix),
        notice=data,
        notice_id=series.id,
        kind=data.kind,
        version=info,
        versions=infos,
        stable_uri=notice_uri(record.id, series.id, prefix),
        history_uri=history_uri(record.id, series.id, prefix),
        current=current,
        next_upcoming=upcoming[0] if upcoming else None,
        controller=_controller(record, data),
        authority=resolve_authority(data.supervisory_authority or record.data.supervisory_authority, record.data.address.country),
        rights=rights_shown(data),
        words=Words(data),
        sections=sections_by_topic(data.sections),
        parties=parties,
        related=related,
        controller_notice=controller_notice,
        told_elsewhere=told_elsewhere,
        joint_controllers=[(joint, targets.entity(joint.entity) if joint.entity else None) for joint in data.joint_controllers],
        targets=targets,
        prefix=prefix,
    )


def changes_pages(series: NoticeSeries, dated: list[PageSpec], source_language: str) -> list[PageSpec]:
    """A changes page for every version after the first: what it changed from the one before."""
    pages = []
    for after, (old_spec, new_spec) in zip(series.versions[1:], zip(dated, dated[1:])):
        old, new = old_spec.context, new_spec.context
        assert isinstance(old, NoticePage) and isinstance(new, NoticePage) and new.version.changes_uri is not None
        own = new.original
        context = ChangesPage(
            entity=new.entity,
            entity_id=new.entity_id,
            notice=new.notice,
            kind=series.kind,
            version=new.version,
            previous=old.version,
            summary=summarize_changes(old.notice, new.notice),
            old_spec=old_spec,
            new_spec=new_spec,
            stable_uri=new.stable_uri,
            history_uri=new.history_uri,
            targets=new.targets,
            prefix=new.prefix,
            original=replace(own, uri=changes_uri(series.entity, series.id, after.effective, language_prefix(own.language, source_language))) if own else None,
        )
        pages.append(PageSpec(new.version.changes_uri, "changes.md.j2", context, language=new_spec.language, entity=series.entity, notice=series.id, version=after.effective))
    return pages


def plan_site(project: Project, as_of: datetime.date, localizer: Localizer | None = None, only: Collection[str] | None = None) -> list[PageSpec]:
    """Every page of one language, with its context (the source language without a localizer).

    Only the entities that publish in the language have pages in it; the
    home page names the others, with links to the languages they publish in.
    With ``only``, the pages of the entities not in it are left out (the home
    page still lists every entity): what an incremental rebuild renders.
    """
    source_language = project.site.source_language
    localizer = localizer or Localizer(None, source_language, source_language, sources=project.sources())
    language = localizer.language
    prefix = language_prefix(language, source_language)
    targets = Targets(project, language)
    entities: list[EntityListing] = []
    elsewhere: list[ElsewhereListing] = []
    pages: list[PageSpec] = []
    for record in project.entities.values():
        if not project.publishes(record.id, language):
            languages = [
                LanguageLink(lang, vocab.language_name(lang), entity_uri(record.id, language_prefix(lang, source_language)))
                for lang in project.languages_of(record.id)
            ]
            elsewhere.append(ElsewhereListing(record.data.name, languages))
            continue
        summaries = [summarize(s, as_of, localizer, prefix) for s in record.notices.values()]
        entity = localizer.model(record.data, record.id)
        entities.append(EntityListing(record.id, entity, entity_uri(record.id, prefix), summaries, record.data.address.country))
        if only is not None and record.id not in only:
            continue
        entity_page = EntityPage(
            entity=entity,
            entity_id=record.id,
            identity=PartyView(record.data.name, record.data.business_id, record.data.address, url=record.data.website),
            notices=summaries,
            authority=resolve_authority(entity.supervisory_authority, record.data.address.country),
            original=original(project, record.id, language, entity_uri(record.id)),
            targets=targets,
            prefix=prefix,
        )
        pages.append(PageSpec(entity_uri(record.id, prefix), "entity.md.j2", entity_page, language=language, entity=record.id))
        for summary, series in zip(summaries, record.notices.values()):
            infos = timeline(series, as_of, prefix, localizer)
            dated: list[PageSpec] = []
            for version in series.versions:
                context = notice_context(project, version, infos, localizer, prefix)
                dated.append(
                    PageSpec(
                        version_uri(record.id, series.id, version.effective, prefix), "notice.md.j2", context,
                        language=language, entity=record.id, notice=series.id, version=version.effective,
                    )
                )
                if version.effective == summary.shown.effective:
                    stable = replace(context, at_stable_uri=True, original=context.original_stable)
                    pages.append(PageSpec(summary.uri, "notice.md.j2", stable, language=language, entity=record.id, notice=series.id))
            pages += dated
            pages += changes_pages(series, dated, source_language)
            history = HistoryPage(
                entity=entity,
                entity_id=record.id,
                title=summary.title,
                kind=series.kind,
                versions=infos,
                stable_uri=summary.uri,
                original=original(project, record.id, language, history_uri(record.id, series.id)),
                language_changes=language_changes(record),
                targets=targets,
                prefix=prefix,
            )
            pages.append(PageSpec(history_uri(record.id, series.id, prefix), "history.md.j2", history, language=language, entity=record.id, notice=series.id))
    home = HomePage(site=localizer.model(project.site, "site"), entities=entities, elsewhere=elsewhere, targets=targets, prefix=prefix)
    pages.insert(0, PageSpec(prefix + HOME_URI, "home.md.j2", home, language=language))
    return pages
