"""The steps of the publishing and pull-request workflows that decide what a write token does.

The workflow "Pull request" runs the pull request's own code, so nothing it made is
trusted: not its artifact's preview.json, not its report, not the number it says it
is, not even that it ran. Here the pull request's number, head commit and base come
from the event GitHub wrote and from GitHub's API; its data/ is read out of git as
files (never checked out, installed or run); and of its artifact only the site files
are kept, after they are checked. The standard library only, but for the text a
comment quotes, which passes through the report's own ``privacy_notices.authoring.inert_markdown.inline``
(the steps that write such text run with the default branch's project installed).
No step relies on a concurrency group, which any workflow run in the repository can
join: each looks at the state it acts on just before acting, and again after.

    python .github/scripts/preview.py pending    mark the report pending, as soon as a pull request opens or moves
    python .github/scripts/preview.py identify   which open pull requests the finished run built
    python .github/scripts/preview.py data       their data/ at the head commit, as files
    python .github/scripts/preview.py artifact   the run's `preview` artifact, checked
    python .github/scripts/preview.py state      deploy, remove or leave the preview, just before
    python .github/scripts/preview.py recheck    remove the preview again if the pull request closed meanwhile
    python .github/scripts/preview.py comment    post the report on each pull request still at that head and base
    python .github/scripts/preview.py closed     the folder of a closed pull request's preview
    python .github/scripts/preview.py newest     whether the commit being published is still the head of its branch

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
import time
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
PAGES_BRANCH = "gh-pages"
"""The branch GitHub Pages serves."""
NO_JEKYLL = ".nojekyll"
"""The file at the root of the published site that keeps GitHub Pages from running Jekyll (every build writes it)."""
MAX_PAGES_BYTES = 800 * 2**20
"""The most the gh-pages branch may hold with a new preview: GitHub Pages publishes no site over 1 GB, and the site itself needs room to grow."""
MAX_DATA_BYTES = 50 * 2**20
"""The most a pull request's data/ may hold (the example's is under 1 MiB)."""
MAX_DATA_FILES = 20_000
MAX_COMMENT = 65_000
"""GitHub refuses a comment over 65,536 characters."""
MAX_SUMMARY = 1_000_000
"""GitHub shows a job's summary up to 1 MiB: the whole report goes there, cut only past this."""
MAX_CODE_NAMED = 20
"""How many changed files outside data/ the comment names."""
WHAT_PENDING_DID = {
    "pending": "its report is marked pending until the checks of its head and base have run.",
    "kept": "the comment already holds the report of its head and base; it stands.",
    "closed": "closed; nothing is written.",
}
WHAT_POSTING_DID = {
    "posted": "report posted.",
    "updated": "report updated.",
    "closed": "closed: this report is not posted.",
    "moved": "its head or base is no longer the reported one: this report is not posted, and the comment says a report is pending.",
}

SHA = re.compile(r"[0-9a-f]{40}")
REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
NUMBER = re.compile(r"[1-9][0-9]{0,9}")
BRANCH = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,200}")
"""A branch name that can stand in a code span as it is."""
STATUS = "notices report"
"""The context of the commit status the report sets on a pull request's head commit."""


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


def step_client(env: Mapping[str, str]) -> GitHub:
    """GitHub's API with the step's GITHUB_TOKEN, refused when the step has none."""
    token = env.get("GITHUB_TOKEN")
    if not token:
        raise Refused("GITHUB_TOKEN is not set for this step")
    return RestClient(env.get("GITHUB_API_URL", "https://api.github.com"), token)


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


def default_branch(event: Mapping[str, Any]) -> str:
    """The repository's default branch, as the event names it: the only base a report is written against."""
    branch = _get(event, "repository", "default_branch")
    if not isinstance(branch, str) or not BRANCH.fullmatch(branch):
        raise Refused("the event names no default branch of the repository")
    return branch


