"""The step of the scheduled website scan that writes: one GitHub issue per entity, kept up to date with what `notices scan` finds.

A website changes without a commit to this repository (a tag manager adds a
tracker, a consent tool is set up anew, a cookie comes to last longer), and its
notices are then untrue although no pull request touched them. So
.github/workflows/scan.yml scans each entity's website every week, and this
script keeps the result where someone sees it and answers: one issue per entity,
written over at each scan, closed when a scan finds nothing, reopened when one
finds something again. Never a second issue, so that a finding is not buried
under copies of itself.

    python .github/scripts/scan_issues.py

For each entity (ENTITY, or every one `notices scan --entities` lists) it runs
`notices scan ENTITY --format markdown --output FILE` (with --url when URL is set)
and, by the command's exit status:

    0, "No findings."       closes the entity's open issue with a comment; opens none
    0 with warnings, or 1   opens the issue, or writes the new report into it
    3 (not scanned)         the same, with the reason the site could not be scanned
    2, or no report         an error of the run; the issue is left as it is

An issue is the entity's when `github-actions[bot]` opened it, it has the label
`website-scan`, and its body's first line is `<!-- notices-scan: ENTITY -->`
(`<!-- notices-scan: ENTITY staging -->` for scans of a staging address, which
keep an issue of their own: what a staging site does says nothing of the live one).
Anyone can open an issue with that label and line; only the bot's count.

Nothing the run is given is trusted. ENTITY and URL are the inputs of whoever
started the workflow by hand, and reach this script through the environment only:
ENTITY is used only if it is a folder name that `notices scan --entities` lists,
and URL only as one `--url=` argument, which `notices scan` checks. Everything the
website sends back is in the report `notices scan` writes, inside a code block
nothing in it can close; a report too long for an issue is cut between lines and
the block closed again. The scan runs without the job's token in its environment.

The API client, the checks of what Actions sets and the run's address are
.github/scripts/preview.py's; the standard library only. Writes the whole reports
to $GITHUB_STEP_SUMMARY, where an issue cut short sends its reader.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from preview import BOT, MAX_SUMMARY, GitHub, Refused, _get, _layout, _repository, annotate, own_run_url, pages, step_client

LABEL = "website-scan"
"""The label the scan's issues carry, and are listed by."""
MAX_BODY = 65_536
"""GitHub refuses an issue body over 65,536 characters; a body is measured here in UTF-8 bytes, never fewer than its characters."""
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
"""An entity's folder name, as `notices validate` allows it (privacy_notices.data.loader.SLUG)."""
HEADING = re.compile(r"## Website scan of ([a-z0-9-]+) \(([^)\n]*)\)\n")
"""The first line of the report `notices scan --format markdown` writes: the entity and the host scanned."""
OPENING = re.compile(r"(`{3,})text")
"""The line that opens the report's code block: a fence longer than any run of backticks inside it."""
SUMMARY = re.compile(r"scan: (\d+ errors?, \d+ warnings?, \d+ suppressed)")
"""The report's line that counts the findings, for the issue's title."""
NOTHING = "No findings."
"""The whole of the code block of a scan that found nothing."""
SCAN_TIMEOUT = 30 * 60
"""Seconds one entity's scan may take: a browser that hangs must not take the other entities' scans with it."""
FOUND, NOT_SCANNED = 1, 3
"""The exit statuses of `notices scan` that leave a report for the issue, besides 0."""


@dataclass(frozen=True)
class Scan:
    """One entity's scan: the exit status of `notices scan` and the report it wrote."""

    entity: str
    status: int
    report: str
    staging: bool

    @property
    def marker(self) -> str:
        return marker(self.entity, self.staging)

    @property
    def host(self) -> str:
        found = HEADING.match(self.report)
        return found[2] if found else ""

    @property
    def found_nothing(self) -> bool:
        """Exit 0 and a code block that says nothing but that there are no findings."""
        lines = self.report.splitlines()
        for at, line in enumerate(lines):
            if opening := OPENING.fullmatch(line):
                return self.status == 0 and lines[at + 1 : at + 3] == [NOTHING, opening[1]]
        return False

    @property
    def title(self) -> str:
        kind = " (staging)" if self.staging else ""
        if self.status == NOT_SCANNED:
            return f"Website scan of {self.entity}{kind}: the site could not be scanned"
        counted = SUMMARY.search(self.report)
        return f"Website scan of {self.entity}{kind}: {counted[1] if counted else 'findings'}"


def marker(entity: str, staging: bool = False) -> str:
    """The first line of an entity's issue, which names it."""
    return f"<!-- notices-scan: {entity}{' staging' if staging else ''} -->"


def size(text: str) -> int:
    """The length GitHub's limit is checked against, or more: UTF-8 bytes."""
    return len(text.encode("utf-8"))


