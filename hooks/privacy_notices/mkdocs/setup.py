"""What a build sets in MkDocs before any page: the theme's folders and styles, strictness, the site's name and address.

Also how a failure is told: every error of the data as ``file:line``, the
file named as `notices validate` names it (relative to the current folder
when inside it, else absolute), and any unexpected exception of a hook
event as one line that says it is a bug.
"""

from __future__ import annotations

import datetime
import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.livereload import LiveReloadServer
from mkdocs.utils import CountHandler

from privacy_notices.checks import compliance
from privacy_notices.checks.pipeline import Checked
from privacy_notices.data.errors import ErrorLog
from privacy_notices.data.project import Project
from privacy_notices.data.asof import AsOfError
from privacy_notices.data.settings import Settings, debugging
from privacy_notices.data.textcheck import check_url
from privacy_notices.mkdocs.context import for_theme
from privacy_notices.mkdocs.engine import LOGGERS
from privacy_notices.mkdocs.serving import Guard, describe_failure
from privacy_notices.site.modes import Mode, ModeError, Preview, build_mode, preview
from privacy_notices.site.theme import SCRIPTS, STYLESHEETS, THEME_DIR

log = logging.getLogger("mkdocs.hooks.notices")
T = TypeVar("T")


def report(errors: ErrorLog, blockers: ErrorLog | None = None) -> str:
    """Log every error (and the publish blockers found beside them) and return the one-line summary."""
    for error in errors.sorted():
        log.error(error.format())
    for blocker in blockers.sorted() if blockers else []:
        log.error(f"publish blocker: {blocker.format()}")
    also = f", and {len(blockers)} publish blocker{'s' if len(blockers) != 1 else ''}" if blockers else ""
    return f"{errors.summary()}{also}; the site was not built"


def accept(checked: Checked, current: Checked, mode: Mode) -> tuple[list[str], list[str]]:
    """Stop at what stops this build; the publish blockers and warnings the drafting page lists.

    ``checked`` is what the build shows (the last good data while serving errors), ``current`` what was read now.
    """
    if mode == "publish" and checked.blockers:
        raise Abort(report(checked.blockers))
    blockers = []
    if mode == "draft":
        # What stops publishing now, in every file that loads, even while others have errors.
        blockers = [e.format() for e in current.blockers.sorted()]
        for line in blockers:
            log.warning(f"publish blocker: {line}")
    if current.findings:
        # Warnings never fail a build (MkDocs' --strict counts log warnings): one line says where they are.
        log.info(f"notices: {compliance.summary(current.findings)}; `notices check` lists them")
    return blockers, [f.format() for f in current.warnings]


def bug(event: str, exc: BaseException) -> Abort:
    """An unexpected error: one line that says it is a bug, not a traceback (``NOTICES_DEBUG=1`` shows it)."""
    return Abort(
        f"internal error in the notices hooks during {event} ({type(exc).__name__}: {exc}); this is a bug in the "
        "generator, not in your data: please report it with this line (NOTICES_DEBUG=1 shows the traceback)"
    )


def guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Turn any unexpected exception of a hook event into :func:`bug`'s one-line message."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return method(*args, **kwargs)
        except Abort:
            raise
        except Exception as exc:
            if debugging():  # also for an error before the build's settings are made
                raise
            raise bug(method.__name__, exc) from None

    return wrapper


def unwatched(config: MkDocsConfig, data: Path) -> list[Path]:
    """The data folder, the templates and the package, wherever they are, unless MkDocs watches them already."""
    watched = {Path(p).resolve() for p in config.watch}
    package = Path(__file__).resolve().parent.parent
    folders = (data.resolve(), *([Path(config.theme.custom_dir)] if config.theme.custom_dir else []), package)
    return [f for f in folders if f.is_dir() and not any(f.resolve().is_relative_to(w) for w in watched)]


