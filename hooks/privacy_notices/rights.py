"""Which data-subject rights a notice lists: rules beside the vocabulary that words them.

The rights follow from the notice's kind and legal bases (Art. 15–22 GDPR):
portability only for consent and contract, objection for legitimate
interests and public tasks, and so on. Views and the changes summary both
use these rules, so they live below both.
"""

from __future__ import annotations

from typing import Any

from . import vocab
from .model import Cookie, NoticeBase


def applicable_rights(data: NoticeBase) -> list[tuple[str, dict[str, Any]]]:
    """The built-in rights a notice lists, decided by its kind and legal bases."""
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
    return [
        (key, entry)
        for key, entry in vocab.vocabulary("rights").items()
        if data.kind in entry["kinds"] and conditions[entry["applies"]]
    ]
