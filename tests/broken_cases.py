"""Set up a broken-data case: the minimal valid tree with one case's files laid over it."""

from __future__ import annotations

import shutil
from pathlib import Path

TESTS = Path(__file__).resolve().parent
FIXTURE = TESTS / "fixtures" / "minimal"
BROKEN = TESTS / "broken"


def cases() -> list[Path]:
    """Every case folder, in name order."""
    return sorted(p for p in BROKEN.iterdir() if p.is_dir())


def materialize(case: Path, target: Path) -> Path:
    """Copy the fixture into ``target``, overlay the case's ``data/`` and remove what ``remove.txt`` lists."""
    shutil.copytree(FIXTURE, target, dirs_exist_ok=True)
    if (case / "data").is_dir():
        shutil.copytree(case / "data", target / "data", dirs_exist_ok=True)
    remove = case / "remove.txt"
    if remove.is_file():
        for line in remove.read_text("utf-8").split("\n"):
            if line.strip():
                (target / line.strip()).unlink()
    return target


def expected(case: Path) -> list[str]:
    """The messages stored beside the case, one per line."""
    return [line for line in (case / "expected.txt").read_text("utf-8").split("\n") if line]
