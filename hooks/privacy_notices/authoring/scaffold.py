"""``notices new-site``: a project of one's own that builds at once, from a few answers.

Every file a new site gets is a file in ``scaffold/``: ``site/`` is the
project's tree (``dot-`` stands for a leading dot, ``__entity__`` for an
answer, and a ``.j2`` file is a Jinja template), ``notices/`` holds the first
notice of each kind. Each answer is checked by the model field it ends up in,
with the loader's messages, and the files made from the answers are loaded
and checked as a publishing build would before any is written: a new site
never starts with an error. The data say only what the answers say, and no
default stands for a fact the notice asserts: a fact in words that nobody
gave is a ``REPLACE:`` placeholder, which drafting shows and publishing
refuses (rule PN174), written in the company's language where the built-in
catalogs have it; a choice from a fixed list (a legal basis) is asked for
until it is given, since any value there would be published as a real one.
"""

from __future__ import annotations

import datetime
import functools
import importlib.metadata
import json
import re
import tempfile
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from gettext import NullTranslations
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import jinja2
import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from pydantic import BaseModel, TypeAdapter, ValidationError

from privacy_notices import __version__
from privacy_notices.data import vocab
from privacy_notices.data.asof import as_of_date
from privacy_notices.checks.pipeline import load_and_check
from privacy_notices.data.errors import ErrorLog
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.data.loader import RESERVED_NAMES, reserved, version_date
from privacy_notices.data.fields import PLACEHOLDER_MARKER, Slug
from privacy_notices.data.layout import ExternalNotice
from privacy_notices.data.model import NOTICE_KINDS, CookieNotice, Entity, NoticeBase, ProcessorNotice, Site
from privacy_notices.data.parties import Address, AuthoritySpec, Contact, Party
from privacy_notices.data.processing import Activity, Cookie, LegalBasisUse, Retention
from privacy_notices.checks.rules_changes import PLACEHOLDER_RULE
from privacy_notices.data.textcheck import check_characters, excerpt
from privacy_notices.data.validation import explain

SCAFFOLD_DIR = Path(__file__).resolve().parent / "scaffold"
TREE = "site"
"""The folder of ``scaffold/`` that holds the new project's tree."""
FIRST_NOTICES = "notices"
"""The folder of ``scaffold/`` that holds the first notice of each kind, ``<kind>.yml.j2``."""

DISTRIBUTION = "privacy-notice-site"
"""The generator's name as pip installs it: what a new site's requirements.txt names."""

EXECUTABLE = frozenset({".ci/run"})
NOTICE_FOLDERS = {"controller": "privacy", "processor": "processor", "cookies": "cookies"}
"""The first notice's folder name, by kind, unless --notice names another."""


class AnswerError(ValueError):
    """An answer, or the folder, cannot make a site; the message says why and what would."""


# --- Checking one answer with the data format's own rules ------------------------------------


T = TypeVar("T")


def _valid(validate: Callable[[Any], T], value: Any) -> T:
    """``validate(value)``; its first problem, in the words the loader uses for the data, as an :class:`AnswerError`."""
    try:
        return validate(value)
    except ValidationError as exc:
        raise AnswerError(explain(exc.errors(include_url=False)[0])) from None


@functools.cache
def _field(model: type[BaseModel], name: str) -> TypeAdapter[Any]:
    """The validator of one field of a data model, as the loader applies it."""
    info = model.model_fields[name]
    return TypeAdapter(Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation)


def by_field(model: type[BaseModel], name: str) -> Callable[[str], Any]:
    """A check of an answer that becomes ``name`` of ``model``.

    >>> by_field(Contact, "email")("privacy@example.com")
    'privacy@example.com'
    >>> by_field(Contact, "email")("privacy")
    Traceback (most recent call last):
    ...
    privacy_notices.authoring.scaffold.AnswerError: expected an email address such as privacy@example.com, found text 'privacy'
    """

    return functools.partial(_valid, _field(model, name).validate_python)


_slug = TypeAdapter(Slug)


def check_slug(value: str) -> str:
    return str(_valid(_slug.validate_python, value))


