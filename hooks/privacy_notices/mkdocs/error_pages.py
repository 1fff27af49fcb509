"""The error page (``404.html``) of every language, titled and marked as every page is.

MkDocs renders one error page, in the theme's language, at the site's root;
hosts serve the error page nearest the address asked for, so every further
language gets its own under its folder, from the same template.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.mkdocs import context as pages_context
from privacy_notices.site.modes import Preview
from privacy_notices.site.summary import preview_words
from privacy_notices.site.tree import SiteTree

Fill = Callable[[dict[str, Any], str], None]
"""Completes an error page's template context for a language."""


def fill(context: dict[str, Any], language: str, config: MkDocsConfig, preview: Preview | None, tree: SiteTree | None, catalogs: Catalogs | None, navs: dict[str, Navigation], hand_alternates: list[Any]) -> None:
    """An error page's context: titled as every page is, with its language's navigation; a preview's marked as such."""
    if preview is not None:
        context["notices_preview"] = preview_words(preview, pages_context.gettext_of(catalogs, language))
    if tree is not None and catalogs is not None:
        pages_context.error_page_context(context, config, tree, catalogs, navs, hand_alternates, language)


def write_all(site: Path, config: MkDocsConfig, env: jinja2.Environment, tree: SiteTree, files: Files, navs: dict[str, Navigation], fill_one: Fill) -> None:
    """``<lang>/404.html`` for every language after the source's (MkDocs writes the source's at the root)."""
    template = env.get_template("404.html")
    source = config.theme["language"], config.site_name
    for language in tree.codes[1:]:
        context: dict[str, Any] = dict(get_context(navs.get(language) or Navigation([], []), files, config, base_url=urlsplit(config.site_url or "/").path))
        fill_one(context, language)
        output = config.plugins.on_post_template(template.render(context), template_name="404.html", config=config)
        (site / language / "404.html").write_text(output, "utf-8")
    config.theme["language"], config.site_name = source
