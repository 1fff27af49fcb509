"""The tree's navigation as MkDocs' Navigation objects: one per language, and one sidebar per entity.

MkDocs makes one navigation from ``config.nav``; each other language's is
made the same way from the tree's nav for it. A sidebar listing every entity
would be rendered into every page (pages × entities) and is of no use to a
reader among hundreds of companies, so an entity's pages get a sidebar of
their own and the home page lists every entity.
"""

from __future__ import annotations

import datetime
from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section, get_navigation

from privacy_notices.data.project import Project
from privacy_notices.mkdocs.context import for_theme
from privacy_notices.mkdocs.incremental import NoticeFile
from privacy_notices.site.tree import SiteTree, TreePage
from privacy_notices.site.urls import entity_uri, notice_uri


def for_theme_nav(item: Any) -> Any:
    """A nav of the tree for Material, which prints titles unescaped: every title escaped, once."""
    if isinstance(item, dict):
        return {for_theme(title): for_theme_nav(value) for title, value in item.items()}
    if isinstance(item, list):
        return [for_theme_nav(i) for i in item]
    return item


def language_navs(nav: Navigation, config: MkDocsConfig, files: Files, tree: SiteTree) -> dict[str, Navigation]:
    """Every language's navigation: MkDocs' own for the source language, the others made from the tree's."""
    navs = {tree.source: nav}
    source_nav = config.nav
    for site in tree.languages[1:]:
        config.nav = for_theme_nav(site.nav)
        navs[site.language] = get_navigation(files, config)
    config.nav = source_nav
    return navs


def entity_navs(files: Files, tree: SiteTree, project: Project, navs: dict[str, Navigation]) -> dict[tuple[str, str], Navigation]:
    """(language, entity) → the sidebar of that entity's pages: home, the entity and its notices, the hand-written pages."""
    sidebars = {}
    for site in tree.languages:
        base = navs[site.language]
        for record in project.entities.values():
            if not project.publishes(record.id, site.language):
                continue
            uris = [entity_uri(record.id, site.prefix)] + [notice_uri(record.id, series, site.prefix) for series in record.notices]
            pages = [page for uri in uris if (found := files.get_file_from_path(uri)) is not None and (page := found.page) is not None]
            section = Section(for_theme(record.data.name), list(pages))
            for page in pages:
                page.parent = section
            sidebars[(site.language, record.id)] = Navigation([*base.items[:1], section, *base.items[1:]], [*base.pages[:1], *pages, *base.pages[1:]])
    return sidebars


def settle_unread(files: Files, config: MkDocsConfig, pages: dict[str, TreePage], titles: dict[str, Markup], day: datetime.date) -> None:
    """A page MkDocs does not read again still has its title in the sidebars of the pages it does, and its date in the sitemap."""
    for file in files.documentation_pages():
        if file.page is None or file.is_modified():
            continue
        uri = file.src_uri
        if isinstance(file, NoticeFile) and uri in titles:
            # A title the nav gives (the home page's "Home") stays, as MkDocs keeps it for a page it reads.
            file.page.title = file.page.title or titles[uri]
        elif file.page.markdown is None:
            file.page.read_source(config)
        planned = pages.get(uri)
        file.page.update_date = (planned.date if planned and planned.date else day).isoformat()
