"""No command reads or writes through a link out of the data folder or to nothing, and none opens a FIFO.

A checkout holds whatever links a pull request made. Each test lays links
(or a named pipe) into a copy of the data, runs a command, and compares a
snapshot of everything outside the data folder, and where nothing may be
written of the data folder too, before and after.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from broken_cases import BROKEN, FIXTURE, materialize
from conftest import ROOT, run_cli
from privacy_notices.data import paths
from privacy_notices.authoring import swap

AS_OF = "2026-06-01"

Snapshot = dict[str, tuple[str, bytes]]


def snapshot(folder: Path) -> Snapshot:
    """Every file, folder and link under ``folder`` (links not followed): its kind and its bytes or target."""
    found: Snapshot = {}
    for directory, names, files in os.walk(folder):
        for name in names + files:
            path = Path(directory) / name
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                found[path.relative_to(folder).as_posix()] = ("link", os.readlink(path).encode())
            elif stat.S_ISREG(mode):
                found[path.relative_to(folder).as_posix()] = ("file", path.read_bytes())
            else:
                found[path.relative_to(folder).as_posix()] = ("folder" if stat.S_ISDIR(mode) else "other", b"")
    return found


def case(name: str, tmp_path: Path) -> Path:
    """A case of the hostile corpus, laid out in ``tmp_path`` (data/ and outside/ side by side)."""
    return materialize(next(BROKEN.glob(f"{name}-*")), tmp_path)


def passwd_lines() -> list[str]:
    """The lines of /etc/passwd long enough to be recognised if any of them were printed."""
    return [line for line in Path("/etc/passwd").read_text("utf-8", "replace").splitlines() if len(line) > 8]


@pytest.mark.parametrize(
    "name, args",
    [
        ("110", ("i18n", "update")),
        ("111", ("i18n", "update")),
        ("113", ("lock", "--as-of", "2025-01-01")),
        ("113", ("lock", "--prune")),
    ],
    ids=["update-through-a-folder-link", "update-through-a-link-to-nothing", "lock-through-a-link-to-nothing", "prune-through-a-link-to-nothing"],
)
def test_a_command_writes_nothing_anywhere_through_a_link(name: str, args: tuple[str, ...], tmp_path: Path) -> None:
    root = case(name, tmp_path)
    before = snapshot(root)
    rc, out, err = run_cli(*args, cwd=root)
    assert rc == 1, out + err
    assert snapshot(root) == before, "nothing inside or outside the data folder was written"
    assert "Traceback" not in out + err
    assert "data/locales/fi" in out or "data/notices.lock" in out, out


def test_update_through_a_linked_locales_folder_writes_nothing(tmp_path: Path) -> None:
    """`data/locales` itself leads out: every catalog under it would be written there."""
    root = case("111", tmp_path)
    (root / "data/locales/fi/acme.po").unlink()
    shutil.rmtree(root / "data/locales")
    (root / "outside/locales/fi").mkdir(parents=True)
    (root / "data/locales").symlink_to(root / "outside/locales")
    before = snapshot(root)
    rc, out, err = run_cli("i18n", "update", cwd=root)
    assert rc == 1
    assert out.splitlines() == [
        "data/locales:1:1: this is a link to a folder outside the data folder; only files inside it are read or written: copy the folder in instead"
    ]
    assert err == "1 error in 1 file; no catalog was written.\n"
    assert snapshot(root) == before


def test_a_refused_catalog_folder_is_one_error_not_every_text_missing(tmp_path: Path) -> None:
    """Finnish is required: its texts are in catalogs nobody may read, which is said once."""
    root = case("110", tmp_path)
    (root / "data/site.yml").write_text("name: Acme notices\nsource_language: en\nlanguages: [en, fi]\nrequired_languages: [fi]\n", "utf-8")
    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=root)
    assert rc == 1
    assert out.splitlines() == (BROKEN / "110-locales-folder-linked-out-of-data/expected.txt").read_text("utf-8").splitlines()


def test_a_lock_linked_to_a_file_elsewhere_is_neither_read_nor_overwritten(tmp_path: Path) -> None:
    root = materialize(BROKEN / "113-lock-file-linked-to-nothing", tmp_path)
    (root / "outside").mkdir(exist_ok=True)
    (root / "outside/lock-that-was-never-written").write_text('{"versions": {}}\n', "utf-8")
    before = snapshot(root)
    for args in (("lock", "--as-of", "2025-01-01"), ("lock", "--prune"), ("validate", "--as-of", AS_OF)):
        rc, out, err = run_cli(*args, cwd=root)
        assert rc == 1, (args, out, err)
        assert out.splitlines()[0] == (
            "data/notices.lock:1:1: this is a link to something outside the data folder; only files inside it are read or written: copy the file in instead"
        ), (args, out)
    assert snapshot(root) == before


def test_a_locked_version_that_became_a_link_to_nothing_is_refused_not_called_deleted(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    assert run_cli("lock", "--as-of", "2025-01-01", cwd=tmp_path)[0] == 0
    version = tmp_path / "data/entities/acme/notices/privacy/2024-01-01.yml"
    version.unlink()
    version.symlink_to(tmp_path / "outside/privacy.yml")
    lock_before = (tmp_path / "data/notices.lock").read_bytes()
    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=tmp_path)
    assert rc == 1
    assert out.splitlines() == [f"data/entities/acme/notices/privacy/2024-01-01.yml:1:1: {paths.DANGLING}"]
    rc, out, err = run_cli("lock", "--prune", cwd=tmp_path)
    assert rc == 0 and "removed" not in out, "its entry stays: the version was not deleted"
    assert (tmp_path / "data/notices.lock").read_bytes() == lock_before


@pytest.mark.parametrize(
    "link, target",
    [
        ("data/entities/acme/notices/privacy/2026-01-01.yml", "outside/new-version.yml"),
        ("data/entities/acme/notices/privacy", "outside/privacy"),
        ("data/entities/acme/notices/privacy/2025-01-01.yml", "outside/notice.yml"),
    ],
    ids=["the-new-file-is-a-link-to-nothing", "the-notice-folder-leads-out", "the-version-copied-leads-out"],
)
def test_new_version_writes_nothing_through_a_link(link: str, target: str, tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "outside").mkdir()
    privacy = tmp_path / "data/entities/acme/notices/privacy"
    if target == "outside/privacy":
        shutil.move(privacy, tmp_path / target)
    elif target == "outside/notice.yml":
        shutil.copy(privacy / "2024-01-01.yml", tmp_path / target)
    (tmp_path / link).symlink_to(tmp_path / target)
    before = snapshot(tmp_path)
    rc, out, err = run_cli("new-version", "acme/privacy", "2026-01-01", cwd=tmp_path)
    assert rc == 1, out + err
    assert err.splitlines()[0].startswith(f"{link}:1:1: this is a link to "), err
    assert err.splitlines()[-1] == "notices new-version: 1 error in 1 file; nothing was written."
    assert snapshot(tmp_path) == before


def test_new_version_refuses_a_notice_named_outside_the_data_folder(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "elsewhere/x").mkdir(parents=True)
    (tmp_path / "elsewhere/x/2024-01-01.yml").write_text("kind: cookies\ntitle: Elsewhere\n", "utf-8")
    before = snapshot(tmp_path)
    # data/entities/acme/notices/../../../../elsewhere/x is a folder, beside data/.
    rc, out, err = run_cli("new-version", "acme/../../../../elsewhere/x", "2026-01-01", cwd=tmp_path)
    assert rc == 2 and "no notice 'acme/../../../../elsewhere/x'" in err
    assert snapshot(tmp_path) == before


def test_swap_through_a_linked_catalog_folder_changes_nothing(tmp_path: Path) -> None:
    """The Swedish catalogs kept in another folder: the swap would read them and write its new catalog there."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.move(data / "locales/sv", tmp_path / "outside-sv")
    (data / "locales/sv").symlink_to(tmp_path / "outside-sv")
    before = snapshot(tmp_path)
    rc, out, err = run_cli("i18n", "swap", "skargard", "en", "--data", str(data), cwd=tmp_path)
    assert rc == 1, out + err
    assert out.splitlines() == [
        "data/locales/sv:1:1: this is a link to a folder outside the data folder; only files inside it are read or written: copy the folder in instead"
    ]
    assert "nothing was changed" in err
    assert snapshot(tmp_path) == before


