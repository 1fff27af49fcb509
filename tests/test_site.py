"""The built example site: every notice's pages exist and show the data, safely and self-contained."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import ROOT
from htmlscan import normalize, scan

DATA = ROOT / "data"
VERSION_FILES = sorted(DATA.glob("entities/*/notices/*/*.yml"))


def page_for(site: Path, url_path: str) -> Path:
    return site / url_path / "index.html"


def test_every_notice_has_a_stable_and_a_dated_page(site: Path) -> None:
    assert VERSION_FILES
    for path in VERSION_FILES:
        entity, notice = path.parts[-4], path.parts[-2]
        assert page_for(site, f"{entity}/{notice}").is_file()
        assert page_for(site, f"{entity}/{notice}/{path.stem}").is_file()
    for entity_dir in (DATA / "entities").iterdir():
        assert page_for(site, entity_dir.name).is_file()
    assert (site / "index.html").is_file()


def _plain_values(data: object, keys: set[str]) -> list[str]:
    """String values under the given keys anywhere in a YAML document (plain-text fields)."""
    found: list[str] = []
    if isinstance(data, dict):
        for key, value in data.items():
            if key in keys and isinstance(value, str):
                found.append(value)
            elif key in keys and isinstance(value, list):
                found += [v for v in value if isinstance(v, str)]
            else:
                found += _plain_values(value, keys)
    elif isinstance(data, list):
        for item in data:
            found += _plain_values(item, keys)
    return found


PLAIN_FIELDS = {"title", "name", "service", "data_subjects", "data_categories", "sources", "purpose", "provider", "category", "business_id", "city", "value", "label"}


@pytest.mark.parametrize("path", VERSION_FILES, ids=[p.relative_to(DATA).as_posix() for p in VERSION_FILES])
def test_dated_page_shows_the_structured_content(site: Path, path: Path) -> None:
    data = yaml.safe_load(path.read_text("utf-8"))
    entity, notice = path.parts[-4], path.parts[-2]
    own = yaml.safe_load((DATA / "entities" / entity / "entity.yml").read_text("utf-8")).get("language", "en")
    page = scan(page_for(site, ("" if own == "en" else own + "/") + f"{entity}/{notice}/{path.stem}"))  # the page in its original language
    text = normalize(page.text).replace("’", "'")  # headings set apostrophes typographically
    values = [v for v in _plain_values(data, PLAIN_FIELDS) if v not in ("necessary", "preferences", "statistics", "marketing")]
    assert values
    missing = [v for v in values if normalize(v) not in text]
    assert not missing, f"values from {path.name} not on the page: {missing}"
    for table in page.tables:
        assert table.captions == 1, "every table has a caption"
        assert table.header_cells >= 2, "every table has header cells"


def test_tables_exist_for_processors_transfers_and_cookies(site: Path) -> None:
    arctic = scan(page_for(site, "arctic-code/privacy"))
    captions = re.findall(r"<caption>(.*?)</caption>", arctic.path.read_text("utf-8"))
    assert {"Processors", "Transfers outside the EU and EEA", "Cookies and similar technologies"} <= set(captions)
    assert "Retention periods" not in captions, "each activity's retention is shown once, with the activity, as the data put it"
    assert all(t.captions == 1 and t.header_cells > 2 for t in arctic.tables)


def test_legal_bases_rights_dates_and_authority_in_plain_words(site: Path) -> None:
    text = normalize(scan(page_for(site, "lumo-advisory/privacy")).text)
    assert "Legitimate interests (Art. 6(1)(f) GDPR)" in text
    assert "Our legitimate interest: Answering people who contact us" in text
    assert "Right to data portability (Art. 20 GDPR)" in text
    assert "Right to lodge a complaint (Art. 77 GDPR)" in text
    assert "In force from September 1, 2025." in text
    assert "Published on August 15, 2025." in text
    assert "12 months from the last contact with you" in text
    assert "Tietosuojavaltuutetun toimisto (Office of the Data Protection Ombudsman) Lintulahdenkuja 4 00530 Helsinki Finland" in text
    assert "We process personal data only in the European Union and the European Economic Area." in text


def test_rights_follow_the_legal_bases(site: Path) -> None:
    pilvio = normalize(scan(page_for(site, "pilvio/privacy")).text)
    assert "Right to object" in pilvio  # legitimate interests are used
    assert "Right to withdraw consent" not in pilvio  # consent is not
    assert "Rights related to automated decisions" not in pilvio
    arctic = normalize(scan(page_for(site, "arctic-code/privacy")).text)
    assert "Rights related to automated decisions (Art. 22 GDPR)" in arctic


def test_controller_dpo_representative_and_explicit_authority(site: Path) -> None:
    text = normalize(scan(page_for(site, "pilvio/privacy")).text)
    assert "Pilvio Software Ltd" in text and "Edinburgh" in text
    assert "Data protection officer" in text and "dpo@pilvio.example" in text
    assert "Representative in the EU" in text and "Pilvio Nordic Oy" in text
    assert "Tietosuojavaltuutetun toimisto" in text, "the notice names its own authority"
    processor = normalize(scan(page_for(site, "pilvio/customer-data")).text)
    assert "Information Commissioner's Office" in processor and "Wycliffe House" in processor, "the entity's explicit authority"


def test_processor_notice_links_to_the_entitys_controller_notice(site: Path) -> None:
    page = scan(page_for(site, "pilvio/customer-data"))
    assert "For the data we process as a controller, see:" in page.text
    targets = {posixpath.normpath(posixpath.join("pilvio/customer-data/", h)) for h in page.attrs("a", "href") if not urlsplit(h).scheme}
    assert "pilvio/privacy" in targets


def test_archived_version_page_says_when_it_was_in_force(site: Path) -> None:
    text = normalize(scan(page_for(site, "lumo-advisory/privacy/2024-01-15")).text)
    assert "In force from January 15, 2024 until it was replaced on September 1, 2025." in text
    assert "24 months from the last contact with you" in text


def _internal_targets(site: Path):
    for html_file in sorted(site.rglob("*.html")):
        page = scan(html_file)
        base = html_file.parent
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for value in page.attrs(tag, attr):
                parts = urlsplit(value)
                if parts.scheme or value.startswith("//"):
                    continue
                yield html_file, tag, value, base, parts


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    problems = []
    pages: dict[Path, set[str]] = {}
    for html_file, tag, value, base, parts in _internal_targets(site):
        if parts.path.startswith("/"):
            target = site / parts.path.lstrip("/")  # 404.html links from the site root
        else:
            target = (base / parts.path).resolve() if parts.path else html_file
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            problems.append(f"{html_file.relative_to(site)}: {value}")
            continue
        if parts.fragment and target.suffix == ".html":
            ids = pages.setdefault(target, scan(target).ids)
            if parts.fragment not in ids:
                problems.append(f"{html_file.relative_to(site)}: {value} (no such anchor)")
    assert not problems, problems


def test_nothing_loads_from_another_host(site: Path) -> None:
    own_host = "privacy.example.com"
    loads = []
    for html_file in site.rglob("*.html"):
        page = scan(html_file)
        for tag, attrs in page.elements:
            for attr in ("src", "srcset", "data", "poster"):
                if attr in attrs:
                    loads.append((html_file, tag, attrs[attr]))
            if tag == "link" and attrs.get("rel") not in ("canonical", "alternate", "prev", "next"):
                loads.append((html_file, tag, attrs.get("href", "")))
            if "style" in attrs:
                loads += [(html_file, tag, u) for u in re.findall(r"url\(['\"]?([^'\")]+)", attrs["style"])]
        assert 'data-md-component="source"' not in html_file.read_text("utf-8"), "no repository widget: it calls the GitHub API"
    external = [(f.relative_to(site), t, u) for f, t, u in loads if (urlsplit(u).netloc or u.startswith("//")) and urlsplit(u).netloc != own_host]
    assert loads, "the scan found the site's own assets"
    assert not external, external
    for css in site.rglob("*.css"):
        text = css.read_text("utf-8")
        urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", text) + re.findall(r"@import\s+['\"]([^'\"]+)", text)
        assert not [u for u in urls if re.match(r"(https?:)?//", u)], css
    for f in site.rglob("*"):
        if f.suffix in (".html", ".css", ".xml", ".json"):
            body = f.read_text("utf-8")
            assert "fonts.googleapis.com" not in body and "fonts.gstatic.com" not in body, f
            assert "api.github.com" not in body, f


def _nav_targets(site: Path, page_dir: str) -> set[str]:
    page = scan(site / page_dir / "index.html")
    # Links to pages; "#…" links are the table of contents Material nests in the nav.
    hrefs = {a["href"] for tag, a in page.elements if tag == "a" and "md-nav__link" in a.get("class", "") and "#" not in a["href"]}
    return {posixpath.normpath(posixpath.join(page_dir, h)) for h in hrefs}


def test_the_sidebar_holds_home_the_current_entity_and_the_hand_written_pages(site: Path) -> None:
    """A sidebar of every company would be rendered into every page; the home page lists them instead."""
    assert _nav_targets(site, ".") == {".", "about"}
    lumo = {".", "lumo-advisory", "lumo-advisory/privacy", "lumo-advisory/cookies", "about"}
    for page_dir in ("lumo-advisory", "lumo-advisory/privacy", "lumo-advisory/privacy/2024-01-15", "lumo-advisory/privacy/history"):
        assert _nav_targets(site, page_dir) == lumo, page_dir
    assert _nav_targets(site, "fi/kuura/privacy/2025-05-01") == {"fi", "fi/kuura", "fi/kuura/privacy", "fi/about"}


def test_the_home_page_lists_every_entity_by_country_with_a_filter_box(site: Path) -> None:
    for prefix, entities in (("", 5), ("fi/", 4), ("sv/", 5)):
        page = scan(site / prefix / "index.html")
        html = (site / prefix / "index.html").read_text("utf-8")
        groups = [a["id"] for tag, a in page.elements if tag == "h2" and a.get("id", "").startswith("country-")]
        assert groups == (["country-ax", "country-fi", "country-gb"] if entities == 5 else ["country-fi", "country-gb"])
        listed = [a for tag, a in page.elements if tag == "div" and "pn-entity" in a.get("class", "").split()]
        assert len(listed) == entities and all(a["data-filter"] for a in listed)
        assert re.search(r'<div class="pn-filter" hidden>\s*<label for="pn-filter-input">', html), "shown by notices.js only: without JavaScript the list stays"
    assert "assets/notices.js" in (site / "index.html").read_text("utf-8")


def test_home_lists_every_notice_with_its_effective_date(site: Path) -> None:
    text = normalize(scan(site / "index.html").text)
    for expected in ("Lumo Advisory Oy", "Privacy notice", "Cookie policy", "Processor notice", "September 1, 2025", "February 1, 2026"):
        assert expected in text


def _notice_rows(page: Path) -> list[tuple[str, str | None, str]]:
    """(title, kind shown beside it or None, date) of every row of the page's tables of notices, which have a caption and headers."""
    html = page.read_text("utf-8")
    text = lambda s: normalize(re.sub(r"<[^>]+>", " ", s))  # noqa: E731
    rows = []
    for table in re.findall(r"<table[^>]*>\s*<caption>.*?</table>", html, re.S):
        head, body = table.split("</thead>", 1)
        if "</a>" not in body or "<time" not in body and "Takes effect" not in body:
            continue
        assert len(re.findall(r'<th scope="col"[^>]*>', head)) == 2, table
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S):
            header = re.search(r'<th scope="row"[^>]*><a href="[^"]*">(.*?)</a>(?: <span class="pn-notice-kind">(.*?)</span>)?</th>', row, re.S)
            assert header, row
            date = re.search(r"<td[^>]*>(.*?)</td>", row, re.S)
            assert date, row
            rows.append((text(header.group(1)), text(header.group(2)) if header.group(2) is not None else None, text(date.group(1))))
    return rows


