"""What a notice says of the processing itself: activities, legal bases, retention, transfers, cookies and rights.

These are the facts Art. 13 and 14 GDPR ask for, each with the checks the
data format makes of it; the notice kinds (:mod:`privacy_notices.data.model`)
are lists of them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from privacy_notices.data.fields import (
    CookieCategoryKey,
    CookieDuration,
    CookieTypeKey,
    Duration,
    LegalBasisKey,
    Markdown,
    MechanismKey,
    Name,
    OutsideCountry,
    RequirementKey,
    RightKey,
    Slug,
    SpecialConditionKey,
    Strict,
    Text,
    Url,
)
from privacy_notices.data.wording import ActivityWording


class LegalBasisUse(Strict):
    """One legal basis for an activity."""

    basis: LegalBasisKey
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
    condition: SpecialConditionKey
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

    type: RequirementKey
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
    sources_only: bool = False
    """True when all the activity's data come from its `sources` and none from the person (Art. 14 alone): the person
    is then not asked for them, and the notice need not say whether they must give them (Art. 13(2)(e))."""
    recipients: list[Slug] = []
    """Ids of processors or recipients listed in the notice that receive these data."""
    retention: Retention | None = None
    requirement: Requirement | None = None
    automated_decisions: list[AutomatedDecision] = []
    profiling: Markdown | None = None
    """Profiling that leads to no decision with legal or similarly significant effects (so not Art. 22): what is
    evaluated and what it is used for, e.g. choosing which newsletter topics you receive."""
    wording: ActivityWording | None = None  # type: ignore[valid-type]  # a model built from the sentence vocabulary at import
    """The activity's own words for the built-in sentences it shows (its legal bases, special categories, requirement),
    by id, in the place of the notice's `wording`."""


    @model_validator(mode="after")
    def _sources_only_with_sources(self) -> Activity:
        if self.sources_only and not self.sources:
            raise ValueError("'sources_only: true' says the data come only from the 'sources'; list them")
        return self


class ControllerActivity(Activity):
    """An activity of a controller notice: legal bases are required, and retention (here or for the whole notice)."""

    legal_bases: list[LegalBasisUse] = Field(min_length=1)
    retention: Retention | None = None
    """How long these data are kept; may be left out when the notice gives one retention for every activity."""


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
    mechanism: MechanismKey
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
    category: CookieCategoryKey
    purpose: Text
    duration: CookieDuration | None = None
    """ISO 8601 duration (P13M), "session", or "provider" (as the provider sets it); leave out when the notice does not say."""
    type: CookieTypeKey = "http_cookie"

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


class RightUse(Strict):
    """A right as the notice lists it: a built-in one added, reworded or withdrawn, or one of the notice's own."""

    right: RightKey | None = None
    """One of the built-in rights: access, rectification, erasure, restriction, portability, objection…
    Left out for a right in the notice's own words only (then with `title` and `text`)."""
    title: Text | None = None
    """The right's name in the notice's words, instead of the built-in one, e.g. "Right to be forgotten"."""
    text: Markdown | None = None
    """The notice's own wording, instead of the built-in one. Adds the right if the rules would not list it."""
    withdrawn: Markdown | None = None
    """Why the right does not apply here: the right is then not listed, and this reason is shown instead."""
    also: list[RightKey] = []
    """Further built-in rights this entry states in its own `title` or `text`, when the notice words several in one entry
    (`right: restriction`, `also: [objection]`); they are then not listed again on their own."""

    @model_validator(mode="after")
    def _one_change(self) -> RightUse:
        if self.text and self.withdrawn:
            raise ValueError("a right is either worded ('text') or withdrawn ('withdrawn'), not both")
        if self.also and not (self.text or self.title):
            raise ValueError("'also' names rights the entry's own words state too: give its 'title' or 'text'")
        if self.right is None and not (self.title and self.text):
            raise ValueError("give the built-in right's key in 'right', or a right of your own with its 'title' and 'text'")
        return self
