"""What changed between two versions of a notice: a structured summary and a word-level redline.

The summary compares the data (activities, recipients, processors, transfers,
cookies, rights, retention, legal bases, mechanisms) and keeps old and new
values as data, for the template to show in the page's language. The redline
compares the rendered text of each section word by word.
"""

from __future__ import annotations

import functools

import difflib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Literal

from .model import NoticeBase
from .rights import applicable_rights

Change = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class SummaryItem:
    """One change found in the data."""

    topic: str
    """activity, recipient, processor, transfer, cookie, right, retention, legal_bases, mechanism."""
    change: Change
    label: Any
    """What changed: an activity's title, a processor's name, a right's key…"""
    old: Any = None
    new: Any = None


def _by_id(items: list[Any], key: Any = lambda item: item.id) -> dict[Any, Any]:
    return {key(item): item for item in items}


def _added_removed(topic: str, old: dict[Any, Any], new: dict[Any, Any], label: Any) -> list[SummaryItem]:
    items = [SummaryItem(topic, "added", label(new[k]), new=new[k]) for k in new if k not in old]
    items += [SummaryItem(topic, "removed", label(old[k]), old=old[k]) for k in old if k not in new]
    return items


def summarize_changes(old: NoticeBase, new: NoticeBase) -> list[SummaryItem]:
    """Every structural change from ``old`` to ``new``, in page order.

    Both versions should be in the language the summary is shown in, so that
    titles and values read in that language.
    """
    items: list[SummaryItem] = []
    old_activities = _by_id(getattr(old, "activities", []))
    new_activities = _by_id(getattr(new, "activities", []))
    items += _added_removed("activity", old_activities, new_activities, lambda a: a.title)
    for key, after in new_activities.items():
        before = old_activities.get(key)
        if before is None:
            continue
        if before.retention != after.retention:
            items.append(SummaryItem("retention", "changed", after.title, before.retention, after.retention))
        old_bases = [b.basis for b in before.legal_bases]
        new_bases = [b.basis for b in after.legal_bases]
        if old_bases != new_bases:
            items.append(SummaryItem("legal_bases", "changed", after.title, old_bases, new_bases))
    if old.retention != new.retention:
        items.append(SummaryItem("retention", "changed", new.title, old.retention, new.retention))
    items += _added_removed("recipient", _by_id(old.recipients), _by_id(new.recipients), lambda r: r.name)
    items += _added_removed("processor", _by_id(old.processors), _by_id(new.processors), lambda p: p.name)
    transfer_key = lambda t: (tuple(t.destinations), t.region, tuple(t.recipients))  # noqa: E731
    old_transfers = _by_id(old.transfers, transfer_key)
    new_transfers = _by_id(new.transfers, transfer_key)
    items += _added_removed("transfer", old_transfers, new_transfers, lambda t: t)
    for key, after in new_transfers.items():
        before = old_transfers.get(key)
        if before is None:
            continue
        if before.mechanism != after.mechanism:
            items.append(SummaryItem("mechanism", "changed", after, before.mechanism, after.mechanism))
        if before.frequency != after.frequency:
            items.append(SummaryItem("frequency", "changed", after, before.frequency, after.frequency))
    cookie_key = lambda c: c.name or (c.provider, c.category, c.purpose)  # noqa: E731
    cookie_label = lambda c: c.name or ", ".join(c.names) or c.provider  # noqa: E731
    items += _added_removed("cookie", _by_id(getattr(old, "cookies", []), cookie_key), _by_id(getattr(new, "cookies", []), cookie_key), cookie_label)
    items += _added_removed("situation", _by_id(getattr(old, "told_elsewhere", [])), _by_id(getattr(new, "told_elsewhere", [])), lambda t: t.title)
    url_key = lambda r: r.url  # noqa: E731
    items += _added_removed("related", _by_id(old.related_external, url_key), _by_id(new.related_external, url_key), lambda r: r.title)
    if old.summary != new.summary:
        items.append(SummaryItem("key_points", "changed", new.title, list(old.summary), list(new.summary)))
    if old.cookie_choice != new.cookie_choice:
        items.append(SummaryItem("cookie_choice", "changed", new.title, old.cookie_choice, new.cookie_choice))
    if old.layout != new.layout:
        items.append(SummaryItem("layout", "changed", new.title, old.layout, new.layout))
    items += [SummaryItem("statement", "added", key) for key in new.statements if key not in old.statements]
    items += [SummaryItem("statement", "removed", key) for key in old.statements if key not in new.statements]
    old_rights = dict(applicable_rights(old))
    new_rights = dict(applicable_rights(new))
    items += [SummaryItem("right", "added", key) for key in new_rights if key not in old_rights]
    items += [SummaryItem("right", "removed", key) for key in old_rights if key not in new_rights]
    return items


@dataclass
class Section:
    """A part of the rendered page: its heading, anchor and text blocks."""

    anchor: str
    title: str
    blocks: list[str] = field(default_factory=list)


