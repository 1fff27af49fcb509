"""What a command may read or write: files inside the data folder, reached without leaving it.

Data come from many hands, and a checkout holds whatever links a pull request
made. Every data file, catalog and the lock is checked here before it is
read, and every catalog, lock file, new version and swapped file before it
is written: a link out of the data folder, a link to nothing (writing it
would create its target, wherever that is) and a loop of links are refused,
and so is anything but a regular file, which could hang a read (a FIFO) or
never end (a device). A link that stays inside the folder is followed.
"""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from privacy_notices.data.errors import ErrorLog

OUTSIDE = "this is a link to something outside {within}; only files inside it are read or written: copy the file in instead"
OUTSIDE_FOLDER = "this is a link to a folder outside {within}; only files inside it are read or written: copy the folder in instead"
DANGLING = (
    "this is a link to something that does not exist; it is neither read nor written through "
    "(writing would create its target, wherever it points): remove the link, or put a real file here"
)
LOOP = "this is a link that leads back to itself (a loop of links); remove it, or put a real file here"
NOT_A_FOLDER = "this is a file where a folder is expected; remove it, or rename it"
BEYOND = "this is outside {within}; only files inside it are read or written"
DATA = "the data folder"
"""What ``{within}`` in the messages above names, unless a command checks another folder (``notices schema --out``)."""


@dataclass(frozen=True)
class Refusal:
    """Why a path is not read or written: the part of it at fault, and the reason."""

    path: Path
    """The link, or the file, to fix: named as the caller named the data folder."""
    reason: str


class Refused(Exception):
    """A write that was not checked beforehand met a path it may not write; the command ends with the refusal."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(refusal.reason)
        self.refusal = refusal


_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket"))


def not_a_file(mode: int) -> str | None:
    """Why something with this mode is not read as a file, or None for a regular file.

    >>> not_a_file(stat.S_IFREG | 0o644) is None
    True
    >>> not_a_file(stat.S_IFIFO | 0o644)
    'this is a named pipe (FIFO), not a regular file; only regular files are read or written (reading it could wait forever): put a file here'
    """
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _KINDS if test(mode)), "something other than a file")
    return f"this is {kind}, not a regular file; only regular files are read or written (reading it could wait forever): put a file here"


def problem(path: Path, root: Path, folder: bool = False, within: str = DATA) -> Refusal | None:
    """Why ``path`` may not be read or written as part of the data folder ``root``, or None.

    Each part of the path below ``root`` is looked at in turn, without
    following it: a link must lead to something that exists, inside
    ``root``. A path that does not exist (yet) is not refused: reading finds
    nothing, and writing creates it inside ``root``. What exists must be a
    regular file, or with ``folder`` a folder. ``root`` itself is the
    caller's to choose, link or not; ``within`` names it in the reason.
    """
    base = Path(os.path.abspath(root))
    target = Path(os.path.abspath(path))
    if target != base and base not in target.parents:
        return Refusal(path, BEYOND.format(within=within))
    inside = Path(os.path.realpath(base))
    parts = target.relative_to(base).parts
    current, shown = base, root
    for i, part in enumerate(parts):
        current, shown = current / part, shown / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return None
        except NotADirectoryError:
            return Refusal(shown.parent, NOT_A_FOLDER)
        except OSError as exc:
            return Refusal(shown, f"this cannot be looked at: {exc.strerror}")
        if not stat.S_ISLNK(mode):
            continue
        try:
            real = Path(os.path.realpath(current, strict=True))
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return Refusal(shown, LOOP)
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                return Refusal(shown, DANGLING)
            return Refusal(shown, f"this is a link that cannot be followed: {exc.strerror}")
        if real != inside and inside not in real.parents:
            return Refusal(shown, (OUTSIDE_FOLDER if i < len(parts) - 1 or real.is_dir() else OUTSIDE).format(within=within))
    if folder:
        return None
    try:
        reason = not_a_file(os.stat(target).st_mode)
    except OSError as exc:
        return Refusal(path, f"this cannot be looked at: {exc.strerror}")
    return Refusal(path, reason) if reason else None


def refuse(path: Path, root: Path, log: ErrorLog, folder: bool = False) -> bool:
    """Record why ``path`` may not be read or written, and return True; False when it may."""
    found = problem(path, root, folder)
    if found is None:
        return False
    log.add(found.path, 1, 1, "", found.reason)
    return True


def exists(path: Path) -> bool:
    """Whether anything stands at ``path``, a link to nothing included: such a link is refused, never taken for absent."""
    return os.path.lexists(path)


def write_bytes(path: Path, root: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless it holds them already; True when written.

    Commands check every path they will write before writing any (so that
    nothing is half done); this checks again, and raises :class:`Refused`
    rather than write through a link out of ``root`` or to nothing.
    """
    found = problem(path, root)
    if found is not None:
        raise Refused(found)
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def remove(path: Path, root: Path) -> None:
    """Remove the file at ``path`` if there is one (a link is removed, never what it points to)."""
    found = problem(path, root)
    if found is not None:
        raise Refused(found)
    path.unlink(missing_ok=True)
