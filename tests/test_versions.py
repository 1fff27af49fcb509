"""Versions over time: which one is in force, banners, history, changes, feeds, exports, immutability."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import feedparser
import jsonschema
import pytest
import yaml
from babel.messages.pofile import read_po, write_po

from conftest import AS_OF, ROOT, Build, run_build, run_cli
from htmlscan import normalize, scan


def build(tmp: Path, name: str, as_of: str, data: Path | None = None, preview: bool = False) -> Build:
    out = tmp / name
    out.mkdir(parents=True)
    old = os.environ.get("NOTICES_PREVIEW")
    os.environ["NOTICES_PREVIEW"] = "1" if preview else ""
    try:
        return run_build(out, data=data, as_of=as_of)
    finally:
        if old is None:
            os.environ.pop("NOTICES_PREVIEW", None)
        else:
            os.environ["NOTICES_PREVIEW"] = old


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def around_a_change(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The example site the day before and the day a new version of Lumo's privacy notice takes effect."""
    tmp = tmp_path_factory.mktemp("around")
    before = build(tmp, "before", "2025-08-31")
    after = build(tmp, "after", "2025-09-01")
    assert before.returncode == 0, before.output
    assert after.returncode == 0, after.output
    return before.site, after.site


def test_sites_differ_only_where_the_current_version_changed(around_a_change: tuple[Path, Path]) -> None:
    before, after = (tree(s) for s in around_a_change)
    assert before.keys() == after.keys()
    changed = {path for path in before if before[path] != after[path]}
    assert changed
    allowed = re.compile(
        r"^((fi|sv)/)?(index\.html|lumo-advisory/index\.html|lumo-advisory/privacy/.*|search/search_index\.json|feed\.xml|sitemap\.xml)$|^sitemap\.xml\.gz$"
        # The company's index of versions in force lists the notice's, and with it the statuses that changed.
        r"|^lumo-advisory/in-force\.json$"
    )
    assert all(allowed.match(path) for path in changed), sorted(p for p in changed if not allowed.match(p))
    assert "lumo-advisory/privacy/index.html" in changed
    assert "lumo-advisory/cookies/index.html" not in changed


def test_banners_and_links_on_both_sides(around_a_change: tuple[Path, Path]) -> None:
    before, after = around_a_change
    stable = normalize(scan(before / "lumo-advisory/privacy/index.html").text)
    assert "In force from January 15, 2024." in stable
    assert "This notice will change on September 1, 2025" in stable
    links = scan(before / "lumo-advisory/privacy/index.html").attrs("a", "href")
    assert "2025-09-01/changes/" in links and "2025-09-01/" in links
    upcoming = normalize(scan(before / "lumo-advisory/privacy/2025-09-01/index.html").text)
    assert "This version is not in force yet It takes effect on September 1, 2025." in upcoming

    stable = normalize(scan(after / "lumo-advisory/privacy/index.html").text)
    assert "In force from September 1, 2025." in stable
    assert "This notice will change" not in stable
    archived_page = scan(after / "lumo-advisory/privacy/2024-01-15/index.html")
    archived = normalize(archived_page.text)
    assert "This version is no longer in force It was in force from January 15, 2024 until September 1, 2025." in archived
    assert "Read the version in force since September 1, 2025" in archived
    assert "../" in archived_page.attrs("a", "href"), "the archived page links to the stable address"
    finnish = normalize(scan(after / "fi/lumo-advisory/privacy/2024-01-15/index.html").text)
    assert "Tämä versio ei ole enää voimassa" in finnish


def test_history_page_lists_every_version(site: Path) -> None:
    page = scan(site / "lumo-advisory/privacy/history/index.html")
    text = normalize(page.text)
    assert "January 15, 2024 – September 1, 2025" in text
    assert "From September 1, 2025 (in force)" in text
    assert "We now use Kestrel Outreach to send our newsletter" in text
    assert "../2025-09-01/changes/" in page.attrs("a", "href")
    assert all(t.captions == 1 and t.header_cells >= 3 for t in page.tables)
    cookies = normalize(scan(site / "lumo-advisory/cookies/history/index.html").text)
    assert "From January 1, 2027 (upcoming)" in cookies


def _title(page: Path) -> str:
    found = re.findall(r"<title>(.*?)</title>", page.read_text("utf-8"), re.S)
    assert len(found) == 1, page
    return found[0]


