"""Checks that keep user-supplied text data rather than markup.

Notice text is written by editors and translators, and shown to the public.
It may use Markdown for emphasis, lists and links, but never raw HTML, images
(which would load from another host) or links that run code.
"""

from __future__ import annotations

import functools

import re
import unicodedata
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
from babel import Locale

MARKDOWN_EXTENSIONS = ["sane_lists", "smarty"]
"""Extensions used for Markdown fields: the same list renders and checks them."""

_SAFE_SCHEMES = ("http", "https", "mailto")

_NOT_COUNTRIES = frozenset({"AC", "CP", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"})
"""CLDR regions with two-letter codes that are not ISO 3166-1 countries."""

_ENTITY = re.compile(r"^(?:&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)+$")
"""Character references: Python-Markdown stashes these beside raw HTML (smarty's quotes, one or several in a
row: ``"'`` becomes ``&rdquo;&rsquo;``), but they are text."""

_URL_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f\"<>\\^`{|}]")
"""What may never stand in a web address (RFC 3986 and 3987): spaces, control characters, quotes,
angle brackets, backslashes and braces. Letters such as ä are allowed, as browsers allow them."""


class _MarkupFinder(HTMLParser):
    """The standard library's HTML tokenizer, noting the first thing a browser would read as markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: str | None = None
        self._lone_lt = False

    def _hit(self, text: str) -> None:
        if self.found is None:
            self.found = text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hit(self.get_starttag_text() or f"<{tag}>")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hit(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        self._hit(f"</{tag}>")

    def handle_comment(self, data: str) -> None:
        self._hit("<!--")

    def handle_decl(self, decl: str) -> None:
        self._hit(f"<!{decl}>")

    def unknown_decl(self, data: str) -> None:
        self._hit(f"<![{data}]>")

    def handle_pi(self, data: str) -> None:
        self._hit(f"<?{data}>")

    def handle_data(self, data: str) -> None:
        # The tokenizer hands back an unfinished tag ("<img src=x onerror=…" with no ">")
        # as a lone "<" and the rest; a browser would still open a tag there.
        if self._lone_lt and data[:1] and (data[0].isascii() and data[0].isalpha() or data[0] in "/!?"):
            self._hit("<" + data)
        self._lone_lt = data == "<"


def find_html(text: str) -> str | None:
    """The first thing in ``text`` that a browser would parse as markup, if any.

    >>> find_html("Hello <script>alert(1)</script>")
    '<script>'
    >>> find_html("<svg/onload=alert(1)>")
    '<svg/onload=alert(1)>'
    >>> find_html("Unclosed <img src=x onerror=alert(1)")
    '<img src=x onerror=alert(1)'
    >>> find_html("a < b and c > d, 1 <2, x &lt;b&gt;") is None
    True
    >>> find_html("T &#<svg/onload=alert(1)>")
    '<svg/onload=alert(1)>'
    """
    if "<" not in text:
        return None
    finder = _MarkupFinder()
    # An unfinished character reference ("&#" before "<") makes the tokenizer wait for its end and then hand back
    # the rest as text, tags and all; a browser reads the tags. Ampersands never make markup, so none is fed.
    finder.feed(text.replace("&", "&amp;"))
    finder.close()
    return finder.found.replace("&amp;", "&") if finder.found else None


def check_plain(text: str) -> str:
    """Validate a plain-text field: nothing a browser would read as markup, no control characters."""
    check_characters(text)
    tag = find_html(text)
    if tag:
        raise ValueError(f"raw HTML is not allowed in notice text, found '{excerpt(tag)}'; write plain text")
    return text


def check_characters(text: str) -> str:
    """Refuse control characters other than newline and tab: they are invisible and break XML feeds.

    >>> check_characters("Line one\\nline two\\tend")[:8]
    'Line one'
    >>> check_characters("Title\\x0b")
    Traceback (most recent call last):
    ValueError: control character U+000B is not allowed in text (position 6); only newline and tab are
    """
    for i, char in enumerate(text):
        if char not in "\n\t" and (unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff"):
            raise ValueError(f"control character U+{ord(char):04X} is not allowed in text (position {i + 1}); only newline and tab are")
    return text


def check_url(url: str) -> str:
    """Validate a web address: absolute http(s), with only the characters a URI may contain.

    >>> check_url("https://example.com/privacy")
    'https://example.com/privacy'
    >>> check_url("javascript:alert(1)")
    Traceback (most recent call last):
    ValueError: expected a web address starting with https:// or http://, found 'javascript:alert(1)'
    >>> check_url('https://example.com/"><svg onload=alert(1)>')
    Traceback (most recent call last):
    ValueError: a web address may not contain spaces, quotes, '<', '>' or other characters outside RFC 3986; found 'https://example.com/"><svg onload=alert(1)>'
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"expected a web address starting with https:// or http://, found '{excerpt(url)}'")
    check_url_characters(url)
    return url


