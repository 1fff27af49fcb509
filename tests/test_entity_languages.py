"""Each entity writes in its own language and publishes in some of the site's: pages, catalogs, checks and the swap."""

from __future__ import annotations

import io
import json
import posixpath
import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from babel.messages.pofile import read_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, run_build, run_cli
from htmlscan import normalize, scan, sitemap_alternates
from privacy_notices.data import yamledit
from privacy_notices.i18n.pofiles import previous_ids

FINNISH = "kuura"
"""The example entity that writes in Finnish and publishes in every language."""
SWEDISH = "skargard"
"""The example entity that writes in Swedish and publishes in Swedish and English only."""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A writable copy of the example data."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def catalog(path: Path) -> dict[str, tuple[str, bool]]:
    """msgid → (msgstr, fuzzy) of the active entries of a catalog."""
    return {str(m.id): (str(m.string), m.fuzzy) for m in read_po(io.BytesIO(path.read_bytes())) if m.id}


def fallbacks(page_path: Path) -> list[dict[str, str]]:
    return [a for tag, a in scan(page_path).elements if "pn-fallback" in a.get("class", "").split()]


def test_finnish_pages_show_the_finnish_original(site: Path) -> None:
    path = site / "fi" / FINNISH / "privacy" / "index.html"
    page = scan(path)
    assert re.search(r'<html lang="fi"', path.read_text("utf-8"))
    text = normalize(page.text)
    assert "Tekstiviesti-ilmoitus, jossa on linkki lähetyksen seurantaan." in text
    assert "Lähetysten toimittaminen" in text
    assert fallbacks(path) == [], "the original has nothing to fall back from"
    assert "pn-meta__original" not in path.read_text("utf-8"), "the original does not call itself a translation"


def test_english_pages_show_the_translation_and_name_the_original(site: Path) -> None:
    path = site / FINNISH / "privacy" / "index.html"
    text = normalize(scan(path).text)
    assert "A text message with a link for tracking the shipment." in text
    assert "Tekstiviesti-ilmoitus" not in text
    assert fallbacks(path) == []
    original = [a for tag, a in scan(path).elements if tag == "a" and a.get("hreflang") == "fi" and "md-select__link" not in a.get("class", "")]
    assert [posixpath.normpath(posixpath.join(f"{FINNISH}/privacy", a["href"])) for a in original] == [f"fi/{FINNISH}/privacy"]
    assert "Original language: Finnish." in text


def test_a_missing_english_translation_shows_the_finnish_text_marked_fi(data: Path, tmp_path: Path) -> None:
    po = data / "locales" / "en" / f"{FINNISH}.po"
    po.write_text(po.read_text("utf-8").replace('msgstr "We publish changes on this page."', 'msgstr ""'), "utf-8")
    build = run_build(tmp_path, data, extra_env={"NOTICES_MODE": "draft"})  # the locked English text changed
    assert build.returncode == 0, build.output
    path = build.site / FINNISH / "privacy" / "2025-05-01" / "index.html"
    assert fallbacks(build.site / FINNISH / "privacy" / "index.html") == [], "the version in force is complete"
    marked = fallbacks(path)
    assert marked and {a["lang"] for a in marked} == {"fi"}
    html_text = path.read_text("utf-8")
    block = re.search(r'<div class="pn-fallback" lang="fi">\s*<p>(.*?)</p>', html_text, re.S)
    assert block and block.group(1) == "Julkaisemme muutokset tällä sivulla."
    assert "This part has not been translated yet and is shown in the original language." in html_text


def test_swedish_fallbacks_of_a_finnish_entity_are_marked_fi(site: Path) -> None:
    marked = fallbacks(site / "sv" / FINNISH / "privacy" / "index.html")
    assert marked and {a["lang"] for a in marked} == {"fi"}


def test_no_finnish_pages_exist_for_the_swedish_entity_and_none_links_there(site: Path) -> None:
    assert not (site / "fi" / SWEDISH).exists()
    assert (site / "sv" / SWEDISH / "privacy" / "index.html").is_file()
    assert (site / SWEDISH / "privacy" / "2025-10-01" / "index.html").is_file()
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".xml", ".json") or not path.is_file():
            continue
        folder = path.parent.relative_to(site).as_posix()
        for href in re.findall(r'(?:href|src)="([^"]+)"', path.read_text("utf-8")) + re.findall(r"<loc>([^<]+)</loc>", path.read_text("utf-8")):
            parts = urlsplit(href)
            target = parts.path.lstrip("/") if parts.scheme or href.startswith("/") else posixpath.normpath(posixpath.join(folder, parts.path))
            assert not target.startswith(f"fi/{SWEDISH}"), f"{path.relative_to(site)} links to {href}"


