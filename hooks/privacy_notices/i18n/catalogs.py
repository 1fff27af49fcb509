"""Translations: what translators see, and what the build reads back.

Data text is translated through gettext catalogs, one per entity and language
(``data/locales/<lang>/<entity>.po``) plus ``site.po`` for site-wide text and
overrides of the built-in vocabulary. The msgid is the source text, so text
shared between versions is translated once, and a changed text is a new
msgid. Babel reads and writes the catalogs and merges new source text into
them; this module adds what Babel leaves out: deciding from the data's
structure, never from resemblance, which new text is a changed one (and so
keeps its old translation, fuzzy), carrying the previous source (``#| msgid``)
of fuzzy entries through repeated updates, and keeping obsolete translations
when their source text comes back.
"""

from __future__ import annotations

import datetime
import functools
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from gettext import NullTranslations
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileParser, normalize, read_po, unescape, write_po

from privacy_notices.data import textcheck, vocab
from privacy_notices.data.asof import statuses
from privacy_notices.data.errors import ErrorLog
from privacy_notices.data.project import NoticeVersion, Project
from privacy_notices.data import paths
from privacy_notices.data.model import VERSION_OWN_FIELDS
from privacy_notices.data.walk import item_key, text_fields
from privacy_notices.data.reuse import Reuse
from privacy_notices.data.validation import suggest

SITE_DOMAIN = "site"
"""The catalog for site.yml and for overrides of built-in vocabulary."""

State = Literal["translated", "fuzzy", "missing"]


@dataclass
class SourceString:
    """One translatable text, with every place it is used."""

    msgid: str
    markdown: bool
    locations: list[tuple[str, int]] = field(default_factory=list)
    """(file relative to the data folder, line) of each use."""
    comments: list[str] = field(default_factory=list)
    """Where it is used, for the translator: "acme/privacy 2024-01-01: activities[newsletter].title"."""
    replaced: list[str] = field(default_factory=list)
    """What the same field said in the notice's previous version, where that text is gone from this version."""


def version_strings(version: NoticeVersion) -> list[tuple[str, bool]]:
    """The distinct translatable texts of one version."""
    seen: dict[str, bool] = {}
    for _, text, markdown in version.texts():
        seen.setdefault(text, markdown)
    return list(seen.items())


_LABEL_KEY = re.compile(r"[^\s\[\]\x00-\x1f\x7f-\x9f]{1,60}")
"""A name that can stand for a list item's position in a label: printable, no white space or brackets, short."""


def field_label(model: Any, loc: tuple[str | int, ...]) -> str:
    """Where a text sits in its file, for translators and for telling a changed text from a new one.

    A list item is named by its id (``activities[newsletter].title``), so that
    an item inserted before others leaves their labels as they were; by its
    position only when it has no name, shares it with another item, or its
    name is not one short word (a comment line wraps at a space).

    >>> from privacy_notices.data.model import CookieNotice
    >>> notice = CookieNotice(kind="cookies", title="Cookies", cookies=[
    ...     {"name": "_ga", "provider": "Google", "party": "third", "category": "statistics", "purpose": "Counting visits"}])
    >>> field_label(notice, ("cookies", 0, "purpose")), field_label(notice, ("title",))
    ('cookies[_ga].purpose', 'title')
    """
    label = ""
    for part in loc:
        if isinstance(part, int):
            keys = [key if (key := item_key(item)) and _LABEL_KEY.fullmatch(key) else None for item in model]
            key = keys[part]
            label += f"[{key}]" if key is not None and keys.count(key) == 1 else f"[{part}]"
            model = model[part]
        else:
            label += f".{part}" if label else part
            model = getattr(model, part)
    return label


_USE_START = re.compile(r" (?=(?:site\.yml|\S+ entity\.yml|\S+/\S+ \d{4}-\d{2}-\d{2}): )")
"""Where one use begins in a catalog's ``#.`` lines: "site.yml: ", "acme entity.yml: " or "acme/privacy 2024-01-01: "."""


def comment_uses(auto_comments: list[str]) -> set[str]:
    """The uses ("acme/privacy 2024-01-01: title") an entry's ``#.`` lines name; Babel wraps a long one over two lines.

    >>> sorted(comment_uses(["acme/privacy 2024-01-01:", "activities[newsletter].legal_bases[consent].details", "acme entity.yml: description"]))
    ['acme entity.yml: description', 'acme/privacy 2024-01-01: activities[newsletter].legal_bases[consent].details']
    """
    return {use for use in _USE_START.split(" ".join(auto_comments)) if use}


