"""One build, every language: pages, selector, Material's interface, search, and the translators' workflow."""

from __future__ import annotations

import io
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from conftest import ROOT, Build, run_build, run_cli
from htmlscan import normalize, scan, sitemap_alternates
from privacy_notices.i18n.pofiles import previous_ids
from privacy_notices.site.theme import THEME_DIR

LANGUAGES = ("en", "fi", "sv")


def prefix(lang: str) -> str:
    return "" if lang == "en" else f"{lang}/"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of the example data, with its catalogs."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def test_every_page_exists_in_every_language_its_entity_publishes_in(site: Path) -> None:
    english = sorted(p.relative_to(site) for p in site.rglob("index.html") if p.relative_to(site).parts[0] not in ("fi", "sv"))
    assert len(english) > 10
    for lang in ("fi", "sv"):
        for page in english:
            # skargard publishes in Swedish and English only.
            assert (site / lang / page).is_file() == (lang == "sv" or page.parts[0] != "skargard"), f"{lang}/{page}"


def test_language_selector_leads_to_the_same_notice(site: Path) -> None:
    for start in LANGUAGES:
        page = scan(site / prefix(start) / "lumo-advisory/privacy/2024-01-15/index.html")
        links = {a["hreflang"]: a["href"] for tag, a in page.elements if tag == "a" and "md-select__link" in a.get("class", "")}
        assert set(links) == set(LANGUAGES)
        for lang, href in links.items():
            path = urlsplit(href).path.lstrip("/")
            assert path == f"{prefix(lang)}lumo-advisory/privacy/2024-01-15/"
            assert (site / path / "index.html").is_file()


def test_finnish_pages_are_finnish(site: Path) -> None:
    path = site / "fi/lumo-advisory/privacy/index.html"
    text = path.read_text("utf-8")
    page = scan(path)
    assert re.search(r'<html lang="fi"', text)
    assert 'placeholder="Hae"' in text, "Material's search box in Finnish"
    assert "Sisällysluettelo" in text, "Material's table of contents title in Finnish"
    assert "Voimassa 1. syyskuuta 2025 alkaen." in normalize(page.text), "date formatted by Babel for fi"
    assert "12 kuukautta viimeisestä yhteydenotostasi lukien" in normalize(page.text), "duration from CLDR"
    assert not [a for tag, a in page.elements if tag == "link" and "hreflang" in a], "alternates are in the sitemaps, where Material's script fetches nothing"
    alternates = sitemap_alternates(site / "fi/sitemap.xml")["https://privacy.example.com/fi/lumo-advisory/privacy/"]
    assert sitemap_alternates(site / "sitemap.xml")["https://privacy.example.com/lumo-advisory/privacy/"] == alternates
    assert alternates == {
        "en": "https://privacy.example.com/lumo-advisory/privacy/",
        "fi": "https://privacy.example.com/fi/lumo-advisory/privacy/",
        "sv": "https://privacy.example.com/sv/lumo-advisory/privacy/",
        "x-default": "https://privacy.example.com/lumo-advisory/privacy/",
    }
    assert "Irlanti" in page.text, "country names from CLDR"


def test_nav_of_each_language_leads_to_its_own_pages(site: Path) -> None:
    page = scan(site / "fi/lumo-advisory/index.html")
    hrefs = [a["href"] for tag, a in page.elements if tag == "a" and "md-nav__link" in a.get("class", "") and "#" not in a["href"]]
    targets = {posixpath.normpath(posixpath.join("fi/lumo-advisory", h)) for h in hrefs}
    assert targets == {"fi", "fi/lumo-advisory", "fi/lumo-advisory/privacy", "fi/lumo-advisory/cookies", "fi/about"}
    assert "Esimerkkejä tietosuojaselosteista" in page.text, "the home entry shows the translated site name"


def test_each_language_searches_only_its_own_pages(site: Path) -> None:
    word = "rekisterinpitäjä"
    fi_index = json.loads((site / "fi/search/search_index.json").read_text("utf-8"))
    root_index = json.loads((site / "search/search_index.json").read_text("utf-8"))
    assert fi_index["config"]["lang"] == ["fi"]
    hits = [d["location"] for d in fi_index["docs"] if word in d["text"].lower() or word in d["title"].lower()]
    assert hits
    for location in hits:
        path = location.split("#")[0]
        assert (site / "fi" / path / "index.html").is_file(), location
    assert not any(word in d["text"].lower() for d in root_index["docs"])
    # Material's search loads <base>/search/search_index.json: each language's pages point at their own.
    for page, base in (("fi/lumo-advisory/privacy/index.html", "../../../fi/"), ("sv/index.html", "../sv/"), ("lumo-advisory/index.html", "..")):
        config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', (site / page).read_text("utf-8"), re.S).group(1))
        assert config["base"] == base
    assert not any(d["location"].startswith(("fi/", "sv/")) for d in root_index["docs"])


