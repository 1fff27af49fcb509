"""The compliance rules: what a privacy lawyer would flag in a notice, found from its data.

Each rule has a stable id, a title, a severity, the legal source it rests
on, a fix hint and a longer explanation; the same definitions drive
``notices check``, its ``--list`` and ``--explain``, and the rules reference
in the repository (``RULES.md``). A rule looks at one version at a time, as
of that version's own dates: what it may say depends on when it was in force.

What the data format already refuses (a controller activity without a
purpose, legal basis or retention; a legitimate-interest basis without the
interest; special categories without an Art. 9 condition; automated
decisions without their logic; a second version without 'changes' (its
empty placeholder is PN173's); recipients that do not exist; a processor outside the EU/EEA
without a transfer; no supervisory authority; translations that change
links) is not repeated here: such a notice is a data error and never gets this far.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from privacy_notices.data import textcheck, vocab
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.data.project import EntityRecord, NoticeSeries, NoticeVersion, Project
from privacy_notices.data.fields import CHANGES_PLACEHOLDER, PLACEHOLDER_MARKER
from privacy_notices.data.model import NoticeBase, ProcessorNotice
from privacy_notices.data.processing import Transfer
from privacy_notices.data.walk import placeholders, text_fields
from privacy_notices.data.rights import derived_rights

Severity = Literal["error", "warning"]
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Version:
    """One version as a rule sees it: its data, its neighbours and the days it was, is or will be in force."""

    project: Project
    record: EntityRecord
    series: NoticeSeries
    version: NoticeVersion
    previous: NoticeVersion | None
    status: str
    """current, archived or upcoming, on the as-of day."""
    first_day: datetime.date
    """The day it takes effect."""
    last_day: datetime.date
    """The last day it was in force (archived), the as-of day or its first day, whichever is later (in force or upcoming)."""
    catalogs: Catalogs | None

    @property
    def data(self) -> NoticeBase:
        return self.version.data

    @property
    def language(self) -> str:
        """The language the version is written in."""
        return self.project.language_of(self.record.id)


@dataclass(frozen=True)
class Hit:
    """One place a rule fires: the field, and what is wrong there."""

    loc: Loc
    message: str
    entity: bool = False
    """True when the place is in entity.yml, not in the version file."""


@dataclass(frozen=True)
class Rule:
    """One compliance rule."""

    id: str
    title: str
    severity: Severity
    source: str
    """The legal source: article, guideline paragraph, judgment or decision, with its date."""
    hint: str
    """How to fix what the rule finds."""
    explanation: str
    """Why it matters and exactly when the rule fires."""
    check: Callable[[Version], Iterator[Hit]]
    kinds: tuple[str, ...] = ("controller", "processor", "cookies")
    """The notice kinds it applies to."""
    unfinished: bool = False
    """It finds work left undone, never history: an error in archived versions too, and no suppression turns it off."""


RULES: dict[str, Rule] = {}
"""Every rule, by id, in id order."""


def rule(
    id: str, title: str, severity: Severity, source: str, hint: str, explanation: str, kinds: tuple[str, ...] = ("controller", "processor", "cookies"), unfinished: bool = False
) -> Callable[[Callable[[Version], Iterator[Hit]]], Callable[[Version], Iterator[Hit]]]:
    """Register a check function as a rule."""

    def register(check: Callable[[Version], Iterator[Hit]]) -> Callable[[Version], Iterator[Hit]]:
        assert id not in RULES, id
        RULES[id] = Rule(id, title, severity, source, hint, " ".join(explanation.split()), check, kinds, unfinished)
        return check

    return register


def _activities(data: NoticeBase) -> list[Any]:
    return list(getattr(data, "activities", []))


def _reachable(party: Any) -> bool:
    return bool(party.email or party.phone or party.url or party.address)


def _country(code: str | None) -> bool:
    """Whether a country is in the EU/EEA (outermost regions and Åland included)."""
    return code is not None and code in vocab.eea_countries()


# --- Art. 13(1)(a)–(b) and Art. 27: who is responsible ---------------------------------


@rule(
    "PN101", "The controller can be contacted", "error", "GDPR Art. 13(1)(a)",
    "Give the controller's email, phone, url or address under 'controller'.",
    """A notice must give the identity and the contact details of the controller. When a notice
    names a controller other than the entity itself ('controller'), that party needs at least one
    way to reach it. (The entity's own contact is required by the data format.)""",
    kinds=("controller", "cookies"),
)
def _controller_contact(v: Version) -> Iterator[Hit]:
    if v.data.controller is not None and not _reachable(v.data.controller):
        yield Hit(("controller",), f"the controller {v.data.controller.name} has no email, phone, url or address")


