"""The rules of changes and clear language, and of work left unfinished.

GDPR Art. 12 and 13(3) and the WP29 transparency guidelines (WP260): a
change that matters is announced in advance and said plainly; a version
still being written (an empty 'changes', a placeholder) is never published.
"""

from __future__ import annotations

from collections.abc import Iterator

from privacy_notices.checks import cues
from privacy_notices.checks.rulebook import Hit, Loc, Version, activities, rule
from privacy_notices.checks.rules_transfers import where_to
from privacy_notices.data import textcheck
from privacy_notices.data.fields import CHANGES_PLACEHOLDER, PLACEHOLDER_MARKER
from privacy_notices.data.model import NoticeBase
from privacy_notices.data.parties import Processor, Recipient
from privacy_notices.data.walk import placeholders, text_fields


def _parties(data: NoticeBase) -> list[Processor | Recipient]:
    """The processors, then the other recipients, of a notice."""
    return [*data.processors, *data.recipients]


def _added(v: Version) -> list[str]:
    """What a version adds over the one before: purposes, recipient categories, transfers."""
    if v.previous is None:
        return []
    old, new = v.previous.data, v.data
    added = []
    old_purposes = {p for a in activities(old) for p in a.purposes}
    added += [f"the purpose '{textcheck.excerpt(p, 40)}'" for a in activities(new) for p in a.purposes if p not in old_purposes]
    old_parties = {p.id for p in _parties(old)}
    added += [f"the recipient {p.name}" for p in _parties(new) if p.id not in old_parties]
    old_transfers = {(t.mechanism, tuple(t.destinations)) for t in old.transfers}
    added += [f"a transfer to {where_to(t)}" for t in new.transfers if (t.mechanism, tuple(t.destinations)) not in old_transfers]
    return added


@rule(
    "PN170", "A version that adds purposes, recipients or transfers is published in advance", "warning",
    "GDPR Art. 12(1) and 13(3); WP260 rev.01, para. 29–31: changes are communicated before they take effect",
    "Set 'published' at least the site's change_notice_days (30 by default) before the version takes effect, or move its date.",
    """A change that matters to readers (a new purpose, a new recipient, a new transfer) is announced
    before it applies, so that people can react. The rule fires when such a version was published
    fewer than the site's 'change_notice_days' before it takes effect, or does not say when it was published.""",
)
def _notice_period(v: Version) -> Iterator[Hit]:
    added = _added(v)
    if not added:
        return
    days = v.project.site.change_notice_days
    published = v.data.published
    if published is None:
        yield Hit(("published",), f"the version adds {added[0]}{' and more' if len(added) > 1 else ''} but does not say when it was published (needed {days} days before {v.first_day.isoformat()})")
    elif (v.first_day - published).days < days:
        yield Hit(("published",), f"the version adds {added[0]}{' and more' if len(added) > 1 else ''} and was published {(v.first_day - published).days} days before it takes effect; {days} are needed")


def hedges(text: str, language: str) -> list[str]:
    """The hedging words of a text: qualifiers such as 'may', 'some', 'saattaa', 'eventuellt', each as it stands.

    A word that only looks like one is left out (vocabularies/cues.yml, `not_hedge`): Finnish 'saattaa asia
    käsiteltäväksi' brings a matter before someone, 'in May 2025' is a month, 'as soon as possible' a deadline.

    >>> hedges("Hänellä on oikeus saattaa asia valvontaviranomaisen käsiteltäväksi.", "fi")
    []
    >>> hedges("Tietoja saatetaan luovuttaa joillekin kumppaneille, ja ne saattavat olla EU:n ulkopuolella.", "fi")
    ['saatetaan', 'saattavat']
    """
    masked = {(m.clause, i) for m in cues.find("not_hedge", text, language) for i in range(m.start, m.end)}
    return [m.text for m in cues.find("hedge", text, language) if not any((m.clause, i) in masked for i in range(m.start, m.end))]


@rule(
    "PN171", "Clear language: few hedging words", "warning",
    "GDPR Art. 12(1); WP260 rev.01, para. 12–13: qualifiers such as 'may', 'might', 'some', 'often' and 'possible' should be avoided",
    "Say what happens: replace 'we may share' by whom you share with and when.",
    """Language qualifiers leave the reader unsure what really happens to their data. The rule counts
    such words in the notice's texts ('may', 'might', 'some', 'often', 'possibly'; 'saattaa',
    'mahdollisesti', 'joitakin'; 'kan komma att', 'eventuellt', 'vissa') and fires once per version
    that has any, naming how many and the first ones. Words that only look like a qualifier are not
    counted: 'saattaa asia valvontaviranomaisen käsiteltäväksi' (bring a matter before it), the month
    'May', 'as soon as possible'. It reads English, Finnish and Swedish (vocabularies/cues.yml, the
    groups hedge and not_hedge); a notice in another language is not read.""",
)
def _hedges(v: Version) -> Iterator[Hit]:
    if v.language not in cues.languages():
        return
    found: list[tuple[Loc, str]] = []
    for loc, text, _ in text_fields(v.data):
        found += [(loc, word) for word in hedges(text, v.language)]
    if found:
        words = sorted({w.lower() for _, w in found})
        yield Hit(found[0][0], f"{len(found)} hedging word{'s' if len(found) != 1 else ''} ({', '.join(words[:5])}); the first is here")


