"""The site's URL scheme, in one place: where each page and file of a language lives, and the way back from a URL.

A page's language, entity, notice and version are known when it is planned
and travel with it (:class:`~privacy_notices.site.views.PageSpec`); nothing
reads them back out of a path. The only way back is :func:`language_of_url`,
for what an engine writes (search entries, sitemaps), which knows URLs alone.
"""

from __future__ import annotations

import datetime
import posixpath
from dataclasses import dataclass
from urllib.parse import quote, urljoin

from privacy_notices.data.addresses import DRAFTING_URI, HOME_URI

__all__ = ["DRAFTING_URI", "HOME_URI"]
"""Re-exported: the fixed addresses belong to the scheme too."""

FEED = "feed.xml"
"""A language's Atom feed, in its folder."""

EXPORT = "notice.json"
"""A version's machine-readable copy, beside its page."""

LINKED_DATA = "notice.jsonld"
"""The same version described in DPV terms (JSON-LD), beside its page."""

IN_FORCE = "in-force.json"
"""Which version is in force when: one for each notice beside its versions, one for each entity with all its notices."""


@dataclass(frozen=True)
class Place:
    """Where a page stands in the site, as its plan says: its language and what it shows.

    ``entity``, ``notice`` and ``version`` (an effective day) are None where the
    page shows no such thing: a home page, a hand-written page, the drafting page.
    """

    language: str
    entity: str | None = None
    notice: str | None = None
    version: datetime.date | None = None

    def data_key(self) -> tuple[str, ...]:
        """(), (entity,), (entity, notice) or (entity, notice, YYYY-MM-DD): the part of the data the page shows.

        >>> Place("fi", "acme", "privacy", datetime.date(2024, 1, 1)).data_key(), Place("en", "acme").data_key()
        (('acme', 'privacy', '2024-01-01'), ('acme',))
        """
        parts = (self.entity, self.notice, self.version.isoformat() if self.version else None)
        return tuple(part for part in parts[: parts.index(None) if None in parts else 3] if part is not None)


def language_prefix(language: str, source_language: str) -> str:
    """The folder a language's pages live in: none for the source language.

    >>> language_prefix("en", "en"), language_prefix("fi", "en")
    ('', 'fi/')
    """
    return "" if language == source_language else f"{language}/"


def entity_uri(entity: str, prefix: str = "") -> str:
    return f"{prefix}{entity}/index.md"


def notice_uri(entity: str, notice: str, prefix: str = "") -> str:
    """The stable address: always the version in force."""
    return f"{prefix}{entity}/{notice}/index.md"


def version_uri(entity: str, notice: str, effective: datetime.date, prefix: str = "") -> str:
    """The permanent address of one version."""
    return f"{prefix}{entity}/{notice}/{effective.isoformat()}/index.md"


def changes_uri(entity: str, notice: str, effective: datetime.date, prefix: str = "") -> str:
    """What a version changed from the one before it."""
    return f"{prefix}{entity}/{notice}/{effective.isoformat()}/changes/index.md"


def history_uri(entity: str, notice: str, prefix: str = "") -> str:
    """Every version of a notice."""
    return f"{prefix}{entity}/{notice}/history/index.md"


def export_uri(page_uri: str) -> str:
    """The ``notice.json`` beside a version's page.

    >>> export_uri("fi/acme/privacy/2024-01-01/index.md")
    'fi/acme/privacy/2024-01-01/notice.json'
    """
    return f"{posixpath.dirname(page_uri)}/{EXPORT}"


def linked_data_uri(page_uri: str) -> str:
    """The ``notice.jsonld`` beside a version's page.

    >>> linked_data_uri("fi/acme/privacy/2024-01-01/index.md")
    'fi/acme/privacy/2024-01-01/notice.jsonld'
    """
    return f"{posixpath.dirname(page_uri)}/{LINKED_DATA}"


def in_force_uri(entity: str, notice: str | None = None) -> str:
    """The index of versions in force, of one notice or of all an entity's: in no language's folder, as it lists them all.

    >>> in_force_uri("acme", "privacy"), in_force_uri("acme")
    ('acme/privacy/in-force.json', 'acme/in-force.json')
    """
    return f"{entity}/{notice}/{IN_FORCE}" if notice else f"{entity}/{IN_FORCE}"


def feed_uri(prefix: str) -> str:
    return prefix + FEED


def neutral(uri: str, prefix: str) -> str:
    """A page's address without its language folder (``prefix``, which the caller knows): the same in every language.

    >>> neutral("fi/acme/index.md", "fi/")
    'acme/index.md'
    """
    return uri[len(prefix) :] if uri.startswith(prefix) else uri


def page_url(uri: str, use_directory_urls: bool = True) -> str:
    """The URL, relative to the site's root, of the file written for ``uri`` (as MkDocs and Zensical write it).

    >>> page_url("index.md"), page_url("acme/index.md"), page_url("about.md"), page_url("about.md", False)
    ('./', 'acme/', 'about/', 'about.html')
    >>> page_url("fi/feed.xml")
    'fi/feed.xml'
    """
    dest = uri
    if uri.endswith(".md"):
        stem = posixpath.splitext(posixpath.basename(uri))[0]
        folder = posixpath.dirname(uri)
        if not use_directory_urls or stem in ("index", "README"):
            name = "index.html" if stem in ("index", "README") else f"{stem}.html"
            dest = posixpath.join(folder, name)
        else:
            dest = posixpath.join(folder, stem, "index.html")
    folder, name = posixpath.split(dest)
    if use_directory_urls and name == "index.html":
        dest = (folder or ".") + "/"
    return quote(dest)


def absolute(uri: str, site_url: str | None, use_directory_urls: bool = True) -> str:
    """The full address of a page or file: under ``site_url``, or from the root of the host without one.

    >>> absolute("fi/acme/index.md", "https://example.org/notices/"), absolute("feed.xml", None)
    ('https://example.org/notices/fi/acme/', '/feed.xml')
    """
    url = page_url(uri, use_directory_urls)
    return urljoin(site_url, url) if site_url else "/" + url


def language_of_url(location: str, languages: list[str]) -> str:
    """The language of a URL an engine wrote (a search entry's location): the folder it starts with, or the source's.

    ``languages`` is the site's, source language first.

    >>> language_of_url("fi/acme/#contact", ["en", "fi"]), language_of_url("acme/", ["en", "fi"]), language_of_url("fi", ["en", "fi"])
    ('fi', 'en', 'en')
    """
    first = location.split("/", 1)[0]
    return first if first in languages[1:] and "/" in location else languages[0]