@pytest.mark.parametrize("prefix", ["", "fi/", "sv/"])
def test_tables_of_notices_say_the_kind_only_where_the_title_does_not(site: Path, prefix: str) -> None:
    """A privacy notice titled "Privacy notice" is named once, not "Privacy notice | Privacy notice"."""
    for page in (site / prefix / "index.html", site / prefix / "pilvio/index.html"):
        rows = _notice_rows(page)
        assert rows, page
        for title, kind, _ in rows:
            assert kind is None or kind.lower() != title.lower(), (page, title)
    english = {title: kind for title, kind, _ in _notice_rows(site / "index.html")}
    assert english["Privacy notice"] is None and english["Cookie policy"] is None
    assert english["Customer data processing notice"] == "Processor notice"


def test_the_example_describes_as_many_companies_as_it_has_in_every_language(site: Path) -> None:
    companies = len([p for p in (ROOT / "data" / "entities").iterdir() if p.is_dir()])
    counted = {3: ("three", "Kolmen", "tre"), 4: ("four", "Neljän", "fyra"), 5: ("five", "Viiden", "fem"), 6: ("six", "Kuuden", "sex")}[companies]
    for prefix, said in zip(("", "fi/", "sv/"), (f"{counted[0]} fictional companies", f"{counted[1]} kuvitteellisen yrityksen", f"{counted[2]} fiktiva företag")):
        intro = re.search(r'<div class="pn-intro">(.*?)</div>', (site / prefix / "index.html").read_text("utf-8"), re.S)
        assert intro and said in normalize(intro.group(1)) and "pn-fallback" not in intro.group(1), prefix


def test_generated_templates_are_not_published(site: Path) -> None:
    assert not list(site.rglob("*.j2"))
