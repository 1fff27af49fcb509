"""One run reports every mistake it can, and a site started from other data can leave their lock behind."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import AS_OF, ROOT, run_cli


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder holding a writable copy of the example data."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_data_errors_do_not_hide_rule_and_translation_findings(project: Path) -> None:
    """A data error in one entity, a rule broken in another, a translation missing in a third: all in one run."""
    data = project / "data"
    edit(data / "entities/kuura/entity.yml", 'postal_code: "90520"', "postal_code: [90520]")
    edit(data / "entities/lumo-advisory/notices/cookies/2027-01-01.yml", "    duration: P12M\n", "")
    catalog = data / "locales/fi/arctic-code.po"
    edit(catalog, 'msgstr "Ensimmäinen tällä sivustolla julkaistu versio."', 'msgstr ""')
    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=project)
    assert rc == 1
    lines = out.splitlines()
    assert any(line.startswith("data/entities/kuura/entity.yml:6:") and "postal_code" in line for line in lines), out
    assert any(line.startswith("data/entities/lumo-advisory/notices/cookies/2027-01-01.yml:") and "PN181" in line for line in lines), out
    assert any(line.startswith("data/locales/fi/arctic-code.po:") and "First version published" in line and "fi is required" in line for line in lines), out
    assert "1 error in 1 file, and 2 publish blockers in the files that loaded; nothing can be built" in err
    assert "not on kuura, whose files have errors" in err
    # kuura's own catalogs and notices are not reported as unused or missing: only its error is.
    assert not [line for line in lines if "kuura" in line and "entity.yml" not in line], out


def test_the_rules_report_beside_data_errors(project: Path) -> None:
    data = project / "data"
    edit(data / "entities/kuura/entity.yml", 'postal_code: "90520"', "postal_code: [90520]")
    edit(data / "entities/lumo-advisory/notices/cookies/2027-01-01.yml", "    duration: P12M\n", "")
    rc, out, err = run_cli("check", "--as-of", AS_OF, "--format", "json", cwd=project)
    assert rc == 1
    import json

    findings = json.loads(out)  # the data error went to stderr: stdout stays JSON
    assert any(f["rule"] == "PN181" for f in findings["findings"]), findings
    assert "data/entities/kuura/entity.yml:6:" in err


def test_a_sibling_with_errors_does_not_make_a_rule_fire(project: Path) -> None:
    """PN191 counts an entity's controller notices; with one of them unreadable it cannot, and stays quiet."""
    data = project / "data"
    edit(data / "entities/pilvio/notices/privacy/2025-03-01.yml", "kind: controller", "kind: controller\nkind: controller")
    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=project)
    assert rc == 1
    assert "duplicate key 'kind'" in out
    assert "PN191" not in out


def test_a_removed_entity_leaves_lock_entries_that_lock_names_and_prune_removes(project: Path) -> None:
    data = project / "data"
    shutil.rmtree(data / "entities/lumo-advisory")
    for catalog in data.glob("locales/*/lumo-advisory.po"):
        catalog.unlink()
    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=project)
    assert rc == 1
    gone = [line for line in out.splitlines() if "this locked version no longer exists" in line]
    assert gone and all(line.startswith("data/notices.lock:") and "notices lock --prune" in line for line in gone), out
    # `notices lock` agrees with validate instead of calling the lock up to date.
    rc, out, err = run_cli("lock", "--as-of", AS_OF, cwd=project)
    assert rc == 1
    assert "up to date" not in out
    assert len([line for line in out.splitlines() if "this locked version no longer exists" in line]) == len(gone)
    rc, out, err = run_cli("lock", "--prune", cwd=project)
    assert rc == 0, out + err
    removed = [line for line in out.splitlines() if line.startswith("removed lumo-advisory/")]
    assert len(removed) == len(gone), out
    assert "lumo-advisory" not in (data / "notices.lock").read_text("utf-8")
    assert "arctic-code/privacy/2026-02-01" in (data / "notices.lock").read_text("utf-8"), "entries of versions that exist stay"
    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=project)
    assert rc == 0, out + err


def test_prune_works_with_every_example_entity_gone_and_locks_nothing(project: Path) -> None:
    """`rm -rf data/entities/*`: what validate then says to do works, and each stale catalog says to delete it."""
    data = project / "data"
    locked = json.loads((data / "notices.lock").read_text("utf-8"))["versions"]
    for entity in (data / "entities").iterdir():
        shutil.rmtree(entity)
    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=project)
    assert rc == 1
    stale = [line for line in out.splitlines() if "uses this catalog" in line]
    assert stale and all("; delete the file, or rename it after the entity it belongs to" in line for line in stale), out
    assert "notices lock --prune" in out
    rc, out, err = run_cli("lock", "--prune", cwd=project)
    assert rc == 0, out + err
    assert sorted(re.findall(r"^removed (\S+): its version file no longer exists$", out, re.M)) == sorted(locked), out
    assert json.loads((data / "notices.lock").read_text("utf-8"))["versions"] == {}
    rc, out, err = run_cli("lock", "--prune", cwd=project)
    assert rc == 0 and "removed" not in out and "names no version that is gone" in out, out + err


def test_prune_removes_only_what_is_gone(project: Path) -> None:
    """A version in force that was never locked stays unlocked: locking is what plain `notices lock` does."""
    data = project / "data"
    lock_file = data / "notices.lock"
    content = json.loads(lock_file.read_text("utf-8"))
    unlocked = content["versions"].pop("arctic-code/privacy/2026-02-01")
    assert unlocked
    lock_file.write_text(json.dumps(content, indent=2) + "\n", "utf-8")
    shutil.rmtree(data / "entities/skargard")
    for catalog in data.glob("locales/*/skargard.po"):
        catalog.unlink()
    rc, out, err = run_cli("lock", "--prune", cwd=project)
    assert rc == 0, out + err
    assert re.findall(r"^removed (\S+):", out, re.M) == ["skargard/privacy/2025-10-01"] and "locked" not in out.replace("nothing was locked", ""), out
    after = json.loads(lock_file.read_text("utf-8"))["versions"]
    assert "arctic-code/privacy/2026-02-01" not in after and set(after) == set(content["versions"]) - {"skargard/privacy/2025-10-01"}
    assert run_cli("lock", "--prune", "--as-of", AS_OF, cwd=project)[0] == 2, "--as-of decides what is locked; --prune locks nothing"
    rc, out, err = run_cli("lock", "--as-of", AS_OF, cwd=project)
    assert rc == 0 and "locked arctic-code/privacy/2026-02-01 (en)" in out, out + err


def test_a_version_with_errors_is_not_called_deleted(project: Path) -> None:
    """A locked version whose file does not load is reported for its own error, not as removed from the lock."""
    data = project / "data"
    edit(data / "entities/arctic-code/notices/privacy/2026-02-01.yml", "kind: controller", "kind: controller\nkind: controller")
    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=project)
    assert rc == 1
    assert "duplicate key 'kind'" in out
    assert "no longer exists" not in out


def test_a_hand_written_page_in_another_encoding_is_a_data_error(project: Path) -> None:
    """MkDocs stops mid-build on such a page; validate names it with its line, as a build does."""
    (project / "docs").mkdir()
    (project / "docs/about.md").write_bytes("# About\n\nWritten on Åland.\n".encode("latin-1"))
    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=project)
    assert rc == 1
    assert "docs/about.md:3:12: the page is not UTF-8 text (byte 0xC5 cannot be decoded); save it as UTF-8" in out.splitlines()
