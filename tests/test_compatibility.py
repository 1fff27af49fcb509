"""Data written for an earlier format keep validating and building, unchanged.

``tests/fixtures/format-2026-11/data`` is the example data as it stood before
the format learned statements, rights of its own, cookie groups, regions and
notice-level retention. It is never edited: if a change to the format breaks
it, the change must read the old form too. (Rules of policy may still find
something to fix in them: the compliance rules do.)
"""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, run_build, run_cli

OLD = ROOT / "tests" / "fixtures" / "format-2026-11" / "data"


def test_old_data_still_validate(tmp_path: Path) -> None:
    """The format reads them without an error; the only thing that stops publishing is what the compliance
    rules, newer than the data, found: the cookies that need consent without a word on how it is given."""
    rc, out, err = run_cli("validate", "--data", str(OLD), "--as-of", "2026-06-01", cwd=tmp_path)
    lines = out.splitlines()
    assert rc == 1 and lines, out + err
    assert all(": PN180: cookies[1].category:" in line for line in lines), out
    assert "1 publish blocker" in err


def test_old_data_still_build(tmp_path: Path) -> None:
    build = run_build(tmp_path, data=OLD, extra_env={"NOTICES_MODE": "draft"})
    assert build.returncode == 0, build.output
    assert (build.site / "fi/lumo-advisory/privacy/index.html").is_file()
    assert "PN180" in (build.site / "_drafting/index.html").read_text("utf-8")
