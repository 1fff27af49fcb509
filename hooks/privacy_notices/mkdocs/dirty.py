"""The bookkeeping of a dirty build (``mkdocs serve --dirty``): which pages it renders, keeps, writes and indexes.

What a save renders again is decided by :mod:`.incremental` from the
fingerprints of the data; this module carries that decision through one
build: the kept pages of unchanged entities in site order, the rendered pages
whose HTML would come out as before, and the search index and drafting
banners of the pages MkDocs does not write again.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from privacy_notices.data.project import Project
from privacy_notices.mkdocs import incremental
from privacy_notices.mkdocs.incremental import BuildRecord, NoticeFile, kept_file
from privacy_notices.mkdocs.serving import Guard
from privacy_notices.site.outputs import SEARCH_INDEX
from privacy_notices.site.theme import THEME_DIR, page_template_dirs
from privacy_notices.site.tree import SiteTree, TreePage
from privacy_notices.site.urls import entity_uri, neutral, notice_uri, page_url
from privacy_notices.site.contexts import PageSpec

log = logging.getLogger("mkdocs.hooks.notices")

FIRST_PASS_ABOVE = 150
"""Pages a site has before a save that changes every page renders the pages in view first, in a build of their own."""


@dataclass
class DirtyBuild:
    """What the last build of this ``mkdocs serve`` left, and what this one renders, keeps and records."""

    on: bool = False
    """A dirty ``mkdocs serve``: MkDocs writes only modified files, and the pages of unchanged data are not."""
    record: BuildRecord | None = None
    """What the last complete build of this ``mkdocs serve`` wrote, when it was dirty."""
    new_record: BuildRecord | None = None
    """What this build writes, for the next one; complete once the build has run."""
    render_only: set[str] | None = None
    """The entities whose pages this build renders; None for all (every build but an incremental one)."""
    follows_markdown: bool = False
    """Every page's HTML follows from its Markdown, title, sidebar and banners as before (only data or page
    templates changed): a page rendered again to the same :func:`incremental.page_key` is not written."""
    first_pass: set[str] | None = None
    """The URL paths of the pages in view, when this build renders only them and leaves the rest to a second build."""
    persisted: bool = False
    """A cached publishing build (:mod:`.cache`): the record came from disk, and hand-written pages are always
    written again (a fresh checkout makes every source file newer than its page in any case)."""

    @classmethod
    def after(cls, previous: DirtyBuild | None, *, done: bool, failing: bool, on: bool) -> DirtyBuild:
        """The bookkeeping of the next build: what the last one wrote (all of it, if it finished), when it can be trusted."""
        record = (previous.new_record if done else previous.record) if previous else None
        if record is not None and failing:
            # A failed build may have written some pages: none is trusted to be as the record says.
            record = dataclasses.replace(record, keys={})
        return cls(on=on, record=record)

    @property
    def keeps_pages(self) -> bool:
        """This build leaves some pages as the last one wrote them."""
        return self.on and self.record is not None and (self.render_only is not None or self.follows_markdown or self.first_pass is not None)

    def plan(self, project: Project, on_disk: dict[str, str], shown: dict[str, str], guard: Guard | None) -> None:
        """Decide what this build renders: the entities a save touched, the pages in view first, or everything."""
        if not self.on:
            return
        self.render_only = incremental.to_render(self.record, on_disk, shown, incremental.references(project))
        self.follows_markdown = incremental.pages_follow_markdown(self.record, on_disk, shown)
        self.new_record = BuildRecord(on_disk, shown)
        if self.render_only is not None:
            log.info(f"notices: rendering the pages of {len(self.render_only)} of {len(project.entities)} entities again (--dirty)")
        elif guard is not None and guard.take_rest():
            log.info("notices: rendering the rest of the site, after the pages in view")
        elif self.record is not None and guard is not None and guard.viewed and len(self.record.keys) > FIRST_PASS_ABOVE:
            # Every page may change: the ones in view first, then (in a second build) the rest.
            self.first_pass = set(guard.viewed)
            self.new_record = BuildRecord(self.record.on_disk, self.record.shown)
            pages = "the page" if len(self.first_pass) == 1 else f"the {len(self.first_pass)} pages"
            log.info(f"notices: rendering {pages} in view first; the rest follows in a second build")

    def arrange(self, specs: list[PageSpec], language: str, config: MkDocsConfig, entities: Sequence[str]) -> list[PageSpec | TreePage]:
        """The language's pages in the order of a full build: rendered ones, and the kept pages of unchanged entities."""
        if self.first_pass is not None and self.record is not None:
            kept = {page.uri: page for pages in self.record.pages.values() for page in pages}
            mount = urlsplit(config.site_url or "/").path
            return [
                spec if spec.uri not in kept or spec.entity is None or mount + page_url(spec.uri, config.use_directory_urls) in self.first_pass else kept[spec.uri]
                for spec in specs
            ]
        if self.render_only is None or self.record is None:
            return list(specs)
        by_entity: dict[str | None, list[PageSpec]] = {}
        for spec in specs:
            by_entity.setdefault(spec.entity, []).append(spec)
        ordered: list[PageSpec | TreePage] = list(by_entity.get(None, []))
        for entity in entities:
            if entity in self.render_only:
                ordered += by_entity.get(entity, [])
            else:
                ordered += [page for page in self.record.pages.get(entity, []) if page.place.language == language]
        return ordered

    def prepare(self, config: MkDocsConfig, hand_written: list[File]) -> None:
        """Before a dirty build: hand-written pages follow a full rendering, and Material's search starts afresh.

        MkDocs writes a hand-written page again only when its file is newer than its page, but a full
        rendering (a site-wide change) may change its sidebar too. Material's search keeps the last
        index of a dirty build and merges one rebuilt page into it; :meth:`merge_search` merges every
        rebuilt page instead, from the index of this build alone.
        """
        if not self.on:
            return
        if self.render_only is None or self.persisted:  # a full rendering: they are not older than their pages, but follow the data
            for source_file in hand_written:
                setattr(source_file, "is_modified", lambda: True)
        for plugin in config.plugins.values():
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None

    def keep(self, files: Files, config: MkDocsConfig, page: TreePage) -> None:
        """A page of an unchanged entity: listed as the last build wrote it, neither rendered nor written."""
        files.append(kept_file(config, page.uri, InclusionLevel.NOT_IN_NAV))
        if self.record is not None and self.new_record is not None and page.uri in self.record.keys:
            self.new_record.keys[page.uri] = self.record.keys[page.uri]

    def remember(self, page: TreePage) -> None:
        if self.new_record is not None and (entity := page.place.entity) is not None:
            self.new_record.pages.setdefault(entity, []).append(dataclasses.replace(page, markdown=None, date=None))

    def keep_unchanged(self, rendered: list[tuple[NoticeFile, str, TreePage]], tree: SiteTree, project: Project, titles: dict[str, Any]) -> None:
        """Rendered pages whose HTML would come out as the last build wrote it are not handed to MkDocs again.

        An edit of one version changes its own pages and the changes pages
        next to it; the entity's other pages, and the home pages, usually
        render to the same Markdown, title, sidebar and languages.
        """
        if self.new_record is None:
            return
        prefixes = {site.language: site.prefix for site in tree.languages}
        for file, content, page in rendered:
            uri, prefix, entity = file.src_uri, prefixes[page.place.language], page.place.entity
            sidebar: tuple[Any, ...] = ()
            if entity is not None:
                uris = [entity_uri(entity, prefix)] + [notice_uri(entity, series, prefix) for series in project.entities[entity].notices]
                sidebar = tuple((u, str(titles.get(u))) for u in uris)
            languages = tuple(sorted(tree.counterparts.get(neutral(uri, prefix), {}).items()))
            key = incremental.page_key(content, str(titles.get(uri)), tree.lock_banners.get(uri), languages, sidebar)
            self.new_record.keys[uri] = key
            if self.keeps_pages and self.record is not None and self.record.keys.get(uri) == key:
                file.kept = True

    def merge_search(self, config: MkDocsConfig, files: Files) -> dict[str, Any] | None:
        """The search index of a dirty build holds the rebuilt pages alone: the kept pages' entries join them.

        Entries stay in page order, as a full build writes them. The files of
        the last build that this one no longer makes (an entity removed, a
        language dropped) are deleted, so that the site holds what a full
        build would.
        """
        record = self.new_record
        if record is None:
            return None
        site = Path(config.site_dir)
        record.outputs = {f.src_uri for f in files if f.generated_by is not None}
        if self.record is not None:
            for uri in self.record.outputs - record.outputs:
                stale = Path(File(uri, "", str(site), config.use_directory_urls).abs_dest_path)
                stale.unlink(missing_ok=True)
                for folder in stale.parents:  # and the folders left empty
                    if folder == site or not folder.is_dir() or any(folder.iterdir()):
                        break
                    folder.rmdir()
        path = site / SEARCH_INDEX
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

    def refresh_banners(self, config: MkDocsConfig, files: Files, banner: tuple[Any, ...], partial: str, marked: re.Pattern[str], words: Callable[[Page], dict[str, Any]]) -> None:
        """Kept pages of a dirty build get this build's drafting banner when it says something new.

        The banner counts what stops publishing anywhere in the site, so an
        edit of one entity changes it on every page; the partial that renders
        it is rendered again for each kept page and put between its markers.
        ``banner`` is what it says (mode, blockers, errors); ``words`` what it says on a page.
        """
        if self.new_record is None:
            return
        self.new_record.banner = banner
        if banner[0] != "draft" or not self.keeps_pages or self.record is None or self.record.banner == banner:
            return
        template = config.theme.get_env().get_template(partial)
        for file in files.documentation_pages():
            if file.page is not None and not file.is_modified():
                path = Path(file.abs_dest_path)
                html = path.read_text("utf-8")
                text = template.render(notices_drafting=words(file.page))
                path.write_text(marked.sub(lambda _: text, html, count=1), "utf-8")


def fingerprints(config: MkDocsConfig, root: Path, as_of: datetime.date, extra: list[str], by_content: bool = False) -> dict[str, str]:
    """Every input of the pages, per unit: the data folder, the hand-written pages, templates, settings, the day, and ``extra``.

    ``by_content`` (a cached publishing build) reads the files' bytes and leaves the day out: :mod:`.cache`
    counts it per entity, by what it changes.
    """
    extra = extra if by_content else [str(as_of), *extra]
    site_wide = [Path(config.docs_dir), THEME_DIR, *([Path(config.theme.custom_dir)] if config.theme.custom_dir else [])]
    if config.config_file_path:
        site_wide.append(Path(config.config_file_path))
    return incremental.fingerprints(root, site_wide, extra, page_template_dirs(config.theme.custom_dir), by_content)
