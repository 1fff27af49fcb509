"""Data errors: where in which file, and what is wrong, in plain words.

Every check in the package appends to an :class:`ErrorLog` instead of raising,
so that one run reports every mistake in every file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from privacy_notices.data.textcheck import excerpt, one_line


@dataclass(frozen=True, order=True)
class DataError:
    """One mistake in one data file."""

    path: Path
    """The file the mistake is in."""

    line: int
    """1-based line of the offending value (1 when the whole file is at fault)."""

    column: int
    """1-based column of the offending value."""

    where: str
    """Dotted path inside the document, e.g. ``activities[0].retention``; empty for the file itself."""

    message: str
    """What was expected and what was found, in plain words."""

    def format(self, relative_to: Path | None = None) -> str:
        """Render as ``file:line:col: where: message``, the form editors and CI understand, the file as :func:`display_path` names it.

        Always one line (:func:`one_line`): a line break in a title or a file
        name quoted here would otherwise print a second, forged error.

        >>> DataError(Path("data/a.yml"), 3, 5, "title", "found 'A\\ndata/b.yml:1:1: forged'").format()
        "data/a.yml:3:5: title: found 'A\\\\ndata/b.yml:1:1: forged'"
        """
        shown = display_path(self.path, relative_to)
        where = f"{self.where}: " if self.where else ""
        return one_line(f"{shown}:{self.line}:{self.column}: {where}{self.message}")


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """A path as every message names it: relative to the current folder (or ``relative_to``) when inside it, else absolute.

    One rule for every command and build, so that `notices validate` and a publishing build name a
    file of data kept outside the project the same way, and a name can be pasted into an editor
    from wherever the command ran.

    >>> display_path(Path("/work/site/data/site.yml"), Path("/work/site")), display_path(Path("/srv/data/site.yml"), Path("/work/site"))
    ('data/site.yml', '/srv/data/site.yml')
    """
    # abspath, not resolve: a file that is a link is named by the link, not by what it points to.
    base = Path(os.path.abspath(relative_to or Path.cwd()))
    shown = Path(os.path.abspath(path))
    try:
        return shown.relative_to(base).as_posix()
    except ValueError:
        return shown.as_posix()


@dataclass
class ErrorLog:
    """Collects :class:`DataError` objects across files, in a stable order."""

    errors: list[DataError] = field(default_factory=list)

    def add(self, path: Path, line: int, column: int, where: str, message: str) -> None:
        self.errors.append(DataError(path, line, column, where, message))

    def extend(self, other: ErrorLog) -> None:
        self.errors.extend(other.errors)

    def __bool__(self) -> bool:
        return bool(self.errors)

    def __len__(self) -> int:
        return len(self.errors)

    def sorted(self) -> list[DataError]:
        """Errors by file, then position: the order a reader fixes them in."""
        return sorted(set(self.errors))

    def summary(self) -> str:
        files = len({e.path for e in self.errors})
        n = len(self.sorted())
        return f"{n} error{'s' if n != 1 else ''} in {files} file{'s' if files != 1 else ''}"


def format_where(loc: tuple[str | int, ...]) -> str:
    """Turn a location tuple into the dotted form used in messages.

    >>> format_where(("activities", 0, "retention", "period"))
    'activities[0].retention.period'
    >>> format_where(())
    ''
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            shown = excerpt(part)
            out += f".{shown}" if out else shown
    return out
