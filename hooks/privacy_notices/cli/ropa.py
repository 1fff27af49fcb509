"""``notices ropa``: the record of processing activities (Art. 30 GDPR) from the notices in force, as CSV or XLSX."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from privacy_notices.cli.common import open_data, plural, print_errors
from privacy_notices.data.settings import Settings
from privacy_notices.site.ropa import NotInForce, build_record
from privacy_notices.site.ropa_files import MissingLibrary, csv_bytes, xlsx_bytes

ROPA_HELP = """\
Write the record of processing activities (Art. 30 GDPR) that the notices in
force on a day state: one row per activity of each privacy notice, with the
columns of Art. 30(1) (controller and its contacts, representative, data
protection officer, joint controllers, purposes, data subjects and
categories of data, recipients, transfers and their safeguards, time limits
for erasure, security measures) and the legal basis besides; and one row
per activity of each processor notice, with those of Art. 30(2). Each cell
says what the notice's page says, in the page's words for LANG.

  notices ropa kuura --language fi --output kuura-ropa.xlsx
  notices ropa --as-of 2026-01-01 --output record.csv

XLSX: a sheet per record (the controller's, the processor's), needing the
`ropa` extra (python -m pip install 'privacy-notice-site[ropa]'). CSV: both
records in one file, its first column naming each row's record; UTF-8 with a
byte order mark, so that Excel reads its letters right. No cell is ever a
formula: a CSV cell starting with = + - @ gets a leading apostrophe, and an
XLSX cell is always text.

What Art. 30 asks for and the data do not say (a notice without 'security',
a transfer under a derogation without 'details') is never guessed: each
activity that lacks something is reported as file:line:column, and nothing
is written (exit 1). With --incomplete the record is written anyway, those
cells saying "Not recorded in the data", and the lines are warnings.
AUTHORING.md, "The record of processing activities", says where each column
comes from, and what every record must keep elsewhere.
"""


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], data: argparse.ArgumentParser) -> None:
    """The parser of `ropa`."""
    parser = sub.add_parser("ropa", description=ROPA_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    parser.add_argument("entity", nargs="?", default=None, metavar="ENTITY", help="the entity (its folder name); default: every entity that publishes in LANG")
    parser.add_argument("--language", default=None, metavar="LANG", help="the record's language, one the entity publishes in (default: the entity's own, or the site's source language)")
    parser.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day whose notices in force make the record (default: $NOTICES_AS_OF, $SOURCE_DATE_EPOCH or today)")
    parser.add_argument("--format", choices=("csv", "xlsx"), default=None, help="default: from the output file's suffix")
    parser.add_argument("--output", "-o", type=Path, required=True, metavar="FILE", help="where to write the record")
    parser.add_argument("--incomplete", action="store_true", help="write the record even when the data lack facts Art. 30 asks for (reported as warnings)")


def cmd_ropa(settings: Settings, entity: str | None, language: str | None, output: Path, form: str | None, incomplete: bool) -> int:
    """Write the record; one line says what came of it, or why nothing was written."""
    form = form or output.suffix.lower().lstrip(".")
    if form not in ("csv", "xlsx"):
        return _usage(f"say --format csv or xlsx, or name an --output ending in .csv or .xlsx (found '{output.name}')")
    opened = open_data("ropa", settings)
    if isinstance(opened, int):
        return opened
    project, catalogs, day, log = opened
    if entity is not None and entity not in project.entities:
        return _usage(f"no entity '{entity}'; the entities are: {', '.join(project.entities) or 'none'}")
    language = language or (project.language_of(entity) if entity else project.site.source_language)
    if language not in project.site.all_languages:
        return _usage(f"the site is not published in '{language}'; its languages are: {', '.join(project.site.all_languages)}")
    if entity is not None and not project.publishes(entity, language):
        return _usage(f"{entity} does not publish in '{language}'; it publishes in: {', '.join(project.languages_of(entity))}")
    entities = [entity] if entity else [name for name in project.entities if project.publishes(name, language)]
    left_out = [name for name in project.entities if entity is None and name not in entities]
    if left_out:
        print(f"notices ropa: left out, as they do not publish in '{language}': {', '.join(left_out)}", file=sys.stderr)
    try:
        record = build_record(project, catalogs, entities, language, day)
    except NotInForce as exc:
        return _usage(str(exc))
    print_errors(log, sys.stderr)
    if log:
        return 1
    print_errors(record.incomplete, sys.stderr, warning=incomplete)
    if record.incomplete and not incomplete:
        print(f"notices ropa: the data lack {plural(len(record.incomplete.errors), 'fact')} that Art. 30 asks for; add them, or write the record with --incomplete; nothing was written", file=sys.stderr)
        return 1
    try:
        data = xlsx_bytes(record) if form == "xlsx" else csv_bytes(record)
    except MissingLibrary as exc:
        return _usage(str(exc))
    try:
        _write(output, data)
    except OSError as exc:
        print(f"notices ropa: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    fallback = f"; {plural(record.fallbacks, 'text')} in the original language, untranslated" if record.fallbacks else ""
    print(f"notices ropa: wrote {plural(len(record.rows), 'activity', 'activities')} in {language} as of {day.isoformat()} to {output}{fallback}")
    return 0


def _usage(message: str) -> int:
    print(f"notices ropa: {message}", file=sys.stderr)
    return 2


def _write(path: Path, data: bytes) -> None:
    """Write beside the target and rename into place, so that the file is whole or untouched."""
    handle, temporary = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".", prefix=".ropa-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)  # a record to share, not a secret: mkstemp's 0600 would surprise
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