def test_swedish_fallback_is_marked_with_the_source_language(site: Path) -> None:
    path = site / "sv/pilvio/customer-data/index.html"
    html = path.read_text("utf-8")
    assert '<html lang="sv"' in html
    assert re.search(r'<div class="pn-fallback" lang="en">\s*<p>This notice is for people whose data', html)
    assert "Den här delen har inte översatts ännu och visas på originalspråket." in html
    assert re.search(r'<span class="pn-fallback" lang="en">clients of our customers</span> <span class="pn-fallback__note">\(inte översatt ännu\)</span>', html)
    finnish = (site / "fi/pilvio/customer-data/index.html").read_text("utf-8")
    assert "pn-fallback" not in finnish, "Finnish is complete"


def test_hand_written_pages_are_translated_or_marked(site: Path, tmp_path: Path) -> None:
    """Each language's about page in its own words and title; a page not yet translated is shown marked as such."""
    for language, title in (("fi", "Tietoa tästä sivustosta"), ("sv", "Om den här webbplatsen")):
        page = (site / language / "about/index.html").read_text("utf-8")
        assert f"<title>{title} - " in page and '<div lang="en">' not in page and "originalspråket" not in page, language
    from conftest import copy_project

    copy_project(tmp_path)
    (tmp_path / "docs/about.sv.md").unlink()
    env = {**os.environ, "NOTICES_AS_OF": "2026-06-01", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site")], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    swedish = (tmp_path / "site/sv/about/index.html").read_text("utf-8")
    assert "Den här sidan har inte översatts ännu och visas på originalspråket." in swedish
    assert re.search(r'<div lang="en">\s*<article', swedish) or '<div lang="en">' in swedish


def test_update_twice_changes_nothing(data_copy: Path) -> None:
    assert run_cli("i18n", "update", cwd=data_copy)[0] == 0
    before = {p: p.read_bytes() for p in (data_copy / "data/locales").rglob("*.po")}
    rc, out, _ = run_cli("i18n", "update", cwd=data_copy)
    assert rc == 0 and "catalogs are up to date" in out
    assert {p: p.read_bytes() for p in (data_copy / "data/locales").rglob("*.po")} == before


OLD = "Only employees who need the data for their work can access it."
NEW = "Only employees who need the data for their work can see it."


def _edit_sentence(data_copy: Path) -> None:
    for path in (data_copy / "data/entities/lumo-advisory/notices/privacy").glob("*.yml"):
        text = path.read_text("utf-8")
        assert OLD.split(" it.")[0] in text
        path.write_text(text.replace("work can access\n  it.", "work can see\n  it.").replace("work can access it.", "work can see it."), "utf-8")


def _catalog(data_copy: Path, lang: str):
    return read_po(io.BytesIO((data_copy / f"data/locales/{lang}/lumo-advisory.po").read_bytes()), locale=lang)


def test_changed_sentence_turns_exactly_that_entry_fuzzy(data_copy: Path, tmp_path: Path) -> None:
    before = {lang: {m.id: (m.string, m.fuzzy) for m in _catalog(data_copy, lang) if m.id} for lang in ("fi", "sv")}
    _edit_sentence(data_copy)
    rc, out, _ = run_cli("i18n", "update", cwd=data_copy)
    assert rc == 0
    for lang in ("fi", "sv"):
        after = {m.id: (m.string, m.fuzzy) for m in _catalog(data_copy, lang) if m.id}
        old_key = next(k for k in before[lang] if k.startswith(OLD))
        new_key = next(k for k in after if k.startswith(NEW))
        assert after[new_key] == (before[lang][old_key][0], True), "old translation kept, marked fuzzy"
        assert {k: v for k, v in after.items() if k != new_key} == {k: v for k, v in before[lang].items() if k != old_key}
        po_text = (data_copy / f"data/locales/{lang}/lumo-advisory.po").read_text("utf-8")
        assert previous_ids(po_text)[new_key] == old_key, "previous source kept for the translator"
        assert '#| "Only employees who need the data for their work can access it.' in po_text
    # A second run keeps the previous source text and changes nothing.
    snapshot = (data_copy / "data/locales/fi/lumo-advisory.po").read_bytes()
    assert run_cli("i18n", "update", cwd=data_copy)[0] == 0
    assert (data_copy / "data/locales/fi/lumo-advisory.po").read_bytes() == snapshot

    # The Finnish page shows the English sentence, marked, in a preview build.
    preview = _build(data_copy, tmp_path / "preview", preview=True)
    assert preview.returncode == 0, preview.output
    html = (preview.site / "fi/lumo-advisory/privacy/index.html").read_text("utf-8")
    assert re.search(r'<div class="pn-fallback" lang="en">\s*<p>Only employees who need the data for their work can see it\.', html)
    assert "Tätä osaa ei ole vielä käännetty, joten se näytetään alkuperäisellä kielellä." in html

    # A publish build with Finnish required fails, naming the entry's file and line.
    publish = _build(data_copy, tmp_path / "publish", preview=False)
    assert publish.returncode != 0
    line = next(m.lineno for m in _catalog(data_copy, "fi") if m.id and m.id.startswith(NEW))
    assert f'data/locales/fi/lumo-advisory.po:{line}:1: msgid "Only employees who need the data for their work can see it.…": is marked fuzzy' in publish.output, publish.output
    fuzzy_lines = [line for line in publish.output.splitlines() if "is marked fuzzy" in line]
    assert fuzzy_lines and all("2025-09-01 (in force)" in line for line in fuzzy_lines), "archived versions never block a build for translations"
    # The edit also changed versions that were locked: the build names each one.
    assert "lumo-advisory/privacy 2024-01-15 (en): the text changed after it was locked" in publish.output
    assert "sv/lumo-advisory.po" not in publish.output, "Swedish is optional"
    assert not publish.site.exists()


def _build(data_copy: Path, out: Path, preview: bool) -> Build:
    out.mkdir(parents=True)
    old = os.environ.get("NOTICES_PREVIEW")
    os.environ["NOTICES_PREVIEW"] = "1" if preview else ""
    try:
        return run_build(out, data=data_copy / "data")
    finally:
        if old is None:
            os.environ.pop("NOTICES_PREVIEW", None)
        else:
            os.environ["NOTICES_PREVIEW"] = old


def _set_translation(data_copy: Path, lang: str, msgid_start: str, text: str) -> int:
    """Give one entry a new translation, as a translator would; return its line."""
    path = data_copy / f"data/locales/{lang}/lumo-advisory.po"
    catalog = read_po(io.BytesIO(path.read_bytes()), locale=lang)
    message = next(m for m in catalog if m.id and m.id.startswith(msgid_start))
    message.string = text
    out = io.BytesIO()
    write_po(out, catalog, width=76, include_previous=True, sort_output=False)
    path.write_bytes(out.getvalue())
    return next(m.lineno for m in read_po(io.BytesIO(out.getvalue()), locale=lang) if m.id == message.id)


@pytest.mark.parametrize(
    "msgid_start, translation, complaint",
    [
        ("Only employees", "Vain <script>alert(1)</script> työntekijät.", "in the translation, raw HTML is not allowed in notice text, found '<script>'"),
        ("Send your request to [privacy@", "Lähetä pyyntö [meille](https://evil.example/).", "the translation drops or changes the link to 'mailto:privacy@lumo-advisory.example'"),
    ],
)
def test_bad_translations_are_rejected_with_file_and_line(data_copy: Path, tmp_path: Path, msgid_start: str, translation: str, complaint: str) -> None:
    line = _set_translation(data_copy, "fi", msgid_start, translation)
    build = _build(data_copy, tmp_path / "out", preview=True)
    assert build.returncode != 0
    assert f"data/locales/fi/lumo-advisory.po:{line}:1: msgid \"{msgid_start}" in build.output
    assert complaint in build.output
    assert "Traceback" not in build.output


def test_status_reports_coverage_per_version(data_copy: Path) -> None:
    rc, out, _ = run_cli("i18n", "status", "--format", "json", "--as-of", "2026-06-01", cwd=data_copy)
    assert rc == 0
    rows = json.loads(out)["rows"]
    by_key = {(r["language"], r["entity"], r["notice"], r["version"]): r for r in rows}
    fi = by_key[("fi", "lumo-advisory", "privacy", "2025-09-01")]
    assert fi["missing"] == 0 and fi["fuzzy"] == 0 and fi["translated"] > 20
    sv = by_key[("sv", "pilvio", "customer-data", "2025-03-01")]
    assert sv["missing"] > 0 and sv["status"] == "current"
    assert by_key[("fi", "lumo-advisory", "privacy", "2024-01-15")]["status"] == "archived"
    rc, text, _ = run_cli("i18n", "status", cwd=data_copy)
    assert "pilvio/customer-data" in text and "translated" in text


def test_reverted_edit_gets_its_exact_translation_back(data_copy: Path) -> None:
    _edit_sentence(data_copy)
    run_cli("i18n", "update", cwd=data_copy)
    shutil.rmtree(data_copy / "data/entities")
    shutil.copytree(ROOT / "data/entities", data_copy / "data/entities")
    run_cli("i18n", "update", cwd=data_copy)
    catalog = _catalog(data_copy, "fi")
    entry = next(m for m in catalog if m.id and m.id.startswith(OLD))
    assert entry.string and not entry.fuzzy
    assert not any(str(m.id).startswith(NEW) for m in catalog.obsolete.values()), "a fuzzy copy of a translation kept exactly is not kept"


def test_removed_text_stays_obsolete_and_returns_translated(data_copy: Path) -> None:
    versions = sorted((data_copy / "data/entities/lumo-advisory/notices/cookies").glob("*.yml"))
    originals = {p: p.read_text("utf-8") for p in versions}
    for path, text in originals.items():
        path.write_text(text.replace("changes_policy: We update this policy when we add or remove cookies.\n", ""), "utf-8")
    run_cli("i18n", "update", cwd=data_copy)
    po = (data_copy / "data/locales/fi/lumo-advisory.po").read_text("utf-8")
    assert '#~ msgid "We update this policy when we add or remove cookies."' in po
    for path, text in originals.items():
        path.write_text(text, "utf-8")
    run_cli("i18n", "update", cwd=data_copy)
    entry = _catalog(data_copy, "fi").get("We update this policy when we add or remove cookies.")
    assert entry is not None and entry.string == "Päivitämme tämän käytännön, kun lisäämme tai poistamme evästeitä." and not entry.fuzzy


def _edit_version(data_copy: Path, ref: str, date: str, edit: Callable[[dict[str, Any]], None]) -> None:
    """Change one version file as an author would: ``edit`` the data and write it back."""
    entity, notice = ref.split("/")
    path = data_copy / f"data/entities/{entity}/notices/{notice}/{date}.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")


