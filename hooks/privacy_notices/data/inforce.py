"""Which version of a notice was in force at a moment: validity intervals in a time zone, and the look-up.

A version file's name is the day it takes effect; a consent record or an
audit asks about a moment. The two meet in the entity's time zone: a version
is in force from 00:00 of its day there until 00:00 of the next version's day
(exclusive). The published index (``in-force.json``) and ``notices which``
both use these functions, so that they cannot disagree.
"""

from __future__ import annotations

import datetime
import re
import zoneinfo
from dataclasses import dataclass

from privacy_notices.data.textcheck import excerpt

DEFAULT_TIME_ZONE = "UTC"
"""The zone of a site that names none: the generator cannot know where a company is, and UTC has no daylight saving
time to get wrong; a site states its own (``time_zone`` in site.yml, or per entity)."""

_ZONE_NAME = re.compile(r"^[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*$")


class MomentError(ValueError):
    """A moment written in a way that cannot be read."""


def zone(name: str) -> zoneinfo.ZoneInfo:
    """The IANA time zone ``name`` (e.g. ``Europe/Helsinki``), or a ValueError that says what was wrong.

    >>> zone("Europe/Helsinki").key
    'Europe/Helsinki'
    >>> zone("Europe/Helsingfors")
    Traceback (most recent call last):
    ValueError: no IANA time zone 'Europe/Helsingfors'; write a name such as 'Europe/Helsinki' or 'UTC' (see the tz database's list)
    """
    problem = f"no IANA time zone '{excerpt(name)}'; write a name such as 'Europe/Helsinki' or 'UTC' (see the tz database's list)"
    # Checked before zoneinfo sees it: the name becomes a path in the tz database's folder.
    if len(name) > 64 or not _ZONE_NAME.match(name):
        raise ValueError(problem)
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(problem) from None


def check_zone(name: str) -> str:
    """``name`` when it is a time zone the tz database knows: the validator of the data's ``time_zone``."""
    zone(name)
    return name


def start_of_day(day: datetime.date, tz: zoneinfo.ZoneInfo) -> datetime.datetime:
    """The first instant of ``day`` in ``tz``, in ``tz``: 00:00, or the first time there is where a clock skipped midnight.

    >>> start_of_day(datetime.date(2025, 3, 30), zone("Europe/Helsinki")).isoformat()
    '2025-03-30T00:00:00+02:00'
    >>> start_of_day(datetime.date(2025, 3, 31), zone("Europe/Helsinki")).isoformat()
    '2025-03-31T00:00:00+03:00'
    >>> start_of_day(datetime.date(2024, 9, 8), zone("America/Santiago")).isoformat()
    '2024-09-08T01:00:00-03:00'
    """
    # 00:00 read with the offset before any change (fold 0) is the first instant of the day, also when
    # the clock jumps over midnight; converting through UTC writes it as the clock there showed it.
    local = datetime.datetime.combine(day, datetime.time(0), tz)
    return local.astimezone(datetime.timezone.utc).astimezone(tz)


@dataclass(frozen=True)
class Interval:
    """When one version is in force: from ``start`` (inclusive) to ``end`` (exclusive; None while no later version exists)."""

    effective: datetime.date
    start: datetime.datetime
    end: datetime.datetime | None

    def holds(self, moment: datetime.datetime) -> bool:
        """Whether the version is in force at ``moment`` (an aware date-time)."""
        return self.start <= moment and (self.end is None or moment < self.end)


def intervals(days: list[datetime.date], tz: zoneinfo.ZoneInfo) -> list[Interval]:
    """The validity of versions taking effect on ``days`` (oldest first) in ``tz``.

    >>> [(i.start.isoformat(), i.end and i.end.isoformat()) for i in intervals([datetime.date(2025, 1, 1), datetime.date(2025, 7, 1)], zone("Europe/Helsinki"))]
    [('2025-01-01T00:00:00+02:00', '2025-07-01T00:00:00+03:00'), ('2025-07-01T00:00:00+03:00', None)]
    """
    starts = [start_of_day(day, tz) for day in days]
    return [Interval(day, start, starts[i + 1] if i + 1 < len(starts) else None) for i, (day, start) in enumerate(zip(days, starts))]


def in_force(spans: list[Interval], moment: datetime.datetime) -> int | None:
    """The index of the version in force at ``moment`` (aware), or None before the first.

    >>> spans = intervals([datetime.date(2025, 1, 1), datetime.date(2025, 7, 1)], zone("Europe/Helsinki"))
    >>> utc = datetime.timezone.utc
    >>> in_force(spans, datetime.datetime(2025, 6, 30, 20, 59, 59, tzinfo=utc)), in_force(spans, datetime.datetime(2025, 6, 30, 21, tzinfo=utc))
    (0, 1)
    >>> in_force(spans, datetime.datetime(2024, 12, 31, 21, 59, tzinfo=utc)) is None
    True
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a moment without a time zone is ambiguous")
    found = [i for i, span in enumerate(spans) if span.holds(moment)]
    return found[0] if found else None


_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?$")


def parse_moment(text: str, tz: zoneinfo.ZoneInfo) -> datetime.datetime:
    """A moment written ``YYYY-MM-DD`` (that day: its first instant, as no version begins later in a day),
    ``YYYY-MM-DDTHH:MM[:SS]`` (local time in ``tz``; an hour that comes twice, its first time) or with an
    offset or ``Z``, as an aware date-time in ``tz``.

    >>> helsinki = zone("Europe/Helsinki")
    >>> parse_moment("2025-03-04", helsinki).isoformat(), parse_moment("2025-03-04T12:00", helsinki).isoformat()
    ('2025-03-04T00:00:00+02:00', '2025-03-04T12:00:00+02:00')
    >>> parse_moment("2025-08-31T21:30Z", helsinki).isoformat()
    '2025-09-01T00:30:00+03:00'
    >>> parse_moment("4.3.2025", helsinki)
    Traceback (most recent call last):
    privacy_notices.data.inforce.MomentError: expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (local time) or either with an offset (+02:00 or Z), found '4.3.2025'
    """
    stripped = text.strip()
    problem = f"expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] (local time) or either with an offset (+02:00 or Z), found '{excerpt(stripped, 40)}'"
    if not _MOMENT.match(stripped):
        raise MomentError(problem)
    try:
        if "T" not in stripped:
            return start_of_day(datetime.date.fromisoformat(stripped), tz)
        moment = datetime.datetime.fromisoformat(stripped.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=tz)
        return moment.astimezone(datetime.timezone.utc).astimezone(tz)
    except (ValueError, OverflowError):  # no such day or hour, or a moment at the very ends of the calendar
        raise MomentError(problem) from None