def check_url_characters(url: str) -> str:
    """Refuse what may never stand in a web address, so that it cannot leave an attribute or hide a tag."""
    if _URL_FORBIDDEN.search(url):
        raise ValueError(
            f"a web address may not contain spaces, quotes, '<', '>' or other characters outside RFC 3986; found '{excerpt(url)}'"
        )
    return url


class _LinkCollector(HTMLParser):
    """Collects link targets and images from rendered Markdown."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.images: list[str] = []
        self.blocks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a":
            self.hrefs.append(values.get("href") or "")
        elif tag == "img":
            self.images.append(values.get("src") or "")
        if tag in STRUCTURE_TAGS:
            self.blocks.append(tag)


STRUCTURE_TAGS = frozenset({"ul", "ol", "li", "blockquote", "pre", "hr", "table"})
"""Markdown structure a translation keeps: lists and their items, quotes, code blocks, rules (Markdown text makes no headings)."""


@cache
def _markdown() -> markdown.Markdown:
    """The renderer: raw HTML handling is switched off, so any "<" that gets past validation is shown as text.

    Headings are switched off too: a notice's headings are its sections, which
    the templates write, and a line such as ``#1 priority`` or one underlined
    with ``===`` is shown as written, never as a heading among the sections.

    >>> render_markdown("#1 priority\\n\\nTerms\\n===")
    '<p>#1 priority</p>\\n<p>Terms\\n===</p>'
    """
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.parser.blockprocessors.deregister("hashheader")
    md.parser.blockprocessors.deregister("setextheader")
    return md


@cache
def _markdown_probe() -> markdown.Markdown:
    """Python-Markdown as it would read the text with raw HTML allowed: what it stashes is raw HTML."""
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)


@functools.lru_cache(maxsize=65536)
def render_markdown(text: str) -> str:
    """Render a (checked) Markdown field to HTML.

    Cached: the same text (a purpose, a rights paragraph) recurs in every version and on many
    pages, and its HTML depends on the text alone.
    """
    md = _markdown()
    md.reset()
    return md.convert(text)


def find_raw_html(text: str) -> str | None:
    """The first raw HTML Python-Markdown would pass through from Markdown ``text``, if any.

    >>> find_raw_html("Write to <privacy@example.com> or see <https://example.com>; `<b>` is code.") is None
    True
    >>> find_raw_html('a < b, said "c"' + "'.") is None
    True
    >>> find_raw_html("Hi <svg/onload=alert(1)> there")
    '<svg/onload=alert(1)>'
    >>> find_raw_html("<div>block</div>")
    '<div>block</div>'
    >>> find_raw_html('T "<img src=x onerror=alert(1)')
    '<img src=x onerror=alert(1)'
    """
    if "<" not in text:
        return None
    md = _markdown_probe()
    md.reset()
    md.convert(text)
    for raw in md.htmlStash.rawHtmlBlocks:
        raw = str(raw).strip()
        if not _ENTITY.match(raw):
            return raw
    unfinished = _UNFINISHED_TAG.search(text)
    return unfinished.group() if unfinished else None


_UNFINISHED_TAG = re.compile(r"<[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>`]*)?$")
"""A tag left open at the end of a text ("… <img src=x onerror=alert(1)"): Python-Markdown passes it on as text,
but a page that put the text beside other markup would let the browser finish it."""


def link_targets(text: str) -> tuple[list[str], list[str]]:
    """Link targets and image sources that Markdown ``text`` would produce."""
    found = _collect(text)
    return found.hrefs, found.images


def structure(text: str) -> list[str]:
    """The block structure of Markdown ``text``: the tags of :data:`STRUCTURE_TAGS`, in order.

    >>> structure("Intro:\\n\\n- one\\n- two")
    ['ul', 'li', 'li']
    """
    return _collect(text).blocks


def _collect(text: str) -> _LinkCollector:
    collector = _LinkCollector()
    collector.feed(render_markdown(text))
    collector.close()
    return collector


def check_markdown(text: str) -> str:
    """Validate a Markdown field: no HTML, no images, links only to http(s), mailto or an anchor.

    >>> check_markdown("See [our policy](https://example.com) or [mail us](mailto:dpo@example.com).")[:3]
    'See'
    >>> check_markdown("[click](javascript:alert(1))")
    Traceback (most recent call last):
    ValueError: links must start with https://, http://, mailto: or notice:, found 'javascript:alert(1)'
    """
    check_characters(text)
    raw = find_raw_html(text)
    if raw:
        raise ValueError(f"raw HTML is not allowed in notice text, found '{excerpt(raw)}'; write plain text or Markdown")
    hrefs, images = link_targets(text)
    if images:
        raise ValueError(f"images are not allowed in notice text (they would load from another host), found '{excerpt(images[0])}'")
    for href in hrefs:
        check_url_characters(href)
        if href.startswith("#") and len(href) > 1:
            continue
        if href.startswith(NOTICE_LINK):
            if not NOTICE_REF.match(href[len(NOTICE_LINK) :]):
                raise ValueError(f"a link to a notice of this site is written notice:NOTICE or notice:ENTITY/NOTICE, found '{excerpt(href)}'")
            continue
        if urlsplit(href).scheme not in _SAFE_SCHEMES or href.startswith(("http:", "https:")) and not urlsplit(href).netloc:
            raise ValueError(f"links must start with https://, http://, mailto: or notice:, found '{excerpt(href)}'")
    return text


NOTICE_LINK = "notice:"
"""A Markdown link to another notice of this site: ``[our cookie policy](notice:cookies)``."""

NOTICE_REF = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?[a-z0-9]+(?:-[a-z0-9]+)*$")
"""``notice`` (of the same entity) or ``entity/notice``."""


def notice_links(text: str) -> list[str]:
    """The notices a Markdown text links to with ``notice:``.

    >>> notice_links("See [the cookie policy](notice:cookies) and [theirs](notice:pilvio/privacy).")
    ['cookies', 'pilvio/privacy']
    """
    if NOTICE_LINK not in text:
        return []
    return [href[len(NOTICE_LINK) :] for href in link_targets(text)[0] if href.startswith(NOTICE_LINK)]


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, as CLDR (through Babel) knows them."""
    # Babel types the keys as any CLDR key (str | int | None); the territories' are strings.
    return frozenset(c for c in Locale("en").territories if isinstance(c, str) and len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES)