def check_templates(env: jinja2.Environment, config: MkDocsConfig) -> None:
    """Compile the site's overrides and the built-in theme first, so that a broken one is named with its line.

    Otherwise the first page to use it fails inside MkDocs, which shows a traceback (or, while
    serving, the failure without its file).
    """
    for folder in [*([Path(config.theme.custom_dir)] if config.theme.custom_dir else []), THEME_DIR]:
        for path in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
            try:
                env.get_template(path.relative_to(folder).as_posix())
            except jinja2.TemplateSyntaxError as exc:
                raise Abort(describe_failure(exc, Path.cwd())) from None


def use_theme(config: MkDocsConfig) -> None:
    """The built-in templates, partials and styles, under the site's own ``custom_dir`` and over Material's."""
    dirs = config.theme.dirs
    if str(THEME_DIR) not in dirs:
        dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_DIR))
    for setting, wanted in (("extra_css", STYLESHEETS), ("extra_javascript", SCRIPTS)):
        present = [str(item) for item in config[setting]]
        config[setting].extend(item for item in wanted if item not in present)


def not_strict(config: MkDocsConfig) -> None:
    """Drafting is never strict: its warnings (publish blockers, fallbacks) must not stop the build.

    MkDocs counts warnings for ``--strict`` with a handler it attaches before
    any hook runs (ProperDocs on its own logger), so turning ``config.strict``
    off is not enough: the handler is detached too.
    """
    config.strict = False
    for name in LOGGERS:
        logger = logging.getLogger(name)
        for handler in [h for h in logger.handlers if isinstance(h, CountHandler)]:
            logger.removeHandler(handler)


def strict_warnings() -> int:
    """The warnings MkDocs has counted for ``--strict`` since the build started: the count that stops it after its last event."""
    return sum(count for name in LOGGERS for h in logging.getLogger(name).handlers if isinstance(h, CountHandler) for _, count in h.get_counts())


def site_settings(config: MkDocsConfig, project: Project, preview: Preview | None, served_at: str) -> None:
    """The site's name and address from ``site.yml``, and its source language for the theme."""
    config.site_name = for_theme(project.site.name)
    if served_at:
        # A preview served elsewhere links to itself, never to the published site.
        config.site_url = served_at if served_at.endswith("/") else served_at + "/"
    elif preview is not None:
        config.site_url = None  # a preview without its own address links within itself only
    elif project.site.base_url and not config.site_url:
        config.site_url = project.site.base_url
    config.theme["language"] = project.site.source_language


def watch(server: LiveReloadServer, config: MkDocsConfig, data: Path, guard: Guard | None, dirty: bool) -> Guard:
    """Watch the data folder, the templates and the package, wherever they are; never wait on a failed build."""
    for folder in unwatched(config, data):
        server.watch(str(folder))
    if guard is None:
        guard = Guard(Path(config.site_dir), Path.cwd(), dirty)
        guard.install(server)
    return guard


def release_search_entries(config: MkDocsConfig, command: str | None) -> None:
    """Let go of Material's search entries once it has written the index (a build's last use of them).

    The index is then read back and split per language; with Material's copy still held, a 5,000-page
    site would hold the whole index twice at the build's peak. ``mkdocs serve`` keeps them: Material
    merges the next dirty build's entries into them.
    """
    if command != "build":
        return
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if isinstance(getattr(index, "entries", None), list):
            setattr(index, "entries", [])


def build_settings(command: str | None, given: Settings) -> tuple[Mode, Preview | None, datetime.date, str]:
    """A build's mode, preview, as-of day and the address it is served from; a wrong one stops it on one line."""
    try:
        settings = build_mode(command, given), preview(given), given.as_of()
    except (AsOfError, ModeError) as exc:
        raise Abort(str(exc)) from None
    if given.site_url:
        try:
            check_url(given.site_url)
        except ValueError as exc:
            raise Abort(f"NOTICES_SITE_URL: {exc}") from None
    return (*settings, given.site_url)