@pytest.mark.parametrize(
    ("prefix", "dates"),
    [
        ("", {"2024-01-15": "January 15, 2024", "2025-09-01": "September 1, 2025"}),
        ("fi/", {"2024-01-15": "15. tammikuuta 2024", "2025-09-01": "1. syyskuuta 2025"}),
        ("sv/", {"2024-01-15": "15 januari 2024", "2025-09-01": "1 september 2025"}),
    ],
)
def test_a_dated_page_has_a_title_of_its_own_with_its_date(site: Path, prefix: str, dates: dict[str, str]) -> None:
    """Tabs, history and search results tell a version's permanent page from the page of the version in force."""
    current = _title(site / prefix / "lumo-advisory/privacy/index.html")
    titles = {day: _title(site / prefix / f"lumo-advisory/privacy/{day}/index.html") for day in dates}
    for day, written in dates.items():
        assert written in titles[day], titles[day]
        assert titles[day] != current and written not in current
    assert len(set(titles.values())) == len(titles)


def test_same_inputs_build_byte_identical_sites(tmp_path: Path) -> None:
    first = build(tmp_path, "one", "2026-06-01")
    second = build(tmp_path, "two", "2026-06-01")
    assert first.returncode == 0 and second.returncode == 0
    assert tree(first.site) == tree(second.site)
    assert b"<lastmod>2025-09-01</lastmod>" in (first.site / "sitemap.xml").read_bytes(), "sitemap dates come from the data"


def test_feeds_are_valid_atom(site: Path) -> None:
    for feed_path in (site / "feed.xml", site / "fi/feed.xml", site / "sv/feed.xml"):
        feed = feedparser.parse(feed_path.read_bytes())
        assert feed.version == "atom10", feed_path
        assert not feed.bozo, feed.get("bozo_exception")
        assert feed.feed.id and feed.feed.title and feed.feed.updated
        # Every version of every entity that publishes in the language, upcoming ones included.
        assert len(feed.entries) == (9 if feed_path.parent.name == "fi" else 10), feed_path
        for entry in feed.entries:
            assert entry.id.startswith("https://privacy.example.com/") and entry.title and entry.updated and entry.summary
        dates = [entry.updated for entry in feed.entries]
        assert dates == sorted(dates, reverse=True), "newest first"
    upcoming = feedparser.parse((site / "feed.xml").read_bytes()).entries[0]
    assert upcoming.id.endswith("/lumo-advisory/cookies/2027-01-01/")
    assert upcoming.summary.startswith("Takes effect on January 1, 2027.")
    assert "xml:lang=\"fi\"" in (site / "fi/feed.xml").read_text("utf-8")
    assert 'type="application/atom+xml"' in (site / "fi/index.html").read_text("utf-8")


def test_every_notice_json_validates_against_the_published_schema(site: Path) -> None:
    schema = json.loads((site / "schema/notice-export.schema.json").read_text("utf-8"))
    assert schema == json.loads((ROOT / "schema/notice-export.schema.json").read_text("utf-8")), "the repository's copy is current"
    files = sorted(site.rglob("notice.json"))
    assert len(files) == 10 * 3 - 1, "every version in every language its entity publishes in"
    for path in files:
        document = json.loads(path.read_text("utf-8"))
        jsonschema.validate(document, schema)
    finnish = json.loads((site / "fi/lumo-advisory/privacy/2025-09-01/notice.json").read_text("utf-8"))
    assert finnish["language"] == "fi" and finnish["translation"] == {"complete": True, "fallbacks": 0}
    assert finnish["localized"]["title"] == "Tietosuojaseloste" and finnish["data"]["title"] == "Privacy notice"
    lock = json.loads((ROOT / "data/notices.lock").read_text("utf-8"))
    assert finnish["sha256"] == lock["versions"]["lumo-advisory/privacy/2025-09-01"]["fi"]["sha256"], "the same hash as the lock"
    swedish = json.loads((site / "sv/pilvio/privacy/2025-03-01/notice.json").read_text("utf-8"))
    assert swedish["translation"]["complete"] is False and swedish["translation"]["fallbacks"] > 0


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def _translate(data_copy: Path, lang: str, domain: str, translations: dict[str, str]) -> None:
    path = data_copy / f"data/locales/{lang}/{domain}.po"
    catalog = read_po(io.BytesIO(path.read_bytes()), locale=lang)
    for message in catalog:
        if message.id in translations:
            message.string = translations[message.id]
            message.flags.discard("fuzzy")
    out = io.BytesIO()
    write_po(out, catalog, width=76, sort_output=False)
    path.write_bytes(out.getvalue())


