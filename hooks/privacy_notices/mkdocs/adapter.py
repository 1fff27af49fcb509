"""The MkDocs adapter: it translates MkDocs' events into calls of the core, which knows no engine.

``on_config`` loads and checks everything before MkDocs touches the site
folder, so bad input aborts the build with every error and leaves the last
site as it was. ``on_files`` has the core make the site tree and hands it to
MkDocs (:mod:`.files`); ``on_nav``, ``on_page_context`` and ``on_post_build``
give each language its navigation, each page its language, each language
its search index and sitemap. :mod:`.dirty` keeps ``serve --dirty`` brief.
"""

from __future__ import annotations

import dataclasses
import datetime
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from privacy_notices.checks.pipeline import Checked, load_and_check
from privacy_notices.data import reuse
from privacy_notices.data.settings import CONFIG_FILE, Settings
from privacy_notices.data.project import NoticeVersion, Project
from privacy_notices.data.reuse import Reuse
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.mkdocs import cache, context as pages_context, error_pages, files as tree_files, navigation
from privacy_notices.mkdocs.dirty import DirtyBuild, fingerprints
from privacy_notices.mkdocs.serving import Guard
from privacy_notices.mkdocs.setup import accept, build_settings, check_templates, guarded, not_strict, release_search_entries, report, site_settings, use_theme, watch
from privacy_notices.site import outputs
from privacy_notices.site.modes import Mode, Preview, describe
from privacy_notices.site.render import MemoryBytecodeCache
from privacy_notices.site.summary import Progress, preview_words, summary
from privacy_notices.site.theme import page_template_dirs
from privacy_notices.site.tree import SiteBuilder, SiteTree, TreePage
from privacy_notices.data.addresses import DRAFTING_URI, HOME_URI
from privacy_notices.site.contexts import PageSpec

__all__ = ["NoticesAdapter", "report"]

log = logging.getLogger("mkdocs.hooks.notices")

