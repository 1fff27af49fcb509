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


NESTED = {
    "flow": "kind: controller\ntitle: " + "[" * 2000 + "]" * 2000 + "\n",
    "block": "kind: controller\ntitle:\n" + "".join("  " * i + "-\n" for i in range(1, 900)),
}
"""Far deeper than the format allows, in both styles of YAML; the flow style deeper than libyaml's own
limit (1,000 levels since libyaml 0.2.6). Block style that deep would not fit in a file of the largest
size read, so it meets libyaml's limit only where the test lowers it."""


@pytest.mark.parametrize("style", NESTED)
@pytest.mark.parametrize("libyaml_limit", [None, 30])
def test_nesting_is_reported_the_same_whatever_limit_libyaml_has(style: str, libyaml_limit: int | None, tmp_path: Path) -> None:
    """libyaml's own nesting limit (PyYAML 6.0.4) fires first on such input; the message stays the project's.

    With ``libyaml_limit`` the limit is lowered where PyYAML lets a program set it, so that it
    fires just above the project's own; where it cannot be set, the file is read as before.
    """
    import yaml

    from privacy_notices.data.errors import ErrorLog
    from privacy_notices.data.yamlsource import MAX_DEPTH, load_yaml

    native = getattr(yaml, "_yaml", None)
    setter, getter = getattr(native, "_set_max_nest_level", None), getattr(native, "_get_max_nest_level", None)
    restore = None
    if libyaml_limit is not None and setter is not None and getter is not None and getter() != -1:
        restore = getter()
        setter(libyaml_limit)
    path = tmp_path / "2024-01-01.yml"
    path.write_text(NESTED[style], "utf-8")
    log = ErrorLog()
    try:
        assert load_yaml(path, log) is None
    finally:
        if restore is not None and setter is not None:
            setter(restore)
    [error] = log.sorted()
    # The first collection deeper than MAX_DEPTH: the root mapping is level 1, so the (MAX_DEPTH)th list.
    line, column = (2, 8 + MAX_DEPTH - 1) if style == "flow" else (2 + MAX_DEPTH, 2 * MAX_DEPTH + 1)
    assert (error.line, error.column) == (line, column), error
    assert error.message == f"the data nest more than {MAX_DEPTH} levels deep; the format needs far fewer, so check the indentation"


def test_libyamls_own_nesting_error_is_rewritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever release is installed: a parser that stops at its own limit still gives the project's message."""
    import yaml

    from privacy_notices.data import yamlsource
    from privacy_notices.data.errors import ErrorLog

    real_parse = yaml.parse

    def parse_with_a_limit(text: str, Loader: type) -> object:
        if Loader is yaml.SafeLoader:
            yield from real_parse(text, Loader=Loader)
            return
        mark = yaml.Mark("<unicode string>", 0, 1, 1500, text, 0)
        raise yaml.scanner.ScannerError("while increasing flow level", mark, "exceeded maximum nesting depth", mark)

    monkeypatch.setattr(yamlsource.yaml, "parse", parse_with_a_limit)
    path = tmp_path / "2024-01-01.yml"
    path.write_text(NESTED["flow"], "utf-8")
    log = ErrorLog()
    assert yamlsource.load_yaml(path, log) is None
    assert [e.format(tmp_path) for e in log.sorted()] == [
        f"2024-01-01.yml:2:{8 + yamlsource.MAX_DEPTH - 1}: the data nest more than {yamlsource.MAX_DEPTH} levels deep; the format needs far fewer, so check the indentation"
    ]


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
