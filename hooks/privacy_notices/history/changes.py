"""What changed between two versions of a notice: a structured summary and a word-level redline.

The summary compares the data (activities, recipients, processors, transfers,
cookies, rights, retention, legal bases, mechanisms) and keeps old and new
values as data, for the template to show in the page's language. The redline
compares the rendered text of each section word by word, the sections being
those the notice template marked (see :mod:`.outline`), never lines that
look like headings.
"""

from __future__ import annotations

import functools

import difflib
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Callable, Literal

from privacy_notices.data.model import NoticeBase
from privacy_notices.data.processing import Transfer
from privacy_notices.data.rights import applicable_rights
from privacy_notices.data.wording import sentences

Change = Literal["added", "removed", "changed"]


@dataclass(frozen=True)
class SummaryItem:
    """One change found in the data."""

    topic: str
    """activity, recipient, processor, transfer, cookie, right, retention, legal_bases, mechanism, wording, lead_in…:
    the name of its macro in ``_summary.md.j2``."""
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


Same = Callable[[Any, Any], bool]


def pair(old: list[Any], new: list[Any], tests: list[Same]) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Match the items of two versions: (pairs in the new version's order, only in old, only in new).

    ``tests`` go from the surest sign that two items are the same one (an id)
    to the loosest (same place and safeguard); each pairs, in order, what the
    ones before it left over. An item that changed is then one pair, never an
    item removed and another added.

    >>> pair(["a1", "b1", "c1"], ["b2", "a2", "d1"], [lambda x, y: x[0] == y[0]])
    ([('b1', 'b2'), ('a1', 'a2')], ['c1'], ['d1'])
    """
    left, right = list(old), list(new)
    pairs: list[tuple[Any, Any]] = []
    for same in tests:
        for before in list(left):
            after = next((item for item in right if same(before, item)), None)
            if after is not None:
                pairs.append((before, after))
                left.remove(before)
                right.remove(after)
    pairs.sort(key=lambda p: new.index(p[1]))
    return pairs, left, right


def _place(t: Transfer) -> tuple[str, ...]:
    return (t.region,) if t.region else tuple(sorted(t.destinations))


def _ids_allow(a: Any, b: Any) -> bool:
    """Two items with different ids are never the same one, however alike they are."""
    return a.id is None or b.id is None or a.id == b.id


TRANSFER_TESTS: list[Same] = [
    lambda a, b: a.id is not None and a.id == b.id,
    lambda a, b: _ids_allow(a, b) and (_place(a), a.mechanism, sorted(a.recipients)) == (_place(b), b.mechanism, sorted(b.recipients)),
    lambda a, b: _ids_allow(a, b) and (_place(a), a.mechanism) == (_place(b), b.mechanism) and bool(set(a.recipients) & set(b.recipients)),
    lambda a, b: _ids_allow(a, b) and (_place(a), a.mechanism) == (_place(b), b.mechanism),
    lambda a, b: _ids_allow(a, b) and _place(a) == _place(b) and sorted(a.recipients) == sorted(b.recipients),
    lambda a, b: _ids_allow(a, b) and a.mechanism == b.mechanism and bool(set(a.destinations) & set(b.destinations)),
]
"""Same transfer: the same id; else the same place, safeguard and recipients; the same place and
safeguard (recipients changed); the same place and recipients (safeguard changed); the same
safeguard to some of the same countries (countries changed)."""

COOKIE_TESTS: list[Same] = [
    lambda a, b: a.name is not None and a.name == b.name,
    lambda a, b: not a.name and not b.name and (a.provider, a.category, a.purpose) == (b.provider, b.category, b.purpose),
    lambda a, b: not a.name and not b.name and a.provider == b.provider and bool(set(a.names) & set(b.names)),
    lambda a, b: not a.name and not b.name and (a.provider, a.category) == (b.provider, b.category),
]
"""Same cookie: the same name; for a group, the same provider, category and purpose, or some of the
same names, or the same provider and category."""


def _by_id_then(attribute: str) -> list[Same]:
    """Same item: the same id, else the same title or name (an id that was renamed)."""
    return [lambda a, b: a.id == b.id, lambda a, b: getattr(a, attribute) == getattr(b, attribute)]


def _paired(topic: str, old: list[Any], new: list[Any], tests: list[Same], label: Callable[[Any], Any]) -> tuple[list[tuple[Any, Any]], list[SummaryItem]]:
    pairs, removed, added = pair(old, new, tests)
    items = [SummaryItem(topic, "added", label(item), new=item) for item in added]
    items += [SummaryItem(topic, "removed", label(item), old=item) for item in removed]
    return pairs, items


def _parts_changed(topic: str, label: Any, before: list[Any], after: list[Any]) -> list[SummaryItem]:
    """What was added to and removed from one list of a matched item: its countries, recipients, cookie names."""
    added = [x for x in after if x not in before]
    removed = [x for x in before if x not in after]
    return ([SummaryItem(topic, "added", label, new=added)] if added else []) + ([SummaryItem(topic, "removed", label, old=removed)] if removed else [])


def _party_names(notice: NoticeBase) -> dict[str, str]:
    """Processor and recipient ids → their names, for the recipients of a transfer."""
    return {p.id: p.name for p in notice.processors} | {r.id: r.name for r in notice.recipients}


def _transfer_changes(old: NoticeBase, new: NoticeBase) -> list[SummaryItem]:
    """Transfers added and removed, and for each that stayed: countries, recipients, safeguard, frequency, measures."""
    pairs, items = _paired("transfer", old.transfers, new.transfers, TRANSFER_TESTS, lambda t: t)
    old_names, new_names = _party_names(old), _party_names(new)
    for before, after in pairs:
        items += _parts_changed("transfer_country", before, before.destinations, after.destinations)
        recipients = _parts_changed("transfer_recipient", before, before.recipients, after.recipients)
        items += [
            SummaryItem(r.topic, r.change, r.label, old=[old_names.get(x, x) for x in r.old] if r.old else None, new=[new_names.get(x, x) for x in r.new] if r.new else None)
            for r in recipients
        ]
        if before.mechanism != after.mechanism:
            items.append(SummaryItem("mechanism", "changed", before, before.mechanism, after.mechanism))
        if before.frequency != after.frequency:
            items.append(SummaryItem("frequency", "changed", before, before.frequency, after.frequency))
        if before.supplementary_measures != after.supplementary_measures:
            items.append(SummaryItem("supplementary_measures", "changed", before, before.supplementary_measures, after.supplementary_measures))
    return items


def _cookie_changes(old: NoticeBase, new: NoticeBase) -> list[SummaryItem]:
    """Cookies added and removed, and for each that stayed: the names of a group, the category."""
    pairs, items = _paired("cookie", getattr(old, "cookies", []), getattr(new, "cookies", []), COOKIE_TESTS, _cookie_label)
    for before, after in pairs:
        items += _parts_changed("cookie_name", after.provider, before.names, after.names)
        if before.category != after.category:
            items.append(SummaryItem("cookie_category", "changed", _cookie_label(after), before.category, after.category))
    return items


def _cookie_label(c: Any) -> str:
    return c.name or ", ".join(c.names) or c.provider


def _wording(model: Any) -> dict[str, Any]:
    """The sentences a `wording` (of a notice or an activity) says something of, and what."""
    return {} if model is None else {name: value for name, value in model if value is not None}


def _wording_changes(old: NoticeBase, new: NoticeBase, activities: list[tuple[Any, Any]]) -> list[SummaryItem]:
    """One item for each built-in sentence whose wording the notice or one of its activities changed."""
    pairs = [(old.wording, new.wording), *((before.wording, after.wording) for before, after in activities)]
    changed: dict[str, None] = {}
    for before, after in pairs:
        was, now = _wording(before), _wording(after)
        changed |= {key: None for key in sorted(set(was) | set(now)) if was.get(key) != now.get(key)}
    return [SummaryItem("wording", "changed", sentences()[key].text) for key in changed]


def _texts_changed(old: NoticeBase, new: NoticeBase, activities: list[tuple[Any, Any]]) -> list[SummaryItem]:
    """The notice's new texts without an item of their own elsewhere: lead-ins, profiling, where data are processed,
    cookie providers not named, the requirement for the whole notice."""
    items = [
        SummaryItem("lead_in", "changed", key, getattr(old.lead_ins, key), getattr(new.lead_ins, key))
        for key in type(new.lead_ins).model_fields
        if getattr(old.lead_ins, key) != getattr(new.lead_ins, key)
    ]
    items += [SummaryItem("profiling", "changed", after.title, before.profiling, after.profiling) for before, after in activities if before.profiling != after.profiling]
    if old.requirement != new.requirement:
        items.append(SummaryItem("requirement", "changed", new.title, old.requirement, new.requirement))
    if old.eea_only_details != new.eea_only_details:
        items.append(SummaryItem("eea_only_details", "changed", new.title, old.eea_only_details, new.eea_only_details))
    if getattr(old, "unnamed_providers", None) != getattr(new, "unnamed_providers", None):
        items.append(SummaryItem("unnamed_providers", "changed", new.title, getattr(old, "unnamed_providers", None), getattr(new, "unnamed_providers", None)))
    return items


def summarize_changes(old: NoticeBase, new: NoticeBase) -> list[SummaryItem]:
    """Every structural change from ``old`` to ``new``, in page order.

    Both versions should be in the language the summary is shown in, so that
    titles and values read in that language. An item that changed (a
    transfer with a new recipient, an activity whose id was renamed) is
    matched across the versions (:func:`pair`) and described as changed.
    """
    items: list[SummaryItem] = []
    activities, found = _paired("activity", getattr(old, "activities", []), getattr(new, "activities", []), _by_id_then("title"), lambda a: a.title)
    items += found
    for before, after in activities:
        if before.retention != after.retention:
            items.append(SummaryItem("retention", "changed", after.title, before.retention, after.retention))
        old_bases = [b.basis for b in before.legal_bases]
        new_bases = [b.basis for b in after.legal_bases]
        if old_bases != new_bases:
            items.append(SummaryItem("legal_bases", "changed", after.title, old_bases, new_bases))
    if old.retention != new.retention:
        items.append(SummaryItem("retention", "changed", new.title, old.retention, new.retention))
    items += _texts_changed(old, new, activities)
    items += _paired("recipient", old.recipients, new.recipients, _by_id_then("name"), lambda r: r.name)[1]
    items += _paired("processor", old.processors, new.processors, _by_id_then("name"), lambda p: p.name)[1]
    items += _transfer_changes(old, new)
    items += _cookie_changes(old, new)
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
    items += _wording_changes(old, new, activities)
    if old.rights_as_written != new.rights_as_written:
        items.append(SummaryItem("rights_as_written", "changed", new.title, old.rights_as_written, new.rights_as_written))
    old_rights = dict(applicable_rights(old))
    new_rights = dict(applicable_rights(new))
    items += [SummaryItem("right", "added", key) for key in new_rights if key not in old_rights]
    items += [SummaryItem("right", "removed", key) for key in old_rights if key not in new_rights]
    return items


@dataclass(frozen=True)
class Section:
    """A section of a rendered notice, as its template marked it (see :mod:`.outline`)."""

    anchor: str
    title: str
    """The heading as a reader sees it, in plain text."""
    body: str
    """The HTML under the heading, up to the next one."""

    @functools.cached_property
    def blocks(self) -> list[str]:
        """The visible text of the body, one entry per block element."""
        parser = _TextBlocks()
        parser.feed(self.body)
        parser.close()
        return parser.blocks


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


Op = Literal["same", "ins", "del", "break"]


@dataclass
class RedlineSection:
    """One section of the redline."""

    anchor: str
    title: str
    state: Literal["same", "changed", "added", "removed"]
    tokens: list[tuple[Op, str]]
    """The words, marked; none for a section whose HTML is the same in both versions (the page shows only what changed)."""


def _words(blocks: list[str]) -> list[str]:
    words: list[str] = []
    for block in blocks:
        if words:
            words.append("\n")
        words += block.split()
    return words


def redline(old: list[Section], new: list[Section]) -> list[RedlineSection]:
    """Word-level differences between two versions' sections, matched by anchor.

    >>> redline([Section("a", "A", "<p>keep 24 months</p>")], [Section("a", "A", "<p>keep 12 months</p>")])[0].tokens
    [('same', 'keep'), ('del', '24'), ('ins', '12'), ('same', 'months')]

    A section whose HTML is the same in both is not read for its words (most sections of a new version):

    >>> redline([Section("a", "A", "<p>x</p>")], [Section("a", "A", "<p>x</p>")])[0]
    RedlineSection(anchor='a', title='A', state='same', tokens=[])
    """
    old_sections = {s.anchor: s for s in old}
    result: list[RedlineSection] = []
    seen = set()
    for section in new:
        seen.add(section.anchor)
        before = old_sections.get(section.anchor)
        if before is None:
            result.append(RedlineSection(section.anchor, section.title, "added", _tokens([], _words(section.blocks))))
            continue
        if before.body == section.body:
            result.append(RedlineSection(section.anchor, section.title, "same", []))
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
