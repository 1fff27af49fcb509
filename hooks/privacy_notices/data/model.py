"""The data files: what site.yml, entity.yml and each version file of a notice may and must say.

One set of definitions serves validation (with messages mapped back to YAML
lines by :mod:`privacy_notices.data.validation`) and the JSON Schemas editors use.
Attribute docstrings become the schema's descriptions, so they are written
for the people who edit the data. The parts these files are made of are in
:mod:`~privacy_notices.data.fields`, :mod:`~privacy_notices.data.parties`,
:mod:`~privacy_notices.data.processing`, :mod:`~privacy_notices.data.layout`
and :mod:`~privacy_notices.data.records`.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, field_validator

from privacy_notices.data.inforce import DEFAULT_TIME_ZONE
from privacy_notices.data.fields import Changes, Language, Markdown, Name, NoticeRef, StatementKey, Strict, Text, TimeZone, Url
from privacy_notices.data.layout import ExternalNotice, Layout, LeadIns, Section, ToldElsewhere
from privacy_notices.data.parties import Address, AuthoritySpec, Contact, JointController, Party, Processor, Recipient
from privacy_notices.data.processing import Activity, ControllerActivity, Cookie, CookieChoice, Requirement, Retention, RightUse, Transfer
from privacy_notices.data.records import Correction, EntitySuppression, LanguageChange, Suppression
from privacy_notices.data.scanning import Scan
from privacy_notices.data.wording import Wording


class Entity(Strict):
    """``entity.yml``: the legal identity of one company of the group."""

    language: Language | None = None
    """The language this entity's texts are written in (its notices' original); defaults to the site's source language."""
    languages: list[Language] = []
    """The site's languages this entity publishes in, its own language among them; defaults to all of the site's."""
    language_changes: list[LanguageChange] = []
    """When the original language changed, oldest first; written by `notices i18n swap`."""
    suppress: list[EntitySuppression] = []
    """Compliance rules that do not apply to this entity's notices, each with its reason (shown in every report)."""
    time_zone: TimeZone | None = None
    """The IANA time zone (e.g. "Europe/London") in which this entity's versions take effect at 00:00; defaults to the site's."""

    name: Name
    """Registered name, e.g. "Example Oy"."""
    business_id: Name | None = None
    """Business or company registration number."""
    vat_id: Name | None = None
    address: Address
    website: Url | None = None
    contact: Contact
    """Where people send questions and requests about their data."""
    dpo: Contact | None = None
    """Data protection officer, if one is appointed (Art. 37 GDPR)."""
    representative: Party | None = None
    """EU representative of a company established outside the EU (Art. 27 GDPR)."""
    supervisory_authority: AuthoritySpec | None = None
    """Lead supervisory authority; defaults to the authority of the address's country."""
    description: Markdown | None = None
    """A short introduction shown on the entity's page."""
    scan: Scan | None = None
    """What `notices scan` visits on the website and how consent is given there (AUTHORING.md, "Scanning the website")."""


VERSION_OWN_FIELDS = ("changes", "published", "corrections")
"""Fields that belong to one version: a new version does not copy them, and their text never continues the previous version's."""


