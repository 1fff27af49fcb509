"""The search index as Material's search reads it: every word of a page findable on its own."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

import pytest

from htmlscan import word_boundaries

LANGUAGES = ("", "fi/", "sv/")


def entries(site: Path, language: str) -> dict[Path, list[str]]:
    """Each page's entries in its language's index, as the words Material's search tokenizes.

    Material keeps a few block tags (p, li, …) in an entry's text and its tokenizer splits at every tag,
    so a tag counts as a space; any other element is dropped from the text, leaving nothing between words.
    """
    index = json.loads((site / language / "search" / "search_index.json").read_text("utf-8"))
    pages: dict[Path, list[str]] = {}
    for doc in index["docs"]:
        page = site / language / doc["location"].split("#")[0] / "index.html"
        pages.setdefault(page, []).append(re.sub(r"<[^>]*>", " ", doc["title"] + " " + doc["text"]))
    return pages


@pytest.mark.parametrize("language", LANGUAGES, ids=["en", "fi", "sv"])
def test_no_search_entry_runs_words_together_across_a_break(site: Path, language: str) -> None:
    # The page shows "…@arctic-code.example" and "Phone: …" on two lines; an index entry reading
    # "…@arctic-code.examplePhone" finds neither "phone" nor the address.
    pages = entries(site, language)
    assert len(pages) > 20
    checked = 0
    joined = []
    for page, texts in pages.items():
        assert page.is_file(), page
        for before, after in word_boundaries(page):
            checked += 1
            run_together = escape(before + after, quote=False)
            joined += [f"{page.relative_to(site)}: {before!r} + {after!r}" for text in texts if run_together in text]
    assert checked > 100, "the pages have breaks between texts (list items, paragraphs) to check"
    assert not joined, "\n".join(sorted(set(joined))[:20])


def test_contact_lines_are_words_of_their_own(site: Path) -> None:
    pages = entries(site, "")
    contact = " ".join(pages[site / "arctic-code/privacy/index.html"])
    assert "privacy@arctic-code.example Phone:" in " ".join(contact.split())