def test_a_write_that_was_not_checked_first_is_still_refused(tmp_path: Path) -> None:
    """The last guard: swap's writer itself refuses a link to nothing, before writing anything of the file."""
    data = tmp_path / "data"
    (data / "locales/fi").mkdir(parents=True)
    (data / "locales/fi/acme.po").symlink_to(tmp_path / "created-elsewhere.po")
    with pytest.raises(paths.Refused) as refused:
        swap._write(data, {data / "locales/fi/acme.po": b'msgid ""\nmsgstr ""\n'})
    assert refused.value.refusal == paths.Refusal(data / "locales/fi/acme.po", paths.DANGLING)
    assert not (tmp_path / "created-elsewhere.po").exists()


def test_a_catalog_linked_to_a_system_file_is_never_quoted_by_any_command(tmp_path: Path) -> None:
    root = case("112", tmp_path)
    for args in (("validate",), ("check",), ("i18n", "update"), ("i18n", "status"), ("lock", "--as-of", "2025-01-01")):
        rc, out, err = run_cli(*args, cwd=root)
        assert rc == 1, (args, out, err)
        assert "data/locales/fi/site.po:1:1: this is a link to something outside the data folder" in out + err, (args, out, err)
        assert not [line for line in passwd_lines() if line in out + err], f"{args}: nothing of /etc/passwd is shown"
    assert not (root / "data/locales/fi/acme.po").exists(), "update wrote no catalog beside the refused one"


