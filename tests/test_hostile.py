"""Generated hostile text in every text field of an entity, a notice, the site and a catalog stays text.

Hypothesis writes strings made of the pieces attackers and careless editors
use (quotes, entities, ``javascript:``, template and Markdown attribute
syntax, lines that look like headings or fences, bidirectional marks,
percent signs) into every field, builds the site, and reads back every page,
feed, sitemap, search index and JSON-LD: no element, attribute or URL scheme may
appear that the same site with harmless text does not have, and every page
has the headings and anchors it has with harmless text; each version's JSON-LD parses, and its
page embeds it unchanged, with no raw ``<``, ``>`` or ``&`` that could end the script element. Markup and control
characters themselves must be refused with the file, line, column and
field. The seed is fixed, so CI runs the same examples every time.
"""

from __future__ import annotations

import functools
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from conftest import ROOT, Build, run_build, run_cli
from htmlscan import SAFE_SCHEMES, Inventory, headings, inventory, linked_data_problems

FIXTURE = ROOT / "tests" / "fixtures" / "said-truthfully" / "data"
"""A site whose notices use the whole format: statements, own rights, cookie groups, key points,
situations told elsewhere, links elsewhere, authority numbers…, so every kind of text field is attacked."""

INERT = [
    '"', "'", "&", "&amp;", "&lt;svg onload=alert(1)&gt;", "&#60;script&#62;", "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "javascript:alert(1)", "javascript&colon;alert(1)", '" onmouseover="alert(1)', "' autofocus onfocus='alert(1)",
    "{{ 7*7 }}", "{% raw %}", "{#", "#}", '{: onclick="alert(1)" }', "{#evil}", "%(site)s", "%", "%%", "\\",
    "\u202e", "\u200f", "\u2028", "\u00a0", "ä", "שלום", "🙂", "]]>", "-->", "< b", "a > b", "*", "_", "`", "~",
    ' [x](https://a.example "t\\" onmouseover=\\"x") ', " [x](https://a.example/?q=1&r=(2)&s=%27) ", "\n", "\t", ";", "=",
    "\n\n## Moved { #moved }\n\n", "\n# Taken { #rights }\n", "{ #controller }", "{#contact}", "\n===\n", "\n```\n", "\n~~~\n", "\n#1 ",
]
"""Pieces that are allowed in text and must come out as text. The links stand between spaces and their
quote is percent-encoded, so that Markdown cannot read the characters drawn next to them as part of the
address (which validation would then refuse); a raw quote in an address is tried through base_url."""

LIVE = [
    "<svg/onload=alert(1)>", "<img src=x onerror=alert(1)", "</title><svg onload=alert(1)>", "<!-- x -->",
    "<a href=javascript:alert(1)>x</a>", "<iframe src=https://evil.example>", "<script>alert(1)</script>",
    "\x0b", "\x1b[31m", "\x00", "\x7f", "\ufffe",
]
"""Pieces that would become markup or break a feed: refused wherever they are written."""

def accepted(text: str) -> bool:
    """Whether validation takes ``text`` in a plain field and in a Markdown one.

    Random brackets, parentheses and quotes now and then write a Markdown link
    to an address with a quote in it (``[}]("}(}")``), which is refused, as it
    should be: refusals are the next test's. This one shows that whatever is
    accepted comes out as text.
    """
    from privacy_notices.data.textcheck import check_markdown, check_plain

    try:
        check_plain(text)
        check_markdown(text)
    except ValueError:
        return False
    return True


ORIGINAL_INERT = INERT[: INERT.index("\n\n## Moved { #moved }\n\n")]
"""The pieces before the heading-like ones: what the refusal test puts before the markup it writes."""

any_text = st.lists(
    st.one_of(st.sampled_from(ORIGINAL_INERT), st.text(alphabet="ab &\"'#*_[]()!{}%", min_size=1, max_size=4)), min_size=1, max_size=5
).map(lambda parts: "T " + "".join(parts))
"""Text to write markup after: it starts with a letter so that it is never empty or a list item."""

inert_text = st.lists(
    st.one_of(st.sampled_from(INERT), st.text(alphabet="ab &\"'#*_[]()!{}%", min_size=1, max_size=4)), min_size=1, max_size=5
).map(lambda parts: "T " + "".join(parts)).filter(accepted)
"""A hostile text that validation accepts: it starts with a letter so that it is never empty or a list item."""

NAME_FIELDS = {
    "entity.yml": [("name",), ("address", "city"), ("supervisory_authority", "name"), ("supervisory_authority", "phones", 0, "number")],
    "support": [("cookies", 2, "name"), ("cookies", 1, "names", 0), ("cookies", 0, "provider"), ("processors", 0, "name")],
}
"""Proper names (not translated) in the fixture, besides every translatable text field."""