def extract(project: Project) -> dict[str, dict[str, SourceString]]:
    """Every translatable string of the site, grouped by catalog (``site`` or an entity id)."""
    domains: dict[str, dict[str, SourceString]] = {SITE_DOMAIN: {}}

    def add(domain: str, path: Path, model: Any, doc_marks: Any, loc: tuple[str | int, ...], text: str, markdown: bool, where: str) -> str:
        """Record one use of ``text``; returns its field's label."""
        entry = domains.setdefault(domain, {}).setdefault(text, SourceString(text, markdown))
        entry.markdown = entry.markdown or markdown
        line = doc_marks(loc)[0] if doc_marks else 1
        location = (path.relative_to(project.root).as_posix(), line)
        if location not in entry.locations:
            entry.locations.append(location)
        label = field_label(model, loc)
        comment = f"{where}: {label}"
        if comment not in entry.comments:
            entry.comments.append(comment)
        return label

    site_marks = project.site_doc.mark if project.site_doc else None
    for loc, text, markdown in text_fields(project.site):
        add(SITE_DOMAIN, project.root / "site.yml", project.site, site_marks, loc, text, markdown, "site.yml")
    for record in project.entities.values():
        strings = domains.setdefault(record.id, {})
        for loc, text, markdown in text_fields(record.data):
            add(record.id, record.path, record.data, record.doc.mark if record.doc else None, loc, text, markdown, f"{record.id} entity.yml")
        for series in record.notices.values():
            earlier: dict[str, str] = {}
            for version in series.versions:
                where = f"{record.id}/{series.id} {version.effective.isoformat()}"
                fields: dict[str, str] = {}
                for loc, text, markdown in version.texts():
                    label = add(record.id, version.path, version.data, version.doc.mark, loc, text, markdown, where)
                    if loc[0] not in VERSION_OWN_FIELDS:
                        fields[label] = text
                _note_replaced(strings, earlier, fields, {text for _, text, _ in version.texts()})
                earlier = fields
    return domains


def _note_replaced(strings: dict[str, SourceString], earlier: dict[str, str], fields: dict[str, str], texts: set[str]) -> None:
    """Each text of a version that took the place of the previous version's text in the same field.

    The previous text must be gone from the version: one that moved to
    another field, or a list of plain texts with an item inserted before it,
    did not change.
    """
    for label, text in fields.items():
        old = earlier.get(label)
        if old is not None and old != text and old not in texts and old not in strings[text].replaced:
            strings[text].replaced.append(old)


def catalog_path(root: Path, language: str, domain: str) -> Path:
    return root / "locales" / language / f"{domain}.po"


def catalog_root(path: Path) -> Path:
    """The data folder a catalog belongs to: every catalog is ``<data>/locales/<language>/<domain>.po``.

    >>> catalog_root(Path("data/locales/fi/acme.po")).as_posix()
    'data'
    """
    return path.parents[2]


@dataclass
class LoadedCatalog:
    """A catalog read from disk, with what Babel does not read back."""

    path: Path
    catalog: Catalog
    previous: dict[str, str]
    """msgid → previous source text of fuzzy entries (``#| msgid``)."""


def _po_strings(lines: list[str], start: int, keyword: str) -> tuple[str, int]:
    """Read a possibly multi-line PO string beginning at ``lines[start]``."""
    first = lines[start][len(keyword) :].strip()
    parts = [unescape(first)]
    i = start + 1
    while i < len(lines):
        stripped = lines[i].strip()
        prefix = "#| " if keyword.startswith("#|") else ""
        if prefix and stripped.startswith('#| "'):
            parts.append(unescape(stripped[3:]))
        elif not prefix and stripped.startswith('"'):
            parts.append(unescape(stripped))
        else:
            break
        i += 1
    return "".join(parts), i


def previous_ids(text: str) -> dict[str, str]:
    """msgid → ``#| msgid`` for every entry that records its previous source text.

    >>> previous_ids('#, fuzzy\\n#| msgid "Old text"\\nmsgid "New text"\\nmsgstr "Vanha"\\n')
    {'New text': 'Old text'}
    """
    lines = text.splitlines()
    found: dict[str, str] = {}
    pending: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#| msgid "):
            pending, i = _po_strings(lines, i, "#| msgid ")
            continue
        if line.startswith("msgid "):
            msgid, i = _po_strings(lines, i, "msgid ")
            if pending is not None:
                found[msgid] = pending
            pending = None
            continue
        if not line.startswith("#"):
            pending = None if not line.strip() else pending
        i += 1
    return found


MAX_CATALOG_BYTES = 4_000_000
"""Largest catalog read, in bytes: several times the largest real one (every version of every
notice of an entity in one language), small enough that a wrong file is refused at once."""

_PO_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"$')
"""One quoted PO string, closed, with its backslash escapes."""


