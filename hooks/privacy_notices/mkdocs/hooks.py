"""The MkDocs hook events of a notices site, for its ``hooks/notices_hook.py`` to import.

A site's hook file is one line, ``from privacy_notices.mkdocs.hooks import *``,
so a new release of the generator brings new events with it and no site keeps
an old copy of them. Each event hands over to :mod:`.mkdocs_adapter`, which
does the work and can be tested without building a site.

While ``mkdocs serve`` runs, a changed ``.py`` file of the package is
imported afresh, from the folder it was first loaded from, before the next
build: an edit of the generator shows without a restart. This module keeps
what outlives one build (the command and the adapter), so the old copy of it,
whose events MkDocs holds, goes on serving while the rest is reloaded.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypedDict

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

if TYPE_CHECKING:  # imported for its types alone: at run time the adapter module is imported, afresh after a change, by _adapter_module
    from privacy_notices.mkdocs.adapter import NoticesAdapter
    from privacy_notices.mkdocs.serving import Guard

__all__ = ["on_startup", "on_config", "on_env", "on_files", "on_nav", "on_page_markdown", "on_page_context", "on_template_context", "on_post_build", "on_serve"]

PACKAGE = __name__.split(".")[0]
FOLDER = Path(__file__).resolve().parent.parent
"""The package's folder (this module sits in its ``mkdocs`` layer); its parent is where a reload imports it from again."""



class _State(TypedDict):
    command: str | None
    dirty: bool
    adapter: NoticesAdapter | None
    """An object of the adapter module as last imported: after a reload, of the new code's class."""
    stamp: int | None
    guard: Guard | None


_state: _State = {"command": None, "dirty": False, "adapter": None, "stamp": None, "guard": None}
"""What outlives one build while serving: the command, the adapter (with the last good data and what it wrote), the
package's age, and the guard that keeps the server from waiting on a failed build (it outlives a reload of the package)."""


def _adapter_module() -> ModuleType:
    """The adapter module, imported afresh when a file of the package changed since the last build."""
    stamp = max((p.stat().st_mtime_ns for p in FOLDER.rglob("*.py")), default=0)
    if _state["stamp"] is not None and stamp != _state["stamp"]:
        for name in [n for n in sys.modules if n == PACKAGE or n.startswith(PACKAGE + ".")]:
            del sys.modules[name]
        _state["adapter"] = None  # its data are objects of the old code
    _state["stamp"] = stamp
    sys.path.insert(0, str(FOLDER.parent))  # the same copy of the package as before, whatever else is installed
    try:
        return importlib.import_module(f"{PACKAGE}.mkdocs.adapter")
    finally:
        sys.path.remove(str(FOLDER.parent))


def _adapter() -> NoticesAdapter:
    adapter = _state["adapter"]
    if adapter is None:
        raise RuntimeError("on_config makes the adapter, and MkDocs calls it before any other event of a build")
    return adapter


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command
    _state["dirty"] = dirty
    if command == "serve" and dirty:
        from privacy_notices.mkdocs.dirtylog import drop_dirty_build_warning

        drop_dirty_build_warning()  # untrue of a notices site: a dirty rebuild ends as a full build would


# Before the plugins: they read site_name and site_url, which come from data/site.yml.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    module = _adapter_module()
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
    return _adapter().on_page_markdown(markdown, page, config)


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    return _adapter().on_page_context(context, page, config)


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    return _adapter().on_template_context(context, template_name, config)


# After the search plugin (priority 0) has written the combined index.
@event_priority(-50)
def on_post_build(config: MkDocsConfig) -> None:
    _adapter().on_post_build(config)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """Watch the data folder wherever it is (NOTICES_DATA may point outside the project); never wait on a failed build."""
    served = _adapter().on_serve(server, config)
    _state["guard"] = _adapter().guard
    return served
