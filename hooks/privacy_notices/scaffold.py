"""``notices new-site``: a project of one's own that builds at once, from a few answers.

Every file a new site gets is a file in ``scaffold/``: ``site/`` is the
project's tree (``dot-`` stands for a leading dot, ``__entity__`` for an
answer, and a ``.j2`` file is a Jinja template), ``notices/`` holds the first
notice of each kind. Each answer is checked by the model field it ends up in,
with the loader's messages, and the files made from the answers are loaded
and checked as a publishing build would before any is written: a new site
never starts with an error. The data say only what the answers say; what the
company must still write stands as a visible ``REPLACE:`` placeholder.
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
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import jinja2
import yaml
from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from pydantic import BaseModel, TypeAdapter, ValidationError

from . import __version__, vocab
from .asof import as_of_date
from .checks import load_and_check
from .errors import ErrorLog
from .i18n import Catalogs
from .loader import RESERVED_NAMES, version_date
from .model import NOTICE_KINDS, Address, AuthoritySpec, Contact, Entity, ExternalNotice, NoticeBase, Party, Site, Slug
from .textcheck import check_characters, excerpt
from .validation import explain

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
    privacy_notices.scaffold.AnswerError: expected an email address such as privacy@example.com, found text 'privacy'
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
    privacy_notices.scaffold.AnswerError: the folder name 'fi' is a language code, and /fi/ holds the pages in that language; choose another
    """
    name = check_slug(value)
    if name in vocab.interface_languages():
        raise AnswerError(f"the folder name '{name}' is a language code, and /{name}/ holds the pages in that language; choose another")
    if name in RESERVED_NAMES:
        raise AnswerError(f"the folder name '{name}' is an address the site itself uses (/{name}/); choose another")
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


def check_base_url(value: str) -> str | None:
    value = value.strip()
    return by_field(Site, "base_url")(value) if value else None


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


def default_entity(answers: Mapping[str, Any]) -> str | None:
    """The legal name as a folder name: ``Kestrel Oy`` → ``kestrel-oy``.

    >>> default_entity({"legal_name": "Bäckström & Söner AB"})
    'backstrom-soner-ab'
    """
    ascii_name = unicodedata.normalize("NFKD", answers["legal_name"]).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or None


@functools.cache
def kind_label(kind: str, language: str) -> tuple[str, bool]:
    """The built-in name of a kind of notice in ``language``, and whether the generator has it in that language.

    >>> kind_label("controller", "fi"), kind_label("cookies", "de")
    (('Tietosuojaseloste', True), ('Cookie policy', False))
    """
    label = str(vocab.vocabulary("notice_kinds")[kind]["label"])
    if language == "en":
        return label, True
    # The scaffold's folder has no catalogs of its own: the built-in texts alone, as a new site has them.
    translated = Catalogs(SCAFFOLD_DIR, [language], language, ErrorLog()).ui(language).gettext(label)
    return translated, translated != label


def outside_eea(answers: Mapping[str, Any]) -> bool:
    return answers["country"] not in vocab.eea_countries()


def no_builtin_authority(answers: Mapping[str, Any]) -> bool:
    return vocab.authority(answers["country"]) is None


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

    @property
    def flag(self) -> str:
        return "--" + self.key.replace("_", "-")


QUESTIONS = (
    Question("legal_name", "NAME", "the company's registered name, e.g. 'Kestrel Oy'", "Registered name of the company", lambda v, a: by_field(Entity, "name")(v.strip())),
    Question(
        "entity", "ENTITY", "its folder name, in web addresses: lower-case letters, digits, hyphens (default: from the name)",
        "Folder name of the company, used in web addresses", lambda v, a: check_entity(v.strip()), default=default_entity,
    ),
    Question("country", "CC", "the country of its registered address, an ISO 3166 code such as FI", "Country of its registered address (an ISO code such as FI)", lambda v, a: check_country(v)),
    Question("city", "CITY", "the city of its registered address", "City of its registered address", lambda v, a: by_field(Address, "city")(v.strip())),
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
        "Address (https) of the company's own privacy notice as a controller", lambda v, a: check_controller_notice(v), applies=lambda a: a["kind"] == "processor",
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


def collect(given: Mapping[str, str | None], ask: Ask | None, tell: Callable[[str], None]) -> dict[str, Any]:
    """Every answer: from its flag, else asked (``ask``; None for --yes), else its default. Raises :class:`AnswerError`.

    A flag's value that does not pass is an error; a typed answer that does not pass is asked again.
    """
    answers: dict[str, Any] = {}
    for question in QUESTIONS:
        if not question.applies(answers):
            answers[question.key] = None
            continue
        value = given.get(question.key)
        if value is not None:
            try:
                answers[question.key] = question.check(_one_line(value), answers)
            except (AnswerError, ValueError) as exc:
                raise AnswerError(f"{question.flag}: {exc}") from None
            continue
        default = question.default(answers)
        if ask is None or question.prompt is None:
            if default is None:
                raise AnswerError(f"{question.flag} is needed: {question.help}")
            try:
                answers[question.key] = question.check(default, answers)
            except (AnswerError, ValueError) as exc:
                raise AnswerError(f"{question.flag}: {exc}; give it") from None
            continue
        answers[question.key] = _ask_until_valid(question, default, answers, ask, tell)
    return answers


def _one_line(value: str) -> str:
    """An answer is one line, as a terminal gives it: a line break in a flag would start a new line of YAML.

    >>> _one_line("Acme\\nkind: cookies")
    Traceback (most recent call last):
    ...
    privacy_notices.scaffold.AnswerError: expected one line, found a line break
    """
    if "\n" in value or "\r" in value:
        raise AnswerError("expected one line, found a line break")
    return value


def _ask_until_valid(question: Question, default: str | None, answers: Mapping[str, Any], ask: Ask, tell: Callable[[str], None]) -> Any:
    assert question.prompt is not None
    while True:
        typed = ask(question.prompt, default)
        if typed is None:
            raise AnswerError(f"no answer to '{question.prompt}' (the input ended); give it as {question.flag}, or use --yes for the defaults")
        value = typed.strip() or default
        if value is None:
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


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(SCAFFOLD_DIR), undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True, autoescape=False
    )
    env.filters["yaml"] = _yaml_scalar
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
    context = {
        **answers,
        "title_is_placeholder": answers["title"] == title and not translated,
        "controller_title": controller_title,
        "language_called": vocab.language_called(answers["language"], "en"),
        "generator_is_local": is_local(answers["generator"]),
    }
    env = _environment()
    files: dict[str, str] = {}
    for path in sorted((SCAFFOLD_DIR / TREE).rglob("*")):
        if path.is_file():
            name = path.relative_to(SCAFFOLD_DIR).as_posix()
            text = env.get_template(name).render(context) if path.suffix == ".j2" else path.read_text("utf-8")
            files[_target(path.relative_to(SCAFFOLD_DIR / TREE), context)] = text
    notice = f"data/entities/{answers['entity']}/notices/{answers['notice']}/{answers['date'].isoformat()}.yml"
    files[notice] = env.get_template(f"{FIRST_NOTICES}/{answers['kind']}.yml.j2").render(context)
    for name, text in schemas.items():
        files[f"schema/{name}"] = text
    return files


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


def problems(files: Mapping[str, str], day: datetime.date) -> list[str]:
    """What a publishing build would refuse in the new site, found in a copy of it before it is written."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write(root, files)
        checked = load_and_check(root / "data", day, root / "docs")
        return [error.format(root) for error in (*checked.errors.sorted(), *checked.blockers.sorted())]