class _CheckingParser(PoFileParser):
    """Babel's PO reader, noting (instead of printing or ignoring) what it would get wrong.

    Babel silently cuts the last letter of an unterminated string, keeps the
    first of two entries with the same msgid and drops a line without
    quotes; each is recorded here with its line, and the file is refused.
    """

    def __init__(self, catalog: Catalog) -> None:
        super().__init__(catalog, abort_invalid=False)
        self.problems: list[tuple[int, str]] = []
        self.first_line: dict[Any, int] = {}

    def _invalid_pofile(self, line: str, lineno: int, msg: str) -> None:
        self.problems.append((lineno + 1, f"{msg}: {textcheck.excerpt(line)}" if line else msg))

    def _check_string(self, lineno: int, text: str) -> None:
        if text and not _PO_STRING.match(text):
            self.problems.append((lineno + 1, f"expected a text in double quotes, closed on the same line; found {textcheck.excerpt(text)}"))

    def _process_keyword_line(self, lineno: int, line: str, obsolete: bool = False) -> None:
        keyword, _, arg = line.partition(" ")
        if keyword.startswith(("msgid", "msgstr", "msgctxt")):
            self._check_string(lineno, arg.strip())
        super()._process_keyword_line(lineno, line, obsolete)

    def _process_string_continuation_line(self, line: str, lineno: int) -> None:
        self._check_string(lineno, line.strip())
        super()._process_string_continuation_line(line, lineno)

    def _add_message(self) -> None:
        line = self.offset + 1
        if not self.obsolete:
            if len(self.messages) > 1:
                self.problems.append((line, "plural forms (msgid_plural, msgstr[N]) are not used for these texts; write one msgid and one msgstr"))
            if self.context is not None:
                self.problems.append((line, "msgctxt is not used for these texts; remove it"))
            msgid = self.messages[0].denormalize() if self.messages else ""
            if msgid and msgid in self.first_line:
                self.problems.append((line, f'the msgid "{_short(msgid)}" is given twice (first on line {self.first_line[msgid]}); keep one entry'))
            self.first_line.setdefault(msgid, line)
        super()._add_message()


def _charset_problem(text: str) -> tuple[int, str] | None:
    """Catalogs are UTF-8: a header naming another charset is refused, with its line."""
    for number, line in enumerate(text.split("\n"), 1):
        match = re.search(r"charset=([^\s\\\"]*)", line)
        if line.startswith('"Content-Type:') and match:
            charset = match.group(1)
            if charset.lower().replace("_", "-") not in ("utf-8", "utf8"):
                return number, f"the catalog declares charset={textcheck.excerpt(charset)}; catalogs are UTF-8: save the file as UTF-8 and write charset=UTF-8"
            return None
    return None


