"""Two engines: MkDocs 1.6 and ProperDocs build the example into the same site, but for the generator line.

The test extras install ProperDocs beside MkDocs (which Material requires), so
both run here; a missing one is a failure, not a skip.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_build
from privacy_notices.data.settings import Settings
from privacy_notices.mkdocs.engine import ENGINES, EngineError, engine, installed

GENERATOR = re.compile(rb'^\s*<meta name="generator" content="[^"]*">\s*$')


def test_both_engines_are_installed() -> None:
    missing = [name for name in ENGINES if not installed(name)]
    assert not missing, f"python -m pip install -e '.[test]' installs {', '.join(missing)}"


def test_notices_engine_chooses_and_names_what_it_expects() -> None:
    assert engine(Settings.from_environment({"NOTICES_ENGINE": "MkDocs "})) == "mkdocs"
    assert engine(Settings.from_environment({})) == ("properdocs" if installed("properdocs") else "mkdocs")
    with pytest.raises(EngineError, match="expected one of properdocs, mkdocs"):
        engine(Settings.from_environment({"NOTICES_ENGINE": "hugo"}))


def differing_lines(left: bytes, right: bytes) -> list[tuple[bytes, bytes]]:
    """Line pairs that differ; a file of another length of lines counts as one difference."""
    a, b = left.split(b"\n"), right.split(b"\n")
    if len(a) != len(b):
        return [(b"<%d lines>" % len(a), b"<%d lines>" % len(b))]
    return [(x, y) for x, y in zip(a, b) if x != y]


def test_mkdocs_and_properdocs_build_the_same_site_but_for_the_generator_line(tmp_path: Path) -> None:
    sites = {}
    for name in ENGINES:
        build = run_build(tmp_path / name, program=name)
        assert build.returncode == 0, f"{name}: {build.output[-3000:]}"
        sites[name] = build.site
    files = {name: sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file()) for name, site in sites.items()}
    assert files["mkdocs"] == files["properdocs"], "both engines write the same files"
    generators: dict[str, set[bytes]] = {name: set() for name in ENGINES}
    other = []
    for relative in files["mkdocs"]:
        for left, right in differing_lines((sites["mkdocs"] / relative).read_bytes(), (sites["properdocs"] / relative).read_bytes()):
            if GENERATOR.match(left) and GENERATOR.match(right):
                generators["mkdocs"].add(left.strip())
                generators["properdocs"].add(right.strip())
            else:
                other.append(f"{relative}: {left[:120]!r} / {right[:120]!r}")
    assert other == [], "only the generator line may differ"
    assert any(b"mkdocs-1.6" in line for line in generators["mkdocs"]), generators
    assert any(b"ProperDocs" in line for line in generators["properdocs"]), generators
