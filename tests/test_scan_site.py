"""The acceptance of `notices scan`: a shop served on localhost, loaded in Chromium, reconciled with its notice.

The shop (``tests/scan_sites.py``) stores five cookies: two its notice
(``tests/fixtures/scan``) does not declare, one for longer than declared and one
before consent; and it contacts a host no notice names. The command must report
exactly those five findings, the same in text, JSON and SARIF; the tidy shop,
whose site does only what its notice says, none.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from conftest import ROOT, SARIF_SCHEMA, run_cli
from scan_sites import Served, clean_shop, need_browser, shop  # noqa: F401  (fixtures)

FIXTURE = ROOT / "tests" / "fixtures" / "scan" / "data"
EXPECTED = [
    ("PN201", "cookies", "'undeclared_a'"),
    ("PN201", "cookies", "'undeclared_b'"),
    ("PN203", "cookies[2].duration", "'_trk_id' lasts 30 days"),
    ("PN204", "cookies[1].category", "'prefs' (preferences, which needs consent) was stored before consent and after rejecting"),
    ("PN206", "scan.hosts", "'cdn.unknown.test' was contacted before consent, after accepting and after rejecting"),
]


def scan(served: Served, entity: str, tmp_path: Path, *args: str) -> tuple[int, str, str]:
    need_browser()
    data = tmp_path / "data"
    if not data.exists():
        shutil.copytree(FIXTURE, data)
    resolve = [f"--resolve={host}:{address}" for host, address in served.resolve]
    return run_cli("scan", entity, "--data", str(data), "--as-of", "2026-12-03", "--url", served.base, *resolve, *args, cwd=tmp_path)


def picked(rule: str, where: str, message: str) -> tuple[str, str, str]:
    """A finding as EXPECTED names it: its rule, field, and the part of its message that says what the site did."""
    return rule, where, next((part for r, w, part in EXPECTED if (r, w) == (rule, where) and part in message), message)


def test_the_shop_gets_exactly_its_five_findings_in_text_json_and_sarif(shop: Served, tmp_path: Path) -> None:  # noqa: F811
    rc, text, err = scan(shop, "shop", tmp_path)
    assert rc == 1, err
    lines = text.splitlines()
    found = sorted(picked(*re.fullmatch(r"data/\S+:\d+:\d+: (PN\d+) error: ([^:]+): (.*)", line).groups()) for line in lines)  # type: ignore[union-attr]
    assert found == EXPECTED, text
    assert "scan: 5 errors, 0 warnings, 0 suppressed for shop (2 pages of " in err

    rc, out, err = scan(shop, "shop", tmp_path, "--format", "json")
    rows = json.loads(out)["findings"]
    assert rc == 1 and sorted(picked(r["rule"], r["where"], r["message"]) for r in rows) == EXPECTED

    rc, out, err = scan(shop, "shop", tmp_path, "--format", "sarif")
    log = json.loads(out)
    if SARIF_SCHEMA.is_file():
        jsonschema.validate(log, json.loads(SARIF_SCHEMA.read_text("utf-8")))
    elif os.environ.get("NOTICES_BROWSER_REQUIRED"):
        pytest.fail(f"{SARIF_SCHEMA} is missing: run `npm ci` in tests/browser")
    results = log["runs"][0]["results"]
    described = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert rc == 1 and described == ["PN201", "PN202", "PN203", "PN204", "PN205", "PN206"]
    sarif = sorted(picked(r["ruleId"], r["message"]["text"].split(": ", 1)[0], r["message"]["text"].split(": ", 1)[1]) for r in results)
    assert sarif == EXPECTED
    assert {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in results} == {(r["rule"], r["line"]) for r in rows}


def test_the_shop_whose_site_matches_its_notice_gets_none(clean_shop: Served, tmp_path: Path) -> None:  # noqa: F811
    rc, text, err = scan(clean_shop, "tidy-shop", tmp_path)
    assert (rc, text) == (0, ""), err
    assert "scan: 0 errors, 0 warnings, 0 suppressed for tidy-shop" in err
    rc, out, err = scan(clean_shop, "tidy-shop", tmp_path, "--format", "sarif")
    assert rc == 0 and json.loads(out)["runs"][0]["results"] == []


def test_write_proposes_the_two_undeclared_cookies_as_seen(shop: Served, tmp_path: Path) -> None:  # noqa: F811
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    folder = data / "entities/shop/notices/cookies"
    upcoming = folder / "2027-02-01.yml"
    upcoming.write_text((folder / "2026-01-01.yml").read_text("utf-8") + 'changes: "We list every cookie of the shop."\n', "utf-8")
    rc, _, err = scan(shop, "shop", tmp_path, "--write")
    assert rc == 1 and "added 2 entries" in err, err
    text = upcoming.read_text("utf-8")
    assert re.search(r'- name: "undeclared_a"\n(    .*\n)*?    duration: "session"\n', text)
    assert re.search(r'- name: "undeclared_b"\n(    .*\n)*?    duration: "P1D"\n', text)
