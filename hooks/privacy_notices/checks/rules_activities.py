"""The rules of what a notice says of each activity: legal bases, special categories, retention, requirements, decisions, sources.

GDPR Art. 6, 9, 13(1)(c)–(d), 13(2)(a), (e)–(f) and 14: the facts a reader
needs about each situation in which their data are processed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from privacy_notices.checks.rulebook import Hit, Loc, Version, activities, rule
from privacy_notices.data import textcheck


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
    for i, activity in enumerate(activities(v.data)):
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
    for i, activity in enumerate(activities(v.data)):
        for j, special in enumerate(activity.special_categories):
            if special.condition in _LAW_CONDITIONS and not special.details:
                yield Hit(("activities", i, "special_categories", j, "condition"), f"the condition {special.condition} for '{special.category}' names no law")


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
    places: list[tuple[Loc, Any]] = [(("retention",), v.data.retention)] + [(("activities", i, "retention"), a.retention) for i, a in enumerate(activities(v.data))]
    for loc, retention in places:
        if retention is not None and retention.rule and not retention.period and re.search(pattern, retention.rule, re.I) and len(retention.rule.split()) < 15:
            yield Hit((*loc, "rule"), f"the retention rule says only '{textcheck.excerpt(retention.rule)}'")


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
    for i, activity in enumerate(activities(v.data)):
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
    for i, activity in enumerate(activities(v.data)):
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
    if not any(a.automated_decisions for a in activities(v.data)) and "no_automated_decisions" not in v.data.statements:
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
    for i, activity in enumerate(activities(v.data)):
        for j, source in enumerate(activity.sources):
            if source.strip().rstrip(".").lower() in generic:
                yield Hit(("activities", i, "sources", j), f"the source of '{activity.title}' is only '{source}'")
