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

This module is the command's course: the answers collected (the questions
are :mod:`.new_site_questions`, each checked by :mod:`.answer_checks`), the
files made from them, checked, and written.
"""

from __future__ import annotations

import datetime
import functools
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import jinja2
import yaml

from privacy_notices.authoring.answer_checks import AnswerError
from privacy_notices.authoring.generator_requirement import generator_source, is_local
from privacy_notices.authoring.new_site_questions import QUESTIONS, SCAFFOLD_DIR, UNWRITTEN, Question, builtin_texts, kind_label, slug_of
from privacy_notices.checks.pipeline import load_and_check
from privacy_notices.checks.rules_changes import PLACEHOLDER_RULE
from privacy_notices.data import vocab
from privacy_notices.data.fields import PLACEHOLDER_MARKER

TREE = "site"
"""The folder of ``scaffold/`` that holds the new project's tree."""
FIRST_NOTICES = "notices"
"""The folder of ``scaffold/`` that holds the first notice of each kind, ``<kind>.yml.j2``."""

EXECUTABLE = frozenset({".ci/run"})


# --- The answers ------------------------------------------------------------------------------


Ask = Callable[[str, str | None], str | None]
"""Asks a question with its default; the answer as typed, or None when the input has ended."""


class InputEnded(Exception):
    """The answers read from the input ended before every question was asked."""


def collect(given: Mapping[str, str | None], ask: Ask | None, tell: Callable[[str], None], today: datetime.date | None = None) -> dict[str, Any]:
    """Every answer: from its flag, else asked (``ask``; None for --yes), else its default. Raises :class:`AnswerError`.

    ``today`` is the day the settings describe (NOTICES_AS_OF), the first version's default date.

    A flag's value that does not pass is an error; a typed answer that does not pass is asked again. Once the
    input ends, the rest is taken as with --yes. A fact of the notice that no one gave is :data:`UNWRITTEN`;
    one that may not be left so, a missing answer. Every problem is reported at once, one a line, and an
    answer that depends on a missing one is not asked for.
    """
    answers: dict[str, Any] = {}
    problems: list[str] = []
    ended: str | None = None
    for question in QUESTIONS:
        if question.key == "date" and today is not None:
            day = today.isoformat()
            question = replace(question, default=lambda a: day)
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
    privacy_notices.authoring.answer_checks.AnswerError: expected one line, found a line break
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
    env.install_gettext_translations(builtin_texts(language), newstyle=True)  # type: ignore[attr-defined]  # added to the environment by the jinja2.ext.i18n extension
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