def test_language_selector_and_alternates_offer_only_the_languages_a_page_exists_in(site: Path) -> None:
    for lang_prefix in ("", "sv/"):
        page = scan(site / f"{lang_prefix}{SWEDISH}/privacy/index.html")
        selector = {a["hreflang"] for tag, a in page.elements if tag == "a" and "md-select__link" in a.get("class", "")}
        assert selector == {"en", "sv"}
        assert not [a for tag, a in page.elements if tag == "link" and "hreflang" in a], "alternates are in the sitemaps"
        alternates = sitemap_alternates(site / f"{lang_prefix}sitemap.xml")[f"https://privacy.example.com/{lang_prefix}{SWEDISH}/privacy/"]
        assert f"https://privacy.example.com/fi/{SWEDISH}/privacy/" not in sitemap_alternates(site / "sitemap.xml")
        assert alternates == {
            "en": f"https://privacy.example.com/{SWEDISH}/privacy/",
            "sv": f"https://privacy.example.com/sv/{SWEDISH}/privacy/",
            "x-default": f"https://privacy.example.com/{SWEDISH}/privacy/",
        }
    finnish = scan(site / f"fi/{FINNISH}/privacy/index.html")
    assert {a["hreflang"] for tag, a in finnish.elements if tag == "a" and "md-select__link" in a.get("class", "")} == {"en", "fi", "sv"}


def test_home_page_lists_who_publishes_in_its_language_and_says_who_does_not(site: Path) -> None:
    finnish_home = scan(site / "fi" / "index.html")
    assert FINNISH in finnish_home.ids and SWEDISH not in finnish_home.ids, "listed only where it publishes"
    assert "elsewhere" in finnish_home.ids
    links = {a["href"]: a for tag, a in finnish_home.elements if tag == "a" and a.get("hreflang")}
    assert links[f"../{SWEDISH}/"]["hreflang"] == "en" and links[f"../sv/{SWEDISH}/"]["hreflang"] == "sv"
    assert "Skärgårdens Båtservice Ab" in finnish_home.text
    for home in ("index.html", "sv/index.html"):
        page = scan(site / home)
        assert "elsewhere" not in page.ids, f"every entity publishes in the language of {home}"


def test_exports_feeds_and_status_know_the_entity_s_language(site: Path, data: Path) -> None:
    exported = json.loads((site / FINNISH / "privacy" / "2026-03-01" / "notice.json").read_text("utf-8"))
    assert (exported["language"], exported["source_language"]) == ("en", "fi")
    assert exported["data"]["title"] == "Tietosuojaseloste" and exported["localized"]["title"] == "Privacy notice"
    assert f"/{SWEDISH}/" not in (site / "fi" / "feed.xml").read_text("utf-8")
    assert f"/sv/{SWEDISH}/" in (site / "sv" / "feed.xml").read_text("utf-8")
    rc, out, _ = run_cli("i18n", "status", "--format", "json", "--as-of", "2026-06-01", "--data", str(data), cwd=ROOT)
    rows = json.loads(out)["rows"]
    mine = {(r["language"], r["version"]) for r in rows if r["entity"] == FINNISH}
    assert mine == {(lang, v) for lang in ("en", "sv") for v in ("2025-05-01", "2026-03-01")}
    assert {r["source_language"] for r in rows if r["entity"] == FINNISH} == {"fi"}
    assert {r["language"] for r in rows if r["entity"] == SWEDISH} == {"en"}, "no Finnish rows for an entity that does not publish in Finnish"
    locked = json.loads((data / "notices.lock").read_text("utf-8"))["versions"]
    assert set(locked[f"{FINNISH}/privacy/2026-03-01"]) == {"en", "fi"}


def test_changing_one_finnish_sentence_makes_exactly_that_entry_fuzzy(data: Path) -> None:
    before = {lang: catalog(data / "locales" / lang / f"{FINNISH}.po") for lang in ("en", "sv")}
    others = {p: p.read_bytes() for p in (data / "locales").rglob("*.po") if p.stem != FINNISH}
    entity = data / "entities" / FINNISH / "entity.yml"
    old = "Kuura Kuljetus on pohjoissuomalainen kuljetusyhtiö, joka hoitaa kappaletavara- ja kotiinkuljetuksia Oulun seudulla."
    new = old.replace("Oulun seudulla", "koko Pohjois-Suomessa")
    entity.write_text(entity.read_text("utf-8").replace("Oulun seudulla", "koko Pohjois-Suomessa"), "utf-8")
    rc, out, err = run_cli("i18n", "update", "--data", str(data), cwd=ROOT)
    assert rc == 0, out + err
    for lang in ("en", "sv"):
        after = catalog(data / "locales" / lang / f"{FINNISH}.po")
        assert set(after) == set(before[lang]) - {old} | {new}
        assert after[new] == (before[lang][old][0], True), f"{lang}: the old translation, marked fuzzy"
        assert {k: v for k, v in after.items() if k != new} == {k: v for k, v in before[lang].items() if k != old}
        assert previous_ids((data / "locales" / lang / f"{FINNISH}.po").read_text("utf-8")) == {new: old}, "the old Finnish text kept for the translator"
    assert not (data / "locales" / "fi" / f"{FINNISH}.po").exists(), "no catalog in the entity's own language"
    assert {p: p.read_bytes() for p in others} == others, "no other catalog changed"


