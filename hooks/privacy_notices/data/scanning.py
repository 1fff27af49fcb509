"""``scan:`` in entity.yml: which pages of the entity's website `notices scan` visits, and how consent is given there.

A scan compares what the site really stores and contacts with what the notices
in force declare; these settings say where to look and how a visitor accepts
or rejects, and name the companies behind the other hosts the pages contact.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field, WithJsonSchema, model_validator

from privacy_notices.data import textcheck
from privacy_notices.data.fields import Name, Strict


def _check_page(page: str) -> str:
    """A page of the site: a path from the site's address (``/services/``) or a whole address on the site's host.

    >>> _check_page("/contact/")
    '/contact/'
    >>> _check_page("contact")
    Traceback (most recent call last):
    ValueError: expected a path starting with / (such as /contact/) or an address starting with https://, found 'contact'
    """
    if page.startswith("/") and not page.startswith("//"):
        return textcheck.check_url_characters(page)
    if page.startswith(("https://", "http://")):
        return textcheck.check_url(page)
    raise ValueError(f"expected a path starting with / (such as /contact/) or an address starting with https://, found '{textcheck.excerpt(page)}'")


def _check_host(host: str) -> str:
    """A host name, or ``*.`` and a domain for all of its subdomains.

    >>> _check_host("*.northlight.example")
    '*.northlight.example'
    >>> _check_host("https://northlight.example/")
    Traceback (most recent call last):
    ValueError: expected a host name such as stats.example.com or *.example.com (lower case, no scheme, port or path), found 'https://northlight.example/'
    """
    name = host[2:] if host.startswith("*.") else host
    labels = name.split(".")
    if not name or any(not label or not all(c.isascii() and (c.isalnum() and not c.isupper() or c == "-") for c in label) for label in labels):
        raise ValueError(
            "expected a host name such as stats.example.com or *.example.com (lower case, no scheme, port or path), "
            f"found '{textcheck.excerpt(host)}'"
        )
    return host


def _check_cookie_token(value: str) -> str:
    """A cookie's name or value as a browser stores it: no spaces, separators or control characters.

    >>> _check_cookie_token("cookie_consent")
    'cookie_consent'
    >>> _check_cookie_token("a b")
    Traceback (most recent call last):
    ValueError: expected a cookie name or value without spaces, quotes, commas, semicolons or backslashes, found 'a b'
    """
    if not value or any(c in ' \t",;\\' or ord(c) < 0x21 or ord(c) == 0x7F for c in value):
        raise ValueError(f"expected a cookie name or value without spaces, quotes, commas, semicolons or backslashes, found '{textcheck.excerpt(value)}'")
    return value


Page = Annotated[str, AfterValidator(_check_page), WithJsonSchema({"type": "string", "pattern": "^(/(?!/)|https?://)"})]
Host = Annotated[str, AfterValidator(_check_host), WithJsonSchema({"type": "string", "pattern": r"^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$"})]
CookieToken = Annotated[str, AfterValidator(_check_cookie_token), WithJsonSchema({"type": "string", "pattern": r'^[^\s",;\\]+$'})]


class ConsentCookie(Strict):
    """The cookie a consent tool sets when the visitor chooses, set by the scan instead of a click."""

    name: CookieToken
    value: CookieToken


class ConsentStep(Strict):
    """How a visitor accepts or rejects on the site: a click, or the consent tool's cookie. Give exactly one."""

    click: Annotated[Name, Field(max_length=500)] | None = None
    """A CSS selector of the button to click on the first page, e.g. "#cookie-accept" or "button.reject-all"."""
    cookie: ConsentCookie | None = None
    """The cookie the consent tool sets for this choice, e.g. {name: cookie_consent, value: "all"}."""

    @model_validator(mode="after")
    def _one_way(self) -> ConsentStep:
        if (self.click is None) == (self.cookie is None):
            raise ValueError("give exactly one of 'click' (a CSS selector of the button) or 'cookie' (the consent tool's cookie)")
        return self


class Scan(Strict):
    """What `notices scan` visits on the entity's website (its `website`), and how consent is given there."""

    pages: Annotated[list[Page], Field(min_length=1, max_length=200)] = ["/"]
    """The pages to load, in order: paths from the website's address (/, /services/) or whole addresses on its host."""
    accept: ConsentStep | None = None
    """How a visitor accepts every cookie; the scan then records the site after accepting."""
    reject: ConsentStep | None = None
    """How a visitor rejects every optional cookie; the scan then records the site after rejecting."""
    hosts: dict[Host, Name] = {}
    """Other hosts the pages contact, each with the company behind it as the notices name it: a cookie's provider,
    a processor or a recipient, e.g. {"*.northlight.example": Northlight Analytics}."""
    first_party: list[Host] = []
    """Hosts of the site itself besides the website's own and its subdomains, e.g. static.example-cdn.com."""
    timeout: Annotated[int, Field(ge=1, le=600)] = 30
    """Seconds a page may take to load before the scan gives up on it."""
