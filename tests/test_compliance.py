"""The compliance rules: each fires exactly where it should, as of each version's dates, in every output format."""

from __future__ import annotations

import datetime
import io
import json
import os
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from babel.messages.pofile import read_po

from conftest import ROOT, SARIF_SCHEMA, run_build, run_cli
from privacy_notices.checks import compliance
from privacy_notices.checks.pipeline import load_and_check
from privacy_notices.i18n.pofiles import write_catalog
from privacy_notices.checks.rules import RULES

BASE = ROOT / "tests" / "fixtures" / "compliant" / "data"
CASES: dict[str, dict[str, Any]] = yaml.safe_load((ROOT / "tests" / "rules" / "cases.yml").read_text("utf-8"))
SHORT = {
    "P": "entities/acme/notices/privacy/2024-01-01.yml",
    "C": "entities/acme/notices/cookies/2024-01-01.yml",
    "S": "entities/acme/notices/services/2024-01-01.yml",
    "E": "entities/acme/entity.yml",
}
AS_OF = datetime.date(2026, 6, 1)


def _path(name: str) -> str:
    return SHORT.get(name, name)


def _steps(dotted: str) -> list[str | int]:
    return [int(part) if part.isdigit() else part for part in dotted.split(".")]


def _set(data: Any, dotted: str, value: Any) -> None:
    *parents, last = _steps(dotted)
    for step in parents:
        data = data[step]
    data[last] = value


def _delete(data: Any, dotted: str) -> None:
    *parents, last = _steps(dotted)
    for step in parents:
        data = data[step]
    del data[last]


def apply(edits: list[dict[str, Any]], data: Path) -> None:
    """Lay a case's edits over a copy of the compliant fixture."""
    for edit in edits:
        if "translate" in edit:
            _translate(data, edit["translate"], edit.get("except", {}))
            continue
        source = data / _path(edit.get("copy") or edit["file"])
        target = data / _path(edit["to"]) if "copy" in edit else source
        content = yaml.safe_load(source.read_text("utf-8"))
        for dotted, value in edit.get("set", {}).items():
            _set(content, dotted, value)
        for dotted in edit.get("delete", []):
            _delete(content, dotted)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")


def _translate(data: Path, language: str, overrides: dict[str, str]) -> None:
    """Publish in ``language`` too, with every text translated as itself except ``overrides``."""
    site = yaml.safe_load((data / "site.yml").read_text("utf-8"))
    site["languages"] = ["en", language]
    (data / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True), "utf-8")
    assert run_cli("i18n", "update", "--data", str(data), cwd=ROOT)[0] == 0
    for path in (data / "locales" / language).glob("*.po"):
        catalog = read_po(io.BytesIO(path.read_bytes()))
        for message in catalog:
            if message.id:
                message.string = overrides.get(str(message.id), str(message.id))
        write_catalog(path, catalog)


IN_LANGUAGE = {
    "fi": "Ilmoitamme muutoksista asiakkaillemme sähköpostilla vähintään 30 päivää ennen niiden voimaantuloa.",
    "sv": "Vi meddelar våra kunder ändringar via e-post minst 30 dagar innan de börjar gälla.",
}
"""How the fixture's notices announce changes in the languages a case may be written in (its English texts break no rule read in them)."""


def cases(rule_id: str) -> list[tuple[str, int, dict[str, Any]]]:
    """A rule's cases: ("fail" or "pass", number, case); each of "fail" and "pass" is one case or a list of them."""
    out = []
    for kind in ("fail", "pass"):
        given = CASES[rule_id][kind]
        out += [(kind, n, case) for n, case in enumerate(given if isinstance(given, list) else [given])]
    return out


def edits_of(case: dict[str, Any]) -> list[dict[str, Any]]:
    """A case's edits, after those that write the fixture in the case's language (its 'language', English by default)."""
    language = case.get("language", "en")
    if language == "en":
        return list(case["edits"])
    base: list[dict[str, Any]] = [{"file": "site.yml", "set": {"source_language": language}}]
    base += [{"file": name, "set": {"changes_policy": IN_LANGUAGE[language]}} for name in ("P", "C", "S")]
    return base + list(case["edits"])


def first(rule_id: str) -> list[dict[str, Any]]:
    """The edits of a rule's first failing case."""
    return edits_of(cases(rule_id)[0][2])


def findings_for(edits: list[dict[str, Any]], tmp_path: Path) -> set[tuple[str, str, str]]:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    apply(edits, data)
    checked = load_and_check(data, AS_OF, None)
    assert checked.project is not None and not checked.errors, [e.format(data) for e in checked.errors.sorted()]
    return {(f.rule, f.path.relative_to(data).as_posix(), f.where) for f in checked.findings}