def cut_report(report: str, room: int, whole: str) -> str:
    """The report in at most ``room`` bytes: whole lines kept from the top, the code block closed again if the cut falls in it, and a line saying what is left out and where ``whole`` is."""
    if size(report) <= room:
        return report
    lines = report.splitlines(keepends=True)
    note_room = room - 400  # the note below
    kept: list[str] = []
    used, fence = 0, ""
    for line in lines:
        closing = size(fence) + 1 if fence else 0
        if used + size(line) + closing > note_room:
            break
        kept.append(line)
        used += size(line)
        stripped = line.rstrip("\n")
        if not fence and (opening := OPENING.fullmatch(stripped)):
            fence = opening[1]
        elif fence and stripped == fence:
            fence = ""
    closed = f"{fence}\n" if fence else ""
    left = len(lines) - len(kept) - (1 if fence else 0)  # the block's own closing line is kept
    note = f"**The report is cut here**: it is longer than an issue can be, and its last {left:,} line{'s' if left != 1 else ''} are left out. The whole report is in {whole}."
    return "".join(kept) + closed + f"\n{note}\n"


def issue_body(scan: Scan, run_url: str) -> str:
    """The issue: the marker, the report (cut to fit), and which run wrote it."""
    head = f"{scan.marker}\n"
    foot = f"\n---\n\nWritten by [this run]({run_url}) of `.github/workflows/scan.yml`. The next scan writes over this issue, and closes it when it finds nothing.\n"
    return head + cut_report(scan.report, MAX_BODY - size(head) - size(foot), f"the summary of [this run]({run_url})") + foot


def entity_issues(api: GitHub, repository: str, scan: Scan) -> list[dict[str, Any]]:
    """The entity's issues, open and closed, oldest first: the bot's, with the label and the marker as their first line."""
    query = urllib.parse.urlencode({"labels": LABEL, "state": "all", "creator": BOT, "sort": "created", "direction": "asc"})
    found = []
    for issue in pages(api, f"/repos/{repository}/issues?{query}"):
        body = _get(issue, "body")
        first = body.splitlines()[0] if isinstance(body, str) and body else ""
        if (
            _get(issue, "user", "login") == BOT
            and "pull_request" not in issue
            and isinstance(_get(issue, "number"), int)
            and LABEL in [_get(label, "name") for label in _get(issue, "labels") or []]
            and first == scan.marker
        ):
            found.append(issue)
    return sorted(found, key=lambda issue: int(issue["number"]))


def keep_issue(api: GitHub, repository: str, scan: Scan, run_url: str) -> str:
    """Open, write over, reopen or close the entity's one issue; what was done, in words."""
    mine = entity_issues(api, repository, scan)
    still_open = [issue for issue in mine if issue.get("state") == "open"]
    path = f"/repos/{repository}/issues"
    if scan.found_nothing:
        for issue in still_open:
            api.request("POST", f"{path}/{issue['number']}/comments", {"body": f"[This scan]({run_url}) found nothing on {scan.host} that the notices do not say: closed."})
            api.request("PATCH", f"{path}/{issue['number']}", {"state": "closed", "state_reason": "completed"})
        closed = ", ".join(f"#{issue['number']}" for issue in still_open)
        return f"nothing found; {closed} closed" if still_open else "nothing found; no issue open"
    body = issue_body(scan, run_url)
    if still_open:
        first, *others = still_open
        api.request("PATCH", f"{path}/{first['number']}", {"title": scan.title, "body": body})
        close_duplicates(api, repository, first["number"], others)
        return f"#{first['number']} updated"
    if mine:
        newest = mine[-1]
        api.request("PATCH", f"{path}/{newest['number']}", {"title": scan.title, "body": body, "state": "open"})
        api.request("POST", f"{path}/{newest['number']}/comments", {"body": f"[This scan]({run_url}) found something again: reopened, with its report above."})
        return f"#{newest['number']} reopened"
    created = api.request("POST", path, {"title": scan.title, "body": body, "labels": [LABEL]})
    number = _get(created, "number")
    if not isinstance(number, int):
        raise Refused(f"GitHub's API gave no number for the issue of {scan.entity}")
    if LABEL not in [_get(label, "name") for label in _get(created, "labels") or []]:
        raise Refused(f"issue #{number} was opened without the label {LABEL} (may the job's token set labels?), so the next scan would not find it")
    # Two runs at the same moment can each open one: the oldest stands, in both runs alike.
    again = [issue for issue in entity_issues(api, repository, scan) if issue.get("state") == "open"]
    if again and again[0]["number"] != number:
        close_duplicates(api, repository, again[0]["number"], [issue for issue in again if issue["number"] == number])
        return f"#{again[0]['number']} stands (opened at the same moment as #{number}, closed)"
    close_duplicates(api, repository, number, again[1:])
    return f"#{number} opened"