def test_changes_page_shows_a_retention_change_and_a_new_processor(data_copy: Path, tmp_path: Path) -> None:
    rc, out, err = run_cli("new-version", "pilvio/privacy", "2026-09-01", cwd=data_copy)
    assert rc == 0, err
    path = data_copy / "data/entities/pilvio/notices/privacy/2026-09-01.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    assert data["changes"] == "" and "published" not in data
    data["changes"] = "We keep invoices for ten years and use Ledgerly for invoicing."
    data["activities"][0]["retention"]["period"] = "P10Y"
    data["activities"][0]["recipients"] = ["ledgerly"]
    data["processors"] = [{"id": "ledgerly", "name": "Ledgerly Oy", "service": "Invoicing", "country": "FI"}]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    assert run_cli("i18n", "update", cwd=data_copy)[0] == 0
    _translate(data_copy, "fi", "pilvio", {"We keep invoices for ten years and use Ledgerly for invoicing.": "Säilytämme laskut kymmenen vuotta ja käytämme laskutukseen Ledgerlyä.", "Invoicing": "Laskutus"})

    result = build(tmp_path, "out", "2026-06-01", data=data_copy / "data")
    assert result.returncode == 0, result.output
    site = result.site
    english_page = site / "pilvio/privacy/2026-09-01/changes/index.html"
    html = english_page.read_text("utf-8")
    text = normalize(scan(english_page).text)
    assert "Retention changed for Customers' contact persons: 6 years from the end of the year in which the contract ended → 10 years from the end of the year in which the contract ended" in text
    assert "Processor added: Ledgerly Oy" in text
    assert re.search(r"<del>[^<]*6 years", html) and re.search(r"<ins>[^<]*10 years", html)
    assert re.search(r"<del><span class=\"pn-sr\">\[removed: </span>6</del>", html.replace('<span class="pn-sr">]</span>', ""))
    assert re.search(r"<ins><span class=\"pn-sr\">\[added: </span>10</ins>", html.replace('<span class="pn-sr">]</span>', ""))
    assert re.search(r"<ins><span class=\"pn-sr\">\[added: </span>[^<]*Ledgerly Oy", html)

    finnish_page = site / "fi/pilvio/privacy/2026-09-01/changes/index.html"
    fi_html = finnish_page.read_text("utf-8")
    fi_text = normalize(scan(finnish_page).text)
    assert "Säilytysaika muuttui (Asiakkaiden yhteyshenkilöt): 6 vuotta sen vuoden päättymisestä, jona sopimus päättyi lukien → 10 vuotta sen vuoden päättymisestä, jona sopimus päättyi lukien" in fi_text
    assert "Uusi käsittelijä: Ledgerly Oy" in fi_text
    assert re.search(r"<del><span class=\"pn-sr\">\[poistettu: </span>6</del>", fi_html.replace('<span class="pn-sr">]</span>', ""))
    assert re.search(r"<ins><span class=\"pn-sr\">\[lisätty: </span>[^<]*Ledgerly Oy", fi_html)
    current = normalize(scan(site / "pilvio/privacy/index.html").text)
    assert "This notice will change on September 1, 2026 We keep invoices for ten years" in current


def test_changing_a_locked_version_fails_until_a_correction_is_recorded(data_copy: Path, tmp_path: Path) -> None:
    path = data_copy / "data/entities/lumo-advisory/notices/privacy/2025-09-01.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace('business_id: "IE 700123"', 'business_id: "IE 7001234"'), "utf-8")
    failed = build(tmp_path, "failed", "2026-06-01", data=data_copy / "data")
    assert failed.returncode != 0
    for language in ("en", "fi", "sv"):
        assert f"lumo-advisory/privacy 2025-09-01 ({language}): the text changed after it was locked on" in failed.output
    assert "data/entities/lumo-advisory/notices/privacy/2025-09-01.yml:1:1:" in failed.output
    assert not failed.site.exists()

    correction = "Corrected the business ID of Kestrel Outreach."
    path.write_text(
        path.read_text("utf-8").replace("corrections:\n", f"corrections:\n  - date: 2026-11-22\n    text: {correction}\n"), "utf-8"
    )
    assert run_cli("i18n", "update", cwd=data_copy)[0] == 0
    _translate(data_copy, "fi", "lumo-advisory", {correction: "Korjattu Kestrel Outreachin yritystunnus."})
    passed = build(tmp_path, "passed", "2026-06-01", data=data_copy / "data")
    assert passed.returncode == 0, passed.output
    page = normalize(scan(passed.site / "lumo-advisory/privacy/2025-09-01/index.html").text)
    assert "Corrections to this version" in page
    assert re.search(r"November 22, 2026 ?: Corrected the business ID of Kestrel Outreach\.", page)
    finnish = normalize(scan(passed.site / "fi/lumo-advisory/privacy/2025-09-01/index.html").text)
    assert "Korjattu Kestrel Outreachin yritystunnus." in finnish

    rc, out, _ = run_cli("lock", "--as-of", "2026-11-22", cwd=data_copy)
    assert rc == 0 and "locked lumo-advisory/privacy/2025-09-01 (en)" in out


