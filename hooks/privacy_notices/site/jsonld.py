"""``notice.jsonld``: one version in one language as linked data, in the terms of the W3C Data Privacy Vocabulary.

A machine that knows DPV reads from it what the page tells a person: the
purposes, legal bases, data, recipients, transfers, retention and rights,
and who the controller is. What DPV has no term for (when the version was in
force, which version it replaced, the hash of its text) is said with Dublin
Core and schema.org, the vocabularies search engines and archives read. The
context is written out in full, so that reading it fetches nothing. Every
built-in key names its term in its vocabulary (``dpv`` in
``data/vocabularies/*.yml``); texts are the version's in the file's language.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any

from privacy_notices.data import vocab
from privacy_notices.data.model import Entity, NoticeBase
from privacy_notices.data.parties import Address, Contact, Party, Processor, Recipient
from privacy_notices.data.processing import Activity, Cookie, Retention, Transfer
from privacy_notices.data.rights import rights_coverage

DPV_RELEASE = "2.3"
"""The DPV release whose terms the file uses (tests/fixtures/dpv holds its term list)."""

CONTEXT: dict[str, str] = {
    "dpv": "https://w3id.org/dpv#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "loc": "https://w3id.org/dpv/loc#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
"""Prefixes only: every key of the document is a compact IRI, so none can be dropped unseen as an undefined term."""


@dataclass(frozen=True)
class Addresses:
    """Where the version and its neighbours are, as absolute addresses of pages in the file's language."""

    page: str
    """The version's permanent page: the subject of the description."""
    notice: str
    """The notice's stable page, which always shows the version in force."""
    export: str
    """The ``notice.json`` beside the page."""
    previous: str | None = None
    next: str | None = None


def term(vocabulary: str, key: str) -> str:
    """The DPV term a built-in key is said with."""
    value: str = vocab.vocabulary(vocabulary)[key]["dpv"]
    return value


def _ref(iri: str) -> dict[str, str]:
    return {"@id": iri}


def _date(day: datetime.date) -> dict[str, str]:
    return {"@value": day.isoformat(), "@type": "xsd:date"}


def _labelled(kind: str, text: str) -> dict[str, str]:
    return {"@type": kind, "rdfs:label": str(text)}


def _address(address: Address) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "schema:PostalAddress", "schema:addressLocality": address.city, "schema:addressCountry": address.country}
    if address.street:
        node["schema:streetAddress"] = address.street
    if address.postal_code:
        node["schema:postalCode"] = address.postal_code
    return node


def _contact(contact: Contact) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": "schema:ContactPoint"}
    for key, value in (
        ("schema:name", contact.name or contact.team), ("schema:contactType", contact.role), ("schema:email", contact.email),
        ("schema:telephone", contact.phone), ("schema:url", contact.url or contact.website),
    ):
        if value:
            node[key] = str(value)
    if contact.address:
        node["schema:address"] = _address(contact.address)
    return node


def _organisation(kind: str, name: str, business_id: str | None, address: Address | None, contacts: list[dict[str, Any]]) -> dict[str, Any]:
    node: dict[str, Any] = {"@type": kind, "dpv:hasName": str(name)}
    if business_id:
        node["dpv:hasIdentifier"] = business_id
    if address:
        node["dpv:hasAddress"] = _address(address)
    if contacts:
        node["dpv:hasContact"] = contacts
    return node


def _party_contacts(party: Party) -> list[dict[str, Any]]:
    found = {"schema:email": party.email, "schema:telephone": party.phone, "schema:url": party.url}
    given = {key: str(value) for key, value in found.items() if value}
    return [{"@type": "schema:ContactPoint", **given}] if given else []


def responsible(entity: Entity, notice: NoticeBase) -> dict[str, Any]:
    """Who answers for the processing: the controller (the notice's own, or the company), or the company as processor."""
    kind = "dpv:DataProcessor" if notice.kind == "processor" else "dpv:DataController"
    if notice.controller is not None:
        c = notice.controller
        return _organisation(kind, c.name, c.business_id, c.address, _party_contacts(c))
    node = _organisation(kind, entity.name, entity.business_id, entity.address, [_contact(entity.contact)])
    if entity.website:
        node["schema:url"] = entity.website
    if entity.dpo:
        node["dpv:hasDataProtectionOfficer"] = {"@type": "dpv:DataProtectionOfficer", "dpv:hasContact": [_contact(entity.dpo)]}
    if entity.representative:
        r = entity.representative
        node["dpv:hasRepresentative"] = _organisation("dpv:Representative", r.name, r.business_id, r.address, _party_contacts(r))
    return node


def _party_id(party_id: str) -> str:
    return f"_:party-{party_id}"


def _recipient(party: Processor | Recipient) -> dict[str, Any]:
    role = "dpv:DataProcessor" if isinstance(party, Processor) else term("recipient_roles", party.role)
    types = ["dpv:Recipient"] + ([role] if role != "dpv:Recipient" else [])
    node: dict[str, Any] = {"@id": _party_id(party.id), "@type": types, "dpv:hasName": str(party.name)}
    if isinstance(party, Processor):
        node["rdfs:comment"] = str(party.service)
    if party.country:
        node["dpv:hasCountry"] = _ref(f"loc:{party.country}")
    return node


