"""The questions of ``notices new-site``, in the order they are asked: each one's flag, prompt, check and default.

An answer may depend on the ones before it (a representative in the EU only
for a company outside it); a fact the notice states in words may be left for
later, as a placeholder publishing refuses, while a choice from a fixed list
must be made, since any value there would be published as a real one.
"""

from __future__ import annotations

import datetime

import functools
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from privacy_notices.authoring.answer_checks import (
    by_field, check_authority, check_base_url, check_controller_notice, check_cookie_duration, check_country,
    check_date, check_entity, check_items, check_kind, check_languages, check_slug, one_of_list, optional,
)
from privacy_notices.authoring.generator_requirement import check_generator, installed_generator
from privacy_notices.data import vocab
from privacy_notices.data.errors import ErrorLog
from privacy_notices.data.processing import Activity, Cookie, Retention
from privacy_notices.data.parties import Address, Contact, Party
from privacy_notices.data.model import CookieNotice, Entity, NoticeBase, ProcessorNotice, Site
from privacy_notices.data.processing import LegalBasisUse
from privacy_notices.i18n.catalogs import Catalogs


SCAFFOLD_DIR = Path(__file__).resolve().parent / "scaffold"
"""The templates of a new site's files; having no catalogs of its own, it gives the built-in texts alone."""
NOTICE_FOLDERS = {"controller": "privacy", "processor": "processor", "cookies": "cookies"}
"""The first notice's folder name, by kind, unless --notice names another."""


@functools.cache
def builtin_texts(language: str) -> NullTranslations:
    """The generator's built-in texts in ``language`` (none but English's for a language it has no catalog of)."""
    # The scaffold's folder has no catalogs of its own: the built-in texts alone, as a new site has them.
    return Catalogs(SCAFFOLD_DIR, [language], language, ErrorLog()).ui(language)