def test_lock_refuses_a_change_without_a_correction(data_copy: Path) -> None:
    path = data_copy / "data/entities/lumo-advisory/notices/cookies/2024-01-15.yml"
    path.write_text(path.read_text("utf-8").replace("duration: P6M", "duration: P7M"), "utf-8")
    before = (data_copy / "data/notices.lock").read_bytes()
    rc, out, err = run_cli("lock", "--as-of", "2026-11-22", cwd=data_copy)
    assert rc == 1
    assert "lumo-advisory/cookies/2024-01-15 (en) changed since it was locked on 2026-11-22; record a correction first" in out
    assert (data_copy / "data/notices.lock").read_bytes() == before


def test_new_version_refuses_bad_dates(data_copy: Path) -> None:
    assert run_cli("new-version", "lumo-advisory/privacy", "2025-01-01", cwd=data_copy)[0] == 2
    assert run_cli("new-version", "lumo-advisory/privacy", "2026-02-30", cwd=data_copy)[0] == 2
    assert run_cli("new-version", "lumo-advisory/nothing", "2027-01-01", cwd=data_copy)[0] == 2
    rc, out, _ = run_cli("new-version", "lumo-advisory/privacy", "2027-03-01", cwd=data_copy)
    assert rc == 0 and "2027-03-01.yml" in out
    assert run_cli("new-version", "lumo-advisory/privacy", "2027-03-01", cwd=data_copy)[0] == 1
    copy = yaml.safe_load((data_copy / "data/entities/lumo-advisory/notices/privacy/2027-03-01.yml").read_text("utf-8"))
    assert "corrections" not in copy and "published" not in copy and copy["title"] == "Privacy notice"
    assert copy["changes"] == "", "the placeholder, not the old version's text"


def test_a_new_version_drafts_at_once_and_is_never_published_with_its_placeholder(data_copy: Path) -> None:
    """`notices new-version` leaves `changes: ""` under a comment: drafting shows the page and names it; publishing refuses it."""
    rc, out, _ = run_cli("new-version", "lumo-advisory/privacy", "2026-07-01", cwd=data_copy)
    assert rc == 0, out
    path = data_copy / "data/entities/lumo-advisory/notices/privacy/2026-07-01.yml"
    lines = path.read_text("utf-8").splitlines()
    stub = lines.index('changes: ""')
    assert lines[stub - 1].startswith("# notices new-version: say what this version changes")
    named = f"data/entities/lumo-advisory/notices/privacy/2026-07-01.yml:{stub + 1}:10: "

    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=data_copy)
    assert rc == 1, out + err
    assert f"{named}PN173: changes: not written yet: say what this version changes" in out
    rc, out, err = run_cli("validate", "--draft", "--as-of", AS_OF, cwd=data_copy)
    assert rc == 0, out + err
    assert f"{named}warning: PN173: changes: not written yet" in out

    draft = run_build(data_copy / "draft", data=data_copy / "data", extra_env={"NOTICES_MODE": "draft"})
    assert draft.returncode == 0, draft.output
    assert "say what this version changes" in (draft.site / "_drafting/index.html").read_text("utf-8")
    upcoming = normalize(scan(draft.site / "lumo-advisory/privacy/2026-07-01/index.html").text)
    assert "Takes effect on July 1, 2026." in upcoming and "The data has errors" not in upcoming
    history = normalize(scan(draft.site / "lumo-advisory/privacy/history/index.html").text)
    assert history.count("First version") == 1, "an unwritten version is not passed off as the first"

    published = run_build(data_copy / "publish", data=data_copy / "data")
    assert published.returncode != 0 and not (data_copy / "publish/site/lumo-advisory/privacy/2026-07-01").exists()
    assert f"{named}PN173: changes: not written yet: say what this version changes" in published.output

    path.write_text(path.read_text("utf-8").replace('changes: ""', "changes: Nothing but the date changes."), "utf-8")
    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=data_copy)
    assert "PN173" not in out + err


