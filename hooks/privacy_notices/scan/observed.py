"""What a scan asks the browser to do and what it brings back: plain data, no browser in sight.

The plan is made from ``entity.yml`` (its ``website`` and ``scan`` settings) and
the command line; the record is what :func:`privacy_notices.scan.browser.visit`
saw in each phase. Reconciling the two with the notices needs neither Playwright
nor a network, so it is tested on records written by hand as well as on real visits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

PhaseName = Literal["before_consent", "after_accepting", "after_rejecting"]
"""The three states of a fresh browser profile a scan records, in the order it records them."""

PHASE_WORDS: dict[PhaseName, str] = {
    "before_consent": "before consent",
    "after_accepting": "after accepting",
    "after_rejecting": "after rejecting",
}


@dataclass(frozen=True)
class ConsentAction:
    """How a visitor gives (or refuses) consent on the site: exactly one of a click or a consent cookie."""

    click: str | None = None
    """A CSS selector of the button to click on the first page, e.g. ``#accept-all``."""
    cookie: tuple[str, str] | None = None
    """A cookie (name, value) set on the site's host before the first page is loaded, as the consent tool would set it."""


@dataclass(frozen=True)
class ScanPlan:
    """What to visit and how."""

    base: str
    """The site's address the pages are on (its ``website``, or ``--url``), e.g. ``https://www.example.com/``."""
    pages: tuple[str, ...]
    """Absolute addresses of the pages to load, in order, every one on ``base``'s host."""
    first_party: tuple[str, ...] = ()
    """Host names that belong to the site besides ``base``'s own (and its subdomains), e.g. ``static.example.com``."""
    accept: ConsentAction | None = None
    reject: ConsentAction | None = None
    timeout: float = 30.0
    """Seconds a page may take to load before the scan gives up on it."""
    resolve: tuple[tuple[str, str], ...] = ()
    """(host, address) pairs the browser resolves without DNS, like curl's --resolve (a staging server, a test)."""
    browser: str | None = None
    """The Chromium executable; None for Debian's /usr/bin/chromium (or $NOTICES_CHROMIUM)."""


@dataclass(frozen=True)
class SeenCookie:
    """A cookie found in the browser's jar after a page of a phase was loaded."""

    name: str
    domain: str
    """As the jar holds it: ``.example.com`` for a domain cookie, ``www.example.com`` for a host-only one."""
    path: str
    expires: float | None
    """Unix time it expires; None for a session cookie."""
    seen_at: float
    """Unix time it was first found in this phase (its lifetime is measured from here)."""
    page: str
    """The page after whose loading it was first found."""
    third_party: bool
    """Its domain is not the site's (nor one of ``first_party``)."""


@dataclass(frozen=True)
class SeenStorage:
    """A key in a page's local or session storage."""

    kind: Literal["local_storage", "session_storage"]
    key: str
    origin: str
    """The origin of the frame whose storage holds it, e.g. ``https://www.example.com``."""
    page: str
    third_party: bool


@dataclass(frozen=True)
class SeenHost:
    """A host the browser sent a request to while loading the pages of a phase."""

    host: str
    """Lower-case host name (or IP address), without port."""
    url: str
    """The first address requested there (query and fragment removed)."""
    page: str
    third_party: bool


@dataclass
class PhaseRecord:
    """Everything one phase stored and contacted: each cookie, storage key and host once, first sighting kept."""

    name: PhaseName
    cookies: list[SeenCookie] = field(default_factory=list)
    storage: list[SeenStorage] = field(default_factory=list)
    hosts: list[SeenHost] = field(default_factory=list)


@dataclass
class Observation:
    """A whole scan: the plan's base, when it started, and each phase it could record."""

    base: str
    started: float
    """Unix time."""
    phases: list[PhaseRecord]


class ScanFailed(Exception):
    """The site could not be scanned as planned: unreachable, a TLS error, a timeout, a redirect off the site,
    a consent button that is not there. The message says which page and what happened, in plain words."""

    def __init__(self, url: str, message: str) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.message = message


def host_of(url: str) -> str:
    """The lower-case host of an address, without port.

    >>> host_of("https://WWW.Example.com:8443/a?b")
    'www.example.com'
    """
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").lower()


def is_first_party(host: str, plan: ScanPlan) -> bool:
    """Whether a host (or a cookie's domain) is the site's own: its host, a subdomain of it (without a leading
    ``www.``), the domain a ``www.`` host is under, or one of the plan's ``first_party`` hosts and their subdomains.

    >>> plan = ScanPlan("https://www.example.com/", ("https://www.example.com/",), first_party=("cdn.example.net",))
    >>> [is_first_party(h, plan) for h in ("www.example.com", ".example.com", "shop.example.com", "img.cdn.example.net", "example.org", "badexample.com")]
    [True, True, True, True, False, False]
    """
    host = host.lstrip(".").lower()
    for own in (host_of(plan.base), *(h.lower() for h in plan.first_party)):
        root = own[4:] if own.startswith("www.") else own
        if host in (own, root) or host.endswith("." + root):
            return True
    return False
