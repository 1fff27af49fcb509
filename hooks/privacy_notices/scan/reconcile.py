"""Compare what a scan recorded with what the notices in force declare: findings with rule ids and data lines.

Each finding points at the line of the data an author would change: the cookie
entry it concerns, the ``cookies`` list an undeclared one belongs in, or the
``scan`` settings of ``entity.yml`` for a host. Everything the site sent back
(names, keys, hosts, addresses) is quoted as text and shortened; the report
formats of :mod:`privacy_notices.checks.compliance` keep it inert.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dateutil.relativedelta import relativedelta

from privacy_notices.checks.compliance import Finding
from privacy_notices.data import textcheck, vocab
from privacy_notices.data.asof import current_index
from privacy_notices.data.errors import format_where
from privacy_notices.data.processing import Cookie
from privacy_notices.data.project import EntityRecord, NoticeVersion, Project
from privacy_notices.scan.observed import PHASE_WORDS, Observation, PhaseName, SeenCookie, SeenStorage, host_of
from privacy_notices.scan.rules import SCAN_RULES

Loc = tuple[str | int, ...]
LIFETIME_SLACK = datetime.timedelta(days=1)
"""How far past its declared duration a cookie may expire before PN203 fires: clocks, rounding, a late first sighting."""
WITHOUT_CONSENT: tuple[PhaseName, ...] = ("before_consent", "after_rejecting")


@dataclass(frozen=True)
class Declared:
    """One cookie entry of a notice in force, and where it is written."""

    version: NoticeVersion
    index: int
    cookie: Cookie

    @property
    def names(self) -> list[str]:
        return [self.cookie.name] if self.cookie.name else list(self.cookie.names)

    @property
    def needs_consent(self) -> bool:
        return bool(vocab.vocabulary("cookie_categories")[self.cookie.category]["needs_consent"])

    def matches(self, name: str, kind: str) -> bool:
        return self.cookie.type == kind and any(name_matches(pattern, name) for pattern in self.names)


def name_matches(pattern: str, name: str) -> bool:
    """Whether a cookie's name fits a declared name, where ``*`` stands for any text (and nothing else is special).

    >>> name_matches("_ga_*", "_ga_X1Y2"), name_matches("_ga_*", "_gat"), name_matches("a.b", "axb"), name_matches("[x]", "[x]")
    (True, False, False, True)
    """
    parts = pattern.split("*")
    if len(parts) == 1:
        return pattern == name
    if not (name.startswith(parts[0]) and name.endswith(parts[-1])) or len(name) < len(parts[0]) + len(parts[-1]):
        return False
    at = len(parts[0])
    for middle in parts[1:-1]:
        found = name.find(middle, at, len(name) - len(parts[-1]))
        if found < 0:
            return False
        at = found + len(middle)
    return True


def host_matches(pattern: str, host: str) -> bool:
    """Whether a host fits a ``scan.hosts`` key: the same name, or ``*.domain`` for the domain and its subdomains.

    >>> host_matches("*.nl.example", "stats.nl.example"), host_matches("*.nl.example", "nl.example"), host_matches("nl.example", "a.nl.example")
    (True, True, False)
    """
    if pattern.startswith("*."):
        return host == pattern[2:] or host.endswith(pattern[1:])
    return host == pattern


def in_force(record: EntityRecord, as_of: datetime.date) -> list[NoticeVersion]:
    """The version of each of the entity's notices in force on the day."""
    found = []
    for series in record.notices.values():
        index = current_index([v.effective for v in series.versions], as_of)
        if index is not None:
            found.append(series.versions[index])
    return found


def declared(versions: Iterable[NoticeVersion]) -> list[Declared]:
    """Every cookie entry of the versions: a cookie policy's, and the cookie part of a controller notice."""
    return [Declared(v, i, c) for v in versions for i, c in enumerate(getattr(v.data, "cookies", []))]


def parties(record: EntityRecord, versions: Iterable[NoticeVersion]) -> set[str]:
    """The names a host may be given to (case folded): cookie providers, processors, recipients, joint controllers, the entity."""
    names = {record.data.name.casefold()}
    for v in versions:
        data = v.data
        names |= {c.provider.casefold() for c in getattr(data, "cookies", [])}
        names |= {p.name.casefold() for p in data.processors} | {r.name.casefold() for r in data.recipients}
        names |= {j.name.casefold() for j in data.joint_controllers}
    return names


def _lifetime(cookie: SeenCookie) -> datetime.timedelta | None:
    return None if cookie.expires is None else datetime.timedelta(seconds=cookie.expires - cookie.seen_at)


