"""What each page template is given: one frozen, typed context per kind of page, and the values they hold.

:mod:`.views` decides what a page shows and fills one of these; the renderer
hands its fields to the template as variables of the same names, so a
template (the built-in one or a site's override of it) reads ``entity.name``
or ``version.effective`` as before, and a misspelt field is an error where
the context is made, not an empty value on a page.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Protocol

from privacy_notices.data.asof import Status
from privacy_notices.data.parties import Address, JointController, Processor, Recipient
from privacy_notices.data.model import Entity, NoticeBase, Site
from privacy_notices.data.records import LanguageChange
from privacy_notices.data.layout import Section, ToldElsewhere
from privacy_notices.data.rights import RightShown
from privacy_notices.data.vocab import AuthorityInfo
from privacy_notices.data.wording import Words
from privacy_notices.history.changes import SummaryItem
from privacy_notices.site.urls import Place


# --- The values pages show ----------------------------------------------------------------------


@dataclass(frozen=True)
class VersionInfo:
    """One version's place in its notice's timeline."""

    effective: datetime.date
    until: datetime.date | None
    """The day the next version took (or takes) effect, if there is one."""
    status: Status
    uri: str
    changes: str | None
    """What the version changed, in the page's language."""
    changes_uri: str | None = None
    """The changes page, for every version but the first."""
    published: datetime.date | None = None


@dataclass(frozen=True)
class NoticeSummary:
    """A notice as listed on the home and entity pages."""

    entity: str
    id: str
    title: str
    kind: str
    uri: str
    shown: VersionInfo
    """The version at the stable address: the current one, or the first upcoming one."""
    versions: tuple[VersionInfo, ...]


@dataclass(frozen=True)
class PartyView:
    """A controller or other organisation, as the page lists its identity."""

    name: str
    business_id: str | None = None
    address: Address | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Link:
    """A link to another generated page."""

    title: str
    uri: str
    """The page inside the site, or the full address of a notice elsewhere."""
    detail: str = ""
    external: bool = False
    language: str | None = None
    """The language of the page linked to, when it is not the language of the page the link is on."""


@dataclass(frozen=True)
class LanguageLink:
    """A page in another language: a translated page's original, or an entity's page in a language it publishes in."""

    language: str
    """The language's code, e.g. ``fi``."""
    name: str
    """Its name as the link shows it: in the page's language for an original ("Finnish"), else in itself ("Suomi")."""
    uri: str
    """The page in that language."""


class LinkTargets(Protocol):
    """Where links to the site's companies and notices lead from the pages of one language (:class:`.views.Targets`).

    The renderer asks it for the target of each ``notice:`` link in a Markdown field.
    """

    def entity(self, entity: str) -> Link | None: ...

    def notice(self, ref: str, owner: str | None) -> Link | None: ...


# --- One context per kind of page ---------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PageContext:
    """What every page of the site plan is given: its fields become the template's variables."""

    targets: LinkTargets
    """Where links to companies and notices lead from this page's language (``notice:`` links in the text)."""
    prefix: str
    """The language's folder, ``fi/``, or none for the source language."""

    def variables(self) -> dict[str, Any]:
        """The template's variables: each field by its name, the values as they are (never copied)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class EntityListing:
    """One company on the home page, with its notices."""

    id: str
    entity: Entity
    """Its ``entity.yml`` in the page's language."""
    uri: str
    """Its own page."""
    notices: list[NoticeSummary]
    country: str
    """Where it is established: the home page's group."""


@dataclass(frozen=True)
class ElsewhereListing:
    """A company the home page names without a page in its language."""

    name: str
    languages: list[LanguageLink]
    """Its page in each language it publishes in."""


@dataclass(frozen=True, kw_only=True)
class HomePage(PageContext):
    """``home.md.j2``: every company of the site, grouped by country, and those that do not publish in this language."""

    site: Site
    """``site.yml`` in the page's language."""
    entities: list[EntityListing]
    """The companies that publish in this language, in the data's order."""
    elsewhere: list[ElsewhereListing]
    """The companies that do not, with links to the languages they publish in."""


@dataclass(frozen=True, kw_only=True)
class EntityPage(PageContext):
    """``entity.md.j2``: one company's identity, contacts, authority and notices."""

    entity: Entity
    """Its ``entity.yml`` in the page's language."""
    entity_id: str
    identity: PartyView
    notices: list[NoticeSummary]
    authority: AuthorityInfo | None
    original: LanguageLink | None
    """The page in the company's original language, when this page is a translation."""


