"""One set of settings: `notices validate`, a build and the hooks find the same data folder and hand-written pages.

The data folder is --data, else NOTICES_DATA, else ``data/`` beside
mkdocs.yml; the hand-written pages are mkdocs.yml's ``docs_dir``, relative
to mkdocs.yml, wherever the data are. The variables reach the engine's
process through :meth:`Settings.to_environment` and come back the same.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import AS_OF, ENGINE, ROOT, copy_project, run_cli
from privacy_notices.data.settings import Settings, configured_docs

CLASH = "'acme.md' takes the address /acme/, which belongs to the entity 'acme'; rename it"


@pytest.fixture
def elsewhere(tmp_path: Path) -> tuple[Path, Path]:
    """A project whose pages are in ``pages/`` (one of them takes an entity's address), and its data in another folder."""
    project = tmp_path / "site"
    project.mkdir()
    copy_project(project, ("mkdocs.yml", "overrides", "hooks"))
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8").replace("docs_dir: docs\n", "docs_dir: pages\n").replace("  - data\n", "")  # no data/ to watch here
    config.write_text(text, "utf-8")
    (project / "pages").mkdir()
    (project / "pages" / "acme.md").write_text("# Acme\n", "utf-8")
    data = tmp_path / "shared" / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal" / "data", data)
    (data.parent / "docs").mkdir()  # what `notices validate` used to guess: beside the data, and clean
    return project, data


def test_validate_and_a_build_check_the_configured_pages_wherever_the_data_are(elsewhere: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    project, data = elsewhere
    monkeypatch.setenv("NOTICES_DATA", str(data))
    rc, out, err = run_cli("validate", "--as-of", AS_OF, cwd=project)
    assert rc == 1
    assert f"pages/acme.md:1:1: {CLASH}" in out, out + err
    env = {**os.environ, "NOTICES_AS_OF": AS_OF, "NOTICES_DATA": str(data), "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    build = subprocess.run(
        [sys.executable, "-m", ENGINE, "build", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )
    assert build.returncode != 0
    assert "pages/acme.md:1:1: " + CLASH in build.stdout + build.stderr


def test_the_data_folder_is_the_flag_then_the_variable_then_beside_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    (tmp_path / "docs").mkdir()
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    found = Settings.from_environment({}, cwd=inner)
    assert (found.config_file, found.data, found.data_from, found.docs) == (tmp_path / "mkdocs.yml", tmp_path / "data", None, tmp_path / "docs")
    named = Settings.from_environment({"NOTICES_DATA": "../d"}, cwd=inner)
    assert (named.data, named.data_from, named.docs) == (Path("../d"), "NOTICES_DATA", tmp_path / "docs")
    assert Settings.from_environment({"NOTICES_DATA": "x"}, cwd=inner, data=Path("y")).data_from == "--data"
    nowhere = Settings.from_environment({}, cwd=Path("/"))
    assert (nowhere.config_file, nowhere.data) == (None, Path("data"))


def test_docs_dir_comes_from_mkdocs_yml_or_the_file_it_inherits(tmp_path: Path) -> None:
    (tmp_path / "base.yml").write_text("docs_dir: pages\ntheme:\n  name: material\n", "utf-8")
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\n", "utf-8")
    assert configured_docs(tmp_path / "mkdocs.yml") == tmp_path / "pages"
    (tmp_path / "mkdocs.yml").write_text("site_name: [unclosed\n", "utf-8")
    assert configured_docs(tmp_path / "mkdocs.yml") == tmp_path / "docs", "MkDocs names what is wrong with the file"


def test_the_settings_reach_the_engines_process_unchanged(tmp_path: Path) -> None:
    environ = {
        "NOTICES_AS_OF": " 2026-01-02", "NOTICES_DEBUG": "1", "NOTICES_ENGINE": "mkdocs", "NOTICES_PREVIEW": "yes",
        "NOTICES_PREVIEW_PR": "12", "NOTICES_PREVIEW_COMMIT": "abcdef0", "NOTICES_SITE_URL": " https://example.org/pr-12/ ", "PATH": "/bin",
    }
    given = Settings.from_environment(environ, cwd=tmp_path, data=tmp_path, mode="draft")
    child = given.to_environment(environ)
    assert child["PATH"] == "/bin" and child["NOTICES_AS_OF"] == "2026-01-02" and child["NOTICES_DATA"] == str(tmp_path.resolve())
    again = Settings.from_environment(child, cwd=tmp_path)
    assert again.as_of() == given.as_of()
    assert (again.data.resolve(), again.mode, again.preview, again.preview_pr, again.preview_commit, again.site_url, again.debug, again.engine) == (
        tmp_path.resolve(), "draft", True, "12", "abcdef0", "https://example.org/pr-12/", True, "mkdocs",
    )
    assert "NOTICES_PREVIEW" not in Settings.from_environment({}, cwd=tmp_path).to_environment({"NOTICES_PREVIEW": "0"})


def test_a_wrong_day_stops_each_command_that_uses_it_with_one_line_and_no_other(minimal_data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NOTICES_AS_OF", "2026-13-01")
    for command in (("validate",), ("check",), ("i18n", "update"), ("i18n", "status"), ("lock",)):
        rc, out, err = run_cli(*command, "--data", str(minimal_data), cwd=minimal_data.parent)
        assert (rc, err) == (2, f"notices {' '.join(command)}: NOTICES_AS_OF: expected a date written as YYYY-MM-DD, found '2026-13-01'\n"), out
    rc, out, err = run_cli("schema", "--check", "--out", str(ROOT / "schema"), cwd=minimal_data.parent)
    assert rc == 0, err
