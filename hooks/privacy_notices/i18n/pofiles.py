"""The PO files on disk: where each catalog is, reading one strictly, and writing one as msgmerge would.

Babel reads and writes the catalogs, but passes over mistakes a hand edit
makes and drops the previous source text (``#| msgid``) of fuzzy entries;
this module adds both, and refuses any file it cannot read exactly, so that
what the build and the commands read is what the translator wrote.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileParser, normalize, unescape, write_po

from privacy_notices.data import paths, textcheck, vocab
from privacy_notices.data.errors import ErrorLog


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
                self.problems.append((line, f'the msgid "{short_msgid(msgid)}" is given twice (first on line {self.first_line[msgid]}); keep one entry'))
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


def short_msgid(text: str, limit: int = 60) -> str:
    """A msgid on one line, for a message: :func:`textcheck.excerpt` of it with its white space collapsed."""
    return textcheck.excerpt(" ".join(text.split()), limit)