def read_catalog(raw: bytes, language: str) -> tuple[Catalog | None, list[tuple[int, str]]]:
    """Read PO bytes with Babel; the catalog is None when anything in it is wrong, with (line, problem) pairs."""
    if b"\x00" in raw:
        return None, [(1, "this is not a text file (it contains NUL bytes; a compiled .mo file?); catalogs are .po text files")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [(line, f"the catalog is not UTF-8 text (byte {exc.start} cannot be decoded); save it as UTF-8")]
    if text.startswith("\ufeff"):
        text = text[1:]
    charset = _charset_problem(text)
    if charset:
        return None, [charset]
    catalog = Catalog(locale=vocab.babel_locale(language))
    parser = _CheckingParser(catalog)
    try:
        parser.parse(text.split("\n"))  # not splitlines(): it also breaks at \v and \f, hiding them
    except (ValueError, LookupError) as exc:
        return None, [*parser.problems, (1, f"the catalog cannot be read: {textcheck.excerpt(str(exc))}")]
    if parser.problems:
        return None, parser.problems
    return catalog, []


def load_catalog(path: Path, language: str, log: ErrorLog) -> LoadedCatalog | None:
    """Read one PO file; a malformed one is reported in ``log``, every problem with its line.

    A catalog that is a link out of the data folder or to nothing, or that is
    not a regular file, is refused before it is opened: nothing of what it
    points to is read, so none of it can be quoted in a message.
    """
    if paths.refuse(path, catalog_root(path), log):
        return None
    try:
        size = path.stat().st_size
        if size > MAX_CATALOG_BYTES:
            log.add(path, 1, 1, "", f"the catalog is {size:,} bytes; catalogs may be at most {MAX_CATALOG_BYTES:,} bytes")
            return None
        raw = path.read_bytes()
    except OSError as exc:
        log.add(path, 1, 1, "", f"the catalog cannot be read: {exc.strerror}")
        return None
    catalog, problems = read_catalog(raw, language)
    for line, problem in problems:
        log.add(path, line, 1, "", problem)
    if catalog is None:
        return None
    for message in catalog:
        # read_po keeps "#| msgid" lines as translator comments; they are carried by ``previous`` instead.
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    return LoadedCatalog(path, catalog, previous_ids(raw.decode("utf-8", "replace")))


def _read_builtin(raw: bytes, language: str, log: ErrorLog) -> Catalog:
    """The package's own interface catalog for ``language`` (``log`` is unused: the package's catalogs are tested)."""
    return read_po(io.BytesIO(raw), locale=vocab.babel_locale(language))


def state_of(message: Message | None) -> State:
    if message is None or not message.string:
        return "missing"
    return "fuzzy" if message.fuzzy else "translated"


def builtin_catalog_path(language: str) -> Any:
    return resources.files(__package__).joinpath("locales").joinpath(f"{language}.po")


@dataclass
class Lookup:
    """A translation, or why there is none."""

    text: str | None
    state: State
    path: Path | None
    line: int


class Catalogs:
    """Every catalog of the site for the published languages, read once per build."""

    def __init__(self, root: Path, languages: list[str], source_language: str, log: ErrorLog, reuse: Reuse | None = None) -> None:
        self.root = root
        self.source_language = source_language
        self.loaded: dict[tuple[str, str], LoadedCatalog] = {}
        self.unreadable: set[tuple[str, str]] = set()
        """(language, domain) of catalogs that exist but have errors: their texts are not reported missing too."""
        self.refused_folders: set[str] = set()
        """Languages whose catalog folder is refused (a link out of the data folder): none of their texts is reported missing either."""
        self.builtin: dict[str, Catalog] = {}
        # Every language may hold catalogs: an entity written in Finnish has its English ones under locales/en/.
        for language in languages:
            builtin = builtin_catalog_path(language)
            if builtin.is_file():
                read = functools.partial(_read_builtin, builtin.read_bytes(), language)
                self.builtin[language] = read(log) if reuse is None else reuse.load(("builtin", language), [], log, read)
            folder = root / "locales" / language
            if paths.exists(folder) and paths.refuse(folder, root, log, folder=True):
                self.refused_folders.add(language)
                continue
            for path in sorted(folder.glob("*.po")) if folder.is_dir() else []:
                if paths.refuse(path, root, log):
                    self.unreadable.add((language, path.stem))
                    continue
                if reuse is None:
                    loaded = load_catalog(path, language, log)
                else:
                    loaded = reuse.load(("catalog", path, language), [path], log, functools.partial(load_catalog, path, language))
                if loaded is not None:
                    self.loaded[(language, path.stem)] = loaded
                else:
                    self.unreadable.add((language, path.stem))

    def lookup(self, language: str, domain: str, msgid: str) -> Lookup:
        """The translation of data text ``msgid`` from ``domain``'s catalog."""
        loaded = self.loaded.get((language, domain))
        path = loaded.path if loaded else catalog_path(self.root, language, domain)
        message = loaded.catalog.get(msgid) if loaded else None
        state = state_of(message)
        line = getattr(message, "lineno", None) or 1
        return Lookup(message.string if state == "translated" and message else None, state, path, line)

    def ui(self, language: str) -> NullTranslations:
        """Interface strings: the site's overrides, then the built-in catalog, then the English source."""
        site = self.loaded.get((language, SITE_DOMAIN))
        return _UiTranslations([site.catalog] if site else [], self.builtin.get(language))


class _UiTranslations(NullTranslations):
    """gettext over Babel catalogs: untranslated and fuzzy entries fall back to the msgid."""

    def __init__(self, overrides: list[Catalog], builtin: Catalog | None) -> None:
        super().__init__()
        self.chain = [*overrides, *([builtin] if builtin else [])]

    def gettext(self, message: str) -> str:
        for catalog in self.chain:
            entry = catalog.get(message)
            if entry is not None and entry.string and not entry.fuzzy:
                return str(entry.string)
        return message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular) if n == 1 else self.gettext(plural)


SCAFFOLD_NOTICES = Path(__file__).resolve().parent.parent / "authoring" / "scaffold" / "notices"
"""The first notices of `notices new-site`: their placeholders are written in the company's language where the
built-in catalogs have it."""


def builtin_messages(templates: Path) -> list[str]:
    """Every built-in string: the templates' ``_()`` calls (the pages' and the placeholders of `notices new-site`)
    and the vocabularies' texts, in a stable order."""
    from jinja2.ext import babel_extract

    found: dict[str, None] = {}
    for template in [*sorted(templates.glob("*.j2")), *sorted(SCAFFOLD_NOTICES.glob("*.j2"))]:
        with template.open("rb") as fh:
            for _, _, message, _ in babel_extract(fh, ("_", "gettext"), [], {"extensions": "jinja2.ext.i18n", "trim_blocks": "1", "lstrip_blocks": "1"}):
                if isinstance(message, tuple):  # a call with keyword arguments
                    message = message[0]
                if isinstance(message, str):
                    found.setdefault(message)
    for name in vocab.VOCABULARIES:
        for entry in vocab.vocabulary(name).values():
            for key in ("label", "title", "text", "name_en"):
                if key in entry:
                    found.setdefault(entry[key])
    for extra in PYTHON_MESSAGES:
        found.setdefault(extra)
    return list(found)


