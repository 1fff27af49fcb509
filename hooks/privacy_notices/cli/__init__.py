"""The ``notices`` command: check the data, keep catalogs, schemas and the lock file up to date, build for a day.
Here only the entry point, the parser and the settings made once; each group of commands is a module beside it."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from privacy_notices import __version__
from privacy_notices.authoring.new_site_questions import QUESTIONS
from privacy_notices.cli import building, checking, exporting, newsite, ropa, scanning, schema, translating, versions, which
from privacy_notices.cli.building import ENGINE_OPTIONS, cmd_build, cmd_serve, engine_arguments, run_engine
from privacy_notices.cli.checking import cmd_check, cmd_report, cmd_validate
from privacy_notices.cli.exporting import cmd_export_site
from privacy_notices.cli.common import print_errors
from privacy_notices.cli.newsite import cmd_new_site
from privacy_notices.cli.ropa import cmd_ropa
from privacy_notices.cli.scanning import cmd_scan
from privacy_notices.cli.schema import SCHEMAS, cmd_schema, schemas
from privacy_notices.cli.translating import cmd_i18n_status, cmd_i18n_swap, cmd_i18n_update
from privacy_notices.cli.versions import CHANGES_STUB, cmd_lock, cmd_new_version
from privacy_notices.cli.which import cmd_which
from privacy_notices.data import paths, textcheck
from privacy_notices.data.errors import ErrorLog
from privacy_notices.data.settings import Settings, debugging

__all__ = ["CHANGES_STUB", "SCHEMAS", "build_parser", "cmd_schema", "main", "run_engine", "schemas"]


DESCRIPTION = """\
Privacy notices kept as YAML in data/, published as a website by MkDocs.

Commands:
  new-site     start a site of your own: one company, its first notice, CI (`notices new-site DIR`)
  validate     check every data file and report every error, as file:line:column
  schema       write JSON Schemas for site.yml, entity.yml and version files
  i18n update  bring the translators' catalogs (data/locales/) up to date
  i18n status  show how much of each version is translated, per language
  i18n swap    make another language the original of an entity, losing nothing
  check        the compliance rules: what a privacy lawyer would flag (RULES.md)
  report       what a change does compared with a git revision, for the reviewer
  scan         load a company's website in Chromium and compare what it does with its notices
  new-version  start a new dated version of a notice from its latest one
  lock         record what every version in force says, so it cannot change unnoticed
  which        the version of a notice in force at a moment, its hash and addresses (`notices which ENTITY NOTICE WHEN`)
  serve        preview the site while you write (drafting, live reload, only what a save touches)
  build        build the site to publish it (or --draft, or --preview for reviewers)
  export-site  write the site's generated source as a plain folder that Zensical builds (`notices export-site DIR`)
  ropa         the record of processing activities (Art. 30 GDPR) of the notices in force, as CSV or XLSX

Two modes: drafting (`notices serve`, `mkdocs serve`, `notices build --draft`)
builds whatever can be built and lists what stops publishing on /_drafting/;
publishing (`notices build`, `mkdocs build`) refuses every data error and
publish blocker. `notices validate` runs every check of a publishing build.

The commands find the project (mkdocs.yml) in the current folder or above.

Environment:
  NOTICES_DATA       the data folder (default: ./data)
  NOTICES_MODE       draft or publish (default: draft for serve, publish for build)
  NOTICES_PREVIEW    1: a preview build (drafting, banner, noindex); NOTICES_PREVIEW_PR and
                     NOTICES_PREVIEW_COMMIT name the pull request and commit in the banner
  NOTICES_AS_OF      the day the site describes, YYYY-MM-DD (default: today,
                     or SOURCE_DATE_EPOCH when set)
  NOTICES_DEBUG      1 to show a traceback instead of the one-line bug report
  NOTICES_ENGINE     properdocs or mkdocs: what `notices build` and `notices serve`
                     run (default: ProperDocs when installed, else MkDocs)
  NOTICES_CHROMIUM   the Chromium `notices scan` drives (default: /usr/bin/chromium)

