"""The rules of what a notice says of each activity: legal bases, special categories, retention, requirements, decisions, sources.

GDPR Art. 6, 9, 13(1)(c)–(d), 13(2)(a), (e)–(f) and 14: the facts a reader
needs about each situation in which their data are processed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from privacy_notices.checks import cues
from privacy_notices.checks.rulebook import Hit, Loc, Version, activities, rule
from privacy_notices.data import textcheck
from privacy_notices.data.walk import text_fields


# --- Art. 13(1)(c)–(d) and Art. 9: purposes and legal bases ----------------------------


def names_no_interest(interest: str, language: str) -> bool:
    """Whether a legitimate interest leaves nothing once what names no interest is taken away.

    Taken away: stop words, words that restate the basis or the company ("our legitimate business
    interests", "yhtiön oikeutettu etu") and words that point elsewhere ("stated above", "kohdassa
    3 kuvattu", "som anges ovan"). Fewer than two words left, or fewer than three beside a
    pointer, say no interest. In a language the cue table does not have, words are counted as before (four at least).

    >>> names_no_interest("Our legitimate business interests.", "en"), names_no_interest("Maksuvilppien estäminen verkkokaupassa.", "fi")
    (True, False)
    """
    if language not in cues.languages():
        return len(interest.split()) < 4
    left = cues.content_words(interest, language, "reference_only", "generic_interest")
    return len(left) < 2 or (bool(cues.find("reference_only", interest, language)) and len(left) < 3)


@rule(
    "PN110", "The legitimate interest is spelled out", "warning",
    "GDPR Art. 13(1)(d); WP29 Guidelines on transparency (WP260 rev.01, 11 April 2018), Annex, Art. 13(1)(d); EDPB Guidelines 1/2024 on legitimate interests, para. 68",
    "Say which interest is pursued and why it needs these data, in a sentence.",
    """When the basis is legitimate interests, the notice must say what the specific interest is, for
    the reader to weigh it against their own. The rule fires when, once the words that name no
    interest are left out (stop words; words that only restate the basis or the company, such as
    'legitimate', 'interest', 'business', 'purposes', 'oikeutettu etu', 'berättigat intresse';
    words that point elsewhere, such as 'stated above', 'kohdassa 3', 'ovan'), fewer than two
    words are left, or fewer than three beside such a pointer: 'For the purposes stated above'
    fires however it is worded. It reads English, Finnish and Swedish (vocabularies/cues.yml); in
    another language it fires on fewer than four words.""",
)
def _interest_spelled_out(v: Version) -> Iterator[Hit]:
    for i, activity in enumerate(activities(v.data)):
        for j, basis in enumerate(activity.legal_bases):
            if basis.legitimate_interest and names_no_interest(basis.legitimate_interest, v.language):
                yield Hit(("activities", i, "legal_bases", j, "legitimate_interest"), f"the legitimate interest of '{activity.title}' names no interest: '{textcheck.excerpt(basis.legitimate_interest)}'")


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


def vague_sentences(rule: str, language: str) -> list[str]:
    """The sentences of a retention rule that say only "as long as necessary": no length of time, no law by name, no event that ends it.

    Each sentence is judged on its own: a period given for one kind of data ("applications are kept six months")
    does not make another sentence that says only "as long as necessary" precise. An event counts only in a clause
    of its own ("…, but at the latest until the contract ends"): "as long as necessary after the contract" still
    leaves the reader guessing.

    >>> vague_sentences("We keep the data as long as necessary, and for at most two years.", "en")
    []
    >>> vague_sentences("Tietoja säilytetään niin kauan kuin se on tarpeen. Hakemukset poistetaan kuuden kuukauden kuluttua.", "fi")
    ['Tietoja säilytetään niin kauan kuin se on tarpeen']
    """
    vague = []
    for clauses in cues.sentences(rule, language):
        if not cues.find("vague_retention", clauses, language):
            continue
        if any(cues.duration(c) for c in clauses) or cues.find("named_law", clauses, language):
            continue
        if any(cues.find("end_time", c, language) and cues.find("end_event", c, language) and not cues.find("vague_retention", c, language) for c in clauses):
            continue
        vague.append(" ".join(c.text for c in clauses))
    return vague


def vague_retention(rule: str, language: str) -> bool:
    """Whether a sentence of a retention rule says only "as long as necessary" (:func:`vague_sentences`).

    >>> vague_retention("Tiedot säilytetään niin kauan kuin se on tarpeen sopimuksen päättymisen jälkeen.", "fi")
    True
    """
    return bool(vague_sentences(rule, language))


@rule(
    "PN130", "Retention is a period or criteria, not 'as long as necessary'", "warning",
    "GDPR Art. 13(2)(a); WP260 rev.01, Annex, Art. 13(2)(a): it is not sufficient to state generically that data are kept as long as necessary",
    "Give a period (P24M) with what starts it, or the criteria that decide it, in the retention rule.",
    """A retention rule must let the reader work out how long their data are kept. The rule fires
    when a retention rule in words has no period and one of its sentences says that data are kept as
    long as necessary, needed or required (or no longer than that, for the time needed, until no
    longer needed), however long the sentence, unless that same sentence also gives a length of time
    ('six years', 'kuuden vuoden', '30 dagar'), names a law ('the Accounting Act', 'kirjanpitolaki',
    'bokföringslagen') or, in a clause of its own, an event that ends the period ('until the contract
    ends'). Each sentence is judged on its own: a period another sentence gives for other data does
    not make it precise. It reads English, Finnish and Swedish (the cue words are in
    vocabularies/cues.yml); a notice in another language is not read.""",
)
def _retention_vague(v: Version) -> Iterator[Hit]:
    if v.language not in cues.languages():
        return
    places: list[tuple[Loc, Any]] = [(("retention",), v.data.retention)] + [(("activities", i, "retention"), a.retention) for i, a in enumerate(activities(v.data))]
    for loc, retention in places:
        if retention is not None and retention.rule and not retention.period:
            vague = vague_sentences(retention.rule, v.language)
            if vague:
                yield Hit((*loc, "rule"), f"the retention rule says '{textcheck.excerpt(vague[0])}': no period, no law by name and no event that ends it")


# --- Art. 13(2)(e)–(f): requirements and automated decisions ---------------------------


@rule(
    "PN150", "A contract or a legal obligation says whether the data must be given", "warning", "GDPR Art. 13(2)(e)",
    "Add 'requirement' to the activity (statutory, contractual, contract_precondition or voluntary), or one 'requirement' to the notice when it says it once for all its activities.",
    """The notice says whether providing the data is a statutory or contractual requirement, or a
    requirement for entering into a contract, and whether the person is obliged to provide them.
    The rule fires when an activity based on a contract or a legal obligation has no 'requirement'
    and the notice states none for all its activities. An activity whose data come only from other
    sources (Art. 14; 'sources_only: true') is exempt; one that lists sources but also collects data
    from the person is not.""",
    kinds=("controller",),
)
def _requirement(v: Version) -> Iterator[Hit]:
    if v.data.requirement is not None:
        return
    for i, activity in enumerate(activities(v.data)):
        bases = {b.basis for b in activity.legal_bases}
        if bases & {"contract", "legal_obligation"} and activity.requirement is None and not activity.sources_only:
            yield Hit(("activities", i), f"'{activity.title}' rests on a contract or a legal obligation but does not say whether the data must be given")


@rule(
    "PN151", "A requirement says what happens if the data are not given", "warning", "GDPR Art. 13(2)(e)",
    "Add 'consequences' to the requirement.",
    """When providing the data is a requirement, the notice states the possible consequences of not
    providing them. The rule fires when a requirement other than voluntary, an activity's or the
    notice's own for all activities, has no 'consequences'.""",
    kinds=("controller",),
)
def _consequences(v: Version) -> Iterator[Hit]:
    whole = v.data.requirement
    if whole is not None and whole.type != "voluntary" and not whole.consequences:
        yield Hit(("requirement",), "the notice requires the data but does not say what happens without them")
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


def targeting(text: str, language: str) -> str | None:
    """The first clause that speaks of targeting, tailoring or profiling, not negated, or None.

    >>> targeting("Uutiskirje räätälöidään lukijan aiempien avausten mukaan.", "fi")
    'Uutiskirje räätälöidään lukijan aiempien avausten mukaan'
    >>> targeting("Alla får samma nyhetsbrev, och vi anpassar det inte efter mottagaren.", "sv") is None
    True
    """
    found = cues.affirmed("targeting", text, language)
    return found[0].clause.text if found else None


@rule(
    "PN153", "A statement of no profiling agrees with the rest of the notice", "warning",
    "GDPR Art. 4(4), 5(1)(a) and 13(2)(f); WP29 Guidelines on automated decision-making and profiling (WP251 rev.01, 6 February 2018), chapter II: targeting and personalisation by personal aspects are profiling",
    "Describe the targeting or personalisation (it is profiling even when no decision is automated), or remove no_automated_decisions from 'statements' if the notice does profile.",
    """The statement no_automated_decisions says that there are no decisions by automated means alone
    and no profiling. Targeted advertising, tailored content and recommendations based on what a
    person did are profiling (Art. 4(4)). The rule fires when a notice makes that statement and also
    lists marketing cookies, or says in any of its texts that it targets, tailors, personalises,
    profiles or recommends ('kohdennamme', 'räätälöidään', 'riktar', 'skräddarsys'; not negated:
    'we do not tailor it' passes, and so does a negation further back in a long clause: 'ei käytetä
    … automaattista päätöksentekoa tai profilointia'). The notice's own wording of the statement is
    not read. It reads English, Finnish and Swedish (vocabularies/cues.yml); in another language it
    looks at the cookies only.""",
    kinds=("controller",),
)
def _profiling_unsaid(v: Version) -> Iterator[Hit]:
    if "no_automated_decisions" not in v.data.statements:
        return
    marketing = [i for i, c in enumerate(getattr(v.data, "cookies", [])) if c.category == "marketing"]
    if marketing:
        yield Hit(("cookies", marketing[0], "category"), "the notice says it does no profiling (no_automated_decisions) but lists marketing cookies, which follow visitors to target them")
        return
    if v.language not in cues.languages():
        return
    for loc, text, _ in text_fields(v.data):
        if loc[-1] == "statement_no_automated_decisions":
            continue  # the statement's own words say there is no profiling: they are what the rule checks against
        found = targeting(text, v.language)
        if found:
            yield Hit(loc, f"the notice says it does no profiling (no_automated_decisions) but here speaks of targeting: '{textcheck.excerpt(found)}'")
            return


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