def check_entity(value: str) -> str:
    """An entity's folder name: it is the entity's address, so no language's and none the site uses (as the loader says).

    >>> check_entity("acme-oy")
    'acme-oy'
    >>> check_entity("fi")
    Traceback (most recent call last):
    ...
    privacy_notices.authoring.scaffold.AnswerError: the folder name 'fi' is a language code, and /fi/ holds the pages in that language; choose another
    """
    name = check_slug(value)
    if name in vocab.interface_languages():
        raise AnswerError(f"the folder name '{name}' is a language code, and /{name}/ holds the pages in that language; choose another")
    if name in RESERVED_NAMES:
        raise AnswerError(reserved(name) + "; choose another")
    return name


def check_country(value: str) -> str:
    """A country code as the data write it; a two-letter answer in small letters is taken in capitals."""
    value = value.strip()
    return str(by_field(Address, "country")(value.upper() if len(value) == 2 else value))


def check_authority(value: str) -> str:
    """A country whose built-in supervisory authority the notices name."""
    code = check_country(value)
    _valid(AuthoritySpec.model_validate, {"country": code})
    return code


def split_list(value: str) -> list[str]:
    """Languages as a person types them: ``en, fi`` or ``en fi``.

    >>> split_list("en, fi  sv")
    ['en', 'fi', 'sv']
    """
    return [part for part in re.split(r"[\s,]+", value.strip()) if part]


def check_languages(value: str, language: str) -> list[str]:
    """The site's languages, its source language first, checked as site.yml is."""
    site = _valid(Site.model_validate, {"name": "-", "source_language": language, "languages": split_list(value) or [language]})
    return list(dict.fromkeys(site.all_languages))


_kind = TypeAdapter(Literal[tuple(NOTICE_KINDS)])


def check_kind(value: str) -> str:
    return str(_valid(_kind.validate_python, value.strip()))


def check_controller_notice(value: str) -> str:
    """Where the company's own controller notice is published: linked from a processor notice, so https."""
    return _valid(ExternalNotice.model_validate, {"title": "-", "url": value.strip()}).url


def optional(check: Callable[[str], Any]) -> Callable[[str], Any]:
    """A check of an answer that may be left empty: empty is none, anything else must pass ``check``.

    >>> optional(by_field(Entity, "business_id"))("  "), optional(by_field(Entity, "business_id"))(" 1234567-8 ")
    (None, '1234567-8')
    """
    return lambda value: check(value.strip()) if value.strip() else None


check_base_url = optional(by_field(Site, "base_url"))


def one_of_list(model: type[BaseModel], name: str) -> Callable[[str], str]:
    """A check of one item of a list field (one purpose, one group of people), as the loader checks the list."""
    return lambda value: str(by_field(model, name)([value])[0])


def check_items(model: type[BaseModel], name: str) -> Callable[[str], list[str]]:
    """A check of a list field answered in one line, its items separated by commas.

    >>> check_items(Activity, "data_categories")("name, email address,, the message")
    ['name', 'email address', 'the message']
    """
    return lambda value: list(by_field(model, name)([part.strip() for part in value.split(",") if part.strip()]))


def check_cookie_duration(value: str) -> str:
    """A cookie's lifetime: session, provider, or an ISO 8601 period.

    >>> check_cookie_duration("forever")
    Traceback (most recent call last):
    ...
    privacy_notices.authoring.scaffold.AnswerError: expected session (until the browser closes), provider (as the provider sets it) or an ISO 8601 duration such as P6M (6 months), P2Y (2 years) or P30D (30 days), found 'forever'
    """
    try:
        return str(by_field(Cookie, "duration")(value))
    except AnswerError as exc:
        raise AnswerError(f"expected session (until the browser closes), provider (as the provider sets it) or {str(exc).removeprefix('expected ')}") from None


def check_date(value: str) -> datetime.date:
    """The day the first version takes effect: its file's name, so the loader's rules for one apply."""
    value = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise AnswerError(f"expected a date written as YYYY-MM-DD, found '{excerpt(value)}'")
    day, problem = version_date(Path(f"{value}.yml"))
    if day is None:
        raise AnswerError(problem)
    return day


# --- Where the new site gets the generator from -------------------------------------------------


