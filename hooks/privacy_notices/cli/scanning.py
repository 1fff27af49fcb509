"""`notices scan`: load the entity's website in Chromium and compare what it stores and contacts with its notices."""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import json
import re
import signal
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
from privacy_notices.data.scanning import ConsentStep
from privacy_notices.data.settings import Settings
from privacy_notices.data.yamledit import EditError
from privacy_notices.scan import proposals
from privacy_notices.scan.chromium import DEBIAN_CHROMIUM, resolver_rules
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
unknown entity, no website, a wrong option, no Chromium or Playwright),
3 when the site could not be scanned (not reachable, a TLS error, a page
that does not finish loading in time or answers with an error, a redirect
to another host, a consent button that is not there): one line says which
page and what happened, and --output then holds that line in its format.
"""

SCAN_FAILED = 3


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], data: argparse.ArgumentParser) -> None:
    """The parser of `scan`."""
    scan = sub.add_parser("scan", description=SCAN_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    scan.add_argument("entity", nargs="?", metavar="ENTITY", help="the entity's folder name, e.g. lumo-advisory")
    scan.add_argument("--url", default=None, metavar="URL", help="scan this address instead of the entity's website (a staging site); the pages keep their paths")
    scan.add_argument("--resolve", action="append", default=[], metavar="HOST:ADDRESS", help="reach HOST at ADDRESS without DNS (repeatable; *.example.com for a domain and its subdomains, [::1] for IPv6; curl's HOST:PORT:ADDRESS works too)")
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
    """What to visit: the pages of scan.pages on the website, or on --url with the same paths.

    A page written as a path is a path from the website's address (``/about/`` of ``https://a.example/fi/`` is
    ``https://a.example/fi/about/``); one written whole is on the website, under its address (``notices validate``
    refuses others), and keeps its place under ``--url`` too.
    """
    website = record.data.website or ""
    base = url or website
    base = base if base.endswith("/") else base + "/"
    settings = record.data.scan
    under = urlsplit(website).path or "/"
    under = under if under.endswith("/") else under + "/"
    pages = []
    for page in settings.pages if settings else ["/"]:
        if page.startswith(("http://", "https://")):
            parts = urlsplit(page)
            page = parts.path.removeprefix(under.rstrip("/")) + (f"?{parts.query}" if parts.query else "")
        pages.append(base + page.lstrip("/"))
    def action(step: ConsentStep | None) -> ConsentAction | None:
        if step is None:
            return None
        return ConsentAction(click=step.click, cookie=(step.cookie.name, step.cookie.value) if step.cookie else None)
    own = tuple(settings.first_party) if settings else ()
    if url and website and urlsplit(website).hostname != urlsplit(url).hostname:
        own += (urlsplit(website).hostname or "",)  # the live site's hosts are the site's own on staging too
    return ScanPlan(
        base, tuple(pages), own,
        action(settings.accept if settings else None), action(settings.reject if settings else None),
        float(timeout or (settings.timeout if settings else 30)), tuple(parse_resolve(r) for r in resolve), browser,
    )


def parse_resolve(text: str) -> tuple[str, str]:
    """``HOST:ADDRESS``, or curl's ``HOST:PORT:ADDRESS`` (the port is not needed: the browser maps the host on every port).

    >>> parse_resolve("www.example.com:127.0.0.1"), parse_resolve("www.example.com:443:[::1]"), parse_resolve("*.test:::1")
    (('www.example.com', '127.0.0.1'), ('www.example.com', '::1'), ('*.test', '::1'))
    """
    host, _, address = text.partition(":")
    curl = re.fullmatch(r"\d+:(.+)", address)
    if curl and not re.fullmatch(r"[0-9a-fA-F:]+", address):
        address = curl[1]
    return host, address.removeprefix("[").removesuffix("]")


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
    if problem := _wrong_arguments(record, args, settings):
        print(f"notices scan: {problem}", file=sys.stderr)
        return 2
    plan = plan_for(record, args.url, args.resolve, args.timeout, args.browser)
    from privacy_notices.scan.browser import visit  # Playwright is imported only by a scan

    interrupted: list[int] = []
    # Ctrl-C reaches Playwright's driver too, which then ends the page loads as if the site had failed: the
    # interrupt is noted here and raised once the browser has stopped, so that it never reads as a failed scan.
    earlier = signal.signal(signal.SIGINT, lambda signum, frame: interrupted.append(signum))
    try:
        observation = visit(plan, settings)
    except ScanFailed as exc:
        if interrupted:
            raise KeyboardInterrupt from None
        said = textcheck.one_line(textcheck.excerpt(str(exc), 600))
        print(f"notices scan: {said}", file=sys.stderr)
        if args.output is not None:  # never leave an earlier scan's report where a workflow reads this one's
            args.output.write_text(_failed(args.format, args.entity, plan.base, said), "utf-8")
        return SCAN_FAILED
    finally:
        signal.signal(signal.SIGINT, earlier)
    if interrupted:
        raise KeyboardInterrupt
    findings = reconcile(project, record.id, day, observation)
    _report(findings, args, plan, settings.data.resolve().parent)
    if args.write and (status := _write(project.root, record, day, observation)):
        return status
    return 1 if any(f.blocks for f in findings) else 0


def _wrong_arguments(record: EntityRecord, args: argparse.Namespace, settings: Settings) -> str | None:
    """Why the command line cannot scan this entity, or None: each checked before the browser starts."""
    if not (args.url or record.data.website):
        return f"'{record.id}' has no website in entity.yml: add 'website', or give --url"
    if args.url:
        try:
            textcheck.check_url(args.url)
        except ValueError as exc:
            return f"--url: {exc}"
        parts = urlsplit(args.url)
        if parts.username is not None or parts.password is not None:
            return "--url: give the address without a user name or password: they would be written into every report"
        if parts.query or parts.fragment or not (parts.path in ("", "/") or parts.path.endswith("/")):
            return f"--url: expected the address the site's paths start from, ending in / (such as https://staging.example.com/pr-12/), found '{textcheck.excerpt(args.url)}'"
    for pair in args.resolve:
        try:
            resolver_rules((parse_resolve(pair),))
        except ValueError:
            return f"--resolve: expected HOST:ADDRESS such as www.example.com:127.0.0.1 (or [::1] for IPv6), found '{textcheck.excerpt(pair)}'"
    if args.timeout is not None and not 1 <= args.timeout <= 600:
        return f"--timeout: expected seconds between 1 and 600, found {args.timeout:g}"
    if args.output is not None and (args.output.is_dir() or not args.output.parent.is_dir()):
        return f"--output: {display_path(args.output)} is a folder, or in a folder that does not exist"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed: python -m pip install 'privacy-notice-site[scan]'"
    browser = args.browser or settings.chromium or DEBIAN_CHROMIUM
    if not Path(browser).is_file():
        return f"no Chromium at {browser}: install Debian's with `apt-get install chromium`, or give --browser"
    return None


def _failed(fmt: str, entity: str, base: str, said: str) -> str:
    """What --output holds when the site could not be scanned, in the format asked for."""
    if fmt == "json":
        return json.dumps({"summary": "scan: the site could not be scanned", "error": said, "findings": []}, indent=2, ensure_ascii=False) + "\n"
    if fmt == "sarif":
        log = json.loads(compliance.as_sarif([], Path.cwd(), SCAN_RULES, "notices scan"))
        log["runs"][0]["invocations"] = [{"executionSuccessful": False, "toolExecutionNotifications": [{"level": "error", "message": {"text": said}}]}]
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    if fmt == "markdown":
        return markdown(entity, base, [], Path.cwd(), said)
    return f"notices scan: {said}\n"


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
    """Add the proposed entries, at most :data:`~.proposals.MAX_PROPOSALS`; the exit status when they could not be written, else 0.

    The file is loaded again as every command loads it; should it not load, its old bytes are put back.
    """
    version, found, why = proposals.write(record, day, observation, datetime.date.fromtimestamp(observation.started))
    if version is None:
        print(f"notices scan --write: {why}", file=sys.stderr)
        return 2
    where = display_path(version.path)
    if not found:
        print(f"notices scan --write: nothing to add to {where}: every cookie seen that can be named is declared there", file=sys.stderr)
        return 0
    left = found[proposals.MAX_PROPOSALS:]
    found = found[: proposals.MAX_PROPOSALS]
    before = version.path.read_bytes()
    try:
        text = proposals.append(before.decode("utf-8"), found)
    except EditError as exc:
        print(f"notices scan --write: {where}: {exc}", file=sys.stderr)
        return 2
    paths.write_bytes(version.path, root, text.encode("utf-8"))
    _, errors = load_project(root)
    if any(e.path == version.path for e in errors.sorted()):
        paths.write_bytes(version.path, root, before)
        first = next(e for e in errors.sorted() if e.path == version.path)
        print(f"notices scan --write: {where} was left as it was: with the entries it would not load ({textcheck.one_line(first.message)})", file=sys.stderr)
        return 2
    names = ", ".join(textcheck.excerpt(p.name, 40) for p in found[:10]) + (f" and {len(found) - 10} more" if len(found) > 10 else "")
    more = f"; {plural(len(left), 'more item')} not written: run again once these are complete" if left else ""
    print(f"notices scan --write: added {plural(len(found), 'entry', 'entries')} to {where} ({textcheck.one_line(names)}); complete each placeholder marked REPLACE:{more}", file=sys.stderr)
    return 0
