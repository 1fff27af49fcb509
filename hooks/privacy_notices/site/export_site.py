"""``notices export-site``: the site's whole source as a plain folder that an engine builds without the hooks.

Engines are moving (Material for MkDocs ends, MkDocs 2 drops plugins,
Zensical runs no hooks and asks for pages made before its build): the
:class:`~privacy_notices.site.tree.SiteTree` written out is a site any of
them can build. The folder holds ``docs/`` (every language's pages, where the
URL scheme puts them, with the feeds, ``notice.json`` exports, the schema,
the hand-written pages and the theme's styles), ``site.json`` (each
language's settings and navigation) and ``mkdocs.yml``, which Zensical reads
as its configuration (it looks for ``zensical.toml``, then ``mkdocs.yml``).
"""

from __future__ import annotations

import datetime
import functools
import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from markupsafe import Markup

from privacy_notices.checks.pipeline import Checked, load_and_check
from privacy_notices.data.vocab import language_name
from privacy_notices.site.theme import SCRIPTS, STYLESHEETS, THEME_DIR, page_template_dirs
from privacy_notices.site.tree import HandWritten, SiteBuilder, SiteTree, TreePage

DOCS = "docs"
"""The pages and files, as the site's URLs have them."""

CONFIG = "mkdocs.yml"
"""The engine's configuration: Zensical reads it as it is."""

SETTINGS = "site.json"
"""Every language's settings and navigation, for an engine that builds one language at a time."""

ENGINE_KEYS = ("markdown_extensions", "use_directory_urls", "copyright", "extra")
"""What ``mkdocs.yml`` says of the pages' HTML, and so goes into the exported configuration as it is."""


class ExportRefused(Exception):
    """The folder cannot take the export; the message says why, on one line."""


class _Lenient(yaml.SafeLoader):
    """Reads ``mkdocs.yml`` with its ``!!python/name:`` and ``!ENV`` tags as plain values: only settings are wanted."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: loader.construct_scalar(node) if isinstance(node, yaml.ScalarNode) else None)


def read_engine_settings(path: Path) -> dict[str, Any]:
    """The settings of a site's ``mkdocs.yml`` (empty when there is none)."""
    if not path.is_file():
        return {}
    loaded = yaml.load(path.read_text("utf-8"), Loader=_Lenient)  # noqa: S506 (a SafeLoader)
    return loaded if isinstance(loaded, dict) else {}


def hand_written(docs: Path, languages: list[str]) -> tuple[dict[str, HandWritten], list[str]]:
    """The hand-written pages of ``docs/`` with their translations (``about.fi.md``), and its other files."""
    suffixes = {f".{lang}.md": lang for lang in languages[1:]}
    pages: dict[str, HandWritten] = {}
    translations: dict[str, dict[str, Path]] = {}
    others: list[str] = []
    for path in sorted(docs.rglob("*")) if docs.is_dir() else []:
        uri = path.relative_to(docs).as_posix()
        if not path.is_file() or any(part.startswith(".") for part in uri.split("/")):
            continue
        language = next((lang for suffix, lang in suffixes.items() if uri.endswith(suffix)), None)
        if language:
            translations.setdefault(uri[: -len(f".{language}.md")] + ".md", {})[language] = path
        elif uri.endswith(".md"):
            pages[uri] = HandWritten(uri, functools.partial(path.read_text, encoding="utf-8"))
        else:
            others.append(uri)
    for uri, page in pages.items():
        page.translations = {lang: functools.partial(path.read_text, encoding="utf-8") for lang, path in translations.get(uri, {}).items()}
    return pages, others


def export_project(target: Path, data: Path, project_dir: Path, as_of: datetime.date, docs: Path | None = None) -> Checked | SiteTree:
    """Check the data as a publishing build does and export the site: the tree written, or what stopped it.

    ``docs`` is the hand-written pages' folder as the command's settings found it (mkdocs.yml's
    ``docs_dir``), so that the export checks the pages a build and ``notices validate`` check.

    Raises :class:`ExportRefused` before anything is read when ``target`` cannot take it, and
    :class:`~privacy_notices.site.tree.PageError` when a template fails.
    """
    settings = read_engine_settings(project_dir / CONFIG)
    docs = docs or project_dir / str(settings.get("docs_dir") or DOCS)
    reason = refusal(target, [data, docs])
    if reason:
        raise ExportRefused(reason)
    checked = load_and_check(data, as_of, docs)
    if checked.project is None or checked.catalogs is None or checked.errors or checked.blockers:
        return checked
    theme = given if isinstance(given := settings.get("theme"), dict) else {}
    custom_dir = project_dir / theme["custom_dir"] if theme.get("custom_dir") else None
    site_url = settings.get("site_url") or checked.project.site.base_url or None
    settings["site_url"] = site_url
    builder = SiteBuilder(
        checked.project, checked.catalogs, as_of, page_template_dirs(custom_dir), site_url=site_url,
        use_directory_urls=settings.get("use_directory_urls", True) is not False,
    )
    pages, _ = hand_written(docs, checked.project.site.all_languages)
    nav = given_nav if isinstance(given_nav := settings.get("nav"), list) else []
    tree = builder.tree(pages, nav)
    export(target, tree, docs, custom_dir, settings, [data, docs])
    return tree


