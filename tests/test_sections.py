"""A page's sections are the ones its template writes: no data value starts, moves, hides or renumbers one.

Values that look like structure (Markdown headings, heading ids, setext
underlines, code fences, escaped heading tags) are written into plain and
Markdown fields, into a translation and into the text a second version adds.
Every page of the site then has the same headings, with the same anchors and
numbers, in the same order, as the same site with plain text; the changes page
redlines the same sections; and the value is on the page as text.
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po, write_po

from conftest import run_build, run_cli
from htmlscan import headings, normalize, scan

STRUCTURE_LOOKING = [
    "## Moved { #moved }",
    "# Taken { #rights }",
    "## Moved {#contact}",
    "### Sub { #activity-customers }",
    "Underlined\n===",
    "Underlined too\n---",
    "```\n## Fenced { #fenced }\n```",
    "```",
    "~~~",
    "#1 priority",
]
"""Text that a regular expression over the rendered Markdown, or Markdown itself, would read as a heading, and lone
fences: MkDocs would read everything from one value's fence to the next one's as code, the headings between too."""


PLAIN = "Plain words"

TRANSLATED = {"name": "nimi\n\nVALUE\n\nloppu"}
"""A Finnish translation that holds the value where the English source does not; every other text is translated as itself."""


def _around(value: str) -> str:
    """The value on lines of its own, so that it starts a line as a heading would."""
    return f"Before\n\n{value}\n\nAfter"


def _version(title: str, text: str, category: str, changes: str | None = None) -> dict[str, object]:
    version: dict[str, object] = {
        "kind": "controller",
        "title": title,
        "intro": text,
        "activities": [
            {
                "id": "customers",
                "title": "Customers",
                "data_subjects": ["customers"],
                "purposes": ["Delivering orders.", text],
                "legal_bases": [{"basis": "contract"}],
                "data_categories": ["name", category],
                "retention": {"period": "P6Y"},
            }
        ],
        "security": text,
        "rights_how": text,
        "sections": [{"id": "extra", "title": "Extra", "body": text, "after": "intro"}],
        "layout": {"numbered": True, "order": ["rights", "extra", "activities", "dpo"]},
    }
    if changes is not None:
        version["changes"] = changes
    return version


def write_site(root: Path, value: str, translated: dict[str, str] = TRANSLATED) -> Path:
    """A site in English and Finnish whose texts all say ``value`` (around plain words), a translation too."""
    data = root / "data"
    notices = data / "entities/acme/notices/privacy"
    notices.mkdir(parents=True)
    text = _around(value)
    site = {"name": "Acme notices", "source_language": "en", "languages": ["en", "fi"], "description": text}
    entity = {
        "name": "Acme Oy", "address": {"city": "Oulu", "country": "FI"}, "contact": {"email": "privacy@acme.example"},
        "dpo": {"name": "Dana Officer", "email": "dpo@acme.example"}, "description": text,
    }
    files = {
        data / "site.yml": site,
        data / "entities/acme/entity.yml": entity,
        notices / "2024-01-01.yml": _version("Privacy notice", text, "address"),
        notices / "2025-01-01.yml": _version("Privacy notice", text, _around(value).replace("Before", "Added"), changes="We list one more category."),
    }
    for path, content in files.items():
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")
    rc, out, err = run_cli("i18n", "update", "--data", str(data), cwd=root)
    assert rc == 0, out + err
    for path in (data / "locales/fi").glob("*.po"):
        catalog = read_po(io.BytesIO(path.read_bytes()), locale="fi")
        for message in catalog:
            if message.id:
                message.string = translated.get(message.id, message.id).replace("VALUE", value) if value != PLAIN else message.id
        written = io.BytesIO()
        write_po(written, catalog, width=76)
        path.write_bytes(written.getvalue())
    return data


def _headings(site: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Every page's headings; the title's own id (made from its words) left out, the titles being the same."""
    return {p.relative_to(site).as_posix(): headings(p) for p in sorted(site.rglob("*.html"))}


Built = Callable[[str], tuple[Path, dict[str, list[tuple[str, str, str]]]]]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The site written by :func:`write_site` with a value, built once per value: its folder and every page's headings."""

    @functools.cache
    def build(value: str) -> tuple[Path, dict[str, list[tuple[str, str, str]]]]:
        root = tmp_path_factory.mktemp("sections")
        data = write_site(root, value)
        result = run_build(root, data=data, as_of="2025-06-01")
        assert result.returncode == 0, result.output
        return result.site, _headings(result.site)

    return build


