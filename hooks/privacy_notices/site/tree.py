"""The whole site as the core makes it, for any engine: per language its pages, extra files, navigation and settings.

The MkDocs hooks feed this tree into MkDocs' files and navigation; ``notices
export-site`` writes it out as a plain folder that another engine builds
without hooks. So what a site holds is decided here once, and an engine only
turns Markdown into HTML.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from privacy_notices.data.project import NoticeVersion, Project
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.i18n.localize import Localized, Localizer
from privacy_notices.site import exports, inforce, jsonld
from privacy_notices.site.exports import SCHEMA_PATH
from privacy_notices.site.render import Renderer
from privacy_notices.data.addresses import DRAFTING_URI, HOME_URI
from privacy_notices.site.urls import Place, absolute, export_uri, feed_uri, language_prefix, linked_data_uri, neutral, notice_uri, version_uri
from privacy_notices.site.contexts import PageSpec
from privacy_notices.site.views import plan_site, summarize, timeline

HOME_TITLE = "Home"
"""The nav's first entry, translated by the interface catalog."""


@dataclass
class HandWritten:
    """A page of ``docs/`` and its translations (``about.fi.md``), each read only when a language needs it."""

    uri: str
    text: Callable[[], str]
    translations: dict[str, Callable[[], str]] = field(default_factory=dict)

    def text_in(self, language: str, source: str) -> str:
        """The page in ``language``: its own text, its translation, or the source text marked as a fallback."""
        if language == source:
            return self.text()
        if language in self.translations:
            return self.translations[language]()
        text = self.text()
        if text.startswith("---\n"):
            return "---\nnotices_fallback: true\n" + text[4:]
        return "---\nnotices_fallback: true\n---\n\n" + text


@dataclass
class TreePage:
    """One page of the site: where it is, what it shows, its Markdown and title, the day it last changed."""

    uri: str
    place: Place
    markdown: str | None = None
    """None for a page of the last build that a dirty build keeps as it was written."""
    title: Markup | None = None
    """The generated page's title, escaped; a hand-written page's comes from its own Markdown."""
    date: datetime.date | None = None
    """The newest day of the data the page shows that is not after the as-of day: the sitemap's."""
    in_nav: bool = False
    hand_written: HandWritten | None = None


@dataclass
class ExtraFile:
    """A file of the site that is not a page: a feed, a ``notice.json`` or ``notice.jsonld``, a schema; None for one the last build wrote."""

    uri: str
    content: str | None


@dataclass
class LanguageSite:
    """One language's part of the site, and the settings an engine builds it with."""

    language: str
    prefix: str
    site_name: str
    """The site's name in the language, plain text."""
    feed_url: str
    pages: list[TreePage] = field(default_factory=list)
    extras: list[ExtraFile] = field(default_factory=list)
    nav: list[Any] = field(default_factory=list)
    """As ``mkdocs.yml`` writes a nav: page addresses, and ``{title: entry}`` with plain titles."""

    @property
    def home(self) -> str:
        return self.prefix + HOME_URI


@dataclass
class SiteTree:
    """Every language's part, source language first; a page's counterparts in the others; the drafting banners."""

    source: str
    languages: list[LanguageSite]
    counterparts: dict[str, dict[str, str]] = field(default_factory=dict)
    """A page's address without its language folder → language → its address in that language."""
    lock_banners: dict[str, str] = field(default_factory=dict)
    """Page → the day its locked text was locked, for the drafting banner."""

    @property
    def codes(self) -> list[str]:
        """The languages' codes, source language first."""
        return [site.language for site in self.languages]

    def pages(self) -> dict[str, TreePage]:
        return {page.uri: page for site in self.languages for page in site.pages}

    def x_default(self, versions: dict[str, str]) -> str | None:
        """The language for readers of none of a page's: the site's source language, or the first the page exists in."""
        return self.source if self.source in versions else next((code for code in self.codes if code in versions), None)

    def alternates(self, site_url: str, use_directory_urls: bool = True) -> dict[str, list[tuple[str, str]]]:
        """Page address → ``(hreflang, address)`` of each of its languages and ``x-default``, for the sitemaps.

        Only pages that exist in more than one language have alternates. They are in the sitemaps
        rather than in each page's head, a method search engines document as equivalent: Material's
        script fetches a ``sitemap.xml`` beside every ``<link rel="alternate">`` of a page, and
        beside a page there is none.
        """
        result: dict[str, list[tuple[str, str]]] = {}
        for versions in self.counterparts.values():
            default = self.x_default(versions)
            if len(versions) < 2 or default is None:
                continue
            links = [(code, absolute(versions[code], site_url, use_directory_urls)) for code in self.codes if code in versions]
            links.append(("x-default", absolute(versions[default], site_url, use_directory_urls)))
            for _, url in links[:-1]:
                result[url] = links
        return result


