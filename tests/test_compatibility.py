"""Data written for an earlier format keep validating and building, unchanged.

``tests/fixtures/format-2026-11/data`` is the example data as it stood before
the format learned statements, rights of its own, cookie groups, regions and
notice-level retention. It is never edited: if a change to the format breaks
it, the change must read the old form too.
"""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, run_build, run_cli

OLD = ROOT / "tests" / "fixtures" / "format-2026-11" / "data"


def test_old_data_still_validate(tmp_path: Path) -> None:
    rc, out, err = run_cli("validate", "--data", str(OLD), "--as-of", "2026-06-01", cwd=tmp_path)
    assert rc == 0, out + err
    assert "no errors" in out


def test_old_data_still_build_for_publishing(tmp_path: Path) -> None:
    build = run_build(tmp_path, data=OLD)
    assert build.returncode == 0, build.output
    assert (build.site / "fi/lumo-advisory/privacy/index.html").is_file()
    assert "WARNING" not in build.output