_HEADING = re.compile(r"^(#{2,3}) (.*?)(?: \{ #([\w-]+) \})?\s*$")
_BLOCKS = {"p", "li", "dt", "dd", "td", "th", "caption", "h3", "h4"}


_VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


class _TextBlocks(HTMLParser):
    """Visible text of rendered HTML, one entry per block element.

    Elements marked ``data-redline="skip"`` (navigation that differs between
    versions by design, such as the list of versions) are left out.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.depth = 0
        self.skip_from: int | None = None

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCKS or tag == "br":
            self._flush()
        if tag in _VOID:
            return
        self.depth += 1
        if self.skip_from is None and ("data-redline", "skip") in attrs:
            self.skip_from = self.depth

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self._flush()
        if tag in _VOID:
            return
        if self.skip_from is not None and self.depth == self.skip_from:
            self.skip_from = None
            self.current = []
        self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.skip_from is None:
            self.current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _unescape_md(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def sections(markdown_page: str) -> list[Section]:
    """Split a generated page into its H2/H3 sections, with the visible text of each.

    >>> [(s.anchor, s.blocks) for s in sections("# T\\n\\n## Who { #controller }\\n\\n<p>Acme <b>Oy</b></p>\\n")]
    [('top', []), ('controller', ['Acme Oy'])]
    """
    found = [Section("top", "")]
    bodies: list[list[str]] = [[]]
    for line in markdown_page.splitlines():
        match = _HEADING.match(line)
        if match:
            title = _unescape_md(re.sub(r"<[^>]+>", "", match.group(2)))
            found.append(Section(match.group(3) or title.lower(), _html_text(title)))
            bodies.append([])
        elif not line.startswith("# "):
            bodies[-1].append(line)
    for section, body in zip(found, bodies):
        parser = _TextBlocks()
        parser.feed("\n".join(body))
        parser.close()
        section.blocks = parser.blocks
    return found


def _html_text(text: str) -> str:
    parser = _TextBlocks()
    parser.feed(text)
    parser.close()
    return " ".join(parser.blocks)


Op = Literal["same", "ins", "del", "break"]


@dataclass
class RedlineSection:
    """One section of the redline."""

    anchor: str
    title: str
    state: Literal["same", "changed", "added", "removed"]
    tokens: list[tuple[Op, str]]


def _words(blocks: list[str]) -> list[str]:
    words: list[str] = []
    for block in blocks:
        if words:
            words.append("\n")
        words += block.split()
    return words


@functools.lru_cache(maxsize=256)
def _sections(markdown_page: str) -> tuple[Section, ...]:
    """:func:`sections`, once per page: a version is the new side of one redline and the old side of the next."""
    return tuple(sections(markdown_page))


def redline(old_page: str, new_page: str) -> list[RedlineSection]:
    """Word-level differences between two rendered pages, section by section.

    >>> [(t.state, t.tokens) for t in redline("## A { #a }\\n\\n<p>keep 24 months</p>", "## A { #a }\\n\\n<p>keep 12 months</p>")][1]
    ('changed', [('same', 'keep'), ('del', '24'), ('ins', '12'), ('same', 'months')])
    """
    old_sections = {s.anchor: s for s in _sections(old_page)}
    new_sections = _sections(new_page)
    result: list[RedlineSection] = []
    seen = set()
    for section in new_sections:
        seen.add(section.anchor)
        before = old_sections.get(section.anchor)
        if before is None:
            result.append(RedlineSection(section.anchor, section.title, "added", _tokens([], _words(section.blocks))))
            continue
        tokens = _tokens(_words(before.blocks), _words(section.blocks))
        state: Literal["same", "changed"] = "changed" if any(op in ("ins", "del") for op, _ in tokens) else "same"
        result.append(RedlineSection(section.anchor, section.title, state, tokens))
    for anchor, section in old_sections.items():
        if anchor not in seen:
            result.append(RedlineSection(anchor, section.title, "removed", _tokens(_words(section.blocks), [])))
    return result


def _tokens(old: list[str], new: list[str]) -> list[tuple[Op, str]]:
    """Merge runs of equal operations so that the page shows phrases, not single words."""
    out: list[tuple[Op, str]] = []

    def emit(op: Op, words: list[str]) -> None:
        for part in " ".join(words).split("\n"):
            text = part.strip()
            if text:
                if out and out[-1][0] == op:
                    out[-1] = (op, out[-1][1] + " " + text)
                else:
                    out.append((op, text))
            out.append(("break", ""))
        out.pop()

    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            emit("same", old[i1:i2])
        if tag in ("replace", "delete"):
            emit("del", old[i1:i2])
        if tag in ("replace", "insert"):
            emit("ins", new[j1:j2])
    return [t for i, t in enumerate(out) if not (t[0] == "break" and (i == 0 or out[i - 1][0] == "break"))]