class PageError(Exception):
    """A page's template failed; the cause says how, :attr:`uri` which page."""

    def __init__(self, uri: str) -> None:
        super().__init__(uri)
        self.uri = uri


Arrange = Callable[[list[PageSpec], str], Sequence[PageSpec | TreePage]]
"""A language's planned pages → the pages to render and the kept ones between them, in site order."""


class SiteBuilder:
    """Makes the :class:`SiteTree` of a project as of a day, with the site's page templates.

    ``render_only`` names the entities whose pages are rendered (a dirty
    build's), None for all; ``site_url`` the address feeds and exports name.
    """

    def __init__(
        self, project: Project, catalogs: Catalogs, as_of: datetime.date, templates: list[Path], *,
        site_url: str | None, use_directory_urls: bool = True, render_only: Collection[str] | None = None,
        changed_locks: Sequence[tuple[NoticeVersion, str, str]] = (),
    ) -> None:
        self.project, self.catalogs, self.as_of, self.templates = project, catalogs, as_of, templates
        self.site_url, self.use_directory_urls, self.render_only = site_url, use_directory_urls, render_only
        self.source = project.site.source_language
        self.lock_banners = self._lock_banners(changed_locks)
        self._dates: dict[tuple[str, ...], list[datetime.date]] | None = None

    def tree(self, hand_written: dict[str, HandWritten], user_nav: list[Any], arrange: Arrange | None = None) -> SiteTree:
        """Every language's pages, extra files and navigation."""
        tree = SiteTree(self.source, [], lock_banners=self.lock_banners)
        for language in self.project.site.all_languages:
            site = self.language(language, hand_written, arrange)
            site.nav = self.nav(language, user_nav or sorted(hand_written))
            tree.languages.append(site)
            for page in site.pages:
                tree.counterparts.setdefault(neutral(page.uri, site.prefix), {})[language] = page.uri
        return tree

    def language(self, language: str, hand_written: dict[str, HandWritten], arrange: Arrange | None = None) -> LanguageSite:
        """One language's pages (generated, then hand-written) and extra files."""
        renderer = Renderer(self.templates, language, self.catalogs.ui(language), use_directory_urls=self.use_directory_urls)
        localizer = Localizer(self.catalogs, language, self.source, inline=renderer.fallback_inline, sources=self.project.sources())
        prefix = language_prefix(language, self.source)
        site_name = str(localizer.text("site", self.project.site.name))
        site = LanguageSite(language, prefix, site_name, absolute(feed_uri(prefix), self.site_url, self.use_directory_urls))
        specs = plan_site(self.project, self.as_of, localizer, self.render_only)
        # Made before the pages, which embed each version's JSON-LD as its file has it.
        site.extras = self._feed_and_exports(renderer, localizer, site)
        for spec in arrange(specs, language) if arrange else specs:
            if isinstance(spec, TreePage):
                site.pages.append(dataclasses.replace(spec, date=self.page_date(spec.uri, spec.place)))
                continue
            try:
                markdown = renderer.render(spec)
            except Exception as exc:
                raise PageError(spec.uri) from exc
            title = renderer.titles[spec.uri]
            site.pages.append(TreePage(spec.uri, spec.place, markdown, title, self.page_date(spec.uri, spec.place), spec.template == "home.md.j2"))
        for uri, page in hand_written.items():
            place = Place(language)
            site.pages.append(TreePage(prefix + uri, place, None, None, self.page_date(prefix + uri, place), True, page))
        return site

    def page_date(self, uri: str, place: Place) -> datetime.date:
        """When a page last changed: the newest day of the data it shows that is not after the as-of day.

        The days come from an index made once per build (every version's effective and published days,
        by entity, notice and version), so that a page's date costs a look-up, not a scan of every version.
        The drafting page tells how things stand on the day of the build.
        """
        if neutral(uri, language_prefix(place.language, self.source)) == DRAFTING_URI:
            return self.as_of
        if self._dates is None:
            self._dates = {}
            for version in self.project.all_versions():
                days = [version.effective] + ([version.data.published] if version.data.published else [])
                for key in ((), (version.entity,), (version.entity, version.notice), (version.entity, version.notice, version.effective.isoformat())):
                    self._dates.setdefault(key, []).extend(days)
        dates = self._dates.get(place.data_key(), [])
        past = [d for d in dates if d <= self.as_of]
        return max(past) if past else min(dates, default=self.as_of)

    def nav(self, language: str, extra: list[Any]) -> list[Any]:
        """Home, then the hand-written pages; each entity's pages add its own section where the engine can."""
        prefix = language_prefix(language, self.source)
        gettext = self.catalogs.ui(language).gettext
        return [{gettext(HOME_TITLE): prefix + HOME_URI}] + [_prefixed(item, prefix, gettext) for item in extra]

    def _lock_banners(self, changed: Sequence[tuple[NoticeVersion, str, str]]) -> dict[str, str]:
        """The pages of a locked version whose text changed: its permanent page and, when it is shown there, the stable one."""
        banners = {}
        for version, language, locked_on in changed:
            prefix = language_prefix(language, self.source)
            series = self.project.entities[version.entity].notices[version.notice]
            banners[version_uri(version.entity, version.notice, version.effective, prefix)] = locked_on
            if summarize(series, self.as_of).shown.effective == version.effective:
                banners[notice_uri(version.entity, version.notice, prefix)] = locked_on
        return banners

    def _feed_and_exports(self, renderer: Renderer, localizer: Localizer, site: LanguageSite) -> list[ExtraFile]:
        """The language's Atom feed, a notice.json and notice.jsonld for every version (and, in the source language, the schema of notice.json).

        Each version's JSON-LD is left with the renderer too, which embeds it in the version's pages.
        """
        def url(uri: str) -> str:
            return absolute(uri, self.site_url, self.use_directory_urls)

        schema_url = url(SCHEMA_PATH)
        files: list[ExtraFile] = []
        entries = []
        for record in self.project.entities.values():
            if not self.project.publishes(record.id, site.language):
                continue
            for series in record.notices.values():
                infos = timeline(series, self.as_of, site.prefix, localizer)
                entity = localizer.model(record.data, record.id) if self.render_only is None or record.id in self.render_only else None
                for i, (version, info) in enumerate(zip(series.versions, infos)):
                    if entity is not None:
                        exported = exports.export(version, localizer, status=info.status, until=info.until, url=url(info.uri), schema_url=schema_url)
                        at = jsonld.Addresses(
                            page=url(info.uri), notice=url(notice_uri(record.id, series.id, site.prefix)), export=url(export_uri(info.uri)),
                            previous=url(infos[i - 1].uri) if i else None, next=url(infos[i + 1].uri) if i + 1 < len(infos) else None,
                        )
                        described = jsonld.describe(
                            entity, exported.localized, language=site.language, effective=version.effective, until=info.until, sha256=exported.sha256, at=at,
                        )
                        renderer.linked_data[info.uri] = described
                        files.append(ExtraFile(export_uri(info.uri), exported.text))
                        files.append(ExtraFile(linked_data_uri(info.uri), jsonld.text(described)))
                    else:
                        files.append(ExtraFile(export_uri(info.uri), None))
                        files.append(ExtraFile(linked_data_uri(info.uri), None))
                    # A feed is not a page: fallbacks go in as plain text, never with the page's marking.
                    summary = info.changes or localizer.text(record.id, version.data.title)
                    entries.append(
                        {
                            "entity": record.data.name,
                            "title": str(localizer.text(record.id, version.data.title)),
                            "effective": version.effective,
                            "published": (version.data.published or version.effective).isoformat() + "T00:00:00Z",
                            "status": info.status,
                            "summary": str(summary),
                            "summary_lang": summary.lang if isinstance(summary, Localized) and summary.fallback else None,
                            "url": url(info.uri),
                            "changes_url": url(info.changes_uri) if info.changes_uri else None,
                        }
                    )
        entries.sort(key=lambda e: (e["published"], e["url"]), reverse=True)
        feed = renderer.env.get_template("feed.xml.j2").render(
            entries=entries,
            site_name=site.site_name,
            feed_id=site.feed_url,
            self_url=site.feed_url,
            home_url=url(site.home),
            updated=entries[0]["published"] if entries else self.as_of.isoformat() + "T00:00:00Z",
        )
        files.append(ExtraFile(feed_uri(site.prefix), feed))
        if site.language == self.source:
            files.append(ExtraFile(SCHEMA_PATH, exports.schema_text()))
            files += self._in_force_files(url)
        return files

    def _in_force_files(self, url: Callable[[str], str]) -> list[ExtraFile]:
        """Every entity's and notice's in-force.json, and their schema: in no language's folder, so made once, with the source language's files."""
        files = [ExtraFile(inforce.SCHEMA_PATH, inforce.schema_text())]
        schema_url = url(inforce.SCHEMA_PATH)
        for entity in self.project.entities:
            if self.render_only is None or entity in self.render_only:
                files += [ExtraFile(uri, text) for uri, text in inforce.files(self.project, self.catalogs, entity, self.as_of, url, schema_url)]
            else:
                files += [ExtraFile(uri, None) for uri in inforce.uris(self.project, entity)]
        return files


def _prefixed(item: Any, prefix: str, gettext: Callable[[str], str]) -> Any:
    """A nav entry of ``mkdocs.yml`` for another language: same pages under the prefix, titles translated."""
    if isinstance(item, str):
        return item if "://" in item else prefix + item
    if isinstance(item, dict):
        return {gettext(title): _prefixed(value, prefix, gettext) for title, value in item.items()}
    if isinstance(item, list):
        return [_prefixed(i, prefix, gettext) for i in item]
    return item
