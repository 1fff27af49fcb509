"""The package's modules import only downwards: no import cycle, so each layer can be read and tested alone."""

from __future__ import annotations

import ast

from conftest import ROOT

PACKAGE = ROOT / "hooks" / "privacy_notices"


def imports() -> dict[str, set[str]]:
    """Module → the package modules it imports, anywhere in its code (functions included)."""
    graph: dict[str, set[str]] = {}
    names = {p.stem for p in PACKAGE.glob("*.py")}
    for path in sorted(PACKAGE.glob("*.py")):
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                targets = [node.module.split(".")[0]] if node.module else [a.name for a in node.names]
                found |= {t for t in targets if t in names}
        graph[path.stem] = found - {path.stem, "__init__"}
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the list of modules around it, or None.

    >>> find_cycle({"a": {"b"}, "b": {"a"}})
    ['a', 'b', 'a']
    >>> find_cycle({"a": {"b"}, "b": set()}) is None
    True
    """
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return path[path.index(target):] + [target] if target in path else [node, target]
            if target not in state:
                found = visit(target, [*path, target])
                if found:
                    return found
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            cycle = visit(start, [start])
            if cycle:
                return cycle
    return None


def test_the_package_has_no_import_cycle() -> None:
    graph = imports()
    assert len(graph) > 15, "every module was read"
    assert find_cycle(graph) is None, " → ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = imports()
    graph["vocab"] = graph["vocab"] | {"views"}  # vocab is at the bottom: this closes a loop
    assert find_cycle(graph) is not None
