"""`notices scan` without a browser: its settings, the reconciliation of a record with the notices, its reports and --write.

The records here are written by hand, as :mod:`privacy_notices.scan.browser`
would bring them back from the shop of ``tests/fixtures/scan``; the same shop,
served on localhost and loaded in Chromium, is ``tests/test_scan_site.py``'s.
Every expected line number is read from the fixture's YAML, never written here.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from conftest import ROOT, run_cli
from privacy_notices.checks.compliance import Finding, as_json
from privacy_notices.cli.scanning import markdown
from privacy_notices.data.loader import load_project
from privacy_notices.scan import proposals
from privacy_notices.scan.observed import Observation, PhaseName, PhaseRecord, ScanPlan, SeenCookie, SeenHost, SeenStorage
from privacy_notices.scan.reconcile import host_matches, name_matches, reconcile
from privacy_notices.scan.rules import SCAN_RULES

FIXTURE = ROOT / "tests" / "fixtures" / "scan" / "data"
DAY = datetime.date(2026, 12, 3)
T0 = datetime.datetime(2026, 12, 3, 12, tzinfo=datetime.timezone.utc).timestamp()
SITE = "http://www.shop.test/"
PLAN = ScanPlan(SITE, (SITE, SITE + "about/"))
DAYS = 86400.0


def cookie(name: str, days: float | None, third: bool = False, domain: str = "www.shop.test") -> SeenCookie:
    return SeenCookie(name, domain, "/", None if days is None else T0 + days * DAYS, T0, SITE, third)


def host(name: str, third: bool = True) -> SeenHost:
    return SeenHost(name, f"http://{name}/x.js", SITE, third)


def storage(kind: str, key: str, origin: str = "http://www.shop.test") -> SeenStorage:
    return SeenStorage(kind, key, origin, SITE, False)  # type: ignore[arg-type]


def phase(name: PhaseName, cookies: list[SeenCookie] = [], stored: list[SeenStorage] = [], hosts: list[SeenHost] = []) -> PhaseRecord:
    return PhaseRecord(name, list(cookies), list(stored), [host("www.shop.test", third=False), *hosts])


def shop_record() -> Observation:
    """The shop as the acceptance asks: five cookies, two undeclared, one too long, one before consent; an unknown host."""
    before = phase("before_consent", [cookie("prefs", 30)], [storage("session_storage", "cart")], [host("cdn.unknown.test")])
    accepted = phase(
        "after_accepting",
        [cookie("consent", 180), cookie("prefs", 30), cookie("_trk_id", 30), cookie("undeclared_a", None), cookie("undeclared_b", 1)],
        [storage("session_storage", "cart"), storage("local_storage", "trk_visits")],
        [host("tracker.test"), host("cdn.unknown.test")],
    )
    rejected = phase("after_rejecting", [cookie("consent", 180), cookie("prefs", 30)], [storage("session_storage", "cart")], [host("cdn.unknown.test")])
    return Observation(SITE, T0, [before, accepted, rejected])


def tidy_record() -> Observation:
    """The tidy shop: only what its notice declares, each thing only when it may."""
    accepted = phase("after_accepting", [cookie("consent", 180), cookie("_trk_id", 1)], hosts=[host("tracker.test")])
    return Observation(SITE, T0, [phase("before_consent"), accepted, phase("after_rejecting", [cookie("consent", 180)])])


@pytest.fixture(scope="module")
def project():  # type: ignore[no-untyped-def]
    project, errors = load_project(FIXTURE)
    assert project is not None and not errors, errors.sorted()
    return project


def line_of(path: Path, loc: tuple[str | int, ...]) -> int:
    """The 1-based line where ``loc`` is written (its key, for a field), read from the YAML itself."""
    node = yaml.compose(path.read_text("utf-8"))
    at = node
    for step in loc:
        if isinstance(step, str):
            at, node = next((k, v) for k, v in node.value if k.value == step)
        else:
            at = node = node.value[step]
    return int(at.start_mark.line) + 1


def brief(findings: list[Finding]) -> list[tuple[str, str, int]]:
    return [(f.rule, f.path.name, f.line) for f in findings]


def test_the_shop_gets_exactly_its_five_findings_each_on_the_line_to_change(project) -> None:  # type: ignore[no-untyped-def]
    findings = reconcile(project, "shop", DAY, shop_record())
    notice = FIXTURE / "entities/shop/notices/cookies/2026-01-01.yml"
    entity = FIXTURE / "entities/shop/entity.yml"
    assert sorted(brief(findings)) == sorted([
        ("PN201", notice.name, line_of(notice, ("cookies",))),
        ("PN201", notice.name, line_of(notice, ("cookies",))),
        ("PN203", notice.name, line_of(notice, ("cookies", 2, "duration"))),
        ("PN204", notice.name, line_of(notice, ("cookies", 1, "category"))),
        ("PN206", entity.name, line_of(entity, ("scan", "hosts"))),
    ])
    said = {f.rule + " " + f.message for f in findings}
    assert any("'undeclared_a'" in s and "session cookie" in s and s.startswith("PN201") for s in said)
    assert any("'undeclared_b'" in s and s.startswith("PN201") for s in said)
    assert any("'_trk_id' lasts 30 days" in s and "P1D" in s for s in said)
    assert any("'prefs'" in s and "before consent and after rejecting" in s for s in said)
    assert any("'cdn.unknown.test'" in s and "before consent, after accepting and after rejecting" in s for s in said)
    assert all(f.severity == "error" and f.blocks for f in findings)


def test_a_site_that_matches_its_notice_has_no_findings(project) -> None:  # type: ignore[no-untyped-def]
    assert reconcile(project, "tidy-shop", DAY, tidy_record()) == []


def test_a_declared_cookie_never_seen_is_a_warning_and_one_that_needs_consent_is_expected_only_after_accepting(project) -> None:  # type: ignore[no-untyped-def]
    only_before = Observation(SITE, T0, [phase("before_consent", [cookie("consent", 180)])])
    assert reconcile(project, "tidy-shop", DAY, only_before) == []  # _trk_* needs consent: not expected without accepting
    accepted_nothing = Observation(SITE, T0, [phase("before_consent"), phase("after_accepting", [cookie("consent", 180)])])
    found = reconcile(project, "tidy-shop", DAY, accepted_nothing)
    assert [(f.rule, f.severity, f.blocks) for f in found] == [("PN202", "warning", False)]
    assert "'_trk_*'" in found[0].message


def test_a_lifetime_is_judged_by_the_calendar_with_a_day_of_slack(project) -> None:  # type: ignore[no-untyped-def]
    def pn203(days: float | None) -> list[str]:
        record = Observation(SITE, T0, [phase("after_accepting", [cookie("consent", days)])])
        return [f.rule for f in reconcile(project, "tidy-shop", DAY, record) if f.rule == "PN203"]
    # P6M from 3 December 2026 is 3 June 2027: 182 days; one day more is allowed, two are not.
    assert pn203(183) == [] and pn203(184.5) == ["PN203"] and pn203(None) == []


def test_a_provider_whose_cookies_need_consent_is_not_contacted_without_it(project) -> None:  # type: ignore[no-untyped-def]
    early = Observation(SITE, T0, [phase("before_consent", hosts=[host("a.tracker.test")]), phase("after_accepting", [cookie("consent", 1), cookie("_trk_id", 1)])])
    found = reconcile(project, "tidy-shop", DAY, early)
    assert [f.rule for f in found] == ["PN205"]
    assert "'a.tracker.test'" in found[0].message and "before consent" in found[0].message
    assert found[0].line == line_of(FIXTURE / "entities/tidy-shop/entity.yml", ("scan", "hosts", "*.tracker.test"))


def test_a_host_given_to_someone_no_notice_names_is_unaccounted(project, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    entity = data / "entities/tidy-shop/entity.yml"
    entity.write_text(entity.read_text("utf-8").replace("Trackly Analytics", "Tracky Analytic"), "utf-8")
    changed, errors = load_project(data)
    assert changed is not None and not errors
    accepted = Observation(SITE, T0, [phase("after_accepting", [cookie("consent", 1), cookie("_trk_id", 1)], hosts=[host("tracker.test")])])
    found = reconcile(changed, "tidy-shop", DAY, accepted)
    assert [f.rule for f in found] == ["PN206"] and "'Tracky Analytic', whom no notice in force names" in found[0].message


@given(st.text(min_size=0, max_size=12), st.text(min_size=0, max_size=12))
def test_a_star_stands_for_any_text_and_nothing_else_is_special(head: str, tail: str) -> None:
    plain = head.replace("*", "")
    assert name_matches(plain + "*", plain + tail.replace("*", ""))
    assert name_matches(plain, plain) and not name_matches(plain, plain + "x")
    assert name_matches("*" + plain, tail.replace("*", "") + plain)


def test_host_patterns() -> None:
    assert host_matches("*.tracker.test", "tracker.test") and host_matches("*.tracker.test", "a.b.tracker.test")
    assert not host_matches("*.tracker.test", "eviltracker.test") and not host_matches("tracker.test", "a.tracker.test")


HOSTILE = st.text(st.characters(codec="utf-8"), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None)
@given(HOSTILE)
def test_what_the_site_sends_stays_text_in_every_format(project, name: str) -> None:  # type: ignore[no-untyped-def]
    record = Observation(SITE, T0, [phase("before_consent", [cookie(name, None)], [storage("local_storage", name)], [host("x.example")])])
    findings = reconcile(project, "tidy-shop", DAY, record)
    text = "".join(f.format(FIXTURE) + "\n" for f in findings)
    assert len(text.splitlines()) == len(findings)  # no line break from the site starts a forged finding
    issue = markdown("tidy-shop", SITE, findings, FIXTURE)
    fence = re.search(r"^(`{3,})text$", issue, re.M)
    assert fence is not None
    body = issue[fence.end():]
    assert body.rstrip("\n").endswith(fence.group(1)) and body.count(fence.group(1)) == 1  # nothing inside closes the block
    rows = json.loads(as_json(findings, FIXTURE.parent, SCAN_RULES, "scan"))["findings"]
    assert [r["message"] for r in rows] == [f.message for f in findings] and {"PN201", "PN206"} <= {r["rule"] for r in rows}


def test_the_data_say_where_a_scan_goes_and_wrong_settings_are_reported_with_their_lines(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    shop, tidy = data / "entities/shop/entity.yml", data / "entities/tidy-shop/entity.yml"
    text = shop.read_text("utf-8").replace("pages: [/, /about/]", "pages: [/, about]")
    text = text.replace('    click: "#reject"', '    click: "#reject"\n    cookie: {name: consent, value: "no"}')
    shop.write_text(text.replace("tracker.test: Trackly", "https://tracker.test/: Trackly"), "utf-8")
    tidy.write_text(tidy.read_text("utf-8").replace("pages: [/, /about/]", "pages: [/, https://elsewhere.example/about/]"), "utf-8")
    rc, out, err = run_cli("validate", "--data", str(data), cwd=tmp_path)
    assert rc == 1
    lines = out.splitlines()
    def said(fragment: str) -> str:
        return next(line for line in lines if fragment in line)
    assert re.match(r"data/entities/shop/entity\.yml:\d+:\d+: scan\.pages\[1\]: expected a path starting with /", said("scan.pages[1]"))
    assert "exactly one of 'click'" in said("scan.reject")
    assert "expected a host name" in said("https://tracker.test/")
    elsewhere = said("elsewhere.example")
    assert elsewhere.startswith("data/entities/tidy-shop/entity.yml:") and "scan.pages[1]: expected a page of the website http://www.shop.test/" in elsewhere
    assert "found 'https://elsewhere.example/about/'" in elsewhere
    line = int(elsewhere.split(":")[1])
    assert tidy.read_text("utf-8").splitlines()[line - 1].lstrip().startswith("pages:")
    tidy.write_text(tidy.read_text("utf-8").replace("website: http://www.shop.test/\n", ""), "utf-8")
    rc, out, err = run_cli("validate", "--data", str(data), cwd=tmp_path)
    lines = out.splitlines()
    assert rc == 1 and said("'scan' needs the entity's 'website'").startswith("data/entities/tidy-shop/entity.yml:")


class FakeBrowser:
    """Stands in for :mod:`privacy_notices.scan.browser`: hands back a record written above, and the plan it was given."""

    def __init__(self, record: Observation | Exception) -> None:
        self.record = record
        self.plans: list[ScanPlan] = []

    def visit(self, plan: ScanPlan, settings: object = None) -> Observation:
        self.plans.append(plan)
        if isinstance(self.record, Exception):
            raise self.record
        return self.record


@pytest.fixture
def scan_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE, data)
    return data


def scan(monkeypatch: pytest.MonkeyPatch, data: Path, record: Observation | Exception, *args: str) -> tuple[int, str, str, FakeBrowser]:
    import sys

    fake = FakeBrowser(record)
    monkeypatch.setitem(sys.modules, "privacy_notices.scan.browser", fake)
    browser = [] if any(a.startswith("--browser") for a in args) else ["--browser", sys.executable]  # any file will do: the fake runs no browser
    rc, out, err = run_cli("scan", "--data", str(data), "--as-of", DAY.isoformat(), *browser, *args, cwd=data.parent)
    return rc, out, err, fake


def test_the_command_reports_the_same_findings_in_every_format(monkeypatch: pytest.MonkeyPatch, scan_data: Path) -> None:
    rc, text, err, fake = scan(monkeypatch, scan_data, shop_record(), "shop", "--url", "http://www.shop.test:8123/", "--resolve", "www.shop.test:127.0.0.1")
    assert rc == 1 and "scan: 5 errors, 0 warnings, 0 suppressed for shop (2 pages of http://www.shop.test:8123/)" in err
    assert fake.plans[0].pages == ("http://www.shop.test:8123/", "http://www.shop.test:8123/about/")
    assert fake.plans[0].resolve == (("www.shop.test", "127.0.0.1"),) and fake.plans[0].accept is not None
    expected = sorted(re.findall(r": (PN2\d\d) error: ", text))
    assert expected == ["PN201", "PN201", "PN203", "PN204", "PN206"]
    _, as_json_text, _, _ = scan(monkeypatch, scan_data, shop_record(), "shop", "--format", "json")
    rows = json.loads(as_json_text)["findings"]
    assert sorted(r["rule"] for r in rows) == expected and all(r["hint"] and r["source"] for r in rows)
    _, sarif, _, _ = scan(monkeypatch, scan_data, shop_record(), "shop", "--format", "sarif")
    run = json.loads(sarif)["runs"][0]
    assert run["tool"]["driver"]["name"] == "notices scan"
    assert sorted(r["ruleId"] for r in run["results"]) == expected
    assert all(run["tool"]["driver"]["rules"][r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"])
    lines = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]}
    assert lines == {(f["rule"], f["line"]) for f in rows} == {(m[1], int(m[0])) for m in re.findall(r":(\d+):\d+: (PN2\d\d) ", text)}
    _, issue, _, _ = scan(monkeypatch, scan_data, shop_record(), "shop", "--format", "markdown")
    assert issue.startswith("## Website scan of shop (www.shop.test)") and sorted(re.findall(r": (PN2\d\d) error: ", issue)) == expected


def test_a_site_that_matches_reports_nothing_and_exits_0(monkeypatch: pytest.MonkeyPatch, scan_data: Path) -> None:
    rc, out, err, _ = scan(monkeypatch, scan_data, tidy_record(), "tidy-shop")
    assert (rc, out) == (0, "") and "scan: 0 errors, 0 warnings" in err
    rc, issue, _, _ = scan(monkeypatch, scan_data, tidy_record(), "tidy-shop", "--format", "markdown")
    assert "No findings." in issue


def test_a_site_that_cannot_be_scanned_ends_with_one_line_and_status_3(monkeypatch: pytest.MonkeyPatch, scan_data: Path) -> None:
    from privacy_notices.scan.observed import ScanFailed

    rc, out, err, _ = scan(monkeypatch, scan_data, ScanFailed("http://www.shop.test/", "cannot connect:\nrefused"), "shop")
    assert rc == 3 and out == "" and err == "notices scan: http://www.shop.test/: cannot connect:\\nrefused\n"
    issue = scan_data.parent / "issue.md"
    rc, _, _, _ = scan(monkeypatch, scan_data, ScanFailed("http://www.shop.test/", "```\n@team #1"), "shop", "--format", "markdown", "--output", str(issue))
    body = issue.read_text("utf-8")
    assert rc == 3 and "The site could not be scanned:" in body and "\n````text\nhttp://www.shop.test/: ```\\n@team #1\n````\n" in body
    rc, _, _, _ = scan(monkeypatch, scan_data, ScanFailed("http://www.shop.test/", "timed out"), "shop", "--format", "json", "--output", str(issue))
    assert rc == 3 and json.loads(issue.read_text("utf-8")) == {"summary": "scan: the site could not be scanned", "error": "http://www.shop.test/: timed out", "findings": []}


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("nobody",), "there is no entity 'nobody'; the entities are shop, tidy-shop"),
        ((), "name the entity to scan"),
        (("shop", "--resolve", "127.0.0.1"), "--resolve: expected HOST:ADDRESS"),
        (("shop", "--url", "javascript:alert(1)"), "--url: expected a web address"),
        (("shop", "--timeout", "0"), "--timeout: expected seconds between 1 and 600"),
        (("--explain", "PN999"), "there is no scan rule 'PN999'"),
        (("shop", "--url", "https://user:secret@staging.example/"), "--url: give the address without a user name or password"),
        (("shop", "--url", "https://staging.example/pr-12/?preview=1"), "--url: expected the address the site's paths start from, ending in /"),
        (("shop", "--url", "https://staging.example/pr-12/index.html"), "--url: expected the address the site's paths start from, ending in /"),
        (("shop", "--resolve", "www.shop.test:not an address"), "--resolve: expected HOST:ADDRESS"),
        (("shop", "--timeout", "0.5"), "--timeout: expected seconds between 1 and 600"),
        (("shop", "--browser", "/nonexistent/chromium"), "no Chromium at /nonexistent/chromium: install Debian's"),
        (("shop", "--output", "/nonexistent/folder/scan.sarif"), "--output: /nonexistent/folder/scan.sarif is a folder, or in a folder that does not exist"),
    ],
)
def test_wrong_use_is_status_2_with_the_reason(monkeypatch: pytest.MonkeyPatch, scan_data: Path, args: tuple[str, ...], said: str) -> None:
    rc, out, err, fake = scan(monkeypatch, scan_data, tidy_record(), *args)
    assert rc == 2 and said in err and not fake.plans


def test_the_rules_and_the_entities_to_scan_are_listed(monkeypatch: pytest.MonkeyPatch, scan_data: Path) -> None:
    assert scan(monkeypatch, scan_data, tidy_record(), "--entities")[1] == "shop\ntidy-shop\n"
    listing = scan(monkeypatch, scan_data, tidy_record(), "--list")[1]
    assert [line.split()[0] for line in listing.splitlines()] == ["PN201", "PN202", "PN203", "PN204", "PN205", "PN206"]
    explained = scan(monkeypatch, scan_data, tidy_record(), "--explain", "pn203")[1]
    assert explained.startswith("PN203: A cookie kept longer than declared") and "Planet49" in explained


def upcoming(data: Path, entity: str = "shop") -> Path:
    """A version of the entity's cookie policy that takes effect after the scan's day, as `notices new-version` starts one."""
    folder = data / "entities" / entity / "notices" / "cookies"
    path = folder / "2027-02-01.yml"
    path.write_text((folder / "2026-01-01.yml").read_text("utf-8") + 'changes: "We list the cookies of our new shop pages."\n', "utf-8")
    return path


def test_write_adds_what_no_entry_declares_to_the_upcoming_version_and_keeps_every_byte(monkeypatch: pytest.MonkeyPatch, scan_data: Path) -> None:
    path = upcoming(scan_data)
    before = path.read_text("utf-8")
    rc, _, err, _ = scan(monkeypatch, scan_data, shop_record(), "shop", "--write")
    assert rc == 1 and "added 2 entries" in err and "undeclared_a, undeclared_b" in err
    after = path.read_text("utf-8")
    cut = before.index("changes_policy:")
    assert after.startswith(before[:cut]) and after.endswith(before[cut:])
    entries = yaml.safe_load(after)["cookies"][-2:]
    assert [(e["name"], e["party"], e["duration"], e["category"]) for e in entries] == [("undeclared_a", "first", "session", "marketing"), ("undeclared_b", "first", "P1D", "marketing")]
    assert all(e["provider"].startswith("REPLACE:") and e["purpose"].startswith("REPLACE:") for e in entries)
    rc, out, _ = run_cli("validate", "--data", str(scan_data), "--draft", "--as-of", DAY.isoformat(), cwd=scan_data.parent)
    assert rc == 0, out
    rc, out, _ = run_cli("validate", "--data", str(scan_data), "--as-of", DAY.isoformat(), cwd=scan_data.parent)
    assert rc == 1 and len(re.findall(r"2027-02-01\.yml:\d+:\d+: PN174: cookies\[[56]\]\.(?:provider|purpose): placeholder", out)) >= 4, out
    rc, _, err, _ = scan(monkeypatch, scan_data, shop_record(), "shop", "--write")
    assert "nothing to add" in err and path.read_text("utf-8") == after


def test_write_never_edits_a_version_in_force(monkeypatch: pytest.MonkeyPatch, scan_data: Path) -> None:
    path = scan_data / "entities/shop/notices/cookies/2026-01-01.yml"
    before = path.read_bytes()
    rc, _, err, _ = scan(monkeypatch, scan_data, shop_record(), "shop", "--write")
    assert rc == 2 and "start a new one with `notices new-version shop/cookies YYYY-MM-DD`" in err
    assert path.read_bytes() == before


def test_write_refuses_a_list_it_cannot_extend_line_by_line() -> None:
    with pytest.raises(ValueError, match="one entry per line"):
        proposals.append("kind: cookies\ncookies: [{name: a}]\n", [proposals.Proposal("b", "http_cookie", "first", "session", "seen")])


def test_a_cookie_of_a_provider_declared_as_a_group_is_declared_by_that_entry(scan_data: Path) -> None:
    notice = scan_data / "entities/tidy-shop/notices/cookies/2026-01-01.yml"
    notice.write_text(notice.read_text("utf-8").replace("changes_policy:", (
        "  - provider: Trackly Analytics\n    party: third\n    category: marketing\n"
        "    purpose: Shows our ads on other sites.\n    duration: P90D\n"
    ) + "changes_policy:"), "utf-8")
    changed, errors = load_project(scan_data)
    assert changed is not None and not errors
    theirs = cookie("ad", 30, third=True, domain=".ads.tracker.test")
    found = reconcile(changed, "tidy-shop", DAY, Observation(SITE, T0, [phase("before_consent", [theirs]), phase("after_accepting", [cookie("consent", 1), cookie("_trk_id", 1)])]))
    assert [(f.rule, f.where) for f in found] == [("PN204", "cookies[2].category")]  # declared by the group, stored without consent
    mine = cookie("ad", 30, domain="www.shop.test")
    found = reconcile(changed, "tidy-shop", DAY, Observation(SITE, T0, [phase("after_accepting", [mine, cookie("consent", 1), cookie("_trk_id", 1)])]))
    assert [f.rule for f in found] == ["PN201"]  # the site's own cookie is not the provider's


def test_pages_are_paths_from_the_website_and_keep_their_place_on_a_staging_address(monkeypatch: pytest.MonkeyPatch, scan_data: Path) -> None:
    entity = scan_data / "entities/tidy-shop/entity.yml"
    text = entity.read_text("utf-8").replace("website: http://www.shop.test/", "website: http://www.shop.test/fi/")
    entity.write_text(text.replace("pages: [/, /about/]", 'pages: [/, /about/, "http://www.shop.test/fi/contact/?lang=fi"]'), "utf-8")
    _, _, err, fake = scan(monkeypatch, scan_data, tidy_record(), "tidy-shop")
    assert fake.plans[0].pages == ("http://www.shop.test/fi/", "http://www.shop.test/fi/about/", "http://www.shop.test/fi/contact/?lang=fi"), err
    _, _, _, fake = scan(monkeypatch, scan_data, tidy_record(), "tidy-shop", "--url", "https://staging.example/pr-12/", "--resolve", "staging.example:443:[::1]")
    plan = fake.plans[0]
    assert plan.pages == ("https://staging.example/pr-12/", "https://staging.example/pr-12/about/", "https://staging.example/pr-12/contact/?lang=fi")
    assert "www.shop.test" in plan.first_party and plan.resolve == (("staging.example", "::1"),)  # the live site's host is the site's own on staging
    entity.write_text(text.replace("pages: [/, /about/]", "pages: [http://www.shop.test/en/]"), "utf-8")
    rc, out, _ = run_cli("validate", "--data", str(scan_data), cwd=scan_data.parent)
    assert rc == 1 and "scan.pages[0]: expected a page of the website http://www.shop.test/fi/" in out


def test_a_failed_scan_replaces_an_earlier_report_in_every_format(monkeypatch: pytest.MonkeyPatch, scan_data: Path) -> None:
    from privacy_notices.scan.observed import ScanFailed

    report = scan_data.parent / "report"
    failed = ScanFailed("http://www.shop.test/", "x" * 5000)  # a reason phrase as long as a site cares to send
    report.write_text("an earlier scan's findings\n", "utf-8")
    rc, _, _, _ = scan(monkeypatch, scan_data, failed, "shop", "--output", str(report))
    written = report.read_text("utf-8")
    assert rc == 3 and written.startswith("notices scan: http://www.shop.test/: xxx") and len(written) < 700
    report.write_text("an earlier scan's findings\n", "utf-8")
    rc, _, _, _ = scan(monkeypatch, scan_data, failed, "shop", "--format", "sarif", "--output", str(report))
    run = json.loads(report.read_text("utf-8"))["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert rc == 3 and run["results"] == [] and run["invocations"][0]["executionSuccessful"] is False and len(notes[0]["message"]["text"]) < 700


def test_each_finding_has_a_fingerprint_of_its_own_that_a_new_entry_does_not_move(project, scan_data: Path) -> None:  # type: ignore[no-untyped-def]
    from privacy_notices.checks.compliance import as_sarif

    def prints(found: list[Finding]) -> set[str]:
        results = json.loads(as_sarif(found, FIXTURE.parent, SCAN_RULES, "notices scan"))["runs"][0]["results"]
        return {r["partialFingerprints"]["noticeField/v1"] for r in results}
    before = prints(reconcile(project, "shop", DAY, shop_record()))
    assert len(before) == 5  # the two undeclared cookies are two alerts
    notice = scan_data / "entities/shop/notices/cookies/2026-01-01.yml"
    notice.write_text(notice.read_text("utf-8").replace("cookies:\n", "cookies:\n  - name: first\n    provider: Puoti\n    party: first\n    category: necessary\n    purpose: Comes first.\n    duration: P1D\n", 1), "utf-8")
    changed, _ = load_project(scan_data)
    after = prints([f for f in reconcile(changed, "shop", DAY, shop_record()) if f.rule != "PN202"])
    assert after == before


def test_a_session_cookie_may_last_a_little_and_lifetimes_are_said_in_words(project) -> None:  # type: ignore[no-untyped-def]
    minute = Observation(SITE, T0, [phase("after_accepting", [cookie("consent", 1), cookie("_trk_id", 1), cookie("undeclared", 90 / DAYS)])])
    found = reconcile(project, "tidy-shop", DAY, minute)
    assert [f.rule for f in found] == ["PN201"] and "expiring after 90 seconds" in found[0].message


def test_write_skips_names_it_cannot_write_and_the_file_still_loads(monkeypatch: pytest.MonkeyPatch, scan_data: Path) -> None:
    path = upcoming(scan_data)
    odd = ["", "a*b", "bidi\u202eevil", "lone\ud800", "esc\x1b", "x" * 300, "<b>b</b>"]
    names = odd + [f"ok_{i}" for i in range(120)]
    record = Observation(SITE, T0, [phase("after_accepting", [cookie("consent", 1)] + [cookie(n, 1) for n in names])])
    rc, _, err, _ = scan(monkeypatch, scan_data, record, "shop", "--write")
    assert "added 100 entries" in err and "20 more items not written" in err, err
    written = yaml.safe_load(path.read_text("utf-8"))["cookies"]
    assert [c["name"] for c in written[5:]] == [f"ok_{i}" for i in range(100)]
    changed, errors = load_project(scan_data)
    assert changed is not None and not errors


def test_an_interrupt_during_the_scan_ends_it_as_an_interrupt_not_as_a_failed_scan(monkeypatch: pytest.MonkeyPatch, scan_data: Path) -> None:
    import os
    import signal

    from privacy_notices.scan.observed import ScanFailed

    class Interrupted(FakeBrowser):
        def visit(self, plan: ScanPlan, settings: object = None) -> Observation:
            os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C does; the browser's driver dies of it and the load fails
            raise ScanFailed(plan.base, "the browser could not load it (net::ERR_ABORTED)")
    import sys

    monkeypatch.setitem(sys.modules, "privacy_notices.scan.browser", Interrupted(tidy_record()))
    report = scan_data.parent / "report.md"
    rc, out, err = run_cli("scan", "tidy-shop", "--data", str(scan_data), "--browser", sys.executable, "--format", "markdown", "--output", str(report), cwd=scan_data.parent)
    assert (rc, err) == (130, "notices: interrupted\n") and not report.exists()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler
