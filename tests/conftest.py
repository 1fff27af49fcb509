"""Shared fixtures: the example site built once per test session, and helpers to build others."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from privacy_notices.data.settings import Settings
from privacy_notices.mkdocs.engine import engine

ROOT = Path(__file__).resolve().parent.parent
"""The repository."""

ENGINE = engine(Settings.from_environment())
"""The engine the tests build and serve with: ProperDocs when installed (as the test extras install it), else MkDocs; NOTICES_ENGINE chooses."""

SARIF_SCHEMA = ROOT / "tests" / "browser" / "node_modules" / "@microsoft" / "jest-sarif" / "lib" / "schemas" / "sarif-2.1.0-rtm.5.json"
"""The official SARIF 2.1.0 JSON Schema, as @microsoft/jest-sarif ships it (`npm ci` in tests/browser)."""

AS_OF = "2026-06-01"
"""A fixed as-of date, so that tests do not depend on the day they run."""


@cache
def finnish(text: str) -> str:
    """The package's own Finnish for a built-in text, from its catalog; the text must have a translation there."""
    catalog = read_po(io.BytesIO((ROOT / "hooks/privacy_notices/i18n/locales/fi.po").read_bytes()), locale="fi")
    message = catalog.get(text)
    assert message is not None and message.string, text
    return str(message.string)


@dataclass
class Build:
    """The result of one `mkdocs build`."""

    returncode: int
    output: str
    site: Path


def run_build(tmp: Path, data: Path | None = None, as_of: str = AS_OF, strict: bool = True, extra_env: dict[str, str] | None = None, program: str = ENGINE) -> Build:
    """Build the repository's site into ``tmp/site`` with ``data`` (default: the example data), with the engine ``program``."""
    env = {**os.environ, "NOTICES_AS_OF": as_of, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    env.pop("SOURCE_DATE_EPOCH", None)
    if data is not None:
        env["NOTICES_DATA"] = str(data)
    site = tmp / "site"
    cmd = [sys.executable, "-m", program, "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    if strict:
        cmd.append("--strict")
    proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    return Build(proc.returncode, proc.stdout + proc.stderr, site)


@pytest.fixture(scope="session")
def example_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """`mkdocs build --strict` of the example data; the build must succeed."""
    build = run_build(tmp_path_factory.mktemp("example"))
    assert build.returncode == 0, build.output
    return build


@pytest.fixture(scope="session")
def site(example_build: Build) -> Path:
    return example_build.site


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid data tree."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal" / "data", target)
    return target


def copy_project(target: Path, names: tuple[str, ...] = ("mkdocs.yml", "docs", "overrides", "data", "hooks")) -> None:
    """Copy this repository's site (settings, pages, data and code) into ``target``, for a git repository of its own."""
    for name in names:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, target / name)


def installed_command(name: str) -> str | None:
    """A command the test extras install, found beside the interpreter running the tests first.

    The README's test command runs ``.venv/bin/python -m pytest`` without activating the
    environment, so its ``bin/`` need not be on ``PATH``.
    """
    here = str(Path(sys.executable).parent)
    return shutil.which(name, path=os.pathsep.join([here, os.environ.get("PATH", "")]))


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def run_cli(*args: str, cwd: Path) -> tuple[int, str, str]:
    """Run the `notices` command in-process in ``cwd``: (exit status, stdout, stderr)."""
    from privacy_notices.cli import main

    out, err = io.StringIO(), io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main(list(args))
    finally:
        os.chdir(old)
    return rc, out.getvalue(), err.getvalue()
