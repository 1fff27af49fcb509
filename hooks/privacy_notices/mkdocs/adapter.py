"""The one module that knows MkDocs: it feeds validated data and rendered pages into a build.

``on_config`` loads and checks everything (data, translations, required
languages) before MkDocs touches the site folder, so bad input aborts the
build with the full list of errors and leaves the previous site as it was.
``on_files`` adds every page once per language; the source language sits at
the root and every other language under its code. ``on_page_context`` gives
each page its language: Material's interface, navigation, language selector
and search index follow it. Under ``mkdocs serve --dirty`` a rebuild renders
only the pages whose data changed (see :mod:`.incremental`).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
import logging
import os
import posixpath
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree

import jinja2
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section, get_navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler, get_relative_url

from privacy_notices.data.asof import AsOfError, as_of_date
from privacy_notices.mkdocs.engine import LOGGERS
from privacy_notices.data.errors import ErrorLog
from privacy_notices.checks import compliance
from privacy_notices.mkdocs import incremental
from privacy_notices.data import reuse
from privacy_notices.mkdocs.incremental import BuildRecord, NoticeFile, kept_file
from privacy_notices.checks.pipeline import Checked, load_and_check
from privacy_notices.data.reuse import Reuse
from privacy_notices.data.addresses import DRAFTING_URI
from privacy_notices.site.modes import Mode, ModeError, Preview, build_mode, describe, preview
from privacy_notices.i18n.catalogs import DRAFTING_BANNER, FALLBACK_PAGE_NOTE, Catalogs, status
from privacy_notices.data.loader import NoticeVersion, Project
from privacy_notices.mkdocs.serving import Guard, describe_failure
from privacy_notices.data.textcheck import check_url
from privacy_notices.site.theme import SCRIPTS, STYLESHEETS, THEME_DIR, page_template_dirs
from privacy_notices.site.render import MemoryBytecodeCache, Renderer, language_name, long_date
from privacy_notices.site.tree import HandWritten, PageError, SiteBuilder, SiteTree, TreePage
from privacy_notices.site.urls import HOME_URI, Place, absolute, entity_uri, language_of_url, language_prefix, neutral, notice_uri, page_url
from privacy_notices.site.views import PageSpec, timeline

log = logging.getLogger("mkdocs.hooks.notices")

DRAFTING_PARTIAL = "partials/notices-drafting.html"
_BANNER = re.compile(r"<!--pn-drafting-->.*?<!--/pn-drafting-->", re.DOTALL)
"""The drafting banner within a page, as the partial marks it."""

FIRST_PASS_ABOVE = 150
"""Pages a site has before a save that changes every page renders the pages in view first, in a build of their own."""

PROGRESS_AFTER = 3.0
"""Seconds a build runs before a terminal shows its progress: short builds stay quiet."""
NO_JEKYLL = ".nojekyll"
"""The empty file at a site's root that tells GitHub Pages to serve the files as they are, without Jekyll."""
T = TypeVar("T")


def data_dir(config: MkDocsConfig) -> Path:
    """The data folder: ``NOTICES_DATA`` if set, else ``data/`` beside ``mkdocs.yml``."""
    configured = os.environ.get("NOTICES_DATA")
    if configured:
        return Path(configured).resolve()
    return Path(config.config_file_path or ".").resolve().parent / "data"


