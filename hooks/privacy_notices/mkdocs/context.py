"""What Material's templates get for each page: its language, title, sidebar, alternates, feed and banners.

Material renders one site in one language; these values make each page
render in its own (see README, "Why no i18n plugin"). They come from the
core's :class:`~privacy_notices.site.tree.SiteTree`; only their shape is
Material's.
"""

from __future__ import annotations

import posixpath
from importlib.metadata import version
import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from privacy_notices.i18n.builtin import FALLBACK_PAGE_NOTE, NOT_FOUND, PERMALINK_TITLE
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.data.vocab import language_name
from privacy_notices.site.summary import drafting_words
from privacy_notices.site.tree import SiteTree, TreePage
from privacy_notices.data.addresses import DRAFTING_URI, HOME_URI
from privacy_notices.site.urls import absolute, language_prefix, neutral

MATERIAL_VERSION = version("mkdocs-material")
"""Named in each page's generator meta, as Material's own head does."""

DRAFTING_PARTIAL = "partials/notices-drafting.html"
BANNER = re.compile(r"<!--pn-drafting-->.*?<!--/pn-drafting-->", re.DOTALL)
"""The drafting banner within a page, as the partial marks it."""


def for_theme(text: str) -> Markup:
    """Text handed to Material's templates, which print it without escaping: escaped here, once.

    ``Markup`` is never escaped twice, so Material's own ``| e`` leaves it alone.

    >>> print(for_theme('Acme" onmouseover="x <b>'))
    Acme&#34; onmouseover=&#34;x &lt;b&gt;
    """
    return escape(str(text))


def gettext_of(catalogs: Catalogs | None, language: str) -> Callable[[str], str]:
    ui = catalogs.ui(language) if catalogs else None
    return ui.gettext if ui else (lambda text: text)


def page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, tree: SiteTree, catalogs: Catalogs,
    navs: dict[str, Navigation], entity_navs: dict[tuple[str, str], Navigation], hand_alternates: list[Any],
    planned: TreePage | None, title: Markup | None,
) -> None:
    """Give a page its language: interface, site name, browser title, sidebar, search base, alternates, feed.

    ``planned`` is the page in the tree (None for one the hooks did not add), ``title`` the title the hooks gave it.
    """
    uri = page.file.src_uri
    language = planned.place.language if planned else tree.source
    site = next(s for s in tree.languages if s.language == language)
    config.theme["language"] = language
    site_name = for_theme(site.site_name)
    config.site_name = site_name
    context["config"] = config
    if any(uri == s.home for s in tree.languages):
        context["notices_title"] = site_name
    elif title:
        context["notices_title"] = Markup("{} - {}").format(title, site_name)
    entity = planned.place.entity if planned else None
    context["nav"] = (entity and entity_navs.get((language, entity))) or navs.get(language, context["nav"])
    if language != tree.source:
        # Material's search looks for search/search_index.json under this base.
        # The trailing slash matters: the search index URL is resolved against it.
        context["base_url"] = posixpath.join(context["base_url"], language) + "/"
    language_selector(config, tree, tree.counterparts.get(neutral(uri, language_prefix(language, tree.source)), {}), hand_alternates)
    context["notices_fallback_note"] = catalogs.ui(language).gettext(FALLBACK_PAGE_NOTE)
    context["notices_source_language"] = tree.source
    context["notices_language_name"] = for_theme(language_name(language))
    # The feed's link on the language's home page alone: Material's script fetches the sitemap beside it (see main.html).
    context["notices_feed"] = site.feed_url if uri == site.home else None
    context["notices_material_version"] = MATERIAL_VERSION


def language_selector(config: MkDocsConfig, tree: SiteTree, versions: dict[str, str], hand_alternates: list[Any]) -> None:
    """Material's language selector: the page in each language it exists in, then the links mkdocs.yml adds."""
    config.extra["alternate"] = [
        {"name": for_theme(language_name(lang)), "link": absolute(versions[lang], config.site_url, config.use_directory_urls), "lang": lang}
        for lang in tree.codes
        if lang in versions
    ] + hand_alternates


def error_page_context(
    context: dict[str, Any], config: MkDocsConfig, tree: SiteTree, catalogs: Catalogs, navs: dict[str, Navigation], hand_alternates: list[Any], language: str,
) -> None:
    """Give the error page for an address the site does not have (``404.html``, one per language) its language.

    Its title reads as every page's: its heading, then the site's name; its language selector leads to each language's home page.
    """
    language_selector(config, tree, tree.counterparts.get(HOME_URI, {}), hand_alternates)
    site = next(s for s in tree.languages if s.language == language)
    config.theme["language"] = language
    config.site_name = for_theme(site.site_name)
    context["config"] = config
    context["nav"] = navs.get(language, context.get("nav"))
    heading = for_theme(catalogs.ui(language).gettext(NOT_FOUND))
    context["notices_not_found"] = heading
    context["notices_title"] = Markup("{} - {}").format(heading, config.site_name)


_CONFIGURED_TITLE = "_notices_permalink_title"
"""Where a build keeps, in its own ``config.extra``, the permalink tooltip its configuration set (Python-Markdown's
default where it set none), before the first page rewords it: each build reads its own, however many ``serve`` makes."""


def permalink_title(config: MkDocsConfig, catalogs: Catalogs | None, language: str) -> None:
    """The tooltip of the headings' permanent links in the page's language; Python-Markdown renders each page anew with ``mdx_configs``."""
    toc = config.mdx_configs.get("toc")
    if isinstance(toc, dict) and toc.get("permalink"):
        configured = config.extra.setdefault(_CONFIGURED_TITLE, str(toc.get("permalink_title", PERMALINK_TITLE)))
        toc["permalink_title"] = gettext_of(catalogs, language)(configured)


def drafting_banner(page: Page, config: MkDocsConfig, language: str, catalogs: Catalogs | None, tree: SiteTree | None, blockers: int, errors: list[str]) -> dict[str, Any]:
    """What the drafting banner of a page says, in the page's language: the data's errors, the publish blockers, a changed lock."""
    locked_on = tree.lock_banners.get(page.file.src_uri) if tree else None
    # The drafting page of the page's own language, where the site has one (each language has its copy of it).
    target = language_prefix(language, tree.source) + DRAFTING_URI if tree and tree.counterparts.get(DRAFTING_URI, {}).get(language) else DRAFTING_URI
    return {
        "url": get_relative_url(File(target, "", "", config.use_directory_urls).url, page.url),
        "blockers": blockers,
        "errors": errors,
        "locked_on": locked_on,
        "words": drafting_words(gettext_of(catalogs, language), blockers, locked_on, language),
    }
