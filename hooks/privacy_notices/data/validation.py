"""Validate parsed YAML against the models and explain every problem in plain words.

pydantic reports errors as (location, type, input); this module finds the
line and column of each location in the YAML and rewrites the message for an
editor who knows the notice, not Python: what was expected, what was found,
and a "did you mean" for near-miss keys and values.
"""

from __future__ import annotations

import datetime
import difflib
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from privacy_notices.data.errors import ErrorLog, format_where
from privacy_notices.data.textcheck import excerpt
from privacy_notices.data.yamlsource import Loc, YamlDocument

M = TypeVar("M", bound=BaseModel)

_YAML_BOOLEAN_WORDS = {"yes", "no", "on", "off", "y", "n", "true", "false"}


def validate(doc: YamlDocument, model: type[M], log: ErrorLog, *, context: str = "") -> M | None:
    """Validate ``doc.data`` as ``model``; record each problem in ``log``.

    ``context`` names the file type for messages about the whole file, e.g.
    "a controller notice".
    """
    if doc.data is None:
        log.add(doc.path, 1, 1, "", f"the file is empty; expected {context or 'a mapping of keys and values'}")
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for loc, err in _one_per_place(doc.data, exc.errors(include_url=False)):
            _record(doc, model, loc, err, log, context)
        return None


_TYPE_MISMATCH = {"string_type", "bool_type", "int_type", "float_type", "list_type", "dict_type", "model_type", "model_attributes_type"}
"""Errors that say only that a value is not of one type: where a field allows several (text or true/false, a
notice's name or its title and address), the branches the value was never meant for say so too."""


def _in_data(data: Any, loc: tuple[Any, ...], kind: str) -> Loc:
    """``loc`` without the names pydantic gives the branches of a field of several types (``ExternalNotice``,
    ``function-after[…]``, ``bool``): what is left is where the value stands in the file (or, last, the field
    that is missing or not allowed there)."""
    here: Any = data
    found: list[str | int] = []
    for i, part in enumerate(loc):
        if part == "[key]" or not isinstance(part, (str, int)):
            continue
        if isinstance(here, dict) and part in here:
            here = here[part]
        elif isinstance(here, list) and isinstance(part, int) and 0 <= part < len(here):
            here = here[part]
        elif not (i == len(loc) - 1 and kind in ("missing", "extra_forbidden")):
            continue
        found.append(part)
    return tuple(found)


def _one_per_place(data: Any, errors: list[ErrorDetails]) -> list[tuple[Loc, ErrorDetails]]:
    """Each error with where it stands in the file. Where a value failed the branch of its own type (at its place
    or inside it), the other branches' complaints that it is not of theirs are left out; of type complaints
    alone, one is kept."""
    placed = [(_in_data(data, err["loc"], err["type"]), err) for err in errors]
    kept: list[tuple[Loc, ErrorDetails]] = []
    for loc, err in placed:
        if err["type"] in _TYPE_MISMATCH and (
            any(l[: len(loc)] == loc and e["type"] not in _TYPE_MISMATCH for l, e in placed) or any(l == loc for l, _ in kept)
        ):
            continue
        kept.append((loc, err))
    return kept


def _record(doc: YamlDocument, model: type[BaseModel], loc: Loc, err: ErrorDetails, log: ErrorLog, context: str) -> None:
    kind = err["type"]
    if kind == "missing":
        parent = loc[:-1]
        line, col = doc.mark(parent)
        needs = f" ({context} needs it)" if context and not parent else ""
        log.add(doc.path, line, col, format_where(parent), f"required field '{loc[-1]}' is missing{needs}")
        return
    if kind == "extra_forbidden":
        line, col = doc.mark(loc, key=True)
        known = sorted(_field_names(model, loc[:-1]))
        message = f"unknown field '{excerpt(str(loc[-1]))}'" + suggest(str(loc[-1]), known)
        if known:
            message += f"; the fields allowed here are: {', '.join(known)}"
        log.add(doc.path, line, col, format_where(loc[:-1]), message)
        return
    line, col = doc.mark(loc)
    log.add(doc.path, line, col, format_where(loc), explain(err))


