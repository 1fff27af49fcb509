"""The one module that knows MkDocs: it feeds validated data and rendered pages into a build.

``on_config`` loads and checks everything before MkDocs touches the site
folder, so bad data aborts the build with the full list of errors and leaves
the previous site as it was. ``on_files`` adds the generated pages and builds
the navigation from hand-written and index pages only.
"""

from __future__ import annotations

import datetime
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files, InclusionLevel

from .asof import AsOfError, as_of_date
from .errors import ErrorLog
from .loader import Project, load_project
from .render import Renderer
from .views import HOME_URI, PageSpec, entity_uri, plan_site

log = logging.getLogger("mkdocs.hooks.notices")


def data_dir(config: MkDocsConfig) -> Path:
    """The data folder: ``NOTICES_DATA`` if set, else ``data/`` beside ``mkdocs.yml``."""
    configured = os.environ.get("NOTICES_DATA")
    if configured:
        return Path(configured).resolve()
    return Path(config.config_file_path or ".").resolve().parent / "data"


def report(errors: ErrorLog, base: Path) -> str:
    """Log every error and return the one-line summary."""
    for error in errors.sorted():
        log.error(error.format(base))
    return f"{errors.summary()}; the site was not built"


def _conflicts(docs: Path, project: Project | None) -> ErrorLog:
    """Hand-written pages or folders that would take the address of generated ones."""
    errors = ErrorLog()
    entities = list(project.entities) if project else []
    if (docs / HOME_URI).exists():
        errors.add(docs / HOME_URI, 1, 1, "", "this page would replace the generated home page; put its text in site.yml's description, or rename it")
    for entity in entities:
        if (docs / entity).exists():
            errors.add(docs / entity, 1, 1, "", f"the folder '{entity}' would mix with the generated pages of entity '{entity}'; rename it")
    return errors


@dataclass
class NoticesAdapter:
    """State shared between the hook events of one build."""

    project: Project | None = None
    as_of: datetime.date | None = None
    pages: list[PageSpec] = field(default_factory=list)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = data_dir(config)
        base = root.parent
        try:
            self.as_of = as_of_date()
        except AsOfError as exc:
            raise Abort(str(exc)) from None
        project, errors = load_project(root)
        errors.extend(_conflicts(Path(config.docs_dir), project))
        if project is None or errors:
            raise Abort(report(errors, base))
        self.project = project
        self.pages = plan_site(project, self.as_of)
        config.site_name = project.site.name
        if project.site.base_url and not config.site_url:
            config.site_url = project.site.base_url
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        if self.project is None:
            return files
        templates = Path(config.theme.custom_dir or "overrides") / "notices"
        for theme_file in [f for f in files if f.src_uri.startswith("notices/") and f.src_uri.endswith(".j2")]:
            files.remove(theme_file)  # page templates, not assets: keep them out of the site
        renderer = Renderer(templates, self.project.site.source_language, use_directory_urls=config.use_directory_urls)
        for spec in self.pages:
            try:
                content = renderer.render(spec)
            except jinja2.TemplateError as exc:
                where = f"{getattr(exc, 'filename', None) or templates}:{getattr(exc, 'lineno', None) or 1}"
                raise Abort(f"{where}: template error while rendering {spec.uri}: {exc}") from None
            files.append(File.generated(config, spec.uri, content=content, inclusion=InclusionLevel.INCLUDED))
        config.nav = self._nav(files, config)
        return files

    def _nav(self, files: Files, config: MkDocsConfig) -> list[Any]:
        """Home, one index page per entity, then the hand-written pages: never notice versions."""
        assert self.project is not None
        nav: list[Any] = [{"Home": HOME_URI}]
        nav += [{record.data.name: entity_uri(record.id)} for record in self.project.entities.values()]
        if config.nav:
            nav += config.nav
        else:
            generated = {spec.uri for spec in self.pages}
            nav += sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in generated)
        return nav