def close_duplicates(api: GitHub, repository: str, standing: int, others: list[dict[str, Any]]) -> None:
    for issue in others:
        api.request("POST", f"/repos/{repository}/issues/{issue['number']}/comments", {"body": f"The scan keeps one issue per entity: #{standing}."})
        api.request("PATCH", f"/repos/{repository}/issues/{issue['number']}", {"state": "closed", "state_reason": "not_planned"})


class Notices:
    """The `notices` command of the installed project, run without the job's token in its environment."""

    def __init__(self, env: Mapping[str, str]) -> None:
        found = shutil.which("notices", path=env.get("PATH", os.defpath))
        if not found:
            raise Refused("the notices command is not installed: run `python -m pip install -e '.[scan]'` first")
        self.command = found
        self.env = {name: value for name, value in env.items() if "TOKEN" not in name.upper()}

    def entities(self) -> list[str]:
        """The entities with a website to scan."""
        proc = subprocess.run([self.command, "scan", "--entities"], capture_output=True, text=True, env=self.env, timeout=300)
        if proc.returncode != 0:
            said = proc.stderr.strip().splitlines()[-1:] or ["no message"]
            raise Refused(f"`notices scan --entities` ended with status {proc.returncode}: {said[0][:300]}")
        listed = proc.stdout.split()
        if not all(SLUG.fullmatch(name) for name in listed):
            raise Refused("`notices scan --entities` listed something other than folder names")
        return listed

    def scan(self, entity: str, url: str, output: Path) -> Scan:
        """Scan one entity's website (or ``url``) into ``output``; refused unless the command wrote a report of it."""
        output.unlink(missing_ok=True)
        command = [self.command, "scan", entity, "--format", "markdown", "--output", str(output), *([f"--url={url}"] if url else [])]
        try:
            status = subprocess.run(command, env=self.env, timeout=SCAN_TIMEOUT).returncode
        except subprocess.TimeoutExpired:
            raise Refused(f"{entity}: the scan took longer than {SCAN_TIMEOUT // 60} minutes; the issue is left as it is") from None
        if status not in (0, FOUND, NOT_SCANNED) or not output.is_file():
            raise Refused(f"{entity}: `notices scan` ended with status {status} and no report (its message is above); the issue is left as it is")
        report = output.read_text("utf-8")
        heading = HEADING.match(report)
        if not heading or heading[1] != entity:
            raise Refused(f"{entity}: `notices scan` wrote something other than the report of {entity}")
        return Scan(entity, status, report, bool(url))


def chosen(env: Mapping[str, str], listed: Callable[[], list[str]]) -> tuple[list[str], str]:
    """The entities to scan and the staging address, from the inputs; refused before anything is asked of GitHub."""
    entity, url = env.get("ENTITY", ""), env.get("URL", "")
    if url and not entity:
        raise Refused("a staging address (url) needs the entity whose pages it serves (entity)")
    if entity and not SLUG.fullmatch(entity):
        raise Refused(f"entity: not an entity's folder name (lowercase letters, digits and hyphens): {entity[:60]!r}")
    every = listed()
    if not entity:
        return every, ""
    if entity not in every:
        raise Refused(f"entity: {entity!r} is not one that `notices scan --entities` lists ({', '.join(every) or 'none has a website'})")
    return [entity], url


def write_summary(env: Mapping[str, str], scans: list[Scan]) -> None:
    """The whole reports, in the job's summary, as far as it holds."""
    target = env.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    room = MAX_SUMMARY
    with open(target, "a", encoding="utf-8") as out:
        for scan in scans:
            if room < 1000:
                return
            text = cut_report(scan.report, room - 1, "no other place: a job's summary holds no more") + "\n"
            out.write(text)
            room -= size(text)


def run(env: Mapping[str, str], api: Callable[[], GitHub]) -> int:
    """Scan every chosen entity and keep its issue; 1 if any scan left no report or any issue could not be kept."""
    repository = _repository(env)
    run_url = own_run_url(env)
    notices = Notices(env)
    entities, url = chosen(env, notices.entities)
    folder = _layout(env).temp / "scan"
    folder.mkdir(parents=True, exist_ok=True)
    client = api()
    failed, scans = 0, []
    for entity in entities:
        try:
            scan = notices.scan(entity, url, folder / f"{entity}.md")
            scans.append(scan)
            done = keep_issue(client, repository, scan, run_url)
        except Refused as exc:
            annotate("error", str(exc))
            failed += 1
            continue
        if scan.found_nothing:
            print(f"{entity}{' (staging)' if scan.staging else ''}: {done}")
        else:
            annotate("warning", f"{scan.title} ({done})")
    write_summary(env, scans)
    return 1 if failed else 0


def main(env: Mapping[str, str] | None = None, api: Callable[[], GitHub] | None = None) -> int:
    """Run the step; 1 with a one-line ::error:: when something is refused."""
    environment = os.environ if env is None else env
    try:
        return run(environment, api or (lambda: step_client(environment)))
    except Refused as exc:
        annotate("error", str(exc))
        return 1


if __name__ == "__main__":
    sys.exit(main())
