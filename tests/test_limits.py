"""Limits are enforced: the command never hangs, grows without bound or prints a traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from broken_cases import BROKEN, FIXTURE, expected, materialize
from conftest import ROOT, run_cli

MEASURE = (
    "import resource, sys\n"
    "from privacy_notices.cli import main\n"
    "rc = main(sys.argv[1:])\n"
    "print('MAXRSS_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(rc)\n"
)
"""Run the command and report the process's peak memory (Linux: kilobytes)."""


def bomb(levels: int) -> str:
    """A "billion laughs" notice: nine aliases of the level below, ``levels`` deep (9**levels strings)."""
    lines = ["kind: controller", "title: Privacy notice", 'l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels + 1):
        lines.append(f"l{n}: &l{n} [" + ",".join([f"*l{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [8, 30])
def test_an_alias_bomb_is_refused_without_growing(levels: int, tmp_path: Path) -> None:
    root = materialize(BROKEN / "59-alias-bomb", tmp_path)
    (root / "data/entities/acme/notices/privacy/2024-01-01.yml").write_text(bomb(levels), "utf-8")
    proc = subprocess.run([sys.executable, "-c", MEASURE, "validate"], cwd=root, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "YAML aliases ('*name') are not allowed in data files" in proc.stdout
    assert "Traceback" not in proc.stderr
    peak_mb = int(proc.stderr.split("MAXRSS_KB")[1].split()[0]) / 1024
    assert peak_mb < 200, f"peak memory {peak_mb:.0f} MB"


def test_a_huge_data_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    path = tmp_path / "data/entities/acme/notices/privacy/2024-01-01.yml"
    text = "kind: controller\ntitle: Privacy notice\nintro: " + "x" * 2_000_000 + "\n"
    path.write_text(text, "utf-8")
    rc, out, err = run_cli("validate", cwd=tmp_path)
    assert rc == 1
    assert out.splitlines() == [f"data/entities/acme/notices/privacy/2024-01-01.yml:1:1: the file is {len(text):,} bytes; data files may be at most 1,000,000 bytes: split it or remove what does not belong"]


def test_a_huge_catalog_is_refused(tmp_path: Path) -> None:
    root = materialize(BROKEN / "90-catalog-unknown-charset", tmp_path)
    path = root / "data/locales/fi/acme.po"
    path.write_text('msgid "Customers"\nmsgstr "' + "x" * 5_000_000 + '"\n', "utf-8")
    rc, out, err = run_cli("validate", cwd=root)
    assert rc == 1
    assert "data/locales/fi/acme.po:1:1: the catalog is 5,000,028 bytes; catalogs may be at most 4,000,000 bytes" in out


def test_deep_nesting_is_refused_before_it_is_built(tmp_path: Path) -> None:
    """Ten thousand levels would exhaust Python's stack if the tree were ever built."""
    root = materialize(BROKEN / "61-ten-thousand-levels-of-nesting", tmp_path)
    rc, out, err = run_cli("validate", cwd=root)
    assert out.splitlines() == expected(BROKEN / "61-ten-thousand-levels-of-nesting")
    assert "RecursionError" not in out + err


def test_a_symlink_to_a_system_file_is_never_quoted(tmp_path: Path) -> None:
    root = materialize(BROKEN / "78-entity-file-linked-to-system-file", tmp_path)
    rc, out, err = run_cli("validate", cwd=root)
    assert rc == 1
    assert "root:" not in out + err, "nothing of /etc/passwd is shown"


def test_broken_pipe_ends_quietly() -> None:
    """`notices i18n status | head -1`: the reader leaves early; no traceback, no noise."""
    env = {**os.environ, "NOTICES_AS_OF": "2026-06-01"}
    proc = subprocess.run(
        f"{sys.executable} -m privacy_notices.cli i18n status | head -1", shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120, env=env
    )
    assert proc.stdout.startswith("language")
    assert proc.stderr == ""


def test_an_unexpected_error_is_one_line_that_says_it_is_a_bug(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from privacy_notices import cli\n"
        "def broken(*args, **kwargs):\n"
        "    raise TypeError('something the code did not expect')\n"
        "cli.cmd_validate = broken\n"
        "sys.exit(cli.main(['validate']))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "NOTICES_DEBUG"}
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60, env=env)
    assert proc.returncode == 70
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
    assert "internal error (TypeError: something the code did not expect); this is a bug" in proc.stderr


def test_an_interrupt_ends_with_130(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from privacy_notices import cli\n"
        "def interrupted(*args, **kwargs):\n"
        "    raise KeyboardInterrupt\n"
        "cli.cmd_validate = interrupted\n"
        "sys.exit(cli.main(['validate']))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 130
    assert proc.stderr == "notices: interrupted\n"