def report(errors: ErrorLog, base: Path, blockers: ErrorLog | None = None) -> str:
    """Log every error (and the publish blockers found beside them) and return the one-line summary."""
    for error in errors.sorted():
        log.error(error.format(base))
    for blocker in blockers.sorted() if blockers else []:
        log.error(f"publish blocker: {blocker.format(base)}")
    also = f", and {len(blockers)} publish blocker{'s' if len(blockers) != 1 else ''}" if blockers else ""
    return f"{errors.summary()}{also}; the site was not built"


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
    tree: SiteTree | None = None
    """The site the core made: every language's pages, files, navigation and settings."""
    pages: dict[str, TreePage] = field(default_factory=dict)
    """Page → the tree's page: its language and what it shows, as planned (never read back from its path)."""
    navs: dict[str, Navigation] = field(default_factory=dict)
    entity_navs: dict[tuple[str, str], Navigation] = field(default_factory=dict)
    """(language, entity) → the sidebar of that entity's pages."""
    hand_alternates: list[Any] = field(default_factory=list)
    titles: dict[str, Markup] = field(default_factory=dict)
    """Generated page → its title, escaped for the theme."""
    command: str | None = None
    """The MkDocs command running: ``serve``, ``build`` or ``gh-deploy``."""
    mode: Mode = "publish"
    preview: Preview | None = None
    """Set for a preview build: a banner and noindex on every page, and a robots.txt that disallows everything."""
    last_good: Checked | None = None
    """The last data that loaded without errors, kept across rebuilds while serving."""
    last_good_prints: dict[str, str] | None = None
    """The fingerprints of the files :attr:`last_good` was loaded from (see :mod:`.incremental`)."""
    dirty: bool = False
    """``mkdocs serve --dirty``: a rebuild writes only the pages whose data changed."""
    record: BuildRecord | None = None
    """What the last complete build of this ``mkdocs serve`` wrote, when it was dirty."""
    new_record: BuildRecord | None = None
    """What this build writes, for the next one; complete once :meth:`on_post_build` has run."""
    loaded: Reuse = field(default_factory=Reuse)
    """Entities and catalogs loaded by the builds of this ``mkdocs serve``, by their bytes."""
    theme_code: MemoryBytecodeCache = field(default_factory=MemoryBytecodeCache)
    """The theme's compiled templates, for the next build of this ``mkdocs serve`` with the same settings."""
    settings: str = ""
    """A digest of ``mkdocs.yml``: the theme's environment, and so its compiled code, follows it."""
    render_only: set[str] | None = None
    """The entities whose pages this build renders; None for all (every build but an incremental one)."""
    follows_markdown: bool = False
    """Every page's HTML follows from its Markdown, title, sidebar and banners as before (only data or page
    templates changed): a page rendered again to the same :func:`incremental.page_key` is not written."""
    first_pass: set[str] | None = None
    """The URL paths of the pages in view, when this build renders only them and leaves the rest to a second build."""
    guard: Guard | None = None
    """What keeps ``mkdocs serve`` from waiting on a failed build, and notes the pages in view."""
    files: Files | None = None
    done: bool = False
    """The build has written everything: :attr:`new_record` describes the site folder."""
    data_errors: list[str] = field(default_factory=list)
    """Errors shown on every page while serving, when the data cannot be loaded as they are."""
    blockers: list[str] = field(default_factory=list)
    """What stops publishing, listed on the drafting page."""
    warnings: list[str] = field(default_factory=list)
    """Compliance warnings (and suppressed findings), listed on the drafting page."""
    changed_locks: list[tuple[NoticeVersion, str, str]] = field(default_factory=list)
    started: float = 0.0
    pages_done: int = 0
    progress_shown: bool = False
    progress_stream: Any = field(default_factory=lambda: sys.stderr)

    @classmethod
    def after(cls, previous: NoticesAdapter | None, command: str | None, dirty: bool, guard: Guard | None = None) -> NoticesAdapter:
        """The adapter of the next build of the same ``mkdocs serve``: it keeps the last good data and what was written.

        ``guard`` is the server's, when the package was imported afresh (its code changed) and ``previous`` is gone.
        """
        if previous is None:
            return cls(command=command, dirty=dirty, guard=guard)
        record = previous.new_record if previous.done else previous.record
        if record is not None and previous.guard is not None and previous.guard.failing:
            # A failed build may have written some pages: none is trusted to be as the record says.
            record = dataclasses.replace(record, keys={})
        return cls(
            command=command, dirty=dirty, last_good=previous.last_good, last_good_prints=previous.last_good_prints, record=record,
            loaded=previous.loaded, theme_code=previous.theme_code, settings=previous.settings, guard=previous.guard,
        )

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
        _use_theme(config)
        log.info(describe(self.mode, self.serving))
        if self.serving and not self.dirty and self.last_good is None:
            log.info("notices: every save rebuilds the whole site; `mkdocs serve --dirty` (or `notices serve`) renders again only the pages a save touches")
        log.info(f"notices: data from {root}, as of {self.as_of.isoformat()}")
        served_at = os.environ.get("NOTICES_SITE_URL", "").strip()
        if served_at:
            try:
                check_url(served_at)
            except ValueError as exc:
                raise Abort(f"NOTICES_SITE_URL: {exc}") from None
        on_disk = self._fingerprints(config, root, served_at) if self.incremental else {}
        checked = load_and_check(root, self.as_of, Path(config.docs_dir), reuse=self.loaded if self.serving else None)
        shown = on_disk
        current = checked
        if checked.project is None or checked.catalogs is None or checked.errors:
            if not self.serving:
                raise Abort(report(checked.errors, base, checked.blockers if self.mode == "publish" else None))
            # An author is in the middle of an edit: keep the last good site, with the errors on every page.
            self.data_errors = [e.format(base) for e in checked.errors.sorted()]
            for line in self.data_errors:
                log.warning(line)
            if self.last_good is not None:
                checked = self.last_good
                shown = self.last_good_prints or on_disk
        else:
            self.last_good = checked
            self.last_good_prints = on_disk
        if self.mode == "publish" and checked.blockers:
            raise Abort(report(checked.blockers, base))
        if self.mode == "draft":
            # What stops publishing now, in every file that loads, even while others have errors.
            self.blockers = [e.format(base) for e in current.blockers.sorted()]
            for line in self.blockers:
                log.warning(f"publish blocker: {line}")
        self.changed_locks = checked.changed_locks
        if current.findings:
            # Warnings never fail a build (MkDocs' --strict counts log warnings): one line says where they are.
            log.info(f"notices: {compliance.summary(current.findings)}; `notices check` lists them")
        self.warnings = [f.format(base) for f in current.warnings]
        if checked.project is None or checked.catalogs is None:
            return config  # serving the errors alone: nothing good was ever built
        project = checked.project
        self.project = project
        if self.incremental:
            self.render_only = incremental.to_render(self.record, on_disk, shown, incremental.references(project))
            self.follows_markdown = incremental.pages_follow_markdown(self.record, on_disk, shown)
            self.new_record = BuildRecord(on_disk, shown)
            if self.render_only is not None:
                log.info(f"notices: rendering the pages of {len(self.render_only)} of {len(project.entities)} entities again (--dirty)")
            elif self.guard is not None and self.guard.take_rest():
                log.info("notices: rendering the rest of the site, after the pages in view")
            elif self.record is not None and self.guard is not None and self.guard.viewed and len(self.record.keys) > FIRST_PASS_ABOVE:
                # Every page may change: the ones in view first, then (in a second build) the rest.
                self.first_pass = set(self.guard.viewed)
                self.new_record = BuildRecord(self.record.on_disk, self.record.shown)
                shown = "the page" if len(self.first_pass) == 1 else f"the {len(self.first_pass)} pages"
                log.info(f"notices: rendering {shown} in view first; the rest follows in a second build")
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

    @property
    def keeps_pages(self) -> bool:
        """This build leaves some pages as the last one wrote them (a dirty ``mkdocs serve`` that may)."""
        return self.incremental and self.record is not None and (self.render_only is not None or self.follows_markdown or self.first_pass is not None)

    @property
    def incremental(self) -> bool:
        """A dirty ``mkdocs serve``: MkDocs writes only modified files, and the pages of unchanged data are not."""
        return self.serving and self.dirty

    def _fingerprints(self, config: MkDocsConfig, root: Path, served_at: str) -> dict[str, str]:
        """Every input of the pages, per unit: the data folder, the hand-written pages, templates, settings."""
        site_wide = [Path(config.docs_dir), THEME_DIR, *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])]
        if config.config_file_path:
            site_wide.append(Path(config.config_file_path))
        assert self.as_of is not None
        extra = [self.as_of.isoformat(), self.mode, repr(self.preview), served_at, str(config.site_url)]
        return incremental.fingerprints(root, site_wide, extra, page_template_dirs(config.theme.custom_dir))

    def on_serve(self, server: Any, config: MkDocsConfig) -> Any:
        """Watch the data folder, the templates and the package, wherever they are; never wait on a failed build."""
        watched = {Path(p).resolve() for p in config.watch}
        for folder in (data_dir(config), *([Path(config.theme.custom_dir)] if config.theme.custom_dir else []), Path(__file__).resolve().parent.parent):
            if folder.is_dir() and not any(folder.resolve().is_relative_to(w) for w in watched):
                server.watch(str(folder))
        if self.guard is None:
            self.guard = Guard(Path(config.site_dir), _project_dir(config), self.dirty)
            self.guard.install(server)
        return server

    @guarded
    def on_env(self, env: jinja2.Environment, config: MkDocsConfig) -> jinja2.Environment:
        """While serving, the theme's templates are compiled once, not at every build; a broken one is named first."""
        if self.serving:
            settings = reuse.digest([Path(config.config_file_path)] if config.config_file_path else [])
            if settings != self.settings:
                self.theme_code, self.settings = MemoryBytecodeCache(), settings
            env.bytecode_cache = self.theme_code
        _check_templates(env, config)
        return env

    def language_of(self, src_uri: str) -> str:
        """A page's language, as planned; a page the hooks did not add (none, today) is in the source language."""
        page = self.pages.get(src_uri)
        return page.place.language if page else self.source

    @guarded
    def on_page_markdown(self, markdown: str, page: Page) -> str:
        """The page's own title, and sitemap dates from the data, never from the clock."""
        title = self.titles.get(page.file.src_uri)
        if title:
            page.meta["title"] = title
        if self.as_of is not None and self.project is not None:
            planned = self.pages.get(page.file.src_uri)
            page.update_date = (planned.date if planned and planned.date else self.as_of).isoformat()
        return markdown

    def _add(self, files: Files, config: MkDocsConfig, uri: str, content: str, place: Place, in_nav: bool = False) -> NoticeFile:
        # Versions, histories and changes are reached through links, and other languages have their own nav
        # (made in on_nav): none of them is reported as missing from the nav.
        inclusion = InclusionLevel.INCLUDED if in_nav and place.language == self.source else InclusionLevel.NOT_IN_NAV
        file = NoticeFile.generated(config, uri, content=content, inclusion=inclusion)
        files.append(file)
        return file

    def _in_site_order(self, specs: list[PageSpec], language: str, config: MkDocsConfig) -> list[PageSpec | TreePage]:
        """The language's pages in the order of a full build: rendered ones, and the kept pages of unchanged entities."""
        if self.first_pass is not None and self.record is not None:
            kept = {page.uri: page for pages in self.record.pages.values() for page in pages}
            mount = urlsplit(config.site_url or "/").path
            return [
                spec if spec.uri not in kept or spec.entity is None or mount + page_url(spec.uri, config.use_directory_urls) in self.first_pass else kept[spec.uri]
                for spec in specs
            ]
        if self.render_only is None or self.record is None or self.project is None:
            return list(specs)
        by_entity: dict[str | None, list[PageSpec]] = {}
        for spec in specs:
            by_entity.setdefault(spec.entity, []).append(spec)
        ordered: list[PageSpec | TreePage] = list(by_entity.get(None, []))
        for entity in self.project.entities:
            if entity in self.render_only:
                ordered += by_entity.get(entity, [])
            else:
                ordered += [page for page in self.record.pages.get(entity, []) if page.place.language == language]
        return ordered

    def _keep(self, files: Files, config: MkDocsConfig, page: TreePage) -> None:
        """A page of an unchanged entity: listed as the last build wrote it, neither rendered nor written."""
        files.append(kept_file(config, page.uri, InclusionLevel.NOT_IN_NAV))
        self._remember(page)
        if self.record is not None and self.new_record is not None and page.uri in self.record.keys:
            self.new_record.keys[page.uri] = self.record.keys[page.uri]

    def _keep_unchanged(self, rendered: list[tuple[NoticeFile, str, Place]]) -> None:
        """Rendered pages whose HTML would come out as the last build wrote it are not handed to MkDocs again.

        An edit of one version changes its own pages and the changes pages
        next to it; the entity's other pages, and the home pages, usually
        render to the same Markdown, title, sidebar and languages.
        """
        assert self.new_record is not None and self.project is not None and self.tree is not None
        for file, content, place in rendered:
            uri, language, entity = file.src_uri, place.language, place.entity
            sidebar: tuple[Any, ...] = ()
            if entity is not None:
                prefix = language_prefix(language, self.source)
                uris = [entity_uri(entity, prefix)] + [notice_uri(entity, series, prefix) for series in self.project.entities[entity].notices]
                sidebar = tuple((u, str(self.titles.get(u))) for u in uris)
            languages = tuple(sorted(self.tree.counterparts.get(neutral(uri, language_prefix(language, self.source)), {}).items()))
            key = incremental.page_key(content, str(self.titles.get(uri)), self.tree.lock_banners.get(uri), languages, sidebar)
            self.new_record.keys[uri] = key
            if self.keeps_pages and self.record is not None and self.record.keys.get(uri) == key:
                file.kept = True

    def _remember(self, page: TreePage) -> None:
        if self.new_record is not None and (entity := page.place.entity) is not None:
            self.new_record.pages.setdefault(entity, []).append(dataclasses.replace(page, markdown=None, date=None))

    def _prepare_dirty_build(self, files: Files, config: MkDocsConfig, hand_written: dict[str, tuple[File, dict[str, File]]]) -> None:
        """Before a dirty build: hand-written pages follow a full rendering, and Material's search starts afresh.

        MkDocs writes a hand-written page again only when its file is newer than its page, but a full
        rendering (a site-wide change) may change its sidebar too. Material's search keeps the last
        index of a dirty build and merges one rebuilt page into it; :meth:`_merge_search` merges every
        rebuilt page instead, from the index of this build alone.
        """
        if self.render_only is None:  # a full rendering: they are not older than their pages, but follow the data
            for source_file, _ in hand_written.values():
                setattr(source_file, "is_modified", lambda: True)
        for plugin in config.plugins.values():
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None

    def _drafting_page(self, files: Files, config: MkDocsConfig, templates: list[Path], uri: str) -> None:
        """The drafting page: data errors, publish blockers and changed locked versions, for authors."""
        renderer = Renderer(templates, self.source, self.catalogs.ui(self.source) if self.catalogs else None, use_directory_urls=config.use_directory_urls)
        spec = PageSpec(uri, "drafting.md.j2", {"errors": self.data_errors, "blockers": self.blockers, "warnings": self.warnings, "mode": self.mode})
        files.append(File.generated(config, uri, content=renderer.render(spec), inclusion=InclusionLevel.NOT_IN_NAV))
        self.titles[uri] = renderer.titles[uri]

    @guarded
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        templates = page_template_dirs(config.theme.custom_dir)
        for theme_file in [f for f in files if f.src_uri.startswith("notices/") and f.src_uri.endswith(".j2")]:
            files.remove(theme_file)  # page templates, not assets: keep them out of the site
        if self.mode == "draft":
            self._drafting_page(files, config, templates, DRAFTING_URI)
        if self.project is None or self.catalogs is None or self.as_of is None:
            if self.data_errors and files.get_file_from_path(HOME_URI) is None:
                self._drafting_page(files, config, templates, HOME_URI)  # nothing good to show yet: the errors are the site
            return files
        if self.data_errors:
            _drop_unreadable(files)
        hand_written = self._hand_written(files)
        if self.incremental:
            self._prepare_dirty_build(files, config, hand_written)
        builder = SiteBuilder(
            self.project, self.catalogs, self.as_of, templates, site_url=config.site_url, use_directory_urls=config.use_directory_urls,
            render_only=self.render_only, changed_locks=self.changed_locks,
        )
        pages = {uri: HandWritten(uri, functools.partial(_content, source), {lang: functools.partial(_content, f) for lang, f in translations.items()}) for uri, (source, translations) in hand_written.items()}
        try:
            self.tree = tree = builder.tree(pages, list(config.nav or []), lambda specs, language: self._in_site_order(specs, language, config))
        except PageError as exc:
            cause = exc.__cause__ or exc
            message = describe_failure(cause, _project_dir(config))
            if not message.partition(": template error: ")[1]:
                raise cause from None  # not the template's mistake: a bug, reported as one
            raise Abort(f"{message} (while rendering {exc.uri})") from None
        rendered: list[tuple[NoticeFile, str, Place]] = []
        for site in tree.languages:
            for page in site.pages:
                self.pages[page.uri] = page
                if page.title is not None:
                    self.titles[page.uri] = page.title
                if page.hand_written is not None:
                    if site.language != self.source:
                        added = self._add(files, config, page.uri, page.hand_written.text_in(site.language, self.source), page.place, in_nav=True)
                        # Hand-written pages change only with the site-wide unit, which renders everything.
                        added.kept = self.render_only is not None and hand_written[page.hand_written.uri][0].generated_by is None
                    continue
                if page.markdown is None:
                    self._keep(files, config, page)
                else:
                    rendered.append((self._add(files, config, page.uri, page.markdown, page.place, in_nav=page.in_nav), page.markdown, page.place))
                self._remember(page)
            for extra in site.extras:
                files.append(kept_file(config, extra.uri) if extra.content is None else File.generated(config, extra.uri, content=extra.content))
        config.nav = _for_theme_nav(tree.languages[0].nav)
        if self.new_record is not None:
            self._keep_unchanged(rendered)
        return files

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

    @guarded
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        if self.project is None:
            return nav
        assert self.tree is not None
        self.navs = {self.source: nav}
        source_nav = config.nav
        for site in self.tree.languages[1:]:
            config.nav = _for_theme_nav(site.nav)
            self.navs[site.language] = get_navigation(files, config)
        config.nav = source_nav
        self.entity_navs = {key: self._entity_nav(files, *key) for key in self._entity_languages()}
        self.files = files
        for file in files.documentation_pages():
            if file.page is None or file.is_modified():
                continue
            # A page MkDocs does not read again still has its title in the sidebars of the pages it does, and its date in the sitemap.
            uri = file.src_uri
            if isinstance(file, NoticeFile) and uri in self.titles:
                # A title the nav gives (the home page's "Home") stays, as MkDocs keeps it for a page it reads.
                file.page.title = file.page.title or self.titles[uri]
            elif file.page.markdown is None:
                file.page.read_source(config)
            planned = self.pages.get(uri)
            file.page.update_date = (planned.date if planned and planned.date else self.as_of or datetime.date.today()).isoformat()
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
            context["notices_drafting"] = self._drafting_banner(page, config)
        if page.file.src_uri in self.titles and (self.project is None or page.file.src_uri == DRAFTING_URI):
            context["notices_title"] = self.titles[page.file.src_uri]
        if self.project is None or self.catalogs is None:
            return context
        language = self.language_of(page.file.src_uri)
        config.theme["language"] = language
        sites = {site.language: site for site in self.tree.languages} if self.tree else {}
        site_name = for_theme(sites[language].site_name if language in sites else self.project.site.name)
        config.site_name = site_name
        context["config"] = config
        title = self.titles.get(page.file.src_uri)
        if any(page.file.src_uri == site.home for site in sites.values()):
            context["notices_title"] = site_name
        elif title:
            context["notices_title"] = Markup("{} - {}").format(title, site_name)
        entity = self.pages[page.file.src_uri].place.entity if page.file.src_uri in self.pages else None
        context["nav"] = (entity and self.entity_navs.get((language, entity))) or self.navs.get(language, context["nav"])
        if language != self.source:
            # Material's search looks for search/search_index.json under this base.
            # The trailing slash matters: the search index URL is resolved against it.
            context["base_url"] = posixpath.join(context["base_url"], language) + "/"
        versions = self.tree.counterparts.get(neutral(page.file.src_uri, language_prefix(language, self.source)), {}) if self.tree else {}
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
        context["notices_feed"] = sites[language].feed_url if language in sites else None
        return context

    @guarded
    def on_template_context(self, context: dict[str, Any], template_name: str) -> dict[str, Any]:
        """The error page of a preview (``404.html``, one for the whole site) is marked as every page is, in the source language."""
        if self.preview is not None and template_name == "404.html":
            context["notices_preview"] = self._preview_banner(self.source)
        return context

    def _drafting_banner(self, page: Page, config: MkDocsConfig) -> dict[str, Any]:
        """What the drafting banner of a page says, in the page's language: the data's errors, the publish blockers, a changed lock."""
        language = self.language_of(page.file.src_uri)
        ui = self.catalogs.ui(language) if self.catalogs else None
        gettext = ui.gettext if ui else (lambda text: text)
        locked_on = self.tree.lock_banners.get(page.file.src_uri) if self.tree else None
        count = len(self.blockers)
        words = {key: gettext(message) for key, message in DRAFTING_BANNER.items()}
        words["blockers"] = (words["blockers_one"] if count == 1 else words["blockers_many"]) % {"count": count}
        if locked_on:
            words["locked_title"] %= {"date": long_date(datetime.date.fromisoformat(locked_on), language)}
        return {
            "url": get_relative_url(File(DRAFTING_URI, "", "", config.use_directory_urls).url, page.url),
            "blockers": count,
            "errors": self.data_errors,
            "locked_on": locked_on,
            "words": words,
        }

    def _refresh_drafting_banners(self, config: MkDocsConfig, record: BuildRecord) -> None:
        """Kept pages of a dirty build get this build's drafting banner when it says something new.

        The banner counts what stops publishing anywhere in the site, so an
        edit of one entity changes it on every page; the partial that renders
        it is rendered again for each kept page and put between its markers.
        """
        record.banner = (self.mode, len(self.blockers), tuple(self.data_errors))
        if self.mode != "draft" or not self.keeps_pages or self.record is None or self.record.banner == record.banner:
            return
        assert self.files is not None
        template = config.theme.get_env().get_template(DRAFTING_PARTIAL)
        for file in self.files.documentation_pages():
            if file.page is not None and not file.is_modified():
                path = Path(file.abs_dest_path)
                html = path.read_text("utf-8")
                banner = template.render(notices_drafting=self._drafting_banner(file.page, config))
                path.write_text(_BANNER.sub(lambda _: banner, html, count=1), "utf-8")

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
        return absolute(src_uri, config.site_url, config.use_directory_urls)

    @guarded
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Split the search index per language, give each language its own sitemap, and sum the build up."""
        # GitHub Pages runs Jekyll over a branch without this file: a file that starts with front matter
        # could then take another address (`permalink: /robots.txt`) or fail the whole site's build.
        (Path(config.site_dir) / NO_JEKYLL).write_bytes(b"")
        if self.preview is not None:
            # Search engines stay out of previews; a publish build writes no robots.txt at all.
            (Path(config.site_dir) / "robots.txt").write_text("# A preview of unpublished changes.\nUser-agent: *\nDisallow: /\n", "utf-8")
            # What the preview shows, for the workflow that publishes it (it reads this file as data, never runs it).
            manifest = {"preview": True, "pull_request": self.preview.pull_request, "commit": self.preview.commit}
            (Path(config.site_dir) / "preview.json").write_text(json.dumps(manifest) + "\n", "utf-8")
        if self.project is None:
            return
        index = None
        if self.new_record is not None:
            index = self._merge_search(config, self.new_record)
            self._refresh_drafting_banners(config, self.new_record)
        self._split_search_and_sitemaps(config, index)
        self.done = True
        if self.first_pass is not None and self.guard is not None:
            self.guard.follow_up()
        if self.progress_shown:
            self.progress_stream.write("\r\033[K")  # clear the progress line before the summary
        log.info(self.summary())

    def summary(self) -> str:
        """One line: pages per language, versions by status, translation coverage, time taken."""
        assert self.project is not None and self.catalogs is not None and self.as_of is not None
        assert self.tree is not None
        pages = {site.language: sum(1 for page in site.pages if page.title is not None) for site in self.tree.languages}
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

    def _merge_search(self, config: MkDocsConfig, record: BuildRecord) -> dict[str, Any] | None:
        """The search index of a dirty build holds the rebuilt pages alone: the kept pages' entries join them.

        Entries stay in page order, as a full build writes them. The files of
        the last build that this one no longer makes (an entity removed, a
        language dropped) are deleted, so that the site holds what a full
        build would.
        """
        site = Path(config.site_dir)
        files = self.files
        assert files is not None
        record.outputs = {f.src_uri for f in files if f.generated_by is not None}
        if self.record is not None:
            for uri in self.record.outputs - record.outputs:
                stale = Path(File(uri, "", str(site), config.use_directory_urls).abs_dest_path)
                stale.unlink(missing_ok=True)
                for folder in stale.parents:  # and the folders left empty
                    if folder == site or not folder.is_dir() or any(folder.iterdir()):
                        break
                    folder.rmdir()
        path = site / "search" / "search_index.json"
        if not path.is_file():
            return None
        index: dict[str, Any] = json.loads(path.read_text("utf-8"))
        if self.keeps_pages and self.record is not None:
            def by_page(docs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
                grouped: dict[str, list[dict[str, Any]]] = {}
                for doc in docs:
                    grouped.setdefault(doc["location"].split("#", 1)[0], []).append(doc)
                return grouped

            fresh, kept = by_page(index["docs"]), by_page(self.record.search)
            docs: list[dict[str, Any]] = []
            for file in files.documentation_pages():
                if file.page is not None:
                    docs += fresh.get(file.page.url, []) if file.is_modified() else kept.get(file.page.url, [])
            index["docs"] = docs
        record.search = index["docs"]
        return index

    def _split_search_and_sitemaps(self, config: MkDocsConfig, index: dict[str, Any] | None = None) -> None:
        """``index`` is the combined search index when this build has it already (see :meth:`_merge_search`)."""
        self._split_sitemap(Path(config.site_dir), config)
        path = Path(config.site_dir) / "search" / "search_index.json"
        if index is None:
            if not path.is_file():
                return
            index = json.loads(path.read_text("utf-8"))
        combined: dict[str, Any] = index

        def write(out: Path, language: str, docs: list[dict[str, Any]]) -> None:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps({"config": {**combined["config"], "lang": [language]}, "docs": docs}, ensure_ascii=False, separators=(",", ":")), "utf-8")

        for language in self.languages[1:]:
            prefix = f"{language}/"
            docs = [{**d, "location": d["location"][len(prefix) :]} for d in combined["docs"] if d["location"].startswith(prefix)]
            write(Path(config.site_dir) / language / "search" / "search_index.json", language, docs)
        write(path, self.source, [d for d in combined["docs"] if language_of_url(d["location"], self.languages) == self.source])

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


def _drop_unreadable(files: Files) -> None:
    """While serving with errors: a hand-written page that is not UTF-8 (reported as an error) is left out, not read."""
    for file in list(files.documentation_pages()):
        if file.abs_src_path is None:
            continue
        try:
            Path(file.abs_src_path).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            files.remove(file)


def _project_dir(config: MkDocsConfig) -> Path:
    """The folder of ``mkdocs.yml``: file names in messages are relative to it."""
    return Path(config.config_file_path or ".").resolve().parent


def _check_templates(env: jinja2.Environment, config: MkDocsConfig) -> None:
    """Compile the site's overrides and the built-in theme first, so that a broken one is named with its line.

    Otherwise the first page to use it fails inside MkDocs, which shows a traceback (or, while
    serving, the failure without its file).
    """
    for folder in [*([Path(config.theme.custom_dir)] if config.theme.custom_dir else []), THEME_DIR]:
        for path in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
            try:
                env.get_template(path.relative_to(folder).as_posix())
            except jinja2.TemplateSyntaxError as exc:
                raise Abort(describe_failure(exc, _project_dir(config))) from None


def _use_theme(config: MkDocsConfig) -> None:
    """The built-in templates, partials and styles, under the site's own ``custom_dir`` and over Material's."""
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    for setting, wanted in (("extra_css", STYLESHEETS), ("extra_javascript", SCRIPTS)):
        present = [str(item) for item in config[setting]]
        config[setting].extend(item for item in wanted if item not in present)


def _not_strict(config: MkDocsConfig) -> None:
    """Drafting is never strict: its warnings (publish blockers, fallbacks) must not stop the build.

    MkDocs counts warnings for ``--strict`` with a handler it attaches before
    any hook runs (ProperDocs on its own logger), so turning ``config.strict``
    off is not enough: the handler is detached too.
    """
    config.strict = False
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if isinstance(h, CountHandler)]:
            logger.removeHandler(handler)


def _content(file: File) -> str:
    return file.content_string


def _for_theme_nav(item: Any) -> Any:
    """A nav of the tree for Material, which prints titles unescaped: every title escaped, once."""
    if isinstance(item, dict):
        return {for_theme(title): _for_theme_nav(value) for title, value in item.items()}
    if isinstance(item, list):
        return [_for_theme_nav(i) for i in item]
    return item