def test_a_link_that_stays_inside_the_data_folder_is_followed(tmp_path: Path) -> None:
    """Sharing a version file or a catalog folder inside data/ works as before, reading and writing."""
    root = case("111", tmp_path)
    data = root / "data"
    (data / "locales/fi/acme.po").unlink()
    (data / "locales/fi").rmdir()
    (data / "shared/fi").mkdir(parents=True)
    (data / "locales/fi").symlink_to(data / "shared/fi")
    privacy = data / "entities/acme/notices/privacy/2024-01-01.yml"
    shutil.move(privacy, data / "shared/privacy.yml")
    privacy.symlink_to(data / "shared/privacy.yml")
    rc, out, err = run_cli("i18n", "update", cwd=root)
    assert rc == 0, out + err
    assert "updated data/locales/fi/acme.po" in out
    assert (data / "shared/fi/acme.po").is_file() and (data / "shared/fi/site.po").is_file()
    rc, out, err = run_cli("validate", "--draft", "--as-of", AS_OF, cwd=root)
    assert rc == 0, out + err


FIFO_PLACES = {
    "data/site.yml": ["validate", "i18n update", "lock"],
    "data/entities/acme/entity.yml": ["validate", "i18n update", "lock"],
    "data/entities/acme/notices/privacy/2024-01-01.yml": ["validate", "i18n update", "lock"],
    "data/locales/fi/acme.po": ["validate", "i18n update", "i18n status", "lock"],
    "data/notices.lock": ["validate", "lock", "lock --prune"],
    "docs/about.md": ["validate"],
}
"""Every kind of file a command reads, each once a named pipe (reading one would wait for a writer that never
comes), with the commands that read it."""


@pytest.mark.parametrize("place", FIFO_PLACES)
def test_a_named_pipe_is_refused_without_waiting(place: str, tmp_path: Path) -> None:
    root = case("111", tmp_path)
    (root / "data/locales/fi/acme.po").unlink()
    (root / place).parent.mkdir(parents=True, exist_ok=True)
    (root / place).unlink(missing_ok=True)
    os.mkfifo(root / place)
    for command in FIFO_PLACES[place]:
        args = [sys.executable, "-m", "privacy_notices.cli", *command.split(), *(["--as-of", "2025-01-01"] if command == "lock" else [])]
        proc = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=60)
        assert proc.returncode == 1, (command, proc.stdout, proc.stderr)
        assert f"{place}:1:1: this is a named pipe (FIFO), not a regular file" in proc.stdout + proc.stderr, (command, proc.stdout, proc.stderr)
        assert "Traceback" not in proc.stderr
    assert stat.S_ISFIFO((root / place).lstat().st_mode), "left as it was"


def test_schemas_are_not_written_through_a_link_out_of_their_folder(tmp_path: Path) -> None:
    out = tmp_path / "schema"
    out.mkdir()
    (tmp_path / "bashrc").write_text("keep me\n", "utf-8")
    (out / "site.schema.json").symlink_to(tmp_path / "bashrc")
    (out / "entity.schema.json").symlink_to(tmp_path / "nothing-here.json")
    for check in ((), ("--check",)):
        rc, stdout, err = run_cli("schema", "--out", str(out), *check, cwd=tmp_path)
        assert rc == 2, stdout + err
        assert err.splitlines() == [
            f"notices schema: schema/site.schema.json: {paths.OUTSIDE.format(within='schema/')}",
            f"notices schema: schema/entity.schema.json: {paths.DANGLING}",
        ]
    assert (tmp_path / "bashrc").read_text("utf-8") == "keep me\n"
    assert not (tmp_path / "nothing-here.json").exists()
    assert sorted(p.name for p in out.iterdir()) == ["entity.schema.json", "site.schema.json"]


@pytest.mark.parametrize(
    "layout, expected",
    [
        ({}, None),
        ({"data/a.yml": "outside/a.yml"}, ("data/a.yml", paths.OUTSIDE.format(within=paths.DATA))),
        ({"data/a.yml": "outside/none.yml"}, ("data/a.yml", paths.DANGLING)),
        ({"data/a.yml": "data/b.yml", "data/b.yml": "data/a.yml"}, ("data/a.yml", paths.LOOP)),
        ({"data/a.yml": "data/shared/a.yml"}, None),
        ({"data/shared": "outside"}, ("data/shared", paths.OUTSIDE_FOLDER.format(within=paths.DATA))),
        ({"data/shared": "data/elsewhere"}, ("data/shared", paths.DANGLING)),
    ],
    ids=["a-file", "outside", "to-nothing", "loop", "inside", "folder-on-the-way", "folder-on-the-way-to-nothing"],
)
def test_problem_names_the_link_at_fault(layout: dict[str, str], expected: tuple[str, str] | None, tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/a.yml").write_text("x", "utf-8")
    (tmp_path / "data").mkdir()
    if "data/shared" not in layout:
        (tmp_path / "data/shared").mkdir()
        (tmp_path / "data/shared/a.yml").write_text("x", "utf-8")
    if not layout:
        (tmp_path / "data/a.yml").write_text("x", "utf-8")
    for link, target in layout.items():
        (tmp_path / link).symlink_to(tmp_path / target)
    wanted = tmp_path / ("data/shared/a.yml" if "data/shared" in layout else "data/a.yml")
    found = paths.problem(wanted, tmp_path / "data")
    if expected is None:
        assert found is None
    else:
        assert found is not None and (found.path.relative_to(tmp_path).as_posix(), found.reason) == expected
