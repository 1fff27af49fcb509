"""The package is in layers, one folder each, and its modules import only downwards.

Lowest first: data (files, models, loading) → i18n (catalogs, localized
copies) → history (changes, the lock) → checks (the publishing checks and
rules) → scan (a website's record against its notices) → site (modes, addresses, pages, rendering, exports) → authoring (new
sites, the review report) → mkdocs (the one layer that knows the engine) →
cli. A module may import its own layer and the ones below, never above: so
each layer can be read, tested and reused (by another engine) alone.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "hooks" / "privacy_notices"

LAYERS = ["data", "i18n", "history", "checks", "scan", "site", "authoring", "mkdocs", "cli"]
"""The package's layers, lowest first."""

ENGINE_PACKAGES = ("mkdocs", "material", "properdocs")
"""What only the ``mkdocs`` layer may import."""


def module_name(path: Path) -> str:
    """``data.model`` for ``data/model.py``, ``cli`` for ``cli/__init__.py``."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(engines: bool = False) -> dict[str, set[str]]:
    """Module → the package modules it imports (or, with ``engines``, the engine packages), anywhere in its code."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = module_name(path)
        if not name:
            continue
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.level:
                    raise AssertionError(f"{path}: imports inside the package are written in full (privacy_notices.…)")
                base = node.module
                targets = [base] + [f"{base}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            for target in targets:
                if engines and target.split(".")[0] in ENGINE_PACKAGES:
                    found.add(target.split(".")[0])
                elif not engines and target.startswith("privacy_notices."):
                    inner = target.removeprefix("privacy_notices.")
                    if (PACKAGE / (inner.replace(".", "/") + ".py")).is_file() or (PACKAGE / inner.replace(".", "/") / "__init__.py").is_file():
                        found.add(inner)
        graph[name] = found - {name}
    return graph


def layer(module: str) -> int:
    return LAYERS.index(module.split(".")[0])


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
    assert len(graph) > 30, "every module was read"
    assert find_cycle(graph) is None, " → ".join(find_cycle(graph) or [])


def test_every_module_is_in_a_layer_folder() -> None:
    loose = [p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py"]
    assert loose == [], "each module belongs to a layer folder"
    assert sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(LAYERS)


def test_imports_go_only_downwards() -> None:
    upwards = [f"{module} imports {target}" for module, targets in imports().items() for target in targets if layer(target) > layer(module)]
    assert upwards == []


def test_only_the_mkdocs_layer_knows_the_engine() -> None:
    knowing = {module: targets for module, targets in imports(engines=True).items() if targets and layer(module) != LAYERS.index("mkdocs")}
    assert knowing == {}


ENVIRONMENT_READERS = {"data.settings"}
"""The one module that reads the process's environment: every other is handed its :class:`Settings`."""


def environment_uses(source: str) -> list[int]:
    """The lines that read or change the environment: ``os.environ``, ``os.getenv``, ``from os import environ``…

    >>> environment_uses("import os\\nx = os.environ.get('A')\\ny = os.getenv('B')\\nfrom os import environ as e\\n")
    [2, 3, 4]
    >>> environment_uses("def f(environ): return environ.get('PATH_INFO')\\n")
    []
    """
    names = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}
    found: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr in names and isinstance(node.value, ast.Name) and node.value.id == "os":
            found.add(node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module == "os" and any(a.name in names for a in node.names):
            found.add(node.lineno)
    return sorted(found)


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = {
        module_name(path): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := environment_uses(path.read_text("utf-8"))) and module_name(path) not in ENVIRONMENT_READERS
    }
    assert readers == {}, "read NOTICES_* through privacy_notices.data.settings.Settings, made once and passed down"
    assert environment_uses((PACKAGE / "data" / "settings.py").read_text("utf-8")), "the settings module is where it is read"


MAX_MODULE_LINES = 500
"""A module does one job: a longer one is split, as model.py, the cli and the adapter once were."""
MAX_ADAPTER_LINES = 299
"""The MkDocs adapter only translates MkDocs' events into calls of the core; what it grows goes into the core."""


def test_every_module_is_short_and_the_adapter_shorter() -> None:
    lengths = {module_name(path): len(path.read_text("utf-8").splitlines()) for path in sorted(PACKAGE.rglob("*.py"))}
    assert {name: n for name, n in lengths.items() if n > MAX_MODULE_LINES} == {}
    assert lengths["mkdocs.adapter"] <= MAX_ADAPTER_LINES


@pytest.mark.parametrize("layer_name", LAYERS)
def test_each_layer_says_what_it_is_for(layer_name: str) -> None:
    text = (PACKAGE / layer_name / "__init__.py").read_text("utf-8")
    docstring = ast.get_docstring(ast.parse(text))
    assert docstring and len(docstring.splitlines()) <= 2, f"{layer_name}: a short docstring says the layer's job"


def test_the_layer_test_finds_an_upward_import() -> None:
    graph = imports()
    graph["data.model"] = graph["data.model"] | {"site.views"}
    assert any(layer(t) > layer(m) for m, ts in graph.items() for t in ts)


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = imports()
    graph["data.vocab"] = graph["data.vocab"] | {"site.views"}  # vocab is at the bottom: this closes a loop
    assert find_cycle(graph) is not None


def test_every_interface_language_has_a_material_translation() -> None:
    """The package's fixed list of page languages is one the installed theme can show (it may know more)."""
    from importlib import resources

    import material

    from privacy_notices.data import vocab

    folder = resources.files(material).joinpath("templates", "partials", "languages")
    available = {entry.name.removesuffix(".html") for entry in folder.iterdir() if entry.name.endswith(".html")}
    missing = [code for code in vocab.interface_languages() if code not in available]
    assert missing == [], "Material has no interface translation for these; remove them from vocabularies/interface_languages.yml"
