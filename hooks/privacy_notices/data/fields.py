"""The value types of the data format: texts, names, addresses, codes and durations.

Every model of a data file is made of these: each says what a value may be,
with the message a wrong one gets and its JSON Schema, and marks the texts
translators are given (:class:`Translatable`). They live apart from the
models so that each kind of model can be read without them in the way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema

from privacy_notices.data import textcheck, vocab
from privacy_notices.data.inforce import check_zone


def _enum(name: str) -> Any:
    """A Literal type of a vocabulary's keys, so the schema lists them."""
    return Literal[vocab.keys(name)]


def _check_language(code: str) -> str:
    """A language the site can be published in: one with Material's interface and CLDR data."""
    available = vocab.interface_languages()
    if code in available:
        return code
    written = next((a for a in available if a.lower() == code.replace("_", "-").lower()), None)
    if written:
        raise ValueError(f"language codes are written as Material for MkDocs writes them: '{written}', found '{textcheck.excerpt(code)}'")
    raise ValueError(
        f"no interface translation for language '{textcheck.excerpt(code)}'; the languages available are: {', '.join(available)}"
    )


class Translatable:
    """Marks a text type whose values are extracted for translators."""

    def __init__(self, markdown: bool) -> None:
        self.markdown = markdown


PLAIN = Translatable(markdown=False)
MARKDOWN = Translatable(markdown=True)

Text = Annotated[
    str,
    Field(min_length=1),
    AfterValidator(textcheck.check_plain),
    PLAIN,
    WithJsonSchema({"type": "string", "minLength": 1, "description": "Plain text (no HTML); translated."}),
]
"""Plain text: shown as written, never interpreted; translated through the catalogs."""

Markdown = Annotated[
    str,
    Field(min_length=1),
    AfterValidator(textcheck.check_markdown),
    MARKDOWN,
    WithJsonSchema({"type": "string", "minLength": 1, "description": "Markdown text: emphasis, lists, https/mailto links; no HTML or images; translated."}),
]
"""Markdown: paragraphs, emphasis, lists and links; no HTML or images; translated."""

CHANGES_PLACEHOLDER = ""
"""What `notices new-version` writes under ``changes``: not written yet. Drafting shows the version; rule PN173 keeps it from being published."""


PLACEHOLDER_MARKER = "REPLACE:"
"""What marks a text still to be written, in any field (`notices new-site` writes one for each fact of the first notice
that no answer gave): drafting shows it as it stands; rule PN174 keeps it from being published, and it is never
extracted for translation."""


def is_placeholder(text: str) -> bool:
    """Whether ``text`` holds the placeholder marker.

    >>> is_placeholder("REPLACE: mitä tietoja"), is_placeholder("Name and address")
    (True, False)
    """
    return PLACEHOLDER_MARKER in text


def _check_changes(text: str) -> str:
    return text if text == CHANGES_PLACEHOLDER else textcheck.check_markdown(text)


Changes = Annotated[
    str,
    AfterValidator(_check_changes),
    MARKDOWN,
    WithJsonSchema({"type": "string", "description": "Markdown text: emphasis, lists, https/mailto links; no HTML or images; translated. \"\" is the placeholder `notices new-version` writes: drafting accepts it, publishing refuses it."}),
]
"""``changes``: Markdown, or the empty placeholder of a version still being written."""

Name = Annotated[
    str,
    Field(min_length=1),
    AfterValidator(textcheck.check_plain),
    WithJsonSchema({"type": "string", "minLength": 1, "description": "A name, number or address line: shown as written in every language."}),
]
"""Proper names, numbers and address lines: the same in every language."""

Url = Annotated[
    str,
    AfterValidator(textcheck.check_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]
Email = Annotated[str, Field(pattern=r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
NoticeRef = Annotated[str, Field(pattern=r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?[a-z0-9]+(?:-[a-z0-9]+)*$")]
Country = Annotated[
    str,
    AfterValidator(textcheck.check_country),
    WithJsonSchema({"type": "string", "enum": sorted(textcheck.country_codes())}),
]


def _outside_eea(code: str) -> str:
    if code in vocab.eea_countries():
        raise ValueError(f"'{code}' is in the EU/EEA; list only transfers to countries outside it")
    return code


OutsideCountry = Annotated[
    str,
    AfterValidator(textcheck.check_country),
    AfterValidator(_outside_eea),
    WithJsonSchema({"type": "string", "enum": sorted(textcheck.country_codes() - vocab.eea_countries())}),
]
"""A country outside the EU/EEA: where a transfer goes."""

Language = Annotated[str, AfterValidator(_check_language), WithJsonSchema({"type": "string", "enum": list(vocab.interface_languages())})]
TimeZone = Annotated[str, AfterValidator(check_zone), WithJsonSchema({"type": "string", "pattern": r"^[A-Za-z0-9_+-]+(/[A-Za-z0-9_+-]+)*$", "examples": ["Europe/Helsinki", "UTC"]})]
"""An IANA time zone: where a version's day begins and ends."""
Duration = Annotated[
    str,
    AfterValidator(textcheck.check_duration),
    WithJsonSchema({"type": "string", "pattern": r"^P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?)?$"}),
]
CookieDuration = Annotated[
    str,
    AfterValidator(lambda v: v if v in ("session", "provider") else textcheck.check_duration(v)),
    WithJsonSchema({"type": "string", "pattern": r"^(session|provider|P(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(\d+H)?(\d+M)?)?)$"}),
]

if TYPE_CHECKING:
    # The keys come from the vocabulary files when the module is imported, so a type checker cannot list
    # them: to it, each of these is the string it is at run time.
    LegalBasisKey = str
    SpecialConditionKey = str
    MechanismKey = str
    CookieCategoryKey = str
    CookieTypeKey = str
    RequirementKey = str
    StatementKey = str
    RightKey = str
    RecipientRole = str
else:
    LegalBasisKey = _enum("legal_bases")
    SpecialConditionKey = _enum("special_conditions")
    MechanismKey = _enum("transfer_mechanisms")
    CookieCategoryKey = _enum("cookie_categories")
    CookieTypeKey = _enum("cookie_types")
    RequirementKey = _enum("requirements")
    StatementKey = _enum("statements")
    RightKey = _enum("rights")
    RecipientRole = _enum("recipient_roles")


Topic = Literal[
    "start",
    "intro",
    "controller",
    "services",
    "activities",
    "requirement",
    "recipients",
    "processors",
    "transfers",
    "statements",
    "retention",
    "security",
    "cookies",
    "rights",
    "authority",
    "children",
    "changes",
    "contact",
]
"""Where a free section is placed: at the start, or after one of the fixed topics."""

TOPICS: tuple[str, ...] = get_args(Topic)[1:]
"""The fixed topics of a notice, in page order; free sections are placed after one of them."""


class Strict(BaseModel):
    """Base: unknown keys are errors and values are not silently converted."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True)
