"""What a build adds to the site folder after the engine wrote it: per-language search and sitemaps, host files.

Material writes one search index and MkDocs one sitemap for the whole site;
a reader of one language should search, and a search engine should find,
that language's pages alone. These work on the files, so any engine that
writes Material's index and a standard sitemap can use them.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.etree import ElementTree

from privacy_notices.site.modes import Preview
from privacy_notices.site.urls import language_of_url

NO_JEKYLL = ".nojekyll"
"""The empty file at a site's root that tells GitHub Pages to serve the files as they are, without Jekyll."""

SEARCH_INDEX = Path("search") / "search_index.json"
"""Where Material's search looks for its index, under each language's folder."""


def host_files(site: Path, preview: Preview | None) -> None:
    """``.nojekyll``; for a preview, a robots.txt that keeps search engines out and the manifest its workflow reads."""
    # GitHub Pages runs Jekyll over a branch without this file: a file that starts with front matter
    # could then take another address (`permalink: /robots.txt`) or fail the whole site's build.
    (site / NO_JEKYLL).write_bytes(b"")
    if preview is not None:
        # Search engines stay out of previews; a publish build writes no robots.txt at all.
        (site / "robots.txt").write_text("# A preview of unpublished changes.\nUser-agent: *\nDisallow: /\n", "utf-8")
        # What the preview shows, for the workflow that publishes it (it reads this file as data, never runs it).
        manifest = {"preview": True, "pull_request": preview.pull_request, "commit": preview.commit}
        (site / "preview.json").write_text(json.dumps(manifest) + "\n", "utf-8")


def split_search(site: Path, languages: list[str], index: dict[str, Any] | None = None) -> None:
    """Each language's own search index in its folder; the source language's at the root.

    ``index`` is the combined index when the build has it already (a dirty build merges it), else it is read.
    """
    path = site / SEARCH_INDEX
    if index is None:
        if not path.is_file():
            return
        index = json.loads(path.read_text("utf-8"))
    combined: dict[str, Any] = index

    def write(out: Path, language: str, docs: list[dict[str, Any]]) -> None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({"config": {**combined["config"], "lang": [language]}, "docs": docs}, ensure_ascii=False, separators=(",", ":")), "utf-8")

    for language in languages[1:]:
        prefix = f"{language}/"
        docs = [{**d, "location": d["location"][len(prefix) :]} for d in combined["docs"] if d["location"].startswith(prefix)]
        write(site / language / SEARCH_INDEX, language, docs)
    write(path, languages[0], [d for d in combined["docs"] if language_of_url(d["location"], languages) == languages[0]])


XHTML = "http://www.w3.org/1999/xhtml"
"""The namespace of a sitemap's ``<xhtml:link rel="alternate" hreflang>``."""


def split_sitemap(site: Path, languages: list[str], site_url: str | None, alternates: Mapping[str, list[tuple[str, str]]] | None = None) -> None:
    """``/<lang>/sitemap.xml`` with that language's pages; the root sitemap keeps them all.

    ``alternates`` (page address → its ``(hreflang, address)`` pairs) become each page's
    ``<xhtml:link rel="alternate">`` in every sitemap that lists it.
    """
    path = site / "sitemap.xml"
    if not path.is_file():
        return
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    ElementTree.register_namespace("", namespace)
    ElementTree.register_namespace("xhtml", XHTML)
    root = ElementTree.parse(path).getroot()
    for url in root:
        for hreflang, href in (alternates or {}).get((url.findtext(f"{{{namespace}}}loc") or "").strip(), []):
            ElementTree.SubElement(url, f"{{{XHTML}}}link", {"rel": "alternate", "hreflang": hreflang, "href": href})
    if alternates:
        ElementTree.indent(root)
        path.write_bytes(ElementTree.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n")
        gzipped = path.with_name(path.name + ".gz")
        if gzipped.is_file():
            gzipped.write_bytes(gzip.compress(path.read_bytes(), mtime=0))
    base = site_url or "/"
    for language in languages[1:]:
        prefix = urljoin(base, language + "/")
        subset = ElementTree.Element(root.tag, root.attrib)
        subset.extend(url for url in root if (url.findtext(f"{{{namespace}}}loc") or "").startswith(prefix))
        ElementTree.indent(subset)
        out = site / language / "sitemap.xml"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(ElementTree.tostring(subset, encoding="utf-8", xml_declaration=True) + b"\n")
