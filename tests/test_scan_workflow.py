"""The scheduled website scan as its issues meet it: .github/scripts/scan_issues.py with a fake GitHub and a `notices` that loads no website.

The `notices` the script runs here is the project's own command, on the shops of
tests/fixtures/scan, with only the browser replaced: it hands back the cookies a test
chose, or fails as a site that cannot be reached fails. So the reports, exit statuses
and entity lists the script reads are the real command's, and so are its checks of
what it is given. The API is tests/test_preview_workflow.py's fake, answering for issues.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import re
import sys
import urllib.parse
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT
from test_preview_workflow import REPO, FakeGitHub
from test_report_safety import parser

SCRIPTS = ROOT / ".github" / "scripts"
WORKFLOW = ROOT / ".github" / "workflows" / "scan.yml"
DATA = ROOT / "tests" / "fixtures" / "scan" / "data"
BOT = "github-actions[bot]"
RUN_URL = f"https://github.com/{REPO}/actions/runs/501"


def _load() -> Any:
    """The script as its step runs it: .github/scripts/ first on the path, where it finds preview.py."""
    sys.path.insert(0, str(SCRIPTS))
    try:
        spec = importlib.util.spec_from_file_location("scan_issues", SCRIPTS / "scan_issues.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SCRIPTS))


scan_issues = _load()

FAKE_NOTICES = """#!{python}
# `notices`, with a browser that hands back the cookies FAKE_SITES gives the entity, or fails as FAKE_SITES says.
import json, os, sys, types
from pathlib import Path

from privacy_notices.scan.observed import Observation, PhaseRecord, ScanFailed, SeenCookie, SeenHost

T0 = 1796299200.0  # 2026-12-03, the as-of day below
with open(os.environ["FAKE_LOG"], "a", encoding="utf-8") as log:
    log.write(json.dumps({{"argv": sys.argv[1:], "tokens": sorted(n for n in os.environ if "TOKEN" in n)}}) + "\\n")


def visit(plan, settings=None):
    site = json.loads(Path(os.environ["FAKE_SITES"]).read_text("utf-8"))[sys.argv[2]]
    page = plan.pages[0]
    if "fail" in site:
        raise ScanFailed(page, site["fail"])
    here = [SeenHost(plan.base.split("/")[2].split(":")[0], page, page, False)]
    return Observation(plan.base, T0, [
        PhaseRecord(phase, [SeenCookie(name, "www.shop.test", "/", T0 + days * 86400, T0, page, False) for name, days in site.get(phase, [])], [], here)
        for phase in ("before_consent", "after_accepting", "after_rejecting")
    ])


sys.modules["privacy_notices.scan.browser"] = types.SimpleNamespace(visit=visit)
from privacy_notices.cli import main

sys.exit(main([sys.argv[1], "--data", os.environ["FAKE_DATA"], "--as-of", "2026-12-03", *sys.argv[2:]]))
"""

TIDY = {"after_accepting": [["consent", 180], ["_trk_id", 1]], "after_rejecting": [["consent", 180]]}
"""What the tidy shop's cookie policy says, and nothing else: a scan finds nothing."""


def storing(*names: str) -> dict[str, Any]:
    """The tidy shop, storing ``names`` too (a year each) before any consent: an error for each."""
    return {**TIDY, "before_consent": [[name, 365] for name in names]}


def issue(number: int, body: str, login: str = BOT, state: str = "open", labels: tuple[str, ...] = ("website-scan",)) -> dict[str, Any]:
    return {"number": number, "title": "t", "body": body, "state": state, "user": {"login": login}, "labels": [{"name": name} for name in labels]}


