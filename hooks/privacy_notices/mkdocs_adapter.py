"""The one module that knows MkDocs: it feeds validated data and rendered pages into a build.

``on_config`` loads and checks everything (data, translations, required
languages) before MkDocs touches the site folder, so bad input aborts the
build with the full list of errors and leaves the previous site as it was.
``on_files`` adds every page once per language; the source language sits at
the root and every other language under its code. ``on_page_context`` gives
each page its language: Material's interface, navigation, language selector
and search index follow it.
"""

from __future__ import annotations

import datetime
import functools
import json
import logging
import os
import posixpath
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin
from xml.etree import ElementTree

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, get_relative_url

from .asof import AsOfError, as_of_date
from .errors import ErrorLog
from . import compliance, exports
from .exports import SCHEMA_PATH
from .checks import Checked, load_and_check
from .modes import DRAFTING_URI, Mode, ModeError, Preview, build_mode, describe, preview
from .i18n import FALLBACK_PAGE_NOTE, Catalogs, status
from .loader import NoticeVersion, Project
from .textcheck import check_url
from .localize import Localized, Localizer
from .render import Renderer, language_name
from .views import HOME_URI, PageSpec, entity_uri, language_prefix, notice_uri, plan_site, summarize, timeline, version_uri

log = logging.getLogger("mkdocs.hooks.notices")

PROGRESS_AFTER = 3.0
"""Seconds a build runs before a terminal shows its progress: short builds stay quiet."""
T = TypeVar("T")


def data_dir(config: MkDocsConfig) -> Path:
    """The data folder: ``NOTICES_DATA`` if set, else ``data/`` beside ``mkdocs.yml``."""
    configured = os.environ.get("NOTICES_DATA")
    if configured:
        return Path(configured).resolve()
    return Path(config.config_file_path or ".").resolve().parent / "data"


def report(errors: ErrorLog, base: Path) -> str:
    """Log every error and return the one-line summary."""
    for error in errors.sorted():
        log.error(error.format(base))
    return f"{errors.summary()}; the site was not built"


def for_theme(text: str) -> Markup:
    """Text handed to Material's templates, which print it without escaping: escaped here, once.

    ``Markup`` is never escaped twice, so Material's own ``| e`` leaves it alone.

    >>> print(for_theme('Acme" onmouseover="x <b>'))
    Acme&#34; onmouseover=&#34;x &lt;b&gt;
    """
    return escape(str(text))


def bug(event: str, exc: BaseException) -> Abort:
    """An unexpected error: one line that says it is a bug, not a traceback (``NOTICES_DEBUG=1`` shows it)."""
    return Abort(
        f"internal error in the notices hooks during {event} ({type(exc).__name__}: {exc}); this is a bug in the "
        "generator, not in your data: please report it with this line (NOTICES_DEBUG=1 shows the traceback)"
    )


def guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Turn any unexpected exception of a hook event into :func:`bug`'s one-line message."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return method(*args, **kwargs)
        except Abort:
            raise
        except Exception as exc:
            if os.environ.get("NOTICES_DEBUG"):
                raise
            raise bug(method.__name__, exc) from None

    return wrapper