def text_locations() -> dict[str, list[tuple[tuple[str | int, ...], bool]]]:
    """Every text field of the fixture: file (relative to data/) → (location, is Markdown)."""
    from privacy_notices.data.walk import text_fields
    from privacy_notices.data.loader import load_project

    project, errors = load_project(FIXTURE)
    assert project is not None, errors.sorted()
    found: dict[str, list[tuple[tuple[str | int, ...], bool]]] = {"site.yml": [(loc, md) for loc, _, md in text_fields(project.site)]}
    for record in project.entities.values():
        rel = record.path.relative_to(FIXTURE).as_posix()
        found[rel] = [(loc, md) for loc, _, md in text_fields(record.data)] + [(loc, False) for loc in NAME_FIELDS["entity.yml"]]
        for series in record.notices.values():
            for version in series.versions:
                rel = version.path.relative_to(FIXTURE).as_posix()
                extra = NAME_FIELDS.get(series.id, [])
                found[rel] = [(loc, md) for loc, _, md in text_fields(version.data)] + [(loc, False) for loc in extra]
    return found


LOCATIONS = text_locations()
SLOTS = [(file, loc) for file, locs in LOCATIONS.items() for loc, _ in locs]


def _set(data: Any, loc: tuple[str | int, ...], value: str) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def write_data(target: Path, texts: dict[tuple[str, tuple[str | int, ...]], str], base_url: str | None = None) -> Path:
    """The fixture in ``target`` with Finnish and Swedish added and the given texts written into their fields.

    The entity publishes in English and Finnish only, so that the Swedish home page names it among
    those that do not publish in Swedish.
    """
    data = target / "data"
    shutil.copytree(FIXTURE, data)
    for file in LOCATIONS:
        path = data / file
        doc = yaml.safe_load(path.read_text("utf-8"))
        if file == "site.yml":
            doc["languages"] = ["en", "fi", "sv"]
            if base_url:
                doc["base_url"] = base_url
        if file.endswith("/entity.yml"):
            doc["languages"] = ["en", "fi"]
        for (f, loc), text in texts.items():
            if f == file:
                _set(doc, loc, text)
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    return data


def translate(data: Path, hostile: list[str], every: int = 2) -> None:
    """Create the Finnish catalogs and translate every other entry with a hostile text around the source.

    The source text is kept inside the translation, so that its links and
    Markdown structure stay as they are; untranslated entries fall back.
    """
    from babel.messages.pofile import read_po

    from privacy_notices.i18n.pofiles import write_catalog

    rc, out, err = run_cli("i18n", "update", "--data", str(data), cwd=data.parent)
    assert rc == 0, out + err
    for path in sorted((data / "locales" / "fi").glob("*.po")):
        catalog = read_po(path.open("rb"), locale="fi")
        for i, message in enumerate(m for m in catalog if m.id):
            if every and i % every == 0:
                # Without brackets, parentheses and backticks the added text cannot join or hide a link of the source.
                added = re.sub(r"[\[\]()`\n]", " ", hostile[i % len(hostile)])
                message.string = f"{added} {message.id}"
        write_catalog(path, catalog)


Outline = dict[str, list[tuple[str, str]]]
"""Page → its headings as (tag, anchor), in order: its sections as the templates write them."""


def outline(site: Path) -> Outline:
    """Every page's headings; the title's anchor, which MkDocs makes of its words, counts as none."""
    return {
        page.relative_to(site).as_posix(): [(tag, "" if tag == "h1" else anchor) for tag, anchor, _ in headings(page)]
        for page in sorted(site.rglob("*.html"))
    }


@functools.cache
def baseline() -> tuple[Inventory, Outline]:
    """The markup the templates write for this fixture with harmless text (every text translated, and none), and its headings."""
    found = Inventory()
    outlines = []
    for every in (1, 0):
        root = Path(tempfile.mkdtemp(prefix="baseline-"))
        texts = {slot: f"T Plain text {i}" for i, slot in enumerate(SLOTS)}
        data = write_data(root, texts, base_url="https://privacy.example.com/")
        translate(data, ["Harmless"], every=every)
        build = run_build(root, data=data, extra_env={"NOTICES_PREVIEW": "1"})
        assert build.returncode == 0, build.output
        one = inventory(build.site)
        found.markup |= one.markup
        found.schemes |= one.schemes
        outlines.append(outline(build.site))
        shutil.rmtree(root)
    assert ("html", "span", "lang") in found.markup and ("html", "div", "lang") in found.markup, "the baseline shows fallbacks"
    assert outlines[0] == outlines[1], "translations change no heading"
    return found, outlines[0]


