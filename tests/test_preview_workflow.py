"""The pull-request preview workflows as an attacking pull request meets them: .github/scripts/preview.py on fake events, fake artifacts and a fake API.

The pull request's run makes its artifact and can make it anything; these tests give
the script what such a run could give (a preview.json naming another pull request, a
link to /etc/passwd, a path with '..', too much) and check that nothing of it decides
where anything is published or posted.
"""

from __future__ import annotations

import base64
import http.server
import importlib.util
import io
import json
import re
import shlex
import stat
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, copy_project, free_port, run_cli
from privacy_notices.authoring import inert_markdown
from test_report_safety import GITHUB_TEXT, parser
from test_review import git

SCRIPT = ROOT / ".github" / "scripts" / "preview.py"
WORKFLOWS = ROOT / ".github" / "workflows"
REPO = "owner/site"
BASE = "b" * 40
HEAD = "a" * 40
AS_OF = "2026-06-01"


def _load() -> Any:
    spec = importlib.util.spec_from_file_location("preview_script", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


preview = _load()


def pull(number: int, head: str = HEAD, head_repo: str = REPO, state: str = "open", base_repo: str = REPO, base_ref: str = "main", base: str = BASE) -> dict[str, Any]:
    return {"number": number, "state": state, "head": {"sha": head, "ref": "change", "repo": {"full_name": head_repo}}, "base": {"sha": base, "ref": base_ref, "repo": {"full_name": base_repo}}}


def run_event(head: str = HEAD, head_repo: str = REPO, numbers: tuple[int, ...] = (12,), run_id: int = 77) -> dict[str, Any]:
    """A workflow_run event as GitHub writes it: the event lists no pull request for a fork."""
    return {
        "workflow_run": {
            "id": run_id,
            "event": "pull_request",
            "head_sha": head,
            "head_branch": "change",
            "head_repository": {"full_name": head_repo, "owner": {"login": head_repo.split("/")[0]}},
            "pull_requests": [{"number": n, "head": {"sha": head}} for n in numbers],
            "html_url": f"https://github.com/{REPO}/actions/runs/{run_id}",
        },
        "repository": {"full_name": REPO, "default_branch": "main"},
    }


def pr_event(number: int = 12, action: str = "synchronize", changes: dict[str, Any] | None = None) -> dict[str, Any]:
    """A pull_request_target event as GitHub writes it; the script reads the pull request itself from the API."""
    return {"action": action, "number": number, "pull_request": {"number": number}, "changes": changes or {}, "repository": {"full_name": REPO, "default_branch": "main"}}


GH_PAGES = [{"path": ".nojekyll", "type": "blob", "size": 0}, {"path": "index.html", "type": "blob", "size": 5000}, {"path": "pr-preview", "type": "tree"}]
"""The gh-pages branch as the trees API lists it: the published site, with its .nojekyll."""


class FakeGitHub:
    """GitHub's API for one repository, in memory; every call is recorded."""

    def __init__(
        self,
        pulls: list[dict[str, Any]],
        artifacts: dict[int, bytes] | None = None,
        comments: list[dict[str, Any]] | None = None,
        sizes: dict[int, int] | None = None,
        pages: list[dict[str, Any]] | None = None,
        truncated: bool = False,
    ) -> None:
        self.pulls = {p["number"]: p for p in pulls}
        self.artifacts = artifacts or {}
        self.sizes = sizes or {}
        self.comments = comments or []
        self.pages = GH_PAGES if pages is None else pages
        self.truncated = truncated
        self.statuses: list[tuple[str, dict[str, Any]]] = []
        self.calls: list[tuple[str, str, Any]] = []
        self.after_write: Callable[[str, str], None] = lambda method, path: None
        """Called after each write: a test moves a pull request there, as a push between two calls would."""

    def request(self, method: str, path: str, body: Any = None) -> Any:
        self.calls.append((method, path, body))
        answer = self._answer(method, path, body)
        if method != "GET":
            self.after_write(method, path)
        return answer

    def _answer(self, method: str, path: str, body: Any = None) -> Any:
        prefix = f"/repos/{REPO}"
        assert path.startswith(prefix + "/"), f"a call outside the repository: {path}"
        route = path[len(prefix):]
        if method == "GET" and (found := re.fullmatch(r"/pulls/(\d+)", route)):
            if int(found[1]) not in self.pulls:
                raise preview.Refused(f"GitHub's API answered 404 to GET {path}")
            return self.pulls[int(found[1])]
        if method == "GET" and route.startswith("/pulls?"):
            head = re.search(r"head=([^&]+)", route)
            assert head, "open pull requests are asked for by their head"
            owner, branch = head[1].replace("%3A", ":").split(":")
            return [p for p in self.pulls.values() if p["state"] == "open" and p["head"]["repo"]["full_name"].split("/")[0] == owner and p["head"]["ref"] == branch]
        if method == "GET" and (found := re.fullmatch(r"/actions/runs/(\d+)/artifacts\?.*", route)):
            return {"artifacts": [{"id": i, "name": "preview", "expired": False, "size_in_bytes": self.sizes.get(i, len(data))} for i, data in self.artifacts.items()]}
        if method == "GET" and (found := re.fullmatch(r"/issues/(\d+)/comments\?.*", route)):
            return [c for c in self.comments if c["issue"] == int(found[1])]
        if method == "PATCH" and (found := re.fullmatch(r"/issues/comments/(\d+)", route)):
            [comment] = [c for c in self.comments if c["id"] == int(found[1])]
            comment["body"] = body["body"]
            return comment
        if method == "GET" and route == "/git/trees/gh-pages?recursive=1":
            return {"sha": "f" * 40, "tree": self.pages, "truncated": self.truncated}
        if method == "POST" and (found := re.fullmatch(r"/statuses/([0-9a-f]{40})", route)):
            assert set(body) == {"state", "context", "description", "target_url"} and len(body["description"]) <= 140
            self.statuses.append((found[1], body))
            return body
        if method == "POST" and (found := re.fullmatch(r"/issues/(\d+)/comments", route)):
            comment = {"id": 1000 + len(self.comments), "issue": int(found[1]), "user": {"login": "github-actions[bot]"}, "body": body["body"]}
            self.comments.append(comment)
            return comment
        raise AssertionError(f"unexpected call {method} {path}")

    def download(self, path: str, target: Path, limit: int) -> None:
        found = re.fullmatch(rf"/repos/{REPO}/actions/artifacts/(\d+)/zip", path)
        assert found, path
        self.calls.append(("GET", path, None))
        with target.open("wb") as out:
            preview.copy_at_most(io.BytesIO(self.artifacts[int(found[1])]).read, out.write, limit, f"the download of {path}")

    def touched(self) -> list[str]:
        """The paths of every call that wrote something."""
        return [path for method, path, _ in self.calls if method != "GET"]


@pytest.fixture
def runner(tmp_path: Path) -> Callable[..., tuple[int, dict[str, str], str]]:
    """Run one command of the script as a workflow step would: (exit status, its outputs, what it printed)."""

    def run(command: str, event: dict[str, Any] | None = None, api: FakeGitHub | None = None, cwd: Path | None = None, **env: str) -> tuple[int, dict[str, str], str]:
        output = tmp_path / f"output-{command}"
        output.write_text("", "utf-8")
        event_path = tmp_path / "event.json"
        event_path.write_text(json.dumps(event or run_event()), "utf-8")
        environment = {"GITHUB_REPOSITORY": REPO, "GITHUB_EVENT_PATH": str(event_path), "GITHUB_OUTPUT": str(output), "RUNNER_TEMP": str(tmp_path / "temp"), "GITHUB_SHA": "c" * 40, "GITHUB_RUN_ID": "501", **env}
        printed = io.StringIO()
        old = sys.stdout
        sys.stdout = printed
        try:
            rc = preview.main([command], environment, (lambda: api) if api else None, cwd or tmp_path)
        finally:
            sys.stdout = old
        outputs = dict(line.split("=", 1) for line in output.read_text("utf-8").splitlines())
        return rc, outputs, printed.getvalue()

    return run


def site_zip(files: Mapping[str, bytes | str], links: Mapping[str, str] | None = None) -> bytes:
    """A zip as a pull request's run could upload it: ``links`` are symbolic links, marked as Info-ZIP marks them."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, content)
        for name, target in (links or {}).items():
            info = zipfile.ZipInfo(name)
            info.create_system = 3
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return buffer.getvalue()


SITE = {"index.html": "<p>preview</p>", "fi/index.html": "<p>esikatselu</p>", "assets/site.css": "p{}", "robots.txt": "User-agent: *\nDisallow: /\n"}


# Which pull request


def test_a_branch_pull_request_is_the_one_the_event_names_and_the_api_confirms() -> None:
    api = FakeGitHub([pull(12)])
    [pr] = preview.identify(run_event(), REPO, api)
    assert (pr.number, pr.head_sha, pr.base_sha, pr.same_repository) == (12, HEAD, BASE, True)


def test_a_fork_whose_event_names_no_pull_request_is_found_through_the_api(runner: Callable[..., Any]) -> None:
    api = FakeGitHub([pull(31, head_repo="forker/site"), pull(30, head="d" * 40, head_repo="forker/site", state="closed")])
    rc, outputs, _ = runner("identify", run_event(head_repo="forker/site", numbers=()), api)
    assert rc == 0
    assert outputs == {"found": "true", "numbers": "31", "number": "31", "head_sha": HEAD, "base_sha": BASE, "same_repository": "false", "preview_url": ""}
    assert any(path.startswith(f"/repos/{REPO}/pulls?") and "head=forker%3Achange" in path for _, path, _ in api.calls)


def test_a_fork_whose_event_names_another_repositorys_pull_request_is_still_found_through_the_api() -> None:
    api = FakeGitHub([pull(5, head_repo="someone/else"), pull(31, head_repo="forker/site")])
    [pr] = preview.identify(run_event(head_repo="forker/site", numbers=(5,)), REPO, api)
    assert (pr.number, pr.same_repository) == (31, False)


@pytest.mark.parametrize(
    "found",
    [
        pull(12, head="d" * 40),  # pushed to since the run: its report would be stale
        pull(12, state="closed"),
        pull(12, head_repo="someone/else"),  # the event's list names a pull request of another repository's branch
        pull(12, base_repo="someone/else"),
        pull(12, base_ref="decoy"),  # against another branch: nothing there is published, and its base could hold the very edit
    ],
)
def test_a_pull_request_that_is_not_the_runs_open_one_now_gets_nothing(found: dict[str, Any], runner: Callable[..., Any]) -> None:
    api = FakeGitHub([found])
    rc, outputs, printed = runner("identify", run_event(), api)
    assert (rc, outputs) == (0, {"found": "false"}) and "nothing to publish or post" in printed
    assert api.touched() == []


def test_a_commit_at_the_head_of_two_pull_requests_is_reported_on_each_and_previewed_on_neither(runner: Callable[..., Any], tmp_path: Path) -> None:
    """A second pull request from the same branch once stopped every new report, leaving the old one standing on the first."""
    api = FakeGitHub([pull(12), pull(14)], comments=[{"id": 4, "issue": 12, "user": {"login": "github-actions[bot]"}, "body": preview.MARKER + "\nA publish build would pass."}])
    rc, outputs, printed = runner("identify", run_event(numbers=(12, 14)), api)
    assert rc == 0 and "::error::" not in printed
    assert (outputs["found"], outputs["numbers"], outputs["number"], outputs["preview_url"]) == ("true", "12 14", "", "")
    workflow = yaml.safe_load((WORKFLOWS / "pull-request-preview.yml").read_text("utf-8"))
    [site] = [s for s in workflow["jobs"]["review"]["steps"] if s.get("id") == "site"]
    assert "steps.pr.outputs.number != ''" in site["if"], "no preview folder is chosen between them"
    _review(tmp_path)
    rc, _, printed = runner("comment", run_event(numbers=(12, 14)), api, NUMBERS=outputs["numbers"], BASE_SHA=outputs["base_sha"], DEPLOYED="skipped")
    assert rc == 0 and "#12: report updated" in printed and "#14: report posted" in printed
    bodies = {c["issue"]: c["body"] for c in api.comments}
    assert set(bodies) == {12, 14} and bodies[12] == bodies[14]
    assert "A publish build would pass." not in bodies[12] and "## the report" in bodies[12]
    assert "the pull requests #12, #14" in bodies[12] and "Preview: http" not in bodies[12]


@pytest.mark.parametrize("run", [{"event": "push"}, {"event": "pull_request", "head_sha": "HEAD; rm -rf /"}, {"event": "pull_request", "head_sha": HEAD, "head_repository": None, "id": 1}])
def test_an_event_that_is_no_pull_requests_run_is_refused(run: dict[str, Any], runner: Callable[..., Any]) -> None:
    rc, outputs, printed = runner("identify", {"workflow_run": run}, FakeGitHub([]))
    assert rc == 1 and outputs == {} and printed.startswith("::error::") and "Traceback" not in printed


# The artifact


def test_a_forged_preview_json_names_neither_the_folder_nor_the_pull_request_commented_on(runner: Callable[..., Any], tmp_path: Path) -> None:
    """The whole privileged flow with a run whose preview.json says it is pull request 7: only 12, the API's, is touched."""
    forged = json.dumps({"preview": True, "pull_request": "7", "commit": "0000000"})
    victim = {"id": 5, "issue": 7, "user": {"login": "github-actions[bot]"}, "body": preview.MARKER + "\nthe report of #7"}
    api = FakeGitHub([pull(12), pull(7, head="e" * 40)], artifacts={90: site_zip({**SITE, "preview.json": forged})}, comments=[victim])
    rc, found, _ = runner("identify", run_event(), api)
    assert rc == 0 and found["numbers"] == found["number"] == "12" and found["preview_url"] == f"https://owner.github.io/site/pr-preview/pr-12/"
    rc, checked, _ = runner("artifact", run_event(), api)
    assert (rc, checked) == (0, {"site": "checked"})
    published = tmp_path / "temp" / "site"
    assert (published / "preview.json").read_text("utf-8") == forged, "preview.json is one of the site's files, nothing more"
    rc, state, _ = runner("state", run_event(), api, NUMBER=found["number"], HEAD_SHA=found["head_sha"])
    assert state["action"] == "deploy" and state["folder"] == "pr-preview/pr-12"
    review = tmp_path / "temp" / "review"
    (review / "report.md").write_text(preview.MARKER + "\n## the report\n", "utf-8")
    (review / "code.json").write_text("[]", "utf-8")
    rc, _, printed = runner("comment", run_event(), api, NUMBERS=found["numbers"], BASE_SHA=found["base_sha"], DEPLOYED="success", PREVIEW=state["action"])
    assert rc == 0 and "#12: report posted" in printed
    assert api.touched() == [f"/repos/{REPO}/issues/12/comments", f"/repos/{REPO}/statuses/{HEAD}"]
    assert victim["body"].endswith("the report of #7"), "the other pull request's comment is untouched"
    assert not any(re.search(r"/(pulls|issues)/7\b", path) for _, path, _ in api.calls), "pull request 7 is not even looked at"


@pytest.mark.parametrize(
    ("files", "links", "says"),
    [
        ({}, {"passwd.html": "/etc/passwd"}, "symbolic link"),
        ({}, {"assets": "/etc"}, "symbolic link"),
        ({"../../escaped.html": "x"}, {}, "'..'"),
        ({"fi/../../escaped.html": "x"}, {}, "'..'"),
        ({"/tmp/escaped.html": "x"}, {}, "not a plain relative one"),
        ({"fi\\..\\..\\escaped.html": "x"}, {}, "not a plain relative one"),
        ({".htaccess": "Options +Indexes"}, {}, "hidden name"),
        ({"run.sh": "#!/bin/sh"}, {}, "kind the site does not have"),
        ({"CNAME": "evil.example"}, {}, "kind the site does not have"),
        ({"assets/site.css/more.css": "p{}"}, {}, "as a file and a folder"),
        # Jekyll would serve these at the permalink's address, or fail the site's build, were the root without .nojekyll.
        ({"robots-takeover.txt": "---\npermalink: /robots.txt\n---\nUser-agent: *\nDisallow: /\n"}, {}, "front matter"),
        ({"fake.html": "---\npermalink: /lumo-advisory/privacy/2026-12-24/\n---\n<p>a fake version</p>"}, {}, "front matter"),
        ({"assets/broken.css": "\ufeff---\n---\n{% include does-not-exist.html %}"}, {}, "front matter"),
        ({"assets/x.css": "---"}, {}, "front matter"),
        # The pinned upload-artifact refuses these: the review job, and with it the report, would fail.
        ({"fi/a:b.html": "x"}, {}, "character upload-artifact refuses"),
        ({"why?.html": "x"}, {}, "character upload-artifact refuses"),
        ({"assets/*.css": "x"}, {}, "character upload-artifact refuses"),
        ({'say "hi".txt': "x"}, {}, "character upload-artifact refuses"),
        ({"a|b.js": "x"}, {}, "character upload-artifact refuses"),
    ],
)
def test_an_artifact_with_anything_but_site_files_is_refused_and_nothing_of_it_is_kept(files: dict[str, str], links: dict[str, str], says: str, tmp_path: Path) -> None:
    archive = tmp_path / "preview.zip"
    archive.write_bytes(site_zip({**SITE, **files}, links))
    target = tmp_path / "out" / "site"
    with pytest.raises(preview.Refused, match=re.escape(says)):
        preview.check_site(archive, target)
    assert not target.exists(), "a refused artifact leaves no file to publish"
    assert not (tmp_path / "escaped.html").exists() and not (tmp_path / "out" / "escaped.html").exists()


def test_a_file_named_twice_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "preview.zip"
    archive.write_bytes(site_zip(SITE))
    with zipfile.ZipFile(archive, "a") as packed, pytest.warns(UserWarning, match="Duplicate name"):
        packed.writestr("index.html", "<p>the second</p>")
    with pytest.raises(preview.Refused, match="twice"):
        preview.check_site(archive, tmp_path / "site")


def test_a_site_in_a_folder_of_its_own_is_not_the_sites_root(tmp_path: Path) -> None:
    archive = tmp_path / "preview.zip"
    archive.write_bytes(site_zip({f"site/{name}": content for name, content in SITE.items()}))
    with pytest.raises(preview.Refused, match="no index.html at its root"):
        preview.check_site(archive, tmp_path / "site")


def test_a_file_that_only_mentions_dashes_is_a_site_file(tmp_path: Path) -> None:
    archive = tmp_path / "preview.zip"
    archive.write_bytes(site_zip({**SITE, "assets/site.css": "/* --- */ p{}", "notes.txt": " ---\n", "empty.txt": ""}))
    assert preview.check_site(archive, tmp_path / "site") == len(SITE) + 2
    assert (tmp_path / "site" / "assets" / "site.css").read_text("utf-8") == "/* --- */ p{}" and (tmp_path / "site" / "empty.txt").read_bytes() == b""


def _corrupt_stream() -> bytes:
    """A zip whose index is sound and whose second file's deflate stream is not: zlib raises its own error."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as packed:
        packed.writestr("index.html", "<p>preview</p>")
        packed.writestr("assets/app.js", "console.log('x');" * 200)
    data = bytearray(buffer.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as packed:
        info = packed.getinfo("assets/app.js")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start : start + 8] = b"\xff" * 8  # a reserved block type: "invalid block type"
    return bytes(data)


@pytest.mark.parametrize("archive", [_corrupt_stream(), site_zip(SITE)[:-30], b"PK\x05\x06" + b"\xff" * 18])
def test_an_archive_that_breaks_while_unpacking_is_refused_on_one_line_and_leaves_nothing(archive: bytes, runner: Callable[..., Any], tmp_path: Path) -> None:
    rc, outputs, printed = runner("artifact", run_event(), FakeGitHub([pull(12)], artifacts={90: archive}))
    assert (rc, outputs) == (0, {"site": "refused"}) and "Traceback" not in printed
    [warning] = [line for line in printed.splitlines() if line.startswith("::warning::")]
    assert "The preview is not published: the preview artifact" in warning
    assert not (tmp_path / "temp" / "site").exists(), "nothing unpacked is left to publish"


def test_an_artifact_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "preview.zip"
    archive.write_bytes(b"<html>not a zip</html>")
    with pytest.raises(preview.Refused, match="not a zip archive"):
        preview.check_site(archive, tmp_path / "site")


def test_a_preview_larger_than_the_limit_is_refused_however_small_its_zip(tmp_path: Path) -> None:
    archive = tmp_path / "preview.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as packed:
        packed.writestr("index.html", "x")
        packed.writestr("big.js", b"\0" * (3 * 2**20))
    archive.write_bytes(buffer.getvalue())
    assert archive.stat().st_size < 2**20 // 10, "a zip bomb, in small"
    with pytest.raises(preview.Refused, match="unpacks to more than 2 MiB"):
        preview.check_site(archive, tmp_path / "site", max_bytes=2 * 2**20)
    assert preview.check_site(archive, tmp_path / "whole", max_bytes=4 * 2**20) == 2


def test_an_oversized_artifact_is_not_downloaded_and_a_download_past_the_limit_is_cut(runner: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    big = FakeGitHub([pull(12)], artifacts={90: site_zip(SITE)}, sizes={90: preview.MAX_SITE_BYTES + 1})
    rc, outputs, printed = runner("artifact", run_event(), big)
    assert (rc, outputs) == (0, {"site": "refused"}) and "larger than 100 MiB" in printed
    assert not any(path.endswith("/zip") for _, path, _ in big.calls), "never downloaded"
    assert "larger than" in (tmp_path / "temp" / "review" / "preview.txt").read_text("utf-8")
    monkeypatch.setattr(preview, "MAX_SITE_BYTES", 2**20)
    lying = FakeGitHub([pull(12)], artifacts={91: site_zip({**SITE, "noise.js": bytes(range(256)) * 8192})}, sizes={91: 100})
    rc, outputs, printed = runner("artifact", run_event(), lying)
    assert outputs == {"site": "refused"} and "the download of" in printed and "larger than 1 MiB" in printed
    assert not (tmp_path / "temp" / "site").exists()


def test_a_run_without_a_preview_artifact_publishes_nothing_and_says_why(runner: Callable[..., Any], tmp_path: Path) -> None:
    rc, outputs, _ = runner("artifact", run_event(), FakeGitHub([pull(12)]))
    assert (rc, outputs) == (0, {"site": "refused"})
    assert (tmp_path / "temp" / "review" / "preview.txt").read_text("utf-8") == "The preview was not published: " + preview.inert("the run made no 'preview' artifact") + "."


# Deploying and removing


@pytest.mark.parametrize(("found", "action"), [(pull(12), "deploy"), (pull(12, state="closed"), "remove"), (pull(12, head="d" * 40), "none")])
def test_just_before_deploying_a_closed_pull_request_is_removed_and_a_moved_one_left(found: dict[str, Any], action: str, runner: Callable[..., Any]) -> None:
    rc, outputs, _ = runner("state", run_event(), FakeGitHub([found]), NUMBER="12", HEAD_SHA=HEAD)
    assert rc == 0 and outputs["action"] == action and outputs["folder"] == "pr-preview/pr-12"
    assert Path(outputs["empty"]).is_dir() and not any(Path(outputs["empty"]).iterdir())


def _pages(*sizes: tuple[str, int]) -> list[dict[str, Any]]:
    return [{"path": ".nojekyll", "type": "blob", "size": 0}, *({"path": path, "type": "blob", "size": size} for path, size in sizes)]


@pytest.mark.parametrize(
    ("pages", "truncated", "says"),
    [
        (_pages(("index.html", 500 * 2**20), ("pr-preview/pr-3/big.js", 300 * 2**20)), False, "would hold 800 MiB with this preview, more than the 800 MiB"),
        ([{"path": "index.html", "type": "blob", "size": 10}], False, "no .nojekyll at its root"),
        (_pages(("index.html", 10)), True, "could not be listed whole"),
    ],
)
def test_a_preview_that_would_overfill_gh_pages_or_land_where_jekyll_runs_is_not_deployed(pages: list[dict[str, Any]], truncated: bool, says: str, runner: Callable[..., Any], tmp_path: Path) -> None:
    """Each preview is within its own limit; several together could pass GitHub Pages' 1 GB, and then no publish would go live."""
    site = tmp_path / "temp" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_bytes(b"x" * 1000)
    rc, outputs, printed = runner("state", run_event(), FakeGitHub([pull(12)], pages=pages, truncated=truncated), NUMBER="12", HEAD_SHA=HEAD)
    assert rc == 0 and outputs["action"] == "refused" and says in outputs["reason"] and "::warning::" in printed


def test_a_previews_own_folder_does_not_count_against_the_room_it_replaces(runner: Callable[..., Any], tmp_path: Path) -> None:
    site = tmp_path / "temp" / "site"
    site.mkdir(parents=True)
    (site / "index.html").write_bytes(b"x" * 1000)
    pages = _pages(("index.html", 500 * 2**20), ("pr-preview/pr-12/big.js", 299 * 2**20), ("pr-preview/pr-120/a.js", 299 * 2**20 - 2000))
    rc, outputs, _ = runner("state", run_event(), FakeGitHub([pull(12)], pages=pages), NUMBER="12", HEAD_SHA=HEAD)
    assert rc == 0 and (outputs["action"], outputs["reason"]) == ("deploy", ""), "pr-preview/pr-120/ is another pull request's, pr-12/ is replaced"


@pytest.mark.parametrize(("found", "action"), [(pull(12), "none"), (pull(12, state="closed"), "remove"), (pull(12, head="d" * 40), "none")])
def test_a_preview_deployed_as_its_pull_request_closed_is_removed_again(found: dict[str, Any], action: str, runner: Callable[..., Any]) -> None:
    """With no concurrency group, the removal can run while the deploy does: the deploy looks again once it has pushed."""
    rc, outputs, _ = runner("recheck", run_event(), FakeGitHub([found]), NUMBER="12", HEAD_SHA=HEAD)
    assert rc == 0 and outputs == {"action": action}
    workflow = yaml.safe_load((WORKFLOWS / "pull-request-preview.yml").read_text("utf-8"))
    steps = workflow["jobs"]["deploy"]["steps"]
    order = [s.get("id") or s.get("uses", "").split("@")[0] for s in steps]
    assert order == ["actions/checkout", "actions/download-artifact", "state", "JamesIves/github-pages-deploy-action", "recheck", "JamesIves/github-pages-deploy-action"]
    assert steps[-1]["if"].startswith("steps.state.outputs.action == 'remove' || steps.recheck.outputs.action == 'remove'")


def test_a_refusal_is_one_line_of_the_runs_page_whatever_it_quotes(capsys: pytest.CaptureFixture[str]) -> None:
    preview.annotate("error", "git fetch failed: no\n::add-mask::x\r\n100%")
    assert capsys.readouterr().out == "::error::git fetch failed: no%0A::add-mask::x%0D%0A100%25\n"


@pytest.mark.parametrize("number", ["12", "7"])
def test_a_closed_pull_request_removes_its_own_folder(number: str, runner: Callable[..., Any]) -> None:
    rc, outputs, _ = runner("closed", NUMBER=number)
    assert rc == 0 and outputs["folder"] == f"pr-preview/pr-{number}" and not any(Path(outputs["empty"]).iterdir())


@pytest.mark.parametrize("number", ["", "0", "12/../..", "../12", "12\n", "-1", "1e3", "12 ", "99999999999"])
def test_a_closed_pull_request_with_a_number_that_is_not_digits_removes_nothing(number: str, runner: Callable[..., Any]) -> None:
    rc, outputs, printed = runner("closed", NUMBER=number)
    assert rc == 1 and outputs == {} and printed.startswith("::error::not a pull request's number")


# The comment


def _review(tmp_path: Path, report: str = "## the report\n", code: list[str] | None = None) -> None:
    review = tmp_path / "temp" / "review"
    review.mkdir(parents=True, exist_ok=True)
    (review / "report.md").write_text(preview.MARKER + "\n" + report, "utf-8")
    (review / "code.json").write_text(json.dumps(code or []), "utf-8")


def _bot(id: int, issue: int, body: str) -> dict[str, Any]:
    return {"id": id, "issue": issue, "user": {"login": "github-actions[bot]"}, "body": body}


VERDICT = dict(NUMBERS="12", BASE_SHA=BASE, DEPLOYED="success", PREVIEW="deploy")
"""The comment step's environment after a deploy of pull request 12 at HEAD against BASE."""


def test_the_report_comment_is_the_bots_own_and_is_updated_in_place(runner: Callable[..., Any], tmp_path: Path) -> None:
    _review(tmp_path, code=["hooks/privacy_notices/authoring/report.py", "<img src=x onerror=alert(1)>.py"])
    planted = {"id": 3, "issue": 12, "user": {"login": "attacker"}, "body": preview.MARKER + "\nA publish build would pass."}
    mine = _bot(4, 12, preview.MARKER + "\nold")
    api = FakeGitHub([pull(12)], comments=[planted, mine])
    rc, _, printed = runner("comment", run_event(), api, **VERDICT)
    assert rc == 0 and "#12: report updated" in printed
    assert api.touched() == [f"/repos/{REPO}/issues/comments/4", f"/repos/{REPO}/statuses/{HEAD}"]
    assert planted["body"].endswith("would pass."), "a comment that only looks like the report is left alone"
    body = mine["body"]
    assert body.startswith(f"{preview.MARKER}\n<!-- notices-report-state: verdict {HEAD} {BASE} -->\n")
    assert f"`{'c' * 12}`" in body and f"commit `{HEAD[:12]}` against `main` at `{BASE[:12]}`" in body and "no code of the pull request ran" in body
    assert "Preview: https://owner.github.io/site/pr-preview/pr-12/" in body
    assert "changes 2 files outside `data/`" in body and f"<code>{preview.inert('hooks/privacy_notices/authoring/report.py')}</code>" in body
    assert "<img" not in body and "&#60;img src=x onerror=alert&#40;1&#41;&#62;.py" in body
    assert api.statuses == [(HEAD, {"state": "success", "context": "notices report", "description": api.statuses[0][1]["description"], "target_url": f"https://github.com/{REPO}/pull/12"})]


def test_what_the_pull_request_named_reaches_a_comment_as_the_reports_own_inert_text() -> None:
    shown = preview.inert("[x](https://evil.example) @team <b>**bold**</b>\n# title")
    assert shown == str(inert_markdown.inline("[x](https://evil.example) @team <b>**bold**</b>\n# title"))
    assert "@" not in shown.replace("\u200b@\u200b", "") and "<b>" not in shown and "](" not in shown


def github_would_make_something_of(body: str) -> list[str]:
    """What GitHub would make of a comment beyond the links the script writes: a mention, an issue reference, an emoji, another link, HTML."""
    found, in_link = [], False
    for token in parser().parse(body):
        for t in [token, *(token.children or [])]:
            if t.type == "link_open":
                in_link = True
                if not str(t.attrs.get("href", "")).startswith((f"https://github.com/{REPO}/", "https://owner.github.io/site/")):
                    found.append(f"link to {t.attrs.get('href')!r}")
            elif t.type == "link_close":
                in_link = False
            elif t.type == "html_inline" and t.content not in ("<code>", "</code>"):
                found.append(f"HTML {t.content!r}")
            elif t.type == "text" and not in_link and (m := GITHUB_TEXT.search(t.content)):
                found.append(f"{m.group()!r} in {t.content!r}")
    return found


def test_a_fork_is_told_where_its_preview_is_and_a_refused_one_why(runner: Callable[..., Any], tmp_path: Path) -> None:
    _review(tmp_path)
    api = FakeGitHub([pull(31, head_repo="forker/site")])
    rc, _, _ = runner("comment", run_event(head_repo="forker/site", numbers=()), api, **{**VERDICT, "NUMBERS": "31", "DEPLOYED": "skipped", "PREVIEW": ""})
    [body] = [c["body"] for c in api.comments]
    assert rc == 0 and "from a fork is not previewed" in body and f"(https://github.com/{REPO}/actions/runs/77)" in body
    (tmp_path / "temp" / "review" / "preview.txt").write_text("The preview was not published: the preview artifact holds a symbolic link: 'x.html'.", "utf-8")
    api = FakeGitHub([pull(12)])
    runner("comment", run_event(), api, **{**VERDICT, "DEPLOYED": "skipped", "PREVIEW": ""})
    assert "holds a symbolic link" in api.comments[0]["body"] and "Preview: http" not in api.comments[0]["body"]


def test_a_preview_the_deploy_job_refused_is_not_called_published(runner: Callable[..., Any], tmp_path: Path) -> None:
    _review(tmp_path)
    api = FakeGitHub([pull(12)])
    runner("comment", run_event(), api, **{**VERDICT, "PREVIEW": "refused", "PREVIEW_REFUSED": "gh-pages would hold 801 MiB with this preview"})
    body = api.comments[0]["body"]
    assert "Preview: http" not in body and "The preview was not published: gh-pages would hold 801 MiB with this preview." in body


@pytest.mark.parametrize(
    "found",
    [
        pull(12, head="d" * 40),  # pushed to since the run
        pull(12, state="closed"),
        pull(12, base_ref="decoy", base="e" * 40),  # its base switched away from main while the checks ran
        pull(12, base="e" * 40),  # its base switched to main, from a branch that held the very edit
    ],
)
def test_a_report_of_another_head_or_base_than_the_pull_requests_now_is_not_posted(found: dict[str, Any], runner: Callable[..., Any], tmp_path: Path) -> None:
    _review(tmp_path)
    api = FakeGitHub([found])
    rc, _, printed = runner("comment", run_event(), api, **VERDICT)
    assert rc == 0 and api.touched() == [] and "not posted" in printed


def test_a_push_while_the_report_is_posted_leaves_the_pending_note_not_the_old_report(runner: Callable[..., Any], tmp_path: Path) -> None:
    """Post, then look again: a report of the old head written after the new head's pending note does not stand."""
    _review(tmp_path)
    api = FakeGitHub([pull(12)], comments=[_bot(4, 12, preview.pending_body(pull(12), "main"))])
    newer = "d" * 40

    def push(method: str, path: str) -> None:
        if path.endswith("/issues/comments/4") and api.pulls[12]["head"]["sha"] == HEAD:
            api.pulls[12] = pull(12, head=newer)  # the push lands just as the old report is written

    api.after_write = push
    rc, _, printed = runner("comment", run_event(), api, **VERDICT)
    assert rc == 0 and "no longer the reported one" in printed
    body = api.comments[0]["body"]
    assert f"<!-- notices-report-state: pending {newer} {BASE} -->" in body and "Report pending" in body and "## the report" not in body
    assert [(sha, status["state"]) for sha, status in api.statuses] == [(HEAD, "success"), (newer, "pending")]


def _notices(count: int, size: int) -> str:
    """A report of ``count`` notices folded in <details> blocks, each about ``size`` characters, as the report template writes them."""
    blocks = [
        f"<details><summary><strong>acme/n{i}</strong>: Notice {i} (1 version changed)</summary>\n\nWritten in <code>en</code>.\n\n**Version 2026-01-01**: edited (in force)\n\n"
        + "".join(f"- changed line {i}.{j}\n" for j in range(size // 20))
        + "\n</details>\n"
        for i in range(count)
    ]
    return "## Privacy notices: what this change does\n\n**A publish build would fail**: 1 problem (below).\nCompared with <code>main</code>.\n\n### Notices changed: " + f"{count}\n\n" + "\n".join(blocks)


def test_a_long_report_is_cut_between_notices_and_keeps_the_warning_and_verdict_above_it(runner: Callable[..., Any], tmp_path: Path) -> None:
    """Cut anywhere, a folded report left a <details> open, and the warning about code, once below the report, was folded away in it."""
    report = _notices(40, 3000)
    assert len(report) > 100_000
    _review(tmp_path, report=report, code=[f"benchmarks/b{i}.txt" for i in range(3)] + ["hooks/privacy_notices/render.py"])
    summary = tmp_path / "summary.md"
    api = FakeGitHub([pull(12)])
    rc, _, _ = runner("comment", run_event(), api, **VERDICT, GITHUB_STEP_SUMMARY=str(summary))
    [body] = [c["body"] for c in api.comments]
    assert rc == 0 and len(body) <= preview.MAX_COMMENT < 65_536
    warning, verdict, cut = body.index("**The pull request also changes 4 files"), body.index("**A publish build would fail**"), body.index("**The report is cut here**")
    assert warning < body.index("---") < verdict < cut
    assert body.count("<details>") == body.count("</details>") > 0, "every block that is shown is closed"
    kept = body.count("<details>")
    assert f"{40 - kept} notices among them" in body and f"(https://github.com/{REPO}/actions/runs/501)" in body[cut:]
    assert body.rstrip().endswith("summary of [the run that wrote this comment](https://github.com/owner/site/actions/runs/501).")
    tokens = parser().parse(body)
    assert not any(t.type == "html_block" and "<details>" in t.content and "The report is cut here" in t.content for t in tokens)
    whole = summary.read_text("utf-8")
    assert whole.count("<details>") == 40 and "cut here" not in whole, "the summary holds the whole report"


def test_a_block_longer_than_a_comment_is_left_out_whole() -> None:
    body = preview.comment_body(preview.MARKER + "\n" + _notices(2, 80_000), ["top line"], preview.state_line("verdict", HEAD, BASE), "there")
    assert len(body) <= preview.MAX_COMMENT and "<details>" not in body and "2 notices among them" in body and "### Notices changed: 2" in body


def test_a_block_the_report_never_closes_is_left_out_not_cut_into() -> None:
    report = "## r\n\n- a line before\n\n<details><summary>open</summary>\n\n" + "".join(f"- line {i}\n" for i in range(10_000))
    cut = preview.cut_report(report, 20_000, "there")
    assert cut.startswith("## r\n\n- a line before\n\n**The report is cut here**") and "<details>" not in cut and "1 notice among them" in cut


def test_files_that_can_run_code_are_named_first_whatever_else_the_pull_request_changes() -> None:
    """Twenty throwaway files once pushed hooks/, mkdocs.yml and pyproject.toml out of the names the comment gives."""
    code = [f"benchmarks/aaa{i:02}.txt" for i in range(20)] + ["hooks/privacy_notices/render.py", "mkdocs.yml", "pyproject.toml", "requirements-dev.txt", ".github/workflows/publish.yml", ".ci/run", "overrides/main.html", "tools/x.py", "zz.md"]
    warning = preview.code_warning(code)
    assert warning.startswith("**The pull request also changes 29 files outside `data/`**, 8 of them able to run code (listed first)")
    named = re.findall(r"<code>(.*?)</code>", warning)
    assert len(named) == preview.MAX_CODE_NAMED and warning.endswith(" and 9 more.")
    runs = [".ci/run", ".github/workflows/publish.yml", "hooks/privacy_notices/render.py", "mkdocs.yml", "overrides/main.html", "pyproject.toml", "requirements-dev.txt", "tools/x.py"]
    assert named[:8] == [preview.inert(name) for name in runs] and all("benchmarks" in name for name in named[8:])


# Pending: no report of another head or base stands


def test_a_new_commit_marks_the_report_pending_at_once(runner: Callable[..., Any]) -> None:
    """The old report said the change would pass; the pull request's new commit has had no check yet, and may never have one."""
    newer = "d" * 40
    old = _bot(4, 12, f"{preview.MARKER}\n{preview.state_line('verdict', HEAD, BASE)}\n**A publish build would pass.**")
    api = FakeGitHub([pull(12, head=newer)], comments=[old])
    rc, _, printed = runner("pending", pr_event(12, "synchronize"), api)
    assert rc == 0 and "marked pending" in printed
    assert old["body"] == preview.pending_body(pull(12, head=newer), "main")
    assert "would pass" not in old["body"] and f"`{newer[:12]}`" in old["body"] and "if none appears, the checks did not run" in old["body"]
    assert [(sha, status["state"]) for sha, status in api.statuses] == [(newer, "pending")]


def test_an_opened_pull_request_gets_the_pending_note_before_any_check(runner: Callable[..., Any]) -> None:
    api = FakeGitHub([pull(12)])
    rc, _, _ = runner("pending", pr_event(12, "opened"), api)
    assert rc == 0 and [c["issue"] for c in api.comments] == [12] and "Report pending" in api.comments[0]["body"]


def test_a_switch_of_base_marks_the_report_pending_and_a_new_title_does_not(runner: Callable[..., Any]) -> None:
    """Opened against a branch that holds the edit, then switched to main: the report against the first base must not stand."""
    verdict = _bot(4, 12, f"{preview.MARKER}\n{preview.state_line('verdict', HEAD, 'e' * 40)}\n**A publish build would pass.**")
    api = FakeGitHub([pull(12)], comments=[verdict])
    rc, _, printed = runner("pending", pr_event(12, "edited", {"title": {"from": "old"}}), api)
    assert rc == 0 and api.calls == [] and "the report stands" in printed
    rc, _, _ = runner("pending", pr_event(12, "edited", {"base": {"ref": {"from": "decoy"}, "sha": {"from": "e" * 40}}}), api)
    assert rc == 0 and "Report pending" in verdict["body"] and "would pass" not in verdict["body"]


def test_the_report_of_the_same_head_and_base_stands_when_the_pull_request_reopens(runner: Callable[..., Any]) -> None:
    verdict = _bot(4, 12, f"{preview.MARKER}\n{preview.state_line('verdict', HEAD, BASE)}\nthe report")
    api = FakeGitHub([pull(12)], comments=[verdict])
    rc, _, printed = runner("pending", pr_event(12, "reopened"), api)
    assert rc == 0 and api.touched() == [] and verdict["body"].endswith("the report") and "it stands" in printed


def test_a_pending_note_written_late_does_not_replace_the_report_of_the_current_head(runner: Callable[..., Any]) -> None:
    """The job of an older push can run after the report of the newest: it reads the pull request from the API, not from its event."""
    verdict = _bot(4, 12, f"{preview.MARKER}\n{preview.state_line('verdict', HEAD, BASE)}\nthe report")
    api = FakeGitHub([pull(12)], comments=[verdict])
    runner("pending", pr_event(12, "synchronize"), api)
    assert verdict["body"].endswith("the report")


def test_every_report_comment_of_the_bot_is_marked_pending(runner: Callable[..., Any]) -> None:
    """Two jobs that posted at once leave two comments: neither may keep an old report."""
    first, second = _bot(4, 12, preview.MARKER + "\nthe old report"), _bot(5, 12, preview.MARKER + "\nthe old report, twice")
    api = FakeGitHub([pull(12, head="d" * 40)], comments=[first, second])
    runner("pending", pr_event(12), api)
    assert "Report pending" in first["body"] and first["body"] == second["body"]


def test_a_closed_pull_request_gets_no_pending_note(runner: Callable[..., Any]) -> None:
    api = FakeGitHub([pull(12, state="closed")])
    rc, _, _ = runner("pending", pr_event(12, "synchronize"), api)
    assert rc == 0 and api.touched() == []


@pytest.mark.parametrize("event", [{"action": "opened"}, {"action": "opened", "pull_request": {"number": "12; rm"}}, pr_event(12) | {"repository": {}}])
def test_a_pending_event_without_a_pull_request_or_default_branch_is_refused(event: dict[str, Any], runner: Callable[..., Any]) -> None:
    rc, _, printed = runner("pending", event, FakeGitHub([pull(12)]))
    assert rc == 1 and printed.startswith("::error::") and "Traceback" not in printed


# The pull request's data, read out of git


HOSTILE_NAME = "data/ping @acme/legal-team and @octocat, see www.evil-login.example fixes #1 :rocket:"
"""A path in data/ that, quoted as it is, would make GitHub notify a team and a person, link an address, reference an issue and show an emoji."""


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A repository of this project on GitHub, as far as git sees it: main, and pull requests' heads only under refs/pull/N/head.

    #12 edits a version in force, and edits report.py so that its own report would hide that;
    #13 adds a symbolic link to /etc/passwd in data/; #14 adds a submodule there; #15 a link whose
    name would mention people, link an address, reference an issue and show an emoji in a comment.
    """
    root = tmp_path_factory.mktemp("repos")
    work = root / "work"
    work.mkdir()
    copy_project(work)
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "base")
    base = git(work, "rev-parse", "HEAD").strip()
    git(work, "checkout", "-q", "-b", "change")
    pilvio = work / "data/entities/pilvio/notices/privacy/2025-03-01.yml"
    pilvio.write_text(pilvio.read_text("utf-8").replace("For data our customers keep", "For the data our customers keep", 1), "utf-8")
    report_py = work / "hooks/privacy_notices/authoring/report.py"
    honest = report_py.read_text("utf-8")
    hiding = honest.replace("edited_in_force = report_compare.published_edits(base, head, old, new, as_of)", "edited_in_force = []")
    assert hiding != honest, "the pull request's report.py hides the edit"
    report_py.write_text(hiding, "utf-8")
    git(work, "commit", "-qam", "an innocent change")
    heads = {12: git(work, "rev-parse", "HEAD").strip()}
    git(work, "checkout", "-q", "-b", "link", "main")
    (work / "data/entities/pilvio/notices/privacy/2025-04-01.yml").symlink_to("/etc/passwd")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "a link")
    heads[13] = git(work, "rev-parse", "HEAD").strip()
    git(work, "checkout", "-q", "-b", "submodule", "main")
    git(work, "update-index", "--add", "--cacheinfo", f"160000,{base},data/vendor")
    git(work, "commit", "-qm", "a submodule")
    heads[14] = git(work, "rev-parse", "HEAD").strip()
    git(work, "checkout", "-q", "-b", "mention", "main")
    (work / HOSTILE_NAME).parent.mkdir(parents=True)
    (work / HOSTILE_NAME).symlink_to("/etc/passwd")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "a link with a name")
    heads[15] = git(work, "rev-parse", "HEAD").strip()
    origin = root / "origin.git"
    git(work, "checkout", "-q", "main")
    git(root, "clone", "-q", "--bare", str(work), str(origin))
    for number, sha in heads.items():
        git(origin, "update-ref", f"refs/pull/{number}/head", sha)
    for branch in ("change", "link", "submodule", "mention"):
        git(origin, "branch", "-q", "-D", branch)  # as a fork's are: reachable only from refs/pull/N/head
    git(origin, "config", "uploadpack.allowReachableSHA1InWant", "true")  # as GitHub allows a fetch by SHA
    checkout = root / "checkout"
    git(root, "clone", "-q", str(origin), str(checkout))
    return {"checkout": checkout, "base": base, "heads": heads}


def test_the_pull_requests_data_is_fetched_as_objects_and_read_as_files(repos: dict[str, Any], tmp_path: Path) -> None:
    checkout, head = repos["checkout"], repos["heads"][12]
    auth = preview.token_config("https://github.com", "ghs_secret")
    preview.fetch_commit(checkout, head, auth)
    config = (checkout / ".git" / "config").read_text("utf-8")
    assert "ghs_secret" not in config and base64.b64encode(b"x-access-token:ghs_secret").decode() not in config, "the token is written to no file"
    assert git(checkout, "status", "--porcelain") == "" and git(checkout, "rev-parse", "HEAD").strip() == repos["base"], "nothing of the pull request is checked out"
    count = preview.read_tree(checkout, head, "data", tmp_path)
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert count == len(written) and written == sorted(git(checkout, "ls-tree", "-r", "--name-only", head, "--", "data").split())
    assert "For the data our customers keep" in (tmp_path / "data/entities/pilvio/notices/privacy/2025-03-01.yml").read_text("utf-8")
    assert preview.changed_code(checkout, repos["base"], head) == ["hooks/privacy_notices/authoring/report.py"]


def test_a_publish_goes_on_only_while_its_commit_is_the_head_of_main(repos: dict[str, Any], runner: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    """The remote is asked, not the checkout: the checkout's refs are as old as the run."""
    slept: list[float] = []
    monkeypatch.setattr(preview.time, "sleep", slept.append)
    rc, outputs, _ = runner("newest", cwd=repos["checkout"], GITHUB_SHA=repos["base"], BRANCH="main", PAUSE="0")
    assert (rc, outputs) == (0, {"newest": "true"})
    rc, outputs, printed = runner("newest", cwd=repos["checkout"], GITHUB_SHA=repos["heads"][12], BRANCH="main", PAUSE="60")
    assert (rc, outputs) == (0, {"newest": "false"}) and "does not overwrite it" in printed and slept == [0, 60]
    for bad in ({"BRANCH": "main --upload-pack=x"}, {"BRANCH": "main", "PAUSE": "9999"}, {"BRANCH": "nowhere"}):
        rc, outputs, printed = runner("newest", cwd=repos["checkout"], GITHUB_SHA=repos["base"], **bad)
        assert rc == 1 and outputs == {} and printed.startswith("::error::"), bad


@pytest.mark.parametrize(("number", "says"), [(13, "symbolic link"), (14, "something other than a file")])
def test_a_link_or_a_submodule_in_the_pull_requests_data_is_refused_not_followed(number: int, says: str, repos: dict[str, Any], tmp_path: Path) -> None:
    head = repos["heads"][number]
    preview.fetch_commit(repos["checkout"], head)
    with pytest.raises(preview.Refused, match=says):
        preview.read_tree(repos["checkout"], head, "data", tmp_path)
    assert not any(p.is_symlink() for p in tmp_path.rglob("*"))
    assert not any("root:" in p.read_text("utf-8", "replace") for p in tmp_path.rglob("*") if p.is_file())


def test_data_that_cannot_be_read_is_said_in_the_comment_instead_of_a_report(repos: dict[str, Any], runner: Callable[..., Any], tmp_path: Path) -> None:
    rc, outputs, printed = runner("data", cwd=repos["checkout"], HEAD_SHA=repos["heads"][13], BASE_SHA=repos["base"])
    assert (rc, outputs) == (0, {"data": "refused"}) and "::warning::" in printed
    report = (tmp_path / "temp" / "review" / "report.md").read_text("utf-8")
    assert report.startswith(preview.MARKER) and "was not read, so there is no report" in report and "symbolic link" in report
    assert preview.inert("'data/entities/pilvio/notices/privacy/2025-04-01.yml'") in report, "the name, as text"
    assert not (tmp_path / "temp" / "pull-request" / "data").exists()


def test_a_name_in_a_refusal_reaches_the_comment_as_inert_text(repos: dict[str, Any], runner: Callable[..., Any], tmp_path: Path) -> None:
    """Character references alone let GitHub mention, link and reference after decoding them: the comment quotes through the report's own inline()."""
    rc, outputs, _ = runner("data", cwd=repos["checkout"], HEAD_SHA=repos["heads"][15], BASE_SHA=repos["base"])
    assert outputs == {"data": "refused"}
    review = tmp_path / "temp" / "review"
    (review / "code.json").write_text(json.dumps([HOSTILE_NAME.replace("data/", "docs/", 1)]), "utf-8")
    (review / "preview.txt").write_text(f"The preview was not published: {preview.inert(HOSTILE_NAME)}.", "utf-8")
    api = FakeGitHub([pull(15, head=repos["heads"][15], base=repos["base"])])
    rc, _, _ = runner("comment", run_event(head=repos["heads"][15], numbers=(15,)), api, **{**VERDICT, "NUMBERS": "15", "BASE_SHA": repos["base"]})
    [body] = [c["body"] for c in api.comments]
    assert rc == 0 and github_would_make_something_of(body) == []
    readable = body.replace("\u200b", "")
    for name in (HOSTILE_NAME, HOSTILE_NAME.replace("data/", "docs/", 1)):
        shown = preview.inert(name)
        assert shown in body and str(inert_markdown.inline(name)) == shown
    assert "&#64;" in readable and "&#35;" in readable, "shown, as text"


def test_the_check_finds_what_character_references_alone_would_let_github_make() -> None:
    """The check above would fail on what the comment once wrote: every character but letters and digits as a reference."""
    plain = "".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in HOSTILE_NAME)
    found = github_would_make_something_of(f"{preview.MARKER}\n<code>{plain}</code>\n")
    assert any("@acme" in f for f in found) and any("#1" in f for f in found) and any(":rocket:" in f for f in found) and any("www." in f for f in found)


def _with_file_in_data(repo: Path, commit: str, folder: str, name: str, content: bytes) -> str:
    """A commit of ``commit``'s tree with data/<folder>/<name> (data/<name> when ``folder`` is empty) added, made from
    git's objects: `git add` would refuse a '.git' folder."""

    def run(*args: str, stdin: bytes = b"") -> str:
        return subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=True).stdout.decode().strip()

    blob = run("hash-object", "-w", "--stdin", stdin=content)
    entry = f"100644 blob {blob}\t{name}"
    if folder:
        entry = f"040000 tree {run('mktree', stdin=(entry + chr(10)).encode())}\t{folder}"
    data_entries = run("ls-tree", f"{commit}:data")
    data = run("mktree", stdin=(data_entries + f"\n{entry}\n").encode())
    root_entries = [line for line in run("ls-tree", commit).splitlines() if not line.endswith("\tdata")]
    root = run("mktree", stdin=("\n".join(root_entries) + f"\n040000 tree {data}\tdata\n").encode())
    return run("commit-tree", root, "-p", commit, "-m", "a folder git keeps for itself")


@pytest.mark.parametrize("folder", [".git", ".GIT", ".git.", "GIT~1"])
def test_a_folder_named_like_gits_own_in_the_pull_requests_data_is_refused(folder: str, repos: dict[str, Any], tmp_path: Path) -> None:
    """Written out, data/.git/config would make the data folder a repository whose settings (core.fsmonitor…) run commands."""
    head = _with_file_in_data(repos["checkout"], repos["base"], folder, "config", b"[core]\n\tfsmonitor = touch /tmp/owned\n")
    with pytest.raises(preview.Refused, match="a name git keeps for itself"):
        preview.read_tree(repos["checkout"], head, "data", tmp_path)
    assert not (tmp_path / "data").exists()


def test_the_data_listing_is_read_only_as_far_as_the_limit(repos: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A pull request can list millions of names: the listing is read as git writes it, and reading stops at the limit."""
    taken: list[bytes] = []
    records = preview.git_records

    def counted(*args: Any) -> Iterator[bytes]:
        for record in records(*args):
            taken.append(record)
            yield record

    monkeypatch.setattr(preview, "git_records", counted)
    whole = len(git(repos["checkout"], "ls-tree", "-r", "--name-only", repos["base"], "--", "data").split())
    assert whole > 10
    with pytest.raises(preview.Refused, match="more than 5 files"):
        preview.read_tree(repos["checkout"], repos["base"], "data", tmp_path, max_files=5)
    assert len(taken) == 6, "one past the limit, not the whole listing"
    assert not (tmp_path / "data").exists()


def test_data_larger_than_the_limit_is_refused(repos: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(preview.Refused, match="more than 20000 files or 1000 bytes"):
        preview.read_tree(repos["checkout"], repos["base"], "data", tmp_path, max_bytes=1000)


def test_a_pull_request_that_edits_the_report_code_cannot_hide_an_edit_of_a_version_in_force(repos: dict[str, Any], runner: Callable[..., Any], tmp_path: Path) -> None:
    """The review and comment jobs as the workflow runs them: the base's checkout writes the report on the pull request's data."""
    checkout, head = repos["checkout"], repos["heads"][12]
    api = FakeGitHub([pull(12, head=head, base=repos["base"])])
    event = run_event(head=head)
    rc, found, _ = runner("identify", event, api)
    assert rc == 0 and found["base_sha"] == repos["base"]
    rc, read, printed = runner("data", event, cwd=checkout, HEAD_SHA=found["head_sha"], BASE_SHA=found["base_sha"])
    assert (rc, read) == (0, {"data": "read"}), printed
    workflow = yaml.safe_load((WORKFLOWS / "pull-request-preview.yml").read_text("utf-8"))
    [command] = [s["run"] for s in workflow["jobs"]["review"]["steps"] if s.get("run", "").startswith("notices report")]
    values = {"BASE_SHA": found["base_sha"], "PREVIEW_URL": found["preview_url"], "RUNNER_TEMP": str(tmp_path / "temp")}
    words = [re.sub(r"\$(\w+)", lambda m: values[m[1]], w) for w in shlex.split(command)]
    rc, _, err = run_cli(*words[1:], "--as-of", AS_OF, cwd=checkout)
    assert rc == 0, err
    rc, _, printed = runner("comment", event, api, NUMBERS=found["numbers"], BASE_SHA=found["base_sha"], DEPLOYED="success", PREVIEW="deploy")
    [body] = [c["body"] for c in api.comments]
    assert "Versions already in force were edited" in body and "pilvio/privacy/2025-03-01" in body
    assert f"<code>{preview.inert('hooks/privacy_notices/authoring/report.py')}</code>" in body


# The API client


class _Recorder(http.server.BaseHTTPRequestHandler):
    seen: list[tuple[int, str, str | None]] = []
    redirect_to = ""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.seen.append((int(getattr(self.server, "server_port")), self.path, self.headers.get("Authorization")))
        if self.path.endswith("/zip"):
            self.send_response(302)
            self.send_header("Location", self.redirect_to)
            self.end_headers()
            return
        body = b"PK" + b"\0" * 5000 if self.path == "/blob" else b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def servers() -> Iterator[tuple[int, int]]:
    """An API and an artifact store on the loopback interface."""
    ports = (free_port(), free_port())
    running = [http.server.ThreadingHTTPServer(("127.0.0.1", port), _Recorder) for port in ports]
    _Recorder.seen = []
    _Recorder.redirect_to = f"http://127.0.0.1:{ports[1]}/blob"
    threads = [threading.Thread(target=s.serve_forever, daemon=True) for s in running]
    for thread in threads:
        thread.start()
    yield ports
    for server in running:
        server.shutdown()
        server.server_close()


def test_the_api_client_sends_the_token_to_the_api_and_never_to_where_a_download_redirects(servers: tuple[int, int], tmp_path: Path) -> None:
    with pytest.raises(preview.Refused, match="not an https address"):
        preview.RestClient("http://127.0.0.1:1", "token")
    client = preview.RestClient("https://api.example", "ghs_token")
    client.api_url = f"http://127.0.0.1:{servers[0]}"  # plain HTTP on the loopback interface, for the test only
    assert client.request("GET", "/repos/owner/site/pulls/12") == {"ok": True}
    client.download("/repos/owner/site/actions/artifacts/9/zip", tmp_path / "a.zip", 10_000)
    assert (tmp_path / "a.zip").read_bytes().startswith(b"PK")
    with pytest.raises(preview.Refused, match="larger than"):
        client.download("/repos/owner/site/actions/artifacts/9/zip", tmp_path / "b.zip", 1000)
    api, store = servers
    assert [(port, auth) for port, _, auth in _Recorder.seen] == [(api, "Bearer ghs_token"), (api, "Bearer ghs_token"), (store, None), (api, "Bearer ghs_token"), (store, None)]


# The workflows around the script


def _load_workflows() -> dict[str, Any]:
    return {p.name: yaml.safe_load(p.read_text("utf-8")) for p in sorted(WORKFLOWS.glob("*.yml"))}


def _steps(job: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if s.get("uses", "").startswith(action + "@")]


def test_the_job_that_reads_the_pull_requests_files_holds_no_write_token_and_the_ones_that_write_read_none() -> None:
    jobs = _load_workflows()["pull-request-preview.yml"]["jobs"]
    assert jobs["review"]["permissions"] == {"actions": "read", "contents": "read", "pull-requests": "read"}
    assert jobs["deploy"]["permissions"] == {"contents": "write", "pull-requests": "read"}
    assert jobs["comment"]["permissions"] == {"contents": "read", "pull-requests": "write", "statuses": "write"}
    [pending] = _load_workflows()["pull-request-pending.yml"]["jobs"].values()
    assert pending["permissions"] == {"contents": "read", "pull-requests": "write", "statuses": "write"}
    for name in ("deploy", "comment"):
        [download] = _steps(jobs[name], "actions/download-artifact")
        assert set(download["with"]) == {"name", "path"}, f"{name}: only an artifact of this run, which the review job made"
        assert download["with"]["name"] in ("checked-site", "review")
    assert not _steps(jobs["review"], "actions/download-artifact"), "the pull request's artifact is downloaded and checked by the script, never unpacked by an action"


def test_no_privileged_workflow_checks_out_or_runs_anything_of_the_pull_request() -> None:
    workflows = _load_workflows()
    for name in ("pull-request-preview.yml", "pull-request-closed.yml", "pull-request-pending.yml"):
        for job_name, job in workflows[name]["jobs"].items():
            for checkout in _steps(job, "actions/checkout"):
                assert not {"ref", "repository", "path"} & set(checkout["with"]), f"{name} {job_name}: the default or base branch only"
                assert checkout["with"]["persist-credentials"] is False
            assert not any("github-script" in s.get("uses", "") or "pr-preview-action" in s.get("uses", "") for s in job["steps"])
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), f"{name} {job_name}: values reach a run: step through env only"


def test_deploys_and_removals_write_only_the_apis_pull_requests_folder() -> None:
    workflows = _load_workflows()
    deploy = workflows["pull-request-preview.yml"]["jobs"]["deploy"]
    remove = workflows["pull-request-closed.yml"]["jobs"]["remove-preview"]
    for job in (deploy, remove):
        pages = _steps(job, "JamesIves/github-pages-deploy-action")
        assert pages and all(re.fullmatch(r"\$\{\{ steps\.\w+\.outputs\.folder \}\}", s["with"]["target-folder"]) for s in pages), "the script's pr-preview/pr-<digits>"
        assert all(s["with"]["branch"] == "gh-pages" and "clean" not in s["with"] for s in pages)
        names = [s.get("uses", "").split("@")[0] or s.get("run", "") for s in job["steps"]]
        assert names.index("actions/checkout") == 0, "the checkout comes first: it would empty the workspace of what came before it"
    assert deploy["steps"][1]["with"]["path"] == "${{ runner.temp }}/site" == deploy["steps"][3]["with"]["folder"]
    assert remove["steps"][1]["env"] == {"NUMBER": "${{ github.event.pull_request.number }}"}, "the number is the event's own, checked by the script"


def test_no_workflow_relies_on_a_concurrency_group_any_run_could_join() -> None:
    """A pull request's own pull-request.yml runs in this repository and can name any group: `pages` to cancel a publish,
    `pr-preview-<N>` to cancel another pull request's preview removal, `pr-report-<N>` to hold up its report."""
    workflows = _load_workflows()
    assert set(workflows) == {"publish.yml", "pull-request.yml", "pull-request-pending.yml", "pull-request-preview.yml", "pull-request-closed.yml", "scan.yml"}
    groups = [f"{name} {job_name}" for name, w in workflows.items() for job_name, job in w["jobs"].items() if "concurrency" in job or "concurrency" in w]
    assert groups == []
    deploys = [s for w in workflows.values() for j in w["jobs"].values() for s in _steps(j, "JamesIves/github-pages-deploy-action")]
    assert len(deploys) == 5 and all(s["with"]["force"] is False for s in deploys), "the action force-pushes by default: a preview would undo a publish pushed meanwhile"


def test_a_publish_deploys_only_the_head_of_main_and_tries_again_after_rejected_pushes() -> None:
    """Without a group, an older run could overwrite a newer one's site; the deploy action gives up after three rejected pushes."""
    steps = _load_workflows()["publish.yml"]["jobs"]["publish"]["steps"]
    order = [s.get("id") or s.get("run") or s["uses"].split("@")[0] for s in steps]
    build = order.index("notices build --cache .cache/notices")
    cache = steps[build - 1]
    assert cache["uses"].startswith("actions/cache@") and cache["with"]["path"].split() == ["site", ".cache/notices"], "the build's cache restores its site folder with its record"
    assert order[build + 1 :] == ["newest", "deploy", "again", "JamesIves/github-pages-deploy-action"]
    newest, deploy, again, retry = steps[build + 1 :]
    assert newest["env"]["BRANCH"] == again["env"]["BRANCH"] == "main" and again["env"]["PAUSE"].isdigit()
    assert deploy["if"] == "steps.newest.outputs.newest == 'true'" and deploy["continue-on-error"] is True
    assert again["if"] == "steps.deploy.outcome == 'failure'" and retry["if"] == "steps.again.outputs.newest == 'true'"
    assert deploy["uses"] == retry["uses"] and deploy["with"] == retry["with"] == {"folder": "site", "branch": "gh-pages", "force": False, "clean-exclude": "pr-preview/"}


def test_the_triggers_run_the_privileged_workflows_for_main_only_and_rerun_the_checks_on_a_new_base() -> None:
    workflows = _load_workflows()
    pending, closed = workflows["pull-request-pending.yml"][True]["pull_request_target"], workflows["pull-request-closed.yml"][True]["pull_request_target"]
    assert pending == {"types": ["opened", "synchronize", "reopened", "edited"], "branches": ["main"]}
    assert closed == {"types": ["closed"], "branches": ["main"]}
    # workflow_run's branch filter is on the finished run's head branch, which the pull request names: the script checks the base instead.
    assert workflows["pull-request-preview.yml"][True]["workflow_run"] == {"workflows": ["Pull request"], "types": ["completed"]}
    assert "skipped" in workflows["pull-request-preview.yml"]["jobs"]["review"]["if"], "a run whose jobs were all skipped (a new title) reports nothing"
    checks = workflows["pull-request.yml"]
    assert checks[True]["pull_request"]["types"] == ["opened", "synchronize", "reopened", "edited"]
    assert checks["jobs"]["review"]["if"] == "github.event.action != 'edited' || github.event.changes.base"
    assert checks["name"] == "Pull request" == workflows["pull-request-preview.yml"][True]["workflow_run"]["workflows"][0]


def test_the_workflow_keeps_its_files_where_the_script_does() -> None:
    text = (WORKFLOWS / "pull-request-preview.yml").read_text("utf-8")
    layout = preview.Layout(Path("$RUNNER_TEMP"))
    assert f'--data "{layout.pull_request / preview.DATA}"' in text and f'--output "{layout.review / "report.md"}"' in text
    jobs = yaml.safe_load(text)["jobs"]
    uploads = {s["with"]["name"]: s["with"]["path"] for s in _steps(jobs["review"], "actions/upload-artifact")}
    assert uploads == {"review": "${{ runner.temp }}/review/", "checked-site": "${{ runner.temp }}/site/"}


def test_every_step_of_the_script_the_workflows_run_is_one_these_tests_run() -> None:
    steps = {s["run"].split()[-1] for w in _load_workflows().values() for j in w["jobs"].values() for s in j["steps"] if s.get("run", "").startswith("python .github/scripts/preview.py")}
    tested = {"pending", "identify", "data", "artifact", "state", "recheck", "comment", "closed", "newest"}
    assert steps == tested
    source = Path(__file__).read_text("utf-8")
    assert all(f'runner("{command}"' in source for command in tested)


# What a checkout would write differently from what the report read

@pytest.mark.parametrize("name", [".gitattributes", ".GitAttributes", ".gitattributes.", ".gitmodules"])
def test_git_settings_in_the_pull_requests_data_are_refused(name: str, repos: dict[str, Any], tmp_path: Path) -> None:
    """read_tree writes git's blobs as they are, while the publish build's checkout applies .gitattributes
    (working-tree-encoding=ASCII//TRANSLIT turns 'Henkilötietojasi' into 'Henkilotietojasi'): the report
    would read other text than the site publishes."""
    head = _with_file_in_data(repos["checkout"], repos["base"], "", name, b"entities/*/entity.yml working-tree-encoding=ASCII//TRANSLIT\n")
    with pytest.raises(preview.Refused, match="changes how git writes out the files"):
        preview.read_tree(repos["checkout"], head, "data", tmp_path)
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize("name", [".gitattributes", "docs/.gitattributes", ".gitmodules"])
def test_git_settings_anywhere_are_named_first_as_changing_what_the_build_reads(name: str) -> None:
    code = [f"+{i:02}.md" for i in range(20)] + [name]
    named = re.findall(r"<code>(.*?)</code>", preview.code_warning(code))
    assert named[0] == preview.inert(name)


def _zip_with(compression: int) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as packed:
        packed.writestr("index.html", "<p>preview</p>")
    return buffer.getvalue()


@pytest.mark.parametrize("compression", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_an_entry_compressed_other_than_upload_artifact_does_is_refused_before_unpacking(compression: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """zipfile unpacks bzip2 and LZMA with no bound on a chunk: a 903-byte entry took 2 GB before the size limit was reached."""
    archive = tmp_path / "preview.zip"
    archive.write_bytes(_zip_with(compression))
    (tmp_path / "plain.zip").write_bytes(_zip_with(zipfile.ZIP_STORED))
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda *a, **k: pytest.fail("an entry was opened"))
    with pytest.raises(preview.Refused, match="compressed other than"):
        preview.check_site(archive, tmp_path / "site")
    assert not (tmp_path / "site").exists()
    monkeypatch.undo()
    assert preview.check_site(tmp_path / "plain.zip", tmp_path / "stored") == 1


@pytest.mark.parametrize("folder", ["git~1", ".git", "GIT~1"])
def test_a_folder_named_like_gits_own_in_the_preview_is_refused(folder: str, tmp_path: Path) -> None:
    """`git add` refuses such a path, so the deploy would fail half-way; the check refuses it first."""
    archive = tmp_path / "preview.zip"
    archive.write_bytes(site_zip({**SITE, f"{folder}/config.txt": "x"}))
    with pytest.raises(preview.Refused):
        preview.check_site(archive, tmp_path / "site")
    assert not (tmp_path / "site").exists()
