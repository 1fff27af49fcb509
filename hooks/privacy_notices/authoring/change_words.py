"""One structured change in English words, for the reviewer's report.

The published changes page says the same in the page's language through its
template; the report is in English, like its own template, and needs the
words as plain text, one line per change.
"""

from __future__ import annotations

from typing import Any

from privacy_notices.data.processing import Transfer
from privacy_notices.history.changes import SummaryItem


def _label(value: Any) -> str:
    """What a summary item is about, in a few words: a title, a name, a transfer's destination."""
    if isinstance(value, str):
        return value
    if isinstance(value, Transfer):
        return f"{', '.join(value.destinations) or 'outside the EU/EEA'} ({value.mechanism})"
    for attribute in ("title", "name", "id"):
        found = getattr(value, attribute, None)
        if isinstance(found, str):
            return found
    return str(value)


_PARTS = {"transfer_country": ("countries", "the transfer to"), "transfer_recipient": ("recipients", "the transfer to"), "cookie_name": ("cookies", "the group of")}
"""Summary topics that say what was added to or removed from one item that stayed: what, and of which item."""


def describe(item: SummaryItem) -> str:
    """One structured change in words, for reviewers (the report is in English, like its template).

    >>> from privacy_notices.data.model import Transfer
    >>> us = Transfer(country="US", recipients=["deskline"], mechanism="dpf")
    >>> describe(SummaryItem("transfer_recipient", "added", us, new=["Quill Analytics Inc."]))
    'recipients added to the transfer to US (dpf): Quill Analytics Inc.'
    """
    label = _label(item.label)
    if item.topic in _PARTS:
        what, owner = _PARTS[item.topic]
        direction = "added to" if item.change == "added" else "removed from"
        return f"{what} {direction} {owner} {label}: {_value(item.new if item.change == 'added' else item.old)}"
    if item.change in ("added", "removed"):
        return f"{item.topic.replace('_', ' ')} {item.change}: {label}"
    old = _value(item.old)
    new = _value(item.new)
    return f"{item.topic.replace('_', ' ')} changed for {label}: {old} → {new}"


def _value(value: Any) -> str:
    if value is None:
        return "none"
    if hasattr(value, "model_dump"):
        parts = [f"{k} {v}" for k, v in value.model_dump(exclude_defaults=True).items()]
        return ", ".join(parts) or "none"
    if isinstance(value, (list, tuple)):
        return ", ".join(_value(v) for v in value) or "none"
    return str(value)
