"""MkDocs hooks: build the privacy-notice pages from ``data/``, in every language.

This file only forwards MkDocs events to :mod:`privacy_notices.mkdocs_adapter`;
the package does the work and can be tested without building a site. While
``mkdocs serve`` runs, a changed ``.py`` file of the package is imported
afresh before the next build, so an edit shows without a restart.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

PACKAGE = "privacy_notices"
HERE = Path(__file__).resolve().parent

_state: dict[str, Any] = {"command": None, "dirty": False, "adapter": None, "stamp": None, "guard": None}
"""What outlives one build while serving: the command, the adapter (with the last good data and what it wrote), the
package's age, and the guard that keeps the server from waiting on a failed build (it outlives a reload of the package)."""


def _package() -> ModuleType:
    """The adapter module, imported afresh when a file of the package changed since the last build."""
    folder = HERE / PACKAGE
    stamp = max((p.stat().st_mtime_ns for p in folder.rglob("*.py")), default=0) if folder.is_dir() else 0
    if _state["stamp"] is not None and stamp != _state["stamp"]:
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        _state["adapter"] = None  # its data are objects of the old code
    _state["stamp"] = stamp
    sys.path.insert(0, str(HERE))  # this checkout's package, as MkDocs had it when it loaded this file
    try:
        return importlib.import_module(f"{PACKAGE}.mkdocs_adapter")
    finally:
        sys.path.remove(str(HERE))


def _adapter() -> Any:
    return _state["adapter"]


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command
    _state["dirty"] = dirty


# Before the plugins: they read site_name and site_url, which come from data/site.yml.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    module = _package()
    previous = _state["adapter"]
    _state["adapter"] = module.NoticesAdapter.after(previous, command=_state["command"], dirty=_state["dirty"], guard=_state["guard"])
    return _adapter().on_config(config)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    return _adapter().on_env(env, config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return _adapter().on_files(files, config)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    return _adapter().on_nav(nav, config, files)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _adapter().on_page_markdown(markdown, page)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    return _adapter().on_page_context(context, page, config)


# After the search plugin (priority 0) has written the combined index.
@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    _adapter().on_post_build(config)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """Watch the data folder wherever it is (NOTICES_DATA may point outside the project); never wait on a failed build."""
    served = _adapter().on_serve(server, config)
    _state["guard"] = _adapter().guard
    return served