class FakeIssues(FakeGitHub):
    """GitHub's issues API for one repository, in memory, as the scan's token meets it; every call is recorded."""

    def __init__(self, issues: list[dict[str, Any]] | None = None, keeps_labels: bool = True) -> None:
        super().__init__([])
        self.issues = {i["number"]: i for i in issues or []}
        self.keeps_labels = keeps_labels
        self.issue_comments: list[tuple[int, str]] = []

    def _answer(self, method: str, path: str, body: Any = None) -> Any:
        prefix = f"/repos/{REPO}/issues"
        assert path.startswith(prefix), f"a call outside the repository's issues: {path}"
        route, _, query = path[len(prefix):].partition("?")
        if method == "GET" and route == "":
            asked = dict(urllib.parse.parse_qsl(query))
            assert asked["state"] == "all" and int(asked["per_page"]) == 100
            found = [
                i for _, i in sorted(self.issues.items())
                if asked["labels"] in [label["name"] for label in i["labels"]] and i["user"]["login"] == asked.get("creator", i["user"]["login"])
            ]
            start = (int(asked["page"]) - 1) * 100
            return [dict(i) for i in found[start : start + 100]]
        if method == "POST" and route == "":
            assert set(body) == {"title", "body", "labels"}
            number = max(self.issues, default=0) + 1
            labels = tuple(body["labels"]) if self.keeps_labels else ()
            self.issues[number] = {**issue(number, body["body"], labels=labels), "title": body["title"]}
            return dict(self.issues[number])
        if method == "PATCH" and (found := re.fullmatch(r"/(\d+)", route)):
            assert set(body) <= {"title", "body", "state", "state_reason"}
            self.issues[int(found[1])].update({k: v for k, v in body.items() if k != "state_reason"})
            return dict(self.issues[int(found[1])])
        if method == "POST" and (found := re.fullmatch(r"/(\d+)/comments", route)):
            self.issue_comments.append((int(found[1]), body["body"]))
            return {"id": len(self.issue_comments)}
        raise AssertionError(f"unexpected call {method} {path}")

    def ours(self) -> list[dict[str, Any]]:
        return [i for _, i in sorted(self.issues.items()) if i["user"]["login"] == BOT]