def identify(event: Mapping[str, Any], repository: str, api: GitHub) -> list[PullRequest]:
    """The open pull requests against the default branch whose head is the commit the run built, lowest number first; none when there is none now.

    The event names the pull requests of a branch of this repository; for a fork it
    names none, and the open pull requests from the run's head repository and branch
    are asked for (as they are when none the event names is the one). Either way each
    is read back from the API and kept only if its head is still the run's commit and
    repository, and its base the default branch: a run of an older commit, of a
    closed pull request or of one against another branch posts nothing. A commit at
    the head of several pull requests is reported on each.
    """
    run = finished_run(event)
    default = default_branch(event)
    named = [pr["number"] for pr in run.get("pull_requests") or [] if isinstance(pr, dict) and isinstance(pr.get("number"), int)]
    found = _confirmed(api, repository, run, named, default)
    if not found:
        owner, branch = _get(run, "head_repository", "owner", "login"), run.get("head_branch")
        if not isinstance(owner, str) or not isinstance(branch, str):
            raise Refused("the run names no head branch")
        query = urllib.parse.urlencode({"state": "open", "head": f"{owner}:{branch}"})
        listed = [pr["number"] for pr in pages(api, f"/repos/{repository}/pulls?{query}") if isinstance(_get(pr, "number"), int)]
        found = _confirmed(api, repository, run, [n for n in listed if n not in named], default)
    return found


