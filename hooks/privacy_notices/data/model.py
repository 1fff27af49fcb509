"""The data format: what each YAML file may and must say.

One set of definitions serves validation (with messages mapped back to YAML
lines by :mod:`privacy_notices.data.validation`) and the JSON Schemas editors use.
Attribute docstrings become the schema's descriptions, so they are written
for the people who edit the data.
"""

from __future__ import annotations

import datetime
import typing
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationInfo, WithJsonSchema, field_validator, model_validator

from privacy_notices.data import textcheck, vocab


def _enum(name: str) -> Any:
    """A Literal type of a vocabulary's keys, so the schema lists them."""
    return Literal[vocab.keys(name)]


def _check_language(code: str) -> str:
    """A language the site can be published in: one with Material's interface and CLDR data."""
    available = vocab.interface_languages()
    if code in available:
        return code
    written = next((a for a in available if a.lower() == code.replace("_", "-").lower()), None)
    if written:
        raise ValueError(f"language codes are written as Material for MkDocs writes them: '{written}', found '{textcheck.excerpt(code)}'")
    raise ValueError(
        f"no interface translation for language '{textcheck.excerpt(code)}'; the languages available are: {', '.join(available)}"
    )


class Translatable:
    """Marks a text type whose values are extracted for translators."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown


PLAIN = Translatable(markdown=False)
MARKDOWN = Translatable(markdown=True)

Text = Annotated[
    str,
    Field(min_length=1),
    AfterValidator(textcheck.check_plain),
    PLAIN,
    WithJsonSchema({"type": "string", "minLength": 1, "description": "Plain text (no HTML); translated."}),
]
"""Plain text: shown as written, never interpreted; translated through the catalogs."""

Markdown = Annotated[
    str,
    Field(min_length=1),
    AfterValidator(textcheck.check_markdown),
    MARKDOWN,
    WithJsonSchema({"type": "string", "minLength": 1, "description": "Markdown text: emphasis, lists, https/mailto links; no HTML or images; translated."}),
]
"""Markdown: paragraphs, emphasis, lists and links; no HTML or images; translated."""

CHANGES_PLACEHOLDER = ""
"""What `notices new-version` writes under ``changes``: not written yet. Drafting shows the version; rule PN173 keeps it from being published."""


PLACEHOLDER_MARKER = "REPLACE:"
"""What marks a text still to be written, in any field (`notices new-site` writes one for each fact of the first notice
that no answer gave): drafting shows it as it stands; rule PN174 keeps it from being published, and it is never
extracted for translation."""


def is_placeholder(text: str) -> bool:
    """Whether ``text`` holds the placeholder marker.

    >>> is_placeholder("REPLACE: mitä tietoja"), is_placeholder("Name and address")
    (True, False)
    """
    return PLACEHOLDER_MARKER in text


def _check_changes(text: str) -> str:
    return text if text == CHANGES_PLACEHOLDER else textcheck.check_markdown(text)


Changes = Annotated[
    str,
    AfterValidator(_check_changes),
    MARKDOWN,
    WithJsonSchema({"type": "string", "description": "Markdown text: emphasis, lists, https/mailto links; no HTML or images; translated. \"\" is the placeholder `notices new-version` writes: drafting accepts it, publishing refuses it."}),
]
"""``changes``: Markdown, or the empty placeholder of a version still being written."""

Name = Annotated[
    str,
    Field(min_length=1),
    AfterValidator(textcheck.check_plain),
    WithJsonSchema({"type": "string", "minLength": 1, "description": "A name, number or address line: shown as written in every language."}),
]
"""Proper names, numbers and address lines: the same in every language."""

Url = Annotated[
    str,
    AfterValidator(textcheck.check_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
Email = Annotated[str, Field(pattern=r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
NoticeRef = Annotated[str, Field(pattern=r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?[a-z0-9]+(?:-[a-z0-9]+)*$")]
Country = Annotated[
    str,
    AfterValidator(textcheck.check_country),
    WithJsonSchema({"type": "string", "enum": sorted(textcheck.country_codes())}),
]
def _outside_eea(code: str) -> str:
    if code in vocab.eea_countries():
        raise ValueError(f"'{code}' is in the EU/EEA; list only transfers to countries outside it")
    return code


OutsideCountry = Annotated[
    str,
    AfterValidator(textcheck.check_country),
    AfterValidator(_outside_eea),
    WithJsonSchema({"type": "string", "enum": sorted(textcheck.country_codes() - vocab.eea_countries())}),
]
"""A country outside the EU/EEA: where a transfer goes."""

Language = Annotated[str, AfterValidator(_check_language), WithJsonSchema({"type": "string", "enum": list(vocab.interface_languages())})]
Duration = Annotated[
    str,
    AfterValidator(textcheck.check_duration),
    WithJsonSchema({"type": "string", "pattern": r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?)?$"}),
]
CookieDuration = Annotated[
    str,
    AfterValidator(lambda v: v if v in ("session", "provider") else textcheck.check_duration(v)),
    WithJsonSchema({"type": "string", "pattern": r"^(session|provider|P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?)?)$"}),
]

LegalBasisKey = _enum("legal_bases")
SpecialConditionKey = _enum("special_conditions")
MechanismKey = _enum("transfer_mechanisms")
CookieCategoryKey = _enum("cookie_categories")
CookieTypeKey = _enum("cookie_types")
RequirementKey = _enum("requirements")
StatementKey = _enum("statements")
RightKey = _enum("rights")

TOPICS = (
    "intro",
    "controller",
    "services",
    "activities",
    "recipients",
    "processors",
    "transfers",
    "statements",
    "retention",
    "security",
    "cookies",
    "rights",
    "authority",
    "children",
    "changes",
    "contact",
)
"""The fixed topics of a notice, in page order; free sections are placed after one of them."""

Topic = Literal[("start", *TOPICS)]


class Strict(BaseModel):
    """Base: unknown keys are errors and values are not silently converted."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True)