def requirement_from(name: str, version: str, direct_url: str | None) -> str:
    """A requirements.txt line that installs the generator as it is installed here (PEP 610's direct_url.json).

    >>> requirement_from("privacy-notice-site", "0.1.0", None)
    'privacy-notice-site==0.1.0'
    >>> requirement_from("privacy-notice-site", "0.1.0", '{"url": "https://github.com/o/r.git", "vcs_info": {"vcs": "git", "commit_id": "0a1b2c"}}')
    'privacy-notice-site @ git+https://github.com/o/r.git@0a1b2c'
    >>> requirement_from("privacy-notice-site", "0.1.0", '{"url": "file:///src/notices", "dir_info": {"editable": true}}')
    'privacy-notice-site @ file:///src/notices'
    """
    if not direct_url:
        return f"{name}=={version}"
    info = json.loads(direct_url)
    url = str(info["url"])
    vcs = info.get("vcs_info")
    line = f"{name} @ {vcs['vcs']}+{url}@{vcs['commit_id']}" if vcs else f"{name} @ {url}"
    if info.get("subdirectory"):
        line += f"#subdirectory={info['subdirectory']}"
    return line


def installed_generator() -> str:
    """The generator as this Python has it installed; the version alone when it was installed from an index."""
    # An editable install can leave a second record beside the package (setuptools' egg-info), which
    # says nothing of where it came from: the record pip wrote, with its direct_url.json, is the one.
    found = list(importlib.metadata.distributions(name=DISTRIBUTION))
    if not found:
        return f"{DISTRIBUTION}=={__version__}"
    dist = next((d for d in found if d.read_text("direct_url.json")), found[0])
    return requirement_from(DISTRIBUTION, dist.version, dist.read_text("direct_url.json"))


def check_generator(value: str) -> str:
    """--generator: a folder, a URL pip installs from, or a requirement naming the generator."""
    spec = check_characters(value.strip())
    if not spec:
        raise AnswerError("expected a requirement such as privacy-notice-site==0.1.0, a URL or a folder")
    folder = Path(spec).expanduser()
    if folder.is_dir():
        return f"{DISTRIBUTION} @ {folder.resolve().as_uri()}"
    if re.match(r"^(git|hg|svn|bzr)\+|^[a-z]+://", spec):
        return f"{DISTRIBUTION} @ {spec}"
    try:
        requirement = Requirement(spec)
    except InvalidRequirement as exc:
        raise AnswerError(
            f"'{excerpt(spec)}' is no requirement pip reads ({exc}); expected one such as {DISTRIBUTION}==0.1.0, "
            f"a URL such as git+https://…@<commit>, or a folder"
        ) from None
    if canonicalize_name(requirement.name) != canonicalize_name(DISTRIBUTION):
        raise AnswerError(f"'{excerpt(spec)}' names '{requirement.name}', not the generator '{DISTRIBUTION}'")
    return spec


def is_local(requirement: str) -> bool:
    """True when the requirement names a folder or file on this machine, which CI elsewhere cannot install."""
    return "file:" in requirement


# --- The questions ------------------------------------------------------------------------------


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
    translated = _builtin_texts(language).gettext(label)
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
    Question("date", "YYYY-MM-DD", "the day the first version takes effect: its file's name (default: today)", None, lambda v, a: check_date(v), default=lambda a: as_of_date().isoformat()),
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

Ask = Callable[[str, str | None], str | None]
"""Asks a question with its default; the answer as typed, or None when the input has ended."""


class InputEnded(Exception):
    """The answers read from the input ended before every question was asked."""


def collect(given: Mapping[str, str | None], ask: Ask | None, tell: Callable[[str], None]) -> dict[str, Any]:
    """Every answer: from its flag, else asked (``ask``; None for --yes), else its default. Raises :class:`AnswerError`.

    A flag's value that does not pass is an error; a typed answer that does not pass is asked again. Once the
    input ends, the rest is taken as with --yes. A fact of the notice that no one gave is :data:`UNWRITTEN`;
    one that may not be left so, a missing answer. Every problem is reported at once, one a line, and an
    answer that depends on a missing one is not asked for.
    """
    answers: dict[str, Any] = {}
    problems: list[str] = []
    ended: str | None = None
    for question in QUESTIONS:
        try:
            value = given.get(question.key)
            if not question.applies(answers):
                answers[question.key] = None
                if value is not None:
                    raise AnswerError(f"{question.flag} does not apply to these answers: {question.help}")
                continue
            if value is None and ask is not None and question.prompt is not None and ended is None:
                try:
                    answers[question.key] = _ask_until_valid(question, question.default(answers), answers, ask, tell)
                except InputEnded:
                    ended = question.prompt
                    ask = None
                else:
                    continue
            answers[question.key] = _given(question, value, answers)
        except AnswerError as exc:
            problems.append(str(exc))
        except KeyError:
            if not problems:
                raise  # no earlier answer is missing: a question that reads one it should not
    if problems:
        if ended is not None:
            problems.insert(0, f"no answer to '{ended}' (the input ended); give the answers below as flags")
        raise AnswerError("\n".join(problems))
    return answers