@dataclass(frozen=True, kw_only=True)
class NoticePage(PageContext):
    """``notice.md.j2``: one version of a notice, at its permanent address or at the notice's stable one."""

    entity: Entity
    """Its company's ``entity.yml`` in the page's language."""
    entity_id: str
    entity_uri: str
    notice: NoticeBase
    """The version's data in the page's language."""
    notice_id: str
    kind: str
    version: VersionInfo
    """This version's place in the timeline."""
    versions: tuple[VersionInfo, ...]
    """Every version of the notice, oldest first."""
    stable_uri: str
    """The notice's stable address: always the version in force."""
    history_uri: str
    current: VersionInfo | None
    """The version in force, if one is."""
    next_upcoming: VersionInfo | None
    """The first version not yet in force, if one is planned."""
    controller: PartyView
    """Who is responsible: the notice's own controller, or the company."""
    authority: AuthorityInfo | None
    """The supervisory authority the notice names."""
    rights: list[RightShown]
    words: Words
    """The built-in sentences the page prints, or the notice's own words for them (its ``wording``)."""
    sections: dict[str, list[Section]]
    """Free sections, by the topic each follows."""
    parties: dict[str, Processor | Recipient]
    """Processors and recipients by id, as activities and transfers name them."""
    related: list[Link]
    controller_notice: Link | None
    """A processor notice's link to the company's own notice as a controller."""
    told_elsewhere: list[tuple[ToldElsewhere, Link | None]]
    """Situations another notice tells of, each with its link (none for a notice the site lacks)."""
    joint_controllers: list[tuple[JointController, Link | None]]
    """Each joint controller, with a link to its page when the site has it."""
    language_changes: list[LanguageChange]
    """The company's changes of original language that concern this version."""
    original: LanguageLink | None
    """The page in the company's original language, when this page is a translation."""
    original_stable: LanguageLink | None
    """The same for the stable address (what :attr:`original` is on the stable page)."""
    at_stable_uri: bool
    """Whether this is the page at the stable address rather than the version's permanent one."""


@dataclass(frozen=True, kw_only=True)
class ChangesPage(PageContext):
    """``changes.md.j2``: what one version changed from the one before, as a summary and a redline."""

    entity: Entity
    entity_id: str
    notice: NoticeBase
    """The newer version's data in the page's language."""
    kind: str
    version: VersionInfo
    """The newer version."""
    previous: VersionInfo
    """The version before it."""
    summary: list[SummaryItem]
    """The structured changes found in the data."""
    old_spec: PageSpec
    """The older version's page, whose rendered sections the redline compares."""
    new_spec: PageSpec
    """The newer version's page."""
    stable_uri: str
    history_uri: str
    original: LanguageLink | None
    """This changes page in the company's original language, when this one is a translation."""


@dataclass(frozen=True, kw_only=True)
class HistoryPage(PageContext):
    """``history.md.j2``: every version of one notice, when each was in force and what it changed."""

    entity: Entity
    entity_id: str
    title: str
    """The notice's title as its shown version has it, in the page's language."""
    kind: str
    versions: tuple[VersionInfo, ...]
    stable_uri: str
    original: LanguageLink | None
    language_changes: list[LanguageChange]
    """Every change of the company's original language."""


@dataclass
class PageSpec:
    """One page to generate."""

    uri: str
    """Source path inside the docs folder, e.g. ``acme/privacy/index.md``."""
    template: str
    """Template file under ``overrides/notices/``."""
    context: PageContext | Mapping[str, Any]
    """What the template is given; a mapping only for the drafting page, which the mkdocs layer makes."""
    language: str = ""
    """The page's language; what the page shows, below, is None where it shows no such thing (the home page)."""
    entity: str | None = None
    notice: str | None = None
    version: datetime.date | None = None
    """The effective day of the version a version or changes page shows."""

    @property
    def place(self) -> Place:
        """Where the page sits in the URL scheme, as planned: never parsed back out of its path."""
        return Place(self.language, self.entity, self.notice, self.version)

    def variables(self) -> dict[str, Any]:
        """The template's variables: the context's, and the page's own address (``page_uri``), which links start from."""
        given = self.context.variables() if isinstance(self.context, PageContext) else dict(self.context)
        return {"page_uri": self.uri, **given}
