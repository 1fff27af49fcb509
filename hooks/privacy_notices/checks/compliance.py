"""Run the compliance rules over every version, and report what they find.

Every version is checked as of its own dates (see :mod:`privacy_notices.checks.rules`).
An error blocks publishing, unless the version is archived: what an archived
version said is history, so its findings are warnings. A rule turned off in
the data (``suppress`` in a version file, or in ``entity.yml`` for some or all
of its notices) needs a written reason, and the finding is still reported,
marked suppressed, with that reason: never silently.

Findings come out as text (``file:line:col: PN124 error: …``), JSON, or
SARIF 2.1.0 for GitHub code scanning; the rules reference (``RULES.md``) is
generated from the same definitions.
"""

from __future__ import annotations

import dataclasses
import datetime
import json
from dataclasses import dataclass
from pathlib import Path
from collections.abc import Mapping
from typing import Any

from privacy_notices import __version__
from privacy_notices.data.asof import Status, statuses
from privacy_notices.data.errors import ErrorLog, display_path, format_where
from privacy_notices.i18n.catalogs import Catalogs
from privacy_notices.data.project import EntityRecord, NoticeSeries, NoticeVersion, Project
from privacy_notices.checks.rulebook import Rule, RuleText, Severity, Version, reference_entry
from privacy_notices.checks.rules import RULES
from privacy_notices.data.textcheck import one_line

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


@dataclass(frozen=True)
class Finding:
    """One rule firing at one place of one version."""

    rule: str
    severity: Severity
    """As it counts for this version: an archived version's errors are warnings."""
    path: Path
    line: int
    column: int
    where: str
    """The field, e.g. ``transfers[0].mechanism``."""
    message: str
    version: str
    """entity/notice/YYYY-MM-DD"""
    status: str
    suppressed: str | None = None
    """The reason written in the data, when the rule is turned off here."""
    subject: str | None = None
    """What the finding is about when a field does not say it alone (a website scan's cookie or host): it keeps
    two findings at one field apart in code scanning, and the same one the same from one run to the next."""

    @property
    def blocks(self) -> bool:
        """Whether it stops a publish build."""
        return self.severity == "error" and self.suppressed is None

    def format(self, base: Path | None = None) -> str:
        """``file:line:col: PN124 error: where: message``, as a terminal shows it: on one line, whatever the data hold.

        The message quotes titles from the data; a line break in one is shown
        escaped (:func:`~privacy_notices.data.textcheck.one_line`), so that it
        cannot start a forged finding. JSON and SARIF keep the text as it is.
        """
        shown = display_path(self.path, base)
        where = f"{self.where}: " if self.where else ""
        tail = f" [suppressed: {self.suppressed}]" if self.suppressed else ""
        return one_line(f"{shown}:{self.line}:{self.column}: {self.rule} {self.severity}: {where}{self.message}{tail}")


def _windows(project: Project, as_of: datetime.date) -> list[tuple[EntityRecord, NoticeSeries, int, NoticeVersion, Status, datetime.date, datetime.date]]:
    """(entity, series, index, version, status, first day, last day in force) of every version."""
    out: list[tuple[EntityRecord, NoticeSeries, int, NoticeVersion, Status, datetime.date, datetime.date]] = []
    for record in project.entities.values():
        for series in record.notices.values():
            dates = [v.effective for v in series.versions]
            for i, (version, state) in enumerate(zip(series.versions, statuses(dates, as_of))):
                if state == "archived":
                    last = dates[i + 1] - datetime.timedelta(days=1)
                else:
                    last = max(as_of, version.effective)
                out.append((record, series, i, version, state, version.effective, last))
    return out


def _suppression(rule: str, record: EntityRecord, version: NoticeVersion) -> str | None:
    for s in version.data.suppress:
        if s.rule == rule:
            return s.reason
    for s in record.data.suppress:
        if s.rule == rule and (not s.notices or version.notice in s.notices):
            return s.reason
    return None


def _unsuppressible(rule_id: str) -> str | None:
    """Why a suppression cannot name ``rule_id`` (no such rule, or one that finds unfinished work), or None when it can."""
    if rule_id not in RULES:
        return f"there is no rule {rule_id}; the rules are {', '.join(RULES)} (`notices check --list`)"
    if RULES[rule_id].unfinished:
        return f"{rule_id} cannot be turned off: it finds work left undone ({RULES[rule_id].hint})"
    return None


