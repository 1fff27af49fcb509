"""Rewrite chosen text values of a YAML file in place, keeping every other byte.

Moving an entity to another original language replaces each text of its
data files by its translation. Loading and dumping the YAML would lose the
authors' comments, quoting and layout; this module instead replaces only
the characters of each replaced value, and writes each new value on as many
lines as the old one took, so that every value keeps its line and the
catalogs' ``#: file:line`` references stay true. The result is parsed again
and compared with what was asked for before it is handed back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping

import yaml

Loc = tuple[str | int, ...]


class EditError(ValueError):
    """The file could not be rewritten as asked (a bug if it ever happens: the caller writes nothing)."""


def _scalars(node: yaml.Node, loc: Loc = (), in_flow: bool = False) -> Iterator[tuple[Loc, yaml.ScalarNode, bool]]:
    """Every scalar value of a composed document, with its location and whether it sits in a flow collection."""
    if isinstance(node, yaml.ScalarNode):
        yield loc, node, in_flow
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(value, (*loc, key.value), in_flow or bool(node.flow_style))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            yield from _scalars(item, (*loc, i), in_flow or bool(node.flow_style))


def scalar_map(text: str) -> dict[Loc, tuple[str, int]]:
    """Location → (value, line) of every scalar value in ``text``.

    >>> scalar_map("a: x\\nb: [1, 'y']\\n")
    {('a',): ('x', 0), ('b', 0): ('1', 1), ('b', 1): ('y', 1)}
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if root is None:
        return {}
    return {loc: (node.value, node.start_mark.line) for loc, node, _ in _scalars(root)}


_NOT_PRINTABLE = re.compile("[^\t\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
"""Characters written escaped: what YAML may not hold as it is (outside its c-printable set, and the
byte-order mark), and what it would read as a line break (carriage return, NEL, line and paragraph separators)."""


def double_quoted(value: str) -> str:
    """A YAML double-quoted scalar on one line: JSON's escapes, and an escape for what YAML may not hold as it is.

    >>> print(double_quoted('Say "hi"\\nthen\\x7f go'))
    "Say \\"hi\\"\\nthen\\u007f go"
    """
    return _NOT_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


def _plain_ok(value: str, in_flow: bool) -> bool:
    """Whether ``value`` can stand unquoted and read back as the same text."""
    if not value or value != value.strip() or "\n" in value or "\t" in value:
        return False
    probe = f"[{value}]" if in_flow else f"k: {value}"
    try:
        loaded: object = yaml.safe_load(probe)
    except yaml.YAMLError:
        return False
    return loaded == ([value] if in_flow else {"k": value})


def _units(escaped: str) -> list[str]:
    """A double-quoted body cut into characters and whole escape sequences, which must not be split."""
    units: list[str] = []
    i = 0
    while i < len(escaped):
        if escaped[i] == "\\":
            size = {"u": 6, "U": 10, "x": 4}.get(escaped[i + 1], 2)
            units.append(escaped[i : i + size])
            i += size
        else:
            units.append(escaped[i])
            i += 1
    return units


def _double_quoted_lines(value: str, lines: int, indent: str) -> str:
    """``value`` double-quoted over exactly ``lines`` lines, joined by escaped line breaks (which add nothing)."""
    units = _units(double_quoted(value)[1:-1])
    chunks: list[list[str]] = []
    start = 0
    for n in range(lines, 0, -1):
        end = len(units) if n == 1 else start + max(0, (len(units) - start) // n)
        # A continuation line loses its leading white space: never begin one with a space.
        while n > 1 and end < len(units) and units[end] in (" ", "\t"):
            end += 1
        chunks.append(units[start:end])
        start = end
    body = ("\\\n" + indent).join("".join(chunk) for chunk in chunks)
    return f'"{body}"'


def _folded(value: str, lines: int, indent: str) -> str | None:
    """``value`` as a folded block (``>-``) of exactly ``lines`` content lines, or None when it cannot be one."""
    words = value.split(" ")
    if _NOT_PRINTABLE.search(value) or "\n" in value or "\t" in value or "" in words or len(words) < lines:
        return None
    target = len(value) / lines
    rows: list[list[str]] = [[]]
    for i, word in enumerate(words):
        left = len(words) - i
        wanted = lines - len(rows)
        now, longer = len(" ".join(rows[-1])), len(" ".join(rows[-1] + [word]))
        if rows[-1] and wanted > 0 and (left <= wanted or abs(now - target) < abs(longer - target)):
            rows.append([])
        rows[-1].append(word)
    if len(rows) != lines:
        return None
    return ">-\n" + "\n".join(indent + " ".join(row) for row in rows)


def _literal(value: str, lines: int, indent: str) -> str | None:
    """``value`` as a literal block (``|-``) when it has exactly ``lines`` lines, else None."""
    parts = value.split("\n")
    if _NOT_PRINTABLE.search(value) or len(parts) != lines or value.endswith("\n") or value.startswith((" ", "\t")) or "\t" in value or any(p != p.rstrip(" ") for p in parts):
        return None
    return "|-\n" + "\n".join(indent + part if part else "" for part in parts)


def _render(value: str, old_text: str, style: str | None, in_flow: bool) -> str:
    """The new value, written over as many lines as the old one took."""
    lines = old_text.count("\n") + 1
    if lines == 1:
        return value if style is None and _plain_ok(value, in_flow) else double_quoted(value)
    second = old_text.split("\n")[1]
    indent = " " * (len(second) - len(second.lstrip(" ")))
    if not in_flow:
        # A block's first line is its indicator (>- or |-); the text takes the others.
        block = _literal(value, lines - 1, indent) if "\n" in value else _folded(value, lines - 1, indent)
        if block is not None:
            return block
    return _double_quoted_lines(value, lines, indent)


def replace_values(text: str, replacements: Mapping[Loc, str]) -> str:
    """``text`` with the scalar at each location of ``replacements`` set to its new value.

    Only those values' characters change, and each keeps its lines.

    >>> print(replace_values("a: old  # note\\nb: >-\\n  two\\n  lines\\n", {("a",): "uusi", ("b",): "kaksi riviä tekstiä"}), end="")
    a: uusi  # note
    b: >-
      kaksi riviä
      tekstiä
    """
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    found = {loc: (node, in_flow) for loc, node, in_flow in _scalars(root)} if root is not None else {}
    missing = [loc for loc in replacements if loc not in found]
    if missing:
        raise EditError(f"no text value at {missing[0]!r}")
    edits = []
    for loc, new in replacements.items():
        node, in_flow = found[loc]
        start, end = node.start_mark.index, node.end_mark.index
        old_text = text[start:end].rstrip()
        edits.append((start, start + len(old_text), _render(new, old_text, node.style, in_flow)))
    out = text
    for start, end, new_text in sorted(edits, reverse=True):
        out = out[:start] + new_text + out[end:]
    _verify(text, out, replacements)
    return out


def _verify(before: str, after: str, replacements: Mapping[Loc, str]) -> None:
    """The rewritten text reads back as asked: new values where asked, every other value and every line as before."""
    old, new = scalar_map(before), scalar_map(after)
    if set(old) != set(new):
        raise EditError("the rewritten file has other keys than the original")
    for loc, (value, line) in old.items():
        wanted = replacements.get(loc, value)
        if new[loc] != (wanted, line):
            raise EditError(f"the value at {loc!r} would read back as {new[loc][0]!r} on line {new[loc][1] + 1}, not {wanted!r} on line {line + 1}")