def refusal(target: Path, forbidden: Iterable[Path]) -> str | None:
    """Why ``target`` cannot take an export, or None: it must be a new or empty folder outside ``forbidden``."""
    where = target.resolve()
    for folder in forbidden:
        if where.is_relative_to(folder.resolve()):
            return f"{target} is inside {folder}: the export goes elsewhere, so that it never mixes with the site's sources"
    if where.exists() and not where.is_dir():
        return f"{target} is a file: give a new or empty folder"
    if where.is_dir() and any(where.iterdir()):
        return f"{target} is not empty: give a new or empty folder, so that nothing of yours is overwritten"
    if not where.parent.is_dir():
        return f"{target.parent} does not exist"
    return None


def export(target: Path, tree: SiteTree, docs: Path, custom_dir: Path | None, settings: dict[str, Any], forbidden: Iterable[Path]) -> None:
    """Write the tree into ``target`` whole, or nothing: it is made beside it and renamed into place."""
    reason = refusal(target, forbidden)
    if reason:
        raise ExportRefused(reason)
    where = target.resolve()
    staging = Path(tempfile.mkdtemp(prefix=f".{where.name}.", dir=where.parent))
    try:
        write(staging, tree, docs, custom_dir, settings)
        if where.is_dir():
            where.rmdir()  # empty, as checked: the rename takes its place
        staging.rename(where)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write(root: Path, tree: SiteTree, docs: Path, custom_dir: Path | None, settings: dict[str, Any]) -> None:
    """The folder's files: pages, extra files, hand-written pages' other files, the theme's styles, the settings."""
    out = root / DOCS
    for site in tree.languages:
        for page in site.pages:
            text = page.hand_written.text_in(site.language, tree.source) if page.hand_written else _with_title(page)
            _put(out / page.uri, text)
        for extra in site.extras:
            _put(out / extra.uri, extra.content or "")
    _, others = hand_written(docs, [site.language for site in tree.languages])
    for uri in others:
        _copy(docs / uri, out / uri)
    for asset in (*STYLESHEETS, *SCRIPTS):
        own = custom_dir / asset if custom_dir else None
        _copy(own if own and own.is_file() else THEME_DIR / asset, out / asset)
    (root / SETTINGS).write_text(json.dumps(tree_settings(tree), indent=2, ensure_ascii=False) + "\n", "utf-8")
    (root / CONFIG).write_text(yaml.safe_dump(engine_config(tree, settings), allow_unicode=True, sort_keys=False), "utf-8")


def tree_settings(tree: SiteTree) -> dict[str, Any]:
    """What each language is built with: its folder, name, interface language, home, feed and navigation."""
    return {
        "source_language": tree.source,
        "languages": [
            {"language": s.language, "folder": s.prefix, "site_name": s.site_name, "theme_language": s.language, "home": s.home, "feed": s.feed_url, "nav": s.nav}
            for s in tree.languages
        ],
    }


def engine_config(tree: SiteTree, settings: dict[str, Any]) -> dict[str, Any]:
    """The configuration Zensical builds the folder with (MkDocs with Material would too).

    One configuration has one navigation and one interface language: the
    source language's, with a section per other language holding its own.
    """
    source = tree.languages[0]
    theme = given if isinstance(given := settings.get("theme"), dict) else {}
    nav = list(source.nav) + [{language_name(s.language): s.nav} for s in tree.languages[1:]]
    config: dict[str, Any] = {"site_name": source.site_name}
    if settings.get("site_url"):
        config["site_url"] = settings["site_url"]
    config |= {
        "docs_dir": DOCS,
        "site_dir": "site",
        "theme": {"name": "material", "language": tree.source, **{k: theme[k] for k in ("features", "font", "palette") if k in theme}},
        "extra_css": list(STYLESHEETS),
        "extra_javascript": list(SCRIPTS),
        "plugins": ["search"],
        "nav": nav,
    }
    config |= {key: settings[key] for key in ENGINE_KEYS if key in settings and key != "extra"}
    return config


def _with_title(page: TreePage) -> str:
    """A generated page's Markdown, its title in front matter (an engine without the hooks reads it there)."""
    title = Markup(page.title or "").striptags()
    return "---\n" + yaml.safe_dump({"title": title}, allow_unicode=True, width=10_000) + "---\n\n" + (page.markdown or "")


def _put(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    os.utime(target)