@dataclass
class NoticesAdapter:
    """State shared between the hook events of one build."""

    project: Project | None = None
    catalogs: Catalogs | None = None
    as_of: datetime.date | None = None
    languages: list[str] = field(default_factory=list)
    source: str = "en"
    counterparts: dict[str, dict[str, str]] = field(default_factory=dict)
    """Source-language URI without prefix → language → the page's URI in that language."""
    nav_specs: dict[str, list[Any]] = field(default_factory=dict)
    navs: dict[str, Navigation] = field(default_factory=dict)
    entity_navs: dict[tuple[str, str], Navigation] = field(default_factory=dict)
    """(language, entity) → the sidebar of that entity's pages."""
    site_names: dict[str, str] = field(default_factory=dict)
    feeds: dict[str, str] = field(default_factory=dict)
    page_dates: dict[str, datetime.date] = field(default_factory=dict)
    """Generated page → the date that page last changed, for the sitemap."""
    hand_alternates: list[Any] = field(default_factory=list)
    titles: dict[str, Markup] = field(default_factory=dict)
    """Generated page → its title, escaped for the theme."""
    homes: set[str] = field(default_factory=set)
    """The home page of each language, whose browser title is the site's name alone."""
    command: str | None = None
    """The MkDocs command running: ``serve``, ``build`` or ``gh-deploy``."""
    mode: Mode = "publish"
    preview: Preview | None = None
    """Set for a preview build: a banner and noindex on every page, and a robots.txt that disallows everything."""
    last_good: Checked | None = None
    """The last data that loaded without errors, kept across rebuilds while serving."""
    data_errors: list[str] = field(default_factory=list)
    """Errors shown on every page while serving, when the data cannot be loaded as they are."""
    blockers: list[str] = field(default_factory=list)
    """What stops publishing, listed on the drafting page."""
    warnings: list[str] = field(default_factory=list)
    """Compliance warnings (and suppressed findings), listed on the drafting page."""
    changed_locks: list[tuple[NoticeVersion, str, str]] = field(default_factory=list)
    lock_banners: dict[str, str] = field(default_factory=dict)
    """Page → the day its locked text was locked, for the drafting banner."""
    started: float = 0.0
    _date_index: dict[tuple[str, ...], list[datetime.date]] | None = None
    pages_done: int = 0
    progress_shown: bool = False
    progress_stream: Any = field(default_factory=lambda: sys.stderr)

    @guarded
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.started = time.monotonic()
        root = data_dir(config)
        base = root.parent
        try:
            self.mode = build_mode(self.command)
            self.preview = preview()
            self.as_of = as_of_date()
        except (AsOfError, ModeError) as exc:
            raise Abort(str(exc)) from None
        if self.mode == "draft":
            _not_strict(config)  # before the first warning: MkDocs counts from the start of the build
        log.info(describe(self.mode, self.serving))
        log.info(f"notices: data from {root}, as of {self.as_of.isoformat()}")
        served_at = os.environ.get("NOTICES_SITE_URL", "").strip()
        if served_at:
            try:
                check_url(served_at)
            except ValueError as exc:
                raise Abort(f"NOTICES_SITE_URL: {exc}") from None
        checked = load_and_check(root, self.as_of, Path(config.docs_dir))
        if checked.project is None or checked.catalogs is None or checked.errors:
            if not self.serving:
                raise Abort(report(checked.errors, base))
            # An author is in the middle of an edit: keep the last good site, with the errors on every page.
            self.data_errors = [e.format(base) for e in checked.errors.sorted()]
            for line in self.data_errors:
                log.warning(line)
            if self.last_good is not None:
                checked = self.last_good
        else:
            self.last_good = checked
        if self.mode == "publish" and checked.blockers:
            raise Abort(report(checked.blockers, base))
        if self.mode == "draft":
            self.blockers = [e.format(base) for e in checked.blockers.sorted()]
            for line in self.blockers:
                log.warning(f"publish blocker: {line}")
        self.changed_locks = checked.changed_locks
        if checked.findings:
            # Warnings never fail a build (MkDocs' --strict counts log warnings): one line says where they are.
            log.info(f"notices: {compliance.summary(checked.findings)}; `notices check` lists them")
        self.warnings = [f.format(base) for f in checked.warnings]
        if checked.project is None or checked.catalogs is None:
            return config  # serving the errors alone: nothing good was ever built
        project = checked.project
        self.project = project
        self.catalogs = checked.catalogs
        self.languages = project.site.all_languages
        self.source = project.site.source_language
        config.site_name = for_theme(project.site.name)
        if served_at:
            # A preview served elsewhere links to itself, never to the published site.
            config.site_url = served_at if served_at.endswith("/") else served_at + "/"
        elif self.preview is not None:
            config.site_url = None  # a preview without its own address links within itself only
        elif project.site.base_url and not config.site_url:
            config.site_url = project.site.base_url
        config.theme["language"] = self.source
        self.hand_alternates = list(config.extra.get("alternate") or [])
        return config

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    def on_serve(self, server: Any, config: MkDocsConfig) -> Any:
        """Watch the data folder, the templates and the package, wherever they are."""
        watched = {Path(p).resolve() for p in config.watch}
        for folder in (data_dir(config), Path(config.theme.custom_dir or "overrides"), Path(__file__).resolve().parent):
            if folder.is_dir() and not any(folder.resolve().is_relative_to(w) for w in watched):
                server.watch(str(folder))
        return server

    def language_of(self, src_uri: str) -> str:
        first = src_uri.split("/", 1)[0]
        return first if first in self.languages[1:] and "/" in src_uri else self.source

    def _neutral(self, uri: str, language: str) -> str:
        """A page's address without its language folder: the same for every language."""
        return uri[len(language_prefix(language, self.source)) :]

    @guarded
    def on_page_markdown(self, markdown: str, page: Page) -> str:
        """The page's own title, and sitemap dates from the data, never from the clock."""
        title = self.titles.get(page.file.src_uri)
        if title:
            page.meta["title"] = title
        if self.as_of is not None and self.project is not None:
            date = self.page_dates.get(page.file.src_uri) or self._page_date(page.file.src_uri, self.language_of(page.file.src_uri))
            page.update_date = date.isoformat()
        return markdown

    def _page_date(self, uri: str, language: str) -> datetime.date:
        """When a page last changed: the newest date of the data it shows that is not after the as-of day.

        The dates come from an index made once per build (every version's effective and published days,
        by entity, notice and version), so that a page's date costs a look-up, not a scan of every version.
        """
        assert self.project is not None and self.as_of is not None
        if self._date_index is None:
            self._date_index = _date_index(self.project.all_versions())
        parts = self._neutral(uri, language).split("/")
        if len(parts) == 1:
            key: tuple[str, ...] = ()
        elif len(parts) == 2:
            key = (parts[0],)
        elif len(parts) == 3 or parts[2] in ("history", "index.md"):
            key = (parts[0], parts[1])
        else:
            key = (parts[0], parts[1], parts[2])
        dates = self._date_index.get(key, [])
        past = [d for d in dates if d <= self.as_of]
        return max(past) if past else min(dates, default=self.as_of)

    def _add(self, files: Files, config: MkDocsConfig, uri: str, content: str, language: str, in_nav: bool = False) -> None:
        # Versions, histories and changes are reached through links, and other languages have their own nav
        # (made in on_nav): none of them is reported as missing from the nav.
        inclusion = InclusionLevel.INCLUDED if in_nav and language == self.source else InclusionLevel.NOT_IN_NAV
        files.append(File.generated(config, uri, content=content, inclusion=inclusion))
        self.counterparts.setdefault(self._neutral(uri, language), {})[language] = uri

    def _drafting_page(self, files: Files, config: MkDocsConfig, templates: Path, uri: str) -> None:
        """The drafting page: data errors, publish blockers and changed locked versions, for authors."""
        renderer = Renderer(templates, self.source, self.catalogs.ui(self.source) if self.catalogs else None, use_directory_urls=config.use_directory_urls)
        spec = PageSpec(uri, "drafting.md.j2", {"errors": self.data_errors, "blockers": self.blockers, "warnings": self.warnings, "mode": self.mode})
        files.append(File.generated(config, uri, content=renderer.render(spec), inclusion=InclusionLevel.NOT_IN_NAV))
        self.titles[uri] = renderer.titles[uri]

    @guarded
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        templates = Path(config.theme.custom_dir or "overrides") / "notices"
        for theme_file in [f for f in files if f.src_uri.startswith("notices/") and f.src_uri.endswith(".j2")]:
            files.remove(theme_file)  # page templates, not assets: keep them out of the site
        if self.mode == "draft":
            self._drafting_page(files, config, templates, DRAFTING_URI)
        if self.project is None or self.catalogs is None or self.as_of is None:
            if self.data_errors and files.get_file_from_path(HOME_URI) is None:
                self._drafting_page(files, config, templates, HOME_URI)  # nothing good to show yet: the errors are the site
            return files
        self._mark_changed_locks()
        hand_written = self._hand_written(files)
        for language in self.languages:
            ui = self.catalogs.ui(language)
            renderer = Renderer(templates, language, ui, use_directory_urls=config.use_directory_urls)
            localizer = Localizer(self.catalogs, language, self.source, inline=renderer.fallback_inline, sources=self.project.sources())
            for spec in plan_site(self.project, self.as_of, localizer):
                try:
                    content = renderer.render(spec)
                except jinja2.TemplateError as exc:
                    where = f"{getattr(exc, 'filename', None) or templates}:{getattr(exc, 'lineno', None) or 1}"
                    raise Abort(f"{where}: template error while rendering {spec.uri}: {exc}") from None
                self._add(files, config, spec.uri, content, language, in_nav=spec.template == "home.md.j2")
                self.titles[spec.uri] = renderer.titles[spec.uri]
                self.page_dates[spec.uri] = self._page_date(spec.uri, language)
            self.homes.add(language_prefix(language, self.source) + HOME_URI)
            self.site_names[language] = str(localizer.text("site", self.project.site.name))
            self._add_feed_and_exports(files, config, renderer, localizer, language)
            if language != self.source:
                for neutral, (source_file, translation) in hand_written.items():
                    uri = language_prefix(language, self.source) + neutral
                    self._add(files, config, uri, _page_text(source_file, translation.get(language)), language, in_nav=True)
            else:
                for neutral in hand_written:
                    self.counterparts.setdefault(neutral, {})[language] = neutral
        user_nav = list(config.nav or [])
        for language in self.languages:
            self.nav_specs[language] = self._nav(language, user_nav or sorted(hand_written))
        config.nav = self.nav_specs[self.source]
        return files

    def _mark_changed_locks(self) -> None:
        """The pages of a locked version whose text changed: its permanent page and, when it is shown there, the stable one."""
        assert self.project is not None and self.as_of is not None
        for version, language, locked_on in self.changed_locks:
            prefix = language_prefix(language, self.source)
            series = self.project.entities[version.entity].notices[version.notice]
            self.lock_banners[version_uri(version.entity, version.notice, version.effective, prefix)] = locked_on
            if summarize(series, self.as_of).shown.effective == version.effective:
                self.lock_banners[notice_uri(version.entity, version.notice, prefix)] = locked_on

    def _add_feed_and_exports(self, files: Files, config: MkDocsConfig, renderer: Renderer, localizer: Localizer, language: str) -> None:
        """The language's Atom feed and a notice.json for every version."""
        assert self.project is not None and self.as_of is not None
        prefix = language_prefix(language, self.source)
        schema_url = self._absolute(SCHEMA_PATH, config)
        entries = []
        for record in self.project.entities.values():
            if not self.project.publishes(record.id, language):
                continue
            for series in record.notices.values():
                infos = timeline(series, self.as_of, prefix, localizer)
                for version, info in zip(series.versions, infos):
                    url = self._absolute(info.uri, config)
                    folder = posixpath.dirname(info.uri)
                    json_text = exports.export(version, localizer, status=info.status, until=info.until, url=url, schema_url=schema_url)
                    files.append(File.generated(config, f"{folder}/notice.json", content=json_text))
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
                            "url": url,
                            "changes_url": self._absolute(info.changes_uri, config) if info.changes_uri else None,
                        }
                    )
        entries.sort(key=lambda e: (e["published"], e["url"]), reverse=True)
        feed_url = self._absolute(prefix + "feed.xml", config)
        feed = renderer.env.get_template("feed.xml.j2").render(
            entries=entries,
            site_name=self.site_names[language],
            feed_id=feed_url,
            self_url=feed_url,
            home_url=self._absolute(prefix + HOME_URI, config),
            updated=entries[0]["published"] if entries else self.as_of.isoformat() + "T00:00:00Z",
        )
        files.append(File.generated(config, prefix + "feed.xml", content=feed))
        if language == self.source:
            files.append(File.generated(config, SCHEMA_PATH, content=exports.schema_text()))
        self.feeds[language] = feed_url

    def _hand_written(self, files: Files) -> dict[str, tuple[File, dict[str, File]]]:
        """Hand-written pages and their translations (``about.fi.md``), which leave the file list."""
        suffixes = {f".{lang}.md": lang for lang in self.languages[1:]}
        pages: dict[str, tuple[File, dict[str, File]]] = {}
        translations: dict[str, dict[str, File]] = {}
        for f in list(files.documentation_pages()):
            for suffix, lang in suffixes.items():
                if f.src_uri.endswith(suffix):
                    translations.setdefault(f.src_uri[: -len(suffix)] + ".md", {})[lang] = f
                    files.remove(f)
                    break
        for f in files.documentation_pages():
            pages[f.src_uri] = (f, translations.get(f.src_uri, {}))
        return pages

    def _nav(self, language: str, extra: list[Any]) -> list[Any]:
        """Home, then the hand-written pages; each entity's pages add its own section (see :meth:`on_nav`)."""
        assert self.project is not None and self.catalogs is not None
        prefix = language_prefix(language, self.source)
        ui = self.catalogs.ui(language)
        nav: list[Any] = [{for_theme(ui.gettext("Home")): prefix + HOME_URI}]
        return nav + [_prefixed(item, prefix, ui.gettext) for item in extra]

    @guarded
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self.project is None:
            return nav
        self.navs = {self.source: nav}
        source_nav = config.nav
        for language in self.languages[1:]:
            config.nav = self.nav_specs[language]
            self.navs[language] = get_navigation(files, config)
        config.nav = source_nav
        self.entity_navs = {key: self._entity_nav(files, *key) for key in self._entity_languages()}
        return nav

    def _entity_languages(self) -> list[tuple[str, str]]:
        assert self.project is not None
        return [(lang, record.id) for lang in self.languages for record in self.project.entities.values() if self.project.publishes(record.id, lang)]

    def _entity_nav(self, files: Files, language: str, entity: str) -> Navigation:
        """The sidebar of one entity's pages: home, the entity and its notices, the hand-written pages.

        A sidebar listing every entity would be rendered into every page (pages × entities) and is of
        no use to a reader among hundreds of companies; the home page lists them all instead.
        """
        assert self.project is not None
        base = self.navs[language]
        prefix = language_prefix(language, self.source)
        record = self.project.entities[entity]
        uris = [entity_uri(entity, prefix)] + [notice_uri(entity, series, prefix) for series in record.notices]
        pages = [page for uri in uris if (found := files.get_file_from_path(uri)) is not None and (page := found.page) is not None]
        section = Section(for_theme(record.data.name), list(pages))
        for page in pages:
            page.parent = section
        return Navigation([*base.items[:1], section, *base.items[1:]], [*base.pages[:1], *pages, *base.pages[1:]])

    def _progress(self) -> None:
        """On a terminal, once a build has taken a few seconds, a one-line count of the pages written so far."""
        self.pages_done += 1
        if not self.progress_stream.isatty() or time.monotonic() - self.started < PROGRESS_AFTER:
            return
        total = len(self.titles) or self.pages_done
        self.progress_stream.write(f"\rnotices: page {self.pages_done} of {max(total, self.pages_done)}")
        self.progress_stream.flush()
        self.progress_shown = True

    @guarded
    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig) -> dict[str, Any]:
        self._progress()
        if self.preview is not None:
            context["notices_preview"] = self._preview_banner(self.language_of(page.file.src_uri))
        if self.mode == "draft":
            context["notices_drafting"] = {
                "url": get_relative_url(File(DRAFTING_URI, "", "", config.use_directory_urls).url, page.url),
                "blockers": len(self.blockers),
                "errors": self.data_errors,
                "locked_on": self.lock_banners.get(page.file.src_uri),
            }
        if page.file.src_uri in self.titles and (self.project is None or page.file.src_uri == DRAFTING_URI):
            context["notices_title"] = self.titles[page.file.src_uri]
        if self.project is None or self.catalogs is None:
            return context
        language = self.language_of(page.file.src_uri)
        config.theme["language"] = language
        site_name = for_theme(self.site_names.get(language, self.project.site.name))
        config.site_name = site_name
        context["config"] = config
        title = self.titles.get(page.file.src_uri)
        if page.file.src_uri in self.homes:
            context["notices_title"] = site_name
        elif title:
            context["notices_title"] = Markup("{} - {}").format(title, site_name)
        entity = self._neutral(page.file.src_uri, language).split("/", 1)[0]
        context["nav"] = self.entity_navs.get((language, entity)) or self.navs.get(language, context["nav"])
        if language != self.source:
            # Material's search looks for search/search_index.json under this base.
            # The trailing slash matters: the search index URL is resolved against it.
            context["base_url"] = posixpath.join(context["base_url"], language) + "/"
        versions = self.counterparts.get(self._neutral(page.file.src_uri, language), {})
        alternates = [
            {"name": for_theme(language_name(lang)), "link": self._absolute(versions[lang], config), "lang": lang}
            for lang in self.languages
            if lang in versions
        ]
        config.extra["alternate"] = alternates + self.hand_alternates
        # x-default: the site's source language, or where a page has none, the first language it exists in.
        default = self.source if self.source in versions else next((lang for lang in self.languages if lang in versions), None)
        context["notices_x_default"] = self._absolute(versions[default], config) if default else None
        context["notices_fallback_note"] = self.catalogs.ui(language).gettext(FALLBACK_PAGE_NOTE)
        context["notices_source_language"] = self.source
        context["notices_feed"] = self.feeds.get(language)
        return context

    def _preview_banner(self, language: str) -> dict[str, str]:
        """The preview banner's words in the page's language (escaped when the template prints them)."""
        assert self.preview is not None
        ui = self.catalogs.ui(language) if self.catalogs else None
        gettext = ui.gettext if ui else (lambda text: text)
        detail = ""
        if self.preview.pull_request and self.preview.commit:
            detail = gettext("Pull request #%(number)s at commit %(commit)s.") % {"number": self.preview.pull_request, "commit": self.preview.commit}
        elif self.preview.pull_request:
            detail = gettext("Pull request #%(number)s.") % {"number": self.preview.pull_request}
        elif self.preview.commit:
            detail = gettext("Commit %(commit)s.") % {"commit": self.preview.commit}
        return {
            "title": gettext("Preview of unpublished changes"),
            "text": gettext("This page is not published: it shows changes under review, which may still change."),
            "detail": detail,
        }

    @staticmethod
    def _absolute(src_uri: str, config: MkDocsConfig) -> str:
        url = File(src_uri, "", "", config.use_directory_urls).url
        return urljoin(config.site_url, url) if config.site_url else "/" + url

    @guarded
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Split the search index per language, give each language its own sitemap, and sum the build up."""
        if self.preview is not None:
            # Search engines stay out of previews; a publish build writes no robots.txt at all.
            (Path(config.site_dir) / "robots.txt").write_text("# A preview of unpublished changes.\nUser-agent: *\nDisallow: /\n", "utf-8")
            # What the preview shows, for the workflow that publishes it (it reads this file as data, never runs it).
            manifest = {"preview": True, "pull_request": self.preview.pull_request, "commit": self.preview.commit}
            (Path(config.site_dir) / "preview.json").write_text(json.dumps(manifest) + "\n", "utf-8")
        if self.project is None:
            return
        self._split_search_and_sitemaps(config)
        if self.progress_shown:
            self.progress_stream.write("\r\033[K")  # clear the progress line before the summary
        log.info(self.summary())

    def summary(self) -> str:
        """One line: pages per language, versions by status, translation coverage, time taken."""
        assert self.project is not None and self.catalogs is not None and self.as_of is not None
        pages = {lang: sum(1 for uri in self.titles if self.language_of(uri) == lang and uri != DRAFTING_URI) for lang in self.languages}
        statuses = {"current": 0, "upcoming": 0, "archived": 0}
        for record in self.project.entities.values():
            for series in record.notices.values():
                for info in timeline(series, self.as_of):
                    statuses[info.status] += 1
        coverage = []
        for row_language in self.languages:
            rows = status(self.project, self.catalogs, [row_language], self.as_of)
            if not rows:
                continue  # nothing is translated into it: every entity that publishes in it writes in it
            total = sum(r.translated + r.fuzzy + r.missing for r in rows)
            coverage.append(f"{row_language} {100 * sum(r.translated for r in rows) // max(total, 1)} %")
        return (
            f"notices: {sum(pages.values())} pages ({', '.join(f'{lang} {n}' for lang, n in pages.items())}); "
            f"versions: {statuses['current']} in force, {statuses['upcoming']} upcoming, {statuses['archived']} archived"
            + (f"; translated: {', '.join(coverage)}" if coverage else "")
            + f"; {time.monotonic() - self.started:.1f} s"
        )

    def _split_search_and_sitemaps(self, config: MkDocsConfig) -> None:
        self._split_sitemap(Path(config.site_dir), config)
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():
            return
        index = json.loads(path.read_text("utf-8"))

        def write(out: Path, language: str, docs: list[dict[str, Any]]) -> None:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps({"config": {**index["config"], "lang": [language]}, "docs": docs}, ensure_ascii=False, separators=(",", ":")), "utf-8")

        for language in self.languages[1:]:
            prefix = f"{language}/"
            docs = [{**d, "location": d["location"][len(prefix) :]} for d in index["docs"] if d["location"].startswith(prefix)]
            write(Path(config.site_dir) / language / "search" / "search_index.json", language, docs)
        write(path, self.source, [d for d in index["docs"] if self.language_of(d["location"]) == self.source])

    def _split_sitemap(self, site: Path, config: MkDocsConfig) -> None:
        """``/<lang>/sitemap.xml`` with that language's pages; the root sitemap keeps them all."""
        path = site / "sitemap.xml"
        if not path.is_file():
            return
        namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
        ElementTree.register_namespace("", namespace)
        root = ElementTree.parse(path).getroot()
        base = config.site_url or "/"
        for language in self.languages[1:]:
            prefix = urljoin(base, language + "/")
            subset = ElementTree.Element(root.tag, root.attrib)
            subset.extend(url for url in root if (url.findtext(f"{{{namespace}}}loc") or "").startswith(prefix))
            ElementTree.indent(subset)
            out = site / language / "sitemap.xml"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(ElementTree.tostring(subset, encoding="utf-8", xml_declaration=True) + b"\n")


