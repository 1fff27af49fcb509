"""`notices build` and `notices serve`: the engine, run on the project with the settings, stopped by any signal that stops this command."""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from privacy_notices.data.asof import AsOfError
from privacy_notices.data.settings import Settings, find_project
from privacy_notices.mkdocs.engine import EngineError, engine


BUILD_HELP = """\
Build the site to publish it: `mkdocs build` on the project found from the
current folder, with the data folder and day given. Publishing refuses every
data error and every publish blocker (an incomplete required language, a
locked version whose text changed). With --draft it builds anyway, marks what
is untranslated or changed, and lists the blockers on /_drafting/.

With --preview it drafts for reviewers: every page carries a "Preview of
unpublished changes" banner (with --pr and --commit, the pull request and
commit), <meta name="robots" content="noindex">, and a robots.txt that
disallows everything; canonical, language and feed links point at
NOTICES_SITE_URL, the preview's own address, or stay within the preview.

With --cache DIR (or NOTICES_CACHE) the build leaves a record of what it
wrote in DIR, and the next build with the same DIR and the same site folder
renders again only the pages of the entities whose data (or whose day)
changed; the site comes out byte for byte as a full build makes it. Keep DIR
and the site folder together (a CI cache restores both); a change to
anything else (settings, templates, hand-written pages, the generator), or a
site folder changed since, makes a full build.

The same data and day always give the same files, byte for byte. Upload the
site/ folder to any static host (see README.md, "Publishing"). The engine's
common options below are taken as they are; any other goes after --
(`notices build -- --no-directory-urls`).
"""


SERVE_HELP = """\
Preview the site while you write: `mkdocs serve --dirty` in drafting mode on
the project found from the current folder, at http://127.0.0.1:8000/. Every
save of a data file, catalog, template, stylesheet, hand-written page or
module of the package updates the site and reloads the browser. A save in one
entity's folder or catalogs renders again only that entity's pages (and those
of entities that link to it), the home pages, feeds and search index; any
other save renders everything (--full: every save does). Untranslated text
falls back visibly; publish blockers are listed on /_drafting/; a mistake in
a data file is shown on every page while the last good site stays served.
A build that fails (a template that does not compile, say) never leaves the
browser waiting: the last good site stays served and every page names the
failure with its file and line. Ctrl-C, SIGTERM and SIGHUP stop the server.
The engine's common options below (-a 127.0.0.1:8001, --open…) are taken as
they are; any other goes after -- (`notices serve -- --watch-theme`).
"""


@dataclass(frozen=True)
class EngineOption:
    """An option of the engine's `build` or `serve` that `notices build` or `notices serve` takes as it is and passes on."""

    flags: tuple[str, ...]
    help: str
    metavar: str | None = None
    """None for a switch; else the option takes a value."""
    repeat: bool = False

    @property
    def dest(self) -> str:
        return "engine_" + self.flags[-1].lstrip("-").replace("-", "_")

    def forwarded(self, value: Any) -> list[str]:
        """The engine's arguments for what was given."""
        if self.metavar is None:
            return [self.flags[-1]] if value else []
        values = value if self.repeat else [value]
        return [word for v in values or [] if v is not None for word in (self.flags[-1], v)]


_COMMON_ENGINE_OPTIONS = (
    EngineOption(("-f", "--config-file"), "the project's mkdocs.yml (default: the one found here or in a folder above)", "FILE"),
    EngineOption(("-s", "--strict"), "stop on any warning of the engine (drafting never does)"),
    EngineOption(("-q", "--quiet"), "show the engine's errors only"),
    EngineOption(("-v", "--verbose"), "show everything the engine logs"),
)


ENGINE_OPTIONS: dict[str, tuple[EngineOption, ...]] = {
    "build": (*_COMMON_ENGINE_OPTIONS, EngineOption(("-d", "--site-dir"), "where to write the site (default: site/)", "DIR")),
    "serve": (
        *_COMMON_ENGINE_OPTIONS,
        EngineOption(("-a", "--dev-addr"), "the address and port to serve at (default: 127.0.0.1:8000)", "IP:PORT"),
        EngineOption(("-o", "--open"), "open the site in a web browser once it is built"),
        EngineOption(("--no-livereload",), "do not reload the browser after a save"),
        EngineOption(("-w", "--watch"), "another file or folder to watch (repeatable)", "PATH", repeat=True),
    ),
}
"""The engine's common options, taken directly; any other goes after ``--``."""


def _add_engine_options(parser: argparse.ArgumentParser, command: str) -> None:
    for option in ENGINE_OPTIONS[command]:
        if option.metavar is None:
            parser.add_argument(*option.flags, dest=option.dest, action="store_true", help=option.help)
        else:
            parser.add_argument(
                *option.flags, dest=option.dest, metavar=option.metavar, default=None, action="append" if option.repeat else "store", help=option.help
            )