def _given(question: Question, value: str | None, answers: Mapping[str, Any]) -> Any:
    """The answer from its flag, else its default, else :data:`UNWRITTEN` for a fact that may wait."""
    if value is not None:
        try:
            return question.check(_one_line(value), answers)
        except (AnswerError, ValueError) as exc:
            raise AnswerError(f"{question.flag}: {exc}") from None
    default = question.default(answers)
    if default is not None:
        try:
            return question.check(default, answers)
        except (AnswerError, ValueError) as exc:
            raise AnswerError(f"{question.flag}: {exc}; give it") from None
    if question.later:
        return UNWRITTEN
    raise AnswerError(f"{question.flag} is needed: {question.help}")


def _one_line(value: str) -> str:
    """An answer is one line, as a terminal gives it: a line break in a flag would start a new line of YAML.

    >>> _one_line("Acme\\nkind: cookies")
    Traceback (most recent call last):
    ...
    privacy_notices.authoring.scaffold.AnswerError: expected one line, found a line break
    """
    if "\n" in value or "\r" in value:
        raise AnswerError("expected one line, found a line break")
    return value


def _ask_until_valid(question: Question, default: str | None, answers: Mapping[str, Any], ask: Ask, tell: Callable[[str], None]) -> Any:
    assert question.prompt is not None
    prompt = f"{question.prompt} (Enter: write it later)" if question.later else question.prompt
    while True:
        typed = ask(prompt, default)
        if typed is None:
            raise InputEnded()
        value = typed.strip() or default
        if value is None:
            if question.later:
                return UNWRITTEN
            tell("  an answer is needed")
            continue
        try:
            return question.check(value, answers)
        except (AnswerError, ValueError) as exc:
            tell(f"  {exc}")


# --- The files ------------------------------------------------------------------------------


def _yaml_scalar(value: Any) -> str:
    """A value as YAML writes it inline: quoted only where YAML would read it as something else.

    >>> _yaml_scalar("NO"), _yaml_scalar("Acme: Oy"), _yaml_scalar(["en", "fi"])
    ("'NO'", "'Acme: Oy'", '[en, fi]')
    """
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=1_000_000)
    return text.removesuffix("\n").removesuffix("\n...").strip()


def _placeholder(value: Any, text: str) -> Any:
    """The answer, or for one nobody gave, the placeholder that stands in for it: ``text`` marked ``REPLACE:``."""
    return f"{PLACEHOLDER_MARKER} {text}" if value is UNWRITTEN else value


@functools.cache
def _builtin_texts(language: str) -> NullTranslations:
    """The generator's built-in texts in ``language`` (none but English's for a language it has no catalog of)."""
    # The scaffold's folder has no catalogs of its own: the built-in texts alone, as a new site has them.
    return Catalogs(SCAFFOLD_DIR, [language], language, ErrorLog()).ui(language)


@functools.cache
def _environment(language: str) -> jinja2.Environment:
    """The templates' environment, whose ``_()`` gives the built-in texts in the company's language."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SCAFFOLD_DIR),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(_builtin_texts(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["yaml"] = _yaml_scalar
    env.filters["placeholder"] = _placeholder
    return env


def _target(relative: Path, context: Mapping[str, Any]) -> str:
    """Where a file of the scaffold's tree goes in the new site: ``dot-`` is a dot, ``__key__`` an answer, ``.j2`` dropped."""
    parts = []
    for part in relative.parts:
        part = re.sub(r"__([a-z_]+)__", lambda m: str(context[m.group(1)]), part)
        parts.append("." + part[4:] if part.startswith("dot-") else part)
    return "/".join(parts).removesuffix(".j2")


