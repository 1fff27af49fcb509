"""`notices scan`: load the entity's website in Chromium and compare what it stores and contacts with its notices."""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

from privacy_notices.checks import compliance
from privacy_notices.checks.compliance import Finding
from privacy_notices.cli.common import as_of_day, plural, print_errors
from privacy_notices.data import paths, textcheck
from privacy_notices.data.errors import display_path
from privacy_notices.data.loader import load_project
from privacy_notices.data.project import EntityRecord
from privacy_notices.data.settings import Settings
from privacy_notices.data.yamledit import EditError
from privacy_notices.scan import proposals
from privacy_notices.scan.observed import ConsentAction, Observation, ScanFailed, ScanPlan
from privacy_notices.scan.reconcile import reconcile
from privacy_notices.scan.rules import SCAN_RULES

SCAN_HELP = """\
Load the entity's website in Chromium, in a fresh profile, and compare what it
really does with what its notices in force say:

  notices scan lumo-advisory
  notices scan lumo-advisory --url https://staging.lumo-advisory.example/ --format sarif --output scan.sarif

It loads the pages listed under `scan:` in entity.yml (default: the website's
home page) three times: before any consent, after accepting and after
rejecting (the last two where `scan.accept` and `scan.reject` say how: a
button to click or the consent tool's cookie). Each time it records every
cookie (name, domain, lifetime, first or third party), every local and
session storage key, and every host the browser contacted. Then it reports:

  PN201 error    a cookie or stored item that no notice in force declares
  PN202 warning  a declared cookie the site never set
  PN203 error    a cookie that lasts longer than declared
  PN204 error    a cookie that needs consent, stored before consent or after rejecting
  PN205 error    a request to a provider whose cookies need consent, sent without it
  PN206 error    a third-party host that no cookie provider, processor or recipient accounts for

as file:line:column of the data to change, like `notices check`; --format
json or sarif for other tools, markdown for an issue. With --write, what no
notice declares is added to the newest version of the cookie policy (only
one not yet in force), with placeholders for the author to complete.

Chromium is Debian's (`apt-get install chromium`, or --browser); Playwright
comes with the scan extra: pip install 'privacy-notice-site[scan]'.

Exit status: 0 when nothing is wrong but warnings, 1 when a finding is an
error or the data have errors, 2 when the command was used wrongly (an
unknown entity, no website), 3 when the site could not be scanned (not
reachable, a TLS error, a timeout, a redirect to another host).
"""