@rule(
    "PN102", "The data protection officer can be reached directly", "warning",
    "GDPR Art. 13(1)(b) and 38(4); WP29 Guidelines on DPOs (WP243 rev.01, 5 April 2017), section 2.6",
    "Give the DPO an email address, phone number or form of its own, not only the general contact's.",
    """When a data protection officer is named, people must be able to reach the DPO directly and
    confidentially. The rule fires when the DPO's only ways of contact are the same as the
    entity's general contact.""",
)
def _dpo_direct(v: Version) -> Iterator[Hit]:
    dpo, contact = v.record.data.dpo, v.record.data.contact
    if dpo is None:
        return
    own = {x for x in (dpo.email, dpo.phone, dpo.url) if x} - {x for x in (contact.email, contact.phone, contact.url) if x}
    if not own and not dpo.address:
        yield Hit(("dpo",), "the data protection officer is reached only through the general contact details", entity=True)


@rule(
    "PN103", "A controller outside the EU/EEA names its EU representative", "error", "GDPR Art. 27 and 13(1)(a)",
    "Add 'representative' to entity.yml, or suppress the rule with the Art. 27(2) exemption that applies.",
    """A controller not established in the EU or the EEA that offers goods or services to people in
    it must designate a representative in the Union, and the notice names it. The rule fires when
    the controller's address (the notice's 'controller', or the entity's) is outside the EU/EEA and
    the entity names no representative.""",
    kinds=("controller", "cookies"),
)
def _representative(v: Version) -> Iterator[Hit]:
    party = v.data.controller or v.record.data
    address = party.address
    if address is not None and not _country(address.country) and v.record.data.representative is None:
        message = f"the controller is established in {address.country}, outside the EU/EEA, and names no EU representative"
        yield Hit(("controller", "address", "country"), message) if v.data.controller else Hit(("address", "country"), message, entity=True)


# --- Art. 13(1)(c)–(d) and Art. 9: purposes and legal bases ----------------------------


@rule(
    "PN110", "The legitimate interest is spelled out", "warning",
    "GDPR Art. 13(1)(d); WP29 Guidelines on transparency (WP260 rev.01, 11 April 2018), Annex, Art. 13(1)(d); EDPB Guidelines 1/2024 on legitimate interests, para. 68",
    "Say which interest is pursued and why it needs these data, in a sentence.",
    """When the basis is legitimate interests, the notice must say what the specific interest is, for
    the reader to weigh it against their own. The rule fires when the interest is written in fewer
    than four words.""",
)
def _interest_spelled_out(v: Version) -> Iterator[Hit]:
    for i, activity in enumerate(_activities(v.data)):
        for j, basis in enumerate(activity.legal_bases):
            if basis.legitimate_interest and len(basis.legitimate_interest.split()) < 4:
                yield Hit(("activities", i, "legal_bases", j, "legitimate_interest"), f"the legitimate interest of '{activity.title}' is only '{textcheck.excerpt(basis.legitimate_interest)}'")


_LAW_CONDITIONS = {"employment_law", "substantial_public_interest", "health_care", "public_health", "archiving_research"}
"""Art. 9(2)(b), (g), (h), (i) and (j): they apply only on a basis in Union or Member State law."""


@rule(
    "PN111", "A special-category condition based on law names the law", "warning", "GDPR Art. 9(2)(b), (g)–(j) and 9(4); Art. 13(1)(c)",
    "Under 'details', name the law that allows the processing, e.g. the act and section.",
    """Processing special categories of data under employment law, substantial public interest,
    health care, public health or archiving and research needs a basis in Union or Member State law.
    The rule fires when such a condition is given without 'details' naming it.""",
)
def _condition_law(v: Version) -> Iterator[Hit]:
    for i, activity in enumerate(_activities(v.data)):
        for j, special in enumerate(activity.special_categories):
            if special.condition in _LAW_CONDITIONS and not special.details:
                yield Hit(("activities", i, "special_categories", j, "condition"), f"the condition {special.condition} for '{special.category}' names no law")


# --- Art. 13(1)(e)–(f): recipients and transfers ---------------------------------------


@rule(
    "PN120", "The notice says who receives the data", "warning", "GDPR Art. 13(1)(e); WP260 rev.01, Annex, Art. 13(1)(e)",
    "List the processors and recipients (or their categories); a notice whose data go to no one can suppress the rule saying so.",
    """A notice names the recipients or categories of recipients. The rule fires when a notice lists
    no processors and no recipients at all, which a reader cannot tell from a notice that forgot them.""",
    kinds=("controller",),
)
def _recipients_named(v: Version) -> Iterator[Hit]:
    if not v.data.processors and not v.data.recipients:
        yield Hit((), "the notice names no processors and no recipients")


def _mechanism(key: str) -> dict[str, Any]:
    return vocab.vocabulary("transfer_mechanisms")[key]


def _where(t: Transfer) -> str:
    return ", ".join(t.destinations) or "outside the EU/EEA"


