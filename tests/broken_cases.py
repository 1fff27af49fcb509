"""Set up a broken-data case: the minimal valid tree with one case's files laid over it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "fixtures" / "minimal"
BROKEN = TESTS / "broken"


def cases() -> list[Path]:
    """Every case folder, in name order."""
    return sorted(p for p in BROKEN.iterdir() if p.is_dir())


def materialize(case: Path, target: Path) -> Path:
    """Copy the fixture into ``target`` and lay the case over it.

    The case's ``data/``, ``docs/`` and ``outside/`` folders are copied in;
    ``remove.txt`` lists files to delete, ``links.txt`` symbolic links to
    make, one ``link -> target`` a line (a relative target is taken from
    ``target``, so that a case can point outside its data folder), and
    ``fifos.txt`` named pipes to make, which git cannot hold.
    """
    shutil.copytree(FIXTURE, target, dirs_exist_ok=True)
    for folder in ("data", "docs", "outside"):
        if (case / folder).is_dir():
            shutil.copytree(case / folder, target / folder, dirs_exist_ok=True)
    for line in _lines(case / "remove.txt"):
        (target / line).unlink()
    for line in _lines(case / "links.txt"):
        link, _, pointed = (part.strip() for part in line.partition("->"))
        (target / link).parent.mkdir(parents=True, exist_ok=True)
        (target / link).symlink_to(pointed if pointed.startswith("/") else (target / pointed).resolve())
    for line in _lines(case / "fifos.txt"):
        (target / line).parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(target / line)
    return target


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text("utf-8").split("\n") if line.strip()] if path.is_file() else []


def expected(case: Path) -> list[str]:
    """The messages stored beside the case, one per line.

    ``{interface_languages}`` stands for the list of languages the installed theme has an
    interface for, which grows with Material's releases.
    """
    from privacy_notices.data import vocab

    text = (case / "expected.txt").read_text("utf-8").replace("{interface_languages}", ", ".join(vocab.interface_languages()))
    return [line for line in text.split("\n") if line]