def check_suppressions(project: Project, log: ErrorLog) -> None:
    """A suppression names a rule that exists and may be turned off, and a notice of its entity."""
    for record in project.entities.values():
        for i, s in enumerate(record.data.suppress):
            if problem := _unsuppressible(s.rule):
                line, col = record.doc.mark(("suppress", i, "rule")) if record.doc else (1, 1)
                log.add(record.path, line, col, f"suppress[{i}].rule", problem)
            for j, name in enumerate(s.notices):
                if name not in record.notices and f"{record.id}/{name}" not in project.skipped:
                    line, col = record.doc.mark(("suppress", i, "notices", j)) if record.doc else (1, 1)
                    log.add(record.path, line, col, f"suppress[{i}].notices[{j}]", f"'{record.id}' has no notice '{name}'; its notices are {', '.join(record.notices)}")
        for version in (v for series in record.notices.values() for v in series.versions):
            for i, suppression in enumerate(version.data.suppress):
                if problem := _unsuppressible(suppression.rule):
                    line, col = version.doc.mark(("suppress", i, "rule"))
                    log.add(version.path, line, col, f"suppress[{i}].rule", problem)


def run(project: Project, catalogs: Catalogs | None, as_of: datetime.date, rules: dict[str, Rule] | None = None) -> list[Finding]:
    """Every finding of every rule over every version, suppressed ones included, sorted by place."""
    found: dict[tuple[str, str, str, str], Finding] = {}
    for record, series, i, version, state, first, last in _windows(project, as_of):
        view = Version(project, record, series, version, series.versions[i - 1] if i else None, state, first, last, catalogs)
        for rule in (rules or RULES).values():
            if version.data.kind not in rule.kinds:
                continue
            for hit in rule.check(view):
                doc, path = (record.doc, record.path) if hit.entity else (version.doc, version.path)
                line, col = doc.mark(hit.loc) if hit.loc and doc else (1, 1)
                severity: Severity = "warning" if state == "archived" and not rule.unfinished else rule.severity
                where = format_where(hit.loc) if hit.loc else ""
                finding = Finding(
                    rule.id, severity, path, line, col, where, hit.message,
                    record.id if hit.entity else f"{record.id}/{series.id}/{version.effective.isoformat()}", state,
                    None if rule.unfinished else _suppression(rule.id, record, version),
                )
                # A place in entity.yml is reported once, however many versions share it (as an error if any is in force).
                key = (rule.id, str(path), where, hit.message)
                if key not in found or (found[key].severity == "warning" and severity == "error"):
                    found[key] = finding
    return sorted(found.values(), key=lambda f: (str(f.path), f.line, f.column, f.rule, f.message))


def summary(findings: list[Finding], label: str = "compliance") -> str:
    """One line: errors, warnings and suppressed findings."""
    errors = sum(1 for f in findings if f.blocks)
    warnings = sum(1 for f in findings if f.severity == "warning" and not f.suppressed)
    suppressed = sum(1 for f in findings if f.suppressed)
    def n(count: int, word: str) -> str:
        return f"{count} {word}{'s' if count != 1 else ''}"
    return f"{label}: {n(errors, 'error')}, {n(warnings, 'warning')}, {suppressed} suppressed"


def as_json(findings: list[Finding], base: Path, rules: Mapping[str, RuleText] | None = None, label: str = "compliance") -> str:
    """The findings for other tools: one object per finding, paths relative to ``base``."""
    book: Mapping[str, RuleText] = RULES if rules is None else rules
    rows = []
    for f in findings:
        row = dataclasses.asdict(f)
        if f.subject is None:
            del row["subject"]
        row["path"] = _relative(f.path, base)
        row["title"] = book[f.rule].title
        row["source"] = book[f.rule].source
        row["hint"] = book[f.rule].hint
        rows.append(row)
    return json.dumps({"summary": summary(findings, label), "findings": rows}, indent=2, ensure_ascii=False) + "\n"


def _relative(path: Path, base: Path) -> str:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _level(severity: Severity) -> str:
    return "error" if severity == "error" else "warning"