def test_required_languages_are_checked_against_the_languages_an_entity_publishes_in(data: Path) -> None:
    rc, out, err = run_cli("validate", "--as-of", "2026-06-01", "--data", str(data), cwd=ROOT)
    assert rc == 0, out + err  # fi is required, but the Swedish entity does not publish in it
    path = data / "locales" / "en" / f"{SWEDISH}.po"
    path.write_text(path.read_text("utf-8").replace('msgstr "Servicing and winter storage"', 'msgstr ""'), "utf-8")
    rc, out, err = run_cli("validate", "--as-of", "2026-06-01", "--data", str(data), cwd=ROOT)
    assert rc == 1
    assert re.search(rf'locales/en/{SWEDISH}\.po:\d+:1: msgid "Service och vinterförvaring": has no translation; en is required and {SWEDISH}/privacy 2025-10-01 \(in force\) uses it', out), out


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ("language: fi\n", r"entity\.yml:\d+:\d+: languages: 'languages' must include 'fi', its 'language'"),
        ("language: de\n", r"entity\.yml:\d+:11: language: 'de' is not one of the site's languages \(en, fi, sv\)"),
        ("language_changes:\n  - {date: 2026-02-01, from: en, to: fi}\n", r"entity\.yml:\d+:\d+: language_changes\[0\]\.to: the last change of language is to 'fi', but the entity writes in 'sv'"),
        ("languages: [sv, en, en]\n", r"entity\.yml:\d+:\d+: languages\[2\]: 'en' is listed twice"),
    ],
)
def test_entity_language_mistakes_are_reported_with_their_place(data: Path, edit: str, expected: str) -> None:
    path = data / "entities" / SWEDISH / "entity.yml"
    text = path.read_text("utf-8")
    key = edit.split(":", 1)[0]
    kept = [line for line in text.split("\n") if not (line.startswith(key + ":") or (key == "language_changes" and line.startswith(("  - date", "    from", "    to"))))]
    path.write_text("\n".join(kept).rstrip("\n") + "\n" + edit, "utf-8")
    rc, out, err = run_cli("validate", "--as-of", "2026-06-01", "--data", str(data), cwd=ROOT)
    assert rc == 1
    assert re.search(expected, out), out


@pytest.mark.parametrize(
    ("catalog_file", "expected"),
    [
        (f"fi/{SWEDISH}.po", f"the entity '{SWEDISH}' does not publish in fi (its languages: en, sv), so this catalog is never read"),
        ("en/lumo-advisory.po", "the entity 'lumo-advisory' is written in en, so its en text is the original and this catalog is never read"),
        (f"fi/{FINNISH}.po", f"the entity '{FINNISH}' is written in fi, so its fi text is the original and this catalog is never read"),
    ],
)
def test_a_catalog_that_is_never_read_is_an_error(data: Path, catalog_file: str, expected: str) -> None:
    target = data / "locales" / catalog_file
    shutil.copy(data / "locales" / "sv" / "site.po", target)
    rc, out, _ = run_cli("validate", "--as-of", "2026-06-01", "--data", str(data), cwd=ROOT)
    assert rc == 1
    assert f"locales/{catalog_file}:1:1: {expected}" in out


