"""Checks that keep user-supplied text data rather than markup.

Notice text is written by editors and translators, and shown to the public.
It may use Markdown for emphasis, lists and links, but never raw HTML, images
(which would load from another host) or links that run code.
"""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import markdown
from babel import Locale

MARKDOWN_EXTENSIONS = ["sane_lists", "smarty"]
"""Extensions used for Markdown fields: the same list renders and checks them."""

_HTML = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--|<\?|<![A-Za-z\[]")
"""What a browser would parse as a tag, comment or declaration: "<" directly followed by a name."""
_SAFE_SCHEMES = ("http", "https", "mailto")

_NOT_COUNTRIES = frozenset({"AC", "CP", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"})
"""CLDR regions with two-letter codes that are not ISO 3166-1 countries."""


def find_html(text: str) -> str | None:
    """The first raw HTML tag in ``text``, if any.

    >>> find_html("Write to <privacy@example.com> or see <https://example.com>.") is None
    True
    >>> find_html("Hello <script>alert(1)</script>")
    '<script>'
    >>> find_html("a < b and c > d") is None
    True
    """
    match = _HTML.search(text)
    return match.group(0) if match else None


def check_plain(text: str) -> str:
    """Validate a plain-text field: no HTML. Raise ValueError with a plain message."""
    tag = find_html(text)
    if tag:
        raise ValueError(f"raw HTML is not allowed in notice text, found '{_short(tag)}'; write plain text")
    return text


def check_url(url: str) -> str:
    """Validate a web address: absolute http(s) only.

    >>> check_url("https://example.com/privacy")
    'https://example.com/privacy'
    >>> check_url("javascript:alert(1)")
    Traceback (most recent call last):
    ValueError: expected a web address starting with https:// or http://, found 'javascript:alert(1)'
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in url):
        raise ValueError(f"expected a web address starting with https:// or http://, found '{_short(url)}'")
    return url


class _LinkCollector(HTMLParser):
    """Collects link targets and images from rendered Markdown."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.images: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a":
            self.hrefs.append(values.get("href") or "")
        elif tag == "img":
            self.images.append(values.get("src") or "")


@cache
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)


def render_markdown(text: str) -> str:
    """Render a (checked) Markdown field to HTML."""
    md = _markdown()
    md.reset()
    return md.convert(text)


def link_targets(text: str) -> tuple[list[str], list[str]]:
    """Link targets and image sources that Markdown ``text`` would produce."""
    if "[" not in text and "<" not in text:
        return [], []
    collector = _LinkCollector()
    collector.feed(render_markdown(text))
    return collector.hrefs, collector.images


def check_markdown(text: str) -> str:
    """Validate a Markdown field: no HTML, no images, links only to http(s), mailto or an anchor.

    >>> check_markdown("See [our policy](https://example.com) or [mail us](mailto:dpo@example.com).")[:3]
    'See'
    >>> check_markdown("[click](javascript:alert(1))")
    Traceback (most recent call last):
    ValueError: links must start with https://, http:// or mailto:, found 'javascript:alert(1)'
    """
    check_plain(text)
    hrefs, images = link_targets(text)
    if images:
        raise ValueError(f"images are not allowed in notice text (they would load from another host), found '{_short(images[0])}'")
    for href in hrefs:
        if href.startswith("#") and len(href) > 1:
            continue
        if urlsplit(href).scheme not in _SAFE_SCHEMES or href.startswith(("http:", "https:")) and not urlsplit(href).netloc:
            raise ValueError(f"links must start with https://, http:// or mailto:, found '{_short(href)}'")
    return text


@cache
def country_codes() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes, as CLDR (through Babel) knows them."""
    return frozenset(c for c in Locale("en").territories if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES)


def check_country(code: str) -> str:
    """Validate an ISO 3166-1 alpha-2 code.

    >>> check_country("FI")
    'FI'
    >>> check_country("UK")
    Traceback (most recent call last):
    ValueError: unknown country code 'UK'; use the ISO 3166 code 'GB' for the United Kingdom
    """
    if code in country_codes():
        return code
    if code == "UK":
        raise ValueError("unknown country code 'UK'; use the ISO 3166 code 'GB' for the United Kingdom")
    if code.upper() in country_codes():
        raise ValueError(f"country codes are written in capitals: '{code.upper()}', found '{code}'")
    raise ValueError(f"unknown country code '{_short(code)}'; expected a two-letter ISO 3166 code such as FI, SE or US")


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
            f"found '{_short(text)}'"
        )
    return tuple((unit, int(n)) for unit, n in zip(DURATION_UNITS, match.groups()) if n and int(n))


def check_duration(text: str) -> str:
    """Validate an ISO 8601 duration (years, months, weeks, days, hours, minutes)."""
    parse_duration(text)
    return text


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
