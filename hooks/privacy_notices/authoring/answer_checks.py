"""Each answer to ``notices new-site`` checked by the rules of the data field it ends up in, with the loader's messages.

A new site never starts with an error: an answer that the loader would
refuse in the data is refused here, in the same words, before any file is
written.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from privacy_notices.data import vocab
from privacy_notices.data.loader import RESERVED_NAMES, reserved, version_date
from privacy_notices.data.model import NOTICE_KINDS, Site
from privacy_notices.data.parties import Address, AuthoritySpec
from privacy_notices.data.processing import Cookie
from privacy_notices.data.layout import ExternalNotice
from privacy_notices.data.fields import Slug
from privacy_notices.data.textcheck import excerpt
from privacy_notices.data.validation import explain


class AnswerError(ValueError):
    """An answer, or the folder, cannot make a site; the message says why and what would."""


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
    # The field's type with its constraints, Annotated[...] when it has any: a type form made at run time.
    return TypeAdapter(model.model_fields[name].rebuild_annotation())


def by_field(model: type[BaseModel], name: str) -> Callable[[object], Any]:
    """A check of an answer (a text, or a list of them for a list field) that becomes ``name`` of ``model``.

    >>> from privacy_notices.data.model import Contact
    >>> by_field(Contact, "email")("privacy@example.com")
    'privacy@example.com'
    >>> by_field(Contact, "email")("privacy")
    Traceback (most recent call last):
    ...
    privacy_notices.authoring.answer_checks.AnswerError: expected an email address such as privacy@example.com, found text 'privacy'
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
    privacy_notices.authoring.answer_checks.AnswerError: the folder name 'fi' is a language code, and /fi/ holds the pages in that language; choose another
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


# A Literal of NOTICE_KINDS' keys, made at run time: to a type checker, a type form it cannot read.
_KIND: Any = Literal[tuple(NOTICE_KINDS)]
_kind: TypeAdapter[str] = TypeAdapter(_KIND)


def check_kind(value: str) -> str:
    return str(_valid(_kind.validate_python, value.strip()))


def check_controller_notice(value: str) -> str:
    """Where the company's own controller notice is published: linked from a processor notice, so https."""
    return _valid(ExternalNotice.model_validate, {"title": "-", "url": value.strip()}).url


def optional(check: Callable[[str], Any]) -> Callable[[str], Any]:
    """A check of an answer that may be left empty: empty is none, anything else must pass ``check``.

    >>> from privacy_notices.data.model import Entity
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

    >>> from privacy_notices.data.model import Activity
    >>> check_items(Activity, "data_categories")("name, email address,, the message")
    ['name', 'email address', 'the message']
    """
    return lambda value: list(by_field(model, name)([part.strip() for part in value.split(",") if part.strip()]))


def check_cookie_duration(value: str) -> str:
    """A cookie's lifetime: session, provider, or an ISO 8601 period.

    >>> check_cookie_duration("forever")
    Traceback (most recent call last):
    ...
    privacy_notices.authoring.answer_checks.AnswerError: expected session (until the browser closes), provider (as the provider sets it) or an ISO 8601 duration such as P6M (6 months), P2Y (2 years) or P30D (30 days), found 'forever'
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