FALLBACK_PAGE_NOTE = "This page has not been translated yet and is shown in the original language."
"""The note on a hand-written page shown in the source language."""

DRAFTING_BANNER = {
    "errors_title": "The data has errors: this page shows the last version that loaded",
    "errors_text": "Fix them and save: the site reloads by itself.",
    "locked_title": "Changed after it was locked on %(date)s; needs a correction before publishing",
    "locked_text": "A published version does not change: undo the edit, or record it under %(field)s with today's date and run %(command)s.",
    "bar": "Drafting:",
    "blockers_one": "%(count)s problem would stop publishing",
    "blockers_many": "%(count)s problems would stop publishing",
    "no_blockers": "nothing stops publishing",
}
"""The words of a drafting build's banner (``partials/notices-drafting.html``), which adds the markup."""

PYTHON_MESSAGES = (
    "Until the browser is closed",
    "As set by the provider",
    "Home",
    FALLBACK_PAGE_NOTE,
    "Preview of unpublished changes",
    "This page is not published: it shows changes under review, which may still change.",
    "Pull request #%(number)s at commit %(commit)s.",
    "Pull request #%(number)s.",
    "Commit %(commit)s.",
    *DRAFTING_BANNER.values(),
)
"""Interface strings that Python code translates rather than a template."""


def with_previous(po_text: str, previous: dict[str, str]) -> str:
    """Insert ``#| msgid`` lines before the entries whose source text changed.

    Babel can write them itself, but lays out a multi-line previous msgid as
    one broken comment line; this writes it the way msgmerge does.

    >>> print(with_previous('#, fuzzy\\nmsgid "New"\\nmsgstr "Uusi"\\n', {"New": "Old"}))
    #, fuzzy
    #| msgid "Old"
    msgid "New"
    msgstr "Uusi"
    <BLANKLINE>
    """
    lines = po_text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if lines[i].startswith("msgid "):
            msgid, end = _po_strings(lines, i, "msgid ")
            if msgid in previous:
                laid_out = normalize(previous[msgid], width=76).split("\n")
                out.append("#| msgid " + laid_out[0])
                out += ["#| " + part for part in laid_out[1:]]
            out += lines[i:end]
            i = end
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def catalog_bytes(catalog: Catalog) -> bytes:
    """A catalog as the project writes it: Babel's layout, with ``#| msgid`` laid out as msgmerge does."""
    out = io.BytesIO()
    write_po(out, catalog, width=76, include_previous=False, ignore_obsolete=False, sort_output=False)
    previous = {str(m.id): str(m.previous_id[0]) for m in catalog if m.id and m.fuzzy and m.previous_id}
    return with_previous(out.getvalue().decode("utf-8"), previous).encode("utf-8")


def write_catalog(path: Path, catalog: Catalog) -> bool:
    """Write ``catalog`` if its text differs from the file; True when written. Never through a link out of the data folder
    (:func:`paths.write_bytes`); callers check the paths first, so that a refusal leaves every catalog as it was."""
    return paths.write_bytes(path, catalog_root(path), catalog_bytes(catalog))


def merge(existing: LoadedCatalog | None, language: str, domain: str, strings: list[SourceString], now: datetime.datetime) -> Catalog:
    """New source strings into a catalog: nothing translated is ever dropped, and nothing new is guessed.

    Unchanged translations stay; changed source text (see :func:`changed_texts`)
    keeps its old translation marked fuzzy, with the old source as ``#| msgid``;
    any other new text is untranslated. Strings no longer used become obsolete
    (``#~``), and come back translated if the source returns.
    """
    template = Catalog(locale=None, project=domain, fuzzy=False)
    for s in strings:
        template.add(s.msgid, locations=s.locations, auto_comments=s.comments)
    if existing is None:
        catalog = Catalog(
            locale=vocab.babel_locale(language),
            project=domain,
            fuzzy=False,
            creation_date=now,
            revision_date=now,
            header_comment=(
                f"# {language} translations of the texts of {domain}.\n"
                "# Translate the msgstr lines; `notices i18n update` adds new texts. See TRANSLATING.md."
            ),
        )
        previous: dict[str, str] = {}
        changed: dict[str, Message] = {}
    else:
        catalog = existing.catalog
        previous = existing.previous
        for message in template:
            if message.id and message.id not in catalog and message.id in catalog.obsolete:
                catalog[message.id] = catalog.obsolete.pop(message.id)
        _restore_reverted(catalog, previous, {m.id for m in template if m.id})
        changed = changed_texts(catalog, strings)
    template.creation_date = catalog.creation_date
    # Babel's own matching would give a new text the translation of whichever old text it resembles.
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    for msgid, old in changed.items():
        message = catalog[msgid]
        message.string = old.string
        message.flags.add("fuzzy")
        message.user_comments = list(old.user_comments)
        # A fuzzy old entry's translation is of its own previous text: that is what the translator compares.
        message.previous_id = [previous.get(str(old.id), str(old.id)) if old.fuzzy else str(old.id)]
    # Obsolete entries are kept for their translations; an untranslated one holds nothing to keep,
    # nor does a fuzzy copy of a translation kept exactly under its own text (an edit that was undone).
    catalog.obsolete = {key: message for key, message in catalog.obsolete.items() if message.string and not _fuzzy_copy(message, catalog, previous)}
    for message in catalog:
        if message.id and message.fuzzy and not message.previous_id and message.id in previous:
            message.previous_id = [previous[message.id]]
        if message.id and not message.fuzzy:
            message.previous_id = []
    return catalog


