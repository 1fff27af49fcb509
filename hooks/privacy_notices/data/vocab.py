"""Built-in vocabularies: legal bases, rights, cookie categories, authorities…

They ship as YAML beside this module so that one file is both the list of
allowed keys (used by validation and the JSON Schema) and the English source
text (translated through the locale catalogs).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml
from babel import Locale

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

VOCABULARIES = (
    "legal_bases",
    "special_conditions",
    "rights",
    "cookie_categories",
    "cookie_types",
    "transfer_mechanisms",
    "requirements",
    "recipient_roles",
    "notice_kinds",
    "authorities",
    "statements",
    "sentences",
)
"""Every vocabulary file shipped in ``vocabularies/`` whose entries have texts to show and translate."""

DPV_MAPPED = ("legal_bases", "special_conditions", "rights", "transfer_mechanisms", "recipient_roles", "notice_kinds")
"""The vocabularies each of whose entries names, under ``dpv``, the term of the W3C Data Privacy Vocabulary that
``notice.jsonld`` says it with: a new entry is mapped where it is written."""

TABLES = ("adequacy", "cookie_rules", "cues")
"""Data files beside them that hold facts, not texts: the adequacy decisions and the national cookie rules with their dates and
sources, and the cue words the rules read text by."""


@cache
def vocabulary(name: str) -> dict[str, dict[str, Any]]:
    """The entries of one vocabulary, keyed as data files write them."""
    if name not in VOCABULARIES and name not in TABLES:
        raise KeyError(name)
    text = resources.files(__package__).joinpath("vocabularies").joinpath(f"{name}.yml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.load(text, Loader=_Loader)
    return data


@dataclass(frozen=True)
class Adequacy:
    """One adequacy decision of the European Commission, for a country or an international organisation."""

    place: str
    """The ISO 3166 code of the country, or the short name of the organisation (EPO)."""
    decision: str
    adopted: datetime.date
    valid_from: datetime.date
    """The first day transfers may rest on it."""
    source: str
    """Where it is published (its ELI), and what was read to verify it."""
    expires: datetime.date | None = None
    """The first day transfers may no longer rest on it; None while it has no end."""
    scope: str | None = None
    """What it covers, when not the whole place."""

    def valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.expires is None or day < self.expires)


_ADEQUACY_KEYS = {"decision", "adopted", "valid_from", "source", "expires", "scope"}
_ADEQUACY_REQUIRED = {"decision", "adopted", "valid_from", "source"}


@cache
def adequacy_decisions(kind: str = "countries") -> dict[str, tuple[Adequacy, ...]]:
    """The adequacy decisions of ``vocabularies/adequacy.yml`` by place, oldest first: of "countries" or of "organisations".

    The file is checked as it is read: each decision has its act, its dates and its source, and no other key.

    >>> [d.decision for d in adequacy_decisions()["BR"]], adequacy_decisions("organisations")["EPO"][0].valid_from
    (['Commission Implementing Decision (EU) 2026/179'], datetime.date(2025, 7, 18))
    """
    out = {}
    for place, entries in vocabulary("adequacy")[kind].items():
        decisions = []
        for entry in entries:
            keys = set(entry)
            if keys - _ADEQUACY_KEYS or _ADEQUACY_REQUIRED - keys:
                raise ValueError(f"adequacy.yml: {kind}.{place}: a decision has {', '.join(sorted(_ADEQUACY_REQUIRED))} and may have expires and scope; found {', '.join(sorted(keys))}")
            if not all(isinstance(entry.get(k), datetime.date) for k in ("adopted", "valid_from", *(("expires",) if "expires" in entry else ()))):
                raise ValueError(f"adequacy.yml: {kind}.{place}: adopted, valid_from and expires are dates (YYYY-MM-DD)")
            decisions.append(Adequacy(place, **entry))
        out[place] = tuple(sorted(decisions, key=lambda d: d.valid_from))
    return out


def keys(name: str) -> tuple[str, ...]:
    """The allowed keys of a vocabulary, in file order."""
    return tuple(vocabulary(name))


@dataclass(frozen=True)
class AuthorityInfo:
    """A supervisory authority's public contact details."""

    name: str
    """The authority's own name."""
    name_en: str
    """Its English name."""
    address: tuple[str, ...]
    """Postal address, one line per item, without the country."""
    country: str | None = None
    """ISO 3166 code of the country, named on the page in the reader's language."""
    website: str | None = None
    email: str | None = None
    phone: str | None = None
    visiting_address: tuple[str, ...] = ()
    """Street address for visitors, when it differs from the postal address."""
    phones: tuple[tuple[str | None, str], ...] = ()
    """Further numbers: (what the number is for, the number)."""


def authority(country: str) -> AuthorityInfo | None:
    """The built-in authority of an EU/EEA country, if the table has one.

    >>> authority("FI").website
    'https://tietosuoja.fi/'
    >>> authority("US") is None
    True
    """
    entry = vocabulary("authorities").get(country)
    if entry is None:
        return None
    return AuthorityInfo(
        name=entry["name"],
        name_en=entry["name_en"],
        address=tuple(entry["address"]),
        country=country,
        website=entry.get("website"),
        email=entry.get("email"),
        phone=entry.get("phone"),
        visiting_address=tuple(entry.get("visiting_address", ())),
    )


EU_TERRITORIES = frozenset({"AX", "GF", "GP", "MQ", "RE", "YT", "MF"})
"""Parts of EU member states with ISO codes of their own: Åland (Finland) and France's outermost regions."""


def eea_countries() -> frozenset[str]:
    """Where the GDPR applies as at home: the EU and EEA member states of the authority table, and the territories
    of EU_TERRITORIES, which have a code of their own but are part of a member state.

    >>> {"FI", "NO", "AX"} <= eea_countries(), "GB" in eea_countries()
    (True, False)
    """
    return frozenset(vocabulary("authorities")) | EU_TERRITORIES


@cache
def interface_languages() -> tuple[str, ...]:
    """Languages a page can be published in: Material has an interface translation and CLDR knows it.

    Material's interface strings live in one partial per language; a code
    without one would fail the build, so site.yml may only name these. The
    list is the package's own (``vocabularies/interface_languages.yml``), so
    that validation and the schemas do not follow whichever theme is installed.

    >>> {"en", "fi", "sv", "pt-BR"} <= set(interface_languages())
    True
    """
    text = resources.files(__package__).joinpath("vocabularies").joinpath("interface_languages.yml").read_text("utf-8")
    data: dict[str, list[str]] = yaml.load(text, Loader=_Loader)
    return tuple(data["languages"])


def babel_locale(code: str) -> Locale:
    """The CLDR locale of a site language code, written as Material writes it (``pt-BR``, ``zh-Hant``).

    >>> str(babel_locale("pt-BR")), str(babel_locale("fi"))
    ('pt_BR', 'fi')
    """
    return Locale.parse(code, sep="-")


def language_name(language: str) -> str:
    """A language's name in itself, as a selector shows it.

    >>> language_name("en"), language_name("fi"), language_name("sv")
    ('English', 'Suomi', 'Svenska')
    """
    name = babel_locale(language).get_display_name(babel_locale(language)) or language
    return name[:1].upper() + name[1:]


def language_called(language: str, in_language: str) -> str:
    """A language's name as another language writes it in running text.

    >>> language_called("fi", "en"), language_called("en", "fi"), language_called("fi", "sv")
    ('Finnish', 'englanti', 'finska')
    """
    return babel_locale(language).get_display_name(babel_locale(in_language)) or language
