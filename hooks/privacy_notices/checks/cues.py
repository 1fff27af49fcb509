"""How the rules read a notice's own words: cue words per language, found in clauses, with negation.

A rule that reads text asks whether a *group* of cues (``vague_retention``,
``announce``…, in ``data/vocabularies/cues.yml``) stands in a text, and
whether what it found is negated there. Words are data, so that one rule
reads English, Finnish and Swedish alike and a new phrasing is a line of YAML,
not a regular expression: stems catch inflection (ilmoit* → ilmoitamme,
ilmoitetaan), a leading ``*`` catches compounds (*markkinoin* →
suoramarkkinointi), and negation is looked for in the cue's own clause, on
both sides ("emme ilmoita", "vi meddelar inte").

>>> [m.text for m in affirmed("announce", "We will not inform you; check this page.", "en")]
[]
>>> [m.text for m in affirmed("announce", "Emme ilmoita muutoksista, mutta ilmoitamme uusista palveluista.", "fi")]
['ilmoitamme']
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from privacy_notices.data import vocab

_WORD = re.compile(r"§|,|[\w#]+(?:['’-][\w]+)*-?")
"""A word (with its inner hyphens and apostrophes: e-mail, don't), a §, or a comma (which may end a clause)."""
_LINKS = re.compile(r"\]\([^)]*\)|<?https?://\S+>?|[*_`]")
"""Markdown link targets, bare addresses and emphasis marks: not words of the text."""
_SENTENCES = re.compile(r"(?<=[.!?])\s+|\n+")
_BREAKS = re.compile(r"[;—–()\[\]]|:(?!\w)")
"""What ends a clause inside a sentence; a colon only when no letter follows it: "GDPR:n", "EU:ssa" and "10:30" are words."""


@dataclass(frozen=True)
class Clause:
    """One clause of a text: its words, and which of them negate."""

    words: tuple[str, ...]
    language: str
    negating: frozenset[int] = field(default=frozenset())
    """Positions of words that negate whatever is on either side of them."""
    negating_before: frozenset[int] = field(default=frozenset())
    """Positions of words that negate only what follows them ('without', 'ilman', 'utan')."""

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Match:
    """Where a cue stands: its clause and the words it covers."""

    clause: Clause
    start: int
    end: int

    @property
    def text(self) -> str:
        return " ".join(self.clause.words[self.start : self.end])


def languages() -> tuple[str, ...]:
    """The languages the rules can read; a text in any other is not read (RULES.md says so)."""
    return tuple(_table()["languages"])


@cache
def _table() -> dict[str, Any]:
    return vocab.vocabulary("cues")


def _slot(word: str) -> str:
    """One word of a cue as a regular expression for one word of the text.

    >>> _slot("ilmoit*|kerro"), _slot("+lain"), _slot("#")
    ('(?:ilmoit[^ ]*|kerro)', '(?:[^ ]+lain)', '(?:\\\\d[^ ]*)')
    """
    alternatives = []
    for alt in word.split("|"):
        out = ""
        for char in alt:
            out += {"*": "[^ ]*", "+": "[^ ]+", "#": r"\d[^ ]*"}.get(char) or re.escape(char)
        alternatives.append(out)
    return "(?:" + "|".join(alternatives) + ")"


@cache
def _compile(cue: str) -> re.Pattern[str]:
    """A cue as a regular expression over a clause's words joined by single spaces, each followed by one.

    >>> bool(_compile("as long as (it) (is) necessary").search(" as long as necessary "))
    True
    >>> bool(_compile("niin kauan kuin .. tarpee*").search(" niin kauan kuin se on tarpeen "))
    True
    """
    parts = []
    for word in cue.split():
        if word == "..":
            parts.append("(?:[^ ]+ ){0,4}")
        elif word.startswith("(") and word.endswith(")"):
            parts.append(f"(?:{_slot(word[1:-1])} )?")
        else:
            parts.append(f"{_slot(word)} ")
    return re.compile("(?<= )" + "".join(parts), 0 if cue != cue.lower() else re.IGNORECASE)


def cues(group: str, language: str) -> list[str]:
    """The cues of one group in one language (none for a language the table does not have)."""
    found: list[str] = _table()["groups"][group].get(language) or []
    return found


def _spans(cue_list: Iterable[str], words: tuple[str, ...]) -> list[tuple[int, int]]:
    """(first word, word after the last) of every place a cue stands in the words."""
    joined = " " + " ".join(words) + " "
    starts = []
    at = 1
    for word in words:
        starts.append(at)
        at += len(word) + 1
    spans = []
    for cue in cue_list:
        for m in _compile(cue).finditer(joined):
            if m.end() > m.start():
                first = bisect.bisect_right(starts, m.start()) - 1
                spans.append((first, bisect.bisect_right(starts, m.end() - 2)))
    return sorted(set(spans))


def _clause(words: list[str], language: str) -> Clause:
    table = _table()
    negation = table["negation"].get(language, {})
    plain = tuple(words)
    masked = {i for a, b in _spans(table["not_negation"].get(language, []), plain) for i in range(a, b)}
    both = {a for a, _ in _spans(negation.get("both", []), plain)} - masked
    before = {a for a, _ in _spans(negation.get("before", []), plain)} - masked
    return Clause(plain, language, frozenset(both), frozenset(before))


def sentences(text: str, language: str) -> list[list[Clause]]:
    """A text's sentences, each as its clauses; Markdown marks and link targets are left out."""
    return [list(found) for found in _sentences(text, language)]


@lru_cache(maxsize=1 << 16)  # bounded: a long `notices serve` sees every text an author ever typed
def _sentences(text: str, language: str) -> tuple[tuple[Clause, ...], ...]:
    """:func:`sentences`, split once per text: the versions of a notice, and the notices of a group, repeat most of their texts."""
    rules = _table()["clauses"].get(language, {})
    after_comma = {w.lower() for w in rules.get("after_comma", [])}
    always = {w.lower() for w in rules.get("always", [])}
    out: list[tuple[Clause, ...]] = []
    for sentence in _SENTENCES.split(_LINKS.sub(" ", text.replace("’", "'"))):
        found: list[Clause] = []
        for segment in _BREAKS.split(sentence):
            words: list[str] = []
            comma = False
            for token in _WORD.findall(segment):
                if token == ",":
                    comma = True
                    continue
                lower = token.lower()
                if words and (lower in always or (comma and lower in after_comma)):
                    found.append(_clause(words, language))
                    words = []
                words.append(token)
                comma = False
            if words:
                found.append(_clause(words, language))
        if found:
            out.append(tuple(found))
    return tuple(out)


def clauses(text: str, language: str) -> list[Clause]:
    """Every clause of a text, in order.

    >>> [c.text for c in clauses("Vi sparar uppgifterna, men vi meddelar inte ändringar.", "sv")]
    ['Vi sparar uppgifterna', 'men vi meddelar inte ändringar']
    """
    return [c for s in sentences(text, language) for c in s]


def find(group: str, where: str | Clause | list[Clause], language: str) -> list[Match]:
    """Every place a cue of the group stands, negated or not."""
    if isinstance(where, str):
        where = clauses(where, language)
    elif isinstance(where, Clause):
        where = [where]
    group_cues = cues(group, language)
    return [Match(c, a, b) for c in where for a, b in _spans(group_cues, c.words)]


def negated(match: Match) -> bool:
    """Whether a negation stands in the match's clause just before it, or (a word that negates both ways) in it or just after.

    >>> [negated(m) for m in find("announce", "Sähköpostia ei lähetetä.", "fi")]
    [True]
    >>> [negated(m) for m in find("announce", "No later than 30 days before, we email you.", "en")]
    [False]
    """
    window = _table()["window"]
    clause = match.clause
    before = range(max(0, match.start - window["before"]), match.start)
    after = range(match.start + 1, min(len(clause.words), match.end + window["after"]))
    if any(i in clause.negating or i in clause.negating_before for i in before) or any(i in clause.negating for i in after):
        return True
    return _negated_from_afar(match)


def _negated_from_afar(match: Match) -> bool:
    """Whether a negation further back than the window still governs the match: nothing between them starts a new clause.

    In a long clause the negation may stand many words before what it negates ("ei käytetä GDPR:n artiklan 22
    mukaista automaattista päätöksentekoa tai profilointia"). It still negates when no word between it and the match
    is one that may start a clause (`clauses.<language>.after_comma`: and, which, joka…) other than one that carries
    the negation on (`negation.<language>.through`: "not A or B", "ei A:ta tai B:tä", "inte A eller B").

    >>> [negated(m) for m in find("targeting", "Palvelussa ei käytetä lain mukaista automaattista päätöksentekoa tai profilointia.", "fi")]
    [True]
    >>> [negated(m) for m in find("targeting", "We do not sell the addresses we collect from visitors and we tailor our offers.", "en")]
    [False]
    """
    clause = match.clause
    table = _table()
    through = {w.lower() for w in table["negation"].get(clause.language, {}).get("through", [])}
    joining = {w.lower() for w in table["clauses"].get(clause.language, {}).get("after_comma", [])} - through
    for i in range(match.start - 1, -1, -1):
        if i in clause.negating or i in clause.negating_before:
            return True
        if clause.words[i].lower() in joining:
            return False
    return False


def affirmed(group: str, where: str | Clause | list[Clause], language: str) -> list[Match]:
    """The places a cue of the group stands and is not negated."""
    return [m for m in find(group, where, language) if not negated(m)]


def duration(clause: Clause) -> bool:
    """Whether the clause gives a length of time: a number at most two words before a unit.

    >>> [duration(c) for c in clauses("Säilytämme tiedot kuuden vuoden ajan.", "fi")]
    [True]
    >>> [duration(c) for c in clauses("Vi sparar dem så länge som behövs.", "sv")]
    [False]
    """
    table = _table()
    numbers = [a for a, _ in _spans(table["numbers"].get(clause.language, []), clause.words)]
    units = [a for a, _ in _spans(table["time_units"].get(clause.language, []), clause.words)]
    return any(0 < u - n <= 2 for n in numbers for u in units)


def content_words(text: str, language: str, *groups: str) -> list[str]:
    """The words of a text that no cue of the groups (nor a stop word) covers: what is left to say something.

    >>> content_words("For the purposes stated above.", "en", "reference_only", "generic_interest")
    []
    """
    left = []
    for clause in clauses(text, language):
        covered = {i for g in (*groups, "stopwords") for a, b in _spans(cues(g, language), clause.words) for i in range(a, b)}
        left += [w for i, w in enumerate(clause.words) if i not in covered and w != "§"]
    return left


def only_words_of(group: str, text: str) -> bool:
    """Whether every word of a short text is a cue of the group in some language (a name made only of generic words).

    >>> only_words_of("generic_party", "Tredje parter (ej namngivna)"), only_words_of("generic_party", "Stats Ltd")
    (True, False)
    """
    words = tuple(w for w in _WORD.findall(_LINKS.sub(" ", text)) if w != ",")
    every = [c for language in languages() for c in cues(group, language)]
    covered = {i for a, b in _spans(every, words) for i in range(a, b)}
    return bool(words) and len(covered) == len(words)
