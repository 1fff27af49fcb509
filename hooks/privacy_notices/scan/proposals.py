"""`notices scan --write`: cookie entries for what the site stored and no notice declares, for the author to complete.

Entries are appended to the ``cookies`` list of the newest version of the
entity's cookie policy (or of the controller notice that lists cookies), and
only while that version has not taken effect: a version in force is never
edited, so the author starts a new one first. Nothing an author wrote is
rewritten; the file is parsed again and compared before it is saved. What a
scan cannot know (who the provider is, what the cookie is for) is written as
a placeholder, which drafting shows and publishing refuses (rule PN174).
"""

from __future__ import annotations

import datetime
import math
import unicodedata
from dataclasses import dataclass

import yaml

from privacy_notices.data import textcheck
from privacy_notices.data.fields import PLACEHOLDER_MARKER
from privacy_notices.data.project import EntityRecord, NoticeVersion
from privacy_notices.data.yamledit import EditError, double_quoted
from privacy_notices.scan.observed import PHASE_WORDS, Observation
from privacy_notices.scan.reconcile import Declared, declared

CATEGORY_NOTE = "written as marketing, the strictest category, until you say otherwise"


@dataclass(frozen=True)
class Proposal:
    """One undeclared cookie or storage key, as first seen."""

    name: str
    type: str
    """http_cookie, local_storage or session_storage."""
    party: str
    duration: str | None
    seen: str
    """Where and when it was seen, for the placeholder."""


def duration_of(seconds: float | None) -> str:
    """An observed lifetime as an ISO 8601 duration: whole days, or whole hours (rounded up) under a day; None is a session cookie.

    A cookie is seen a moment after it is set, so a day's cookie is seen with a little less than a day left.

    >>> duration_of(None), duration_of(30 * 86400 - 5), duration_of(86400 - 5), duration_of(3 * 3600 + 10)
    ('session', 'P30D', 'P1D', 'PT4H')
    """
    if seconds is None:
        return "session"
    if seconds >= 86400 - 3600:
        return f"P{max(1, round(seconds / 86400))}D"
    return f"PT{max(1, math.ceil(seconds / 3600))}H"


MAX_PROPOSALS = 100
"""The most entries one run writes: a site that stores more needs a person to look, not a longer file."""
MAX_NAME = 200


def declarable(name: str) -> bool:
    """Whether a name the site sent can be written as a cookie entry's name as it is: not empty, no ``*`` (which
    would make it a pattern), nothing invisible or outside plain text (control, format or bidirectional
    characters, lone surrogates), no markup, and not overlong.

    >>> [declarable(n) for n in ("_ga_X1", "", "a*b", "a\\u202eb", "a\\ud800b", "a b", "<b>x</b>", "x" * 201)]
    [True, False, False, False, False, False, False, False]
    """
    if not name or len(name) > MAX_NAME or "*" in name or any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") for c in name):
        return False
    try:
        textcheck.check_plain(name)
    except ValueError:
        return False
    return True


def proposals(observation: Observation, entries: list[Declared], day: datetime.date) -> list[Proposal]:
    """What the scan saw that no entry declares and that can be declared by name, each name once, in the order first seen."""
    out: dict[tuple[str, str], Proposal] = {}
    for phase in observation.phases:
        when = f"seen by notices scan on {day.isoformat()} {PHASE_WORDS[phase.name]}"
        for c in phase.cookies:
            if declarable(c.name) and (c.name, "http_cookie") not in out and not any(e.matches(c.name, "http_cookie") for e in entries):
                lifetime = None if c.expires is None else c.expires - c.seen_at
                seen = textcheck.one_line(f"{when}, domain {textcheck.excerpt(c.domain, 100)}, on {textcheck.excerpt(c.page, 200)}")
                out[c.name, "http_cookie"] = Proposal(c.name, "http_cookie", "third" if c.third_party else "first", duration_of(lifetime), seen)
        for s in phase.storage:
            if declarable(s.key) and (s.key, s.kind) not in out and not any(e.matches(s.key, s.kind) for e in entries):
                duration = "session" if s.kind == "session_storage" else None
                out[s.key, s.kind] = Proposal(s.key, s.kind, "third" if s.third_party else "first", duration, textcheck.one_line(f"{when}, origin {textcheck.excerpt(s.origin, 100)}, on {textcheck.excerpt(s.page, 200)}"))
    return list(out.values())


def target(record: EntityRecord, as_of: datetime.date) -> tuple[NoticeVersion | None, str]:
    """The version the entries go to, or None and why not: the newest of the cookie policy (else of a controller
    notice that lists cookies), when it has not taken effect on ``as_of``."""
    series = [s for s in record.notices.values() if s.kind == "cookies"]
    series += [s for s in record.notices.values() if s.kind == "controller" and getattr(s.versions[-1].data, "cookies", [])]
    if not series:
        return None, f"'{record.id}' has no cookie policy and no notice that lists cookies: start one (AUTHORING.md, \"Cookie policies\")"
    newest = series[0].versions[-1]
    if newest.effective <= as_of:
        return None, (
            f"the newest version of {record.id}/{series[0].id} ({newest.effective.isoformat()}) has taken effect and is never edited: "
            f"start a new one with `notices new-version {record.id}/{series[0].id} YYYY-MM-DD`, then run `notices scan --write` again"
        )
    return newest, ""


def entry_text(p: Proposal, indent: str) -> str:
    """The YAML of one proposed entry, every value quoted, at the list's indentation."""
    provider = f"{PLACEHOLDER_MARKER} who sets it ({p.seen})"
    purpose = f"{PLACEHOLDER_MARKER} what it is for; check its category ({CATEGORY_NOTE})"
    fields = [("name", p.name), ("provider", provider), ("party", p.party), ("category", "marketing"), ("purpose", purpose)]
    if p.duration:
        fields.append(("duration", p.duration))
    if p.type != "http_cookie":
        fields.append(("type", p.type))
    lines = [f"{indent}{'- ' if i == 0 else '  '}{key}: {double_quoted(value)}" for i, (key, value) in enumerate(fields)]
    return "\n".join(lines) + "\n"


def append(text: str, found: list[Proposal]) -> str:
    """``text`` with the entries added at the end of its top-level ``cookies`` list, every other byte kept."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    node = next((v for k, v in root.value if k.value == "cookies"), None) if isinstance(root, yaml.MappingNode) else None
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
        raise EditError("its 'cookies' is not a list written one entry per line ('- name: …'): add the entries by hand")
    first = node.value[0]
    indent = " " * max(first.start_mark.column - 2, 0)
    end = node.value[-1].end_mark
    lines = text.splitlines(keepends=True)
    at = min(end.line + (1 if end.column else 0), len(lines))
    if at == len(lines) and lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    result = "".join(lines[:at]) + "".join(entry_text(p, indent) for p in found) + "".join(lines[at:])
    before, after = yaml.safe_load(text), yaml.safe_load(result)
    if {k: v for k, v in after.items() if k != "cookies"} != {k: v for k, v in before.items() if k != "cookies"} or after["cookies"][: len(before["cookies"])] != before["cookies"] or len(after["cookies"]) != len(before["cookies"]) + len(found):
        raise EditError("the entries could not be added without changing what the file says")
    return result


def write(record: EntityRecord, as_of: datetime.date, observation: Observation, day: datetime.date) -> tuple[NoticeVersion | None, list[Proposal], str]:
    """The version written to, the entries added to it, and why nothing was written (empty when it was)."""
    version, why = target(record, as_of)
    if version is None:
        return None, [], why
    found = proposals(observation, declared([version]), day)
    return version, found, ""

