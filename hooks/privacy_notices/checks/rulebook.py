"""What a compliance rule is, what it is shown and what it finds, and the book every rule is entered in.

Each rule has a stable id, a title, a severity, the legal source it rests
on, a fix hint and a longer explanation, and looks at one version at a time,
as of that version's own dates: what it may say depends on when it was in
force. The rules themselves are written by topic (``rules_*.py``), each
entered here by :func:`rule`; :mod:`privacy_notices.checks.rules` gathers them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from privacy_notices.data import vocab
from privacy_notices.data.model import NoticeBase
from privacy_notices.data.project import EntityRecord, NoticeSeries, NoticeVersion, Project
from privacy_notices.i18n.catalogs import Catalogs


Severity = Literal["error", "warning"]
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Version:
    """One version as a rule sees it: its data, its neighbours and the days it was, is or will be in force."""

    project: Project
    record: EntityRecord
    series: NoticeSeries
    version: NoticeVersion
    previous: NoticeVersion | None
    status: str
    """current, archived or upcoming, on the as-of day."""
    first_day: datetime.date
    """The day it takes effect."""
    last_day: datetime.date
    """The last day it was in force (archived), the as-of day or its first day, whichever is later (in force or upcoming)."""
    catalogs: Catalogs | None

    @property
    def data(self) -> NoticeBase:
        return self.version.data

    @property
    def language(self) -> str:
        """The language the version is written in."""
        return self.project.language_of(self.record.id)

    def in_force(self) -> str:
        """When the version is in force, in words that fit its status: a version not yet in force is not "in force until".

        >>> import datetime
        >>> day = datetime.date(2026, 7, 1)
        >>> Version(None, None, None, None, None, "upcoming", day, day, None).in_force()  # type: ignore[arg-type]
        'will take effect on 2026-07-01'
        """
        if self.status == "archived":
            return f"was in force until {self.last_day.isoformat()}"
        if self.status == "upcoming":
            return f"will take effect on {self.first_day.isoformat()}"
        return f"is in force until at least {self.last_day.isoformat()}"


@dataclass(frozen=True)
class Hit:
    """One place a rule fires: the field, and what is wrong there."""

    loc: Loc
    message: str
    entity: bool = False
    """True when the place is in entity.yml, not in the version file."""


@dataclass(frozen=True)
class RuleText:
    """What every report says of a rule: a compliance rule, or one of a website scan's (:mod:`privacy_notices.scan.rules`)."""

    id: str
    title: str
    severity: Severity
    source: str
    """The legal source: article, guideline paragraph, judgment or decision, with its date."""
    hint: str
    """How to fix what the rule finds."""
    explanation: str
    """Why it matters and exactly when the rule fires."""


def reference_entry(rule: RuleText, applies_to: str) -> list[str]:
    """A rule's section of the rules reference (RULES.md): heading, title line, explanation, source and fix."""
    return [
        "", f"## {rule.id}", "", f"**{rule.title}** · {rule.severity} · {applies_to}", "",
        rule.explanation, "", f"- Source: {rule.source}", f"- Fix: {rule.hint}",
    ]


@dataclass(frozen=True)
class Rule(RuleText):
    """One compliance rule."""

    check: Callable[[Version], Iterator[Hit]]
    kinds: tuple[str, ...] = ("controller", "processor", "cookies")
    """The notice kinds it applies to."""
    unfinished: bool = False
    """It finds work left undone, never history: an error in archived versions too, and no suppression turns it off."""


REGISTERED: dict[str, Rule] = {}
"""Every rule entered so far, by id, in the order its topic was imported; :data:`.rules.RULES` has them all, in id order."""


def rule(
    id: str, title: str, severity: Severity, source: str, hint: str, explanation: str, kinds: tuple[str, ...] = ("controller", "processor", "cookies"), unfinished: bool = False
) -> Callable[[Callable[[Version], Iterator[Hit]]], Callable[[Version], Iterator[Hit]]]:
    """Register a check function as a rule."""

    def register(check: Callable[[Version], Iterator[Hit]]) -> Callable[[Version], Iterator[Hit]]:
        assert id not in REGISTERED, id
        REGISTERED[id] = Rule(id, title, severity, source, hint, " ".join(explanation.split()), check, kinds, unfinished)
        return check

    return register


def activities(data: NoticeBase) -> list[Any]:
    """The notice's activities (a cookie policy has none)."""
    return list(getattr(data, "activities", []))


def in_eea(code: str | None) -> bool:
    """Whether a country is in the EU/EEA (outermost regions and Åland included)."""
    return code is not None and code in vocab.eea_countries()