@rule(
    "PN121", "Every transfer rests on a mechanism valid while the version is in force", "error",
    "GDPR Art. 44–46; CJEU C-311/18 Schrems II (16 July 2020) for the Privacy Shield; Commission Implementing Decision (EU) 2021/914, Art. 4, for the standard contractual clauses of 2001, 2004 and 2010 (not valid after 27 December 2022); Commission Implementing Decision (EU) 2023/1795 for the Data Privacy Framework (from 10 July 2023)",
    "Rely on a mechanism valid on the version's dates (dpf, scc, bcr, adequacy…) in a new version.",
    """A transfer outside the EU/EEA needs a mechanism that is valid on every day the version is in
    force. The rule fires when a version was, is or will be in force on or after the day its
    mechanism ceased (Privacy Shield from 16 July 2020; the old standard contractual clauses from 27
    December 2022), or took effect before its mechanism existed (the Data Privacy Framework before 10
    July 2023). A version that was replaced before its mechanism ended is history and is not flagged.""",
)
def _mechanism_valid(v: Version) -> Iterator[Hit]:
    for i, transfer in enumerate(v.data.transfers):
        entry = _mechanism(transfer.mechanism)
        ceased, valid_from = entry.get("ceased"), entry.get("valid_from")
        if ceased and v.last_day >= ceased:
            yield Hit(("transfers", i, "mechanism"), f"{entry['label']} ({_where(transfer)}) is not valid from {ceased.isoformat()} ({entry['source']}), and this version is in force until at least {v.last_day.isoformat()}")
        elif valid_from and v.first_day < valid_from:
            yield Hit(("transfers", i, "mechanism"), f"{entry['label']} ({_where(transfer)}) exists only from {valid_from.isoformat()}, after this version took effect on {v.first_day.isoformat()}")


@rule(
    "PN122", "No new transfer on the old standard contractual clauses", "error",
    "Commission Implementing Decision (EU) 2021/914, Art. 4(4): contracts on the 2001, 2004 and 2010 clauses could not be concluded after 27 September 2021",
    "Conclude the 2021 standard contractual clauses (mechanism scc) for the new transfer.",
    """The standard contractual clauses of 2001, 2004 and 2010 stayed valid until 27 December 2022 only
    for contracts concluded before 27 September 2021. The rule fires when a version taking effect
    after 27 September 2021 adds a transfer on them that the version before it did not have.""",
)
def _old_scc_new(v: Version) -> Iterator[Hit]:
    before = {(t.mechanism, tuple(t.destinations), tuple(t.recipients)) for t in (v.previous.data.transfers if v.previous else [])}
    for i, transfer in enumerate(v.data.transfers):
        entry = _mechanism(transfer.mechanism)
        no_new_after = entry.get("no_new_after")
        if no_new_after and v.first_day > no_new_after and (transfer.mechanism, tuple(transfer.destinations), tuple(transfer.recipients)) not in before:
            yield Hit(("transfers", i, "mechanism"), f"a new transfer to {_where(transfer)} on the {entry['label'].lower()}, which could not be agreed after {no_new_after.isoformat()}")


@rule(
    "PN123", "Adequacy only for a country with an adequacy decision on the version's date", "error",
    "GDPR Art. 45(1), (3) and (9); the list of adequacy decisions in vocabularies/adequacy.yml",
    "Use the mechanism the transfer really rests on (dpf for certified US recipients, scc, bcr…).",
    """An adequacy decision covers one country (or part of it) from the day it was adopted. The rule
    fires when a transfer on 'adequacy' goes to a country without a decision, to several countries
    or an unnamed place (each needs its own decision), or takes effect before the country's decision.""",
)
def _adequacy(v: Version) -> Iterator[Hit]:
    decisions = vocab.vocabulary("adequacy")
    for i, transfer in enumerate(v.data.transfers):
        if transfer.mechanism != "adequacy":
            continue
        if not transfer.destinations:
            yield Hit(("transfers", i, "mechanism"), "adequacy is decided country by country; this transfer names no country")
        for country in transfer.destinations:
            decision = decisions.get(country)
            if decision is None:
                extra = "; certified US recipients are covered by the mechanism dpf" if country == "US" else ""
                yield Hit(("transfers", i, "mechanism"), f"the European Commission has no adequacy decision for {country}{extra}")
            elif v.first_day < decision["from"]:
                yield Hit(("transfers", i, "mechanism"), f"the adequacy decision for {country} ({decision['decision']}) dates from {decision['from'].isoformat()}, after this version took effect")


@rule(
    "PN124", "Safeguards say how to get a copy", "error", "GDPR Art. 13(1)(f) and 14(1)(f); WP260 rev.01, Annex, Art. 13(1)(f)",
    "Add 'safeguards_copy': where the safeguards are published, or whom to ask for a copy.",
    """For a transfer on appropriate safeguards (standard contractual clauses, binding corporate rules)
    the notice must say how to obtain a copy of them or where they are available. The rule fires
    when such a transfer has no 'safeguards_copy'.""",
)
def _safeguards_copy(v: Version) -> Iterator[Hit]:
    for i, transfer in enumerate(v.data.transfers):
        article = _mechanism(transfer.mechanism)["article"]
        if ("Art. 46" in article or "Art. 47" in article) and not transfer.safeguards_copy:
            yield Hit(("transfers", i), f"the transfer to {_where(transfer)} on {_mechanism(transfer.mechanism)['label'].lower()} does not say how to get a copy of them")