class NoticeBase(Strict):
    """What every kind of notice may say."""

    kind: str
    title: Text
    """The notice's title, e.g. "Privacy notice"."""
    published: datetime.date | None = None
    """When the text was published, if earlier than the date it takes effect."""
    drawn_up: datetime.date | None = None
    """When the notice was first drawn up, where it says so ("Drawn up on 22 May 2018"): its earlier versions
    need not be in the data. Carried to each new version."""
    changes: Changes | None = None
    """What this version changed, in a sentence or two. Required from the second version on; "" (as `notices new-version` leaves it) until it is written, which only drafting accepts."""
    summary: list[Markdown] = []
    """Key points, shown first under "In brief": the first layer a reader sees (EDPB transparency guidelines)."""
    lead_ins: LeadIns = LeadIns()
    """The notice's own words before a list: summary, activities, recipients, statements, rights."""
    intro: Markdown | None = None
    """Opening paragraphs: who the notice is for and what it covers."""
    controller: Party | None = None
    """The controller, when it is not the entity itself."""
    joint_controllers: list[JointController] = []
    processors: list[Processor] = []
    recipients: list[Recipient] = []
    transfers: list[Transfer] = []
    eea_only: bool = False
    """True to state that all processing takes place in the EU/EEA (no transfers outside it)."""
    eea_only_details: Markdown | None = None
    """What the notice says with `eea_only`: where in the EU/EEA the data are processed, by whom."""
    statements: list[StatementKey] = []
    """What does not happen, in built-in wording: no_automated_decisions, no_sale, no_special_categories, no_children."""
    rights: list[RightUse] = []
    """Rights listed differently from the built-in rules: added, reworded or withdrawn with a reason; with
    `rights_as_written`, every right the notice lists, in its order."""
    rights_as_written: bool = False
    """True when the notice lists its rights itself: the page shows exactly `rights`, in their order, and adds none
    (`notices check` reports a right the law gives that the list lacks)."""
    cookie_choice: CookieChoice | None = None
    """How visitors change their cookie choices (with the notice's cookies)."""
    retention: Retention | None = None
    """Retention for every activity that gives none of its own, when the notice states it once."""
    requirement: Requirement | None = None
    """Whether providing the data is a statutory or contractual requirement, when the notice says it once for all its
    activities (Art. 13(2)(e) GDPR); an activity's own `requirement` says it for that activity."""
    security: Markdown | None = None
    """How the data are protected."""
    rights_how: Markdown | None = None
    """How to exercise the rights: where to send a request, identity checks."""
    supervisory_authority: AuthoritySpec | None = None
    """Overrides the entity's supervisory authority."""
    children: Markdown | None = None
    changes_policy: Markdown | None = None
    """How changes to the notice are announced."""
    contact_note: Markdown | None = None
    """Extra words next to the contact details."""
    related: list[NoticeRef] = []
    """Other notices to link to: "notice" (same entity) or "entity/notice"."""
    related_external: list[ExternalNotice] = []
    """Notices published elsewhere to link to, each with its title and https address."""
    sections: list[Section] = []
    layout: Layout | None = None
    """The notice's own order of sections and their numbering; the anchors (#rights…) stay the same."""
    wording: Wording | None = None  # type: ignore[valid-type]  # a model built from the sentence vocabulary at import
    """The notice's own words for built-in sentences, by id: text replaces one, false leaves it out, true states one
    printed only where stated (consent_withdrawal, legitimate_interests_balance, processors_agreement, dpf_certified)."""
    corrections: list[Correction] = []
    """Corrections made after the version took effect; the page lists them. Needed to change a locked version."""
    suppress: list[Suppression] = []
    """Compliance rules that do not apply to this version, each with its reason (shown in every report)."""


    @field_validator("eea_only_details")
    @classmethod
    def _details_with_eea_only(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value and not info.data.get("eea_only"):
            raise ValueError("'eea_only_details' says more about processing in the EU/EEA; it goes with 'eea_only: true'")
        return value


UNNAMED_PROVIDERS = """Third parties the notice does not name that may set cookies of their own (e.g. the social networks whose
buttons a page shows), in the notice's words; shown with the cookies."""


class ControllerNotice(NoticeBase):
    """A privacy notice of a controller (Art. 13 and 14 GDPR)."""

    kind: Literal["controller"]
    activities: list[ControllerActivity] = Field(min_length=1)
    told_elsewhere: list[ToldElsewhere] = []
    """Situations another notice tells about, listed among the activities with a link to it."""
    consent: Markdown | None = None
    """How visitors give, change and withdraw consent to cookies, when the notice is also the cookie policy."""
    cookies: list[Cookie] = []
    """Cookies, when the notice also serves as the cookie policy."""
    unnamed_providers: Markdown | None = Field(default=None, description=UNNAMED_PROVIDERS)


class ProcessorNotice(NoticeBase):
    """A notice of a processor: what it does on behalf of its customers, the controllers."""

    kind: Literal["processor"]
    services: Markdown
    """What the company does for its customers, and that the customers are the controllers."""
    activities: list[Activity] = Field(min_length=1)
    controller_notice: NoticeRef | ExternalNotice | None = None
    """The entity's own controller notice: a notice of this site, or one elsewhere (title and url); found automatically when the entity has exactly one here."""


class CookieNotice(NoticeBase):
    """A cookie policy."""

    kind: Literal["cookies"]
    cookies: list[Cookie] = Field(min_length=1)
    consent: Markdown | None = None
    """How visitors give, change and withdraw their consent."""
    unnamed_providers: Markdown | None = Field(default=None, description=UNNAMED_PROVIDERS)


NOTICE_KINDS: dict[str, type[NoticeBase]] = {
    "controller": ControllerNotice,
    "processor": ProcessorNotice,
    "cookies": CookieNotice,
}

AnyNotice = Annotated[ControllerNotice | ProcessorNotice | CookieNotice, Field(discriminator="kind")]
"""A version file of any kind, told apart by its ``kind``."""
"""The model for each notice kind."""

Notice = ControllerNotice | ProcessorNotice | CookieNotice


class Site(Strict):
    """``site.yml``: settings for the whole site."""

    name: Text
    """The site's name, shown in the header."""
    base_url: Url | None = None
    """Where the site is published; used for absolute links."""
    source_language: Language = "en"
    """The language the data files are written in."""
    languages: list[Language] = []
    """Every language the site is published in; defaults to the source language."""
    required_languages: list[Language] = []
    """Languages that must be complete before a publish build succeeds."""
    description: Markdown | None = None
    """Introduction shown on the home page."""
    time_zone: TimeZone = DEFAULT_TIME_ZONE
    """The IANA time zone (e.g. "Europe/Helsinki") in which a version takes effect at 00:00 of its date and the
    previous one ends: what in-force.json and `notices which` answer in. Defaults to UTC."""
    change_notice_days: int = Field(default=30, ge=0, le=366)
    """How many days before it takes effect a version that adds a purpose, recipient or transfer must be published."""

    @field_validator("languages")
    @classmethod
    def _includes_source(cls, value: list[str], info: ValidationInfo) -> list[str]:
        source = info.data.get("source_language")
        if value and source and source not in value:
            raise ValueError(f"'languages' must include the source language '{source}'")
        return value

    @field_validator("required_languages")
    @classmethod
    def _required_published(cls, value: list[str], info: ValidationInfo) -> list[str]:
        published = info.data.get("languages") or [info.data.get("source_language")]
        for lang in value:
            if lang not in published:
                raise ValueError(f"required language '{lang}' is not one of the published 'languages'")
        return value

    @property
    def all_languages(self) -> list[str]:
        """Published languages, the source language first."""
        return [self.source_language] + [lang for lang in self.languages if lang != self.source_language]
