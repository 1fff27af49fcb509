"""`notices validate`, `check` and `report`: what a publishing build would refuse, the rules, and a change for its reviewer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from privacy_notices.authoring import report
from privacy_notices.checks import compliance
from privacy_notices.checks.pipeline import load_and_check
from privacy_notices.cli.common import as_of_day, plural, print_errors
from privacy_notices.data import textcheck
from privacy_notices.data.errors import ErrorLog, display_path
from privacy_notices.data.project import Project
from privacy_notices.data.settings import Settings
from privacy_notices.scan import rules as scan_rules
from privacy_notices.site.theme import PAGE_TEMPLATES, THEME_DIR


VALIDATE_HELP = """\
Run every check a publishing build runs, without building: YAML syntax,
duplicate keys, aliases and other limits (AUTHORING.md lists them), unknown
or missing fields, values (legal bases, country codes, durations, dates),
version file names, raw HTML and unsafe links, references between files,
every translation catalog (markup, links, placeholders, broken entries),
required languages, the lock file, and the compliance rules (`notices check`):
their errors stop publishing, their warnings are counted.

Every error is printed, one per line, as

  path/to/file.yml:LINE:COLUMN: where.in.file: what was expected and found

followed by a count. Exit status: 0 when the data are valid, 1 when any
error was found, 2 when the command itself was used wrongly.
"""


CHECK_HELP = """\
Run the compliance rules over every version of every notice: what a privacy
lawyer would flag, found from the data (GDPR Art. 12-14, 21 and 27, the
transparency guidelines WP260 rev.01, the ePrivacy directive, the case law
on transfers). Each version is judged as of its own dates: a 2019 version
that relied on the Privacy Shield and was replaced before July 2020 is
history; one still in force after 16 July 2020 is an error. Findings of an
archived version are warnings.

  path/to/file.yml:LINE:COLUMN: PN124 error: where: what is wrong

An error stops a publish build; a warning does not. To turn a rule off for a
version, add to its file (or, for some or all notices, to entity.yml):

  suppress:
    - rule: PN171
      reason: The hedging words are quoted from the law.

Suppressed findings are still reported, with their reason.

  notices check --list            every rule, with its severity and source
  notices check --explain PN124   one rule in full
  notices check --format sarif    SARIF 2.1.0 for GitHub code scanning
  notices check --reference       the rules reference (RULES.md)

Exit status: 0 when nothing blocks publishing, 1 otherwise, 2 when the
command was used wrongly.
"""


REPORT_HELP = """\
Say what the data in the working tree change compared with a git revision,
for a legal reviewer (a pull-request comment):

  notices report --base origin/main --preview-url https://example.github.io/site/pr-preview/pr-12/

The base revision's data and catalogs are read through git, without a second
checkout. With --data outside the repository (a pull request's data read out
of git, so that only this checkout's code writes the report), it is compared
with the project's data/ at the base revision. The report calls out first
every version in force or archived whose page says something else in some
language, wherever the edit was made (its file, a catalog, entity.yml,
site.yml), or that is gone, with the correction it needs; then every entry
of the base's notices.lock that the change removes or rewrites, and each
text that changed since the base's lock recorded it (the change's own lock
is not trusted); then the problems this change brings (validation, required
languages, the lock, compliance errors) and new compliance warnings; then
each change to notices.lock, site.yml, an entity.yml or a catalog; then, for
each notice changed, the versions added or edited with their structured
change summary and preview links, and the translation coverage per language
before and after, naming the texts left untranslated. It says whether a
publish build would pass.

Every text from the data, the revision and the file names is written as
text: it cannot make a link, an image, HTML, a heading or a table cell in
the comment, nor a mention, an issue reference or an emoji on GitHub.

The base's data folder may hold no links: they are not followed, and the
report stops and names them.

