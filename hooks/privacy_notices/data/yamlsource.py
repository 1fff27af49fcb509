"""Read YAML into plain Python data while remembering where every value stood.

PyYAML's loaders forget positions and silently keep the last of two equal keys.
Here the libyaml parser composes a node tree (which carries line and column
marks), and a small walk turns it into dicts, lists and scalars, recording the
mark of every value and every key, and rejecting duplicate keys.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from privacy_notices.data.errors import ErrorLog, format_where
from privacy_notices.data.textcheck import check_characters, excerpt

Loc = tuple[str | int, ...]
"""A location inside a document: keys and list indexes from the root."""

_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_FILE_BYTES = 1_000_000
"""Largest data file read, in bytes. The longest real notice written as data is about 60 kB;
a file many times that is a mistake (or an attack) and is refused before it is parsed."""

MAX_DEPTH = 24
"""Deepest nesting of lists and mappings. The format itself nests about 6 levels; deeper
input would only exhaust the parser's stack."""

EARLIEST_YEAR, LATEST_YEAR = 1970, 2199
"""Dates outside these years are typing mistakes (0202 for 2020) and break feeds and archives."""


@dataclass
class YamlDocument:
    """One parsed file: its data and where each part of it was written."""

    path: Path
    """The file it was read from."""

    data: Any
    """Plain data: dicts, lists, str, int, float, bool, None and dates."""

    marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    """1-based (line, column) of the value at each location."""

    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    """1-based (line, column) of the key that introduces each mapping value."""

    def mark(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Position of ``loc``, or of its nearest ancestor that has one."""
        table = self.key_marks if key else self.marks
        for end in range(len(loc), -1, -1):
            here = loc[:end]
            if here in table:
                return table[here]
            if key and here in self.marks:
                return self.marks[here]
        return (1, 1)


def _unclosed_quote(exc: yaml.MarkedYAMLError) -> bool:
    """libyaml reached the end of the file inside a quoted text."""
    return "found unexpected end of stream" in (exc.problem or "") and "quoted" in (exc.context or "")


def _describe_yaml_problem(exc: yaml.MarkedYAMLError, char: str) -> str:
    """Rewrite libyaml's messages for people who have never read the YAML spec.

    ``char`` is the character at the problem mark: libyaml's message for a tab
    does not name the tab.
    """
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    if char == "\t":
        return "a tab character is used for indentation, but YAML allows only spaces: replace the tabs with spaces"
    if problem == "mapping values are not allowed here" or problem == "mapping values are not allowed in this context":
        return (
            "malformed YAML: found ': ' where no new key can start; put text that contains ': ' in quotes, "
            "or check the indentation"
        )
    if problem == "could not find expected ':'":
        return "malformed YAML: expected 'key: value' but found a line without ':'; check the indentation"
    if _unclosed_quote(exc):
        return "malformed YAML: the quoted text that starts here is never closed; add the closing quote"
    if problem.startswith("expected <block end>"):
        return "malformed YAML: the indentation is inconsistent; items at the same level must start in the same column"
    if context == "expected a single document in the stream":
        return "malformed YAML: found a second document ('---'); a file holds exactly one"
    text = problem or context or str(exc)
    if context and problem:
        text = f"{problem} ({context})"
    return f"malformed YAML: {text}"


def check_date(value: datetime.date) -> str | None:
    """Why a date is out of the supported range, or None.

    >>> check_date(datetime.date(2024, 1, 31)) is None
    True
    >>> check_date(datetime.date(9999, 12, 31))
    'the date 9999-12-31 is outside the years 1970–2199; check the year'
    """
    if EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return None
    return f"the date {value.isoformat()} is outside the years {EARLIEST_YEAR}–{LATEST_YEAR}; check the year"


def _nesting_limit_of_libyaml(exc: yaml.MarkedYAMLError) -> bool:
    """libyaml 0.2.6 and newer (PyYAML 6.0.4 wheels) refuse 1,000 levels of nesting themselves.

    Its scanner reads a run of ``[`` ahead of the events it emits, so its own
    limit fires before :func:`_structure_problems` has counted to ``MAX_DEPTH``.
    """
    return "maximum nesting depth" in (exc.problem or "")


def _start(event: yaml.Event) -> tuple[int, int]:
    """Where an event starts, as line and column from 1. The parser marks every event it emits;
    PyYAML's types allow an event without a mark, which would be placed at the start of the file."""
    mark = event.start_mark
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def _structure_problems(text: str, path: Path, log: ErrorLog, loader: type | None = None) -> bool:
    """Refuse aliases and deep nesting from the event stream, before any node tree is built.

    A "billion laughs" file is a few lines of anchors and aliases that expand
    to gigabytes; looking at events costs only the length of the file. When
    libyaml stops at its own nesting limit, the pure-Python parser (which has
    none, and keeps no stack of its own per level) finds where the data pass
    ``MAX_DEPTH``, so that the message and position are the same with every
    PyYAML release.
    """
    depth = 0
    aliases: list[yaml.Event] = []
    events = yaml.parse(text, Loader=loader or _Loader)
    while True:
        try:
            event = next(events)
        except StopIteration:
            break
        except yaml.MarkedYAMLError as exc:
            if loader is None and _nesting_limit_of_libyaml(exc):
                return _structure_problems(text, path, log, yaml.SafeLoader)
            raise
        if isinstance(event, yaml.AliasEvent):
            aliases.append(event)
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line, column = _start(event)
                log.add(path, line, column, "", f"the data nest more than {MAX_DEPTH} levels deep; the format needs far fewer, so check the indentation")
                return True
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
    if aliases:
        line, column = _start(aliases[0])
        more = f" (and {len(aliases) - 1} more)" if len(aliases) > 1 else ""
        log.add(
            path, line, column, "",
            f"YAML aliases ('*name') are not allowed in data files{more}: each file says everything in full, "
            "so that the legal record reads as written, and an alias can make a small file expand without limit; "
            "write the value out",
        )
        return True
    return False


def load_yaml(path: Path, log: ErrorLog) -> YamlDocument | None:
    """Parse ``path``; on malformed input record errors in ``log`` and return None."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            log.add(path, 1, 1, "", f"the file is {size:,} bytes; data files may be at most {MAX_FILE_BYTES:,} bytes: split it or remove what does not belong")
            return None
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        log.add(path, 1, 1, "", f"the file is not UTF-8 text (byte {exc.start} cannot be decoded); save it as UTF-8")
        return None
    except OSError as exc:
        log.add(path, 1, 1, "", f"the file cannot be read: {exc.strerror}")
        return None
    try:
        if _structure_problems(text, path, log):
            return None
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if exc.context_mark and _unclosed_quote(exc):
            mark = exc.context_mark  # where the quote opens, not the end of the file
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        lines = text.splitlines()
        char = lines[line - 1][col - 1 : col] if 0 < line <= len(lines) else ""
        log.add(path, line, col, "", _describe_yaml_problem(exc, char))
        return None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        log.add(path, line, col, "", f"the file contains the control character U+{code:04X}, which YAML does not allow; remove it")
        return None
    except yaml.YAMLError as exc:
        log.add(path, 1, 1, "", f"malformed YAML: {excerpt(str(exc), 200)}")
        return None
    doc = YamlDocument(path=path, data=None)
    if root is None:
        return doc
    walker = _Walker(doc, log)
    doc.data = walker.build(root, ())
    return doc if walker.ok else None


_PLAIN_COLLECTION_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


class _Walker:
    """Turns a composed node tree into data, recording marks and problems."""

    def __init__(self, doc: YamlDocument, log: ErrorLog) -> None:
        self.doc = doc
        self.log = log
        self.ok = True
        self.constructor = yaml.constructor.SafeConstructor()
        self.active: set[int] = set()

    def error(self, node: Node, loc: Loc, message: str) -> None:
        self.ok = False
        self.log.add(self.doc.path, node.start_mark.line + 1, node.start_mark.column + 1, format_where(loc), message)

    def build(self, node: Node, loc: Loc) -> Any:
        self.doc.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if id(node) in self.active:
            self.error(node, loc, "an alias refers to itself; YAML anchors may not contain their own alias")
            return None
        if isinstance(node, (MappingNode, SequenceNode)) and node.tag not in _PLAIN_COLLECTION_TAGS:
            self.error(node, loc, f"unsupported YAML tag '{excerpt(node.tag)}'; data files use plain lists and mappings")
            return None
        if isinstance(node, MappingNode):
            self.active.add(id(node))
            try:
                return self._mapping(node, loc)
            finally:
                self.active.discard(id(node))
        if isinstance(node, SequenceNode):
            self.active.add(id(node))
            try:
                return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
            finally:
                self.active.discard(id(node))
        return self._scalar(node, loc)

    def _mapping(self, node: MappingNode, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.error(key_node, loc, "a key must be a plain word, not a list or mapping")
                continue
            key = str(key_node.value)
            if key in out or key in first_line:
                self.error(
                    key_node,
                    (*loc, key),
                    f"duplicate key '{excerpt(key)}' (first given on line {first_line[key]}); each key may appear only once",
                )
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.doc.key_marks[(*loc, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = self.build(value_node, (*loc, key))
        return out

    def _scalar(self, node: Node, loc: Loc) -> Any:
        try:
            value = self.constructor.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            if node.tag == "tag:yaml.org,2002:timestamp":
                self.error(node, loc, f"'{excerpt(node.value)}' is not a real date; check the month and day")
            else:
                self.error(node, loc, f"'{excerpt(node.value)}' cannot be read as a {node.tag.rsplit(':', 1)[-1]}")
        except yaml.constructor.ConstructorError as exc:
            self.error(node, loc, f"unsupported YAML tag '{excerpt(node.tag)}': {exc.problem}")
        else:
            problem = None
            if isinstance(value, str):
                try:
                    check_characters(value)
                except ValueError as exc:
                    problem = str(exc)
            elif isinstance(value, datetime.date):
                problem = check_date(value)
            if problem is None:
                return value
            self.error(node, loc, problem)
        return None


def is_date(value: Any) -> bool:
    """True for a date without a time (YAML reads ``2024-01-31`` as one)."""
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)
