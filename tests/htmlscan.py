"""A small reader for built pages: elements with attributes, ids, tables and visible text."""

from __future__ import annotations

import html
import re
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


URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "poster", "data", "srcset", "xlink:href", "cite", "background"})
"""Attributes a browser follows as a URL."""

SAFE_SCHEMES = frozenset({"", "http", "https", "mailto"})


@dataclass
class Inventory:
    """What markup a set of built files contains: (kind, tag, attribute) triples and URL schemes."""

    markup: set[tuple[str, str, str]] = field(default_factory=set)
    schemes: set[tuple[str, str]] = field(default_factory=set)
    """(file, scheme) of every URL attribute."""
    unparsable: list[str] = field(default_factory=list)

    def add_html(self, kind: str, source: str, name: str) -> None:
        collector = _MarkupCollector()
        collector.feed(source)
        collector.close()
        for tag, attrs in collector.elements:
            self.markup.add((kind, tag, ""))
            for attr, value in attrs:
                self.markup.add((kind, tag, attr))
                if attr in URL_ATTRIBUTES:
                    self.schemes.add((name, url_scheme(value or "")))


class _MarkupCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))


def url_scheme(url: str) -> str:
    """The scheme a browser would see: leading spaces and control characters are dropped first.

    >>> url_scheme(" \\tJavaScript:alert(1)"), url_scheme("../x/"), url_scheme("https://a.example")
    ('javascript', '', 'https')
    """
    stripped = "".join(c for c in url if c.isprintable()).strip().replace("\t", "")
    head, colon, _ = stripped.partition(":")
    if not colon or "/" in head or "?" in head or "#" in head:
        return ""
    return head.lower()


def inventory(site: Path) -> Inventory:
    """Every element, attribute and URL scheme of a built site: pages, feeds, sitemaps and the search index."""
    import json
    from xml.etree import ElementTree

    found = Inventory()
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            found.add_html("html", path.read_text("utf-8"), name)
        elif path.suffix == ".xml":
            try:
                root = ElementTree.parse(path).getroot()
            except ElementTree.ParseError as exc:
                found.unparsable.append(f"{name}: {exc}")
                continue
            for element in root.iter():
                found.markup.add(("xml", element.tag, ""))
                for attr, value in element.attrib.items():
                    found.markup.add(("xml", element.tag, attr))
                    if attr == "href":
                        found.schemes.add((name, url_scheme(value)))
        elif path.suffix == ".json":
            try:
                data = json.loads(path.read_text("utf-8"))
            except ValueError as exc:
                found.unparsable.append(f"{name}: {exc}")
                continue
            if path.name == "search_index.json":
                # Material's search shows titles and texts as HTML.
                for doc in data["docs"]:
                    found.add_html("search", doc.get("title", ""), name)
                    found.add_html("search", doc.get("text", ""), name)
    return found


HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


class _HeadingReader(HTMLParser):
    """The headings of a page's article, with their ids and text, in document order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []
        self.article = False
        self.open: tuple[str, str, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.article = self.article or tag == "article"
        if self.article and tag in HEADINGS:
            self.open = (tag, dict(attrs).get("id") or "", [])

    def handle_endtag(self, tag: str) -> None:
        if self.open is not None and tag == self.open[0]:
            text = " ".join("".join(self.open[2]).split()).removesuffix("¶").strip()
            self.found.append((self.open[0], self.open[1], text))
            self.open = None
        self.article = self.article and tag != "article"

    def handle_data(self, data: str) -> None:
        if self.open is not None:
            self.open[2].append(data)


def headings(path: Path) -> list[tuple[str, str, str]]:
    """(tag, id, text) of every heading in a built page's content, in order: the page's sections as a reader meets them."""
    reader = _HeadingReader()
    reader.feed(path.read_text("utf-8"))
    reader.close()
    return reader.found


BREAKS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "div", "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"}
)
"""Elements whose start or end a reader sees as a break between words: blocks, table cells and ``<br>``."""


class _BoundaryReader(HTMLParser):
    """Texts of a page's article that meet at a break with no white space on either side."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.article = False
        self.skip = 0
        self.last = ""
        self.broken = False
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.article = self.article or tag == "article"
        self.skip += tag in ("script", "style")
        self.broken = self.broken or tag in BREAKS

    def handle_endtag(self, tag: str) -> None:
        self.article = self.article and tag != "article"
        self.skip -= tag in ("script", "style") and self.skip > 0
        self.broken = self.broken or tag in BREAKS

    def handle_data(self, data: str) -> None:
        if not self.article or self.skip or not data:
            return
        if data.isspace():
            self.last = data
        else:
            if self.broken and self.last and not self.last[-1].isspace() and not data[0].isspace():
                self.found.append((self.last.split()[-1], data.split()[0]))
            self.last = data
        self.broken = False