def _date_index(versions: list[NoticeVersion]) -> dict[tuple[str, ...], list[datetime.date]]:
    """(), (entity,), (entity, notice) and (entity, notice, YYYY-MM-DD) → the days of the versions each covers."""
    index: dict[tuple[str, ...], list[datetime.date]] = {}
    for version in versions:
        days = [version.effective] + ([version.data.published] if version.data.published else [])
        for key in ((), (version.entity,), (version.entity, version.notice), (version.entity, version.notice, version.effective.isoformat())):
            index.setdefault(key, []).extend(days)
    return index


def _not_strict(config: MkDocsConfig) -> None:
    """Drafting is never strict: its warnings (publish blockers, fallbacks) must not stop the build.

    MkDocs counts warnings for ``--strict`` with a handler it attaches before
    any hook runs, so turning ``config.strict`` off is not enough: the handler
    is detached too.
    """
    config.strict = False
    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if isinstance(h, CountHandler)]:
        logger.removeHandler(handler)


def _page_text(source: File, translation: File | None) -> str:
    """A hand-written page in another language: its translation, or the source marked as a fallback."""
    if translation is not None:
        return translation.content_string
    text = source.content_string
    if text.startswith("---\n"):
        return "---\nnotices_fallback: true\n" + text[4:]
    return "---\nnotices_fallback: true\n---\n\n" + text


def _prefixed(item: Any, prefix: str, gettext: Any) -> Any:
    """A nav entry of mkdocs.yml for another language: same pages under the prefix, titles translated."""
    if isinstance(item, str):
        return item if "://" in item else prefix + item
    if isinstance(item, dict):
        return {for_theme(gettext(title)): _prefixed(value, prefix, gettext) for title, value in item.items()}
    if isinstance(item, list):
        return [_prefixed(i, prefix, gettext) for i in item]
    return item