EXPECTED = [
    ("h2", "rights", "1. Your rights"),
    ("h2", "section-extra", "2. Extra"),
    ("h2", "activities", "3. What data we process and why"),
    ("h3", "activity-customers", "Customers"),
    ("h2", "dpo", "4. Data protection officer"),
    ("h2", "controller", "Who is responsible for your data"),
    ("h2", "security", "How we protect the data"),
    ("h2", "authority", "Supervisory authority"),
    ("h2", "changes", "Changes to this notice"),
    ("h2", "contact", "Contact us"),
]
"""The notice's sections with plain text: numbered in the layout's order, the DPO made a section of its own; the
sections the layout does not name follow, unnumbered."""


@pytest.mark.parametrize("value", STRUCTURE_LOOKING)
def test_text_that_looks_like_structure_changes_no_heading_of_any_page(value: str, built: Built) -> None:
    _, plain = built(PLAIN)
    assert [h for h in plain["acme/privacy/index.html"] if h[0] != "h1"] == EXPECTED
    assert [h[1] for h in plain["acme/privacy/2025-01-01/changes/index.html"]][1:] == ["summary", "redline", "redline-activity-customers"]
    site, found = built(value)
    assert found.keys() == plain.keys()
    for page, expected in plain.items():
        assert found[page] == expected, page
    shown = normalize(scan(site / "acme/privacy/index.html").text)
    assert normalize(value) in shown, "the value is on the page as text"
    assert normalize(value) in normalize(scan(site / "acme/privacy/2025-01-01/changes/index.html").text), "and in the redline"
    finnish = normalize(scan(site / "fi/acme/privacy/index.html").text)
    assert f"nimi {normalize(value)} loppu" in finnish, "the translation holds the value as text"


def test_a_heading_like_line_in_a_markdown_translation_is_text(built: Built, tmp_path: Path) -> None:
    """A translator's line that Markdown would make a heading is neither refused nor a heading: the page shows it."""
    _, plain = built(PLAIN)
    root = tmp_path
    data = write_site(root, "Words", {"Delivering orders.": "Tilausten toimitus.\n\n## Siirretty { #moved }\n\nloppu"})
    build = run_build(root, data=data, as_of="2025-06-01")
    assert build.returncode == 0, build.output
    page = build.site / "fi/acme/privacy/index.html"
    assert headings(page) == plain["fi/acme/privacy/index.html"]
    assert "Tilausten toimitus. ## Siirretty { #moved } loppu" in normalize(scan(page).text)


def test_a_section_is_where_the_template_marks_it_whatever_the_rendered_text_holds(tmp_path: Path) -> None:
    """The renderer's own view: a value's heading-like lines stay in the body of the section they were written in."""
    import datetime

    from privacy_notices.checks.pipeline import load_and_check
    from privacy_notices.i18n.localize import Localizer
    from privacy_notices.site.render import Renderer
    from privacy_notices.site.theme import page_template_dirs
    from privacy_notices.site.views import plan_site

    data = write_site(tmp_path, STRUCTURE_LOOKING[0])
    as_of = datetime.date(2025, 6, 1)
    checked = load_and_check(data, as_of, None, today=as_of)
    assert checked.project is not None and checked.catalogs is not None, [e.format() for e in checked.errors.sorted()]
    renderer = Renderer(page_template_dirs(None), "en", checked.catalogs.ui("en"))
    localizer = Localizer(checked.catalogs, "en", "en", inline=renderer.fallback_inline, sources=checked.project.sources())
    spec = next(s for s in plan_site(checked.project, as_of, localizer) if s.uri == "acme/privacy/index.md")
    parts = renderer.outline(spec).parts
    assert [p.anchor for p in parts] == ["rights", "section-extra", "activities", "activity-customers", "dpo", "controller", "security", "authority", "changes", "contact"]
    assert "## Moved { #moved }" in next(p for p in parts if p.anchor == "activity-customers").body
    markdown = renderer.render(spec)
    assert "## 1\\. Your rights { #rights }" in markdown and "\n## Moved { #moved }\n" in markdown, "the value is text inside its section's HTML"