@rule(
    "PN125", "A derogation is used only for occasional transfers", "warning",
    "GDPR Art. 49(1); EDPB Guidelines 2/2018 on derogations of Article 49 (25 May 2018), section 1",
    "Rely on safeguards (scc, bcr) for regular transfers, or mark an occasional one 'frequency: occasional'.",
    """The derogations of Art. 49 are exceptions for specific situations and must not become the rule
    for regular, repeated transfers. The rule fires when a transfer on a derogation is regular.""",
)
def _derogation(v: Version) -> Iterator[Hit]:
    for i, transfer in enumerate(v.data.transfers):
        if transfer.mechanism == "derogation" and transfer.frequency == "regular":
            yield Hit(("transfers", i, "frequency"), f"the transfer to {_where(transfer)} relies on a derogation but is regular")


@rule(
    "PN126", "Every recipient outside the EU/EEA has its transfer", "error", "GDPR Art. 13(1)(f) and 44",
    "Add a transfer for the recipient's country with its mechanism (or correct the recipient's country).",
    """A recipient that receives the data outside the EU/EEA receives a transfer, which the notice
    must describe with its safeguards. The rule fires when a recipient (other than a processor,
    which the data format already checks) is in a country outside the EU/EEA that no transfer
    covers, or when 'eea_only' is stated while such a recipient is listed.""",
)
def _transfer_for_recipient(v: Version) -> Iterator[Hit]:
    by_id = {r for t in v.data.transfers for r in t.recipients}
    countries = {c for t in v.data.transfers for c in t.destinations}
    anywhere = any(t.region for t in v.data.transfers)
    for i, party in enumerate(v.data.recipients):
        if party.country is None or _country(party.country):
            continue
        if v.data.eea_only:
            yield Hit(("recipients", i, "country"), f"{party.name} is in {party.country}, but the notice says all processing stays in the EU/EEA")
        elif party.id not in by_id and party.country not in countries and not anywhere:
            yield Hit(("recipients", i, "country"), f"{party.name} is in {party.country}, outside the EU/EEA, and no transfer covers it")


# --- Art. 13(2)(a): retention ----------------------------------------------------------

_AS_LONG_AS_NECESSARY = {
    "en": r"\bas long as (?:is |it is )?(?:necessary|needed|required)\b",
    "fi": r"\bniin kauan kuin (?:on )?(?:tarpeen|tarpeellista|tarvitaan|välttämätöntä)\b",
    "sv": r"\bså länge (?:som )?(?:det )?(?:är )?(?:nödvändigt|behövs|krävs)\b",
}


@rule(
    "PN130", "Retention is a period or criteria, not 'as long as necessary'", "warning",
    "GDPR Art. 13(2)(a); WP260 rev.01, Annex, Art. 13(2)(a): it is not sufficient to state generically that data are kept as long as necessary",
    "Give a period (P24M) with what starts it, or the criteria that decide it, in the retention rule.",
    """A retention rule must let the reader work out how long their data are kept. The rule fires
    when a retention rule in words says only that data are kept as long as necessary (in English,
    Finnish or Swedish) and gives no period.""",
)
def _retention_vague(v: Version) -> Iterator[Hit]:
    pattern = _AS_LONG_AS_NECESSARY.get(v.language)
    if pattern is None:
        return
    places: list[tuple[Loc, Any]] = [(("retention",), v.data.retention)] + [(("activities", i, "retention"), a.retention) for i, a in enumerate(_activities(v.data))]
    for loc, retention in places:
        if retention is not None and retention.rule and not retention.period and re.search(pattern, retention.rule, re.I) and len(retention.rule.split()) < 15:
            yield Hit((*loc, "rule"), f"the retention rule says only '{textcheck.excerpt(retention.rule)}'")


# --- Art. 13(2)(b)–(d), 21(4): rights --------------------------------------------------


@rule(
    "PN140", "Rights that always apply are never withdrawn", "error", "GDPR Art. 15, 16 and 77; Art. 13(2)(b) and (d)",
    "Remove the 'withdrawn' entry: access, rectification and the right to complain apply to every notice.",
    """The rights of access and rectification and the right to lodge a complaint with a supervisory
    authority apply whatever the legal basis. The rule fires when a notice withdraws one of them.""",
)
def _always_rights(v: Version) -> Iterator[Hit]:
    for i, use in enumerate(v.data.rights):
        if use.withdrawn and use.right in ("access", "rectification", "complaint"):
            yield Hit(("rights", i, "withdrawn"), f"the right '{use.right}' always applies and cannot be withdrawn")


@rule(
    "PN141", "Consent can be withdrawn", "error", "GDPR Art. 7(3) and 13(2)(c)",
    "Remove the 'withdrawn' entry for withdraw_consent.",
    """Where consent is a legal basis (or cookies need consent), the notice states the right to
    withdraw consent at any time. The rule fires when such a notice withdraws that right.""",
)
def _consent_withdrawal(v: Version) -> Iterator[Hit]:
    derived = derived_rights(v.data)
    for i, use in enumerate(v.data.rights):
        if use.right == "withdraw_consent" and use.withdrawn and "withdraw_consent" in derived:
            yield Hit(("rights", i, "withdrawn"), "consent is a legal basis here, so the right to withdraw it applies")


