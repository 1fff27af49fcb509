"""A small reader for built pages: elements with attributes, ids, tables and visible text."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Table:
    captions: int = 0
    header_cells: int = 0
    rows: int = 0


@dataclass
class Page:
    path: Path
    elements: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    tables: list[Table] = field(default_factory=list)
    text: str = ""

    def attrs(self, tag: str, attr: str) -> list[str]:
        return [a[attr] for t, a in self.elements if t == tag and attr in a]


class _Scanner(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.open_tables: list[Table] = []
        self.skip = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.page.elements.append((tag, values))
        if "id" in values:
            self.page.ids.add(values["id"])
        if tag == "a" and "name" in values:
            self.page.ids.add(values["name"])
        if tag == "table":
            self.open_tables.append(Table())
        elif self.open_tables and tag == "caption":
            self.open_tables[-1].captions += 1
        elif self.open_tables and tag == "th":
            self.open_tables[-1].header_cells += 1
        elif self.open_tables and tag == "tr":
            self.open_tables[-1].rows += 1
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.open_tables:
            self.page.tables.append(self.open_tables.pop())
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.chunks.append(data)


def scan(path: Path) -> Page:
    page = Page(path)
    scanner = _Scanner(page)
    scanner.feed(path.read_text("utf-8"))
    page.text = " ".join(" ".join(scanner.chunks).split())
    return page


def normalize(text: str) -> str:
    """Collapse white space and undo HTML escapes, to compare data values with page text."""
    return " ".join(html.unescape(text).split())
