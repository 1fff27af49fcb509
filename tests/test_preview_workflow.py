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


def pull(number: int, head: str = HEAD, head_repo: str = REPO, state: str = "open", base_repo: str = REPO) -> dict[str, Any]:
    return {"number": number, "state": state, "head": {"sha": head, "ref": "change", "repo": {"full_name": head_repo}}, "base": {"sha": BASE, "repo": {"full_name": base_repo}}}


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
        }
    }


class FakeGitHub:
    """GitHub's API for one repository, in memory; every call is recorded."""

    def __init__(self, pulls: list[dict[str, Any]], artifacts: dict[int, bytes] | None = None, comments: list[dict[str, Any]] | None = None, sizes: dict[int, int] | None = None) -> None:
        self.pulls = {p["number"]: p for p in pulls}
        self.artifacts = artifacts or {}
        self.sizes = sizes or {}
        self.comments = comments or []
        self.calls: list[tuple[str, str, Any]] = []

    def request(self, method: str, path: str, body: Any = None) -> Any:
        self.calls.append((method, path, body))
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
        environment = {"GITHUB_REPOSITORY": REPO, "GITHUB_EVENT_PATH": str(event_path), "GITHUB_OUTPUT": str(output), "RUNNER_TEMP": str(tmp_path / "temp"), "GITHUB_SHA": "c" * 40, **env}
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
    pr = preview.identify(run_event(), REPO, api)
    assert (pr.number, pr.head_sha, pr.base_sha, pr.same_repository) == (12, HEAD, BASE, True)


def test_a_fork_whose_event_names_no_pull_request_is_found_through_the_api(runner: Callable[..., Any]) -> None:
    api = FakeGitHub([pull(31, head_repo="forker/site"), pull(30, head="d" * 40, head_repo="forker/site", state="closed")])
    rc, outputs, _ = runner("identify", run_event(head_repo="forker/site", numbers=()), api)
    assert rc == 0
    assert outputs == {"found": "true", "number": "31", "head_sha": HEAD, "base_sha": BASE, "same_repository": "false", "preview_url": ""}
    assert any(path.startswith(f"/repos/{REPO}/pulls?") and "head=forker%3Achange" in path for _, path, _ in api.calls)


def test_a_fork_whose_event_names_another_repositorys_pull_request_is_still_found_through_the_api() -> None:
    api = FakeGitHub([pull(5, head_repo="someone/else"), pull(31, head_repo="forker/site")])
    pr = preview.identify(run_event(head_repo="forker/site", numbers=(5,)), REPO, api)
    assert (pr.number, pr.same_repository) == (31, False)


@pytest.mark.parametrize(
    "found",
    [
        pull(12, head="d" * 40),  # pushed to since the run: its report would be stale
        pull(12, state="closed"),
        pull(12, head_repo="someone/else"),  # the event's list names a pull request of another repository's branch
        pull(12, base_repo="someone/else"),
    ],
)
def test_a_pull_request_that_is_not_the_runs_open_one_now_gets_nothing(found: dict[str, Any], runner: Callable[..., Any]) -> None:
    api = FakeGitHub([found])
    rc, outputs, printed = runner("identify", run_event(), api)
    assert (rc, outputs) == (0, {"found": "false"}) and "nothing to publish or post" in printed
    assert api.touched() == []


def test_a_commit_at_the_head_of_two_pull_requests_is_refused(runner: Callable[..., Any]) -> None:
    rc, outputs, printed = runner("identify", run_event(numbers=(12, 14)), FakeGitHub([pull(12), pull(14)]))
    assert rc == 1 and outputs == {} and "::error::" in printed and "#12, #14" in printed


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
    assert rc == 0 and found["number"] == "12" and found["preview_url"] == f"https://owner.github.io/site/pr-preview/pr-12/"
    rc, checked, _ = runner("artifact", run_event(), api)
    assert (rc, checked) == (0, {"site": "checked"})
    published = tmp_path / "temp" / "site"
    assert (published / "preview.json").read_text("utf-8") == forged, "preview.json is one of the site's files, nothing more"
    rc, state, _ = runner("state", run_event(), api, NUMBER=found["number"], HEAD_SHA=found["head_sha"])
    assert state["action"] == "deploy" and state["folder"] == "pr-preview/pr-12"
    review = tmp_path / "temp" / "review"
    (review / "report.md").write_text(preview.MARKER + "\n## the report\n", "utf-8")
    (review / "code.json").write_text("[]", "utf-8")
    rc, _, printed = runner("comment", run_event(), api, NUMBER=found["number"], DEPLOYED="success")
    assert rc == 0 and "posted on #12" in printed
    assert api.touched() == [f"/repos/{REPO}/issues/12/comments"]
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
    assert (tmp_path / "temp" / "review" / "preview.txt").read_text("utf-8") == "The preview was not published: " + preview.plain("the run made no 'preview' artifact") + "."


# Deploying and removing


