"""`notices new-version` and `notices lock`: a new dated version from the latest, and the texts that may not change unnoticed."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from privacy_notices.cli.common import open_data, print_errors
from privacy_notices.data import paths, textcheck
from privacy_notices.data.errors import ErrorLog, display_path
from privacy_notices.data.loader import SLUG, version_date
from privacy_notices.data.fields import CHANGES_PLACEHOLDER
from privacy_notices.data.model import VERSION_OWN_FIELDS
from privacy_notices.data.settings import Settings
from privacy_notices.history import lock


NEW_VERSION_HELP = """\
Copy the latest version of a notice to a new file named after the day the new
version takes effect, ready to edit:

  notices new-version lumo-advisory/privacy 2026-12-01

The copy leaves out 'published' and 'corrections', which belong to the old
version, and carries an empty placeholder for 'changes', under a comment:

  # notices new-version: say what this version changes, between the quotes.
  changes: ""

Drafting (`notices serve`, `notices validate --draft`) shows the new version
and lists the placeholder among what stops publishing (rule PN173);
publishing (`notices build`, `notices validate`) refuses it until you have
written what the version changes. Never edit a version that has taken
effect; make a new one.
"""


LOCK_HELP = """\
Record in data/notices.lock the SHA-256 of the text of every version whose
date has come, in every language it is completely translated into. From then
on a publish build fails if that text changes, naming the notice, version and
language, unless the version lists a correction ('corrections:' with a date
on or after the day it was locked); run `notices lock` again after recording
one. Commit the lock file with the data.