def check_country(code: str) -> str:
    """Validate an ISO 3166-1 alpha-2 code.

    >>> check_country("FI")
    'FI'
    >>> check_country("UK")
    Traceback (most recent call last):
    ValueError: unknown country code 'UK'; use the ISO 3166 code 'GB' for the United Kingdom
    >>> check_country("EU")
    Traceback (most recent call last):
    ValueError: unknown country code 'EU': the EU/EEA is not a country; write the country where the data are, such as FI, IE or DE, or for a processor that the notice places only in the EU/EEA write 'region: eea' instead of 'country'; 'eea_only: true' says it for the whole notice
    """
    if code in country_codes():
        return code
    if code == "UK":
        raise ValueError("unknown country code 'UK'; use the ISO 3166 code 'GB' for the United Kingdom")
    if code.upper() in country_codes():
        raise ValueError(f"country codes are written in capitals: '{code.upper()}', found '{code}'")
    if code.upper() in ("EU", "EEA", "EU/EEA", "ETA", "EES"):
        raise ValueError(
            f"unknown country code '{code}': the EU/EEA is not a country; write the country where the data are, such as FI, IE or DE,"
            " or for a processor that the notice places only in the EU/EEA write 'region: eea' instead of 'country';"
            " 'eea_only: true' says it for the whole notice"
        )
    raise ValueError(f"unknown country code '{excerpt(code)}'; expected a two-letter ISO 3166 code such as FI, SE or US")


