"""Every link the site publishes leads to a page, in every language where the link appears.

A link to a notice or company the site does not have, written anywhere
(a version's text, ``related``, an entity's or the site's description),
stops publishing with its file, line and column, and is listed on the
drafting page while drafting. A link to a company that does not publish in
a page's language leads to its page in a language it does publish in, and
says which.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from markupsafe import escape

from conftest import ROOT, run_build, run_cli
from htmlscan import normalize, scan

BOAT_NOTICE = {
    "kind": "controller",
    "title": "Integritetsmeddelande",
    "activities": [
        {
            "id": "renting", "title": "Båtuthyrning", "data_subjects": ["kunder"], "purposes": ["Hyra ut båtar."],
            "legal_bases": [{"basis": "contract"}], "data_categories": ["namn"], "retention": {"period": "P6Y"},
        }
    ],
}


def _dump(path: Path, content: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")


def _load(path: Path) -> dict:
    return yaml.safe_load(path.read_text("utf-8"))


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """A site in English, Finnish and Swedish: Acme publishes in all three and links in every way to Vene,
    a company that writes in Swedish and publishes in Swedish and English only."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests/fixtures/minimal/data", data)
    _dump(data / "site.yml", {
        "name": "Acme notices", "source_language": "en", "languages": ["en", "fi", "sv"],
        "description": "Boats: [Vene's notice](notice:vene/privacy).",
    })
    entity = _load(data / "entities/acme/entity.yml")
    entity["description"] = "See [our cookies](notice:cookies) and [Vene's](notice:vene/privacy)."
    _dump(data / "entities/acme/entity.yml", entity)
    privacy = _load(data / "entities/acme/notices/privacy/2024-01-01.yml")
    privacy["intro"] = "We rent boats from Vene: see [their notice](notice:vene/privacy)."
    privacy["related"] = ["cookies", "vene/privacy"]
    privacy["joint_controllers"] = [{"name": "Vene Ab", "entity": "vene", "responsibilities": "Vene answers requests about boats."}]
    _dump(data / "entities/acme/notices/privacy/2024-01-01.yml", privacy)
    _dump(data / "entities/vene/entity.yml", {
        "name": "Vene Ab", "language": "sv", "languages": ["sv", "en"],
        "address": {"city": "Helsingfors", "country": "FI"}, "contact": {"email": "privacy@vene.example"},
    })
    _dump(data / "entities/vene/notices/privacy/2024-01-01.yml", BOAT_NOTICE)
    return data


def _internal_links(site: Path, page: Path) -> list[tuple[str, Path, dict[str, str]]]:
    """(href, the file it leads to, the link's attributes) of every link of ``page`` to a page of the site."""
    found = []
    for tag, attrs in scan(page).elements:
        href = attrs.get("href", "")
        parts = urlsplit(href)
        if tag != "a" or not href or parts.scheme or href.startswith(("#", "//")):
            continue
        if parts.path.startswith("/"):
            target = site / parts.path.lstrip("/")  # Material's links from the site's root
        else:
            target = (page.parent / parts.path).resolve() if parts.path else page
        found.append((href, target / "index.html" if target.is_dir() or not target.suffix else target, attrs))
    return found


