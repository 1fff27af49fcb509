"""Loading reused between the builds of one ``mkdocs serve``: what a file set gave, while its bytes stay the same.

A save changes one entity's files; the next build reads every file again
(reading is cheap) but parses and validates only the entities and catalogs
whose bytes changed. The key is the files' content, not their modification
time, which file systems keep at a coarser grain than two quick saves.
Builds outside ``mkdocs serve`` and the command line load everything afresh.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Callable, Hashable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar, cast

from privacy_notices.data.errors import ErrorLog

T = TypeVar("T")


def digest(paths: Iterable[Path]) -> str:
    """A digest of the files' names, kinds and bytes.

    Only a regular file is read. A link is digested by where it points and
    what stands there (its size and time, never its bytes: it may lead out of
    the data folder, which the loader refuses); anything else (a FIFO, a
    device) by its kind alone, since reading it could wait forever.
    """
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(f"{path}\0".encode())
        try:
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                h.update(f"link\0{os.readlink(path)}\0".encode())
                target = path.stat()
                h.update(f"{target.st_mode}\0{target.st_size}\0{target.st_mtime_ns}".encode())
            elif stat.S_ISREG(mode):
                h.update(path.read_bytes())
            else:
                h.update(f"kind {stat.S_IFMT(mode)}".encode())
        except OSError as exc:
            h.update(f"\0unreadable {exc.errno}".encode())
        h.update(b"\0")
    return h.hexdigest()


def walk(folder: Path, folders: bool = False) -> Iterator[Path]:
    """Every file under ``folder``; with ``folders``, the folders too, ``folder`` first."""
    if folders:
        yield folder
    for directory, names, files in os.walk(folder):
        for name in (names + files) if folders else files:
            yield Path(directory) / name


def files_under(folder: Path) -> list[Path]:
    """Every file and folder under ``folder`` (folders count: an empty notice folder is an error)."""
    return list(walk(folder, folders=True))


class Reuse:
    """Results of loading, each with the errors it reported, by a key and the digest of its files."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, tuple[str, Any, ErrorLog]] = {}

    def load(self, key: Hashable, paths: Iterable[Path], log: ErrorLog, load: Callable[[ErrorLog], T]) -> T:
        """``load(errors)``, or what it gave the last time the files had these bytes; its errors go to ``log`` either way."""
        current = digest(paths)
        kept = self._kept.get(key)
        if kept is not None and kept[0] == current:
            log.extend(kept[2])
            # What a key keeps was made by the same load (a key names what is loaded, and how), so it is a T.
            return cast(T, kept[1])
        errors = ErrorLog()
        value = load(errors)
        self._kept[key] = (current, value, errors)
        log.extend(errors)
        return value