Exit status 0 when the report was written, 2 when the base cannot be read
(no git repository, an unknown revision, links in the base's data) or
--preview-url is not such an address.
"""


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser], data: argparse.ArgumentParser) -> None:
    """The parsers of `validate`, `check` and `report`, in the order `notices` lists its commands."""
    validate = sub.add_parser(
        "validate", description=VALIDATE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data]
    )
    validate.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day the site describes (default: $NOTICES_AS_OF, $SOURCE_DATE_EPOCH or today)")
    validate.add_argument("--draft", action="store_true", help="report what a drafting build shows: publish blockers are warnings, and only data errors fail")

    check = sub.add_parser("check", description=CHECK_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    check.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day that decides which versions are in force (default: $NOTICES_AS_OF, $SOURCE_DATE_EPOCH or today)")
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text", help="text for people (default), json for other tools, sarif for code scanning")
    check.add_argument("--output", type=Path, default=None, metavar="FILE", help="write the report to FILE instead of the screen")
    what = check.add_mutually_exclusive_group()
    what.add_argument("--list", action="store_true", help="list every rule and stop")
    what.add_argument("--explain", metavar="RULE", default=None, help="explain one rule (e.g. PN124) and stop")
    what.add_argument("--reference", action="store_true", help="print the Markdown rules reference (RULES.md) and stop")

    report_cmd = sub.add_parser("report", description=REPORT_HELP, formatter_class=argparse.RawDescriptionHelpFormatter, parents=[data])
    report_cmd.add_argument("--base", required=True, metavar="REVISION", help="the git revision to compare with, e.g. origin/main")
    report_cmd.add_argument("--preview-url", default=None, metavar="URL", help="where the preview of this change is served, for links to its pages: an https:// address whose path holds only letters, digits and . _ ~ %% / -")
    report_cmd.add_argument("--as-of", default=None, metavar="YYYY-MM-DD", help="the day that decides which versions are in force (default: $NOTICES_AS_OF, $SOURCE_DATE_EPOCH or today)")
    report_cmd.add_argument("--format", choices=("markdown", "json"), default="markdown", help="markdown for a pull-request comment (default), json for other tools")
    report_cmd.add_argument("--output", type=Path, default=None, metavar="FILE", help="write the report to FILE instead of the screen")


def cmd_validate(settings: Settings, draft: bool = False) -> int:
    root = settings.data
    day = as_of_day("validate", settings)
    if day is None:
        return 2
    checked = load_and_check(root, day, settings.docs)  # the hand-written pages a build checks
    project, errors, blockers = checked.project, checked.errors, checked.blockers
    if draft:
        print_errors(errors)
        print_errors(blockers, warning=True)
    else:  # both stop publishing: one list, in the order of the files
        everything = ErrorLog()
        everything.extend(errors)
        everything.extend(blockers)
        print_errors(everything)
    mode = "drafting" if draft else "publishing"
    if project is None or errors:
        also = f", and {plural(len(blockers), 'publish blocker')} in the files that loaded" if blockers else ""
        print(f"{errors.summary()}{also}; nothing can be built ({display_path(root)}).{_skipped(checked.loaded)}", file=sys.stderr)
        if checked.warnings:
            print(f"{compliance.summary(checked.findings)}; `notices check` lists them.", file=sys.stderr)
        return 1
    versions = project.all_versions()
    notices = sum(len(e.notices) for e in project.entities.values())
    checked_what = (
        f"{plural(len(project.entities), 'entity', 'entities')}, {plural(notices, 'notice')} and "
        f"{plural(len(versions), 'version')} in {display_path(root)} checked for {mode} (as of {day.isoformat()})"
    )
    if checked.warnings:
        print(f"{compliance.summary(checked.findings)}; `notices check` lists them.", file=sys.stderr)
    if blockers and not draft:
        print(f"{checked_what}: {plural(len(blockers.sorted()), 'publish blocker')}; drafting (`notices validate --draft`, `notices serve`) shows the site anyway.", file=sys.stderr)
        return 1
    if blockers:
        print(f"{checked_what}: no errors; {plural(len(blockers.sorted()), 'warning')} that would stop publishing.")
        return 0
    print(f"{checked_what}: no errors.")
    return 0


def _skipped(loaded: Project | None) -> str:
    """What the translation checks and the rules could not look at, because its own files have errors."""
    if loaded is None:
        return " The data could not be read far enough to run the other checks."
    if not loaded.skipped:
        return ""
    names = textcheck.one_line(", ".join(loaded.skipped))  # folder names, which may hold anything
    return f" The translation checks and the rules ran on everything else; not on {names}, whose files have errors."


def cmd_report(settings: Settings, base: str, preview_url: str | None, fmt: str, output: Path | None) -> int:
    root = settings.data.resolve()
    day = as_of_day("report", settings)
    if day is None:
        return 2
    if preview_url:
        try:
            report.check_preview_url(preview_url)
        except ValueError as exc:
            print(f"notices report: --preview-url: {exc}", file=sys.stderr)
            return 2
    project_dir = settings.config_file.parent if settings.config_file else root.parent
    try:
        made = report.build(project_dir, root, base, day, preview_url)
    except report.ReportError as exc:
        print(f"notices report: {exc}", file=sys.stderr)
        return 2
    text = report.render_json(made) if fmt == "json" else report.render_markdown(made, THEME_DIR / PAGE_TEMPLATES)
    if output is not None:
        output.write_text(text, "utf-8")
    else:
        print(text, end="")
    verdict = "would pass" if made.passes else f"would fail ({plural(len(made.problems), 'problem')})"
    edited = f", {plural(len(made.edited_in_force), 'version')} in force or archived edited" if made.edited_in_force else ""
    print(f"notices report: {plural(len(made.notices), 'notice')} changed{edited} since {base}; a publish build {verdict}", file=sys.stderr)
    return 0


def cmd_check(settings: Settings, fmt: str, output: Path | None, list_rules: bool, rule: str | None, reference: bool) -> int:
    if list_rules:
        print(compliance.listing(), end="")
        return 0
    if reference:
        print(compliance.reference() + scan_rules.reference(), end="")
        return 0
    if rule is not None:
        text = compliance.explain(rule)
        if text is None:
            print(f"notices check: there is no rule '{textcheck.excerpt(rule)}'; `notices check --list` lists them", file=sys.stderr)
            return 2
        print(text, end="")
        return 0
    root = settings.data
    day = as_of_day("check", settings)
    if day is None:
        return 2
    checked = load_and_check(root, day, None)
    # Data errors go to stderr: the findings on stdout may be JSON or SARIF for another tool.
    print_errors(checked.errors, sys.stderr)
    base = root.resolve().parent
    findings = checked.findings
    if fmt == "json":
        report = compliance.as_json(findings, base)
    elif fmt == "sarif":
        report = compliance.as_sarif(findings, base)
    else:
        cwd = Path.cwd()
        report = "".join(f.format(cwd) + "\n" for f in findings)
    if output is not None:
        output.write_text(report, "utf-8")
    else:
        print(report, end="")
    print(f"{compliance.summary(findings)} in {display_path(root)} (as of {day.isoformat()})" + (f"; written to {display_path(output)}" if output else ""), file=sys.stderr)
    if checked.errors:
        print(f"{checked.errors.summary()} (see `notices validate`).{_skipped(checked.loaded)}", file=sys.stderr)
        return 1
    return 1 if any(f.blocks for f in findings) else 0
