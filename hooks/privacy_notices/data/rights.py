"""Which data-subject rights a notice lists: rules beside the vocabulary that words them.

The rights the law gives follow from the notice's kind and legal bases
(Art. 15–22 GDPR): portability only for consent and contract, objection for
legitimate interests and public tasks, and so on. A notice shows them as it
adds, rewords or withdraws them, or lists its own (``rights_as_written``):
then the page shows exactly that list, and :func:`rights_coverage` says what
it lacks, for the compliance rules to report. Views, the changes summary and
the rules all use these, so they live below all three.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from privacy_notices.data import vocab
from privacy_notices.data.model import NoticeBase
from privacy_notices.data.processing import Cookie, RightUse


@dataclass(frozen=True)
class RightShown:
    """A right as the notice shows it: built-in wording or the notice's own, or withdrawn with a reason."""

    key: str | None
    """The built-in right's key; None for a right the notice words entirely itself."""
    entry: dict[str, Any] | None
    """The built-in vocabulary entry: title, article, text (None for a right of the notice's own)."""
    text: str | None = None
    """The notice's own wording, when it rewords the right."""
    withdrawn: str | None = None
    """Why the right does not apply, when the notice withdraws it."""
    title: str | None = None
    """The notice's own name for the right, when it gives one."""


def derived_rights(data: NoticeBase) -> list[str]:
    """The built-in rights the law gives for a notice, decided by its kind and legal bases (and cookies that need consent)."""
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


def _shown(use: RightUse) -> RightShown:
    entry = vocab.vocabulary("rights")[use.right] if use.right else None
    return RightShown(use.right, entry, text=use.text, withdrawn=use.withdrawn, title=use.title)


def stated_also(data: NoticeBase) -> tuple[str, ...]:
    """The built-in rights the notice's entries state `also`, in its order: listed within those entries, not on their own.

    A withdrawn entry states none.

    >>> from privacy_notices.data.model import CookieNotice
    >>> stated_also(CookieNotice(kind="cookies", title="Cookies", rights=[
    ...     {"right": "complaint", "text": "Complain, or ask us to stop.", "also": ["objection"]},
    ...     {"right": "erasure", "title": "Forgetting", "withdrawn": "Nothing is kept.", "also": ["access"]}],
    ...     cookies=[{"provider": "Acme", "party": "third", "category": "statistics", "purpose": "Visits"}]))
    ('objection',)
    """
    return tuple(key for use in data.rights if not use.withdrawn for key in use.also)


def rights_shown(data: NoticeBase) -> list[RightShown]:
    """Every right the page lists.

    With ``rights_as_written``, exactly the notice's list, in its order. Otherwise the derived rights in the
    vocabulary's order, as the notice adds, rewords or withdraws them, then the rights in its own words only.
    """
    if data.rights_as_written:
        return [_shown(use) for use in data.rights]
    derived = set(derived_rights(data))
    own = {use.right: use for use in data.rights if use.right}
    within = set(stated_also(data))
    shown = []
    for key, entry in vocab.vocabulary("rights").items():
        use = own.get(key)
        if use is not None and (key in derived or not use.withdrawn):
            shown.append(_shown(use))
        elif key in derived and key not in within:
            shown.append(RightShown(key, entry))
    return shown + [_shown(use) for use in data.rights if not use.right]


def applicable_rights(data: NoticeBase) -> list[tuple[str, dict[str, Any]]]:
    """The built-in rights that apply (listed and not withdrawn), with their built-in entries."""
    return [(r.key, r.entry) for r in rights_shown(data) if not r.withdrawn and r.key and r.entry]


@dataclass(frozen=True)
class RightsCoverage:
    """The rights the law gives for a notice, beside those its page lists: what the compliance rules compare."""

    required: tuple[str, ...]
    """The built-in rights the law gives for the notice's kind and legal bases (:func:`derived_rights`)."""
    listed: tuple[str, ...]
    """The built-in rights the page offers, in its words or the built-in ones (those an entry states `also` too: :func:`stated_also`)."""
    withdrawn: tuple[str, ...]
    """The built-in rights the page says do not apply, each with the notice's reason."""

    @property
    def missing(self) -> tuple[str, ...]:
        """Rights the law gives that the page neither lists nor says do not apply."""
        return tuple(key for key in self.required if key not in self.listed and key not in self.withdrawn)


def rights_coverage(data: NoticeBase) -> RightsCoverage:
    """What the law requires of a notice's rights, and what its list covers.

    Without ``rights_as_written`` the generator lists every required right, so nothing is missing unless the
    notice withdraws one; with it, the page shows only what the notice lists, and ``missing`` is what it lacks.

    >>> from privacy_notices.data.model import CookieNotice
    >>> notice = CookieNotice(kind="cookies", title="Cookies", rights_as_written=True, rights=[{"right": "complaint"}],
    ...     cookies=[{"provider": "Acme", "party": "third", "category": "statistics", "purpose": "Visits"}])
    >>> rights_coverage(notice).required, rights_coverage(notice).missing
    (('withdraw_consent', 'complaint'), ('withdraw_consent',))
    """
    shown = rights_shown(data)
    return RightsCoverage(
        required=tuple(derived_rights(data)),
        listed=tuple(r.key for r in shown if r.key and not r.withdrawn) + stated_also(data),
        withdrawn=tuple(r.key for r in shown if r.key and r.withdrawn),
    )