def _entries(data_copy: Path, lang: str, domain: str) -> tuple[Catalog, dict[str, tuple[str, bool, str | None]]]:
    """The catalog, and msgid → (translation, fuzzy, previous msgid) of each entry in use."""
    path = data_copy / f"data/locales/{lang}/{domain}.po"
    catalog = read_po(io.BytesIO(path.read_bytes()), locale=lang)
    previous = previous_ids(path.read_text("utf-8"))
    return catalog, {str(m.id): (str(m.string), m.fuzzy, previous.get(str(m.id))) for m in catalog if m.id}


def _update(data_copy: Path) -> None:
    rc, out, err = run_cli("i18n", "update", cwd=data_copy)
    assert rc == 0, out + err


PRINTED = {
    "id": "printed-newsletter",
    "title": "Receiving our printed newsletter",
    "data_subjects": ["newsletter subscribers"],
    "purposes": ["Sending the printed newsletter you subscribed to."],
    "legal_bases": [{"basis": "consent"}],
    "data_categories": ["postal address", "subscription date"],
    "retention": {"rule": "Until you unsubscribe."},
}
"""A new activity whose texts resemble translated ones ("Receiving our newsletter"…) but are new."""


def test_a_new_activity_gets_no_guessed_translation(data_copy: Path) -> None:
    _, before = _entries(data_copy, "fi", "lumo-advisory")
    _edit_version(data_copy, "lumo-advisory/privacy", "2025-09-01", lambda d: d["activities"].append(PRINTED))
    _update(data_copy)
    _, after = _entries(data_copy, "fi", "lumo-advisory")
    added = {"Receiving our printed newsletter", "Sending the printed newsletter you subscribed to.", "postal address", "Until you unsubscribe."}
    assert set(after) - set(before) == added
    for msgid in added:
        assert after[msgid] == ("", False, None), f"{msgid}: a new text is untranslated, never a guess"
    assert {k: v for k, v in after.items() if k not in added} == before, "every other entry as it was"