def test_the_compliant_fixture_breaks_no_rule(tmp_path: Path) -> None:
    assert findings_for([], tmp_path) == set()


TEXT_RULES = ("PN110", "PN130", "PN144", "PN153", "PN171", "PN172", "PN180", "PN183")
"""The rules that read the notice's words: each has failing and passing cases in English, Finnish and Swedish."""


def test_every_rule_has_a_failing_and_a_passing_case() -> None:
    assert sorted(CASES) == sorted(RULES)
    assert all(set(CASES[r]) == {"fail", "pass"} for r in CASES)
    assert all(bool(case.get("expect")) == (kind == "fail") for r in CASES for kind, _, case in cases(r))
    for rule_id in TEXT_RULES:
        for kind in ("fail", "pass"):
            assert {case.get("language", "en") for k, _, case in cases(rule_id) if k == kind} == {"en", "fi", "sv"}, (rule_id, kind)


@pytest.mark.parametrize(
    ("rule_id", "kind", "n"),
    [pytest.param(r, kind, n, id=f"{r}-{kind}{n}-{case.get('language', 'en')}") for r in sorted(CASES) for kind, n, case in cases(r)],
)
def test_each_rule_fires_exactly_where_it_should(rule_id: str, kind: str, n: int, tmp_path: Path) -> None:
    case = cases(rule_id)[[(k, i) for k, i, _ in cases(rule_id)].index((kind, n))][2]
    expected = {(rule_id, _path(file), where) for file, where in case.get("expect", [])}
    assert findings_for(edits_of(case), tmp_path) == expected