Published versions are never deleted, so an entry whose version file is gone
is an error, here and in a publish build. When those versions were never
published by this site (a site started from a copy of other data, or
example data removed), --prune removes their entries and names each one.
It does nothing else: it locks no version, and it reads only the lock file
and the folders on disk, so it runs while the data have errors, or no
entity at all.
"""


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], data: argparse.ArgumentParser) -> None:
    """The parsers of `new-version` and `lock`."""
    new_version = sub.add_parser("new-version", description=NEW_VERSION_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    new_version.add_argument("notice", metavar="ENTITY/NOTICE", help="e.g. lumo-advisory/privacy")
    new_version.add_argument("date", metavar="YYYY-MM-DD", help="the day the new version takes effect")

    lock_cmd = sub.add_parser("lock", description=LOCK_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    lock_cmd.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day that decides which versions have taken effect (default: today)")
    lock_cmd.add_argument("--prune", action="store_true", help="only remove the entries of versions whose files no longer exist (data that were never published here, such as example data), naming each; nothing is locked")


CHANGES_STUB = f"# notices new-version: say what this version changes, between the quotes.\nchanges: {json.dumps(CHANGES_PLACEHOLDER)}\n"
"""What a new version says under ``changes`` until it is written: the placeholder drafting shows and publishing refuses."""


def with_changes_stub(text: str) -> str:
    """YAML text with :data:`CHANGES_STUB` after the top-level ``title`` (at the end when there is none).

    >>> print(with_changes_stub("kind: cookies\\ntitle: >-\\n  Cookie\\n  policy\\nintro: Hi.\\n"), end="")
    kind: cookies
    title: >-
      Cookie
      policy
    # notices new-version: say what this version changes, between the quotes.
    changes: ""
    intro: Hi.
    """
    comment = CHANGES_STUB.splitlines(keepends=True)[0]
    lines = [line for line in text.splitlines(keepends=True) if line != comment]  # a copy of a copy gets one comment
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    title = next((i for i, line in enumerate(lines) if line.startswith("title:")), None)
    if title is None:
        return "".join(lines) + CHANGES_STUB
    end = title + 1
    while end < len(lines) and (not lines[end].strip() or lines[end][0].isspace()):
        end += 1
    return "".join([*lines[:end], CHANGES_STUB, *lines[end:]])


def without_keys(text: str, keys: tuple[str, ...]) -> str:
    """YAML text without the given top-level keys (and their indented values), comments kept.

    >>> print(without_keys("kind: cookies\\nchanges: >-\\n  Old.\\ntitle: T\\n", ("changes",)), end="")
    kind: cookies
    title: T
    """
    out: list[str] = []
    skipping = False
    for line in text.splitlines(keepends=True):
        top_level = bool(line.strip()) and not line[0].isspace()
        if top_level:
            skipping = line.split(":", 1)[0].strip() in keys
        if not skipping:
            out.append(line)
    return "".join(out)


def cmd_new_version(settings: Settings, ref: str, date_text: str) -> int:
    root = settings.data
    entity, _, notice = ref.partition("/")
    folder = root / "entities" / entity / "notices" / notice
    if not (SLUG.match(entity) and SLUG.match(notice)) or not folder.is_dir():
        print(f"notices new-version: no notice '{textcheck.excerpt(ref)}' (expected ENTITY/NOTICE, a folder under {display_path(root / 'entities')})", file=sys.stderr)
        return 2
    target = folder / f"{date_text}.yml"
    effective, problem = version_date(target)
    if effective is None:
        print(f"notices new-version: {problem}", file=sys.stderr)
        return 2
    log = ErrorLog()
    # The folder, the new file and the version copied are each checked before anything is read or written.
    if paths.refuse(folder, root, log, folder=True) or paths.refuse(target, root, log):
        return _refused("new-version", log, "nothing was written")
    versions = sorted((d, p) for p in folder.glob("*.yml") if (d := version_date(p)[0]) is not None)
    if target.exists():
        print(f"notices new-version: {display_path(target)} exists already", file=sys.stderr)
        return 1
    if not versions:
        print(f"notices new-version: {display_path(folder)} has no version to copy", file=sys.stderr)
        return 1
    latest_date, latest = versions[-1]
    if effective <= latest_date:
        print(f"notices new-version: {date_text} is not after the latest version ({latest_date.isoformat()}); a new version takes effect later", file=sys.stderr)
        return 2
    if paths.refuse(latest, root, log):
        return _refused("new-version", log, "nothing was written")
    paths.write_bytes(target, root, with_changes_stub(without_keys(latest.read_text("utf-8"), VERSION_OWN_FIELDS)).encode("utf-8"))
    print(f"created {display_path(target)} from {latest.name}: edit it, and say what this version changes under 'changes:' (publishing refuses the empty placeholder)")
    return 0


def _refused(command: str, log: ErrorLog, outcome: str) -> int:
    """Print what a command refused to read or write, and end it as a data error."""
    print_errors(log, sys.stderr)
    print(f"notices {command}: {log.summary()}; {outcome}.", file=sys.stderr)
    return 1


def cmd_lock(settings: Settings, prune: bool = False) -> int:
    if prune:
        return cmd_lock_prune(settings.data, settings.as_of_flag)
    opened = open_data("lock", settings)
    if isinstance(opened, int):
        return opened
    project, catalogs, day, log = opened
    done = lock.lock(project, catalogs, day, log)
    print_errors(log)
    if log:
        print(f"{log.summary()}; nothing was locked.", file=sys.stderr)
        return 1
    for entry in done.added:
        print(f"locked {entry}")
    print(f"{display_path(project.root / lock.LOCK_FILE)} {'updated' if done.written else 'is up to date'}")
    return 0


def cmd_lock_prune(root: Path, as_of: str | None) -> int:
    """`notices lock --prune`: the lock file and the folders on disk alone, so that it runs whatever the data say."""
    if as_of is not None:
        print("notices lock: --as-of decides what is locked, and --prune locks nothing; run `notices lock --as-of …` on its own", file=sys.stderr)
        return 2
    path = root / lock.LOCK_FILE
    if not paths.exists(path):
        print(f"notices lock: there is no {display_path(path)} to prune", file=sys.stderr)
        return 2
    log = ErrorLog()
    done = lock.prune(root, log)
    print_errors(log)
    if log:
        print(f"{log.summary()}; nothing was removed.", file=sys.stderr)
        return 1
    for name in done.removed:
        print(f"removed {name}: its version file no longer exists")
    print(f"{display_path(path)} {'updated' if done.written else 'names no version that is gone'}; nothing was locked (`notices lock` does that)")
    return 0