def retention(kept: Retention) -> dict[str, Any]:
    """How long data are kept: the ISO 8601 period as an ``xsd:duration``, and what starts it or the rule in words."""
    node: dict[str, Any] = {"@type": "dpv:StorageDuration"}
    if kept.period:
        node["rdf:value"] = {"@value": kept.period, "@type": "xsd:duration"}
    words = kept.starts or kept.rule
    if words:
        node["rdfs:comment"] = str(words)
    return node


def _activity(activity: Activity, notice: NoticeBase) -> dict[str, Any]:
    bases = [_ref(term("legal_bases", use.basis)) for use in activity.legal_bases]
    bases += [_ref(term("special_conditions", special.condition)) for special in activity.special_categories]
    data = [_labelled("dpv:PersonalData", category) for category in activity.data_categories]
    data += [_labelled("dpv:SpecialCategoryPersonalData", special.category) for special in activity.special_categories]
    node: dict[str, Any] = {
        "@type": "dpv:Process",
        "dcterms:identifier": activity.id,
        "rdfs:label": str(activity.title),
        "dpv:hasPurpose": [_labelled("dpv:Purpose", purpose) for purpose in activity.purposes],
        "dpv:hasDataSubject": [_labelled("dpv:DataSubject", subject) for subject in activity.data_subjects],
        "dpv:hasPersonalData": data,
    }
    if bases:
        node["dpv:hasLegalBasis"] = bases
    if activity.recipients:
        node["dpv:hasRecipient"] = [_ref(_party_id(r)) for r in activity.recipients]
    kept = activity.retention or notice.retention
    if kept:
        node["dpv:hasStorageCondition"] = retention(kept)
    return node


def _transfer(transfer: Transfer) -> dict[str, Any]:
    node: dict[str, Any] = {
        "@type": "dpv:Process",
        "dpv:hasProcessing": _ref("dpv:Transfer"),
        "dpv:hasLegalBasis": _ref(term("transfer_mechanisms", transfer.mechanism)),
    }
    if transfer.id:
        node["dcterms:identifier"] = transfer.id
    if transfer.destinations:
        node["dpv:hasThirdCountry"] = [_ref(f"loc:{country}") for country in transfer.destinations]
    else:
        node["dpv:hasThirdCountry"] = {"@type": "dpv:ThirdCountry"}  # somewhere outside the EU/EEA, unnamed
    if transfer.recipients:
        node["dpv:hasRecipient"] = [_ref(_party_id(r)) for r in transfer.recipients]
    return node


def _cookie(cookie: Cookie) -> dict[str, Any]:
    names = [cookie.name] if cookie.name else list(cookie.names)
    node: dict[str, Any] = {
        "@type": "dpv:Process",
        "rdfs:label": ", ".join(names) or cookie.provider,
        "dpv:hasPurpose": _labelled("dpv:Purpose", cookie.purpose),
        "dpv:hasRecipient": {"@type": "dpv:Recipient", "dpv:hasName": cookie.provider},
    }
    if cookie.duration and cookie.duration.startswith("P"):
        node["dpv:hasStorageCondition"] = {"@type": "dpv:StorageDuration", "rdf:value": {"@value": cookie.duration, "@type": "xsd:duration"}}
    return node


def describe(entity: Entity, notice: NoticeBase, *, language: str, effective: datetime.date, until: datetime.date | None, sha256: str, at: Addresses) -> dict[str, Any]:
    """The JSON-LD of one version: ``entity`` and ``notice`` as in the file's language, ``sha256`` the hash of that text."""
    activities: list[Activity] = getattr(notice, "activities", [])
    cookies: list[Cookie] = getattr(notice, "cookies", [])
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": at.page,
        "@type": term("notice_kinds", notice.kind),
        "dcterms:title": str(notice.title),
        "dcterms:language": language,
        "dcterms:isVersionOf": _ref(at.notice),
        "dcterms:hasFormat": _ref(at.export),
        "dcterms:conformsTo": _ref(f"https://w3id.org/dpv/{DPV_RELEASE}"),
        "schema:validFrom": _date(effective),
        "schema:sha256": sha256,
    }
    if until:
        # The next version takes effect on `until`: this one is in force through the day before.
        document["schema:validThrough"] = _date(until - datetime.timedelta(days=1))
    if notice.published:
        document["dcterms:issued"] = _date(notice.published)
    if at.previous:
        document["dcterms:replaces"] = _ref(at.previous)
    if at.next:
        document["dcterms:isReplacedBy"] = _ref(at.next)
    document["dpv:hasDataController" if notice.kind != "processor" else "dpv:hasDataProcessor"] = responsible(entity, notice)
    if notice.joint_controllers:
        document["dpv:hasJointDataControllers"] = {
            "@type": "dpv:JointDataControllers",
            "dpv:hasDataController": [_organisation("dpv:DataController", j.name, j.business_id, j.address, _party_contacts(j)) for j in notice.joint_controllers],
        }
    processes = [_activity(a, notice) for a in activities] + [_transfer(t) for t in notice.transfers] + [_cookie(c) for c in cookies]
    if processes:
        document["dpv:hasProcess"] = processes
    parties: list[Processor | Recipient] = [*notice.processors, *notice.recipients]
    if parties:
        document["dpv:hasRecipient"] = [_recipient(p) for p in parties]
    rights = rights_coverage(notice).listed
    if rights:
        document["dpv:hasRight"] = [_ref(term("rights", key)) for key in dict.fromkeys(rights)]
    return document


def text(document: dict[str, Any]) -> str:
    """The file's text: keys sorted, so that two builds of the same data write the same bytes."""
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
