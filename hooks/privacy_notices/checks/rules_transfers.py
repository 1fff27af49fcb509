"""The rules of who receives the data, and of transfers outside the EU/EEA.

GDPR Art. 13(1)(e)–(f) and 44–49: each transfer rests on a mechanism that
is valid on every day its version is in force; these rules read the dated
mechanisms and adequacy decisions in the vocabularies.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from privacy_notices.checks.rulebook import Hit, Version, in_eea, rule
from privacy_notices.data import vocab
from privacy_notices.data.processing import Transfer


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


def where_to(t: Transfer) -> str:
    """Where a transfer goes, in words: its countries, or outside the EU/EEA."""
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
            yield Hit(("transfers", i, "mechanism"), f"{entry['label']} ({where_to(transfer)}) is not valid from {ceased.isoformat()} ({entry['source']}), and this version {v.in_force()}")
        elif valid_from and v.first_day < valid_from:
            yield Hit(("transfers", i, "mechanism"), f"{entry['label']} ({where_to(transfer)}) exists only from {valid_from.isoformat()}, after this version took effect on {v.first_day.isoformat()}")


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
            yield Hit(("transfers", i, "mechanism"), f"a new transfer to {where_to(transfer)} on the {entry['label'].lower()}, which could not be agreed after {no_new_after.isoformat()}")


def adequacy_gap(decisions: tuple[vocab.Adequacy, ...], first: datetime.date, last: datetime.date) -> tuple[datetime.date, vocab.Adequacy | None] | None:
    """The first day from ``first`` to ``last`` that no decision covers, with the decision that ends or begins nearest it; None when covered.

    >>> br = vocab.adequacy_decisions()["BR"]
    >>> adequacy_gap(br, datetime.date(2025, 6, 1), datetime.date(2026, 6, 1))[0]
    datetime.date(2025, 6, 1)
    >>> adequacy_gap(br, datetime.date(2026, 3, 1), datetime.date(2026, 6, 1)) is None
    True
    """
    day = first
    while day <= last:
        valid = [d for d in decisions if d.valid_on(day)]
        if not valid:
            later = [d for d in decisions if d.valid_from > day]
            ended = [d for d in decisions if d.expires and d.expires <= day]
            return day, (later[0] if later else ended[-1] if ended else None)
        ends = [d.expires for d in valid]
        if None in ends:
            return None
        day = max(e for e in ends if e is not None)
    return None


@rule(
    "PN123", "Adequacy only for a country with an adequacy decision on the version's dates", "error",
    "GDPR Art. 45(1), (3) and (9); the adequacy decisions in vocabularies/adequacy.yml, each with its source and dates (the latest: Commission Implementing Decision (EU) 2026/179 of 26 January 2026 for Brazil)",
    "Use the mechanism the transfer really rests on (dpf for certified US recipients, scc, bcr…).",
    """An adequacy decision covers one country (or part of it) from the day it applies, and until it
    expires if it has an end. The rule fires when a transfer on 'adequacy' goes to a country without
    a decision, to several countries or an unnamed place (each needs its own decision), or when some
    day the version was, is or will be in force is not covered by a decision of its country: it took
    effect before the decision (a transfer to Brazil in a version that takes effect before 26 January
    2026), or is in force after the decision expired. A version that was replaced before a decision
    expired is history and is not flagged.""",
)
def _adequacy(v: Version) -> Iterator[Hit]:
    decisions = vocab.adequacy_decisions()
    for i, transfer in enumerate(v.data.transfers):
        if transfer.mechanism != "adequacy":
            continue
        if not transfer.destinations:
            yield Hit(("transfers", i, "mechanism"), "adequacy is decided country by country; this transfer names no country")
        for country in transfer.destinations:
            found = decisions.get(country)
            if not found:
                extra = "; certified US recipients are covered by the mechanism dpf" if country == "US" else ""
                yield Hit(("transfers", i, "mechanism"), f"the European Commission has no adequacy decision for {country}{extra}")
                continue
            gap = adequacy_gap(found, v.first_day, v.last_day)
            if gap is None:
                continue
            day, near = gap
            if near is not None and near.valid_from > day:
                yield Hit(("transfers", i, "mechanism"), f"the adequacy decision for {country} ({near.decision}) applies from {near.valid_from.isoformat()}, after this version took effect on {v.first_day.isoformat()}")
            else:
                ended = f" ({near.decision}) expired on {day.isoformat()}" if near else f" is not valid on {day.isoformat()}"
                yield Hit(("transfers", i, "mechanism"), f"the adequacy decision for {country}{ended}, and this version {v.in_force()}")


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
            yield Hit(("transfers", i), f"the transfer to {where_to(transfer)} on {_mechanism(transfer.mechanism)['label'].lower()} does not say how to get a copy of them")


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
            yield Hit(("transfers", i, "frequency"), f"the transfer to {where_to(transfer)} relies on a derogation but is regular")


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
        if party.country is None or in_eea(party.country):
            continue
        if v.data.eea_only:
            yield Hit(("recipients", i, "country"), f"{party.name} is in {party.country}, but the notice says all processing stays in the EU/EEA")
        elif party.id not in by_id and party.country not in countries and not anywhere:
            yield Hit(("recipients", i, "country"), f"{party.name} is in {party.country}, outside the EU/EEA, and no transfer covers it")


@rule(
    "PN127", "The notice says whether data leave the EU/EEA", "warning",
    "GDPR Art. 13(1)(f) and 14(1)(f); WP260 rev.01, Annex, Art. 13(1)(f)",
    "List the transfers outside the EU/EEA, or add 'eea_only: true' (with 'eea_only_details' if you like) when the data stay in the EU/EEA.",
    """A notice informs of any intention to transfer data outside the EU/EEA and of the safeguards.
    A reader cannot tell silence from absence; the rule fires when a controller notice neither lists
    a transfer nor states that the data stay in the EU/EEA ('eea_only: true').""",
    kinds=("controller",),
)
def _transfers_said(v: Version) -> Iterator[Hit]:
    if not v.data.transfers and not v.data.eea_only:
        yield Hit((), "the notice neither lists transfers outside the EU/EEA nor states that the data stay there (eea_only)")