def generator_source(requirement: str) -> str:
    """What a requirements.txt line installs, for the new site's README to say: a release, a range of releases, a
    commit, a file or folder on this machine, or another address.

    >>> [generator_source(r) for r in ("privacy-notice-site==0.1.0", "privacy-notice-site>=0.1", "privacy-notice-site @ git+https://h/r.git@0a1b")]
    ['release', 'releases', 'commit']
    >>> [generator_source(r) for r in ("privacy-notice-site @ file:///src/notices", "privacy-notice-site @ https://h/notices.tar.gz")]
    ['local', 'url']
    """
    if is_local(requirement):
        return "local"
    _, at, url = requirement.partition(" @ ")
    if at:
        return "commit" if re.fullmatch(r"(?:git|hg|svn|bzr)\+\S+@[\w.-]+(?:#\S*)?", url.strip()) else "url"
    specifiers = list(Requirement(requirement).specifier)
    exact = len(specifiers) == 1 and specifiers[0].operator in ("==", "===") and "*" not in specifiers[0].version
    return "release" if exact else "releases"


def render(answers: Mapping[str, Any], schemas: Mapping[str, str]) -> dict[str, str]:
    """Every file of the new site: its path in the site → its text."""
    title, translated = kind_label(answers["kind"], answers["language"])
    controller_title, _ = kind_label("controller", answers["language"])
    activity = answers.get("activity")
    context = {
        **answers,
        "activity_id": (slug_of(activity) if isinstance(activity, str) else None) or ("service" if answers["kind"] == "processor" else "situation"),
        "title_untranslated": answers["title"] == title and not translated,
        "controller_title": controller_title,
        "language_called": vocab.language_called(answers["language"], "en"),
        "generator_is_local": is_local(answers["generator"]),
        "generator_source": generator_source(answers["generator"]),
        "unwritten": [key for key, value in answers.items() if value is UNWRITTEN],
    }
    env = _environment(answers["language"])
    files: dict[str, str] = {}
    for path in sorted((SCAFFOLD_DIR / TREE).rglob("*")):
        if path.is_file():
            name = path.relative_to(SCAFFOLD_DIR).as_posix()
            text = env.get_template(name).render(context) if path.suffix == ".j2" else path.read_text("utf-8")
            files[_target(path.relative_to(SCAFFOLD_DIR / TREE), context)] = text
    files[notice_path(answers)] = env.get_template(f"{FIRST_NOTICES}/{answers['kind']}.yml.j2").render(context)
    for name, text in schemas.items():
        files[f"schema/{name}"] = text
    return files


def notice_path(answers: Mapping[str, Any]) -> str:
    """The first version's file in the new site."""
    return f"data/entities/{answers['entity']}/notices/{answers['notice']}/{answers['date'].isoformat()}.yml"


def check_folder(folder: Path) -> None:
    """A new site goes into a new folder, or an empty one: nothing of anyone's is overwritten."""
    if folder.exists() and not folder.is_dir():
        raise AnswerError(f"{folder} exists and is not a folder; give a new folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise AnswerError(f"{folder} exists and is not empty; give a new folder, or an empty one")


def write(folder: Path, files: Mapping[str, str]) -> None:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8", newline="\n")
        if name in EXECUTABLE:
            path.chmod(0o755)


@dataclass(frozen=True)
class Problems:
    """What a publishing build would refuse in a new site."""

    refused: list[str]
    """Anything but a placeholder: no new site starts with it."""
    placeholders: list[str]
    """The placeholders of what no answer gave, as `notices check` reports them (rule PN174)."""


def problems(files: Mapping[str, str], day: datetime.date) -> Problems:
    """What a publishing build would refuse in the new site, found in a copy of it before it is written."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write(root, files)
        checked = load_and_check(root / "data", day, root / "docs")
        refused = [e.format(root) for e in (*checked.errors.sorted(), *checked.blockers.sorted()) if not e.message.startswith(f"{PLACEHOLDER_RULE}: ")]
        placeholders = [f.format(root) for f in checked.findings if f.rule == PLACEHOLDER_RULE]
        return Problems(refused, placeholders)
