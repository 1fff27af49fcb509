"""The package type-checks: mypy, pinned in the test extras, finds nothing under the settings of pyproject.toml.

Those settings are strict (every function annotated, no implicit re-exports, no
unused `type: ignore`). A `type: ignore` that remains names its error code and,
after it, why the code is right where the checker cannot see it, as in
``# type: ignore[attr-defined]  # added to the environment by jinja2.ext.i18n``.
"""

from __future__ import annotations

import importlib.util
import io
import re
import subprocess
import sys
import tokenize
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "hooks" / "privacy_notices"

_IGNORE = re.compile(r"#\s*type:\s*ignore\b")
_EXPLAINED = re.compile(r"#\s*type:\s*ignore\[[\w-]+(?:,\s*[\w-]+)*\]\s+#\s*(?P<reason>\S.*)$")
MIN_REASON = 20
"""Characters a reason takes at the least: a few words, not a "fixme"."""


def unexplained_ignores(source: str) -> list[int]:
    """The lines of ``source`` with a ``type: ignore`` comment that names no error code or gives no reason after it.

    >>> unexplained_ignores("x = f()  # type: ignore[attr-defined]  # added to the environment by an extension\\n")
    []
    >>> unexplained_ignores("x = f()  # type: ignore\\ny = g()  # type: ignore[attr-defined]\\nz = h()  # type: ignore[misc]  # why\\n")
    [1, 2, 3]
    >>> unexplained_ignores('s = "# type: ignore"\\n')
    []
    """
    lines = []
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT and _IGNORE.search(token.string):
            explained = _EXPLAINED.search(token.string)
            if not explained or len(explained["reason"].strip()) < MIN_REASON:
                lines.append(token.start[0])
    return lines


def test_mypy_finds_no_errors_in_the_package(tmp_path: Path) -> None:
    assert importlib.util.find_spec("mypy"), "mypy comes with the test extras: python -m pip install -e '.[test]'"
    # The settings of pyproject.toml ([tool.mypy]: the package's files, strict), with a cache of this run's own.
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Success" in proc.stdout, proc.stdout + proc.stderr


def test_every_type_ignore_in_the_package_names_its_code_and_says_why() -> None:
    found = {
        str(path.relative_to(ROOT)): lines
        for path in sorted(PACKAGE.rglob("*.py"))
        if (lines := unexplained_ignores(path.read_text("utf-8")))
    }
    assert not found, f"write `# type: ignore[code]  # why the code is right` on these lines: {found}"