def _too_long(declared_duration: str, cookie: SeenCookie) -> bool:
    """Whether the cookie expires more than a day after the declared duration, counted from when it was first seen."""
    if cookie.expires is None or declared_duration == "provider":
        return False
    if declared_duration == "session":  # a cookie that outlives the browser session by more than the slack
        return cookie.expires - cookie.seen_at > LIFETIME_SLACK.total_seconds()
    amounts = dict(textcheck.parse_duration(declared_duration))
    seen = datetime.datetime.fromtimestamp(cookie.seen_at, datetime.timezone.utc)
    allowed = seen + relativedelta(
        years=amounts.get("year", 0), months=amounts.get("month", 0), weeks=amounts.get("week", 0),
        days=amounts.get("day", 0), hours=amounts.get("hour", 0), minutes=amounts.get("minute", 0),
    )
    return datetime.datetime.fromtimestamp(cookie.expires, datetime.timezone.utc) > allowed + LIFETIME_SLACK


def _days(delta: datetime.timedelta) -> str:
    """A lifetime in the largest unit that says it in two or more.

    >>> [_days(datetime.timedelta(seconds=s)) for s in (30 * 86400, 86400, 3 * 3600, 90, 1)]
    ['30 days', '24 hours', '3 hours', '90 seconds', '1 second']
    """
    seconds = delta.total_seconds()
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= 2 * size:
            return f"{seconds / size:.0f} {unit}s"
    return f"{seconds:.0f} second{'s' if round(seconds) != 1 else ''}"


def quoted(text: str) -> str:
    """What the site sent, as a short quoted text on one line."""
    return "'" + textcheck.one_line(textcheck.excerpt(text, 80)) + "'"


def _phases(names: Iterable[PhaseName]) -> str:
    given = set(names)
    ordered = [PHASE_WORDS[p] for p in PHASE_WORDS if p in given]
    return " and ".join(ordered) if len(ordered) < 3 else f"{ordered[0]}, {ordered[1]} and {ordered[2]}"


class _Findings:
    """Findings being collected for one entity, each placed on the line of the data it concerns."""

    def __init__(self, record: EntityRecord) -> None:
        self.record = record
        self.found: dict[tuple[str, str, int, int, str], Finding] = {}

    def at(self, rule: str, place: NoticeVersion | None, loc: Loc, message: str, subject: str) -> None:
        if place is None:
            doc, path, version = self.record.doc, self.record.path, self.record.id
        else:
            doc, path, version = place.doc, place.path, f"{place.entity}/{place.notice}/{place.effective.isoformat()}"
        line, col = doc.mark(loc, key=True) if doc and loc else (1, 1)  # the key itself: `cookies:`, not its first entry
        finding = Finding(rule, SCAN_RULES[rule].severity, Path(path), line, col, format_where(loc) if loc else "", message, version, "current", subject=subject)
        self.found.setdefault((rule, str(path), line, col, message), finding)

    def sorted(self) -> list[Finding]:
        return sorted(self.found.values(), key=lambda f: (str(f.path), f.line, f.column, f.rule, f.message))


def _home(versions: list[NoticeVersion]) -> NoticeVersion | None:
    """Where an undeclared cookie belongs: the cookie policy in force, else a controller notice in force that lists cookies."""
    for wanted in ("cookies", "controller"):
        for v in versions:
            if v.data.kind == wanted and (wanted == "cookies" or getattr(v.data, "cookies", [])):
                return v
    return None


def _group(entries: list[Declared], record: EntityRecord, where: str, kind: str) -> Declared | None:
    """The entry that declares a provider's cookies as a group (no names), when scan.hosts gives the cookie's domain
    (or the storage's origin) to that provider: ``{"*.sharebar.example": Sharebar}`` and an entry of Sharebar's."""
    host = host_of(where) if "://" in where else where.lstrip(".").lower()
    mapping = record.data.scan.hosts if record.data.scan else {}
    provider = next((name.casefold() for pattern, name in mapping.items() if host_matches(pattern, host)), None)
    return next((e for e in entries if not e.names and e.cookie.type == kind and e.cookie.provider.casefold() == provider), None)


def _entity_place(record: EntityRecord, *loc: str | int) -> Loc:
    """The nearest of scan.hosts…, scan, website that entity.yml has, for a finding about the site as a whole."""
    return loc if record.data.scan is not None else ("website",)