def _versions(data: Path, transfers_until: str | None) -> None:
    """A 2019 version relying on the Privacy Shield, replaced on ``transfers_until`` (never, when None)."""
    privacy = data / "entities/acme/notices/privacy"
    content = yaml.safe_load((privacy / "2024-01-01.yml").read_text("utf-8"))
    (privacy / "2024-01-01.yml").unlink()
    shield = {**content, "eea_only": False, "processors": [{**content["processors"][0], "country": "US"}], "transfers": [{"country": "US", "recipients": ["mailer"], "mechanism": "privacy_shield"}]}
    (privacy / "2019-01-01.yml").write_text(yaml.safe_dump(shield, allow_unicode=True, sort_keys=False), "utf-8")
    if transfers_until:
        (privacy / f"{transfers_until}.yml").write_text(yaml.safe_dump({**content, "changes": "Mailer Ltd moved to Ireland."}, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.mark.parametrize(
    ("replaced", "expected"),
    [("2020-03-01", None), ("2021-01-01", "warning"), (None, "error")],
    ids=["history-before-schrems-ii", "archived-after-schrems-ii", "in-force"],
)
def test_rules_judge_a_version_by_its_own_dates(tmp_path: Path, replaced: str | None, expected: str | None) -> None:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    _versions(data, replaced)
    checked = load_and_check(data, AS_OF, None)
    assert not checked.errors, [e.format(data) for e in checked.errors.sorted()]
    shield = [f for f in checked.findings if f.rule == "PN121"]
    assert [f.severity for f in shield] == ([expected] if expected else [])
    assert bool(checked.blockers) == (expected == "error"), "only an error in force stops publishing"


def test_a_suppressed_rule_is_reported_with_its_reason_and_does_not_block(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    apply(first("PN124"), data)
    path = data / SHORT["P"]
    path.write_text(path.read_text("utf-8") + "suppress:\n  - rule: PN124\n    reason: The clauses are attached to every customer contract.\n", "utf-8")
    rc, out, err = run_cli("check", "--data", str(data), "--as-of", AS_OF.isoformat(), cwd=ROOT)
    assert rc == 0, out + err
    assert "PN124 error: transfers[0]:" in out and "[suppressed: The clauses are attached to every customer contract.]" in out
    assert "1 suppressed" in err
    sarif = json.loads(run_cli("check", "--data", str(data), "--as-of", AS_OF.isoformat(), "--format", "sarif", cwd=ROOT)[1])
    assert sarif["runs"][0]["results"][0]["suppressions"] == [{"kind": "inSource", "justification": "The clauses are attached to every customer contract."}]


def test_an_unwritten_changes_placeholder_blocks_even_when_archived_and_cannot_be_suppressed(tmp_path: Path) -> None:
    """The placeholder of `notices new-version` is never published: not as history, not with a reason."""
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    apply([
        {"copy": "P", "to": "entities/acme/notices/privacy/2025-01-01.yml", "set": {"changes": ""}},
        {"copy": "P", "to": "entities/acme/notices/privacy/2025-06-01.yml", "set": {"changes": "Nothing but the date changed."}},
    ], data)
    checked = load_and_check(data, AS_OF, None)
    assert not checked.errors
    [finding] = [f for f in checked.findings if f.rule == "PN173"]
    assert finding.status == "archived" and finding.blocks, finding
    assert any("PN173: changes: not written yet: say what this version changes" in e.message for e in checked.blockers.sorted())
    archived = data / "entities/acme/notices/privacy/2025-01-01.yml"
    archived.write_text(archived.read_text("utf-8") + "suppress:\n  - rule: PN173\n    reason: We will say it later.\n", "utf-8")
    rc, out, _ = run_cli("validate", "--data", str(data), "--as-of", AS_OF.isoformat(), cwd=ROOT)
    assert rc == 1
    assert "suppress[0].rule: PN173 cannot be turned off: it finds work left undone" in out
    rc, out, _ = run_cli("check", "--explain", "PN173", cwd=ROOT)
    assert rc == 0 and "it cannot be turned off" in out and "archived ones too" in out


def test_a_placeholder_blocks_even_when_archived_cannot_be_suppressed_and_is_never_translated(tmp_path: Path) -> None:
    """A text marked REPLACE: is never published, and translators never see it; drafting shows it as it stands."""
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    apply([
        {"copy": "P", "to": "entities/acme/notices/privacy/2025-01-01.yml", "set": {"changes": "New purposes.", "activities.1.purposes.0": "REPLACE: why"}},
        {"copy": "P", "to": "entities/acme/notices/privacy/2025-06-01.yml", "set": {"changes": "Nothing but the date changed."}},
        {"translate": "fi"},
    ], data)
    assert not any("REPLACE" in path.read_text("utf-8") for path in (data / "locales").rglob("*.po")), "never extracted for translation"
    checked = load_and_check(data, AS_OF, None)
    assert not checked.errors, [e.format(data) for e in checked.errors.sorted()]
    [finding] = [f for f in checked.findings if f.rule == "PN174"]
    assert finding.status == "archived" and finding.blocks, finding
    assert "REPLACE: why" in finding.path.read_text("utf-8").splitlines()[finding.line - 1][finding.column - 1 :], "its line and column"
    assert [e.message for e in checked.blockers.sorted()] == [
        "PN174: activities[1].purposes[0]: placeholder text 'REPLACE: why' is still here; write what the company does (`notices check --explain PN174`)"
    ]
    archived = data / "entities/acme/notices/privacy/2025-01-01.yml"
    archived.write_text(archived.read_text("utf-8") + "suppress:\n  - rule: PN174\n    reason: We will write it later.\n", "utf-8")
    rc, out, _ = run_cli("validate", "--data", str(data), "--as-of", AS_OF.isoformat(), cwd=ROOT)
    assert rc == 1
    assert "suppress[0].rule: PN174 cannot be turned off: it finds work left undone" in out


def test_a_suppression_needs_a_known_rule_a_notice_of_its_entity_and_a_reason(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    entity = data / SHORT["E"]
    base = entity.read_text("utf-8")
    entity.write_text(base + "suppress:\n  - rule: PN999\n    reason: Not a rule we know of.\n  - rule: PN171\n    reason: Quoted from the law.\n    notices: [nothing]\n", "utf-8")
    rc, out, _ = run_cli("validate", "--data", str(data), cwd=ROOT)
    assert rc == 1
    assert "entity.yml:17:11: suppress[0].rule: there is no rule PN999" in out
    assert "entity.yml:21:15: suppress[1].notices[0]: 'acme' has no notice 'nothing'" in out
    entity.write_text(base + "suppress:\n  - rule: PN171\n    reason: short\n", "utf-8")
    rc, out, _ = run_cli("validate", "--data", str(data), cwd=ROOT)
    assert rc == 1
    assert "entity.yml:18:13: suppress[0].reason: needs at least 10 characters (a sentence), found text 'short'" in out


def test_errors_block_a_publish_build_and_drafting_shows_them(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    apply(first("PN121"), data)
    build = run_build(tmp_path / "publish", data)
    assert build.returncode != 0
    assert "PN121: transfers[0].mechanism: EU-US Privacy Shield (US) is not valid from 2020-07-16" in build.output
    rc, out, _ = run_cli("validate", "--data", str(data), "--as-of", AS_OF.isoformat(), cwd=ROOT)
    assert rc == 1 and "PN121" in out
    draft = run_build(tmp_path / "draft", data, extra_env={"NOTICES_MODE": "draft"})
    assert draft.returncode == 0, draft.output
    assert "PN121" in (draft.site / "_drafting" / "index.html").read_text("utf-8")
    # Data outside the folder the commands run in: the build and `validate` name the file alike, in full.
    named = f"{(data / SHORT['P']).as_posix()}:"
    assert named in build.output and named in out, (build.output, out)
    assert f"data/{SHORT['P']}:" not in build.output.replace(named, ""), "never relative to the data folder's parent"
    rc, out, _ = run_cli("validate", "--data", "data", "--as-of", AS_OF.isoformat(), cwd=tmp_path)
    assert rc == 1 and f"\ndata/{SHORT['P']}:" in "\n" + out, "inside the current folder: relative to it"


def test_sarif_output_validates_against_the_sarif_2_1_0_schema(tmp_path: Path) -> None:
    if not SARIF_SCHEMA.is_file():
        if os.environ.get("NOTICES_BROWSER_REQUIRED"):
            pytest.fail(f"{SARIF_SCHEMA} is missing: run `npm ci` in tests/browser")
        pytest.skip("the SARIF schema comes with the checkers in tests/browser: run `npm ci` there")
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    for rule_id in ("PN121", "PN102", "PN180"):
        apply(first(rule_id), data)
    rc, out, err = run_cli("check", "--data", str(data), "--as-of", AS_OF.isoformat(), "--format", "sarif", cwd=ROOT)
    assert rc == 1, err
    log = json.loads(out)
    jsonschema.validate(log, schema)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"PN121", "PN102", "PN180"}
    place = next(r for r in results if r["ruleId"] == "PN102")["locations"][0]["physicalLocation"]
    assert place["artifactLocation"]["uri"] == "data/entities/acme/entity.yml"
    assert place["region"]["startLine"] == 12
    assert [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]] == list(RULES)


def test_json_output_carries_each_finding_with_its_rule(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    apply(first("PN182"), data)
    rc, out, _ = run_cli("check", "--data", str(data), "--as-of", AS_OF.isoformat(), "--format", "json", cwd=ROOT)
    assert rc == 0, "a warning does not block"
    report = json.loads(out)
    [finding] = report["findings"]
    assert finding["rule"] == "PN182" and finding["severity"] == "warning" and finding["path"] == f"data/{SHORT['C']}"
    assert finding["source"] == RULES["PN182"].source and finding["version"] == "acme/cookies/2024-01-01"


def test_the_rules_reference_is_generated_from_the_rules() -> None:
    committed = (ROOT / compliance.REFERENCE_PATH).read_text("utf-8")
    rc, out, _ = run_cli("check", "--reference", cwd=ROOT)
    assert rc == 0 and out == committed, "RULES.md is out of date: run `notices check --reference > RULES.md`"
    for rule in RULES.values():
        assert f"## {rule.id}" in committed and rule.source in committed and rule.title in committed


def test_list_and_explain_describe_every_rule() -> None:
    rc, out, _ = run_cli("check", "--list", cwd=ROOT)
    assert rc == 0 and [line.split()[0] for line in out.splitlines()] == list(RULES)
    rc, out, _ = run_cli("check", "--explain", "pn121", cwd=ROOT)
    assert rc == 0 and "C-311/18" in out and RULES["PN121"].hint in out
    rc, _, err = run_cli("check", "--explain", "PN999", cwd=ROOT)
    assert rc == 2 and "no rule 'PN999'" in err


def test_the_example_data_has_no_compliance_errors() -> None:
    checked = load_and_check(ROOT / "data", AS_OF, None)
    assert not checked.errors
    assert [f.format(ROOT) for f in checked.findings if f.blocks] == []


def test_a_suppression_does_not_change_what_a_locked_version_says(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    path = data / "entities/lumo-advisory/notices/privacy/2025-09-01.yml"
    path.write_text(path.read_text("utf-8") + "suppress:\n  - rule: PN171\n    reason: The one 'may' is about refusing a request, which the law allows.\n", "utf-8")
    rc, out, err = run_cli("validate", "--data", str(data), "--as-of", AS_OF.isoformat(), cwd=ROOT)
    assert rc == 0, out + err  # the lock still matches
    rc, out, _ = run_cli("check", "--data", str(data), "--as-of", AS_OF.isoformat(), cwd=ROOT)
    assert "[suppressed: The one 'may' is about refusing a request, which the law allows.]" in out


@pytest.mark.parametrize(
    ("effective", "covered"),
    [("2025-06-01", False), ("2026-01-25", False), ("2026-01-26", True), ("2026-03-01", True)],
)
def test_adequacy_is_judged_by_the_decisions_valid_on_the_versions_own_dates(tmp_path: Path, effective: str, covered: bool) -> None:
    """Brazil's decision (EU) 2026/179 applies from 26 January 2026: a version that takes effect before relies on nothing."""
    brazil = {"eea_only": False, "processors.0.country": "BR", "transfers": [{"country": "BR", "recipients": ["mailer"], "mechanism": "adequacy"}]}
    found = findings_for([{"copy": "P", "to": f"entities/acme/notices/privacy/{effective}.yml", "set": {"changes": "Mailer Ltd moved to Brazil.", "published": datetime.date(2025, 1, 1), **brazil}}], tmp_path)
    expected = set() if covered else {("PN123", f"entities/acme/notices/privacy/{effective}.yml", "transfers[0].mechanism")}
    assert found == expected


def test_an_adequacy_decision_that_expires_leaves_the_days_after_it_uncovered() -> None:
    from privacy_notices.checks.rules_transfers import adequacy_gap
    from privacy_notices.data.vocab import Adequacy

    day = datetime.date
    old = Adequacy("XX", "Decision A", day(2021, 1, 1), day(2021, 1, 1), "test", expires=day(2025, 6, 28))
    renewed = Adequacy("XX", "Decision B", day(2025, 12, 19), day(2025, 12, 28), "test")
    assert adequacy_gap((old,), day(2024, 1, 1), day(2025, 6, 27)) is None, "replaced before it expired: history"
    assert adequacy_gap((old,), day(2024, 1, 1), day(2026, 1, 1)) == (day(2025, 6, 28), old)
    assert adequacy_gap((old, renewed), day(2024, 1, 1), day(2026, 1, 1)) == (day(2025, 6, 28), renewed), "the gap before the renewal"
    assert adequacy_gap((Adequacy("XX", "A", day(2021, 1, 1), day(2021, 1, 1), "test", expires=day(2025, 12, 28)), renewed), day(2024, 1, 1), day(2027, 1, 1)) is None


def test_every_adequacy_decision_has_its_source_and_dates() -> None:
    from privacy_notices.data import vocab

    for kind in ("countries", "organisations"):
        for place, decisions in vocab.adequacy_decisions(kind).items():
            assert decisions, place
            for d in decisions:
                assert d.source and d.adopted <= d.valid_from and (d.expires is None or d.expires > d.valid_from), (place, d)
    assert vocab.adequacy_decisions()["BR"][0].adopted == datetime.date(2026, 1, 26)
    assert "European Patent Organisation" in (vocab.adequacy_decisions("organisations")["EPO"][0].scope or "")


def test_a_version_not_yet_in_force_is_said_to_take_effect_not_to_be_in_force(tmp_path: Path) -> None:
    shield = {"eea_only": False, "processors.0.country": "US", "transfers": [{"country": "US", "recipients": ["mailer"], "mechanism": "privacy_shield"}]}
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    apply([{"copy": "P", "to": "entities/acme/notices/privacy/2026-09-01.yml", "set": {"changes": "Mailer Ltd moved to the US.", "published": datetime.date(2026, 5, 1), **shield}}], data)
    checked = load_and_check(data, AS_OF, None)
    [finding] = [f for f in checked.findings if f.rule == "PN121"]
    assert finding.status == "upcoming"
    assert finding.message.endswith("and this version will take effect on 2026-09-01"), finding.message
    assert "in force until" not in finding.message


@pytest.mark.parametrize(("country", "effective", "fires"), [("GB", "2026-03-01", False), ("GB", "2026-02-04", True), ("FI", "2026-03-01", True)])
def test_browser_settings_signify_consent_only_in_the_uk_from_5_february_2026(tmp_path: Path, country: str, effective: str, fires: bool) -> None:
    """PECR Sch. A1 para. 2(3), inserted by the Data (Use and Access) Act 2025 s. 112 and Sch. 12, in force 5 February 2026."""
    where = {"address": {"city": "London" if country == "GB" else "Helsinki", "country": country}}
    if country == "GB":
        where["representative"] = {"name": "Acme EU Representative Oy", "address": {"city": "Helsinki", "country": "FI"}}
    found = findings_for([
        {"file": "E", "set": where},
        {"copy": "C", "to": f"entities/acme/notices/cookies/{effective}.yml", "delete": ["consent"], "set": {"changes": "Visitors choose cookies in their browser.", "cookie_choice": {"browser": True}}},
    ], tmp_path)
    assert found == ({("PN180", f"entities/acme/notices/cookies/{effective}.yml", "cookie_choice")} if fires else set())