@pytest.mark.parametrize(("found", "action"), [(pull(12), "deploy"), (pull(12, state="closed"), "remove"), (pull(12, head="d" * 40), "none")])
def test_just_before_deploying_a_closed_pull_request_is_removed_and_a_moved_one_left(found: dict[str, Any], action: str, runner: Callable[..., Any]) -> None:
    rc, outputs, _ = runner("state", run_event(), FakeGitHub([found]), NUMBER="12", HEAD_SHA=HEAD)
    assert rc == 0 and outputs["action"] == action and outputs["folder"] == "pr-preview/pr-12"
    assert Path(outputs["empty"]).is_dir() and not any(Path(outputs["empty"]).iterdir())


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


def test_the_report_comment_is_the_bots_own_and_is_updated_in_place(runner: Callable[..., Any], tmp_path: Path) -> None:
    _review(tmp_path, code=["hooks/privacy_notices/report.py", "<img src=x onerror=alert(1)>.py"])
    planted = {"id": 3, "issue": 12, "user": {"login": "attacker"}, "body": preview.MARKER + "\nA publish build would pass."}
    mine = {"id": 4, "issue": 12, "user": {"login": "github-actions[bot]"}, "body": preview.MARKER + "\nold"}
    api = FakeGitHub([pull(12)], comments=[planted, mine])
    rc, _, printed = runner("comment", run_event(), api, NUMBER="12", DEPLOYED="success")
    assert rc == 0 and "updated on #12" in printed and api.touched() == [f"/repos/{REPO}/issues/comments/4"]
    assert planted["body"].endswith("would pass."), "a comment that only looks like the report is left alone"
    body = mine["body"]
    assert body.startswith(preview.MARKER + "\n## the report")
    assert f"`{'c' * 12}`" in body and f"`{HEAD[:12]}`" in body and "no code of the pull request ran" in body
    assert "Preview: https://owner.github.io/site/pr-preview/pr-12/" in body
    assert "changes 2 files outside `data/`" in body and f"<code>{preview.plain('hooks/privacy_notices/report.py')}</code>" in body
    assert "<img" not in body and "&#60;img src&#61;x onerror&#61;alert&#40;1&#41;&#62;&#46;py" in body


def test_what_the_pull_request_named_reaches_a_comment_as_text_only() -> None:
    shown = preview.plain("[x](https://evil.example) @team <b>**bold**</b>\n# title")
    assert shown == "&#91;x&#93;&#40;https&#58;&#47;&#47;evil&#46;example&#41; &#64;team &#60;b&#62;&#42;&#42;bold&#42;&#42;&#60;&#47;b&#62; &#35; title"


def test_a_fork_is_told_where_its_preview_is_and_a_refused_one_why(runner: Callable[..., Any], tmp_path: Path) -> None:
    _review(tmp_path)
    api = FakeGitHub([pull(31, head_repo="forker/site")])
    rc, _, _ = runner("comment", run_event(head_repo="forker/site", numbers=()), api, NUMBER="31", DEPLOYED="skipped")
    [body] = [c["body"] for c in api.comments]
    assert rc == 0 and "from a fork is not previewed" in body and f"(https://github.com/{REPO}/actions/runs/77)" in body
    (tmp_path / "temp" / "review" / "preview.txt").write_text("The preview was not published: the preview artifact holds a symbolic link: 'x.html'.", "utf-8")
    api = FakeGitHub([pull(12)])
    runner("comment", run_event(), api, NUMBER="12", DEPLOYED="skipped")
    assert "holds a symbolic link" in api.comments[0]["body"] and "Preview: http" not in api.comments[0]["body"]


@pytest.mark.parametrize("found", [pull(12, head="d" * 40), pull(12, state="closed")])
def test_a_report_of_a_commit_that_is_no_longer_the_head_is_not_posted(found: dict[str, Any], runner: Callable[..., Any], tmp_path: Path) -> None:
    _review(tmp_path)
    api = FakeGitHub([found])
    rc, _, printed = runner("comment", run_event(), api, NUMBER="12", DEPLOYED="success")
    assert rc == 0 and api.touched() == [] and "not posted" in printed


def test_a_report_too_long_for_a_comment_is_cut_and_keeps_its_footer() -> None:
    body = preview.comment_body(preview.MARKER + "\n" + "x" * 200_000, preview.footer(HEAD, "c" * 40, "Preview: here", []))
    assert len(body) <= preview.MAX_COMMENT < 65_536
    assert body.startswith(preview.MARKER) and "the report is cut here" in body and body.rstrip().endswith("Preview: here")


# The pull request's data, read out of git


