"""The steps of the pull-request preview workflows that decide what a write token does.

The workflow "Pull request" runs the pull request's own code, so nothing it made is
trusted: not its artifact's preview.json, not its report, not the number it says it
is. Here the pull request's number, head commit and base come from the event GitHub
wrote and from GitHub's API; its data/ is read out of git as files (never checked
out, installed or run); and of its artifact only the site files are kept, after they
are checked. Standard library only: this runs before, and apart from, the project's
own installation.

    python .github/scripts/preview.py identify   which open pull request the finished run built
    python .github/scripts/preview.py data       its data/ at its head commit, as files
    python .github/scripts/preview.py artifact   the run's `preview` artifact, checked
    python .github/scripts/preview.py state      deploy, remove or leave the preview, just before
    python .github/scripts/preview.py comment    post or update the report comment
    python .github/scripts/preview.py closed     the folder of a closed pull request's preview

Each reads what Actions sets (GITHUB_EVENT_PATH, GITHUB_REPOSITORY, RUNNER_TEMP…) and
GITHUB_TOKEN where it calls the API, and writes its results to $GITHUB_OUTPUT.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

ARTIFACT = "preview"
"""The artifact of the "Pull request" run that holds its site files."""
DATA = "data"
"""The folder of the data, in the repository; everything else a pull request changes is code."""
UMBRELLA = "pr-preview"
"""The folder of gh-pages that holds one folder of each pull request's preview."""
MARKER = "<!-- notices-report -->"
"""How the report comment begins (overrides/notices/report.md.j2 writes it)."""
BOT = "github-actions[bot]"
"""The only author whose comment is the report's: the token of these workflows."""

SITE_SUFFIXES = frozenset(
    {".html", ".css", ".js", ".map", ".json", ".xml", ".txt", ".gz", ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".woff", ".woff2", ".pdf"}
)
"""The kinds of file a site has: what `notices build` writes, and the images and fonts a hand-written page may add."""
MAX_SITE_BYTES = 100 * 2**20
"""The most a preview may hold, unpacked (the example's is under 7 MiB); its zip may be no larger."""
MAX_SITE_FILES = 20_000
UPLOAD_REFUSES = frozenset('":<>|*?')
"""Characters the pinned upload-artifact refuses in a file's path (besides control characters and the backslash,
which every path here refuses): a preview holding one would fail the review job, and with it the report."""
FRONT_MATTER = b"---"
"""How a file Jekyll would process begins (after a byte-order mark, if any)."""
MAX_DATA_BYTES = 50 * 2**20
"""The most a pull request's data/ may hold (the example's is under 1 MiB)."""
MAX_DATA_FILES = 20_000
MAX_COMMENT = 65_000
"""GitHub refuses a comment over 65,536 characters."""
MAX_CODE_NAMED = 20
"""How many changed files outside data/ the comment names."""

SHA = re.compile(r"[0-9a-f]{40}")
REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
NUMBER = re.compile(r"[1-9][0-9]{0,9}")


class Refused(Exception):
    """Something the pull request made, or the event, is not what may be used; the message says what, on one line."""