def slug_of(text: str) -> str | None:
    """A title as a short identifier, for an anchor of the page: ``Bäckström & Söner AB`` → ``backstrom-soner-ab``.

    >>> slug_of("Contacting us"), slug_of("Yhteydenotot"), slug_of("Ελληνικά")
    ('contacting-us', 'yhteydenotot', None)
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or None


def default_entity(answers: Mapping[str, Any]) -> str | None:
    """The legal name as a folder name: ``Kestrel Oy`` → ``kestrel-oy``."""
    return slug_of(answers["legal_name"])


def kind_label(kind: str, language: str) -> tuple[str, bool]:
    """The built-in name of a kind of notice in ``language``, and whether the generator has it in that language.

    >>> kind_label("controller", "fi"), kind_label("cookies", "de")
    (('Tietosuojaseloste', True), ('Cookie policy', False))
    """
    label = str(vocab.vocabulary("notice_kinds")[kind]["label"])
    if language == "en":
        return label, True
    translated = builtin_texts(language).gettext(label)
    return translated, translated != label


def outside_eea(answers: Mapping[str, Any]) -> bool:
    return answers["country"] not in vocab.eea_countries()


def no_builtin_authority(answers: Mapping[str, Any]) -> bool:
    return vocab.authority(answers["country"]) is None


def needs_consent(answers: Mapping[str, Any]) -> bool:
    """Whether the first cookie's category needs the visitor's consent (ePrivacy Art. 5(3))."""
    return answers["kind"] == "cookies" and bool(vocab.vocabulary("cookie_categories")[answers["cookie_category"]]["needs_consent"])


def kind_is(*kinds: str) -> Callable[[Mapping[str, Any]], bool]:
    return lambda answers: answers["kind"] in kinds


class Unwritten:
    """The answer to a fact of the notice that nobody gave: the file gets a placeholder marked ``REPLACE:`` in its place."""

    def __repr__(self) -> str:
        return "UNWRITTEN"


UNWRITTEN = Unwritten()


@dataclass(frozen=True)
class Question:
    """One answer a new site needs: its flag, what is asked, how it is checked, and its default."""

    key: str
    metavar: str
    help: str
    prompt: str | None
    """What a terminal asks; None for an answer taken only from its flag (or its default)."""
    check: Callable[[str, Mapping[str, Any]], Any]
    default: Callable[[Mapping[str, Any]], str | None] = lambda answers: None
    applies: Callable[[Mapping[str, Any]], bool] = lambda answers: True
    later: bool = False
    """A fact the notice states in words: left unanswered, it is a placeholder that publishing refuses, never a guess."""

    @property
    def flag(self) -> str:
        return "--" + self.key.replace("_", "-")


def fact(key: str, metavar: str, help: str, prompt: str, check: Callable[[str], Any], applies: Callable[[Mapping[str, Any]], bool]) -> Question:
    """A fact of the first notice written in words, which may be left for later."""
    return Question(key, metavar, help + "; without it, a placeholder that publishing refuses", prompt, lambda v, a: check(v.strip()), applies=applies, later=True)


def choice(key: str, metavar: str, help: str, prompt: str, check: Callable[[str], Any], applies: Callable[[Mapping[str, Any]], bool]) -> Question:
    """A fact of the first notice chosen from a fixed list or written in a fixed form: every value of it is a real
    one, so none stands in for it; without an answer nothing is written."""
    return Question(key, metavar, help + "; needed, never guessed", prompt, lambda v, a: check(v.strip()), applies=applies)


_BASES = ", ".join(vocab.keys("legal_bases"))
_CATEGORIES = ", ".join(vocab.keys("cookie_categories"))

QUESTIONS = (
    Question("legal_name", "NAME", "the company's registered name, e.g. 'Kestrel Oy'", "Registered name of the company", lambda v, a: by_field(Entity, "name")(v.strip())),
    Question(
        "entity", "ENTITY", "its folder name, in web addresses: lower-case letters, digits, hyphens (default: from the name)",
        "Folder name of the company, used in web addresses", lambda v, a: check_entity(v.strip()), default=default_entity,
    ),
    Question(
        "business_id", "ID", "its business ID or company registration number (optional)",
        "Business ID or company registration number (empty: none)", lambda v, a: optional(by_field(Entity, "business_id"))(v), default=lambda a: "",
    ),
    Question(
        "street", "TEXT", "the street and number (or PO box) of its registered address (optional)",
        "Street and number of its registered address (empty: none)", lambda v, a: optional(by_field(Address, "street"))(v), default=lambda a: "",
    ),
    Question(
        "postal_code", "CODE", "the postal code of its registered address (optional)",
        "Postal code (empty: none)", lambda v, a: optional(by_field(Address, "postal_code"))(v), default=lambda a: "",
    ),
    Question("city", "CITY", "the city of its registered address", "City of its registered address", lambda v, a: by_field(Address, "city")(v.strip())),
    Question("country", "CC", "the country of its registered address, an ISO 3166 code such as FI", "Country of its registered address (an ISO code such as FI)", lambda v, a: check_country(v)),
    Question(
        "representative", "NAME", "its representative in the EU (GDPR Art. 27); asked when the country is outside the EU/EEA",
        "Name of its representative in the EU (GDPR Art. 27)", lambda v, a: by_field(Party, "name")(v.strip()), applies=outside_eea,
    ),
    Question(
        "authority", "CC", "the EU/EEA country whose supervisory authority the notices name; asked when the country has no built-in one",
        "Country whose supervisory authority the notices name (an EU/EEA code such as IE)", lambda v, a: check_authority(v), applies=no_builtin_authority,
    ),
    Question("email", "EMAIL", "where people send questions and requests about their data", "E-mail address for questions about personal data", lambda v, a: by_field(Contact, "email")(v.strip())),
    Question(
        "language", "LANG", "the language the company writes its notices in, e.g. fi (default: en)",
        "Language the company writes its notices in", lambda v, a: by_field(Site, "source_language")(v.strip()), default=lambda a: "en",
    ),
    Question(
        "languages", "LANGS", "every language the site is published in, e.g. 'fi,en,sv' (default: the company's language alone)",
        "Languages the site is published in", lambda v, a: check_languages(v, a["language"]), default=lambda a: a["language"],
    ),
    Question("name", "TEXT", "the site's name, shown in its header (default: the company's name)", None, lambda v, a: by_field(Site, "name")(v.strip()), default=lambda a: a["legal_name"]),
    Question(
        "kind", "KIND", "the first notice's kind: controller (a privacy notice), processor or cookies (default: controller)",
        "Kind of the first notice: controller (a privacy notice), processor or cookies", lambda v, a: check_kind(v), default=lambda a: "controller",
    ),
    Question(
        "controller_notice", "URL", "with --kind processor: the https address of the company's own privacy notice as a controller",
        "Address (https) of the company's own privacy notice as a controller", lambda v, a: check_controller_notice(v), applies=kind_is("processor"),
    ),
    fact(
        "services", "TEXT", "with --kind processor: what the company does for its customers, and that they are the controllers of the data",
        "What the company does for its customers, who are the controllers of the data", by_field(ProcessorNotice, "services"), kind_is("processor"),
    ),
    fact(
        "activity", "TEXT", "the title of one processing activity, a situation in the reader's words, e.g. 'Contacting us' (a processor: one service, e.g. 'Hosting online shops')",
        "One situation in which the company processes personal data, as a title (e.g. Contacting us)", by_field(Activity, "title"), kind_is("controller", "processor"),
    ),
    fact(
        "data_subjects", "TEXT", "whose data that activity processes, e.g. 'people who contact us'",
        "Whose data (e.g. people who contact us)", one_of_list(Activity, "data_subjects"), kind_is("controller", "processor"),
    ),
    fact(
        "purpose", "TEXT", "why the data are processed in that activity (a processor: what it does with them for its customers), one purpose",
        "Why the data are processed (one purpose)", one_of_list(Activity, "purposes"), kind_is("controller", "processor"),
    ),
    fact(
        "data_categories", "LIST", "what data that activity processes, separated by commas, e.g. 'name, email address, the message'",
        "What data (separated by commas, e.g. name, email address)", check_items(Activity, "data_categories"), kind_is("controller", "processor"),
    ),
    choice(
        "legal_basis", "BASIS", f"with --kind controller: that activity's legal basis under GDPR Art. 6(1), one of {_BASES}",
        f"Legal basis under GDPR Art. 6(1) ({_BASES})", by_field(LegalBasisUse, "basis"), kind_is("controller"),
    ),
    fact(
        "legitimate_interest", "TEXT", "with --legal-basis legitimate_interests: the interest pursued, in the company's words",
        "The legitimate interest pursued, and why it needs these data", by_field(LegalBasisUse, "legitimate_interest"),
        lambda a: a["kind"] == "controller" and a["legal_basis"] == "legitimate_interests",
    ),
    fact(
        "retention", "TEXT", "with --kind controller: how long that activity's data are kept, in words, e.g. '24 months from the last contact'",
        "How long the data are kept, in words (e.g. 24 months from the last contact)", by_field(Retention, "rule"), kind_is("controller"),
    ),
    fact(
        "cookie_name", "NAME", "with --kind cookies: one cookie's name, e.g. session_id",
        "Name of one cookie the website sets (e.g. session_id)", by_field(Cookie, "name"), kind_is("cookies"),
    ),
    fact(
        "cookie_provider", "NAME", "who sets that cookie: the company itself or another company",
        "Who sets it: the company itself or another company (its name)", by_field(Cookie, "provider"), kind_is("cookies"),
    ),
    choice(
        "cookie_party", "PARTY", "whether it is the company's own cookie (first) or another company's (third)",
        "Is it the company's own cookie (first) or another company's (third)?", by_field(Cookie, "party"), kind_is("cookies"),
    ),
    choice(
        "cookie_category", "CATEGORY", f"its category, one of {_CATEGORIES}; all but necessary need the visitor's consent",
        f"Its category ({_CATEGORIES})", by_field(Cookie, "category"), kind_is("cookies"),
    ),
    fact(
        "cookie_purpose", "TEXT", "what that cookie does, e.g. 'Keeps you logged in'",
        "What it does (e.g. Keeps you logged in)", by_field(Cookie, "purpose"), kind_is("cookies"),
    ),
    choice(
        "cookie_duration", "DURATION", "how long it lasts: session, provider (as the provider sets it), or an ISO 8601 period such as P13M",
        "How long it lasts (session, provider or a period such as P13M)", check_cookie_duration, kind_is("cookies"),
    ),
    fact(
        "consent", "TEXT", "with a --cookie-category that needs consent: how visitors give, change and withdraw their consent",
        "How visitors give, change and withdraw their consent", by_field(CookieNotice, "consent"), needs_consent,
    ),
    Question("notice", "NOTICE", "the first notice's folder name (default: privacy, processor or cookies, by kind)", None, lambda v, a: check_slug(v.strip()), default=lambda a: NOTICE_FOLDERS[a["kind"]]),
    Question(
        "title", "TEXT", "the first notice's title (default: the kind's name in the company's language)", None,
        lambda v, a: by_field(NoticeBase, "title")(v.strip()), default=lambda a: kind_label(a["kind"], a["language"])[0],
    ),
    Question("date", "YYYY-MM-DD", "the day the first version takes effect: its file's name (default: today)", None, lambda v, a: check_date(v), default=lambda a: datetime.date.today().isoformat()),
    Question(
        "base_url", "URL", "the address the site will be served from, e.g. https://privacy.example.com/ (default: none yet)",
        "Address the site will be served from (empty: decide later)", lambda v, a: check_base_url(v), default=lambda a: "",
    ),
    Question(
        "generator", "SPEC", "what requirements.txt installs the generator from: a requirement, a URL or a folder (default: as it is installed now)",
        None, lambda v, a: check_generator(v), default=lambda a: installed_generator(),
    ),
)
"""In the order they are asked: an answer may depend on the ones before it."""