@rule(
    "PN142", "The supervisory authority is that of the controller's establishment", "warning",
    "GDPR Art. 13(2)(d), 55 and 56(1): the lead authority is that of the main establishment",
    "Name the authority of the country of the main establishment, or suppress the rule saying why another one leads.",
    """The notice names the supervisory authority people can complain to; for a controller in one
    member state, that is normally the authority of the country it is established in (people may
    still complain in their own country). The rule fires when the authority named is of another
    EU/EEA country than the controller's address. (A notice without any authority is refused by the
    data format.)""",
    kinds=("controller", "cookies"),
)
def _authority_country(v: Version) -> Iterator[Hit]:
    own_spec = v.data.supervisory_authority is not None
    spec = v.data.supervisory_authority or v.record.data.supervisory_authority
    address = (v.data.controller.address if v.data.controller and v.data.controller.address else None) or v.record.data.address
    if spec is not None and spec.country and _country(address.country) and spec.country != address.country and address.country not in vocab.EU_TERRITORIES:
        yield Hit(("supervisory_authority", "country"), f"the authority of {spec.country} is named, but the controller is established in {address.country}", entity=not own_spec)


@rule(
    "PN143", "The right to object is stated where legitimate interest or public task is the basis", "error",
    "GDPR Art. 21(1) and 21(4): the right is brought to the person's attention clearly and separately",
    "Remove the 'withdrawn' entry for objection; the right is shown in its own entry of the rights section.",
    """Where processing rests on legitimate interests or a public task, people may object, and the
    notice must say so explicitly, separately from other information; the page shows it as its own
    entry. The rule fires when such a notice withdraws the right to object.""",
)
def _objection(v: Version) -> Iterator[Hit]:
    bases = {b.basis for a in _activities(v.data) for b in a.legal_bases}
    for i, use in enumerate(v.data.rights):
        if use.right == "objection" and use.withdrawn and bases & {"legitimate_interests", "public_task"}:
            yield Hit(("rights", i, "withdrawn"), "legitimate interests or a public task is a basis here, so the right to object applies")


# --- Art. 13(2)(e)–(f): requirements and automated decisions ---------------------------


@rule(
    "PN150", "A contract or a legal obligation says whether the data must be given", "warning", "GDPR Art. 13(2)(e)",
    "Add 'requirement' to the activity: statutory, contractual, contract_precondition or voluntary.",
    """The notice says whether providing the data is a statutory or contractual requirement, or a
    requirement for entering into a contract, and whether the person is obliged to provide them.
    The rule fires when an activity based on a contract or a legal obligation has no 'requirement'
    (an activity whose data come from other sources, Art. 14, is exempt).""",
    kinds=("controller",),
)
def _requirement(v: Version) -> Iterator[Hit]:
    for i, activity in enumerate(_activities(v.data)):
        bases = {b.basis for b in activity.legal_bases}
        if bases & {"contract", "legal_obligation"} and activity.requirement is None and not activity.sources:
            yield Hit(("activities", i), f"'{activity.title}' rests on a contract or a legal obligation but does not say whether the data must be given")


@rule(
    "PN151", "A requirement says what happens if the data are not given", "warning", "GDPR Art. 13(2)(e)",
    "Add 'consequences' to the requirement.",
    """When providing the data is a requirement, the notice states the possible consequences of not
    providing them. The rule fires when a requirement other than voluntary has no 'consequences'.""",
    kinds=("controller",),
)
def _consequences(v: Version) -> Iterator[Hit]:
    for i, activity in enumerate(_activities(v.data)):
        if activity.requirement and activity.requirement.type != "voluntary" and not activity.requirement.consequences:
            yield Hit(("activities", i, "requirement"), f"'{activity.title}' requires the data but does not say what happens without them")


@rule(
    "PN152", "The notice says whether decisions are automated", "warning",
    "GDPR Art. 13(2)(f) and 22; WP29 Guidelines on automated decision-making (WP251 rev.01, 6 February 2018)",
    "List the automated decisions, or add no_automated_decisions to 'statements'.",
    """A notice informs of the existence of automated decision-making, including profiling. A reader
    cannot tell silence from absence; the rule fires when a controller notice neither lists an
    automated decision nor states that there are none.""",
    kinds=("controller",),
)
def _automated(v: Version) -> Iterator[Hit]:
    if not any(a.automated_decisions for a in _activities(v.data)) and "no_automated_decisions" not in v.data.statements:
        yield Hit((), "the notice neither lists automated decisions nor states that there are none")


# --- Art. 14: data from other sources --------------------------------------------------

