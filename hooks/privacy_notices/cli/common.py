"""What the commands share: the day, the data, error lists and counts, printed as every command prints them."""

from __future__ import annotations

import datetime
import sys
from pathlib import Path
from typing import TextIO

from privacy_notices.data.asof import AsOfError
from privacy_notices.data.errors import ErrorLog
from privacy_notices.data.project import Project
from privacy_notices.data.loader import load_project
from privacy_notices.data.settings import Settings
from privacy_notices.i18n.catalogs import Catalogs


def as_of_day(command: str, settings: Settings) -> datetime.date | None:
    """The as-of day for a command, or None (with the reason printed) when it cannot be had."""
    try:
        return settings.as_of()
    except AsOfError as exc:
        print(f"notices {command}: {exc}", file=sys.stderr)
        return None


def print_errors(log: ErrorLog, stream: TextIO | None = None, warning: bool = False) -> None:
    """Every error, sorted by file and line, with paths relative to where the command runs."""
    for error in log.sorted():
        line = error.format(Path.cwd())
        if warning:  # file:line:col: warning: … as compilers write it, so that editors list it as one
            position, _, rest = line.partition(f":{error.line}:{error.column}: ")
            line = f"{position}:{error.line}:{error.column}: warning: {rest}"
        print(line, file=stream or sys.stdout)


def load_data(settings: Settings) -> tuple[Project | None, ErrorLog]:
    project, errors = load_project(settings.data)
    print_errors(errors)
    if errors:
        print(f"{errors.summary()}; fix the data first (see `notices validate`).", file=sys.stderr)
    return project, errors


def open_data(command: str, settings: Settings) -> tuple[Project, Catalogs, datetime.date, ErrorLog] | int:
    """The data, its catalogs and the as-of day for a command, or the exit status when they cannot be had."""
    project, _ = load_data(settings)
    if project is None:
        return 1
    day = as_of_day(command, settings)
    if day is None:
        return 2
    log = ErrorLog()
    return project, Catalogs(project.root, project.site.all_languages, project.site.source_language, log), day, log


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` with the right form of ``word``.

    >>> plural(1, "entity", "entities"), plural(3, "notice")
    ('1 entity', '3 notices')
    """
    return f"{n} {word if n == 1 else (many or word + 's')}"