MARKDOWN_MARKUP = {
    ("html", tag, attr)
    for tag, attrs in {
        "p": [""], "em": [""], "strong": [""], "code": [""], "br": [""], "ul": [""], "ol": ["", "start"], "li": [""],
        "blockquote": [""], "pre": [""], "hr": [""], "a": ["", "href", "title"],
    }.items()
    for attr in attrs
}
"""What Markdown in a Markdown field may legitimately produce (rendered by the generator, not written by hand): no
heading, as a page's headings are its sections."""


def unexpected(found: Inventory) -> list[str]:
    allowed = baseline()[0].markup | MARKDOWN_MARKUP | {("search", t, a) for _, t, a in MARKDOWN_MARKUP}
    problems = [f"{kind}: <{tag}{' ' + attr if attr else ''}>" for kind, tag, attr in sorted(found.markup - allowed)]
    problems += [f"{name}: URL scheme '{scheme}:'" for name, scheme in sorted(found.schemes) if scheme not in SAFE_SCHEMES]
    return problems + found.unparsable


# Shrinking is off: one build per example makes it take minutes, and the failing example is printed whole.
@settings(max_examples=25, derandomize=True, deadline=None, database=None, phases=[Phase.explicit, Phase.generate], suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(texts=st.lists(inert_text, min_size=len(SLOTS), max_size=len(SLOTS)), base=st.sampled_from(["https://privacy.example.com/", "https://a.example/x?q='1'&r=(2);/"]))
def test_hostile_text_in_every_field_stays_inert(texts: list[str], base: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    root = tmp_path_factory.mktemp("hostile")
    data = write_data(root, dict(zip(SLOTS, texts)), base_url=base)
    translate(data, texts)
    build: Build = run_build(root, data=data, extra_env={"NOTICES_PREVIEW": "1"})
    assert build.returncode == 0, build.output
    assert "Traceback" not in build.output
    problems = unexpected(inventory(build.site)) + linked_data_problems(build.site)
    assert not problems, "\n".join(problems)
    expected = baseline()[1]
    found = outline(build.site)
    assert found.keys() == expected.keys()
    moved = [f"{page}: {found[page]} instead of {expected[page]}" for page in expected if found[page] != expected[page]]
    assert not moved, "\n".join(moved)


@settings(max_examples=60, derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(slot=st.sampled_from(SLOTS), live=st.sampled_from(LIVE), before=any_text)
def test_markup_in_any_field_is_refused_with_its_position(slot: tuple[str, tuple[str | int, ...]], live: str, before: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    from privacy_notices.data.errors import format_where

    root = tmp_path_factory.mktemp("live")
    write_data(root, {slot: before + live})
    rc, out, err = run_cli("validate", cwd=root)
    assert rc == 1, out
    assert "Traceback" not in out + err
    file, loc = slot
    assert f"data/{file}:" in out
    line = next(line for line in out.splitlines() if line.startswith(f"data/{file}:"))
    _, line_number, column, rest = line.split(":", 3)
    assert int(line_number) > 0 and int(column) > 0
    assert rest.strip().startswith(format_where(loc) + ":"), line


def test_the_inventory_catches_what_escaping_would_let_through(tmp_path: Path) -> None:
    """The check itself: a page with one injected handler, element and scheme is caught on each count."""
    page = tmp_path / "site" / "index.html"
    page.parent.mkdir()
    page.write_text('<p title="x" onmouseover="alert(1)">a</p><iframe></iframe><svg onload="x"></svg><a href=" javascript:alert(1)">b</a>', "utf-8")
    problems = unexpected(inventory(tmp_path / "site"))
    assert any("onmouseover" in p for p in problems)
    assert any("<iframe>" in p for p in problems)
    assert any("<svg onload>" in p for p in problems)
    assert any("'javascript:'" in p for p in problems)


def test_the_json_ld_check_catches_a_script_a_text_could_end(tmp_path: Path) -> None:
    """The check itself: an embedded JSON-LD with a raw ``</script>`` in a text, or other than its file, is caught."""
    folder = tmp_path / "site" / "acme" / "privacy" / "2024-01-01"
    folder.mkdir(parents=True)
    (folder / "notice.jsonld").write_text('{"@id": "x", "dcterms:title": "a</script><svg onload=alert(1)>"}', "utf-8")
    (folder / "index.html").write_text('<script type="application/ld+json">{"@id": "x", "dcterms:title": "a</script><svg onload=alert(1)>"}</script>', "utf-8")
    assert any(p.startswith("acme/privacy/2024-01-01/index.html: ") for p in linked_data_problems(tmp_path / "site")), "the element ends early"
    (folder / "index.html").write_text('<script type="application/ld+json">{"@id": "x", "dcterms:title": "a\\u003c/script\\u003e"}</script>', "utf-8")
    assert any("not the version's notice.jsonld" in p for p in linked_data_problems(tmp_path / "site"))
