"""Every version's JSON-LD: DPV terms of the release it names, nothing dropped in expansion, the same facts as its page and notice.json.

The JSON-LD is expanded with pyld, a JSON-LD processor, whose document loader
refuses every fetch: the file's own context must be enough. Every IRI it then
holds is a term of the pinned DPV term list (tests/fixtures/dpv, made from
the release by its script), a term of the few other vocabularies allowed
below, or an address of the site.
"""

from __future__ import annotations

import datetime
import functools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from conftest import ROOT
from htmlscan import linked_data, linked_data_problems, normalize, scan
from privacy_notices.data import vocab
from privacy_notices.site import jsonld as notice_jsonld

TERMS = ROOT / "tests" / "fixtures" / "dpv" / "dpv-2.3-terms.txt"
DPV_NAMESPACES = ("https://w3id.org/dpv#", "https://w3id.org/dpv/legal/eu/gdpr#", "https://w3id.org/dpv/loc#")

OTHER_TERMS = {
    "http://purl.org/dc/terms/" + name
    for name in ("title", "language", "isVersionOf", "hasFormat", "conformsTo", "issued", "replaces", "isReplacedBy", "identifier")
} | {
    "https://schema.org/" + name
    for name in (
        "validFrom", "validThrough", "sha256", "url", "PostalAddress", "streetAddress", "postalCode", "addressLocality",
        "addressCountry", "ContactPoint", "name", "contactType", "email", "telephone", "address",
    )
} | {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#value",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2000/01/rdf-schema#comment",
    "http://www.w3.org/2001/XMLSchema#date",
    "http://www.w3.org/2001/XMLSchema#duration",
    "https://w3id.org/dpv/2.3",
}
"""The terms of other vocabularies the JSON-LD may use (Dublin Core, schema.org, RDF, RDFS, XML Schema), and the release it names."""

SITE = "https://privacy.example.com/"


@functools.cache
def dpv_terms() -> frozenset[str]:
    return frozenset(line for line in TERMS.read_text("utf-8").splitlines() if line and not line.startswith("#"))


def refuse(url: str, options: Any = None) -> Any:
    raise AssertionError(f"the JSON-LD would fetch {url}")


def expand(document: dict[str, Any]) -> list[Any]:
    expanded: list[Any] = jsonld.expand(document, {"documentLoader": refuse})
    return expanded


