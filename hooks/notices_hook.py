"""MkDocs hooks: build the privacy-notice pages from ``data/``, in every language.

This file only forwards MkDocs events to :mod:`privacy_notices.mkdocs_adapter`;
the package does the work and can be tested without building a site.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from privacy_notices.mkdocs_adapter import NoticesAdapter

_adapter = NoticesAdapter()


# Before the plugins: they read site_name and site_url, which come from data/site.yml.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    return _adapter.on_config(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return _adapter.on_files(files, config)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    return _adapter.on_nav(nav, config, files)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _adapter.on_page_markdown(markdown, page)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    return _adapter.on_page_context(context, page, config)


# After the search plugin (priority 0) has written the combined index.
@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    _adapter.on_post_build(config)