class Address(Strict):
    """A postal address."""

    street: Name | None = None
    """Street and number, or PO box."""
    postal_code: Name | None = None
    city: Name
    country: Country
    """ISO 3166 two-letter country code, e.g. FI."""


class Contact(Strict):
    """A way to reach a person or function. Give at least one of email, phone, url or address."""

    name: Name | None = None
    """A person's name, e.g. "Aino Virtanen": shown as written in every language, never translated."""
    team: Text | None = None
    """A team or function instead of (or besides) a person, e.g. "Privacy team": translated."""
    role: Text | None = None
    """What this contact is for, e.g. "Questions about this notice"."""
    email: Email | None = None
    phone: Name | None = None
    url: Url | None = None
    """A contact form or page."""
    address: Address | None = None

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not (self.email or self.phone or self.url or self.address):
            raise ValueError("a contact needs at least one of email, phone, url or address")
        return self


class Registration(Strict):
    """An official registration, e.g. a company number or a data protection registration."""

    label: Text
    """What the number is, e.g. "UK company number"."""
    value: Name


class Party(Strict):
    """Another organisation named in a notice: controller, representative, recipient."""

    name: Name
    business_id: Name | None = None
    address: Address | None = None
    email: Email | None = None
    phone: Name | None = None
    url: Url | None = None


class JointController(Party):
    """An organisation that decides with us on why and how data are processed (Art. 26 GDPR)."""

    entity: Slug | None = None
    """If the joint controller is one of the site's entities, its folder name (links to its page)."""
    responsibilities: Markdown
    """The essence of the arrangement: who does what towards you."""


class PhoneNumber(Strict):
    """A telephone number and what it is for."""

    number: Name
    label: Text | None = None
    """What the number is for, e.g. "Advice line for individuals"."""


class AuthoritySpec(Strict):
    """A supervisory authority: a country code from the built-in table, or full details."""

    country: Country | None = None
    """EU/EEA country whose built-in authority applies."""
    name: Name | None = None
    address: list[Name] = []
    """Postal address, one line per item."""
    visiting_address: list[Name] = []
    """Street address for visitors, when it differs from the postal address, one line per item."""
    website: Url | None = None
    email: Email | None = None
    phone: Name | None = None
    phones: list[PhoneNumber] = []
    """Further telephone numbers, each with what it is for."""

    @model_validator(mode="after")
    def _country_or_details(self) -> AuthoritySpec:
        if self.country is None and not (self.name and self.address):
            raise ValueError("give either a country code from the built-in table, or the authority's name and address")
        if self.country is not None and self.name is None and vocab.authority(self.country) is None:
            raise ValueError(
                f"there is no built-in supervisory authority for '{self.country}' (only EU/EEA countries); "
                "give the authority's name and address"
            )
        return self


class LanguageChange(Strict):
    """The day an entity's texts began to be written in another language (``notices i18n swap`` records it)."""

    date: datetime.date
    """The day the original language changed."""
    from_: Language = Field(alias="from")
    """The language the texts were written in before."""
    to: Language
    """The language they are written in since."""

    @model_validator(mode="after")
    def _differs(self) -> LanguageChange:
        if self.from_ == self.to:
            raise ValueError(f"'from' and 'to' are both '{self.to}'; a change of language names two languages")
        return self


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