_DURATION = re.compile(r"^P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?=\d)(?:(\d+)H)?(?:(\d+)M)?)?$")
DURATION_UNITS = ("year", "month", "week", "day", "hour", "minute")
"""The units of an ISO 8601 duration, in the order the format writes them."""


def parse_duration(text: str) -> tuple[tuple[str, int], ...]:
    """Split an ISO 8601 duration into (unit, amount) pairs, dropping zero parts.

    >>> parse_duration("P24M")
    (('month', 24),)
    >>> parse_duration("P1Y6M")
    (('year', 1), ('month', 6))
    >>> parse_duration("PT30M")
    (('minute', 30),)
    >>> parse_duration("2 years")
    Traceback (most recent call last):
    ValueError: expected an ISO 8601 duration such as P6M (6 months), P2Y (2 years) or P30D (30 days), found '2 years'
    """
    match = _DURATION.match(text)
    if not match or text.endswith("T"):
        raise ValueError(
            "expected an ISO 8601 duration such as P6M (6 months), P2Y (2 years) or P30D (30 days), "
            f"found '{excerpt(text)}'"
        )
    return tuple((unit, int(n)) for unit, n in zip(DURATION_UNITS, match.groups()) if n and int(n))


def check_duration(text: str) -> str:
    """Validate an ISO 8601 duration (years, months, weeks, days, hours, minutes) longer than zero.

    >>> check_duration("P0Y")
    Traceback (most recent call last):
    ValueError: a duration of zero ('P0Y') says nothing; give the real period, or a rule in words
    """
    if not parse_duration(text):
        raise ValueError(f"a duration of zero ('{excerpt(text)}') says nothing; give the real period, or a rule in words")
    return text


_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Marks that reorder what follows them on a line: a message could be made to read as another."""


def one_line(text: str) -> str:
    """``text`` as one line of a terminal, a log or an editor's list of problems, whatever it holds.

    A message quotes titles, ids and file names from the data; a line break
    in one would start a line of its own, which an editor or CI would read as
    another error. Control characters (newline, carriage return, U+0085…),
    line and paragraph separators and bidirectional controls are shown
    escaped; everything else is left as it is.

    >>> print(one_line("Title\\ndata/x.yml:1:1: PN100 error: forged"))
    Title\\ndata/x.yml:1:1: PN100 error: forged
    >>> print(one_line("a\\u2028b\\x85c\\rd\\u202e ä"))
    a\\u2028b\\x85c\\rd\\u202e ä
    """
    if text.isprintable():
        return text
    return "".join(
        c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or c in _BIDI_CONTROLS else c
        for c in text
    )


def excerpt(text: str, limit: int = 60) -> str:
    """A short, printable excerpt of user text for an error message: invisible characters escaped.

    >>> excerpt("a\\x1b[31mred")
    'a\\\\x1b[31mred'
    >>> excerpt("x" * 100)[-3:]
    'xx…'
    """
    shown = "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii") for c in text[: limit * 2])
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"