def reconcile(project: Project, entity: str, as_of: datetime.date, observation: Observation) -> list[Finding]:
    """Every finding of the scan, sorted by place: what the site stored or contacted that the notices in force do not say."""
    record = project.entities[entity]
    versions = in_force(record, as_of)
    entries = declared(versions)
    out = _Findings(record)
    recorded = {p.name for p in observation.phases}
    seen: set[int] = set()
    home = _home(versions)
    home_loc: Loc = ("cookies",) if home is not None else _entity_place(record, "scan")
    cookies: dict[str, list[tuple[PhaseName, SeenCookie]]] = {}
    storage: dict[tuple[str, str], list[tuple[PhaseName, SeenStorage]]] = {}
    for phase in observation.phases:
        for c in phase.cookies:
            cookies.setdefault(c.name, []).append((phase.name, c))
        for s in phase.storage:
            storage.setdefault((s.kind, s.key), []).append((phase.name, s))
    for name, sightings in cookies.items():
        first = sightings[0][1]
        lasting = "a session cookie" if first.expires is None else f"expiring after {_days(_lifetime(first) or datetime.timedelta())}"
        where = f"{_phases(p for p, _ in sightings)}, first on {quoted(first.page)}"
        entry = next((e for e in entries if e.matches(name, "http_cookie")), None) or _group(entries, record, first.domain, "http_cookie")
        if entry is None:
            out.at("PN201", home, home_loc, f"the cookie {quoted(name)} (domain {quoted(first.domain)}, {lasting}) was stored {where}; no notice in force declares it", f"cookie:{name}")
            continue
        seen.add(entries.index(entry))
        place: Loc = ("cookies", entry.index)
        duration = entry.cookie.duration
        longest = max((c for _, c in sightings if c.expires is not None), key=lambda c: c.expires or 0.0, default=None)
        if duration and longest is not None and _too_long(duration, longest):
            out.at("PN203", entry.version, (*place, "duration"), f"the cookie {quoted(name)} lasts {_days(_lifetime(longest) or datetime.timedelta())}, longer than the declared {duration}", f"cookie:{name}")
        without = [p for p, _ in sightings if p in WITHOUT_CONSENT]
        if entry.needs_consent and without:
            out.at("PN204", entry.version, (*place, "category"), f"the cookie {quoted(name)} ({entry.cookie.category}, which needs consent) was stored {_phases(without)}", f"cookie:{name}")
    for (kind, key), found in storage.items():
        first_item = found[0][1]
        words = "local storage" if kind == "local_storage" else "session storage"
        entry = next((e for e in entries if e.matches(key, kind)), None) or _group(entries, record, first_item.origin, kind)
        if entry is None:
            out.at("PN201", home, home_loc, f"the {words} key {quoted(key)} (origin {quoted(first_item.origin)}) was stored {_phases(p for p, _ in found)}, first on {quoted(first_item.page)}; no notice in force declares it", f"{kind}:{key}")
            continue
        seen.add(entries.index(entry))
        without = [p for p, _ in found if p in WITHOUT_CONSENT]
        if entry.needs_consent and without:
            out.at("PN204", entry.version, ("cookies", entry.index, "category"), f"the {words} key {quoted(key)} ({entry.cookie.category}, which needs consent) was stored {_phases(without)}", f"{kind}:{key}")
    for i, entry in enumerate(entries):
        if i in seen or not entry.names or entry.cookie.type not in ("http_cookie", "local_storage", "session_storage"):
            continue
        if entry.needs_consent and "after_accepting" not in recorded:
            continue  # only a scan that accepts can expect to see it
        out.at("PN202", entry.version, ("cookies", entry.index), f"{' or '.join(quoted(n) for n in entry.names)} was not stored on any page scanned ({_phases(recorded)})", f"entry:{entry.index}:{','.join(entry.names)}")
    _hosts(record, entries, versions, observation, out)
    return out.sorted()


def _hosts(record: EntityRecord, entries: list[Declared], versions: list[NoticeVersion], observation: Observation, out: _Findings) -> None:
    """PN205 and PN206: the third-party hosts the pages contacted."""
    mapping = record.data.scan.hosts if record.data.scan else {}
    names = parties(record, versions)
    contacted: dict[str, list[tuple[PhaseName, str, str]]] = {}
    for phase in observation.phases:
        for h in phase.hosts:
            if h.third_party:
                contacted.setdefault(h.host, []).append((phase.name, h.page, h.url))
    for host, sightings in contacted.items():
        pattern = next((p for p in mapping if host_matches(p, host)), None)
        _, page, url = sightings[0]
        when = _phases(p for p, _, _ in sightings)
        if pattern is None or mapping[pattern].casefold() not in names:
            said = (
                "scan.hosts does not name the company behind it" if pattern is None
                else f"scan.hosts gives it to {quoted(mapping[pattern])}, whom no notice in force names"
            )
            loc = _entity_place(record, "scan", "hosts", *((pattern,) if pattern else ()))
            out.at("PN206", None, loc, f"{quoted(host)} was contacted {when}, first from {quoted(page)} for {quoted(url)}; {said}, as a cookie provider, processor or recipient of a notice in force", f"host:{host}")
            continue
        provider = [e for e in entries if e.cookie.provider.casefold() == mapping[pattern].casefold()]
        without = [p for p, _, _ in sightings if p in WITHOUT_CONSENT]
        if provider and all(e.needs_consent for e in provider) and without:
            out.at("PN205", None, ("scan", "hosts", pattern), f"{quoted(host)} ({quoted(mapping[pattern])}, whose cookies all need consent) was contacted {_phases(without)}, first from {quoted(page)}", f"host:{host}")
