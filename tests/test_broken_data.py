"""Every broken data file is reported as file:line:column with a plain message, and nothing is built."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from broken_cases import cases, expected, materialize
from conftest import run_build, run_cli

CASES = cases()


def validate_in(root: Path) -> tuple[int, str, str]:
    return run_cli("validate", cwd=root)


def test_corpus_has_at_least_100_distinct_mistakes() -> None:
    assert len(CASES) >= 100
    messages = [tuple(expected(c)) for c in CASES]
    assert all(messages), "every case stores at least one expected message"
    assert len(set(messages)) == len(messages), "each case is a different mistake"


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_validate_reports_expected_messages(case: Path, tmp_path: Path) -> None:
    root = materialize(case, tmp_path)
    rc, out, err = validate_in(root)
    assert rc == 1
    assert out.splitlines() == expected(case)
    n = len(expected(case))
    # Counted once: the data errors and the publish blockers of the files that loaded, or the blockers alone.
    counted = re.match(r"(\d+) errors? in \d+ files?(?:, and (\d+) publish blockers? in the files that loaded)?; nothing can be built", err)
    blockers = f": {n} publish blocker{'s' if n != 1 else ''}; drafting"
    assert (counted and int(counted[1]) + int(counted[2] or 0) == n) or blockers in err, err
    assert "Traceback" not in out + err


@pytest.mark.parametrize("name", ["01-malformed-yaml", "03-tab-indented", "09-raw-script", "30-errors-in-several-files"])
def test_command_line_exits_non_zero_without_traceback(name: str, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name == name)
    root = materialize(case, tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "privacy_notices.cli", "validate"], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == expected(case)
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_build_aborts_with_every_error_and_writes_nothing(case: Path, tmp_path: Path) -> None:
    root = materialize(case, tmp_path / "case")
    build = run_build(tmp_path, data=root / "data")
    assert build.returncode != 0
    assert "Traceback" not in build.output
    for line in expected(case):
        if line.startswith("docs/"):
            # The build reads the repository's docs/, so the path it prints differs; the message does not.
            line = line.split(": ", 1)[1]
        assert line in build.output
    # Every line counted: the data errors, and the publish blockers found in the files that loaded.
    counted = re.search(r"(\d+) errors? in \d+ files?(?:, and (\d+) publish blockers?)?; the site was not built", build.output)
    assert counted, build.output
    assert int(counted[1]) + int(counted[2] or 0) == len(expected(case))
    assert "the site was not built" in build.output
    assert not build.site.exists(), "an aborted build leaves no site behind"


def test_missing_data_folder_is_an_error_not_a_crash(tmp_path: Path) -> None:
    rc, out, err = validate_in(tmp_path)
    assert rc == 1
    assert "data:1:1: the data folder does not exist" in out
    assert "Traceback" not in out + err


def test_bad_as_of_date_is_reported(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "privacy_notices.cli", "validate", "--as-of", "2026-13-01"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert "--as-of: expected a date written as YYYY-MM-DD, found '2026-13-01'" in proc.stderr