class LegalBasisUse(Strict):
    """One legal basis for an activity."""

    basis: LegalBasisKey  # type: ignore[valid-type]
    """One of the six bases of Art. 6(1) GDPR."""
    legitimate_interest: Markdown | None = None
    """Required when the basis is legitimate_interests: the interest pursued."""
    details: Markdown | None = None
    """More on this basis, e.g. which law creates the obligation."""

    @model_validator(mode="after")
    def _interest_named(self) -> LegalBasisUse:
        if self.basis == "legitimate_interests" and not self.legitimate_interest:
            raise ValueError("the basis legitimate_interests needs a 'legitimate_interest' that says what the interest is")
        if self.basis != "legitimate_interests" and self.legitimate_interest:
            raise ValueError("'legitimate_interest' is given only with the basis legitimate_interests")
        return self


class SpecialCategory(Strict):
    """Special categories of data (Art. 9 GDPR) and the condition that allows processing them."""

    category: Text
    """E.g. "health data needed for workplace adjustments"."""
    condition: SpecialConditionKey  # type: ignore[valid-type]
    details: Markdown | None = None


class Retention(Strict):
    """How long data are kept: a period with what starts it, or a rule in words."""

    period: Duration | None = None
    """ISO 8601 duration, e.g. P24M for 24 months, P6Y for six years."""
    starts: Text | None = None
    """What starts the period, e.g. "the end of the customer relationship"."""
    rule: Markdown | None = None
    """The rule in words, when no single period fits."""

    @model_validator(mode="after")
    def _period_or_rule(self) -> Retention:
        if not self.period and not self.rule:
            raise ValueError("give a retention 'period' (such as P24M) or a 'rule' in words")
        if self.starts and not self.period:
            raise ValueError("'starts' goes with a 'period'")
        return self


class Requirement(Strict):
    """Whether people must provide the data (Art. 13(2)(e) GDPR)."""

    type: RequirementKey  # type: ignore[valid-type]
    consequences: Markdown | None = None
    """What happens if the data are not provided."""


class AutomatedDecision(Strict):
    """Automated decision-making or profiling (Art. 22 GDPR)."""

    description: Markdown
    """The logic involved."""
    significance: Markdown
    """The significance and the expected consequences for the person."""


class Activity(Strict):
    """A processing activity: one situation in which data are processed."""

    id: Slug
    """Short identifier, unique in the notice, e.g. job-applicants."""
    title: Text
    """The situation in the reader's words, e.g. "Applying for a job"."""
    description: Markdown | None = None
    data_subjects: list[Text] = Field(min_length=1)
    """Whose data: e.g. "website visitors", "job applicants"."""
    purposes: list[Markdown] = Field(min_length=1)
    legal_bases: list[LegalBasisUse] = []
    special_categories: list[SpecialCategory] = []
    data_categories: list[Text] = Field(min_length=1)
    """Kinds of data, e.g. "name and email address"."""
    sources: list[Text] = []
    """Where data come from when not from the person (Art. 14 GDPR)."""
    recipients: list[Slug] = []
    """Ids of processors or recipients listed in the notice that receive these data."""
    retention: Retention | None = None
    requirement: Requirement | None = None
    automated_decisions: list[AutomatedDecision] = []


class ControllerActivity(Activity):
    """An activity of a controller notice: legal bases are required, and retention (here or for the whole notice)."""

    legal_bases: list[LegalBasisUse] = Field(min_length=1)
    retention: Retention | None = None
    """How long these data are kept; may be left out when the notice gives one retention for every activity."""


class Processor(Strict):
    """A named processor or sub-processor."""

    id: Slug
    name: Name
    service: Text
    """What it does for us, e.g. "email delivery"."""
    country: Country
    """Where it processes the data."""
    business_id: Name | None = None
    registrations: list[Registration] = []
    address: Address | None = None
    privacy_policy: Url | None = None
    contact: Contact | None = None


RecipientRole = _enum("recipient_roles")


class Recipient(Strict):
    """A recipient other than a processor, named or as a category."""

    id: Slug
    name: Text
    """A name, or a category such as "tax authorities"."""
    role: RecipientRole = "other"  # type: ignore[valid-type]
    description: Markdown | None = None
    country: Country | None = None


