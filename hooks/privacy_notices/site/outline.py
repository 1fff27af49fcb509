"""A generated page as its template built it: the text before the first section, then its sections.

A template writes each section heading with ``section(level, anchor, title)``,
which records the heading and leaves a mark in the text that only this
module makes: a random token between NUL characters. Data text can hold
neither (it is escaped, and validation refuses control characters), so
whatever a value says (``## Moved { #moved }``, a ``===`` underline, ``{#id}``)
stays inside the body of the section it was written into. The layout of a
notice (its order, numbering, sub-sections made sections) and the redline of
a changes page work on this outline, never on the rendered text; the heading
lines themselves are written by the template macro the renderer passes to
:meth:`Outline.text`.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

_MARK = "\x00"
"""Around every mark: a character no data text, translation or template text can hold."""


@dataclass(frozen=True)
class Part:
    """One section heading a template marked, and what follows it up to the next one."""

    level: int
    """2 for a section, 3 for a sub-section (an activity, the DPO)."""
    anchor: str
    title: Any
    """As the template gave it: text, escaped Markup, or a :class:`~.localize.Localized` fallback."""
    body: str
    """The page's text between this heading and the next: HTML blocks, and data only inside them."""
    number: int | None = None
    """Its number, in a notice whose layout numbers its sections."""

    def plain_title(self) -> str:
        """The heading as a reader sees it, in plain text: its number, then its title.

        >>> Part(2, "rights", Markup("Your &amp; rights"), "", 6).plain_title()
        '6. Your & rights'
        """
        text = self.title.striptags() if isinstance(self.title, Markup) else " ".join(str(self.title).split())
        return f"{self.number}. {text}" if self.number is not None else text


@dataclass(frozen=True)
class Outline:
    """A page: ``head`` (title, meta, banners), then its sections in the order they are shown."""

    head: str
    parts: tuple[Part, ...] = ()

    def text(self, heading: Callable[[Part], str]) -> str:
        """The page's Markdown, each heading line written by ``heading``."""
        return self.head + "".join(heading(part) + part.body for part in self.parts)


class Marks:
    """The headings one render of a template marked, in the order it marked them."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.headings: list[tuple[int, str, Any]] = []

    def mark(self, level: int, anchor: str, title: Any) -> Markup:
        """Record a heading; what the template writes where its heading line goes."""
        if level not in (2, 3):
            raise ValueError(f"section(): level {level} is not a section's (2) or a sub-section's (3)")
        self.headings.append((level, anchor, title))
        return Markup(f"{_MARK}{self.token}:{len(self.headings) - 1}{_MARK}")

    def outline(self, text: str) -> Outline:
        r"""The rendered ``text`` cut at its marks.

        >>> marks = Marks("t")
        >>> page = f"# T\n\n{marks.mark(2, 'a', 'A')}\n\nx: ## not a heading {{ #b }}\n\n{marks.mark(3, 'c', 'C')}\n"
        >>> [(p.level, p.anchor, p.body) for p in marks.outline(page).parts]
        [(2, 'a', '\n\nx: ## not a heading { #b }\n\n'), (3, 'c', '\n')]
        """
        head, *rest = text.split(f"{_MARK}{self.token}:")
        parts = []
        for piece in rest:
            index, _, body = piece.partition(_MARK)
            level, anchor, title = self.headings[int(index)]
            parts.append(Part(level, anchor, title, body))
        return Outline(head, tuple(parts))


def new_token() -> str:
    """A token for one renderer's marks: unguessable, and never part of any page."""
    return secrets.token_hex(16)


def _ends_in_blank_line(part: Part) -> Part:
    """A section moved elsewhere ends in one blank line, so that the next heading starts a block."""
    if part.body.endswith("\n\n"):
        return part
    return replace(part, body=part.body.rstrip("\n") + "\n\n")


def _group(parts: list[Part]) -> tuple[list[Part], list[list[Part]]]:
    """The sub-sections before any section, and each section with its sub-sections."""
    lead: list[Part] = []
    groups: list[list[Part]] = []
    for part in parts:
        if part.level == 2:
            groups.append([part])
        elif groups:
            groups[-1].append(part)
        else:
            lead.append(part)  # a sub-section before any section stays where it is
    return lead, groups