def test_swap_round_trips_to_byte_identical_catalogs_and_keeps_every_version_as_it_reads(data: Path) -> None:
    assert run_cli("i18n", "update", "--data", str(data), cwd=ROOT)[0] == 0  # as the installed Babel writes them
    before = {p.relative_to(data): p.read_bytes() for p in (data / "locales").rglob("*.po")}
    lock_before = (data / "notices.lock").read_bytes()
    rc, out, err = run_cli("i18n", "swap", SWEDISH, "en", "--data", str(data), cwd=ROOT)
    assert rc == 0, out + err
    version = data / "entities" / SWEDISH / "notices" / "privacy" / "2025-10-01.yml"
    assert "title: Privacy notice" in version.read_text("utf-8")
    assert catalog(data / "locales" / "sv" / f"{SWEDISH}.po")["Privacy notice"] == ("Dataskyddsbeskrivning", False)
    assert not (data / "locales" / "en" / f"{SWEDISH}.po").exists()
    # Every version reads as before in every language, so the lock still holds and publishing passes.
    rc, out, err = run_cli("validate", "--as-of", "2026-06-01", "--data", str(data), cwd=ROOT)
    assert rc == 0, out + err
    assert run_cli("i18n", "update", "--data", str(data), cwd=ROOT)[1].strip() == "catalogs are up to date"
    rc, out, err = run_cli("i18n", "swap", SWEDISH, "sv", "--data", str(data), cwd=ROOT)
    assert rc == 0, out + err
    after = {p.relative_to(data): p.read_bytes() for p in (data / "locales").rglob("*.po")}
    assert after == before
    assert (data / "notices.lock").read_bytes() == lock_before
    entity = (data / "entities" / SWEDISH / "entity.yml").read_text("utf-8")
    assert entity.count("  - date: ") == 3, "both changes are recorded after the one already there"


def test_swap_is_shown_as_a_correction_of_no_substance(data: Path, tmp_path: Path) -> None:
    rc, out, err = run_cli("i18n", "swap", SWEDISH, "en", "--date", "2026-05-01", "--data", str(data), cwd=ROOT)
    assert rc == 0, out + err
    build = run_build(tmp_path, data)
    assert build.returncode == 0, build.output
    page = normalize(scan(build.site / SWEDISH / "privacy" / "index.html").text)
    assert re.search(r"May 1, 2026 ?: The original language changed from Swedish to English; what the text says did not change in any language\.", page), page
    history = normalize(scan(build.site / "sv" / SWEDISH / "privacy" / "history" / "index.html").text)
    assert re.search("1 maj 2026 ?: Originalspråket ändrades från svenska till engelska", history), history
    assert "Originalspråk: engelska." in history


def test_swap_refuses_while_a_text_has_no_translation_and_changes_nothing(data: Path) -> None:
    files = {p: p.read_bytes() for p in data.rglob("*") if p.is_file()}
    rc, out, err = run_cli("i18n", "swap", FINNISH, "sv", "--data", str(data), cwd=ROOT)
    assert rc == 1
    assert re.search(rf"entities/{FINNISH}/notices/privacy/2026-03-01\.yml:42:14: the text \"Tekstiviesti-ilmoitusten lähettäminen\" has no translation into sv", out), out
    assert "nothing was changed" in err
    assert {p: p.read_bytes() for p in data.rglob("*") if p.is_file()} == files
    rc, out, err = run_cli("i18n", "swap", SWEDISH, "fi", "--data", str(data), cwd=ROOT)
    assert rc == 1 and f"'{SWEDISH}' does not publish in fi" in out


TEMPLATE = """\
# a comment that stays
title: Plain title   # and a comment after
quoted: "Quoted, with: colon"
single: 'It''s single'
folded: >-
  A folded text over
  three lines of
  the file.
literal: |-
  - one
  - two
flow: [first, second one]
nested:
  - id: x
    text: >-
      Nested folded
      text.
multi: plain text that
  goes on here
last: end
"""
LOCS = [("title",), ("quoted",), ("single",), ("folded",), ("literal",), ("flow", 0), ("flow", 1), ("nested", 0, "text"), ("multi",), ("last",)]

texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=80)


@settings(max_examples=300, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(texts, min_size=len(LOCS), max_size=len(LOCS)))
def test_yaml_values_are_replaced_in_place_whatever_the_text(values: list[str]) -> None:
    """Any text, written over any style: it reads back exactly, every other value and every line as before."""
    out = yamledit.replace_values(TEMPLATE, dict(zip(LOCS, values)))  # raises if anything reads back otherwise
    assert out.startswith("# a comment that stays\n")
    assert out.count("\n") == TEMPLATE.count("\n")
    assert "# and a comment after" in out


def test_a_site_written_in_finnish_has_the_finnish_interface_at_its_root(minimal_data: Path, tmp_path: Path) -> None:
    """The interface strings are English msgids: a Finnish source language still needs the Finnish catalog."""
    (minimal_data / "site.yml").write_text("name: Acme\nsource_language: fi\nlanguages: [fi, en]\n", "utf-8")
    build = run_build(tmp_path, minimal_data)
    assert build.returncode == 0, build.output
    root = (build.site / "acme" / "privacy" / "index.html").read_text("utf-8")
    assert '<html lang="fi"' in root and "Kaikki versiot" in root
    english = (build.site / "en" / "acme" / "privacy" / "index.html").read_text("utf-8")
    assert "All versions" in english and 'class="pn-fallback" lang="fi"' in english