class Runner:
    """The scan step of the workflow, run as Actions runs it: its environment, `notices` on the PATH, the job's summary."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp = tmp_path
        bin_folder = tmp_path / "bin"
        bin_folder.mkdir()
        notices = bin_folder / "notices"
        notices.write_text(FAKE_NOTICES.format(python=sys.executable), "utf-8")
        notices.chmod(0o755)
        self.path = os.pathsep.join([str(bin_folder), os.environ.get("PATH", "")])
        self.log = tmp_path / "notices.log"
        self.summary = tmp_path / "summary.md"

    def __call__(self, api: FakeIssues | None, sites: dict[str, Any], **env: str) -> tuple[int, str]:
        """(exit status, what the step printed); an API the step must not ask for is None."""
        (self.tmp / "sites.json").write_text(json.dumps(sites), "utf-8")
        environment = {
            "PATH": self.path, "FAKE_SITES": str(self.tmp / "sites.json"), "FAKE_LOG": str(self.log), "FAKE_DATA": str(DATA),
            "GITHUB_REPOSITORY": REPO, "GITHUB_RUN_ID": "501", "GITHUB_SERVER_URL": "https://github.com", "RUNNER_TEMP": str(self.tmp / "temp"),
            "GITHUB_STEP_SUMMARY": str(self.summary), "GITHUB_TOKEN": "ghs_secret", **env,
        }
        printed, old = io.StringIO(), sys.stdout
        sys.stdout = printed
        try:
            rc = scan_issues.main(environment, (lambda: api) if api else (lambda: pytest.fail("the API was asked for")))
        finally:
            sys.stdout = old
        return rc, printed.getvalue()

    def commands(self) -> list[list[str]]:
        """What the step ran `notices` with, each time."""
        runs = [json.loads(line) for line in self.log.read_text("utf-8").splitlines()] if self.log.exists() else []
        assert all(run["tokens"] == [] for run in runs), "the scan runs without the job's token"
        return [run["argv"] for run in runs]


@pytest.fixture
def step(tmp_path: Path) -> Runner:
    return Runner(tmp_path)


def test_a_scan_with_findings_opens_one_issue_with_the_label_and_the_marker(step: Runner) -> None:
    api = FakeIssues()
    rc, printed = step(api, {"tidy-shop": storing("extra_a")}, ENTITY="tidy-shop")
    assert rc == 0 and printed.splitlines() == ["::warning::Website scan of tidy-shop: 1 error, 0 warnings, 0 suppressed (#1 opened)"]
    [opened] = api.ours()
    assert opened["labels"] == [{"name": "website-scan"}] and opened["state"] == "open"
    assert opened["body"].startswith("<!-- notices-scan: tidy-shop -->\n## Website scan of tidy-shop (www.shop.test)\n")
    assert "PN201 error" in opened["body"] and "extra_a" in opened["body"] and RUN_URL in opened["body"]
    assert opened["title"] == "Website scan of tidy-shop: 1 error, 0 warnings, 0 suppressed"
    report = step.tmp / "temp" / "scan" / "tidy-shop.md"
    assert step.commands() == [["scan", "--entities"], ["scan", "tidy-shop", "--format", "markdown", "--output", str(report)]]
    assert report.read_text("utf-8") in step.summary.read_text("utf-8"), "the whole report is in the job's summary"


def test_a_second_scan_writes_over_the_same_issue(step: Runner) -> None:
    api = FakeIssues()
    step(api, {"tidy-shop": storing("extra_a")}, ENTITY="tidy-shop")
    before = len(api.calls)
    rc, printed = step(api, {"tidy-shop": storing("extra_b", "extra_c")}, ENTITY="tidy-shop")
    assert rc == 0 and "(#1 updated)" in printed
    [kept] = api.ours()
    assert "extra_b" in kept["body"] and "extra_c" in kept["body"] and "extra_a" not in kept["body"]
    assert kept["title"].endswith(": 2 errors, 0 warnings, 0 suppressed")
    assert [(m, p) for m, p, _ in api.calls[before:] if m != "GET"] == [("PATCH", f"/repos/{REPO}/issues/1")]


def test_a_scan_that_finds_nothing_closes_the_issue_with_a_comment_and_a_new_finding_reopens_it(step: Runner) -> None:
    api = FakeIssues()
    step(api, {"tidy-shop": storing("extra_a")}, ENTITY="tidy-shop")
    rc, printed = step(api, {"tidy-shop": TIDY}, ENTITY="tidy-shop")
    assert rc == 0 and "tidy-shop: nothing found; #1 closed" in printed
    assert api.issues[1]["state"] == "closed" and "extra_a" in api.issues[1]["body"], "the last findings stay readable"
    [(number, comment)] = api.issue_comments
    assert number == 1 and "found nothing" in comment and RUN_URL in comment
    writes = len(api.touched())
    rc, printed = step(api, {"tidy-shop": TIDY}, ENTITY="tidy-shop")
    assert rc == 0 and "nothing found; no issue open" in printed and len(api.touched()) == writes
    rc, printed = step(api, {"tidy-shop": storing("extra_d")}, ENTITY="tidy-shop")
    assert "#1 reopened" in printed and [i["number"] for i in api.ours()] == [1]
    assert api.issues[1]["state"] == "open" and "extra_d" in api.issues[1]["body"]


def test_an_issue_that_only_looks_like_the_scans_is_left_alone(step: Runner) -> None:
    marker = "<!-- notices-scan: tidy-shop -->\n## Website scan of tidy-shop\nplanted"
    planted = [
        issue(1, marker, login="mallory"),  # anyone can open an issue with the label and the line
        issue(2, marker, labels=()),  # the bot's, but not the scan's
        issue(3, "See below.\n" + marker),  # the marker, but not on the first line
        issue(4, "<!-- notices-scan: shop -->\n## Website scan of shop"),  # another entity's
    ]
    api = FakeIssues([dict(i) for i in planted])
    rc, printed = step(api, {"tidy-shop": storing("extra_a")}, ENTITY="tidy-shop")
    assert rc == 0 and "tidy-shop: 1 error, 0 warnings, 0 suppressed (#5 opened)" in printed
    assert [api.issues[n] for n in (1, 2, 3, 4)] == planted
    assert api.issues[5]["body"].startswith("<!-- notices-scan: tidy-shop -->\n") and api.issues[5]["user"]["login"] == BOT


def test_two_issues_of_one_entity_become_one_the_oldest(step: Runner) -> None:
    """Two runs at the same moment can each open one; the next run keeps the oldest."""
    api = FakeIssues([issue(7, "<!-- notices-scan: tidy-shop -->\nold"), issue(9, "<!-- notices-scan: tidy-shop -->\nold")])
    rc, printed = step(api, {"tidy-shop": storing("extra_a")}, ENTITY="tidy-shop")
    assert rc == 0 and "(#7 updated)" in printed
    assert (api.issues[7]["state"], api.issues[9]["state"]) == ("open", "closed") and "extra_a" in api.issues[7]["body"]
    assert api.issue_comments == [(9, "The scan keeps one issue per entity: #7.")]


def test_an_issue_opened_at_the_same_moment_by_another_run_stands_and_this_runs_is_closed(step: Runner) -> None:
    api = FakeIssues()

    def other_run_opens_one_too(method: str, path: str) -> None:
        if (method, path) == ("POST", f"/repos/{REPO}/issues") and 0 not in api.issues:
            api.issues[0] = issue(0, "<!-- notices-scan: tidy-shop -->\nthe other run's")

    api.after_write = other_run_opens_one_too
    rc, printed = step(api, {"tidy-shop": storing("extra_a")}, ENTITY="tidy-shop")
    assert rc == 0 and "#0 stands" in printed
    assert [(i["number"], i["state"]) for i in api.ours()] == [(0, "open"), (1, "closed")]


@pytest.mark.parametrize(
    ("env", "said", "ran"),
    [
        ({"ENTITY": "nobody"}, "entity: 'nobody' is not one that `notices scan --entities` lists (shop, tidy-shop)", True),
        ({"ENTITY": "--write"}, "entity: not an entity's folder name (lowercase letters, digits and hyphens): '--write'", False),
        ({"ENTITY": "tidy-shop\n::add-mask::x"}, "not an entity's folder name", False),
        ({"URL": "https://staging.shop.test/"}, "a staging address (url) needs the entity whose pages it serves (entity)", False),
    ],
)
def test_an_entity_the_project_does_not_list_is_refused_before_the_api_is_asked(env: dict[str, str], said: str, ran: bool, step: Runner, capsys: pytest.CaptureFixture[str]) -> None:
    rc, printed = step(None, {}, **env)
    [line] = printed.splitlines()
    assert rc == 1 and line.startswith("::error::") and said in line
    assert step.commands() == ([["scan", "--entities"]] if ran else [])


def test_a_site_that_cannot_be_scanned_gets_the_reason_in_its_issue(step: Runner) -> None:
    api = FakeIssues()
    step(api, {"tidy-shop": storing("extra_a")}, ENTITY="tidy-shop")
    rc, printed = step(api, {"tidy-shop": {"fail": "net::ERR_NAME_NOT_RESOLVED ```\n@team"}}, ENTITY="tidy-shop")
    assert rc == 0 and printed == "::warning::Website scan of tidy-shop: the site could not be scanned (#1 updated)\n"
    [kept] = api.ours()
    assert kept["state"] == "open" and kept["title"] == "Website scan of tidy-shop: the site could not be scanned"
    assert "The site could not be scanned:" in kept["body"] and "extra_a" not in kept["body"]
    assert "\n````text\nhttp://www.shop.test/: net::ERR_NAME_NOT_RESOLVED ```\\n@team\n````\n" in kept["body"], "the reason, in a block it cannot close"


def test_a_staging_scan_keeps_an_issue_of_its_own_and_an_address_notices_refuses_writes_nothing(step: Runner) -> None:
    api = FakeIssues()
    step(api, {"tidy-shop": storing("extra_a")}, ENTITY="tidy-shop")
    rc, printed = step(api, {"tidy-shop": TIDY}, ENTITY="tidy-shop", URL="https://staging.shop.test:8443/")
    assert rc == 0 and "tidy-shop (staging): nothing found; no issue open" in printed and api.issues[1]["state"] == "open"
    assert step.commands()[-1][-1] == "--url=https://staging.shop.test:8443/"
    rc, printed = step(api, {"tidy-shop": storing("extra_s")}, ENTITY="tidy-shop", URL="https://staging.shop.test:8443/")
    assert "#2 opened" in printed and "extra_a" in api.issues[1]["body"]
    assert api.issues[2]["body"].startswith("<!-- notices-scan: tidy-shop staging -->\n## Website scan of tidy-shop (staging.shop.test)\n")
    assert api.issues[2]["title"].startswith("Website scan of tidy-shop (staging): ")
    before = len(api.calls)
    rc, printed = step(api, {"tidy-shop": TIDY}, ENTITY="tidy-shop", URL="javascript:alert(1)")
    assert rc == 1 and "tidy-shop: `notices scan` ended with status 2 and no report" in printed and len(api.calls) == before


def test_every_entity_with_a_website_is_scanned_when_none_is_named_and_one_that_fails_fails_the_run(step: Runner) -> None:
    api = FakeIssues()
    rc, printed = step(api, {"shop": storing("extra_a"), "tidy-shop": TIDY})
    assert rc == 0 and printed.splitlines() == ["::warning::Website scan of shop: 1 error, 3 warnings, 0 suppressed (#1 opened)", "tidy-shop: nothing found; no issue open"]
    assert [c[1] for c in step.commands()] == ["--entities", "shop", "tidy-shop"]
    api = FakeIssues(keeps_labels=False)
    rc, printed = step(api, {"shop": TIDY, "tidy-shop": storing("extra_a")})
    assert rc == 1 and "issue #1 was opened without the label website-scan" in printed


def _hostile_and_long() -> dict[str, Any]:
    names = [f"undeclared_{i:04}_" + "x" * 60 for i in range(900)]
    names[450] = "a```b````c"
    return {"tidy-shop": storing(*names)}


def test_a_report_longer_than_an_issue_is_cut_between_lines_with_its_code_block_closed(step: Runner) -> None:
    api = FakeIssues()
    rc, _ = step(api, _hostile_and_long(), ENTITY="tidy-shop")
    report = (step.tmp / "temp" / "scan" / "tidy-shop.md").read_text("utf-8")
    body = api.issues[1]["body"]
    assert rc == 0 and len(report.encode()) > 2 * scan_issues.MAX_BODY and 60_000 < len(body.encode()) <= scan_issues.MAX_BODY
    tokens = parser().parse(body)
    [fence] = [t for t in tokens if t.type == "fence"]
    [whole] = [t for t in parser().parse(report) if t.type == "fence"]
    assert fence.markup == "`````" and fence.info == "text", "the report's own fence, longer than any run in a cookie's name"
    assert report.startswith(body.split("\n", 1)[1].split(fence.content, 1)[0] + fence.content), "whole lines, from the top"
    after = body[body.index(fence.content) + len(fence.content) :]
    assert after.startswith("`````\n\n**The report is cut here**") and f"its last {len(whole.content.splitlines()) - len(fence.content.splitlines())} lines are left out" in after
    assert RUN_URL in after and after.count("`````") == 1
    assert report in step.summary.read_text("utf-8"), "where the note sends the reader"


@pytest.mark.parametrize("room", [200, 1000, 5000])
def test_a_cut_never_leaves_the_block_open_whatever_the_room(room: int) -> None:
    report = "## Website scan of x (h)\n\nscan: 1 error\n\n````text\n" + "".join(f"line {i} ``` here\n" for i in range(400)) + "````\n"
    cut = scan_issues.cut_report(report, room + 400, "the summary")
    assert len(cut.encode()) <= room + 400
    fences = [t for t in parser().parse(cut) if t.type == "fence"]
    assert all(t.markup == "````" for t in fences) and cut.count("````") == 2 * len(fences)
    assert cut.rstrip().endswith("The whole report is in the summary.")


def test_the_script_knows_an_entity_as_the_loader_does() -> None:
    from privacy_notices.data.loader import SLUG

    assert SLUG.pattern == f"^{scan_issues.SLUG.pattern}$"


# The workflow around the script


def _workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def test_only_the_scheduled_or_manual_job_may_write_issues_and_a_pull_request_only_reads() -> None:
    workflow = _workflow()
    triggers, jobs = workflow[True], workflow["jobs"]
    assert set(triggers) == {"schedule", "workflow_dispatch", "pull_request"} and triggers["schedule"][0]["cron"].endswith("* * 1"), "weekly"
    assert set(triggers["workflow_dispatch"]["inputs"]) == {"entity", "url"}
    assert jobs["scan"]["permissions"] == {"contents": "read", "issues": "write"} and jobs["scan"]["if"] == "github.event_name != 'pull_request'"
    assert jobs["staging"]["permissions"] == {"contents": "read"}
    assert jobs["staging"]["if"].startswith("github.event_name == 'pull_request' && ") and "vars.NOTICES_STAGING_URL" in jobs["staging"]["if"]
    for name, job in jobs.items():
        [checkout] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/checkout@")]
        assert checkout["with"] == {"persist-credentials": False}, name
        runs = [s for s in job["steps"] if "run" in s]
        assert all("${{" not in s["run"] for s in runs), f"{name}: values reach a run: step through env only"
        assert runs[-1]["env"]["NOTICES_CHROMIUM"] == "/usr/bin/google-chrome", name
        assert not any("secrets." in json.dumps(s) for s in job["steps"]), name
    [write] = [s for s in jobs["scan"]["steps"] if s.get("run") == "python .github/scripts/scan_issues.py"]
    assert write["env"] == {"GITHUB_TOKEN": "${{ github.token }}", "ENTITY": "${{ inputs.entity }}", "URL": "${{ inputs.url }}", "NOTICES_CHROMIUM": "/usr/bin/google-chrome"}