def test_build_command_takes_the_as_of_date(tmp_path: Path) -> None:
    rc, _, _ = run_cli("build", "--as-of", "2025-08-31", "--", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(tmp_path / "site"), cwd=ROOT)
    assert rc == 0
    assert "In force from January 15, 2024." in normalize(scan(tmp_path / "site/lumo-advisory/privacy/index.html").text)


def _arctic_change(data: Path, date: str) -> None:
    """A new version of arctic-code/privacy whose two US transfers change: one gets a new recipient, the other a second country."""
    assert run_cli("new-version", "arctic-code/privacy", date, cwd=data.parent)[0] == 0
    path = data / f"entities/arctic-code/notices/privacy/{date}.yml"
    doc = yaml.safe_load(path.read_text("utf-8"))
    doc["changes"] = "Ledgerly now helps with support, and Mailfox also works from Canada."
    doc["processors"].append({"id": "ledgerly", "name": "Ledgerly Inc.", "service": "Support tickets", "country": "US"})
    doc["transfers"][0]["recipients"].append("ledgerly")
    del doc["transfers"][1]["country"]
    doc["transfers"][1]["countries"] = ["US", "CA"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")


def test_changes_page_says_how_a_transfer_changed_never_added_and_removed(data_copy: Path, tmp_path: Path) -> None:
    _arctic_change(data_copy / "data", "2026-09-01")
    assert run_cli("i18n", "update", cwd=data_copy)[0] == 0
    _translate(data_copy, "fi", "arctic-code", {"Ledgerly now helps with support, and Mailfox also works from Canada.": "Ledgerly auttaa nyt tuessa, ja Mailfox toimii myös Kanadasta.", "Support tickets": "Tukipyynnöt"})
    result = build(tmp_path, "out", "2026-06-01", data=data_copy / "data")
    assert result.returncode == 0, result.output
    text = normalize(scan(result.site / "arctic-code/privacy/2026-09-01/changes/index.html").text)
    assert "Recipients added to the transfer to United States: Ledgerly Inc." in text
    assert "Countries added to the transfer to United States: Canada" in text
    assert "Transfer added" not in text and "Transfer removed" not in text
    fi_text = normalize(scan(result.site / "fi/arctic-code/privacy/2026-09-01/changes/index.html").text)
    assert "Uudet vastaanottajat siirrossa maahan Yhdysvallat: Ledgerly Inc." in fi_text and "Uusi siirto" not in fi_text


def _example_version(entity: str, notice: str) -> Any:
    from privacy_notices.data.loader import load_project

    project, errors = load_project(ROOT / "data")
    assert project is not None, errors.sorted()
    return project.entities[entity].notices[notice].versions[-1].data


def test_a_transfer_with_an_id_is_one_transfer_whatever_else_changes() -> None:
    from privacy_notices.history.changes import summarize_changes
    from privacy_notices.data.processing import Transfer

    old = _example_version("arctic-code", "privacy")
    webinars = old.transfers[2].model_copy(update={"id": "webinars"})
    before = old.model_copy(update={"transfers": [*old.transfers[:2], webinars]})
    moved = Transfer(id="webinars", countries=["CH", "JP"], recipients=["group"], mechanism="adequacy", frequency="occasional")
    after = old.model_copy(update={"transfers": [*old.transfers[:2], moved]})
    found = [(i.topic, i.change, i.old, i.new) for i in summarize_changes(before, after) if i.topic.startswith(("transfer", "frequency", "mechanism"))]
    assert found == [
        ("transfer_country", "added", None, ["CH", "JP"]),
        ("transfer_country", "removed", ["GB"], None),
        ("transfer_recipient", "added", None, ["Arctic Code group companies"]),
        ("transfer_recipient", "removed", ["Pilvio Software Ltd"], None),
        ("frequency", "changed", "regular", "occasional"),
    ], found
    other = moved.model_copy(update={"id": "elsewhere", "countries": ["GB"], "recipients": ["pilvio-webinars"]})
    found = [(i.topic, i.change) for i in summarize_changes(before, old.model_copy(update={"transfers": [*old.transfers[:2], other]})) if i.topic.startswith("transfer")]
    assert found == [("transfer", "added"), ("transfer", "removed")], "different ids are different transfers, however alike"


def test_a_cookie_group_that_gains_a_name_or_a_processor_renamed_is_changed_not_replaced() -> None:
    from privacy_notices.history.changes import summarize_changes
    from privacy_notices.data.processing import Cookie

    old = _example_version("arctic-code", "privacy")
    group = Cookie(names=["_pk_id", "_pk_ses"], provider="Matomo", party="first", category="statistics", purpose="Counting visits.")
    before = old.model_copy(update={"cookies": [*old.cookies, group]})
    grown = group.model_copy(update={"names": ["_pk_id", "_pk_ref"], "purpose": "Counting visits and where they come from."})
    renamed = old.processors[0].model_copy(update={"id": "skyrack-eu"})
    after = old.model_copy(update={"cookies": [*old.cookies, grown], "processors": [renamed, *old.processors[1:]]})
    found = [(i.topic, i.change, i.label, i.old, i.new) for i in summarize_changes(before, after) if i.topic.startswith(("cookie", "processor"))]
    assert found == [("cookie_name", "added", "Matomo", None, ["_pk_ref"]), ("cookie_name", "removed", "Matomo", ["_pk_ses"], None)], found


def _summary_topics() -> set[str]:
    """Every topic history/changes.py can give a summary item: the first argument, where written as a string, of each call that makes one."""
    import ast

    makers = {"SummaryItem", "_paired", "_added_removed", "_parts_changed"}
    tree = ast.parse((ROOT / "hooks/privacy_notices/history/changes.py").read_text("utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in makers
        and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
    }


def test_every_summary_topic_has_its_line_on_the_changes_page() -> None:
    """changes.md.j2 looks each item's topic up in _summary.md.j2: a topic is one macro there, named after it."""
    from privacy_notices.site.render import Renderer
    from privacy_notices.site.theme import page_template_dirs

    topics = _summary_topics()
    assert {"activity", "transfer_country", "cookie_name", "mechanism"} <= topics, "the scan finds the topics"
    module = Renderer(page_template_dirs(None), "en").env.get_template("_summary.md.j2").module
    assert sorted(t for t in topics if not callable(getattr(module, t, None))) == []


def test_a_summary_topic_without_its_line_fails_the_changes_page() -> None:
    """A topic with no macro stops the page rather than leaving an empty line in the summary."""
    import dataclasses
    import datetime

    import jinja2

    from privacy_notices.data.loader import load_project
    from privacy_notices.history.changes import SummaryItem
    from privacy_notices.site.render import Renderer
    from privacy_notices.site.theme import page_template_dirs
    from privacy_notices.site.views import plan_site

    project, errors = load_project(ROOT / "data")
    assert project is not None, errors.sorted()
    spec = next(s for s in plan_site(project, datetime.date(2026, 6, 1)) if s.template == "changes.md.j2")
    renderer = Renderer(page_template_dirs(None), "en")
    assert "<ul class=\"pn-summary\">" in renderer.render(spec)
    unknown = dataclasses.replace(spec, uri="x/" + spec.uri, context=dataclasses.replace(spec.context, summary=[SummaryItem("nonsense", "added", "A")]))
    with pytest.raises(jinja2.UndefinedError, match="nonsense"):
        renderer.render(unknown)


def test_two_transfers_with_one_id_are_refused_with_the_position(data_copy: Path) -> None:
    path = data_copy / "data/entities/arctic-code/notices/privacy/2026-02-01.yml"
    text = path.read_text("utf-8").replace("  - country: US\n    recipients: [deskline]", "  - id: us\n    country: US\n    recipients: [deskline]", 1)
    text = text.replace("  - country: US\n    recipients: [mailfox]", "  - id: us\n    country: US\n    recipients: [mailfox]", 1)
    path.write_text(text, "utf-8")
    rc, out, _ = run_cli("validate", cwd=data_copy)
    line = [i for i, row in enumerate(text.splitlines(), 1) if row == "  - id: us"][1]
    assert rc == 1 and f"data/entities/arctic-code/notices/privacy/2026-02-01.yml:{line}:9: transfers[1].id: id 'us' is used twice in transfers (also item 0)" in out, out