_GENERIC_SOURCES = {
    "en": {"third parties", "third party", "partners", "our partners", "other sources", "various sources", "external sources", "public sources"},
    "fi": {"kolmannet osapuolet", "kumppanit", "yhteistyökumppanit", "muut lähteet", "ulkopuoliset lähteet", "julkiset lähteet"},
    "sv": {"tredje parter", "tredje part", "partner", "våra partner", "andra källor", "externa källor", "offentliga källor"},
}


@rule(
    "PN160", "The source of data not collected from the person is named", "warning",
    "GDPR Art. 14(2)(f); WP260 rev.01, para. 26 and Annex, Art. 14(2)(f): the specific source should be named unless it cannot be",
    "Name the source (the organisation or register), or the kind of source as precisely as you can.",
    """Where data are not collected from the person, the notice says from which source they come. The
    rule fires when a source is only a generic phrase such as 'third parties' or 'partners' (in
    English, Finnish or Swedish).""",
)
def _sources(v: Version) -> Iterator[Hit]:
    generic = _GENERIC_SOURCES.get(v.language, set())
    for i, activity in enumerate(_activities(v.data)):
        for j, source in enumerate(activity.sources):
            if source.strip().rstrip(".").lower() in generic:
                yield Hit(("activities", i, "sources", j), f"the source of '{activity.title}' is only '{source}'")


# --- WP260: changes and clear language -------------------------------------------------


def _added(v: Version) -> list[str]:
    """What a version adds over the one before: purposes, recipient categories, transfers."""
    if v.previous is None:
        return []
    old, new = v.previous.data, v.data
    added = []
    old_purposes = {p for a in _activities(old) for p in a.purposes}
    added += [f"the purpose '{textcheck.excerpt(p, 40)}'" for a in _activities(new) for p in a.purposes if p not in old_purposes]
    old_parties = {p.id for p in (*old.processors, *old.recipients)}
    added += [f"the recipient {p.name}" for p in (*new.processors, *new.recipients) if p.id not in old_parties]
    old_transfers = {(t.mechanism, tuple(t.destinations)) for t in old.transfers}
    added += [f"a transfer to {_where(t)}" for t in new.transfers if (t.mechanism, tuple(t.destinations)) not in old_transfers]
    return added


@rule(
    "PN170", "A version that adds purposes, recipients or transfers is published in advance", "warning",
    "GDPR Art. 12(1) and 13(3); WP260 rev.01, para. 29–31: changes are communicated before they take effect",
    "Set 'published' at least the site's change_notice_days (30 by default) before the version takes effect, or move its date.",
    """A change that matters to readers (a new purpose, a new recipient, a new transfer) is announced
    before it applies, so that people can react. The rule fires when such a version was published
    fewer than the site's 'change_notice_days' before it takes effect, or does not say when it was published.""",
)
def _notice_period(v: Version) -> Iterator[Hit]:
    added = _added(v)
    if not added:
        return
    days = v.project.site.change_notice_days
    published = v.data.published
    if published is None:
        yield Hit(("published",), f"the version adds {added[0]}{' and more' if len(added) > 1 else ''} but does not say when it was published (needed {days} days before {v.first_day.isoformat()})")
    elif (v.first_day - published).days < days:
        yield Hit(("published",), f"the version adds {added[0]}{' and more' if len(added) > 1 else ''} and was published {(v.first_day - published).days} days before it takes effect; {days} are needed")


_HEDGES = {
    "en": r"\b(?:may|might|some|often|possible|possibly|perhaps)\b",
    "fi": r"\b(?:saattaa|saattavat|saatetaan|mahdollisesti|joitakin|joitain|eräitä|usein|ehkä)\b",
    "sv": r"\b(?:kan komma att|eventuellt|möjligen|möjligt|vissa|ibland|ofta|kanske)\b",
}
"""Qualifiers WP260 rev.01 (para. 13) names, and their usual Finnish and Swedish counterparts."""


@rule(
    "PN171", "Clear language: few hedging words", "warning",
    "GDPR Art. 12(1); WP260 rev.01, para. 12–13: qualifiers such as 'may', 'might', 'some', 'often' and 'possible' should be avoided",
    "Say what happens: replace 'we may share' by whom you share with and when.",
    """Language qualifiers leave the reader unsure what really happens to their data. The rule counts
    such words in the notice's texts (in English, Finnish or Swedish, by the notice's language) and
    fires once per version that has any, naming how many and the first ones.""",
)
def _hedges(v: Version) -> Iterator[Hit]:
    pattern = _HEDGES.get(v.language)
    if pattern is None:
        return
    found: list[tuple[Loc, str]] = []
    for loc, text, _ in text_fields(v.data):
        found += [(loc, m.group()) for m in re.finditer(pattern, text, re.I)]
    if found:
        words = sorted({w.lower() for _, w in found})
        yield Hit(found[0][0], f"{len(found)} hedging word{'s' if len(found) != 1 else ''} ({', '.join(words[:5])}); the first is here")