class GitHub(Protocol):
    """GitHub's REST API, as these steps use it; the tests give a fake one."""

    def request(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any: ...

    def download(self, path: str, target: Path, limit: int) -> None: ...


class RestClient:
    """GitHub's REST API over urllib, with the job's token; the token never follows a redirect to another host."""

    def __init__(self, api_url: str, token: str) -> None:
        if not api_url.startswith("https://"):
            raise Refused(f"GITHUB_API_URL is not an https address: {api_url[:80]!r}")
        self.api_url = api_url.rstrip("/")
        self.token = token

    def _open(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.api_url + path, data=data, method=method)
        request.add_header("Accept", "application/vnd.github+json")
        request.add_header("X-GitHub-Api-Version", "2022-11-28")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        # Unredirected: an artifact's download redirects to storage, which must not get the token.
        request.add_unredirected_header("Authorization", f"Bearer {self.token}")
        try:
            return urllib.request.urlopen(request, timeout=120)
        except urllib.error.HTTPError as exc:
            raise Refused(f"GitHub's API answered {exc.code} to {method} {path}") from None
        except urllib.error.URLError as exc:
            raise Refused(f"GitHub's API could not be reached for {method} {path}: {exc.reason}") from None

    def request(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        with self._open(method, path, body) as response:
            text = response.read()
        return json.loads(text) if text else None

    def download(self, path: str, target: Path, limit: int) -> None:
        with self._open("GET", path) as response, target.open("wb") as out:
            copy_at_most(response.read, out.write, limit, f"the download of {path}")


def amount(size: int) -> str:
    """A limit in words: 100 MiB, or 1000 bytes below one MiB."""
    return f"{size // 2**20} MiB" if size >= 2**20 else f"{size} bytes"


def copy_at_most(read: Callable[[int], bytes], write: Callable[[bytes], Any], limit: int, what: str) -> int:
    """Copy until ``read`` is done, refusing past ``limit`` bytes (a zip's sizes are the packer's word, not a fact)."""
    total = 0
    while chunk := read(1 << 16):
        total += len(chunk)
        if total > limit:
            raise Refused(f"{what} is larger than {amount(limit)}")
        write(chunk)
    return total


def pages(api: GitHub, path: str, most: int = 20) -> list[Any]:
    """Every item of a listing, 100 a page."""
    items: list[Any] = []
    separator = "&" if "?" in path else "?"
    for page in range(1, most + 1):
        batch = api.request("GET", f"{path}{separator}per_page=100&page={page}")
        if not isinstance(batch, list):
            raise Refused(f"GitHub's API gave no list for {path}")
        items += batch
        if len(batch) < 100:
            return items
    raise Refused(f"{path} lists more than {most * 100} items")


@dataclass(frozen=True)
class PullRequest:
    """The open pull request a run built, as GitHub's API describes it."""

    number: int
    head_sha: str
    base_sha: str
    head_repository: str
    same_repository: bool


def _get(value: Any, *keys: str) -> Any:
    for key in keys:
        value = value.get(key) if isinstance(value, dict) else None
    return value


def finished_run(event: Mapping[str, Any]) -> dict[str, Any]:
    """The event's workflow run, refused unless a pull request's with a head commit and repository."""
    run = event.get("workflow_run")
    if not isinstance(run, dict) or run.get("event") != "pull_request":
        raise Refused("the event is not the end of a run for a pull request")
    if not isinstance(run.get("head_sha"), str) or not SHA.fullmatch(run["head_sha"]):
        raise Refused("the run names no head commit")
    if not isinstance(_get(run, "head_repository", "full_name"), str) or not REPOSITORY.fullmatch(run["head_repository"]["full_name"]):
        raise Refused("the run names no head repository (a deleted fork?)")
    if not isinstance(run.get("id"), int):
        raise Refused("the run has no id")
    return run


def identify(event: Mapping[str, Any], repository: str, api: GitHub) -> PullRequest | None:
    """The open pull request of this repository whose head is the commit the run built; None when there is none now.

    The event names the pull requests of a branch of this repository; for a fork it
    names none, and the open pull requests from the run's head repository and branch
    are asked for (as they are when none the event names is the one). Either way each
    is read back from the API and kept only if its head is still the run's commit and
    repository: a run of an older commit, or of a closed pull request, publishes nothing.
    """
    run = finished_run(event)
    named = [pr["number"] for pr in run.get("pull_requests") or [] if isinstance(pr, dict) and isinstance(pr.get("number"), int)]
    found = _confirmed(api, repository, run, named)
    if not found:
        owner, branch = _get(run, "head_repository", "owner", "login"), run.get("head_branch")
        if not isinstance(owner, str) or not isinstance(branch, str):
            raise Refused("the run names no head branch")
        query = urllib.parse.urlencode({"state": "open", "head": f"{owner}:{branch}"})
        listed = [pr["number"] for pr in pages(api, f"/repos/{repository}/pulls?{query}") if isinstance(_get(pr, "number"), int)]
        found = _confirmed(api, repository, run, [n for n in listed if n not in named])
    if len(found) > 1:
        raise Refused(f"commit {run['head_sha'][:12]} is the head of {len(found)} open pull requests: " + ", ".join(f"#{pr.number}" for pr in found))
    return found[0] if found else None


def _confirmed(api: GitHub, repository: str, run: Mapping[str, Any], numbers: list[int]) -> list[PullRequest]:
    """Those of ``numbers`` that GitHub's API says are open pull requests of this repository at the run's head commit, from its head repository."""
    head_sha, head_repository = run["head_sha"], run["head_repository"]["full_name"]
    found = []
    for number in sorted(set(numbers)):
        pr = api.request("GET", f"/repos/{repository}/pulls/{number}")
        if (
            _get(pr, "state") == "open"
            and _get(pr, "head", "sha") == head_sha
            and _get(pr, "head", "repo", "full_name") == head_repository
            and _get(pr, "base", "repo", "full_name") == repository
            and isinstance(_get(pr, "base", "sha"), str)
            and SHA.fullmatch(pr["base"]["sha"])
        ):
            found.append(PullRequest(number, head_sha, pr["base"]["sha"], head_repository, head_repository == repository))
    return found


def preview_address(repository: str, number: int) -> str:
    """Where GitHub Pages serves a pull request's preview: pr-preview/pr-N/ of the project site."""
    owner, name = repository.split("/")
    return f"https://{owner}.github.io/{name}/{UMBRELLA}/pr-{number}/"


def check_path(name: str, what: str, hidden: bool = False) -> PurePosixPath:
    """A relative path of plain names: not absolute, no '..' or empty part, no control character or backslash.

    A hidden name ('.htaccess', '.well-known/') is refused unless ``hidden``: the
    workflow's own upload leaves hidden files out of an artifact, so one there was put
    there by other means.
    """
    if not name or name.startswith("/") or "\\" in name or any(ord(c) < 32 or c == "\x7f" for c in name):
        raise Refused(f"{what} has a path that is not a plain relative one: {name[:120]!r}")
    if any(part in ("", ".", "..") or (part.startswith(".") and not hidden) for part in name.split("/")):
        raise Refused(f"{what} has a path with '..', '.'{'' if hidden else ' or a hidden name'}: {name[:120]!r}")
    return PurePosixPath(name)


def write_new(target: Path, relative: PurePosixPath, read: Callable[[int], bytes], limit: int, what: str) -> int:
    """Write one file below ``target``, never through a link and never over a file already there."""
    destination = target.joinpath(*relative.parts)
    try:
        destination.parent.mkdir(parents=True, exist_ok=True)
        if destination.parent.resolve() != target.resolve().joinpath(*relative.parts[:-1]):
            raise Refused(f"{what} has a path that leaves its folder: {str(relative)[:120]!r}")
        handle = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise Refused(f"{what} names {str(relative)[:120]!r} twice, or as a file and a folder ({exc.strerror})") from None
    with os.fdopen(handle, "wb") as out:
        return copy_at_most(read, out.write, limit, what)


def check_site(archive_path: Path, target: Path, max_bytes: int = MAX_SITE_BYTES, max_files: int = MAX_SITE_FILES) -> int:
    """Unpack the preview artifact into ``target``, the empty folder of the site, if every entry is a site file; the number of files.

    The artifact is a zip the pull request's run uploaded, and that run can upload any
    zip it likes: every entry must be a regular file (no link of any kind, which a zip
    marks in its Unix mode), of a kind the site has, at a plain relative path, within the
    limits; the site's index.html is at its root. Nothing is left in ``target`` when one
    is not.
    """
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise Refused(f"{target} is not empty")
    try:
        archive = zipfile.ZipFile(archive_path)
    except Exception:  # whatever a crafted archive makes the zip module raise: a refusal, never a traceback
        target.rmdir()
        raise Refused("the preview artifact is not a zip archive") from None
    try:
        with archive:
            entries = archive.infolist()
            if len(entries) > max_files:
                raise Refused(f"the preview artifact has more than {max_files} entries")
            files: list[tuple[zipfile.ZipInfo, PurePosixPath]] = []
            for entry in entries:
                path = check_path(entry.filename.removesuffix("/"), "the preview artifact")
                if UPLOAD_REFUSES & set(entry.filename):
                    raise Refused(f"the preview artifact has a path with a character upload-artifact refuses ({' '.join(sorted(UPLOAD_REFUSES))}): {entry.filename[:120]!r}")
                kind = stat.S_IFMT(entry.external_attr >> 16)
                if kind == stat.S_IFLNK:
                    raise Refused(f"the preview artifact holds a symbolic link: {entry.filename[:120]!r}")
                if entry.flag_bits & 0x1:
                    raise Refused(f"the preview artifact holds an encrypted entry: {entry.filename[:120]!r}")
                if entry.is_dir() and kind in (0, stat.S_IFDIR):
                    continue
                if kind not in (0, stat.S_IFREG):
                    raise Refused(f"the preview artifact holds something other than a file or folder: {entry.filename[:120]!r}")
                if path.suffix.lower() not in SITE_SUFFIXES:
                    raise Refused(f"the preview artifact holds a file of a kind the site does not have: {entry.filename[:120]!r}")
                files.append((entry, path))
            if PurePosixPath("index.html") not in {path for _, path in files}:
                raise Refused("the preview artifact has no index.html at its root: it is not one folder of site files")
            unpacked = 0

            def counted(read: Callable[[int], bytes]) -> Callable[[int], bytes]:
                def read_counted(size: int) -> bytes:
                    nonlocal unpacked
                    chunk = read(size)
                    unpacked += len(chunk)
                    if unpacked > max_bytes:
                        raise Refused(f"the preview artifact unpacks to more than {amount(max_bytes)}")
                    return chunk

                return read_counted

            for entry, path in files:
                with archive.open(entry) as source:
                    write_new(target, path, without_front_matter(counted(source.read), str(path)), max_bytes, "the preview artifact")
            return len(files)
    except Refused:
        shutil.rmtree(target)
        raise
    except Exception as exc:  # a corrupt stream raises zlib.error, struct.error…: each is a refusal on one line
        shutil.rmtree(target)
        raise Refused(f"the preview artifact cannot be read: {type(exc).__name__}: {' '.join(str(exc).split())[:200]}") from None


def without_front_matter(read: Callable[[int], bytes], name: str) -> Callable[[int], bytes]:
    """``read``, refusing a file that begins with front matter: Jekyll would give it another address, or fail the site's build.

    The site's root has a .nojekyll, so GitHub Pages runs no Jekyll; this holds even
    if it had none. Nothing the site builds begins with three dashes.
    """
    head = b""
    while len(head) < 6 and (chunk := read(6 - len(head))):
        head += chunk
    if head.removeprefix(b"\xef\xbb\xbf").startswith(FRONT_MATTER):
        raise Refused(f"the preview artifact holds a file that begins with front matter ('---'): {name[:120]!r}")
    pending = [head]

    def rest(size: int) -> bytes:
        return pending.pop() if pending else read(size)

    return rest


def download_site(api: GitHub, repository: str, run_id: int, target: Path) -> int:
    """The run's preview artifact, downloaded through the API and checked into ``target``; the number of files."""
    listing = api.request("GET", f"/repos/{repository}/actions/runs/{run_id}/artifacts?name={ARTIFACT}&per_page=100")
    found = [a for a in _get(listing, "artifacts") or [] if _get(a, "name") == ARTIFACT and not _get(a, "expired") and isinstance(_get(a, "id"), int)]
    if not found:
        raise Refused(f"the run made no {ARTIFACT!r} artifact")
    newest = max(found, key=lambda a: a["id"])  # a re-run's, when the run was run again
    size = _get(newest, "size_in_bytes")
    if not isinstance(size, int) or size > MAX_SITE_BYTES:
        raise Refused(f"the preview artifact is larger than {amount(MAX_SITE_BYTES)}")
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "preview.zip"
        api.download(f"/repos/{repository}/actions/artifacts/{newest['id']}/zip", archive, MAX_SITE_BYTES)
        return check_site(archive, target)


def git(repo: Path, *args: str, env: Mapping[str, str] | None = None, stdin: bytes | None = None) -> bytes:
    """A git command's output; its own words on failure, without a traceback."""
    proc = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        raise Refused(f"git {args[0]} failed: {proc.stderr.decode('utf-8', 'replace').strip()[-400:]}")
    return proc.stdout


def token_config(server_url: str, token: str) -> dict[str, str]:
    """Git configuration in the environment that authenticates one fetch with the job's token, written to no file."""
    credentials = base64.b64encode(f"x-access-token:{token}".encode()).decode()
    return {"GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": f"http.{server_url.rstrip('/')}/.extraheader", "GIT_CONFIG_VALUE_0": f"AUTHORIZATION: basic {credentials}"}


def fetch_commit(repo: Path, sha: str, auth: Mapping[str, str] | None = None) -> None:
    """Bring the pull request's head commit into the base's checkout, as objects: nothing is checked out."""
    git(repo, "fetch", "--quiet", "--no-tags", "--no-recurse-submodules", "origin", sha, env=auth)
    if git(repo, "rev-parse", "--verify", "--quiet", f"{sha}^{{commit}}").decode().strip() != sha:
        raise Refused(f"commit {sha[:12]} could not be fetched")


def git_records(repo: Path, *args: str) -> Iterator[bytes]:
    """The NUL-separated records of a git command, read as git writes them: a caller that stops early reads no more of a huge listing."""
    proc = subprocess.Popen(["git", "-C", str(repo), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    finished = False
    try:
        rest = b""
        while chunk := proc.stdout.read(1 << 16):
            *records, rest = (rest + chunk).split(b"\0")
            yield from filter(None, records)
        if rest:
            yield rest
        finished = True
    finally:
        if not finished:
            proc.kill()
        proc.stdout.close()
        error = proc.stderr.read()
        proc.stderr.close()
        if proc.wait() != 0 and finished:
            raise Refused(f"git {args[0] if args[0] != '--literal-pathspecs' else args[1]} failed: {error.decode('utf-8', 'replace').strip()[-400:]}")


def is_git_name(part: str) -> bool:
    """A name that git, or a file system it runs on, reads as its own folder: '.git', '.GIT', '.git.', 'git~1'.

    Written out below the runner's temporary folder, a '.git' folder of the pull
    request's would be a repository of its own for any git command run there.
    """
    return part.lower().rstrip(". ") in (".git", "git~1")


def read_tree(repo: Path, sha: str, folder: str, target: Path, max_bytes: int = MAX_DATA_BYTES, max_files: int = MAX_DATA_FILES) -> int:
    """Write ``folder`` of commit ``sha`` below ``target`` as plain files; the number of files.

    Read from git's objects, so nothing of the commit is checked out and its
    .gitattributes apply no filter. A symbolic link (which could point at the runner's
    files) or a submodule is refused, not followed; so is a path git itself would refuse.
    """
    blobs: list[tuple[str, PurePosixPath]] = []
    total = 0
    for record in git_records(repo, "--literal-pathspecs", "ls-tree", "-r", "-z", "--long", "--full-tree", sha, "--", folder):
        meta, _, raw = record.partition(b"\t")
        mode, kind, oid, size = meta.decode().split()
        name = raw.decode("utf-8", "replace")
        path = check_path(name, f"{folder}/ of {sha[:12]}", hidden=True)
        if path.parts[0] != folder or len(path.parts) < 2:
            raise Refused(f"{folder} of {sha[:12]} is not a folder")
        if any(is_git_name(part) for part in path.parts):
            raise Refused(f"{folder}/ of {sha[:12]} holds a name git keeps for itself: {name[:120]!r}")
        if mode == "120000":
            raise Refused(f"{folder}/ of {sha[:12]} holds a symbolic link: {name[:120]!r}")
        if kind != "blob" or mode not in ("100644", "100755"):
            raise Refused(f"{folder}/ of {sha[:12]} holds something other than a file: {name[:120]!r}")
        total += int(size)
        blobs.append((oid, path.relative_to(folder)))
        if len(blobs) > max_files or total > max_bytes:
            raise Refused(f"{folder}/ of {sha[:12]} holds more than {max_files} files or {amount(max_bytes)}")
    root = target / folder
    root.mkdir(parents=True, exist_ok=False)
    if not blobs:
        return 0
    batch = git(repo, "cat-file", "--batch", stdin=b"".join(oid.encode() + b"\n" for oid, _ in blobs))
    at = 0
    for oid, path in blobs:
        header_end = batch.index(b"\n", at)
        found_oid, kind, size = batch[at:header_end].decode().split()
        if found_oid != oid or kind != "blob":
            raise Refused(f"git gave {found_oid} for {oid}")
        content = io.BytesIO(batch[header_end + 1 : header_end + 1 + int(size)])
        at = header_end + 1 + int(size) + 1
        write_new(root, path, content.read, max_bytes, f"{folder}/ of {sha[:12]}")
    return len(blobs)


def changed_code(repo: Path, base: str, head: str, folder: str = DATA) -> list[str]:
    """The files the pull request changes outside ``folder``: code, which the report does not speak for."""
    try:
        since = git(repo, "merge-base", base, head).decode().strip()
    except Refused:
        since = base  # no common history: everything that differs
    names = git(repo, "diff", "--name-only", "--no-renames", "--no-ext-diff", "--no-textconv", "-z", since, head).split(b"\0")
    return [n.decode("utf-8", "replace") for n in names if n and not n.startswith(folder.encode() + b"/")]


def plain(text: str) -> str:
    """Text the pull request chose (a file's name, a refusal that quotes one), shown as text in a comment: no Markdown, HTML or @mention.

    Every character but letters, digits and single spaces becomes a character reference.
    """
    return "".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in " ".join(text.split()))


def comment_body(report: str, footer: list[str]) -> str:
    """The report, cut to fit a comment with its footer; it begins with the marker by which it is found again."""
    tail = "\n\n---\n\n" + "\n\n".join(footer) + "\n"
    if not report.startswith(MARKER):
        report = f"{MARKER}\n{report}"
    room = MAX_COMMENT - len(tail)
    if len(report) > room:
        report = report[: room - 80].rstrip() + "\n\n…(the report is cut here: it is longer than a comment can be)"
    return report + tail


def footer(pr_head: str, code_sha: str, preview: str, code: list[str]) -> list[str]:
    """What the comment says of itself, from trusted values only: which code wrote it, on which commit, and what it does not check."""
    lines = [
        f"Written by this repository's default branch (`{code_sha[:12]}`) on the data of the pull request's commit `{pr_head[:12]}`; "
        "no code of the pull request ran to write it.",
        preview,
    ]
    if code:
        named = ", ".join(f"<code>{plain(name[:120])}</code>" for name in code[:MAX_CODE_NAMED])
        more = f" and {len(code) - MAX_CODE_NAMED} more" if len(code) > MAX_CODE_NAMED else ""
        lines.append(
            f"**The pull request also changes {len(code)} file{'s' if len(code) != 1 else ''} outside `{DATA}/`**, which this report does not check; "
            f"review {'them' if len(code) != 1 else 'it'} as code: {named}{more}."
        )
    return lines


def post_report(api: GitHub, repository: str, number: int, body: str) -> str:
    """Update the report comment of this pull request, or post one: 'updated' or 'posted'."""
    comments = pages(api, f"/repos/{repository}/issues/{number}/comments")
    mine = [c for c in comments if _get(c, "user", "login") == BOT and str(_get(c, "body") or "").startswith(MARKER) and isinstance(_get(c, "id"), int)]
    if mine:
        api.request("PATCH", f"/repos/{repository}/issues/comments/{mine[0]['id']}", {"body": body})
        return "updated"
    api.request("POST", f"/repos/{repository}/issues/{number}/comments", {"body": body})
    return "posted"


def still_current(api: GitHub, repository: str, number: int, head_sha: str) -> str:
    """'current' while the pull request is open at ``head_sha``, 'closed', or 'moved' when it has a newer commit."""
    pr = api.request("GET", f"/repos/{repository}/pulls/{number}")
    if _get(pr, "state") != "open":
        return "closed"
    return "current" if _get(pr, "head", "sha") == head_sha else "moved"


def pr_number(text: str | None) -> int:
    """A pull request's number, given as digits and nothing else."""
    if text is None or not NUMBER.fullmatch(text):
        raise Refused(f"not a pull request's number: {(text or '')[:40]!r}")
    return int(text)


@dataclass(frozen=True)
class Layout:
    """Where the review job keeps what it makes, below RUNNER_TEMP (the workflow names the same paths)."""

    temp: Path

    @property
    def pull_request(self) -> Path:
        """The pull request's data/ goes below it."""
        return self.temp / "pull-request"

    @property
    def review(self) -> Path:
        """report.md, code.json and preview.txt: the comment job's artifact."""
        return self.temp / "review"

    @property
    def site(self) -> Path:
        """The checked site files: the deploy job's artifact."""
        return self.temp / "site"


def annotate(kind: str, message: str) -> None:
    """A warning or error on the run's page, on one line whatever the message holds (a line of its own could be a workflow command)."""
    print(f"::{kind}::" + message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def set_outputs(env: Mapping[str, str], values: Mapping[str, str]) -> None:
    """Step outputs, one line each."""
    lines = []
    for key, value in values.items():
        if "\n" in value or "\r" in value:
            raise Refused(f"output {key} is not one line")
        lines.append(f"{key}={value}\n")
        print(f"{key}: {value}")
    output = env.get("GITHUB_OUTPUT")
    if output:
        with open(output, "a", encoding="utf-8") as out:
            out.writelines(lines)


def _event(env: Mapping[str, str]) -> dict[str, Any]:
    try:
        event = json.loads(Path(env["GITHUB_EVENT_PATH"]).read_text("utf-8"))
    except (KeyError, OSError, ValueError):
        raise Refused("GITHUB_EVENT_PATH names no readable event") from None
    if not isinstance(event, dict):
        raise Refused("the event is not an object")
    return event


def _repository(env: Mapping[str, str]) -> str:
    repository = env.get("GITHUB_REPOSITORY", "")
    if not REPOSITORY.fullmatch(repository):
        raise Refused(f"GITHUB_REPOSITORY is not owner/name: {repository[:80]!r}")
    return repository


def _sha(env: Mapping[str, str], name: str) -> str:
    value = env.get(name, "")
    if not SHA.fullmatch(value):
        raise Refused(f"{name} is not a commit's full SHA: {value[:60]!r}")
    return value


def _layout(env: Mapping[str, str]) -> Layout:
    temp = env.get("RUNNER_TEMP")
    if not temp:
        raise Refused("RUNNER_TEMP is not set")
    return Layout(Path(temp))


def run_command(command: str, env: Mapping[str, str], api: Callable[[], GitHub], cwd: Path) -> int:
    """One step of the workflows; a Refused ends it with its message (the caller prints it)."""
    repository = _repository(env)
    if command == "identify":
        pr = identify(_event(env), repository, api())
        if pr is None:
            print("No open pull request has this run's commit as its head now (closed, or pushed to since): nothing to publish or post.")
            set_outputs(env, {"found": "false"})
            return 0
        set_outputs(env, {
            "found": "true",
            "number": str(pr.number),
            "head_sha": pr.head_sha,
            "base_sha": pr.base_sha,
            "same_repository": str(pr.same_repository).lower(),
            "preview_url": preview_address(repository, pr.number) if pr.same_repository else "",
        })
        return 0
    if command == "data":
        layout, head, base = _layout(env), _sha(env, "HEAD_SHA"), _sha(env, "BASE_SHA")
        token = env.get("GITHUB_TOKEN")
        fetch_commit(cwd, head, token_config(env.get("GITHUB_SERVER_URL", "https://github.com"), token) if token else None)
        layout.review.mkdir(parents=True, exist_ok=True)
        code = changed_code(cwd, base, head)
        (layout.review / "code.json").write_text(json.dumps(code), "utf-8")
        try:
            count = read_tree(cwd, head, DATA, layout.pull_request)
        except Refused as exc:
            annotate("warning", f"The pull request's data is not read: {exc}")
            (layout.review / "report.md").write_text(
                f"{MARKER}\n## Privacy notices: what this change does\n\n**The pull request's `{DATA}/` was not read, so there is no report**: "
                f"{plain(str(exc))}.\n",
                "utf-8",
            )
            set_outputs(env, {"data": "refused"})
            return 0
        print(f"{count} files of {DATA}/ at {head[:12]} in {layout.pull_request / DATA}; {len(code)} files changed outside it")
        set_outputs(env, {"data": "read"})
        return 0
    if command == "artifact":
        layout = _layout(env)
        layout.review.mkdir(parents=True, exist_ok=True)
        try:
            count = download_site(api(), repository, finished_run(_event(env))["id"], layout.site)
        except Refused as exc:
            annotate("warning", f"The preview is not published: {exc}")
            (layout.review / "preview.txt").write_text(f"The preview was not published: {plain(str(exc))}.", "utf-8")
            set_outputs(env, {"site": "refused"})
            return 0
        set_outputs(env, {"site": "checked"})
        print(f"{count} site files checked into {layout.site}")
        return 0
    if command == "state":
        number, head = pr_number(env.get("NUMBER")), _sha(env, "HEAD_SHA")
        state = still_current(api(), repository, number, head)
        action = {"current": "deploy", "closed": "remove", "moved": "none"}[state]
        empty = _layout(env).temp / "empty"
        empty.mkdir(parents=True, exist_ok=True)
        set_outputs(env, {"action": action, "folder": f"{UMBRELLA}/pr-{number}", "empty": str(empty)})
        return 0
    if command == "closed":
        number = pr_number(env.get("NUMBER"))
        empty = _layout(env).temp / "empty"
        empty.mkdir(parents=True, exist_ok=True)
        if any(empty.iterdir()):
            raise Refused(f"{empty} is not empty")
        set_outputs(env, {"folder": f"{UMBRELLA}/pr-{number}", "empty": str(empty)})
        return 0
    if command == "comment":
        layout, number = _layout(env), pr_number(env.get("NUMBER"))
        run = finished_run(_event(env))
        client = api()
        state = still_current(client, repository, number, run["head_sha"])
        if state != "current":
            print(f"Pull request #{number} is {'closed' if state == 'closed' else 'at a newer commit'}: this report is not posted.")
            return 0
        report = (layout.review / "report.md").read_text("utf-8")
        refused = layout.review / "preview.txt"
        if run["head_repository"]["full_name"] != repository:
            preview = f"A pull request from a fork is not previewed on this site's address; the `{ARTIFACT}` artifact of [its run]({run_url(env, run)}) holds its build."
        elif refused.is_file():
            preview = refused.read_text("utf-8").strip()
        elif env.get("DEPLOYED") == "success":
            preview = f"Preview: {preview_address(repository, number)}"
        else:
            preview = f"The preview was not published: its deploy job ended with {env.get('DEPLOYED', 'no result')[:20]!r}."
        code = json.loads((layout.review / "code.json").read_text("utf-8"))
        body = comment_body(report, footer(run["head_sha"], _sha(env, "GITHUB_SHA"), preview, code))
        print(f"report comment {post_report(client, repository, number, body)} on #{number}")
        return 0
    raise Refused(f"unknown command {command!r}; see the docstring of .github/scripts/preview.py")


def run_url(env: Mapping[str, str], run: Mapping[str, Any]) -> str:
    """The finished run's page, from the event, if it is an address on this GitHub."""
    server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    url = run.get("html_url")
    if isinstance(url, str) and url.startswith(server + "/") and re.fullmatch(r"[A-Za-z0-9_./:-]+", url):
        return url
    return f"{server}/{_repository(env)}/actions/runs/{run['id']}"


def main(argv: list[str] | None = None, env: Mapping[str, str] | None = None, api: Callable[[], GitHub] | None = None, cwd: Path | None = None) -> int:
    """Run one command; 1 with a one-line ::error:: when something is refused."""
    args = sys.argv[1:] if argv is None else argv
    environment = os.environ if env is None else env
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2

    def client() -> GitHub:
        token = environment.get("GITHUB_TOKEN")
        if not token:
            raise Refused("GITHUB_TOKEN is not set for this step")
        return RestClient(environment.get("GITHUB_API_URL", "https://api.github.com"), token)

    try:
        return run_command(args[0], environment, api or client, cwd or Path.cwd())
    except Refused as exc:
        annotate("error", str(exc))
        return 1


if __name__ == "__main__":
    sys.exit(main())