def word_boundaries(path: Path) -> list[tuple[str, str]]:
    """(word before, word after) of every break in a built page's article that its markup leaves without white space.

    A browser shows such a break as one (a line, a cell, a block), but a reader of the bare text runs the two
    words together: Material's search index, which keeps no tag but a few block tags, reads "a<br>b" as "ab".
    """
    reader = _BoundaryReader()
    reader.feed(path.read_text("utf-8"))
    reader.close()
    return reader.found


def sitemap_alternates(path: Path) -> dict[str, dict[str, str]]:
    """A sitemap's pages → hreflang → address, from its ``<xhtml:link rel="alternate">``."""
    from xml.etree import ElementTree

    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ElementTree.parse(path).getroot()
    return {
        (url.findtext("s:loc", namespaces=ns) or "").strip(): {link.get("hreflang", ""): link.get("href", "") for link in url.findall("x:link", ns) if link.get("rel") == "alternate"}
        for url in root.findall("s:url", ns)
    }


LINKED_DATA = re.compile(r'<script type="application/ld\+json">(.*?)</script', re.S | re.I)
"""A JSON-LD script element of a page, as a browser reads it: its content ends at the first ``</script``, whatever it is inside."""


def linked_data(path: Path) -> list[str]:
    """The raw content of every JSON-LD script element of a built page, in order."""
    return LINKED_DATA.findall(path.read_text("utf-8"))


def linked_data_problems(site: Path) -> list[str]:
    """What is wrong with the JSON-LD of a built site: a ``notice.jsonld`` that is not JSON, or a version's page (or the
    stable page showing it) whose embedded JSON-LD is missing, holds a raw ``<``, ``>`` or ``&`` (text that could end the
    element or read as markup), or says other than the file."""
    import json

    problems = []
    files = {}
    for path in sorted(site.rglob("notice.jsonld")):
        name = path.relative_to(site).as_posix()
        try:
            files[name] = json.loads(path.read_text("utf-8"))
        except ValueError as exc:
            problems.append(f"{name}: {exc}")
    by_id = {document["@id"]: document for document in files.values() if isinstance(document, dict)}
    for name in files:
        if not (site / name).with_name("index.html").exists():
            problems.append(f"{name}: no page beside it")
    for page in sorted(site.rglob("index.html")):
        name = page.relative_to(site).as_posix()
        scripts = linked_data(page)
        if page.with_name("notice.jsonld").exists() and len(scripts) != 1:
            problems.append(f"{name}: {len(scripts)} JSON-LD elements, not one")
        for raw in scripts:
            if set(raw) & set("<>&"):
                problems.append(f"{name}: the JSON-LD holds a raw <, > or &")
                continue
            try:
                embedded = json.loads(raw)
            except ValueError as exc:
                problems.append(f"{name}: {exc}")
                continue
            beside = page.with_name("notice.jsonld")
            expected = files.get(beside.relative_to(site).as_posix()) if beside.exists() else by_id.get(embedded.get("@id"))
            if embedded != expected:
                problems.append(f"{name}: the embedded JSON-LD is not the version's notice.jsonld")
    return problems