_ONLY_CHECK = {
    "en": r"\b(?:check|review|visit|consult)\b.{0,40}\b(?:regularly|periodically|from time to time|often)\b",
    "fi": r"\b(?:säännöllisesti|ajoittain|aika ajoin)\b",
    "sv": r"\b(?:regelbundet|med jämna mellanrum|då och då)\b",
}
_NOTIFY = r"\b(?:notify|inform|tell|email|e-mail|message|announce|banner|feed|ilmoit|kerro|sähköposti|meddela|informera|e-post|avisera)\w*"


@rule(
    "PN172", "Changes are announced, not left for readers to find", "warning",
    "GDPR Art. 13(3); WP260 rev.01, para. 29: a notice should not merely ask readers to check it regularly for changes",
    "Say how readers learn of changes (notification, email, a notice on the site); the site's feeds and banners can be named.",
    """Telling readers to check the page regularly puts the burden on them. The rule fires when a
    notice says nothing about how changes are announced, or says only that readers should check the
    page regularly.""",
)
def _changes_policy(v: Version) -> Iterator[Hit]:
    text = v.data.changes_policy
    if not text:
        yield Hit((), "the notice does not say how changes to it are announced")
        return
    pattern = _ONLY_CHECK.get(v.language)
    if pattern and re.search(pattern, text, re.I) and not re.search(_NOTIFY, text, re.I):
        yield Hit(("changes_policy",), f"the only announcement of changes is '{textcheck.excerpt(text)}'")


@rule(
    "PN173", "A new version says what it changes", "error",
    "GDPR Art. 12(1) and 13(3); WP260 rev.01, para. 29–31: readers are told clearly what changed",
    "Write under 'changes', in a sentence or two, what this version changes, in place of the empty placeholder.",
    """`notices new-version` copies the latest version with an empty 'changes' (changes: "", under a
    comment that says what to write), so that drafting shows the new version while it is being
    written. A version whose 'changes' is still empty tells readers nothing of what changed. The rule
    fires on every version whose 'changes' is empty, archived ones included, and cannot be suppressed:
    the placeholder is never published.""",
    unfinished=True,
)
def _changes_written(v: Version) -> Iterator[Hit]:
    if v.data.changes == CHANGES_PLACEHOLDER:
        yield Hit(("changes",), "not written yet: say what this version changes")


PLACEHOLDER_RULE = "PN174"
"""The rule that refuses a text marked :data:`PLACEHOLDER_MARKER`: what `notices new-site` leaves for the company to write."""


@rule(
    PLACEHOLDER_RULE, "No placeholder is published", "error",
    "GDPR Art. 5(1)(a), 12(1) and 13: the information given is the controller's own, accurate and complete",
    f"Write what the company does in place of the text marked '{PLACEHOLDER_MARKER}' (AUTHORING.md, \"Placeholders\").",
    f"""`notices new-site` writes a placeholder, a text marked '{PLACEHOLDER_MARKER}', for each fact of the first
    notice that no answer gave (a purpose, the data categories, a retention period, a cookie's purpose…), so that
    drafting shows the notice while it is being written and nothing the company did not write is published. The
    rule fires on every value of a version, and of its entity.yml, that holds '{PLACEHOLDER_MARKER}', archived
    versions included, and cannot be suppressed: a placeholder is never published.""",
    unfinished=True,
)
def _placeholders(v: Version) -> Iterator[Hit]:
    for loc, text in placeholders(v.data):
        yield Hit(loc, f"placeholder text '{textcheck.excerpt(text)}' is still here; write what the company does")
    for loc, text in placeholders(v.record.data):
        yield Hit(loc, f"placeholder text '{textcheck.excerpt(text)}' is still here; write what the company does", entity=True)


# --- ePrivacy Art. 5(3): cookies -------------------------------------------------------


def _cookies(data: NoticeBase) -> list[Any]:
    return list(getattr(data, "cookies", []))


@rule(
    "PN180", "Cookies that need consent are used only with consent", "error",
    "Directive 2002/58/EC (ePrivacy), Art. 5(3); EDPB Guidelines 05/2020 on consent, para. 7 and 86; CJEU C-673/17 Planet49 (1 October 2019)",
    "Add 'consent' (how consent is given and withdrawn) or 'cookie_choice' to the notice.",
    """Storing or reading anything on a device other than what is strictly necessary needs prior
    consent. The rule fires when a notice lists cookies of a category that needs consent but says
    nothing about how consent is given or withdrawn ('consent' or 'cookie_choice').""",
    kinds=("controller", "cookies"),
)
def _cookie_consent(v: Version) -> Iterator[Hit]:
    needing = [i for i, c in enumerate(_cookies(v.data)) if vocab.vocabulary("cookie_categories")[c.category]["needs_consent"]]
    if needing and not getattr(v.data, "consent", None) and v.data.cookie_choice is None:
        yield Hit(("cookies", needing[0], "category"), f"{len(needing)} cookie{'s' if len(needing) != 1 else ''} need consent, and the notice does not say how it is given or withdrawn")


