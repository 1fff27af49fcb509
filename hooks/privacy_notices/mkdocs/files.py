"""The tree's pages and files as MkDocs' Files: what each build hands MkDocs to write.

The hand-written pages of ``docs/`` are MkDocs' own files; their
translations (``about.fi.md``) leave the list and come back from the tree at
their language's address, as every generated page and file does.
"""

from __future__ import annotations

import functools
from pathlib import Path

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

from privacy_notices.data.project import Project
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.mkdocs.dirty import DirtyBuild
from privacy_notices.mkdocs.incremental import NoticeFile, kept_file
from privacy_notices.mkdocs.serving import describe_failure
from privacy_notices.site.render import Renderer
from privacy_notices.site.tree import Arrange, HandWritten, PageError, SiteBuilder, SiteTree, TreePage
from privacy_notices.site.contexts import PageSpec

Sources = dict[str, tuple[File, dict[str, File]]]
"""A hand-written page's address → its file and its translations' files by language."""


def hand_written(files: Files, languages: list[str]) -> Sources:
    """Hand-written pages and their translations (``about.fi.md``), which leave the file list."""
    suffixes = {f".{lang}.md": lang for lang in languages[1:]}
    pages: Sources = {}
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


def for_tree(sources: Sources) -> dict[str, HandWritten]:
    """The hand-written pages as the core takes them: each text read only when a language needs it."""
    def read(file: File) -> str:
        return file.content_string

    return {
        uri: HandWritten(uri, functools.partial(read, source), {lang: functools.partial(read, f) for lang, f in translations.items()})
        for uri, (source, translations) in sources.items()
    }


def drop_unreadable(files: Files) -> None:
    """While serving with errors: a hand-written page that is not UTF-8 (reported as an error) is left out, not read."""
    for file in list(files.documentation_pages()):
        if file.abs_src_path is None:
            continue
        try:
            Path(file.abs_src_path).read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            files.remove(file)


def add_page(files: Files, config: MkDocsConfig, page: TreePage, content: str, source: str) -> NoticeFile:
    # Versions, histories and changes are reached through links, and other languages have their own nav
    # (made in on_nav): none of them is reported as missing from the nav.
    inclusion = InclusionLevel.INCLUDED if page.in_nav and page.place.language == source else InclusionLevel.NOT_IN_NAV
    file = NoticeFile.with_content(config, page.uri, content, inclusion)
    files.append(file)
    return file


def add_tree(files: Files, config: MkDocsConfig, tree: SiteTree, sources: Sources, dirty: DirtyBuild) -> list[tuple[NoticeFile, str, TreePage]]:
    """Every page and file of the tree, in site order; the rendered pages, for the dirty build's bookkeeping."""
    rendered = []
    for site in tree.languages:
        for page in site.pages:
            if page.hand_written is not None:
                if site.language != tree.source:
                    added = add_page(files, config, page, page.hand_written.text_in(site.language, tree.source), tree.source)
                    # Hand-written pages change only with the site-wide unit, which renders everything.
                    added.kept = dirty.render_only is not None and not dirty.persisted and sources[page.hand_written.uri][0].generated_by is None
                continue
            if page.markdown is None:
                dirty.keep(files, config, page)
            else:
                rendered.append((add_page(files, config, page, page.markdown, tree.source), page.markdown, page))
            dirty.remember(page)
        for extra in site.extras:
            files.append(kept_file(config, extra.uri) if extra.content is None else File.generated(config, extra.uri, content=extra.content))
    return rendered


def drafting_page(files: Files, config: MkDocsConfig, templates: list[Path], project: Project | None, catalogs: Catalogs | None, spec: PageSpec) -> dict[str, Markup]:
    """The drafting page (data errors, publish blockers and changed locked versions, for authors); its title by address."""
    source = project.site.source_language if project else "en"  # the theme's language before any data loaded
    renderer = Renderer(templates, source, catalogs.ui(source) if catalogs else None, use_directory_urls=config.use_directory_urls)
    files.append(File.generated(config, spec.uri, content=renderer.render(spec), inclusion=InclusionLevel.NOT_IN_NAV))
    return {spec.uri: renderer.titles[spec.uri]}


def make_tree(builder: SiteBuilder, sources: Sources, config: MkDocsConfig, arrange: Arrange) -> SiteTree:
    """The core's site tree; a template's mistake stops the build on one line that names its file, line and page."""
    try:
        return builder.tree(for_tree(sources), list(config.nav or []), arrange)
    except PageError as exc:
        cause = exc.__cause__ or exc
        message = describe_failure(cause, Path.cwd())
        if not message.partition(": template error: ")[1]:
            raise cause from None  # not the template's mistake: a bug, reported as one
        raise Abort(f"{message} (while rendering {exc.uri})") from None
