"""`notices schema`: the JSON Schemas editors check the data files with, written from the models so they never drift."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from privacy_notices.data import paths, textcheck
from privacy_notices.data.errors import display_path
from privacy_notices.data.model import AnyNotice, Entity, Site
from privacy_notices.site.exports import NoticeExport, json_schema_text
from privacy_notices.site.inforce import InForceIndex


SCHEMA_HELP = """\
Write a JSON Schema for each file type into a folder (default: schema/):

  site.schema.json     data/site.yml
  entity.schema.json   data/entities/<entity>/entity.yml
  notice.schema.json   data/entities/<entity>/notices/<notice>/<YYYY-MM-DD>.yml
  notice-export.schema.json   the notice.json files the site publishes
  in-force.schema.json        the in-force.json files the site publishes

Editors with a YAML language server use them to complete and check fields as
you type; AUTHORING.md shows how to connect them. With --check, nothing is
written: the command fails if the files differ from what it would write.
"""


SCHEMAS: dict[str, Any] = {
    "site.schema.json": Site,
    "entity.schema.json": Entity,
    "notice.schema.json": AnyNotice,
    "notice-export.schema.json": NoticeExport,
    "in-force.schema.json": InForceIndex,
}
"""File name → the type whose schema it holds."""


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The parser of `schema`."""
    schema = sub.add_parser(
        "schema", description=SCHEMA_HELP, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    schema.add_argument("--out", type=Path, default=Path("schema"), metavar="DIR", help="where to write the schemas (default: schema/)")
    schema.add_argument("--check", action="store_true", help="only check that the files in DIR are up to date")


def schemas() -> dict[str, str]:
    """Each schema file's text, generated from the models."""
    return {name: json_schema_text(name, target) for name, target in SCHEMAS.items()}


def cmd_schema(out: Path, check: bool) -> int:
    made = schemas()
    # Read and written only where they stand in DIR: a link out of it, to nothing or to a FIFO is refused, before anything is written.
    refused = [found for name in made if (found := paths.problem(out / name, out, within=f"{display_path(out)}/")) is not None]
    for found in refused:
        print(f"notices schema: {textcheck.one_line(display_path(found.path))}: {found.reason}", file=sys.stderr)
    if refused:
        return 2
    stale = []
    for name, text in made.items():
        path = out / name
        current = path.read_text("utf-8") if path.is_file() else None
        if current == text:
            continue
        if check:
            stale.append(path.as_posix())
        else:
            try:
                paths.write_bytes(path, out, text.encode("utf-8"))
            except OSError as exc:
                print(f"notices schema: cannot write {textcheck.one_line(path.as_posix())}: {exc.strerror or exc}", file=sys.stderr)
                return 2
            print(f"wrote {path.as_posix()}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run `notices schema --out {out.as_posix()}`", file=sys.stderr)
        return 1
    if check:
        print("schemas are up to date")
    return 0