@rule(
    "PN181", "Every cookie says how long it lasts", "error",
    "Directive 2002/58/EC, Art. 5(3) with GDPR Art. 13(2)(a); CJEU C-673/17 Planet49 (1 October 2019), para. 79–81: the duration of cookies is part of clear and comprehensive information",
    "Add 'duration' (an ISO 8601 period such as P13M, 'session', or 'provider' when the provider decides).",
    """Readers are told how long each cookie stays on their device. The rule fires when a cookie (or
    group of cookies) gives no 'duration'.""",
    kinds=("controller", "cookies"),
)
def _cookie_duration(v: Version) -> Iterator[Hit]:
    for i, cookie in enumerate(_cookies(v.data)):
        if cookie.duration is None:
            yield Hit(("cookies", i), f"the cookie {cookie.name or ', '.join(cookie.names) or cookie.provider} does not say how long it lasts")


_MONTHS = {"year": 12.0, "month": 1.0, "week": 12 / 52, "day": 12 / 365, "hour": 0.0, "minute": 0.0}


def _months(duration: str) -> float:
    """An ISO 8601 duration in months.

    >>> _months("P1Y2M"), _months("P396D") > 13
    (14.0, True)
    """
    return sum(_MONTHS[unit] * amount for unit, amount in textcheck.parse_duration(duration))


@rule(
    "PN182", "Cookies last at most 13 months", "warning",
    "CNIL, Guidelines and Recommendation on cookies, Deliberations 2020-091 and 2020-092 of 17 September 2020: a lifetime of 13 months at most is recommended",
    "Shorten the cookie's lifetime to 13 months or less, or suppress the rule with the reason it must last longer.",
    """Consent and the cookies it allows should not last indefinitely. The rule fires when a cookie's
    duration is longer than 13 months.""",
    kinds=("controller", "cookies"),
)
def _cookie_lifetime(v: Version) -> Iterator[Hit]:
    for i, cookie in enumerate(_cookies(v.data)):
        if cookie.duration and cookie.duration not in ("session", "provider") and _months(cookie.duration) > 13:
            yield Hit(("cookies", i, "duration"), f"the cookie {cookie.name or ', '.join(cookie.names) or cookie.provider} lasts {cookie.duration}, more than 13 months")


@rule(
    "PN183", "A third-party cookie names the third party", "error",
    "Directive 2002/58/EC, Art. 5(3); CJEU C-673/17 Planet49 (1 October 2019), para. 80: whether third parties have access to the cookies",
    "Set 'provider' to the third party that sets or reads the cookie.",
    """Readers are told which third parties can read the cookies. The rule fires when a cookie marked
    'party: third' names the entity itself as its provider.""",
    kinds=("controller", "cookies"),
)
def _third_party(v: Version) -> Iterator[Hit]:
    own = {v.record.data.name.lower(), *([v.data.controller.name.lower()] if v.data.controller else [])}
    for i, cookie in enumerate(_cookies(v.data)):
        if cookie.party == "third" and cookie.provider.lower() in own:
            yield Hit(("cookies", i, "provider"), f"the cookie {cookie.name or cookie.provider} is a third-party cookie, but its provider is {cookie.provider} itself")


# --- Consistency -----------------------------------------------------------------------

_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*")


@rule(
    "PN190", "Every language says the same dates and numbers", "error",
    "GDPR Art. 12(1): information in a concise, transparent, intelligible form; a translation may not say something else",
    "Correct the translation in the catalog so that it keeps the numbers of the original.",
    """Every language of a version must state the same dates, periods and numbers (link targets are
    already checked with the translations). The rule fires when a current translation of a text of
    the version leaves out a number that the original writes in digits.""",
)
def _numbers(v: Version) -> Iterator[Hit]:
    if v.catalogs is None:
        return
    for language in v.project.languages_of(v.record.id):
        if language == v.language:
            continue
        for loc, text, _ in text_fields(v.data):
            wanted = _NUMBER.findall(text)
            if not wanted:
                continue
            found = v.catalogs.lookup(language, v.record.id, text)
            if found.text is None:
                continue
            have = _NUMBER.findall(found.text)
            missing = [n for n in wanted if n not in have]
            if missing:
                yield Hit(loc, f"the {language} translation leaves out {', '.join(missing)}")


@rule(
    "PN191", "A processor notice links its controller notice", "error",
    "GDPR Art. 13 and 28; WP260 rev.01, para. 17: people reach all the information that concerns them",
    "Set 'controller_notice' to the entity's own privacy notice (on this site or elsewhere).",
    """A processor notice describes what the company does for its customers; what it does with data
    as a controller is in its own privacy notice, which the processor notice links. The rule fires
    when a processor notice has no 'controller_notice' and the entity does not have exactly one
    controller notice on the site to link automatically.""",
    kinds=("processor",),
)
def _controller_notice(v: Version) -> Iterator[Hit]:
    data = v.data
    assert isinstance(data, ProcessorNotice)
    own = [s for s in v.record.notices.values() if s.kind == "controller"]
    if data.controller_notice is None and len(own) != 1 and not v.project.incomplete(v.record.id):
        yield Hit(("controller_notice",), f"no controller notice is linked, and the entity has {len(own)} controller notices to choose from")