def test_a_link_to_a_company_that_does_not_publish_in_the_language_leads_to_its_page_in_another(linked: Path, tmp_path: Path) -> None:
    rc, out, err = run_cli("validate", "--data", str(linked), cwd=tmp_path)
    assert rc == 0, out + err
    build = run_build(tmp_path, data=linked)
    assert build.returncode == 0, build.output
    site = build.site
    broken = [f"{page.relative_to(site)}: {href}" for page in site.rglob("*.html") for href, target, _ in _internal_links(site, page) if not target.is_file()]
    assert not broken, broken

    for page in ("fi/index.html", "fi/acme/index.html", "fi/acme/privacy/index.html", "fi/acme/privacy/2024-01-01/index.html"):
        to_vene = [(target.relative_to(site).as_posix(), attrs) for _, target, attrs in _internal_links(site, site / page) if "vene" in target.as_posix()]
        assert to_vene, page
        for target, attrs in to_vene:
            # The home page's list of companies not published in Finnish names both of Vene's languages; every other
            # link leads to English, the first of them in the site's order.
            assert attrs.get("hreflang") == ("sv" if target.startswith("sv/") else "en"), (page, target)
        noted = [target for target, attrs in to_vene if attrs.get("hreflang") == "en" and "lang" not in attrs]
        assert noted and normalize(scan(site / page).text).count("(kieli: englanti)") == len(noted), page
    for page in ("sv/acme/privacy/index.html", "acme/privacy/index.html"):
        to_vene = [(target.relative_to(site).as_posix(), attrs) for _, target, attrs in _internal_links(site, site / page) if "vene" in target.as_posix()]
        assert to_vene and all(target.startswith(page[:3] if page.startswith("sv/") else "vene/") and "hreflang" not in attrs for target, attrs in to_vene), page
        assert "pn-link-language" not in (site / page).read_text("utf-8"), "Vene publishes in this language: nothing to say"
    finnish = html.unescape((site / "fi/acme/privacy/index.html").read_text("utf-8"))
    assert 'hreflang="en">their notice</a> <span class="pn-link-language">(kieli: englanti)</span>' in finnish


KNOWN = "; known notices: acme/cookies, acme/privacy, acme/services, vene/privacy"

BROKEN = {
    "version text": ("entities/acme/notices/privacy/2024-01-01.yml", ("intro",), "See [nothing](notice:nothing).", "intro: unknown notice 'acme/nothing'" + KNOWN),
    "related": ("entities/acme/notices/privacy/2024-01-01.yml", ("related",), ["cookies", "vene/cookies"], "related[1]: unknown notice 'vene/cookies'" + KNOWN),
    "entity description": ("entities/acme/entity.yml", ("description",), "See [ours](notice:cookie).", "description: unknown notice 'acme/cookie' (did you mean 'acme/cookies'?)" + KNOWN),
    "site description": ("site.yml", ("description",), "See [the cookies](notice:cookies).", "description: 'notice:cookies' names no company, and site.yml belongs to none: write notice:ENTITY/cookies (did you mean 'notice:acme/cookies'?)"),
    "site description, entity named": ("site.yml", ("description",), "See [theirs](notice:vene/cookies).", "description: unknown notice 'vene/cookies'" + KNOWN),
}
"""Where a link to no notice of the site is written, what it is, and what the report says of it."""


def _line_of(path: Path, key: str) -> tuple[int, int]:
    """The line and column where the value of a top-level ``key`` starts, as yaml.safe_dump writes it."""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.startswith(f"{key}:"):
            rest = line[len(key) + 1 :]
            if rest.strip():
                return number, len(key) + 3
            return number + 1, 3  # a block list: its first item
    raise AssertionError(f"{key} not in {path}")


@pytest.mark.parametrize("place", list(BROKEN))
def test_a_link_to_no_notice_stops_publishing_and_is_shown_while_drafting(place: str, linked: Path, tmp_path: Path) -> None:
    file, loc, value, message = BROKEN[place]
    path = linked / file
    content = _load(path)
    content[loc[0]] = value
    _dump(path, content)
    line, column = _line_of(path, loc[0])
    if place == "related":
        line, column = line + 1, 3  # the second item
    expected = f"data/{file}:{line}:{column}: {message}"

    rc, out, err = run_cli("validate", "--data", str(linked), cwd=tmp_path)
    assert rc == 1 and out.splitlines() == [expected], out + err
    assert "1 publish blocker" in err
    rc, out, err = run_cli("validate", "--draft", "--data", str(linked), cwd=tmp_path)
    assert rc == 0 and out.splitlines()[0] == expected.replace(f":{column}: ", f":{column}: warning: ", 1), out + err

    published = run_build(tmp_path / "publish", data=linked)
    assert published.returncode != 0 and expected in published.output and not published.site.exists(), published.output
    draft = run_build(tmp_path / "draft", data=linked, extra_env={"NOTICES_MODE": "draft"})
    assert draft.returncode == 0, draft.output
    assert str(escape(expected)) in (draft.site / "_drafting/index.html").read_text("utf-8"), "listed as the template escapes it"
    for page in draft.site.rglob("*.html"):
        assert 'href="notice:' not in page.read_text("utf-8") and "None/" not in page.read_text("utf-8"), page