class Transfer(Strict):
    """A transfer of data outside the EU/EEA: to a country, to several, or to an unnamed place outside it."""

    id: Slug | None = None
    """Optional short name, unique among the notice's transfers, that stays the same from version to
    version, so that a changes page says how the transfer changed even when its countries, recipients
    and safeguard all did."""
    country: OutsideCountry | None = None
    """The country the data go to."""
    countries: list[OutsideCountry] = []
    """Several countries, when one entry covers them all."""
    region: Literal["outside_eea"] | None = None
    """outside_eea: somewhere outside the EU/EEA, when the notice does not name the countries."""
    frequency: Literal["regular", "occasional"] = "regular"
    """occasional: data go there only now and then (e.g. "mainly within the EU, occasionally elsewhere")."""
    recipients: list[Slug] = []
    """Ids of the processors or recipients in that country."""
    mechanism: MechanismKey  # type: ignore[valid-type]
    """The safeguard: adequacy, dpf, scc, bcr or derogation (or, for old versions, privacy_shield, scc_2001, scc_2004, scc_2010)."""
    details: Markdown | None = None
    supplementary_measures: Markdown | None = None
    """Measures beyond the mechanism, e.g. encryption with keys kept in the EU."""
    impact_assessment: bool = False
    """True when a transfer impact assessment has been made for this transfer."""
    safeguards_copy: Markdown | None = None
    """How to obtain a copy of the safeguards, or where they are available."""

    @model_validator(mode="after")
    def _one_destination(self) -> Transfer:
        given = [name for name, value in (("country", self.country), ("countries", self.countries), ("region", self.region)) if value]
        if len(given) != 1:
            raise ValueError(
                "a transfer says where the data go with exactly one of 'country', 'countries' or 'region: outside_eea'"
                + (f"; found {', '.join(given)}" if given else "")
            )
        return self

    @property
    def destinations(self) -> list[str]:
        """The countries named, in order (none for a region)."""
        return [self.country] if self.country else list(self.countries)


class Cookie(Strict):
    """A cookie or similar technology, or a group of them described by provider and purpose."""

    name: Name | None = None
    """The cookie's name or pattern, e.g. _ga_*. Leave out for a group described by provider and purpose."""
    names: list[Name] = []
    """Several names, for a group of cookies set by one provider for one purpose."""
    provider: Name
    party: Literal["first", "third"]
    category: CookieCategoryKey  # type: ignore[valid-type]
    purpose: Text
    duration: CookieDuration | None = None
    """ISO 8601 duration (P13M), "session", or "provider" (as the provider sets it); leave out when the notice does not say."""
    type: CookieTypeKey = "http_cookie"  # type: ignore[valid-type]

    @model_validator(mode="after")
    def _name_or_names(self) -> Cookie:
        if self.name and self.names:
            raise ValueError("give either 'name' (one cookie) or 'names' (a group), not both")
        return self


class CookieChoice(Strict):
    """How visitors change or withdraw their cookie choices, in built-in wording."""

    settings_url: Url | None = None
    """Where the consent tool's settings are, e.g. a page with the cookie settings."""
    on_every_page: bool = False
    """True when a "Cookie settings" link is at the bottom of every page."""
    browser: bool = False
    """True to say that cookies can also be blocked or deleted in the browser's settings."""

    @model_validator(mode="after")
    def _says_something(self) -> CookieChoice:
        if not (self.settings_url or self.on_every_page or self.browser):
            raise ValueError("give at least one of settings_url, on_every_page: true or browser: true")
        return self


class Section(Strict):
    """A free Markdown section, placed after one of the fixed topics."""

    id: Slug
    title: Text
    body: Markdown
    after: Topic = "contact"  # type: ignore[valid-type]
    """The topic this section follows: start, intro, controller, activities, … contact."""


class RightUse(Strict):
    """A right the notice lists differently from the built-in rules: added, reworded or withdrawn."""

    right: RightKey  # type: ignore[valid-type]
    """One of the built-in rights: access, rectification, erasure, restriction, portability, objection…"""
    text: Markdown | None = None
    """The notice's own wording, instead of the built-in one. Adds the right if the rules would not list it."""
    withdrawn: Markdown | None = None
    """Why the right does not apply here: the right is then not listed, and this reason is shown instead."""

    @model_validator(mode="after")
    def _one_change(self) -> RightUse:
        if self.text and self.withdrawn:
            raise ValueError("a right is either worded ('text') or withdrawn ('withdrawn'), not both")
        return self


class ExternalNotice(Strict):
    """A notice published elsewhere, e.g. the group's controller notice on its main website."""

    title: Text
    """The notice's title as a link text, e.g. "Privacy notice of Kajo Group"."""
    url: Url
    """Its address; https only."""

    @field_validator("url")
    @classmethod
    def _https(cls, value: str) -> str:
        if not value.startswith("https://"):
            raise ValueError(f"a notice elsewhere is linked with https://, found '{textcheck.excerpt(value)}'")
        return value