def unannounced(policy: str, language: str) -> str | None:
    """What is wrong with how a changes policy announces changes, or None when it says how readers are told.

    An announcement is a clause that says readers are notified, emailed, shown a banner…, and is
    not negated ("we will not inform you", "emme ilmoita", "vi meddelar inte"); "without notice"
    is wrong on its own; publishing the new version is not an announcement.

    >>> unannounced("Check this page regularly; we also email our customers about every change.", "en") is None
    True
    >>> unannounced("Vi kan ändra policyn utan föregående meddelande, men vi meddelar kunderna.", "sv")
    "it changes 'utan föregående meddelande'"
    """
    silent = cues.affirmed("no_notice", policy, language)
    if silent:
        return f"it changes '{silent[0].text}'"
    if not cues.affirmed("announce", policy, language):
        return "it does not say that readers are told"
    return None


@rule(
    "PN172", "Changes are announced, not left for readers to find", "warning",
    "GDPR Art. 13(3); WP260 rev.01, para. 29: a notice should not merely ask readers to check it regularly for changes",
    "Say how readers learn of changes (notification, email, a notice on the site); the site's feeds and banners can be named.",
    """Telling readers to check the page regularly puts the burden on them. The rule fires when a
    notice says nothing about how changes are announced, when no clause of its 'changes_policy'
    says in so many words that readers are told (notified, emailed, informed, shown a banner or a
    message, a feed) without a negation in the same clause ('we will not inform you', 'emme
    ilmoita', 'vi meddelar inte' all fire), or when it says that changes come without notice
    ('ilman ennakkoilmoitusta', 'utan föregående meddelande'). Publishing the new version on the
    page is not an announcement. It reads English, Finnish and Swedish (vocabularies/cues.yml); a
    notice in another language is only checked for an empty 'changes_policy'.""",
)
def _changes_policy(v: Version) -> Iterator[Hit]:
    text = v.data.changes_policy
    if not text:
        yield Hit((), "the notice does not say how changes to it are announced")
        return
    wrong = unannounced(text, v.language) if v.language in cues.languages() else None
    if wrong:
        yield Hit(("changes_policy",), f"{wrong}: '{textcheck.excerpt(text)}'")


@rule(
    "PN173", "A new version says what it changes", "error",
    "GDPR Art. 12(1) and 13(3); WP260 rev.01, para. 29–31: readers are told clearly what changed",
    "Write under 'changes', in a sentence or two, what this version changes, in place of the empty placeholder.",
    """`notices new-version` copies the latest version with an empty 'changes' (changes: "", under a
    comment that says what to write), so that drafting shows the new version while it is being
    written. A version whose 'changes' is still empty tells readers nothing of what changed. The rule
    fires on every version whose 'changes' is empty, archived ones included, and cannot be suppressed:
    the placeholder is never published.""",
    unfinished=True,
)
def _changes_written(v: Version) -> Iterator[Hit]:
    if v.data.changes == CHANGES_PLACEHOLDER:
        yield Hit(("changes",), "not written yet: say what this version changes")


PLACEHOLDER_RULE = "PN174"
"""The rule that refuses a text marked :data:`PLACEHOLDER_MARKER`: what `notices new-site` leaves for the company to write."""


@rule(
    PLACEHOLDER_RULE, "No placeholder is published", "error",
    "GDPR Art. 5(1)(a), 12(1) and 13: the information given is the controller's own, accurate and complete",
    f"Write what the company does in place of the text marked '{PLACEHOLDER_MARKER}' (AUTHORING.md, \"Placeholders\").",
    f"""`notices new-site` writes a placeholder, a text marked '{PLACEHOLDER_MARKER}', for each fact of the first
    notice that no answer gave (a purpose, the data categories, a retention period, a cookie's purpose…), so that
    drafting shows the notice while it is being written and nothing the company did not write is published. The
    rule fires on every value of a version, and of its entity.yml, that holds '{PLACEHOLDER_MARKER}', archived
    versions included, and cannot be suppressed: a placeholder is never published.""",
    unfinished=True,
)
def _placeholders(v: Version) -> Iterator[Hit]:
    for loc, text in placeholders(v.data):
        yield Hit(loc, f"placeholder text '{textcheck.excerpt(text)}' is still here; write what the company does")
    for loc, text in placeholders(v.record.data):
        yield Hit(loc, f"placeholder text '{textcheck.excerpt(text)}' is still here; write what the company does", entity=True)