def changed_texts(catalog: Catalog, strings: list[SourceString]) -> dict[str, Message]:
    """New msgid → the old entry it changed from, for the new texts that are changed ones.

    A new text changed from an old one when the same field held the old one:
    in the same file at the last update (from the entries' ``#.`` lines), with
    the old text used nowhere now; or in the notice's previous version. A text
    with no such old text, or with more than one, is new: it gets no guess.
    """
    wanted = {s.msgid for s in strings}
    held: dict[str, set[str]] = {}
    for message in catalog:
        if message.id and message.id not in wanted:
            for use in comment_uses(message.auto_comments):
                held.setdefault(use, set()).add(str(message.id))
    changed: dict[str, Message] = {}
    for s in strings:
        if s.msgid in catalog:
            continue
        candidates = {old for use in s.comments for old in held.get(use, ())} | set(s.replaced)
        old = catalog.get(candidates.pop()) if len(candidates) == 1 else None
        if old is not None and old.string:
            changed[s.msgid] = old
    return changed


def _fuzzy_copy(message: Message, catalog: Catalog, previous: dict[str, str]) -> bool:
    """Whether a fuzzy entry holds its previous text's translation, which that text's own entry keeps, exact."""
    source = previous.get(str(message.id)) if message.fuzzy else None
    kept = (catalog.get(source) or catalog.obsolete.get(source)) if source else None
    return kept is not None and not kept.fuzzy and kept.string == message.string


def _restore_reverted(catalog: Catalog, previous: dict[str, str], wanted: set[str]) -> None:
    """A fuzzy entry whose source went back to its previous text is exact again: unfuzzy it."""
    for message in list(catalog):
        old = previous.get(str(message.id)) if message.id else None
        if old and message.fuzzy and old in wanted and message.id not in wanted and old not in catalog:
            catalog.delete(message.id)
            catalog.add(old, string=message.string, locations=message.locations, user_comments=message.user_comments)


def update(project: Project, languages: list[str], now: datetime.datetime, log: ErrorLog) -> list[Path]:
    """Extract every string and merge it into each language's catalogs. Returns the files written."""
    domains = extract(project)
    targets = [
        (language, domain, strings, catalog_path(project.root, language, domain))
        for language in languages
        for domain, strings in domains.items()
        if language in target_languages(project, domain)
    ]
    # Every catalog is checked before any is written: a link out of the data folder writes nothing anywhere.
    if [path for *_, path in targets if paths.refuse(path, project.root, log)]:
        return []
    written = []
    for language, domain, strings, path in targets:
        existing = load_catalog(path, language, log) if path.is_file() else None
        if path.is_file() and existing is None:
            continue
        items = list(strings.values())
        if domain == SITE_DOMAIN and existing is not None:
            items += _kept_overrides(existing, {s.msgid for s in items})
        catalog = merge(existing, language, domain, items, now)
        if write_catalog(path, catalog):
            written.append(path)
    return written


def _kept_overrides(existing: LoadedCatalog, extracted: set[str]) -> list[SourceString]:
    """Overrides of built-in vocabulary in site.po: not from the data, but never obsolete."""
    builtin = builtin_msgids()
    return [SourceString(m.id, False) for m in existing.catalog if m.id and m.id in builtin and m.id not in extracted]


def builtin_msgids() -> set[str]:
    """Every msgid of the catalogs shipped with the package."""
    ids: set[str] = set()
    for entry in resources.files(__package__).joinpath("locales").iterdir():
        if entry.name.endswith(".po"):
            ids |= {str(m.id) for m in read_po(io.BytesIO(entry.read_bytes())) if m.id}
    return ids