def test_a_text_edited_in_place_keeps_its_translation_fuzzy(data_copy: Path) -> None:
    old, new = "Opening the trial and following up on it.", "Opening your trial account."

    def edit(data: dict[str, Any]) -> None:
        data["activities"][1]["purposes"] = [new]

    _edit_version(data_copy, "pilvio/privacy", "2025-03-01", edit)
    _update(data_copy)
    catalog, after = _entries(data_copy, "fi", "pilvio")
    assert after[new] == ("Kokeilun avaaminen ja sen seuranta.", True, old)
    assert catalog.obsolete[old].string == "Kokeilun avaaminen ja sen seuranta.", "the old text keeps its translation too"
    # The old text was never translated into Swedish: there is nothing to carry over.
    catalog, after = _entries(data_copy, "sv", "pilvio")
    assert after[new] == ("", False, None) and old not in catalog.obsolete


def test_a_text_changed_in_a_new_version_continues_the_previous_versions_translation(data_copy: Path) -> None:
    assert run_cli("new-version", "lumo-advisory/privacy", "2026-12-01", cwd=data_copy)[0] == 0
    old_title, new_title = "Receiving our newsletter", "News by email four times a year"
    changes = "We now use Kestrel Outreach to send our newsletter, and it comes four times a year."

    def edit(data: dict[str, Any]) -> None:
        data["changes"] = changes
        newsletter = next(a for a in data["activities"] if a["id"] == "newsletter")
        newsletter["title"] = new_title

    _edit_version(data_copy, "lumo-advisory/privacy", "2026-12-01", edit)
    _update(data_copy)
    for lang in ("fi", "sv"):
        _, after = _entries(data_copy, lang, "lumo-advisory")
        translation, fuzzy, _ = after[old_title]
        assert translation and not fuzzy, "the old version still uses its text, translated"
        assert after[new_title] == (translation, True, old_title)
        assert after[changes] == ("", False, None), "what a version changed is its own text, never the previous version's"