@dataclass
class NoticesAdapter:
    """State shared between the hook events of one build (and, while serving, what the next build reuses)."""

    project: Project | None = None
    catalogs: Catalogs | None = None
    as_of: datetime.date | None = None
    tree: SiteTree | None = None
    """The site the core made: every language's pages, files, navigation and settings."""
    pages: dict[str, TreePage] = field(default_factory=dict)
    """Page → the tree's page: its language and what it shows, as planned (never read back from its path)."""
    titles: dict[str, Markup] = field(default_factory=dict)
    navs: dict[str, Navigation] = field(default_factory=dict)
    entity_navs: dict[tuple[str, str], Navigation] = field(default_factory=dict)
    hand_alternates: list[Any] = field(default_factory=list)
    command: str | None = None
    mode: Mode = "publish"
    preview: Preview | None = None
    """Set for a preview build: a banner and noindex on every page, and a robots.txt that disallows everything."""
    last_good: Checked | None = None
    """The last data that loaded without errors, kept across rebuilds while serving."""
    last_good_prints: dict[str, str] | None = None
    """The fingerprints of the files :attr:`last_good` was loaded from (see :mod:`.incremental`)."""
    dirty: bool = False
    cache: Path | None = None
    """The folder of a publishing build's record (``notices build --cache``, see :mod:`.cache`); None for every other build."""
    build: DirtyBuild = field(default_factory=DirtyBuild)
    loaded: Reuse = field(default_factory=Reuse)
    """Entities and catalogs loaded by the builds of this ``mkdocs serve``, by their bytes."""
    theme_code: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    """The theme's compiled templates, for the next build of this ``mkdocs serve`` with the same settings."""
    settings: str = ""
    """A digest of ``mkdocs.yml``: the theme's environment, and so its compiled code, follows it."""
    given: Settings | None = None
    """This build's settings, made once in :meth:`on_config`: the folders by the rule `notices validate` uses, docs_dir as MkDocs read it."""
    guard: Guard | None = None
    """What keeps ``mkdocs serve`` from waiting on a failed build, and notes the pages in view."""
    files: Files | None = None
    env: jinja2.Environment | None = None
    """The theme's templates, for the error pages of the languages after the source's."""
    done: bool = False
    data_errors: list[str] = field(default_factory=list)
    """Errors shown on every page while serving, when the data cannot be loaded as they are."""
    blockers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Publish blockers and compliance warnings (and suppressed findings), listed on the drafting page."""
    changed_locks: list[tuple[NoticeVersion, str, str]] = field(default_factory=list)
    started: float = 0.0
    progress: Progress = field(default_factory=Progress)

    @classmethod
    def after(cls, previous: NoticesAdapter | None, command: str | None, dirty: bool, guard: Guard | None = None) -> NoticesAdapter:
        """The adapter of the next build of the same ``mkdocs serve``: it keeps the last good data and what was written.

        ``guard`` is the server's, when the package was imported afresh (its code changed) and ``previous`` is gone.
        """
        failing = previous is not None and previous.guard is not None and previous.guard.failing
        build = DirtyBuild.after(previous.build if previous is not None else None, done=previous is not None and previous.done, failing=failing, on=command == "serve" and dirty)
        if previous is None:
            return cls(command=command, dirty=dirty, guard=guard, build=build)
        return cls(
            command=command, dirty=dirty, last_good=previous.last_good, last_good_prints=previous.last_good_prints, build=build,
            loaded=previous.loaded, theme_code=previous.theme_code, settings=previous.settings, guard=previous.guard,
        )

    @guarded
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.started = time.monotonic()
        self.given = given = Settings.from_environment(config_file=config.config_file_path or CONFIG_FILE, docs=Path(config.docs_dir))
        root = given.data.resolve()
        self.mode, self.preview, self.as_of, served_at = build_settings(self.command, given)
        self.cache = Path(given.cache) if given.cache and self.command == "build" else None
        if self.mode == "draft":
            not_strict(config)  # before the first warning: MkDocs counts from the start of the build
        use_theme(config)
        log.info(describe(self.mode, self.command == "serve"))
        if self.command == "serve" and not self.dirty and self.last_good is None:
            log.info("notices: every save rebuilds the whole site; `mkdocs serve --dirty` (or `notices serve`) renders again only the pages a save touches")
        log.info(f"notices: data from {root}, as of {self.as_of.isoformat()}")
        on_disk = fingerprints(config, root, self.as_of, [self.mode, repr(self.preview), served_at, str(config.site_url), str(config.use_directory_urls), str(config.theme.name)], self.cache is not None) if self.incremental else {}
        checked = load_and_check(root, self.as_of, given.docs, reuse=self.loaded if self.command == "serve" else None)
        shown = on_disk
        current = checked
        if checked.project is None or checked.catalogs is None or checked.errors:
            if self.command != "serve":
                raise Abort(report(checked.errors, checked.blockers if self.mode == "publish" else None))
            # An author is in the middle of an edit: keep the last good site, with the errors on every page.
            self.data_errors = [e.format() for e in checked.errors.sorted()]
            for line in self.data_errors:
                log.warning(line)
            if self.last_good is not None:
                checked = self.last_good
                shown = self.last_good_prints or on_disk
        else:
            self.last_good = checked
            self.last_good_prints = on_disk
        self.blockers, self.warnings = accept(checked, current, self.mode)
        self.changed_locks = checked.changed_locks
        if checked.project is None or checked.catalogs is None:
            return config  # serving the errors alone: nothing good was ever built
        self.project, self.catalogs = checked.project, checked.catalogs
        if self.cache is not None:  # a cached build: the day counts by what it changes (see .cache)
            shown = on_disk = cache.with_days(on_disk, cache.day_marks(checked.project, self.as_of))
            self.build = cache.reuse(self.cache, Path(config.site_dir), on_disk, self.dirty)
        self.build.plan(checked.project, on_disk, shown, self.guard)
        site_settings(config, checked.project, self.preview, served_at)
        self.hand_alternates = list(config.extra.get("alternate") or [])
        return config

    @property
    def incremental(self) -> bool:
        """A dirty ``mkdocs serve`` or a cached build: MkDocs writes only modified files, and the pages of unchanged data are not."""
        return self.command == "serve" and self.dirty or self.cache is not None

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig) -> LiveReloadServer:
        """Watch the data folder, the templates and the package, wherever they are; never wait on a failed build."""
        assert self.given is not None, "on_config made the settings"
        self.guard = watch(server, config, self.given.data, self.guard, self.dirty)
        return server

    @guarded
    def on_env(self, env: jinja2.Environment, config: MkDocsConfig) -> jinja2.Environment:
        """While serving, the theme's templates are compiled once, not at every build; a broken one is named first."""
        if self.command == "serve":
            settings = reuse.digest([Path(config.config_file_path)] if config.config_file_path else [])
            if settings != self.settings:
                self.theme_code, self.settings = MemoryBytecodeCache(), settings
            env.bytecode_cache = self.theme_code
        check_templates(env, config)
        self.env = env
        return env

    def language_of(self, src_uri: str) -> str:
        """A page's language, as planned; a page the hooks did not add (none, today) is in the source language."""
        return page.place.language if (page := self.pages.get(src_uri)) else self.project.site.source_language if self.project else "en"

    @guarded
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig) -> str:
        """The page's own title, its permalinks' tooltip in its language, and sitemap dates from the data, never from the clock."""
        title = self.titles.get(page.file.src_uri)
        if title:
            page.meta["title"] = title
        pages_context.permalink_title(config, self.catalogs, self.language_of(page.file.src_uri))
        if self.as_of is not None and self.project is not None:
            planned = self.pages.get(page.file.src_uri)
            page.update_date = (planned.date if planned and planned.date else self.as_of).isoformat()
        return markdown

    @guarded
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        templates = page_template_dirs(config.theme.custom_dir)
        for theme_file in [f for f in files if f.src_uri.startswith("notices/") and f.src_uri.endswith(".j2")]:
            files.remove(theme_file)  # page templates, not assets: keep them out of the site
        drafting = PageSpec("", "drafting.md.j2", {"errors": self.data_errors, "blockers": self.blockers, "warnings": self.warnings, "mode": self.mode})
        if self.mode == "draft":
            self.titles |= tree_files.drafting_page(files, config, templates, self.project, self.catalogs, dataclasses.replace(drafting, uri=DRAFTING_URI))
        if self.project is None or self.catalogs is None or self.as_of is None:
            if self.data_errors and files.get_file_from_path(HOME_URI) is None:  # nothing good to show yet: the errors are the site
                self.titles |= tree_files.drafting_page(files, config, templates, self.project, self.catalogs, dataclasses.replace(drafting, uri=HOME_URI))
            return files
        if self.data_errors:
            tree_files.drop_unreadable(files)
        sources = tree_files.hand_written(files, self.project.site.all_languages)
        self.build.prepare(config, [source for source, _ in sources.values()])
        builder = SiteBuilder(
            self.project, self.catalogs, self.as_of, templates, site_url=config.site_url, use_directory_urls=config.use_directory_urls,
            render_only=self.build.render_only, changed_locks=self.changed_locks,
        )
        entities = list(self.project.entities)
        self.tree = tree_files.make_tree(builder, sources, config, lambda specs, language: self.build.arrange(specs, language, config, entities))
        self.pages = self.tree.pages()
        self.titles |= {uri: page.title for uri, page in self.pages.items() if page.title is not None}
        rendered = tree_files.add_tree(files, config, self.tree, sources, self.build)
        config.nav = navigation.for_theme_nav(self.tree.languages[0].nav)
        self.build.keep_unchanged(rendered, self.tree, self.project, self.titles)
        return files

    @guarded
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self.project is None or self.tree is None:
            return nav
        self.navs = navigation.language_navs(nav, config, files, self.tree)
        self.entity_navs = navigation.entity_navs(files, self.tree, self.project, self.navs)
        self.files = files
        navigation.settle_unread(files, config, self.pages, self.titles, self.as_of or datetime.date.today())
        return nav

    def _banner(self, config: MkDocsConfig) -> Callable[[Page], dict[str, Any]]:
        return lambda page: pages_context.drafting_banner(page, config, self.language_of(page.file.src_uri), self.catalogs, self.tree, len(self.blockers), self.data_errors)

    @guarded
    def on_page_context(self, context: dict[str, Any], page: Page, config: MkDocsConfig) -> dict[str, Any]:
        self.progress.step(len(self.titles), time.monotonic() - self.started)
        uri = page.file.src_uri
        if self.preview is not None:
            context["notices_preview"] = preview_words(self.preview, pages_context.gettext_of(self.catalogs, self.language_of(uri)))
        if self.mode == "draft":
            context["notices_drafting"] = self._banner(config)(page)
        if uri in self.titles and (self.project is None or uri == DRAFTING_URI):
            context["notices_title"] = self.titles[uri]
        if self.project is None or self.catalogs is None or self.tree is None:
            return context
        pages_context.page_context(
            context, page, config, self.tree, self.catalogs, self.navs, self.entity_navs, self.hand_alternates, self.pages.get(uri), self.titles.get(uri)
        )
        return context

    @guarded
    def on_template_context(self, context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
        """The error page (``404.html``) in the source language, titled as every page is; a preview's is marked as every page is."""
        if template_name == "404.html":
            self._error_page(config)(context, self.language_of(HOME_URI))
        return context

    def _error_page(self, config: MkDocsConfig) -> error_pages.Fill:
        return lambda context, language: error_pages.fill(context, language, config, self.preview, self.tree, self.catalogs, self.navs, self.hand_alternates)

    @guarded
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Split the search index per language, give each language its own sitemap, and sum the build up."""
        site = Path(config.site_dir)
        outputs.host_files(site, self.preview)
        if self.project is None or self.tree is None or self.files is None or self.catalogs is None or self.as_of is None:
            return
        release_search_entries(config, self.command)
        index = self.build.merge_search(config, self.files)
        banner = (self.mode, len(self.blockers), tuple(self.data_errors))
        self.build.refresh_banners(config, self.files, banner, pages_context.DRAFTING_PARTIAL, pages_context.BANNER, self._banner(config))
        alternates = self.tree.alternates(config.site_url, config.use_directory_urls) if config.site_url else None
        outputs.split_sitemap(site, self.tree.codes, config.site_url, alternates)
        if self.env is not None:
            error_pages.write_all(site, config, self.env, self.tree, self.files, self.navs, self._error_page(config))
        outputs.split_search(site, self.tree.codes, index)
        self.done = True
        if self.build.first_pass is not None and self.guard is not None:
            self.guard.follow_up()
        self.progress.clear()
        cache.keep(self.cache, self.build, site)
        log.info(summary(self.project, self.catalogs, self.as_of, self.tree, time.monotonic() - self.started))