def iris(node: Any) -> set[str]:
    """Every IRI of an expanded document: properties, types, references and datatypes."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= iris(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("@id", "@type"):
                found |= set(value if isinstance(value, list) else [value])
            elif not key.startswith("@"):
                found.add(key)
            found |= iris(value) if isinstance(value, (list, dict)) else set()
    return {iri for iri in found if not iri.startswith("_:")}


def values(node: Any) -> int:
    """How many values a document holds outside its context: what an expansion must keep, one for one."""
    if isinstance(node, list):
        return sum(values(item) for item in node)
    if isinstance(node, dict):
        if "@value" in node:
            return 1
        return sum(values(v) if isinstance(v, (list, dict)) else 1 for k, v in node.items() if k not in ("@context", "@type"))
    return 1


def undefined_keys(node: Any, prefixes: set[str]) -> set[str]:
    """Keys that are neither keywords nor compact IRIs of a prefix of the context: what expansion would drop unseen."""
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= undefined_keys(item, prefixes)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                continue
            if not key.startswith("@") and key.partition(":")[0] not in prefixes:
                found.add(key)
            found |= undefined_keys(value, prefixes)
    return found


def expanded_values(node: Any, prop: str) -> list[Any]:
    """The values of ``prop`` anywhere in an expanded document."""
    found: list[Any] = []
    if isinstance(node, list):
        for item in node:
            found += expanded_values(item, prop)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key == prop:
                found += value
            found += expanded_values(value, prop)
    return found


def versions(site: Path) -> list[Path]:
    """The folder of every version in every language."""
    return sorted(path.parent for path in site.rglob("notice.json"))


QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
"""Markdown writes quotes as typographic ones."""


def plain(markdown: str) -> str:
    """The words of a short Markdown text as its page shows them, quotes straight."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return normalize(re.sub(r"[*_`]", "", text)).translate(QUOTES)


def test_the_term_list_names_its_source() -> None:
    header = [line for line in TERMS.read_text("utf-8").splitlines() if line.startswith("#")]
    assert any("https://github.com/w3c/dpv at commit " in line for line in header)
    assert any("release 2.3 of 2026-02-20" in line for line in header)
    assert "https://w3id.org/dpv#hasPurpose" in dpv_terms() and "https://w3id.org/dpv/legal/eu/gdpr#A6-1-a" in dpv_terms()


@pytest.mark.parametrize("name", vocab.DPV_MAPPED)
def test_every_vocabulary_key_names_a_term_of_the_release(name: str) -> None:
    for key, entry in vocab.vocabulary(name).items():
        assert "dpv" in entry, f"{name}.{key} names no DPV term"
        prefix, _, local = entry["dpv"].partition(":")
        assert notice_jsonld.CONTEXT[prefix] + local in dpv_terms(), f"{name}.{key}: {entry['dpv']} is not a term of DPV 2.3"


def test_every_version_in_every_language_has_its_json_ld(site: Path) -> None:
    folders = versions(site)
    assert len(folders) > 20 and any(f.relative_to(site).parts[0] == "fi" for f in folders)
    assert all((folder / "notice.jsonld").is_file() for folder in folders)
    assert not linked_data_problems(site)
    for folder in folders:
        document = json.loads((folder / "notice.jsonld").read_text("utf-8"))
        stable = document["dcterms:isVersionOf"]["@id"].removeprefix(SITE)
        shown = [json.loads(raw) for raw in linked_data(site / stable / "index.html")]
        if json.loads((folder / "notice.json").read_text("utf-8"))["status"] == "current":
            assert shown == [document], f"{stable}: the stable page embeds the version in force"


def test_json_ld_expands_to_dpv_terms_alone(site: Path) -> None:
    for folder in versions(site):
        document = json.loads((folder / "notice.jsonld").read_text("utf-8"))
        name = folder.relative_to(site).as_posix()
        assert set(document["@context"].values()) >= set(notice_jsonld.CONTEXT.values()) and all(isinstance(v, str) for v in document["@context"].values())
        assert not undefined_keys(document, set(document["@context"])), name
        expanded = expand(document)
        assert values(expanded) == values(document), f"{name}: expansion dropped values"
        unknown = {
            iri for iri in iris(expanded)
            if not iri.startswith(SITE) and (iri not in dpv_terms() if iri.startswith(DPV_NAMESPACES) else iri not in OTHER_TERMS)
        }
        assert not unknown, f"{name}: {sorted(unknown)}"


def test_the_checks_catch_an_unknown_term_and_a_dropped_key() -> None:
    document = {"@context": dict(notice_jsonld.CONTEXT), "@id": SITE, "dpv:hasPurpos": {"@id": "dpv:Marketing"}, "purpose": "x"}
    assert undefined_keys(document, set(notice_jsonld.CONTEXT)) == {"purpose"}
    expanded = expand(document)
    assert values(expanded) < values(document)
    assert "https://w3id.org/dpv#hasPurpos" in iris(expanded) - dpv_terms()


def _rows(localized: dict[str, Any]) -> list[dict[str, Any]]:
    activities: list[dict[str, Any]] = localized.get("activities", [])
    return activities


def test_json_ld_says_what_the_page_and_notice_json_say(site: Path) -> None:
    dpv, gdpr, schema = "https://w3id.org/dpv#", "https://w3id.org/dpv/legal/eu/gdpr#", "https://schema.org/"
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    for folder in versions(site):
        name = folder.relative_to(site).as_posix()
        export = json.loads((folder / "notice.json").read_text("utf-8"))
        document = json.loads((folder / "notice.jsonld").read_text("utf-8"))
        (node,) = expand(document)
        page = normalize(scan(folder / "index.html").text).translate(QUOTES)
        localized = export["localized"]
        assert node["@id"] == export["url"], name
        assert node[schema + "sha256"] == [{"@value": export["sha256"]}], name
        assert node[schema + "validFrom"][0]["@value"] == export["effective"], name
        through = node.get(schema + "validThrough")
        if export["until"]:
            last = datetime.date.fromisoformat(export["until"]) - datetime.timedelta(days=1)
            assert through and through[0]["@value"] == last.isoformat(), name
        else:
            assert through is None, name
        processes = [p for p in node.get(dpv + "hasProcess", []) if dpv + "hasPurpose" in p and dpv + "hasPersonalData" in p]
        assert len(processes) == len(_rows(localized)), name
        for process, activity in zip(processes, _rows(localized)):
            purposes = [p[label][0]["@value"] for p in process[dpv + "hasPurpose"]]
            assert purposes == activity["purposes"], name
            for purpose in purposes:
                assert plain(purpose) in page, f"{name}: purpose {purpose!r} is not on the page"
            bases = [b["@id"] for b in process.get(dpv + "hasLegalBasis", [])]
            expected = [gdpr + vocab.vocabulary("legal_bases")[b["basis"]]["dpv"].partition(":")[2] for b in activity.get("legal_bases", [])]
            assert bases[: len(expected)] == expected, name
            retention = activity.get("retention") or localized.get("retention")
            kept = process.get(dpv + "hasStorageCondition")
            assert (kept is not None) == bool(retention), name
            if retention and retention.get("period"):
                assert kept and kept[0]["http://www.w3.org/1999/02/22-rdf-syntax-ns#value"][0]["@value"] == retention["period"], name
        names = [r[dpv + "hasName"][0]["@value"] for r in node.get(dpv + "hasRecipient", [])]
        assert names == [p["name"] for p in localized.get("processors", []) + localized.get("recipients", [])], name
        for recipient in names:
            assert plain(recipient) in page, f"{name}: recipient {recipient!r} is not on the page"
        transfers = [p for p in node.get(dpv + "hasProcess", []) if p.get(dpv + "hasProcessing") == [{"@id": dpv + "Transfer"}]]
        assert len(transfers) == len(localized.get("transfers", [])), name