SCAN_FAILED = 3


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], data: argparse.ArgumentParser) -> None:
    """The parser of `scan`."""
    scan = sub.add_parser("scan", description=SCAN_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    scan.add_argument("entity", nargs="?", metavar="ENTITY", help="the entity's folder name, e.g. lumo-advisory")
    scan.add_argument("--url", default=None, metavar="URL", help="scan this address instead of the entity's website (a staging site); the pages keep their paths")
    scan.add_argument("--resolve", action="append", default=[], metavar="HOST:ADDRESS", help="reach HOST at ADDRESS without DNS, as curl --resolve does (repeatable)")
    scan.add_argument("--timeout", type=float, default=None, metavar="SECONDS", help="how long a page may take to load (default: scan.timeout, or 30)")
    scan.add_argument("--browser", default=None, metavar="PATH", help="the Chromium to run (default: $NOTICES_CHROMIUM or /usr/bin/chromium)")
    scan.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day that decides which versions are in force (default: today)")
    scan.add_argument("--format", choices=("text", "json", "sarif", "markdown"), default="text", help="text (default), json, sarif, or markdown for an issue")
    scan.add_argument("--output", type=Path, default=None, metavar="FILE", help="write the findings to FILE instead of the screen")
    scan.add_argument("--write", action="store_true", help="add what no notice declares to the newest version of the cookie policy, for the author to complete")
    what = scan.add_mutually_exclusive_group()
    what.add_argument("--entities", action="store_true", help="list the entities that have a website to scan, one per line, and stop")
    what.add_argument("--list", action="store_true", help="list the scan's rules and stop")
    what.add_argument("--explain", metavar="RULE", default=None, help="explain one of the scan's rules (e.g. PN203) and stop")


def plan_for(record: EntityRecord, url: str | None, resolve: list[str], timeout: float | None, browser: str | None) -> ScanPlan:
    """What to visit: the pages of scan.pages on the website, or on --url with the same paths."""
    website = record.data.website or ""
    base = url or website
    settings = record.data.scan
    prefix = urlsplit(website).path.rstrip("/") if website else ""
    pages = []
    for page in settings.pages if settings else ["/"]:
        path = urlsplit(page).path or "/" if page.startswith("http") else page
        if "?" in page and page.startswith("http"):
            path += "?" + urlsplit(page).query
        if prefix and path.startswith(prefix + "/"):
            path = path[len(prefix):]
        pages.append(base.rstrip("/") + path)
    def action(step: object) -> ConsentAction | None:
        if step is None:
            return None
        click, cookie = getattr(step, "click"), getattr(step, "cookie")
        return ConsentAction(click=click, cookie=(cookie.name, cookie.value) if cookie else None)
    pairs = tuple((host, address) for host, _, address in (r.rpartition(":") for r in resolve))
    return ScanPlan(
        base, tuple(pages), tuple(settings.first_party) if settings else (),
        action(settings.accept if settings else None), action(settings.reject if settings else None),
        float(timeout or (settings.timeout if settings else 30)), pairs, browser,
    )


def markdown(entity: str, base: str, findings: list[Finding], root: Path, failed: str | None = None) -> str:
    """The findings for an issue: a heading, the summary and the text lines in a code block no finding can close
    (or, when the site could not be scanned, why)."""
    lines = (failed + "\n") if failed else "".join(f.format(root) + "\n" for f in findings) or "No findings.\n"
    longest = max((len(run) for run in re.findall("`+", lines)), default=0)
    fence = "`" * max(3, longest + 1)
    host = urlsplit(base).hostname or ""
    said = "The site could not be scanned:" if failed else compliance.summary(findings, "scan")
    return f"## Website scan of {entity} ({host})\n\n{said}\n\n{fence}text\n{lines}{fence}\n"


def cmd_scan(settings: Settings, args: argparse.Namespace) -> int:
    if args.list:
        print("".join(f"{r.id}  {r.severity:7}  {r.title}\n" for r in SCAN_RULES.values()), end="")
        return 0
    if args.explain is not None:
        found = SCAN_RULES.get(args.explain.upper())
        if found is None:
            print(f"notices scan: there is no scan rule '{textcheck.excerpt(args.explain)}'; `notices scan --list` lists them", file=sys.stderr)
            return 2
        print(f"{found.id}: {found.title}\nseverity: {found.severity}\nsource: {found.source}\n\n{found.explanation}\n\nfix: {found.hint}\n")
        return 0
    day = as_of_day("scan", settings)
    if day is None:
        return 2
    project, errors = load_project(settings.data)
    print_errors(errors, sys.stderr)
    if project is None or errors:
        print(f"{errors.summary()}; fix the data first (see `notices validate`).", file=sys.stderr)
        return 1
    if args.entities:
        print("".join(f"{name}\n" for name, record in project.entities.items() if record.data.website), end="")
        return 0
    if args.entity is None or args.entity not in project.entities:
        known = ", ".join(project.entities)
        what = "name the entity to scan" if args.entity is None else f"there is no entity '{textcheck.excerpt(args.entity)}'"
        print(f"notices scan: {what}; the entities are {known}", file=sys.stderr)
        return 2
    record = project.entities[args.entity]
    if problem := _wrong_arguments(record, args):
        print(f"notices scan: {problem}", file=sys.stderr)
        return 2
    plan = plan_for(record, args.url, args.resolve, args.timeout, args.browser)
    from privacy_notices.scan.browser import visit  # Playwright is imported only by a scan

    try:
        observation = visit(plan, settings)
    except ScanFailed as exc:
        said = textcheck.one_line(str(exc))
        print(f"notices scan: {said}", file=sys.stderr)
        if args.output is not None and args.format in ("markdown", "json"):  # what a workflow puts in its issue or keeps
            failed = {"summary": "scan: the site could not be scanned", "error": said, "findings": []}
            text = json.dumps(failed, indent=2, ensure_ascii=False) + "\n" if args.format == "json" else markdown(args.entity, plan.base, [], Path.cwd(), said)
            args.output.write_text(text, "utf-8")
        return SCAN_FAILED
    findings = reconcile(project, record.id, day, observation)
    _report(findings, args, plan, settings.data.resolve().parent)
    if args.write and (status := _write(project.root, record, day, observation)):
        return status
    return 1 if any(f.blocks for f in findings) else 0


def _wrong_arguments(record: EntityRecord, args: argparse.Namespace) -> str | None:
    """Why the command line cannot scan this entity, or None."""
    if not (args.url or record.data.website):
        return f"'{record.id}' has no website in entity.yml: add 'website', or give --url"
    if args.url:
        try:
            textcheck.check_url(args.url)
        except ValueError as exc:
            return f"--url: {exc}"
    for pair in args.resolve:
        host, _, address = pair.rpartition(":")
        if not host or not address or any(c in pair for c in " ,"):
            return f"--resolve: expected HOST:ADDRESS such as www.example.com:127.0.0.1, found '{textcheck.excerpt(pair)}'"
    if args.timeout is not None and not 0 < args.timeout <= 600:
        return f"--timeout: expected seconds between 1 and 600, found {args.timeout:g}"
    return None


def _report(findings: list[Finding], args: argparse.Namespace, plan: ScanPlan, base: Path) -> None:
    if args.format == "json":
        text = compliance.as_json(findings, base, SCAN_RULES, "scan")
    elif args.format == "sarif":
        text = compliance.as_sarif(findings, base, SCAN_RULES, "notices scan")
    elif args.format == "markdown":
        text = markdown(args.entity, plan.base, findings, Path.cwd())
    else:
        text = "".join(f.format(Path.cwd()) + "\n" for f in findings)
    if args.output is not None:
        args.output.write_text(text, "utf-8")
    else:
        print(text, end="")
    pages = plural(len(plan.pages), "page")
    written = f"; written to {display_path(args.output)}" if args.output else ""
    print(f"{compliance.summary(findings, 'scan')} for {args.entity} ({pages} of {plan.base}){written}", file=sys.stderr)


def _write(root: Path, record: EntityRecord, day: datetime.date, observation: Observation) -> int:
    """Add the proposed entries; the exit status when they could not be written, else 0."""
    version, found, why = proposals.write(record, day, observation, datetime.date.fromtimestamp(observation.started))
    if version is None:
        print(f"notices scan --write: {why}", file=sys.stderr)
        return 2
    if not found:
        print(f"notices scan --write: nothing to add to {display_path(version.path)}: every cookie seen is declared there", file=sys.stderr)
        return 0
    try:
        text = proposals.append(version.path.read_text("utf-8"), found)
    except EditError as exc:
        print(f"notices scan --write: {display_path(version.path)}: {exc}", file=sys.stderr)
        return 2
    paths.write_bytes(version.path, root, text.encode("utf-8"))
    names = ", ".join(textcheck.excerpt(p.name, 40) for p in found)
    print(f"notices scan --write: added {plural(len(found), 'entry', 'entries')} to {display_path(version.path)} ({textcheck.one_line(names)}); complete each placeholder marked REPLACE:", file=sys.stderr)
    return 0