_PLACEHOLDER = re.compile(r"%\(([A-Za-z_][A-Za-z0-9_]*)\)s")


def check_format(msgid: str, translation: str) -> str | None:
    """Why an interface translation would fail or lose a value when the page fills it in, or None.

    Interface texts are filled in with ``text % {"date": …}``; the same
    operation is the test, so any placeholder or percent sign it rejects is
    reported here instead of failing the build.

    >>> check_format("In force from %(date)s.", "Voimassa %(date)s alkaen.") is None
    True
    >>> check_format("In force from %(date)s.", "Voimassa %(päivä)s alkaen.")
    'the translation must keep the placeholder %(date)s of the source text, and add none; found %(päivä)s'
    >>> check_format("Home", "100 % koti")
    "a lone '%' cannot be filled in; write %% for a percent sign"
    """
    wanted = set(_PLACEHOLDER.findall(msgid))
    try:
        translation % {name: "" for name in wanted}
    except KeyError:
        found = re.findall(r"%\(([^)]*)\)", translation)
        return f"the translation must keep the placeholder{'s' if len(wanted) != 1 else ''} {', '.join(f'%({n})s' for n in sorted(wanted)) or '(none)'} of the source text, and add none; found {', '.join(f'%({textcheck.excerpt(n)})s' for n in found)}"
    except (ValueError, TypeError):
        return "a lone '%' cannot be filled in; write %% for a percent sign"
    missing = wanted - set(_PLACEHOLDER.findall(translation))
    if missing:
        return f"the translation drops the placeholder {', '.join(f'%({n})s' for n in sorted(missing))}; keep every placeholder of the source text"
    return None


def translation_problems(msgid: str, translation: str, markdown: bool | None, current: bool) -> list[str]:
    """What is wrong with one translation: markup, control characters, links and structure that differ.

    ``markdown`` is None for an interface text (plain, with placeholders);
    ``current`` is False for a fuzzy entry, whose source changed since.
    """
    return list(_translation_problems(msgid, translation, markdown, current))


@functools.lru_cache(maxsize=65536)
def _translation_problems(msgid: str, translation: str, markdown: bool | None, current: bool) -> tuple[str, ...]:
    """:func:`translation_problems`, worked out once per text: the same pairs recur in every build and language."""
    return tuple(_find_translation_problems(msgid, translation, markdown, current))


def _find_translation_problems(msgid: str, translation: str, markdown: bool | None, current: bool) -> list[str]:
    problems: list[str] = []
    try:
        (textcheck.check_markdown if markdown else textcheck.check_plain)(translation)
    except ValueError as exc:
        return [f"in the translation, {exc}"]
    if markdown is None:
        problem = check_format(msgid, translation)
        return [problem] if problem else []
    if not markdown or not current:
        return problems
    src_links, _ = textcheck.link_targets(msgid)
    new_links, _ = textcheck.link_targets(translation)
    for href in sorted(set(src_links) - set(new_links)):
        problems.append(f"the translation drops or changes the link to '{textcheck.excerpt(href)}'; keep every link target of the source text")
    for href in sorted(set(new_links) - set(src_links)):
        problems.append(f"the translation adds a link to '{textcheck.excerpt(href)}' that the source text does not have")
    before, after = textcheck.structure(msgid), textcheck.structure(translation)
    if before != after:
        problems.append(
            f"the translation changes the Markdown structure ({_shape(before)} in the source text, {_shape(after)} here); "
            "keep the same lists, items, headings and quotes"
        )
    return problems


def _shape(tags: list[str]) -> str:
    """A structure as a reader would count it.

    >>> _shape(["ul", "li", "li"]), _shape([])
    ('1 ul, 2 li', 'no lists or headings')
    """
    if not tags:
        return "no lists or headings"
    counts: dict[str, int] = {}
    for tag in tags:
        counts[tag] = counts.get(tag, 0) + 1
    return ", ".join(f"{n} {tag}" for tag, n in counts.items())


def target_languages(project: Project, domain: str) -> list[str]:
    """The languages ``domain``'s texts are translated into: where it publishes, less its own language."""
    published = project.site.all_languages if domain == SITE_DOMAIN else project.languages_of(domain)
    own = project.language_of(domain)
    return [lang for lang in published if lang != own]


def catalog_misplaced(project: Project, language: str, domain: str) -> str | None:
    """Why the catalog of ``domain`` in ``language`` is never read, or None when it is used."""
    own = project.language_of(domain)
    what = "site.yml is" if domain == SITE_DOMAIN else f"the entity '{domain}' is"
    if language == own:
        return (
            f"{what} written in {language}, so its {language} text is the original and this catalog is never read; "
            f"catalogs translate from {language} into the other languages (see TRANSLATING.md)"
        )
    if language not in target_languages(project, domain):
        return (
            f"the entity '{domain}' does not publish in {language} (its languages: {', '.join(project.languages_of(domain))}), "
            f"so this catalog is never read; add {language} to 'languages' in its entity.yml, or remove the catalog"
        )
    return None