def engine_arguments(command: str, args: argparse.Namespace) -> list[str]:
    """The engine options given to `notices build` or `notices serve`, then the words after ``--``."""
    given = [word for option in ENGINE_OPTIONS[command] for word in option.forwarded(getattr(args, option.dest))]
    return [*given, *(word for word in args.mkdocs_args if word != "--")]


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], data: argparse.ArgumentParser) -> None:
    """The parsers of `build` and `serve`, with the engine's common options."""
    build = sub.add_parser("build", description=BUILD_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    build.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day the site describes (default: $NOTICES_AS_OF, $SOURCE_DATE_EPOCH or today)")
    build.add_argument("--draft", action="store_true", help="drafting: build although a required language is incomplete or a locked version changed, and list what stops publishing on /_drafting/")
    build.add_argument("--preview", action="store_true", help="a preview of unpublished changes: drafting, a banner and noindex on every page, a robots.txt that disallows everything; links point at NOTICES_SITE_URL (or stay relative)")
    build.add_argument("--pr", default=None, metavar="NUMBER", help="with --preview: the pull request's number, shown in the banner (or NOTICES_PREVIEW_PR)")
    build.add_argument("--commit", default=None, metavar="SHA", help="with --preview: the head commit, shown in the banner (or NOTICES_PREVIEW_COMMIT)")
    build.add_argument("--cache", default=None, metavar="DIR", help="keep a record of this build in DIR, and render only what changed since the build that left one there with this site folder (or NOTICES_CACHE)")
    _add_engine_options(build, "build")
    build.add_argument("mkdocs_args", nargs=argparse.REMAINDER, help="any other option of the engine's build, after -- (e.g. -- --no-directory-urls)")

    serve = sub.add_parser("serve", description=SERVE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    serve.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day the site describes (default: today)")
    serve.add_argument("--publish", action="store_true", help="serve as a publishing build would build: every blocker stops it")
    serve.add_argument("--full", action="store_true", help="rebuild the whole site on every save (plain `mkdocs serve`) instead of only the pages a save touches")
    _add_engine_options(serve, "serve")
    serve.add_argument("mkdocs_args", nargs=argparse.REMAINDER, help="any other option of the engine's serve, after -- (e.g. -- --watch-theme)")


def _mkdocs(command: str, settings: Settings, extra: list[str]) -> int:
    """Run ``build`` or ``serve`` of the engine (ProperDocs or MkDocs) on the project found from here, with the settings given."""
    try:
        program = engine(settings)
    except EngineError as exc:
        print(f"notices {command}: {exc}", file=sys.stderr)
        return 2
    if settings.as_of_given:
        try:
            settings.as_of()
        except AsOfError as exc:
            print(f"notices {command}: {exc}", file=sys.stderr)
            return 2
    if settings.data_from == "--data" and not settings.data.is_dir():
        print(f"notices {command}: --data: no folder {settings.data}", file=sys.stderr)
        return 2
    # The hooks in the engine's process make the same settings from these; NO_MKDOCS_2_WARNING silences
    # Material's end-of-life banner, on every start otherwise.
    env = {**settings.to_environment(), "NO_MKDOCS_2_WARNING": "1"}
    args = [a for a in extra if a != "--"]
    project = find_project()
    if project is None and "-f" not in args and "--config-file" not in args:
        print(f"notices {command}: no mkdocs.yml here or in any folder above {Path.cwd()}", file=sys.stderr)
        return 2
    if project is not None and "-f" not in args and "--config-file" not in args:
        args = ["-f", str(project / "mkdocs.yml"), *args]
    return run_engine([sys.executable, "-m", program, command, *args], env)


FORWARDED = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""Signals `notices build` and `notices serve` pass on to the engine, so that stopping one stops the server."""

STOP_WAIT = 10.0
"""Seconds the engine has to stop after a forwarded signal before it is killed."""


def run_engine(command: list[str], env: dict[str, str]) -> int:
    """Run the engine until it ends; a signal that stops this command stops it too, and frees its port.

    The engine runs in a process group of its own, so that every signal (Ctrl-C
    in the terminal, SIGTERM from ``kill`` or a service manager, SIGHUP from a
    closed terminal) reaches it once, from here, as the interrupt it shuts down
    cleanly on: its server stops and its temporary site folder is removed. The
    exit status is the engine's, or 128 plus the signal.
    """
    # A shell that starts a command in the background makes it ignore SIGINT, and Python then installs no
    # handler for it: the engine is given the default back, so that the interrupt stops it cleanly.
    process = subprocess.Popen(command, env=env, process_group=0, preexec_fn=_interruptible)
    received: list[tuple[int, float]] = []

    def forward(signum: int, _frame: object) -> None:
        received.append((signum, time.monotonic()))
        if process.poll() is None:
            process.send_signal(signal.SIGINT)

    previous = {signum: signal.signal(signum, forward) for signum in FORWARDED}
    try:
        while True:
            try:
                code = process.wait(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if received and time.monotonic() - received[0][1] > STOP_WAIT:
                    process.kill()
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if received:
        return 128 + received[0][0]  # 130 for Ctrl-C, as `notices --help` says; 143 for SIGTERM
    return code


def _interruptible() -> None:
    """In the engine's process, before it starts: SIGINT does what it does by default."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cmd_build(settings: Settings, extra: list[str], preview: bool = False, pr: str | None = None, commit: str | None = None) -> int:
    if (pr or commit) and not preview:
        print("notices build: --pr and --commit go with --preview", file=sys.stderr)
        return 2
    if settings.cache:
        if Path(settings.cache).exists() and not Path(settings.cache).is_dir():
            print(f"notices build: --cache: {settings.cache} is not a folder", file=sys.stderr)
            return 2
        if "--clean" not in extra and "--dirty" not in extra:
            extra = ["--dirty", *extra]  # MkDocs then leaves the pages the hooks keep as they are on disk
    return _mkdocs("build", settings, extra)


def cmd_serve(settings: Settings, extra: list[str], full: bool = False) -> int:
    dirty = [] if full or "--dirty" in extra or "--clean" in extra else ["--dirty"]
    return _mkdocs("serve", settings, [*dirty, *extra])