def explain(err: ErrorDetails) -> str:
    """One pydantic error in plain words: what was expected, what was found."""
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    found = describe(value)
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", err["msg"]))
    if kind == "literal_error":
        options = [o.strip().strip("'") for o in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")]
        if isinstance(value, str):
            return f"unknown value '{excerpt(value)}'" + suggest(value, options) + f"; expected one of: {', '.join(options)}"
        return f"expected one of: {', '.join(options)}; found {found}"
    if kind == "string_type":
        hint = ""
        if isinstance(value, bool):
            hint = "; YAML reads unquoted yes/no/on/off/true/false as true or false, so put the text in quotes"
        elif isinstance(value, (int, float)):
            hint = "; put numbers that are text (phone numbers, IDs) in quotes"
        elif isinstance(value, datetime.date):
            hint = "; put the date in quotes if it is meant as text"
        return f"expected text, found {found}{hint}"
    if kind == "string_too_short":
        need = ctx.get("min_length", 1)
        return "must not be empty" if need <= 1 else f"needs at least {need} characters (a sentence), found {found}"
    if kind == "string_pattern_mismatch":
        return _pattern_message(str(ctx.get("pattern", "")), value)
    if kind == "list_type":
        return f"expected a list (one '- ' item per line), found {found}"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return f"expected a mapping of keys and values, found {found}"
    if kind == "too_short":
        need = ctx.get("min_length", 1)
        return f"needs at least {need} item{'s' if need != 1 else ''}, found {ctx.get('actual_length', 0)}"
    if kind == "bool_type":
        return f"expected true or false, found {found}"
    if kind in ("date_type", "date_parsing", "date_from_datetime_inexact"):
        return f"expected a date written as YYYY-MM-DD, found {found}"
    if kind in ("int_type", "float_type"):
        return f"expected a number, found {found}"
    return f"{err['msg']}; found {found}"


def _pattern_message(pattern: str, value: Any) -> str:
    if "@" in pattern:
        return f"expected an email address such as privacy@example.com, found {describe(value)}"
    if pattern.startswith("^(?:[a-z0-9]+(?:-[a-z0-9]+)*/)?"):
        return f"expected a notice reference such as 'privacy' or 'other-entity/privacy', found {describe(value)}"
    return f"expected a short identifier of lower-case letters, digits and hyphens (e.g. job-applicants), found {describe(value)}"


def describe(value: Any) -> str:
    """How a YAML value looks to the person who wrote it.

    >>> describe("abc")
    "text 'abc'"
    >>> describe(["a"])
    'a list'
    >>> describe(None)
    'nothing (an empty value)'
    >>> describe(False)
    'false'
    """
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, datetime.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return f"text '{excerpt(value, 50)}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def suggest(word: str, options: list[str]) -> str:
    """A "did you mean" clause for a near miss, or nothing.

    >>> suggest("purpose", ["purposes", "title"])
    " (did you mean 'purposes'?)"
    >>> suggest("zzz", ["purposes"])
    ''
    """
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _field_names(model: type[BaseModel], loc: Loc) -> set[str]:
    """The field names allowed at ``loc`` inside ``model``: walks the annotations."""
    target: Any = model
    for part in loc:
        target = _step(target, part)
        if target is None:
            return set()
    models = [m for m in _models_in(target)]
    return {name for m in models for name in m.model_fields}


def _step(annotation: Any, part: str | int) -> Any:
    for candidate in _unwrap(annotation):
        if isinstance(part, str) and isinstance(candidate, type) and issubclass(candidate, BaseModel):
            field = candidate.model_fields.get(part)
            if field is not None:
                return field.annotation
        if isinstance(part, int) and typing.get_origin(candidate) is list:
            return typing.get_args(candidate)[0]
    return None


def _unwrap(annotation: Any) -> list[Any]:
    """Flatten Optional/Union/Annotated into the types they allow."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    return [annotation]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    return [t for t in _unwrap(annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