class Layout(Strict):
    """How the notice's own document was laid out: its order of sections, and whether they are numbered."""

    order: list[str] = []
    """Section anchors in the notice's own order: topics (controller, activities, transfers, rights…) and free
    sections' ids. Sections not listed follow in the usual order."""
    numbered: bool = False
    """True to number the sections (1., 2., …) as the notice does, e.g. when it refers to "section 10"."""


class ToldElsewhere(Strict):
    """A situation the notice only points to: another notice tells about it (e.g. applying for a job)."""

    id: Slug
    """Short identifier, unique among the activities, e.g. job-applicants."""
    title: Text
    """The situation in the reader's words, e.g. "Applying for a job"."""
    see: NoticeRef | ExternalNotice
    """The notice that tells about it: "notice" or "entity/notice" of this site, or title and url of one elsewhere."""
    note: Markdown | None = None
    """A few words more, if the notice says them."""


class Correction(Strict):
    """A dated correction of a version that had already taken effect."""

    date: datetime.date
    """The day the correction was made."""
    text: Markdown
    """What was corrected and why, e.g. "Fixed a typo in the retention period of job applications"."""


Reason = Annotated[
    str,
    Field(min_length=10),
    AfterValidator(textcheck.check_plain),
    WithJsonSchema({"type": "string", "minLength": 10, "description": "Why the rule does not apply: plain text for reviewers, not translated."}),
]
"""A reviewer's reason: plain text, shown as written in reports, never on the public pages."""

RuleId = Annotated[str, Field(pattern=r"^PN[0-9]{3}$")]
"""A compliance rule's id, e.g. PN124 (``notices check --list`` lists them)."""


class Suppression(Strict):
    """A compliance rule turned off, with the reason a reviewer reads in every report."""

    rule: RuleId
    """The rule's id, e.g. PN171."""
    reason: Reason
    """Why the rule does not apply here, in a sentence a reviewer can check."""


class EntitySuppression(Suppression):
    """A compliance rule turned off for some or all notices of an entity."""

    notices: list[Slug] = []
    """The notices it applies to (folder names); every notice of the entity when left out."""


VERSION_OWN_FIELDS = ("changes", "published", "corrections")
"""Fields that belong to one version: a new version does not copy them, and their text never continues the previous version's."""


class NoticeBase(Strict):
    """What every kind of notice may say."""

    kind: str
    title: Text
    """The notice's title, e.g. "Privacy notice"."""
    published: datetime.date | None = None
    """When the text was published, if earlier than the date it takes effect."""
    changes: Changes | None = None
    """What this version changed, in a sentence or two. Required from the second version on; "" (as `notices new-version` leaves it) until it is written, which only drafting accepts."""
    summary: list[Markdown] = []
    """Key points, shown first under "In brief": the first layer a reader sees (EDPB transparency guidelines)."""
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
    statements: list[StatementKey] = []  # type: ignore[valid-type]
    """What does not happen, in built-in wording: no_automated_decisions, no_sale, no_special_categories, no_children."""
    rights: list[RightUse] = []
    """Rights listed differently from the built-in rules: added, reworded or withdrawn with a reason."""
    cookie_choice: CookieChoice | None = None
    """How visitors change their cookie choices (with the notice's cookies)."""
    retention: Retention | None = None
    """Retention for every activity that gives none of its own, when the notice states it once."""
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
    corrections: list[Correction] = []
    """Corrections made after the version took effect; the page lists them. Needed to change a locked version."""
    suppress: list[Suppression] = []
    """Compliance rules that do not apply to this version, each with its reason (shown in every report)."""


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


_MARKERS: dict[int, tuple[Any, Translatable | None]] = {}
"""id(field info) → (the field info, its marker): the fields of the model classes never change, and every
localized copy and every extraction asks for them again."""


def _translatable(info: Any) -> Translatable | None:
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
        marker = _translatable(info)
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

    >>> item_key(Section(id="history", title="Our history", body="Founded in 1990."))
    'history'
    >>> item_key(Recipient(id="authorities", name="Authorities")), item_key("a data category")
    ('authorities', None)
    """
    if not isinstance(item, BaseModel):
        return None
    fields = type(item).model_fields
    for name in ITEM_KEYS:
        value = getattr(item, name) if name in fields and _translatable(fields[name]) is None else None
        if isinstance(value, (str, datetime.date)):
            return str(value)
    return None