def _merge(groups: list[list[Part]], merge: dict[str, str]) -> list[list[Part]]:
    """Each section (with its sub-sections) or sub-section ``merge`` names, moved to the end of its target section as a
    sub-section. A target the page does not have leaves the section where it was."""
    groups = [list(group) for group in groups]
    for source, target in merge.items():
        into = next((group for group in groups if group[0].anchor == target), None)
        if into is None or source == target:
            continue
        whole = next((group for group in groups if group[0].anchor == source), None)
        if whole is not None:
            groups.remove(whole)
            moved = [replace(whole[0], level=3), *whole[1:]]
        else:
            holder = next((group for group in groups if any(p.anchor == source for p in group[1:])), None)
            if holder is None:
                continue
            moved = [p for p in holder if p.anchor == source]
            holder[:] = [p for p in holder if p.anchor != source]
        into[-1] = _ends_in_blank_line(into[-1])
        into += [_ends_in_blank_line(p) for p in moved]
    return groups


def arrange(outline: Outline, order: list[str], numbered: bool, merge: dict[str, str] | None = None, leave_out: tuple[str, ...] = ()) -> Outline:
    r"""The sections of a notice in ``order``, numbered if asked; sub-sections named in ``order`` become sections.

    A section takes its sub-sections with it. Anchors do not change, so links
    to ``#rights`` keep working whatever the order; the sections ``order``
    does not name follow in the order the template wrote them. With an
    ``order``, only the sections it names are numbered: a notice numbered 1–10
    that refers to "section 10" gets no section 11 it did not have. A section
    ``merge`` names is shown at the end of another, as its sub-section; one in
    ``leave_out`` is not shown (the notice says the same elsewhere).

    >>> marks = Marks("t")
    >>> page = f"# T\n\n{marks.mark(2, 'a', 'A')}\n\na\n\n{marks.mark(3, 'dpo', 'D')}\n\nd\n\n{marks.mark(2, 'b', 'B')}\n\nb\n"
    >>> [(p.level, p.anchor, p.number, p.body) for p in arrange(marks.outline(page), ["b", "dpo"], True).parts]
    [(2, 'b', 1, '\n\nb\n\n'), (2, 'dpo', 2, '\n\nd\n\n'), (2, 'a', None, '\n\na\n\n')]
    >>> [(p.level, p.anchor, p.number) for p in arrange(marks.outline(page), [], True, merge={"a": "b"}, leave_out=("dpo",)).parts]
    [(2, 'b', 1), (3, 'a', None)]
    >>> [(p.level, p.anchor, p.number) for p in arrange(marks.outline(page), [], False, merge={"dpo": "b"}, leave_out=("a",)).parts]
    [(2, 'b', None), (3, 'dpo', None)]
    """
    head, parts = outline.head, list(outline.parts)
    promoted = [i for i, part in enumerate(parts) if part.level == 3 and part.anchor in order]
    if promoted:
        moved = [_ends_in_blank_line(replace(parts[i], level=2)) for i in promoted]
        parts = [part for i, part in enumerate(parts) if i not in promoted]
        if parts:
            parts[-1] = replace(parts[-1], body=parts[-1].body.rstrip("\n") + "\n\n")
        else:
            head = head.rstrip("\n") + "\n\n"
        parts += moved
    lead, groups = _group(parts)
    if not groups:
        return Outline(head, tuple(parts))
    groups = _merge(groups, merge or {})
    groups = [[p for p in group if p.anchor not in leave_out] for group in groups if group[0].anchor not in leave_out]
    rank = {anchor: i for i, anchor in enumerate(order)}
    ranked = sorted(range(len(groups)), key=lambda i: (rank.get(groups[i][0].anchor, len(order)), i))
    arranged = list(lead)
    number = 0
    for i in ranked:
        group = list(groups[i])
        if numbered and (not order or group[0].anchor in rank):
            number += 1
            group[0] = replace(group[0], number=number)
        group[-1] = _ends_in_blank_line(group[-1])
        arranged += group
    return Outline(head, tuple(arranged))
