"""While ``mkdocs serve`` runs: a failed build never leaves the server stuck, and the page in view comes first.

MkDocs' server holds every request until a rebuild succeeds, so one mistake
in a template, a Markdown page or a plugin made the browser wait until it was
fixed. :class:`Guard` wraps the server's builder: a build that fails leaves
the last good site in place, every page of it names the failure (file and line
where there is one), and the next good build takes that notice away again.

It also notes which pages the browser asked for last, so that a save that
changes every page (a template, ``site.yml``) renders those first and the
rest in a second build straight after (see ``NoticesAdapter.on_files``).
"""

from __future__ import annotations

import atexit
import collections
import logging
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import jinja2

from privacy_notices.data.errors import display_path
from privacy_notices.mkdocs.engine import LOGGERS
from privacy_notices.site.theme import THEME_DIR

log = logging.getLogger("mkdocs.hooks.notices")

FAILED_PARTIAL = "notices-build-failed.html"
"""The notice a failed build puts on every page: the package's own partial, which no site overrides,
so that a broken override cannot break the message about it too."""

_FAILED = re.compile(r"<!--pn-build-failed-->.*?<!--/pn-build-failed-->", re.DOTALL)
_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)

TEMPLATE_SUFFIXES = (".html", ".j2", ".xml")
"""Files a traceback frame can point into when a template fails at run time."""

VIEWED = 8
"""Pages remembered as in view: the last ones the browser asked for."""

FOLLOW_UP_AFTER = 1.0
"""Seconds between a first pass and the build of the rest, so that the browser fetches the page in view first."""


class _Captured(logging.Handler):
    """What the engine logged as a warning or error during one build: the reason a build failed, often."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.startswith(LOGGERS) and not record.name.startswith("mkdocs.hooks.notices"):
            self.lines.append(record.getMessage())


def describe_failure(exc: BaseException, base: Path) -> str:
    """What went wrong, as ``file:line: what`` where a file and line can be known.

    >>> error = jinja2.TemplateSyntaxError("unexpected '}'", 7, filename="/site/overrides/main.html")
    >>> describe_failure(error, Path("/site"))
    "overrides/main.html:7: template error: unexpected '}'"
    """
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.filename:
        return f"{_shown(exc.filename, base)}:{exc.lineno}: template error: {exc.message}"
    text = _message(exc)
    where = _template_frame(exc)
    return f"{_shown(where[0], base)}:{where[1]}: template error: {text}" if where else text


def _template_frame(exc: BaseException) -> tuple[str, int] | None:
    """The template file and line the innermost template frame of a traceback was running.

    Jinja rewrites a traceback to template lines only when rendering goes through
    ``render()``; a module made with ``make_module()`` keeps the compiled code's
    lines, which the template's debug information maps back.
    """
    found = None
    tb = exc.__traceback__
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            found = (template.filename, template.get_corresponding_lineno(tb.tb_lineno))
        elif tb.tb_frame.f_code.co_filename.endswith(TEMPLATE_SUFFIXES):
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)  # already rewritten to the template's line
        tb = tb.tb_next
    return found


def _message(exc: BaseException) -> str:
    format_message = getattr(exc, "format_message", None)  # click's exceptions, MkDocs' Abort among them
    if callable(format_message):
        return str(format_message()).strip()
    if isinstance(exc, (jinja2.TemplateError, SystemExit)):
        return str(exc).strip()
    return f"{type(exc).__name__}: {exc}"


def _shown(filename: str, base: Path) -> str:
    return display_path(Path(filename).resolve(), base.resolve())


def _pages(site: Path) -> Iterable[Path]:
    return sorted(site.rglob("*.html")) if site.is_dir() else []


def mark_pages(site: Path, lines: list[str]) -> int:
    """Put the failure notice at the top of every page of the site folder; the number of pages marked."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(THEME_DIR / "partials")), autoescape=True)
    notice = env.get_template(FAILED_PARTIAL).render(lines=lines)
    marked = 0
    for path in _pages(site):
        html = path.read_text("utf-8")
        stripped = _FAILED.sub("", html)
        body = _BODY.search(stripped)
        if body is None:
            continue
        path.write_text(stripped[: body.end()] + notice + stripped[body.end() :], "utf-8")
        marked += 1
    return marked


