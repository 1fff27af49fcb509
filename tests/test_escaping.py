"""Text from the data is shown as text: Markdown or HTML syntax in a plain field never becomes markup."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from conftest import run_build
from htmlscan import normalize, scan

TRICKY_TITLE = "[click](javascript:alert(1)) *bold* # not a heading {#evil}"
TRICKY_CATEGORY = 'a & b < c > d "quoted" \\escaped'


def test_plain_text_with_markup_syntax_is_shown_literally(minimal_data: Path, tmp_path: Path) -> None:
    version = minimal_data / "entities/acme/notices/privacy/2024-01-01.yml"
    data = yaml.safe_load(version.read_text("utf-8"))
    data["title"] = TRICKY_TITLE
    data["activities"][0]["title"] = TRICKY_TITLE
    data["activities"][0]["data_categories"].append(TRICKY_CATEGORY)
    data["activities"][0]["purposes"].append("Read [our terms](https://acme.example/terms).")
    version.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")

    build = run_build(tmp_path, data=minimal_data)
    assert build.returncode == 0, build.output
    page_file = build.site / "acme/privacy/index.html"
    html_text = page_file.read_text("utf-8")
    page = scan(page_file)
    text = normalize(page.text)

    assert TRICKY_TITLE in text
    assert normalize(TRICKY_CATEGORY) in text
    assert "javascript:" not in " ".join(page.attrs("a", "href"))
    assert "<em>bold</em>" not in html_text
    assert "evil" not in page.ids
    assert "https://acme.example/terms" in page.attrs("a", "href"), "Markdown fields still make links"
    for html_file in build.site.rglob("*.html"):
        assert 'href="javascript:' not in html_file.read_text("utf-8")


def _titles_and_headings(page_file: Path) -> tuple[str, str]:
    """The page's <title> and its first <h1>, as text."""
    import re

    text = page_file.read_text("utf-8")
    title = re.search(r"<title>(.*?)</title>", text, re.S)
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
    assert title and heading, page_file
    strip = lambda s: normalize(re.sub(r"<[^>]+>", "", s))  # noqa: E731
    return strip(title.group(1)), strip(heading.group(1)).removesuffix("¶").strip()


def test_every_page_title_is_its_heading_and_the_site_name(site: Path) -> None:
    names = {"": "Example privacy notices", "fi/": "Esimerkkejä tietosuojaselosteista", "sv/": "Exempel på integritetsmeddelanden"}
    checked = 0
    for page_file in sorted(site.rglob("index.html")):
        rel = page_file.relative_to(site).as_posix()
        if rel.startswith(("about/", "fi/about/", "sv/about/")) or rel == "404.html":
            continue
        prefix = rel[:3] if rel[:3] in ("fi/", "sv/") else ""
        title, heading = _titles_and_headings(page_file)
        home = rel == prefix + "index.html"
        if re.search(r"/\d{4}-\d{2}-\d{2}/index\.html$", rel):
            # A version's permanent page adds its date to the heading (test_versions.py checks the words).
            assert title.startswith(f"{heading}: ") and title.endswith(f" - {names[prefix]}"), rel
            continue
        assert title == (names[prefix] if home else f"{heading} - {names[prefix]}"), rel
        checked += 1
    assert checked > 60


def test_names_with_quotes_and_brackets_stay_text_in_the_theme(minimal_data: Path, tmp_path: Path) -> None:
    """Material prints the site and entity names without escaping; the hook hands them over escaped."""
    site_name = 'Acme " onmouseover="alert(1)'
    entity_name = "O'Brien & \"Sons\" Oy > Acme"
    (minimal_data / "site.yml").write_text(yaml.safe_dump({"name": site_name, "source_language": "en"}), "utf-8")
    entity = minimal_data / "entities/acme/entity.yml"
    data = yaml.safe_load(entity.read_text("utf-8"))
    data["name"] = entity_name
    entity.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")

    build = run_build(tmp_path, data=minimal_data)
    assert build.returncode == 0, build.output
    for page_file in build.site.rglob("*.html"):
        page = scan(page_file)
        assert not [a for _, attrs in page.elements for a in attrs if a.startswith("on")], page_file
    home = scan(build.site / "index.html")
    assert normalize(site_name) in normalize(home.text)
    assert site_name in home.attrs("a", "aria-label"), "the logo link names the site, as one attribute value"
    assert normalize(entity_name) in normalize(home.text)
    assert "<title>Acme &#34; onmouseover=&#34;alert(1)</title>" in (build.site / "index.html").read_text("utf-8")


def test_fallback_text_is_plain_outside_the_page_body(minimal_data: Path, tmp_path: Path) -> None:
    """Untranslated titles are marked up in the body only: never in attributes, <title>, nav, search or feeds."""
    import json
    import re

    (minimal_data / "site.yml").write_text("name: Acme notices\nsource_language: en\nlanguages: [en, fi]\n", "utf-8")
    build = run_build(tmp_path, data=minimal_data, extra_env={"NOTICES_PREVIEW": "1"})
    assert build.returncode == 0, build.output
    notice = (build.site / "fi/acme/privacy/index.html").read_text("utf-8")
    print_title = re.search(r'data-print-title="([^"]*)"', notice)
    assert print_title and "Privacy notice" in print_title.group(1) and "&lt;" not in print_title.group(1) and "<" not in print_title.group(1)
    assert "<title>Privacy notice - Acme notices</title>" in notice
    history = build.site / "fi/acme/privacy/history/index.html"
    page = scan(history)
    assert ("span", {"class": "pn-fallback", "lang": "en"}) in page.elements, "the heading marks the fallback as markup"
    assert "<span" not in page.text and "pn-fallback" not in page.text, "no markup shown as text"
    title, _ = _titles_and_headings(history)
    assert title == "Versiohistoria: Privacy notice - Acme notices"
    index = json.loads((build.site / "fi/search/search_index.json").read_text("utf-8"))
    assert not [d for d in index["docs"] if "pn-fallback" in d["title"] + d["text"] or "&lt;span" in d["title"]]
    feed = (build.site / "fi/feed.xml").read_text("utf-8")
    assert "pn-fallback" not in feed and "&lt;span" not in feed
    nav_labels = " ".join(scan(build.site / "fi/acme/index.html").text.split())
    assert "&lt;span" not in nav_labels and "<span" not in nav_labels