def check_translations(project: Project, catalogs: Catalogs, log: ErrorLog) -> None:
    """Translations are checked like data: no markup, same placeholders, links and Markdown structure."""
    domains = extract(project)
    builtin = builtin_msgids()
    for (language, domain), loaded in catalogs.loaded.items():
        if domain in project.skipped:
            continue  # its entity.yml has errors, reported already: the catalog is checked once it loads
        if domain not in domains:
            known = sorted(domains)
            log.add(
                loaded.path, 1, 1, "",
                f"no entity '{domain}' uses this catalog" + suggest(domain, known)
                + f"; delete the file, or rename it after the entity it belongs to (catalogs are named after an entity folder or 'site': {', '.join(known)})",
            )
            continue
        misplaced = catalog_misplaced(project, language, domain)
        if misplaced:
            log.add(loaded.path, 1, 1, "", misplaced)
            continue
        sources = domains[domain]
        for message in loaded.catalog:
            if not message.id or not message.string or not isinstance(message.string, str):
                continue
            msgid = str(message.id)
            source = sources.get(msgid)
            if source is not None:
                markdown: bool | None = source.markdown
            elif domain == SITE_DOMAIN and msgid in builtin:
                markdown = None
            else:
                markdown = True  # unused here: only what could never be shown safely is refused
            for problem in translation_problems(msgid, message.string, markdown, current=not message.fuzzy):
                log.add(loaded.path, message.lineno or 1, 1, f'msgid "{_short(msgid)}"', problem)


@dataclass
class StatusRow:
    """Coverage of one version in one language."""

    language: str
    entity: str
    notice: str
    version: str
    status: str
    source_language: str
    """The language the entity writes in: what this language is translated from."""
    translated: int
    fuzzy: int
    missing: int


def _versions(project: Project, languages: list[str], as_of: datetime.date) -> Iterator[tuple[str, str, str, NoticeVersion, str]]:
    """(language, entity, notice, version, status) for every version in each of ``languages`` it is translated into.

    A language the entity writes in (its original) or does not publish in has nothing to translate.
    """
    for language in languages:
        for record in project.entities.values():
            if language not in target_languages(project, record.id):
                continue
            for series in record.notices.values():
                infos = dict(zip((v.effective for v in series.versions), statuses([v.effective for v in series.versions], as_of)))
                for version in series.versions:
                    yield language, record.id, series.id, version, infos[version.effective]


def status(project: Project, catalogs: Catalogs, languages: list[str], as_of: datetime.date) -> list[StatusRow]:
    """Translated, fuzzy and missing strings per language, entity, notice and version."""
    rows = []
    for language, entity, notice, version, state in _versions(project, languages, as_of):
        counts = {"translated": 0, "fuzzy": 0, "missing": 0}
        for text, _ in version_strings(version):
            counts[catalogs.lookup(language, entity, text).state] += 1
        rows.append(StatusRow(language, entity, notice, version.effective.isoformat(), state, project.language_of(entity), **counts))
    return rows


def check_required(project: Project, catalogs: Catalogs, as_of: datetime.date, log: ErrorLog) -> None:
    """Every string of every version in force or upcoming, in every required language its entity publishes in."""
    for language, entity, notice, version, state in _versions(project, project.site.required_languages, as_of):
        if state == "archived" or (language, entity) in catalogs.unreadable or language in catalogs.refused_folders:
            continue  # a catalog with errors, or a refused folder of them, is reported as such, not as every text missing
        label = f"{entity}/{notice} {version.effective.isoformat()} ({'in force' if state == 'current' else 'upcoming'})"
        for text, _ in version_strings(version):
            found = catalogs.lookup(language, entity, text)
            if found.state == "translated":
                continue
            assert found.path is not None
            what = {"fuzzy": "is marked fuzzy: its source text changed", "missing": "has no translation"}[found.state]
            if found.state == "missing" and not _has(catalogs, language, entity, text):
                what = "is not in the catalog; run `notices i18n update`"
            log.add(found.path, found.line, 1, f'msgid "{_short(text)}"', f"{what}; {language} is required and {label} uses it")


def _has(catalogs: Catalogs, language: str, domain: str, msgid: str) -> bool:
    loaded = catalogs.loaded.get((language, domain))
    return bool(loaded and loaded.catalog.get(msgid) is not None)


def _short(text: str, limit: int = 60) -> str:
    """A msgid on one line, for a message: :func:`textcheck.excerpt` of it with its white space collapsed."""
    return textcheck.excerpt(" ".join(text.split()), limit)
