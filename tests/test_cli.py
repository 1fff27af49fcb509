"""The command line explains itself."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, installed_command


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "privacy_notices.cli", *args], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_main_help_lists_commands_and_environment() -> None:
    proc = run("--help")
    assert proc.returncode == 0
    for word in ("validate", "schema", "NOTICES_DATA", "NOTICES_AS_OF", "mkdocs build"):
        assert word in proc.stdout


def _choices(*args: str) -> list[str]:
    """The commands argparse accepts after ``args``, as its error for an unknown one names them."""
    proc = run(*args, "no-such-command")
    assert proc.returncode == 2
    return re.findall(r"'([\w-]+)'", proc.stderr.split("choose from", 1)[1])


def test_main_help_lists_each_command_once_with_a_line_that_explains_it() -> None:
    text = run("--help").stdout
    commands = [c for c in _choices() if c != "i18n"] + [f"i18n {c}" for c in _choices("i18n")]
    assert len(commands) > 10
    for command in commands:
        lines = [line for line in text.splitlines() if re.match(rf"\s+{re.escape(command)}(\s|$)", line)]
        assert len(lines) == 1, f"{command}: {lines}"
        assert re.fullmatch(rf"\s+{re.escape(command)}\s{{2,}}\w.{{10,}}", lines[0]), lines[0]
    assert not [line for line in text.splitlines() if line.strip() == "i18n"], "argparse's own list is not shown beside ours"
    assert text.startswith("usage: notices [-h] [--version] COMMAND ...")


@pytest.mark.parametrize("command, words", [("validate", ["LINE:COLUMN", "Exit status", "--data", "--as-of"]), ("schema", ["entity.schema.json", "--check", "--out"])])
def test_each_command_explains_itself(command: str, words: list[str]) -> None:
    proc = run(command, "--help")
    assert proc.returncode == 0
    for word in words:
        assert word in proc.stdout


def test_new_version_help_shows_the_changes_placeholder_it_writes() -> None:
    from privacy_notices.cli.versions import CHANGES_STUB

    text = run("new-version", "--help").stdout
    for line in CHANGES_STUB.splitlines():
        assert f"  {line}\n" in text, line
    assert "PN173" in text and "refuses it" in text


def test_no_command_prints_help_and_fails() -> None:
    proc = run()
    assert proc.returncode == 2
    assert "Commands:" in proc.stdout


def test_console_script_is_installed() -> None:
    exe = installed_command("notices")
    assert exe, "pip install -e . provides the `notices` command"
    proc = subprocess.run([exe, "validate"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert "no errors" in proc.stdout


def test_notices_serve_renders_only_what_a_save_touches_unless_told_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """`notices serve` is `serve --dirty` of the engine; `--full` rebuilds everything; a wrong engine is a usage error."""
    from privacy_notices import cli
    from privacy_notices.cli import building  # the engine runs from there

    ran: list[list[str]] = []
    envs: list[dict[str, str]] = []

    def fake_run(command: list[str], env: dict[str, str]) -> int:
        ran.append(command)
        envs.append(env)
        return 0

    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(building, "run_engine", fake_run)
    monkeypatch.setenv("NOTICES_ENGINE", "mkdocs")
    monkeypatch.delenv("NO_MKDOCS_2_WARNING", raising=False)
    assert cli.main(["serve"]) == 0
    assert ran[-1][1:4] == ["-m", "mkdocs", "serve"] and "--dirty" in ran[-1]
    assert envs[-1]["NO_MKDOCS_2_WARNING"], "Material's end-of-life banner stays silent"
    assert cli.main(["serve", "--full"]) == 0
    assert "--dirty" not in ran[-1]
    monkeypatch.setenv("NOTICES_ENGINE", "hugo")
    assert cli.main(["serve"]) == 2
    assert len(ran) == 2, "nothing runs with an unknown engine"


def test_serve_and_build_take_the_engines_common_options_and_name_the_dash_dash_form_for_the_rest(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """`notices serve -a 127.0.0.1:8766` serves there; an option it does not know says how to pass it on, in one line."""
    from privacy_notices import cli
    from privacy_notices.cli import building  # the engine runs from there

    ran: list[list[str]] = []
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(building, "run_engine", lambda command, env: ran.append(command) or 0)
    monkeypatch.setenv("NOTICES_ENGINE", "mkdocs")
    assert cli.main(["serve", "-a", "127.0.0.1:8766", "--open", "-w", "docs", "-w", "overrides", "-q", "--", "--watch-theme"]) == 0
    assert ran[-1][ran[-1].index("serve") + 1 :] == [
        "-f", str(ROOT / "mkdocs.yml"), "--dirty", "--quiet", "--dev-addr", "127.0.0.1:8766", "--open", "--watch", "docs", "--watch", "overrides", "--watch-theme",
    ]
    assert cli.main(["build", "--strict", "-v", "--site-dir", "elsewhere"]) == 0
    assert ran[-1][ran[-1].index("build") + 1 :] == ["-f", str(ROOT / "mkdocs.yml"), "--strict", "--verbose", "--site-dir", "elsewhere"]
    capsys.readouterr()
    for command in ("serve", "build"):
        assert cli.main([command, "--watch-theme"]) == 2
        err = capsys.readouterr().err
        assert err == f"notices {command}: unrecognized arguments: --watch-theme; the engine's other options go after --: notices {command} -- --watch-theme\n"
    assert len(ran) == 2, "nothing runs on an option it does not know"


def test_notices_build_silences_materials_end_of_life_banner(tmp_path: Path) -> None:
    """Material prints its end-of-life notice on every `mkdocs` start unless NO_MKDOCS_2_WARNING is set; `notices build` sets it for its engine."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_MKDOCS_2_WARNING", "DISABLE_MKDOCS_2_WARNING")}
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "plain")], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert plain.returncode == 0 and "end of life" in plain.stderr, "the README says what prints it; if Material stops, say so there"
    ours = subprocess.run(
        [sys.executable, "-m", "privacy_notices.cli", "build", "--", "-q", "-d", str(tmp_path / "ours")],
        cwd=ROOT, env={**env, "NOTICES_ENGINE": "mkdocs"}, capture_output=True, text=True, timeout=300,
    )
    assert ours.returncode == 0, ours.stderr
    assert "end of life" not in ours.stdout + ours.stderr
