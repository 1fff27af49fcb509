"""The built-in sentences a notice's page may print, and a notice's own words for them.

A page says only what the data say. Some built-in sentences introduce what
the data hold ("The controller of your personal data is:"), some say in
words what a field says (``eea_only: true``), and some state a fact no other
field holds ("You may withdraw your consent at any time…"): those are
printed only where the notice's ``wording`` states them. Every one of them
has an id, and a notice (or one of its activities) may replace it with its
own words, translated like any of its texts, or leave it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from pydantic import Field, create_model, model_validator

from privacy_notices.data import vocab
from privacy_notices.data.fields import Markdown, Strict

Shown = Literal["label", "data", "stated"]

VOCABULARY_PREFIXES = {
    "basis": "legal_bases",
    "condition": "special_conditions",
    "requirement": "requirements",
    "mechanism": "transfer_mechanisms",
    "statement": "statements",
    "category": "cookie_categories",
}
"""Ids of the sentences other vocabularies word: ``basis_consent`` is the text of ``consent`` in legal_bases.yml."""

ACTIVITY_PREFIXES = ("basis", "condition", "requirement")
"""Vocabulary sentences an activity shows, and so may word its own way."""


@dataclass(frozen=True)
class Sentence:
    """One built-in sentence: its English source and when a page prints it."""

    id: str
    text: str
    """The English source, translated through the package's catalogs."""
    shown: Shown
    """label: introduces what the data say; data: says what a field says; stated: only where `wording` states it."""
    when: str
    """What in the data prints it, in the guide's words."""
    activity: bool
    """Whether an activity's own `wording` may replace it."""


@cache
def sentences() -> dict[str, Sentence]:
    """Every built-in sentence by its id: those of sentences.yml, then the texts of the other vocabularies."""
    found = {
        key: Sentence(key, entry["text"], entry["shown"], entry.get("when", ""), bool(entry.get("activity")))
        for key, entry in vocab.vocabulary("sentences").items()
    }
    for prefix, name in VOCABULARY_PREFIXES.items():
        for key, entry in vocab.vocabulary(name).items():
            if "text" in entry:
                found[f"{prefix}_{key}"] = Sentence(f"{prefix}_{key}", entry["text"], "data", f"{name}: {key}", prefix in ACTIVITY_PREFIXES)
    return found


def _description(sentence: Sentence) -> str:
    stated = "Printed only where stated: true, or your own words." if sentence.shown == "stated" else f"Printed with {sentence.when}."
    return f'Built in: "{sentence.text}" {stated} Your own words replace it; false leaves it out.'


def _no_true_for_the_shown(model: Any) -> Any:
    """``true`` states a sentence printed only where stated; any other is printed wherever its data are already."""
    shown = [name for name, value in model if value is True and sentences()[name].shown != "stated"]
    if shown:
        raise ValueError(f"'{shown[0]}' is printed wherever its data are, so true changes nothing; give your own words, or false to leave it out")
    return model


def _wording_model(name: str, doc: str, activity: bool) -> type[Strict]:
    fields: dict[str, Any] = {
        s.id: (Markdown | bool | None, Field(default=None, description=_description(s)))
        for s in sentences().values()
        if s.activity or not activity
    }
    validators: dict[str, Any] = {"_no_true_for_the_shown": model_validator(mode="after")(_no_true_for_the_shown)}
    model: type[Strict] = create_model(name, __base__=Strict, __doc__=doc, __validators__=validators, **fields)
    return model


Wording = _wording_model(
    "Wording",
    "The notice's own words for built-in sentences, by their ids: text replaces a sentence, false leaves it out, "
    "true states one that is printed only where stated (consent_withdrawal…).",
    activity=False,
)
ActivityWording = _wording_model(
    "ActivityWording",
    "The activity's own words for the built-in sentences it shows (its legal bases, special categories, requirement); "
    "they take the place of the notice's `wording` here.",
    activity=True,
)


@dataclass(frozen=True)
class Said:
    """What a page prints for one sentence: the notice's own words, the built-in sentence, or nothing."""

    own: str | None = None
    """The notice's words, in the page's language."""
    builtin: str | None = None
    """The built-in English sentence, for the page's catalog to translate."""

    def __bool__(self) -> bool:
        return bool(self.own or self.builtin)


class Words:
    """A version's choices of wording, as a page asks for each sentence it may print."""

    def __init__(self, notice: Any) -> None:
        self.notice = notice

    def said(self, sentence: str, activity: Any = None) -> Said:
        """What to print for ``sentence`` (the activity's wording first, then the notice's).

        >>> from privacy_notices.data.model import CookieNotice
        >>> words = Words(CookieNotice(kind="cookies", title="Cookies", wording={"consent_withdrawal": True, "cookie_browser": "Block them."},
        ...     cookies=[{"provider": "Acme", "party": "first", "category": "necessary", "purpose": "Login"}]))
        >>> words.said("consent_withdrawal").builtin[:41], words.said("cookie_browser").own, bool(words.said("processors_agreement"))
        ('You may withdraw your consent at any time', 'Block them.', False)
        """
        entry = sentences()[sentence]
        value = None
        for wording in (getattr(activity, "wording", None), getattr(self.notice, "wording", None)):
            if wording is not None and getattr(wording, sentence, None) is not None:
                value = getattr(wording, sentence)
                break
        if isinstance(value, str):
            return Said(own=value)
        if value is False or (value is None and entry.shown == "stated"):
            return Said()
        return Said(builtin=entry.text)