def _confirmed(api: GitHub, repository: str, run: Mapping[str, Any], numbers: list[int], default: str) -> list[PullRequest]:
    """Those of ``numbers`` that GitHub's API says are open pull requests against this repository's default branch, at the run's head commit, from its head repository."""
    head_sha, head_repository = run["head_sha"], run["head_repository"]["full_name"]
    found = []
    for number in sorted(set(numbers)):
        pr = api.request("GET", f"/repos/{repository}/pulls/{number}")
        if (
            _get(pr, "state") == "open"
            and _get(pr, "head", "sha") == head_sha
            and _get(pr, "head", "repo", "full_name") == head_repository
            and _get(pr, "base", "repo", "full_name") == repository
            and _get(pr, "base", "ref") == default
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
                if entry.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise Refused(f"the preview artifact holds an entry compressed other than as upload-artifact does (stored or deflated): {entry.filename[:120]!r}")
                if any(is_git_name(part) for part in path.parts):
                    raise Refused(f"the preview artifact holds a name git keeps for itself: {entry.filename[:120]!r}")
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


def head_of(repo: Path, branch: str, auth: Mapping[str, str] | None = None) -> str:
    """The commit ``branch`` of the checkout's origin is at now, asked of the remote (the checkout's own refs are as old as the run)."""
    listed = git(repo, "ls-remote", "--heads", "origin", f"refs/heads/{branch}", env=auth).decode().split()
    if len(listed) != 2 or not SHA.fullmatch(listed[0]) or listed[1] != f"refs/heads/{branch}":
        raise Refused(f"the remote has no branch {branch}")
    return listed[0]


def folder_size(folder: Path) -> int:
    """The bytes of the files below ``folder``."""
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def room_for_preview(api: GitHub, repository: str, number: int, size: int) -> None:
    """Refuse a preview of ``size`` bytes that would leave gh-pages without its .nojekyll, or fuller than GitHub Pages allows with room for the site to grow.

    Each pull request's preview is within its own limit, but several could together
    pass GitHub Pages' 1 GB, and then no publish would go live. The preview's own
    folder, which it replaces, does not count.
    """
    listing = api.request("GET", f"/repos/{repository}/git/trees/{PAGES_BRANCH}?recursive=1")
    if not isinstance(_get(listing, "tree"), list) or _get(listing, "truncated") is not False:
        raise Refused(f"{PAGES_BRANCH} could not be listed whole through GitHub's API, so its size is not known")
    own = f"{UMBRELLA}/pr-{number}/"
    blobs = [entry for entry in listing["tree"] if _get(entry, "type") == "blob" and isinstance(_get(entry, "path"), str)]
    if not any(entry["path"] == NO_JEKYLL for entry in blobs):
        raise Refused(f"{PAGES_BRANCH} has no {NO_JEKYLL} at its root yet, so GitHub Pages would run Jekyll over the preview; publish the site once first")
    others = sum(int(_get(entry, "size") or 0) for entry in blobs if not entry["path"].startswith(own))
    if others + size > MAX_PAGES_BYTES:
        raise Refused(
            f"{PAGES_BRANCH} would hold {amount(others + size)} with this preview, more than the {amount(MAX_PAGES_BYTES)} kept below GitHub Pages' limit of 1 GB; "
            "close pull requests whose previews are no longer needed"
        )


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


GIT_SETTINGS = (".gitattributes", ".gitmodules")
"""Files in the tree that change what a checkout writes (encodings, line ends, submodules): what the build reads, but not what read_tree reads."""


def is_git_setting(part: str) -> bool:
    """A file of git's settings inside the tree: '.gitattributes', '.GitAttributes.'."""
    return part.lower().rstrip(". ") in GIT_SETTINGS


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
        if any(is_git_setting(part) for part in path.parts):
            raise Refused(f"{folder}/ of {sha[:12]} holds {name[:120]!r}, which changes how git writes out the files that the published build reads")
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


def inert(text: str) -> str:
    """Text the pull request chose (a file's name, a refusal that quotes one) as inert text on one line of a comment.

    Written by the report's own boundary, ``privacy_notices.authoring.inert_markdown.inline``: no
    Markdown, HTML, link, mention, issue reference or emoji survives it, which
    character references alone do not ensure (GitHub finds mentions and links after
    decoding them). Imported here, so that the steps that write no comment text run
    without the project installed.
    """
    from privacy_notices.authoring.inert_markdown import inline

    return str(inline(text))


CODE_FOLDERS = ("hooks/", ".github/", "overrides/", ".ci/")
CODE_FILES = re.compile(r"(?:.*/)?(?:[^/]*\.py|mkdocs\.ya?ml|pyproject\.toml|requirements[^/]*)")


def runs_code(name: str) -> bool:
    """Whether a changed file can run code in a build, a check or a workflow, or change what it reads: the hooks, the workflows, templates, Python, settings, requirements, git's .gitattributes."""
    return name.startswith(CODE_FOLDERS) or bool(CODE_FILES.fullmatch(name)) or is_git_setting(name.rpartition("/")[2])


def code_warning(code: list[str]) -> str:
    """The warning about files changed outside data/, the ones that can run code named first, so that no number of other files hides them."""
    if not code:
        return ""
    ordered = sorted(code, key=lambda name: (not runs_code(name), name))
    running = sum(1 for name in code if runs_code(name))
    named = ", ".join(f"<code>{inert(name[:120])}</code>" for name in ordered[:MAX_CODE_NAMED])
    more = f" and {len(code) - MAX_CODE_NAMED} more" if len(code) > MAX_CODE_NAMED else ""
    of_them = f", {running} of {'them' if len(code) != 1 else 'it'} able to run code (listed first)" if running else ""
    return (
        f"**The pull request also changes {len(code)} file{'s' if len(code) != 1 else ''} outside `{DATA}/`**{of_them}, which this report does not check; "
        f"review {'them' if len(code) != 1 else 'it'} as code: {named}{more}."
    )


def state_line(kind: str, head_sha: str, base_sha: str) -> str:
    """The hidden line that says what a comment stands for: a verdict or a pending report, of which head against which base."""
    return f"<!-- notices-report-state: {kind} {head_sha} {base_sha} -->"


STATE = re.compile(r"<!-- notices-report-state: (verdict|pending) ([0-9a-f]{40}) ([0-9a-f]{40}) -->")


def stands_for(body: str) -> tuple[str, str, str] | None:
    """What a report comment stands for, from its second line, where the script writes it (the report's own text cannot hold a comment)."""
    lines = body.split("\n", 2)
    found = STATE.fullmatch(lines[1]) if len(lines) > 1 else None
    return (found[1], found[2], found[3]) if found else None


def cut_report(report: str, room: int, whole: str) -> str:
    """The report in at most ``room`` characters, cut between blocks, never inside one, with a line saying what is left out and where ``whole`` is.

    A cut falls only where no <details> block (a notice, when there are several) is
    open and no table goes on, so that the line that says so cannot land in a
    collapsed block: a block too long to fit, or one the report never closes, is
    left out whole.
    """
    if len(report) <= room:
        return report
    lines = report.splitlines(keepends=True)
    reserve = 600  # the note below
    cuts = [0]
    depth, at = 0, 0
    for index, line in enumerate(lines):
        if index and depth == 0 and not (line.startswith("|") and lines[index - 1].startswith("|")):
            if at <= room - reserve:
                cuts.append(index)
        depth = max(0, depth + line.count("<details>") - line.count("</details>"))
        at += len(line)
    cut = cuts[-1]
    kept, dropped = "".join(lines[:cut]).rstrip("\n"), "".join(lines[cut:])
    notices = sum(1 for line in lines[cut:] if line.startswith(("<details>", "#### ")))
    among = f", {notices} notice{'s' if notices != 1 else ''} among them" if notices else ""
    note = f"**The report is cut here**: it is longer than a comment can be, and its last {len(dropped):,} characters are left out{among}. The whole report is in {whole}."
    return f"{kept}\n\n{note}\n"


def comment_body(report: str, top: list[str], state: str, whole: str, room: int = MAX_COMMENT) -> str:
    """The comment: the marker it is found by, what it stands for, the lines that must never be cut (which commit, the code warning, the preview), then the report."""
    head = f"{MARKER}\n{state}\n" + "\n\n".join(line for line in top if line) + "\n\n---\n\n"
    return head + cut_report(report.removeprefix(MARKER).lstrip("\n"), room - len(head), whole)


def pending_body(pr: Mapping[str, Any], default: str) -> str:
    """What the comment says while no report stands for the pull request's head and base: that one is pending, or that none will come."""
    head, base = pr["head"]["sha"], pr["base"]["sha"]
    if pr["base"]["ref"] != default:
        text = f"**No report**: the pull request is not against `{default}`, so nothing here speaks for its commit `{head[:12]}`."
    else:
        text = (
            f"**Report pending** for commit `{head[:12]}` against `{default}` at `{base[:12]}`. A verdict appears here when the checks have run; "
            "if none appears, the checks did not run, and nothing here speaks for this commit."
        )
    return f"{MARKER}\n{state_line('pending', head, base)}\n## Privacy notices: what this change does\n\n{text}\n"


def our_comments(api: GitHub, repository: str, number: int) -> list[dict[str, Any]]:
    """The report comments of this pull request: the bot's own, beginning with the marker (anyone can write one that only looks like it)."""
    comments = pages(api, f"/repos/{repository}/issues/{number}/comments")
    return [c for c in comments if _get(c, "user", "login") == BOT and str(_get(c, "body") or "").startswith(MARKER) and isinstance(_get(c, "id"), int)]


def post_report(api: GitHub, repository: str, number: int, body: str, mine: list[dict[str, Any]] | None = None) -> str:
    """Write ``body`` into every report comment of this pull request (two jobs that posted at once leave two), or post one: 'updated' or 'posted'."""
    mine = our_comments(api, repository, number) if mine is None else mine
    for comment in mine:
        api.request("PATCH", f"/repos/{repository}/issues/comments/{comment['id']}", {"body": body})
    if mine:
        return "updated"
    api.request("POST", f"/repos/{repository}/issues/{number}/comments", {"body": body})
    return "posted"


def set_status(api: GitHub, repository: str, env: Mapping[str, str], sha: str, number: int, state: str, description: str) -> None:
    """The commit status of the report on the pull request's head: a required check can make a merge wait for a report of that very commit and base."""
    server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
    api.request("POST", f"/repos/{repository}/statuses/{sha}", {"state": state, "context": STATUS, "description": description[:140], "target_url": f"{server}/{repository}/pull/{number}"})


def pull_request(api: GitHub, repository: str, number: int) -> dict[str, Any]:
    """The pull request as the API gives it now, refused unless it has a head and base commit and a base branch."""
    pr = api.request("GET", f"/repos/{repository}/pulls/{number}")
    if not all(isinstance(_get(pr, *keys), str) and SHA.fullmatch(_get(pr, *keys)) for keys in (("head", "sha"), ("base", "sha"))) or not isinstance(_get(pr, "base", "ref"), str):
        raise Refused(f"GitHub's API gave no head and base for pull request #{number}")
    return pr


def standing(pr: Mapping[str, Any], head_sha: str, base_sha: str, default: str) -> str:
    """'current' while the pull request is open at ``head_sha`` against the default branch at ``base_sha``; 'closed'; or 'moved' when its head or base has changed."""
    if _get(pr, "state") != "open":
        return "closed"
    same = _get(pr, "head", "sha") == head_sha and _get(pr, "base", "ref") == default and _get(pr, "base", "sha") == base_sha
    return "current" if same else "moved"


def still_current(api: GitHub, repository: str, number: int, head_sha: str) -> str:
    """'current' while the pull request is open at ``head_sha``, 'closed', or 'moved' when it has a newer commit."""
    pr = api.request("GET", f"/repos/{repository}/pulls/{number}")
    if _get(pr, "state") != "open":
        return "closed"
    return "current" if _get(pr, "head", "sha") == head_sha else "moved"


def mark_pending(api: GitHub, repository: str, env: Mapping[str, str], number: int, default: str) -> str:
    """Say on the pull request that its report is pending, unless the comment already holds the verdict of its head and base now.

    Run as soon as a pull request opens, moves or changes its base, by this
    repository's own code, so that no verdict of another commit or base stands
    while the checks run, or if they never run (a pull request can rename or drop
    its own workflow, or make it fail).
    """
    pr = pull_request(api, repository, number)
    if _get(pr, "state") != "open":
        return "closed"
    head, base = pr["head"]["sha"], pr["base"]["sha"]
    mine = our_comments(api, repository, number)
    if mine and all(stands_for(str(c["body"])) == ("verdict", head, base) for c in mine):
        return "kept"
    post_report(api, repository, number, pending_body(pr, default), mine)
    set_status(api, repository, env, head, number, "pending", "No report of this commit and base yet; it appears on the pull request when the checks have run.")
    return "pending"


def post_verdict(api: GitHub, repository: str, env: Mapping[str, str], number: int, head_sha: str, base_sha: str, default: str, body: str) -> str:
    """Post the report on pull request ``number`` if it is open at the reported head and base, then look again: if it moved meanwhile, the report is marked pending.

    Posting and then checking, rather than the other way round, leaves no moment in
    which a report of an older commit can overwrite the pending note of a newer one
    and stand.
    """
    state = standing(pull_request(api, repository, number), head_sha, base_sha, default)
    if state != "current":
        return state
    written = post_report(api, repository, number, body)
    set_status(api, repository, env, head_sha, number, "success", "The report of this commit and base is posted on the pull request: read it before merging.")
    if standing(pull_request(api, repository, number), head_sha, base_sha, default) == "moved":
        mark_pending(api, repository, env, number, default)
        return "moved"
    return written


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
        found = identify(_event(env), repository, api())
        if not found:
            print("No open pull request against the default branch has this run's commit as its head now (closed, pushed to since, or against another branch): nothing to publish or post.")
            set_outputs(env, {"found": "false"})
            return 0
        first, one = found[0], len(found) == 1
        if not one:
            layout = _layout(env)
            layout.review.mkdir(parents=True, exist_ok=True)
            numbers = ", ".join(f"#{pr.number}" for pr in found)
            (layout.review / "preview.txt").write_text(
                f"The preview was not published: commit `{first.head_sha[:12]}` is the head of the pull requests {numbers}, and a preview is the folder of one; "
                "the report is posted on each.",
                "utf-8",
            )
        set_outputs(env, {
            "found": "true",
            "numbers": " ".join(str(pr.number) for pr in found),
            "number": str(first.number) if one else "",
            "head_sha": first.head_sha,
            "base_sha": first.base_sha,
            "same_repository": str(first.same_repository).lower(),
            "preview_url": preview_address(repository, first.number) if one and first.same_repository else "",
        })
        return 0
    if command == "pending":
        event = _event(env)
        number = _get(event, "pull_request", "number")
        if not isinstance(number, int) or not NUMBER.fullmatch(str(number)):
            raise Refused("the event names no pull request")
        if event.get("action") == "edited" and not _get(event, "changes", "base"):
            print(f"Pull request #{number}: its title or description changed, not its base; the report stands.")
            return 0
        done = mark_pending(api(), repository, env, number, default_branch(event))
        print(f"Pull request #{number}: {WHAT_PENDING_DID[done]}")
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
                f"{inert(str(exc))}.\n",
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
            (layout.review / "preview.txt").write_text(f"The preview was not published: {inert(str(exc))}.", "utf-8")
            set_outputs(env, {"site": "refused"})
            return 0
        set_outputs(env, {"site": "checked"})
        print(f"{count} site files checked into {layout.site}")
        return 0
    if command == "state":
        layout, number, head = _layout(env), pr_number(env.get("NUMBER")), _sha(env, "HEAD_SHA")
        client = api()
        state = still_current(client, repository, number, head)
        action, reason = {"current": "deploy", "closed": "remove", "moved": "none"}[state], ""
        if action == "deploy":
            try:
                room_for_preview(client, repository, number, folder_size(layout.site))
            except Refused as exc:
                annotate("warning", f"The preview is not published: {exc}")
                action, reason = "refused", str(exc)
        empty = layout.temp / "empty"
        empty.mkdir(parents=True, exist_ok=True)
        set_outputs(env, {"action": action, "reason": reason, "folder": f"{UMBRELLA}/pr-{number}", "empty": str(empty)})
        return 0
    if command == "recheck":
        number, head = pr_number(env.get("NUMBER")), _sha(env, "HEAD_SHA")
        closed = still_current(api(), repository, number, head) == "closed"
        if closed:
            print(f"Pull request #{number} closed while its preview was deployed: the preview is removed again.")
        set_outputs(env, {"action": "remove" if closed else "none"})
        return 0
    if command == "newest":
        branch, sha = env.get("BRANCH", ""), _sha(env, "GITHUB_SHA")
        if not BRANCH.fullmatch(branch):
            raise Refused(f"BRANCH is not a branch's name: {branch[:80]!r}")
        pause = env.get("PAUSE", "0")
        if not pause.isdigit() or int(pause) > 600:
            raise Refused(f"PAUSE is not a number of seconds up to 600: {pause[:20]!r}")
        time.sleep(int(pause))
        token = env.get("GITHUB_TOKEN")
        newest = head_of(cwd, branch, token_config(env.get("GITHUB_SERVER_URL", "https://github.com"), token) if token else None)
        if newest != sha:
            print(f"{branch} is at {newest[:12]} now, not at {sha[:12]}: the run of the newer commit publishes it, and this one does not overwrite it.")
        set_outputs(env, {"newest": str(newest == sha).lower()})
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
        layout, numbers = _layout(env), [pr_number(n) for n in env.get("NUMBERS", "").split()]
        if not numbers:
            raise Refused("NUMBERS names no pull request")
        event = _event(env)
        run, default, base = finished_run(event), default_branch(event), _sha(env, "BASE_SHA")
        report = (layout.review / "report.md").read_text("utf-8")
        refused = layout.review / "preview.txt"
        if run["head_repository"]["full_name"] != repository:
            preview = f"A pull request from a fork is not previewed on this site's address; the `{ARTIFACT}` artifact of [its run]({run_url(env, run)}) holds its build."
        elif refused.is_file():
            preview = refused.read_text("utf-8").strip()
        elif env.get("DEPLOYED") == "success" and env.get("PREVIEW") == "deploy":
            preview = f"Preview: {preview_address(repository, numbers[0])}"
        elif env.get("PREVIEW_REFUSED"):
            preview = f"The preview was not published: {inert(env['PREVIEW_REFUSED'])}."
        else:
            preview = f"The preview was not published: its deploy job ended with {inert(env.get('DEPLOYED') or 'no result')}."
        code = json.loads((layout.review / "code.json").read_text("utf-8"))
        this_run = own_run_url(env)
        top = [
            f"Report on the pull request's commit `{run['head_sha'][:12]}` against `{default}` at `{base[:12]}`, written by this repository's default branch "
            f"(`{_sha(env, 'GITHUB_SHA')[:12]}`); no code of the pull request ran to write it.",
            code_warning(code),
            preview,
        ]
        body = comment_body(report, top, state_line("verdict", run["head_sha"], base), f"the summary of [the run that wrote this comment]({this_run})")
        if env.get("GITHUB_STEP_SUMMARY"):  # the whole report, where the comment's cut line sends the reader
            with open(env["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as out:
                out.write(comment_body(report, top, "", f"the `review` artifact of [this run]({this_run})", MAX_SUMMARY))
        client = api()
        for number in numbers:
            done = post_verdict(client, repository, env, number, run["head_sha"], base, default, body)
            print(f"Pull request #{number}: {WHAT_POSTING_DID[done]}")
        return 0
    raise Refused(f"unknown command {command!r}; see the docstring of .github/scripts/preview.py")


def own_run_url(env: Mapping[str, str]) -> str:
    """This run's page, from what Actions sets."""
    run_id = env.get("GITHUB_RUN_ID", "")
    if not run_id.isdigit():
        raise Refused(f"GITHUB_RUN_ID is not a run's number: {run_id[:40]!r}")
    return f"{env.get('GITHUB_SERVER_URL', 'https://github.com').rstrip('/')}/{_repository(env)}/actions/runs/{run_id}"


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

    try:
        return run_command(args[0], environment, api or (lambda: step_client(environment)), cwd or Path.cwd())
    except Refused as exc:
        annotate("error", str(exc))
        return 1


if __name__ == "__main__":
    sys.exit(main())