def unmark_pages(site: Path) -> None:
    """Take the failure notice off every page a good build did not write again."""
    for path in _pages(site):
        html = path.read_text("utf-8")
        if "<!--pn-build-failed-->" in html:
            path.write_text(_FAILED.sub("", html), "utf-8")


class Guard:
    """Wraps the server's builder for one ``mkdocs serve``; lives as long as the server."""

    def __init__(self, site: Path, base: Path, dirty: bool) -> None:
        self.site = site
        """The folder the server serves."""
        self.dirty = dirty
        """``--dirty``: a build writes over the last one. Otherwise MkDocs empties the folder first, so the
        last good site is moved aside for the build and moved back if it fails."""
        self.base = base
        """The folder file names in messages are relative to (the current one), as :func:`~privacy_notices.data.errors.display_path` says."""
        self.failing = False
        """The last build failed: the next one must not trust what it half wrote."""
        self.viewed: collections.deque[str] = collections.deque(maxlen=VIEWED)
        """URL paths of the pages the browser asked for last, newest last."""
        self._nudge = Path(tempfile.mkdtemp(prefix=f"{site.name}.nudge-", dir=site.parent))
        """A folder the server watches, beside the site folder: writing in it starts the build of what a first pass left."""
        atexit.register(shutil.rmtree, self._nudge, ignore_errors=True)
        self._rest = False

    def install(self, server: Any) -> None:
        """Wrap the server's builder and its application (to note the pages in view)."""
        builder = server.builder
        server.builder = lambda config=None: self.build(builder, config)
        app = server.get_app()

        def application(environ: dict[str, Any], start_response: Any) -> Any:
            self.note(str(environ.get("PATH_INFO", "")))
            return app(environ, start_response)

        server.set_app(application)
        server.watch(str(self._nudge))

    def note(self, path: str) -> None:
        """Remember a page the browser asked for (not assets, the search index or the reload poll)."""
        if path.endswith("/") or path.endswith(".html"):
            if path in self.viewed:
                self.viewed.remove(path)
            self.viewed.append(path)

    def build(self, builder: Callable[[Any], None], config: Any) -> None:
        captured = _Captured()
        loggers = [logging.getLogger(name) for name in LOGGERS]
        for logger in loggers:
            logger.addHandler(captured)
        kept = self._set_aside()
        try:
            builder(config)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:  # SystemExit and click's Abort included: the server must go on
            lines = [describe_failure(exc, self.base), *(line for line in captured.lines if line not in str(exc))]
            for line in lines:
                log.error(line)
            if kept is not None:
                shutil.rmtree(self.site, ignore_errors=True)
                os.replace(kept, self.site)
            marked = mark_pages(self.site, lines)
            log.error(f"notices: the build failed; the last good site stays served ({marked} pages say so). Fix it and save.")
            self.failing = True
            return
        finally:
            for logger in loggers:
                logger.removeHandler(captured)
        if kept is not None:
            shutil.rmtree(kept, ignore_errors=True)
        if self.failing:
            unmark_pages(self.site)
            self.failing = False

    def _set_aside(self) -> Path | None:
        """Before a build that empties the site folder: the last good site, moved (not copied) beside it."""
        if self.dirty or not self.site.is_dir():
            return None
        kept = self.site.with_name(self.site.name + ".last-good")
        shutil.rmtree(kept, ignore_errors=True)
        os.replace(self.site, kept)
        self.site.mkdir()
        return kept

    def follow_up(self) -> None:
        """Start another build shortly: a first pass rendered the pages in view, the rest comes now."""
        self._rest = True
        timer = threading.Timer(FOLLOW_UP_AFTER, lambda: (self._nudge / "rest").write_text(str(id(timer)), "utf-8"))
        timer.daemon = True
        timer.start()

    def take_rest(self) -> bool:
        """Whether this build is the one that renders what a first pass left (asked once per first pass)."""
        rest, self._rest = self._rest, False
        return rest