@pytest.mark.parametrize("new_version", [False, True], ids=["in place", "in a new version"])
def test_an_item_inserted_first_does_not_shift_guesses(data_copy: Path, new_version: bool) -> None:
    date = "2025-03-01"
    if new_version:
        assert run_cli("new-version", "pilvio/privacy", "2026-12-01", cwd=data_copy)[0] == 0
        date = "2026-12-01"
    old_title, new_title = "Customers' contact persons", "Contact persons of our customers"
    webinar = {**PRINTED, "id": "webinars", "title": "Attending our webinars", "purposes": ["Running the webinars you sign up for."]}

    def edit(data: dict[str, Any]) -> None:
        data["activities"][0]["title"] = new_title
        data["activities"][1]["data_categories"].insert(0, "job title")
        data["activities"].insert(0, webinar)
        if new_version:
            data["changes"] = "We added our webinars."

    _edit_version(data_copy, "pilvio/privacy", date, edit)
    _update(data_copy)
    _, after = _entries(data_copy, "fi", "pilvio")
    assert after[new_title] == ("Asiakkaiden yhteyshenkilöt", True, old_title), "the edited title, now second, is still its own field"
    for msgid in ("Attending our webinars", "Running the webinars you sign up for.", "job title"):
        assert after[msgid] == ("", False, None), f"{msgid}: inserted, not changed"


def test_a_text_with_two_possible_previous_texts_gets_no_guess(data_copy: Path) -> None:
    merged = "Customers' contact persons and trial sign-ups"

    def edit(data: dict[str, Any]) -> None:
        for activity in data["activities"]:
            activity["title"] = merged

    _edit_version(data_copy, "pilvio/privacy", "2025-03-01", edit)
    _update(data_copy)
    catalog, after = _entries(data_copy, "fi", "pilvio")
    assert after[merged] == ("", False, None)
    assert catalog.obsolete["Customers' contact persons"].string == "Asiakkaiden yhteyshenkilöt"
    assert catalog.obsolete["Trial sign-ups"].string == "Kokeilujaksolle rekisteröityminen"


def test_builtin_catalogs_translate_every_interface_string() -> None:
    from privacy_notices.i18n.builtin import builtin_messages

    ids = builtin_messages(THEME_DIR / "notices")
    for lang in ("fi", "sv"):
        catalog = read_po(io.BytesIO((ROOT / f"hooks/privacy_notices/i18n/locales/{lang}.po").read_bytes()), locale=lang)
        untranslated = [i for i in ids if not (catalog.get(i) and catalog.get(i).string and not catalog.get(i).fuzzy)]
        assert not untranslated, f"{lang}: {untranslated}"