@pytest.fixture(scope="module")
def repos(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A repository of this project on GitHub, as far as git sees it: main, and pull requests' heads only under refs/pull/N/head.

    #12 edits a version in force, and edits report.py so that its own report would hide that;
    #13 adds a symbolic link to /etc/passwd in data/; #14 adds a submodule there.
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
    report_py = work / "hooks/privacy_notices/report.py"
    honest = report_py.read_text("utf-8")
    hiding = honest.replace("edited_in_force = _published_edits(base, head, old, new, as_of)", "edited_in_force = []")
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
    origin = root / "origin.git"
    git(work, "checkout", "-q", "main")
    git(root, "clone", "-q", "--bare", str(work), str(origin))
    for number, sha in heads.items():
        git(origin, "update-ref", f"refs/pull/{number}/head", sha)
    for branch in ("change", "link", "submodule"):
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
    assert preview.changed_code(checkout, repos["base"], head) == ["hooks/privacy_notices/report.py"]


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
    assert preview.plain("'data/entities/pilvio/notices/privacy/2025-04-01.yml'") in report, "the name, as text"
    assert not (tmp_path / "temp" / "pull-request" / "data").exists()


def _with_file_in_data(repo: Path, commit: str, folder: str, name: str, content: bytes) -> str:
    """A commit of ``commit``'s tree with data/<folder>/<name> added, made from git's objects: `git add` would refuse a '.git' folder."""

    def run(*args: str, stdin: bytes = b"") -> str:
        return subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=True).stdout.decode().strip()

    blob = run("hash-object", "-w", "--stdin", stdin=content)
    inner = run("mktree", stdin=f"100644 blob {blob}\t{name}\n".encode())
    data_entries = run("ls-tree", f"{commit}:data")
    data = run("mktree", stdin=(data_entries + f"\n040000 tree {inner}\t{folder}\n").encode())
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
    api = FakeGitHub([pull(12, head=head) | {"base": {"sha": repos["base"], "repo": {"full_name": REPO}}}])
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
    rc, _, printed = runner("comment", event, api, NUMBER=found["number"], DEPLOYED="success")
    [body] = [c["body"] for c in api.comments]
    assert "Versions already in force were edited" in body and "pilvio/privacy/2025-03-01" in body
    assert f"<code>{preview.plain('hooks/privacy_notices/report.py')}</code>" in body


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
    assert jobs["comment"]["permissions"] == {"contents": "read", "pull-requests": "write"}
    for name in ("deploy", "comment"):
        [download] = _steps(jobs[name], "actions/download-artifact")
        assert set(download["with"]) == {"name", "path"}, f"{name}: only an artifact of this run, which the review job made"
        assert download["with"]["name"] in ("checked-site", "review")
    assert not _steps(jobs["review"], "actions/download-artifact"), "the pull request's artifact is downloaded and checked by the script, never unpacked by an action"


def test_no_privileged_workflow_checks_out_or_runs_anything_of_the_pull_request() -> None:
    workflows = _load_workflows()
    for name in ("pull-request-preview.yml", "pull-request-closed.yml"):
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


def test_previews_never_share_a_concurrency_group_with_publishing() -> None:
    workflows = _load_workflows()
    assert workflows["publish.yml"]["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    deploys = [s for w in workflows.values() for j in w["jobs"].values() for s in _steps(j, "JamesIves/github-pages-deploy-action")]
    assert len(deploys) == 4 and all(s["with"]["force"] is False for s in deploys), "the action force-pushes by default: a preview would undo a publish pushed meanwhile"
    groups = {
        f"{name} {job_name}": job.get("concurrency", workflow.get("concurrency"))
        for name, workflow in workflows.items()
        if name != "publish.yml"
        for job_name, job in workflow["jobs"].items()
    }
    assert all(group is None or group["group"] != "pages" for group in groups.values()), groups
    deploy, remove = groups["pull-request-preview.yml deploy"], groups["pull-request-closed.yml remove-preview"]
    assert deploy == {"group": "pr-preview-${{ needs.review.outputs.number }}", "cancel-in-progress": False}, "a deploy never cancels a running removal"
    assert remove == {"group": "pr-preview-${{ github.event.pull_request.number }}", "cancel-in-progress": False}


def test_the_workflow_keeps_its_files_where_the_script_does() -> None:
    text = (WORKFLOWS / "pull-request-preview.yml").read_text("utf-8")
    layout = preview.Layout(Path("$RUNNER_TEMP"))
    assert f'--data "{layout.pull_request / preview.DATA}"' in text and f'--output "{layout.review / "report.md"}"' in text
    jobs = yaml.safe_load(text)["jobs"]
    uploads = {s["with"]["name"]: s["with"]["path"] for s in _steps(jobs["review"], "actions/upload-artifact")}
    assert uploads == {"review": "${{ runner.temp }}/review/", "checked-site": "${{ runner.temp }}/site/"}


def test_every_step_of_the_script_the_workflows_run_is_one_these_tests_run() -> None:
    steps = {s["run"].split()[-1] for w in _load_workflows().values() for j in w["jobs"].values() for s in j["steps"] if s.get("run", "").startswith("python .github/scripts/preview.py")}
    tested = {"identify", "data", "artifact", "state", "comment", "closed"}
    assert steps == tested
    source = Path(__file__).read_text("utf-8")
    assert all(f'runner("{command}"' in source for command in tested)