Exit status: 0 done, 1 errors in the data, 2 the command was used wrongly,
70 a bug in the generator (one line, never a traceback), 130 interrupted.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="notices", usage="%(prog)s [-h] [--version] COMMAND ...", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # DESCRIPTION lists the commands, one line each (the i18n ones too); argparse's own list would repeat them.
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", help=argparse.SUPPRESS, prog="notices")
    # Every command that reads the data takes the same --data option.
    data = argparse.ArgumentParser(add_help=False)
    data.add_argument("--data", type=Path, default=None, metavar="DIR", help="the data folder (default: $NOTICES_DATA or ./data)")

    newsite.add_commands(sub)
    checking.add_commands(sub, data)
    scanning.add_commands(sub, data)
    schema.add_commands(sub)
    parser.i18n_parser = translating.add_commands(sub, data)  # type: ignore[attr-defined]  # kept on the parser for main, which prints its help
    versions.add_commands(sub, data)
    which.add_commands(sub, data)
    building.add_commands(sub, data)
    exporting.add_commands(sub, data)
    ropa.add_commands(sub, data)
    return parser


BUG_EXIT = 70
"""Exit status for an error in the command itself (EX_SOFTWARE): never a traceback."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; broken pipes, interrupts and bugs end with one line, never a traceback."""
    try:
        return _run(argv)
    except KeyboardInterrupt:
        print("notices: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`notices i18n status | head`): stop quietly.
        _silence_stdout()
        return 141
    except paths.Refused as exc:
        # A write that met a link out of the data folder: refused where it would have happened, as a data error.
        log = ErrorLog()
        log.add(exc.refusal.path, 1, 1, "", exc.refusal.reason)
        print_errors(log, sys.stderr)
        return 1
    except Exception as exc:
        if debugging():  # also for an error before the settings are made
            raise
        print(
            f"notices: internal error ({type(exc).__name__}: {textcheck.excerpt(str(exc), 200)}); this is a bug in the "
            "generator, not in your data: please report it with the command you ran and this line "
            "(NOTICES_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return BUG_EXIT


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown and args.command in ENGINE_OPTIONS:
        words = " ".join(unknown)
        print(f"notices {args.command}: unrecognized arguments: {words}; the engine's other options go after --: notices {args.command} -- {words}", file=sys.stderr)
        return 2
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    settings = make_settings(args)
    if args.command == "new-site":
        return cmd_new_site(settings, args.folder, {q.key: getattr(args, q.key) for q in QUESTIONS}, args.yes)
    if args.command == "validate":
        return cmd_validate(settings, args.draft)
    if args.command == "schema":
        return cmd_schema(args.out, args.check)
    if args.command == "i18n" and args.i18n_command == "update":
        return cmd_i18n_update(settings, args.language)
    if args.command == "report":
        return cmd_report(settings, args.base, args.preview_url, args.format, args.output)
    if args.command == "check":
        return cmd_check(settings, args.format, args.output, args.list, args.explain, args.reference)
    if args.command == "scan":
        return cmd_scan(settings, args)
    if args.command == "i18n" and args.i18n_command == "swap":
        return cmd_i18n_swap(settings, args.entity, args.language, args.date)
    if args.command == "i18n" and args.i18n_command == "status":
        return cmd_i18n_status(settings, args.format)
    if args.command == "i18n":
        parser.i18n_parser.print_help()  # type: ignore[attr-defined]  # set by build_parser: `notices i18n` alone shows the group's help
        return 2
    if args.command == "new-version":
        return cmd_new_version(settings, args.notice, args.date)
    if args.command == "lock":
        return cmd_lock(settings, args.prune)
    if args.command == "which":
        return cmd_which(settings, args.entity, args.notice, args.when, args.language, args.format)
    if args.command == "build":
        return cmd_build(settings, engine_arguments("build", args), args.preview, args.pr, args.commit)
    if args.command == "export-site":
        return cmd_export_site(settings, args.folder)
    if args.command == "ropa":
        return cmd_ropa(settings, args.entity, args.language, args.output, args.format, args.incomplete)
    if args.command == "serve":
        return cmd_serve(settings, engine_arguments("serve", args), full=args.full)
    parser.print_help()
    return 2


def make_settings(args: argparse.Namespace) -> Settings:
    """The command's settings, made once: the environment, with what its options say instead."""
    mode, preview = None, None
    if args.command == "build":
        mode, preview = ("draft" if args.preview or args.draft else "publish"), (True if args.preview else None)
    elif args.command == "serve":
        mode = "publish" if args.publish else "draft"
    return Settings.from_environment(
        config_file=getattr(args, "engine_config_file", None), data=getattr(args, "data", None), as_of=getattr(args, "as_of", None),
        mode=mode, preview=preview, preview_pr=getattr(args, "pr", None), preview_commit=getattr(args, "commit", None),
        cache=getattr(args, "cache", None),
    )