def test_headings_permanent_links_are_titled_in_the_page_language(site: Path) -> None:
    for language, title in (("en", "Permanent link"), ("fi", "Pysyvä linkki"), ("sv", "Permanent länk")):
        page = scan(site / prefix(language) / "lumo-advisory/privacy/index.html")
        links = [a for tag, a in page.elements if tag == "a" and a.get("class") == "headerlink"]
        assert links and {a.get("title") for a in links} == {title}, language


def test_each_build_words_the_permalink_tooltip_its_own_settings_give(tmp_path: Path) -> None:
    """A page rewords the tooltip of its headings' permanent links in its language, from what the build's toc settings said.

    While `mkdocs serve` rebuilds, a later build's settings can sit where an earlier build's did (Python reuses
    the memory it frees): here the very same dict, refilled, so the later build must read what its own
    configuration says, not what the earlier one said.
    """
    from mkdocs.config.defaults import MkDocsConfig

    from privacy_notices.data.errors import ErrorLog
    from privacy_notices.i18n.catalogs import Catalogs
    from privacy_notices.mkdocs.context import permalink_title

    (tmp_path / "docs").mkdir()
    catalogs = Catalogs(ROOT / "data", ["en", "fi"], "en", ErrorLog())

    def loaded(toc: dict[str, Any]) -> MkDocsConfig:
        config = MkDocsConfig(config_file_path=str(tmp_path / "mkdocs.yml"))
        config.load_dict({"site_name": "Notices", "markdown_extensions": [{"toc": toc}]})
        assert config.validate() == ([], [])
        return config

    earlier = loaded({"permalink": True})
    toc = earlier.mdx_configs["toc"]
    for language, title in (("fi", "Pysyvä linkki"), ("en", "Permanent link"), ("fi", "Pysyvä linkki")):
        permalink_title(earlier, catalogs, language)
        assert toc["permalink_title"] == title, language
    later = loaded({"permalink": True, "permalink_title": "Link to this heading"})
    toc.clear()
    toc.update(later.mdx_configs["toc"])
    later.mdx_configs["toc"] = toc
    for language in ("fi", "en"):
        permalink_title(later, catalogs, language)
        assert toc["permalink_title"] == "Link to this heading", "a title the catalogs do not translate stays as set"


def test_site_overrides_a_builtin_text_and_update_keeps_it(data_copy: Path, tmp_path: Path) -> None:
    site_po = data_copy / "data/locales/fi/site.po"
    site_po.write_text(site_po.read_text("utf-8") + '\nmsgid "Your rights"\nmsgstr "Sinun oikeutesi"\n', "utf-8")
    assert run_cli("i18n", "update", cwd=data_copy)[0] == 0
    catalog = read_po(io.BytesIO(site_po.read_bytes()), locale="fi")
    assert catalog.get("Your rights") is not None and catalog.get("Your rights").string == "Sinun oikeutesi"
    assert "Your rights" not in {m.id for m in catalog.obsolete.values()}
    build = _build(data_copy, tmp_path / "out", preview=False)
    assert build.returncode == 0, build.output
    html = (build.site / "fi/lumo-advisory/privacy/index.html").read_text("utf-8")
    assert "Sinun oikeutesi" in html and ">Oikeutesi<" not in html


def test_authority_names_follow_the_language(site: Path) -> None:
    swedish = normalize(scan(site / "sv/lumo-advisory/privacy/index.html").text)
    assert "Tietosuojavaltuutetun toimisto (Dataombudsmannens byrå) Lintulahdenkuja 4 00530 Helsinki Finland" in swedish
    finnish = normalize(scan(site / "fi/lumo-advisory/privacy/index.html").text)
    assert "Tietosuojavaltuutetun toimisto Lintulahdenkuja 4 00530 Helsinki Suomi" in finnish


def test_articles_of_the_law_are_cited_in_the_page_language(site: Path) -> None:
    """A Finnish or Swedish page cites the GDPR the way that language does, never in English."""
    from htmlscan import normalize, scan, sitemap_alternates

    for language, cited in (("fi", "tietosuoja-asetuksen 6 artiklan 1 kohdan"), ("sv", "i dataskyddsförordningen")):
        text = normalize(scan(site / language / "lumo-advisory/privacy/index.html").text)
        assert cited in text, language
        assert not re.search(r"\(Art\. \d+[^)]* GDPR\)", text), language
    assert "(Art. 6(1)(a) GDPR)" in normalize(scan(site / "lumo-advisory/privacy/index.html").text)