def as_sarif(findings: list[Finding], base: Path, rules: Mapping[str, RuleText] | None = None, tool: str = "notices check") -> str:
    """SARIF 2.1.0: GitHub code scanning shows each finding on the line of the data file that causes it."""
    book: Mapping[str, RuleText] = RULES if rules is None else rules
    ids = list(book)
    described = [
        {
            "id": r.id,
            "name": "".join(word.capitalize() for word in r.title.replace("/", " ").replace("'", "").split() if word.isalnum()) or r.id,
            "shortDescription": {"text": r.title},
            "fullDescription": {"text": r.explanation},
            "help": {"text": f"{r.hint} Source: {r.source}.", "markdown": f"{r.hint}\n\nSource: {r.source}."},
            "defaultConfiguration": {"level": _level(r.severity)},
            "properties": {"tags": ["privacy", "gdpr"], "source": r.source},
        }
        for r in book.values()
    ]
    results = []
    for f in findings:
        result: dict[str, Any] = {
            "ruleId": f.rule,
            "ruleIndex": ids.index(f.rule),
            "level": _level(f.severity),
            "message": {"text": f"{f.where}: {f.message}" if f.where else f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _relative(f.path, base), "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": f.line, "startColumn": f.column},
                    },
                    "logicalLocations": [{"fullyQualifiedName": f"{f.version}/{f.where}" if f.where else f.version, "kind": "member"}],
                }
            ],
            "partialFingerprints": {"noticeField/v1": f"{f.rule}:{f.version}:{f.subject or f.where}"},
            "properties": {"version": f.version, "status": f.status},
        }
        if f.suppressed:
            result["suppressions"] = [{"kind": "inSource", "justification": f.suppressed}]
        results.append(result)
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": tool, "version": __version__, "rules": described}},
                "originalUriBaseIds": {"%SRCROOT%": {"uri": base.resolve().as_uri() + "/"}},
                "results": results,
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def explain(rule_id: str) -> str | None:
    """The whole entry of one rule, for ``notices check --explain``."""
    r = RULES.get(rule_id.upper())
    if r is None:
        return None
    kinds = ", ".join(r.kinds)
    severity = "in every version, archived ones too" if r.unfinished else "a warning only for archived versions"
    off = "it cannot be turned off" if r.unfinished else f"turn off for a version or notice, with a reason: suppress: [{{rule: {r.id}, reason: \"…\"}}]"
    return (
        f"{r.id}: {r.title}\n"
        f"severity: {r.severity} ({severity})\n"
        f"applies to: {kinds} notices\n"
        f"source: {r.source}\n\n"
        f"{r.explanation}\n\n"
        f"fix: {r.hint}\n"
        f"{off}\n"
    )


def listing() -> str:
    """One line per rule, for ``notices check --list``."""
    width = max(len(r.title) for r in RULES.values())
    return "".join(f"{r.id}  {r.severity:7}  {r.title:{width}}  {r.source.split(';')[0]}\n" for r in RULES.values())


REFERENCE_PATH = "RULES.md"
"""The rules reference in the repository, generated by ``notices check --reference``."""


def reference() -> str:
    """The Markdown rules reference: every rule, with its source, made from the definitions the checks use."""
    unfinished = ", ".join(r.id for r in RULES.values() if r.unfinished)
    lines = [
        "# Compliance rules",
        "",
        "<!-- Generated by `notices check --reference > RULES.md` from hooks/privacy_notices/checks/rules.py; do not edit. -->",
        "",
        "`notices check` runs these rules over every version of every notice, as of that version's own dates;",
        "`notices validate`, every build and `notices report` run them too. An **error** stops a publish build and shows on the",
        "drafting page (for an archived version it is a warning: what it said is history); a **warning** does not. A rule",
        "is turned off for one version with `suppress: [{rule: PN171, reason: \"…\"}]` in its file, or for some or all",
        "notices of an entity in `entity.yml` (`notices: [privacy]` to name them); the reason is shown with the",
        f"finding in every report. What finds work left undone ({unfinished}) is an error in every version and cannot be",
        "turned off.",
        "",
        "What the data format itself refuses is not repeated here: a controller activity without a purpose, a legal",
        "basis or a retention period; the legitimate-interest basis without its interest; special categories without",
        "an Art. 9 condition; automated decisions without their logic and consequences; a version after the first",
        "without 'changes' (its empty placeholder is PN173's); processors or recipients named in an activity that the notice does not list;",
        "a processor outside the EU/EEA without a transfer; a notice that names no supervisory authority;",
        "translations that change link targets.",
        "",
        "| rule | severity | title | applies to |",
        "| --- | --- | --- | --- |",
    ]
    lines += [f"| [{r.id}](#{r.id.lower()}) | {r.severity} | {r.title} | {', '.join(r.kinds)} |" for r in RULES.values()]
    for r in RULES.values():
        lines += reference_entry(r, f"{', '.join(r.kinds)} notices")
    return "\n".join(lines) + "\n"
