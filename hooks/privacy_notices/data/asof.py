"""The as-of date: the day the site describes, deciding current, archived and upcoming versions.

It is an input, never read from the clock when the build is meant to be
reproducible: an explicit value wins, then ``NOTICES_AS_OF``, then
``SOURCE_DATE_EPOCH`` (the reproducible-builds convention), then today.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Literal

Status = Literal["current", "archived", "upcoming"]


class AsOfError(ValueError):
    """The as-of date given is not a date."""


def as_of_date(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> datetime.date:
    """Resolve the as-of date from ``--as-of`` and the variables named (:meth:`.settings.Settings.as_of` gives them).

    >>> as_of_date("2026-01-01")
    datetime.date(2026, 1, 1)
    >>> as_of_date(environ={"NOTICES_AS_OF": "2025-05-05", "SOURCE_DATE_EPOCH": "0"})
    datetime.date(2025, 5, 5)
    >>> as_of_date(environ={"SOURCE_DATE_EPOCH": "1700000000"})
    datetime.date(2023, 11, 14)
    """
    env = {} if environ is None else environ
    for source, value in (("--as-of", explicit), ("NOTICES_AS_OF", env.get("NOTICES_AS_OF"))):
        if value:
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                raise AsOfError(f"{source}: expected a date written as YYYY-MM-DD, found '{value}'") from None
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.timezone.utc).date()
        except (ValueError, OverflowError):
            raise AsOfError(f"SOURCE_DATE_EPOCH: expected seconds since 1970, found '{epoch}'") from None
    return datetime.date.today()


def current_index(dates: list[datetime.date], as_of: datetime.date) -> int | None:
    """Index of the version in force on ``as_of`` (dates sorted, oldest first), or None if none has started.

    >>> d = [datetime.date(2024, 1, 1), datetime.date(2025, 1, 1)]
    >>> current_index(d, datetime.date(2024, 6, 1)), current_index(d, datetime.date(2025, 1, 1)), current_index(d, datetime.date(2023, 1, 1))
    (0, 1, None)
    """
    started = [i for i, d in enumerate(dates) if d <= as_of]
    return started[-1] if started else None


def status(index: int, current: int | None) -> Status:
    """Whether version ``index`` is current, archived or upcoming."""
    if current is None or index > current:
        return "upcoming"
    return "current" if index == current else "archived"


def statuses(dates: list[datetime.date], as_of: datetime.date) -> list[Status]:
    """The status of every version (dates sorted, oldest first) on ``as_of``.

    >>> statuses([datetime.date(2024, 1, 1), datetime.date(2025, 1, 1), datetime.date(2027, 1, 1)], datetime.date(2026, 1, 1))
    ['archived', 'current', 'upcoming']
    """
    current = current_index(dates, as_of)
    return [status(i, current) for i in range(len(dates))]
