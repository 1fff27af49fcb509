"""Which data-subject rights a notice lists: rules beside the vocabulary that words them.

The rights follow from the notice's kind and legal bases (Art. 15–22 GDPR):
portability only for consent and contract, objection for legitimate
interests and public tasks, and so on. Views and the changes summary both
use these rules, so they live below both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from privacy_notices.data import vocab
from privacy_notices.data.model import NoticeBase
from privacy_notices.data.processing import Cookie


@dataclass(frozen=True)
class RightShown:
    """A right as the notice shows it: built-in wording or the notice's own, or withdrawn with a reason."""

    key: str
    entry: dict[str, Any]
    """The built-in vocabulary entry: title, article, text."""
    text: str | None = None
    """The notice's own wording, when it rewords the right."""
    withdrawn: str | None = None
    """Why the right does not apply, when the notice withdraws it."""


def derived_rights(data: NoticeBase) -> list[str]:
    """The built-in rights the rules list for a notice, decided by its kind and legal bases."""
    activities = getattr(data, "activities", [])
    cookies: list[Cookie] = getattr(data, "cookies", [])
    bases = {b.basis for a in activities for b in a.legal_bases}
    if any(vocab.vocabulary("cookie_categories")[c.category]["needs_consent"] for c in cookies):
        bases.add("consent")
    conditions = {
        "always": True,
        "consent": "consent" in bases,
        "consent_contract": bool(bases & {"consent", "contract"}),
        "objection": bool(bases & {"legitimate_interests", "public_task"}),
        "automated": any(a.automated_decisions for a in activities),
    }
    return [key for key, entry in vocab.vocabulary("rights").items() if data.kind in entry["kinds"] and conditions[entry["applies"]]]


def rights_shown(data: NoticeBase) -> list[RightShown]:
    """Every right the page lists, in the vocabulary's order: the derived ones, as the notice adds, rewords or withdraws them."""
    derived = set(derived_rights(data))
    own = {use.right: use for use in data.rights}
    shown = []
    for key, entry in vocab.vocabulary("rights").items():
        use = own.get(key)
        if key in derived or (use is not None and not use.withdrawn):
            shown.append(RightShown(key, entry, text=use.text if use else None, withdrawn=use.withdrawn if use else None))
    return shown


def applicable_rights(data: NoticeBase) -> list[tuple[str, dict[str, Any]]]:
    """The rights that apply (listed and not withdrawn), with their built-in entries."""
    return [(r.key, r.entry) for r in rights_shown(data) if not r.withdrawn]
