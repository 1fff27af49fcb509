"""The page says what the data say: no built-in sentence or name the data do not support."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import run_build


def _edit_privacy(minimal_data: Path, change: dict[str, object]) -> None:
    path = minimal_data / "entities/acme/notices/privacy/2024-01-01.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data.update(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")


def test_a_transfer_without_named_recipients_names_nobody(minimal_data: Path, tmp_path: Path) -> None:
    _edit_privacy(minimal_data, {"transfers": [{"country": "US", "mechanism": "scc", "safeguards_copy": "Ask us for a copy."}]})
    build = run_build(tmp_path, data=minimal_data)
    assert build.returncode == 0, build.output
    page = (build.site / "acme/privacy/index.html").read_text("utf-8")
    row = re.search(r'<th scope="row"[^>]*>United States</th>\s*<td[^>]*>(.*?)</td>', page, re.S)
    assert row, "the transfer is listed"
    assert row.group(1).strip() == "Not named in this notice"
    assert "Acme Oy" not in row.group(1), "the controller is not its own recipient"


def test_a_retention_period_and_its_rule_are_two_statements(minimal_data: Path, tmp_path: Path) -> None:
    path = minimal_data / "entities/acme/notices/privacy/2024-01-01.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["activities"][0]["retention"] = {"period": "P10Y", "starts": "the end of the contract", "rule": "We then destroy the records."}
    data["activities"].append({**copy.deepcopy(data["activities"][0]), "id": "second", "title": "Second"})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    build = run_build(tmp_path, data=minimal_data)
    assert build.returncode == 0, build.output
    page = (build.site / "acme/privacy/index.html").read_text("utf-8")
    assert "10 years from the end of the contract<br>\nWe then destroy the records." in page
    assert "contract We then" not in page


SAID = Path(__file__).parent / "fixtures" / "said-truthfully" / "data"


@pytest.fixture(scope="module")
def said_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The said-truthfully fixture, built once for the tests that only read it."""
    build = run_build(tmp_path_factory.mktemp("said"), data=SAID)
    assert build.returncode == 0, build.output
    return build.site


def test_statements_and_own_rights_are_shown_as_the_data_say(said_site: Path) -> None:
    from htmlscan import normalize, scan
    from privacy_notices.data import vocab

    page_file = said_site / "kajo/privacy/index.html"
    text = normalize(scan(page_file).text)
    statements = vocab.vocabulary("statements")
    for key in ("no_automated_decisions", "no_sale", "no_children"):
        assert statements[key]["text"] in text, key
    assert statements["no_special_categories"]["text"] not in text, "a statement the data do not make is not shown"
    assert "We process personal data only in the European Union" in text
    assert "Some personal data are transferred" not in text, "no transfer sentence when the data say there are none"
    rights = vocab.vocabulary("rights")
    assert "we give you your account data in a machine-readable file on request" in text, "an added right, in the notice's words"
    assert "we answer within two weeks" in text and rights["access"]["text"] not in text, "a reworded right replaces the built-in text"
    assert rights["objection"]["text"] not in text, "a withdrawn right is not offered"
    assert "Does not apply: We process these data only to serve the customer you work for" in text
    assert rights["automated_decisions"]["title"] not in text, "no right the rules do not give"
    assert "IT service providers (Processor)" in text
    assert "You may also complain to the relevant supervisory authority." in text
    assert "Tietosuojavaltuutetun toimisto" not in text and "Supervisory authority" not in text, "no authority the notice does not name"
    html = page_file.read_text("utf-8")
    brief = html.split('class="pn-section pn-in-brief">', 1)[1].split("</div>", 1)[0]
    assert brief.index("This notice in four points:") < brief.index("<ol>") and "<ul>" not in brief, "its lead-in, then its key points numbered as it numbers them"
    statements = html.split('id="statements"', 1)[1].split("<h2", 1)[0]
    assert statements.index("Three things we never do:") < statements.index("<ul>")
    assert "Do you have to provide the data?" in text and text.count("Without a contact person we cannot serve the customer you work for.") == 1, "once, for the notice"
    finnish = normalize(scan(said_site / "fi/kajo/privacy/index.html").text)
    assert "Emme myy henkilötietoja" in finnish and "Mitä emme tee" in finnish


def test_a_notice_that_lists_its_own_rights_shows_exactly_them_and_says_what_it_lacks() -> None:
    """With rights_as_written the generator adds no right; rights_coverage tells the rules what the law gives that the list lacks."""
    from privacy_notices.data.model import ControllerNotice
    from privacy_notices.data.rights import rights_coverage, rights_shown

    activity = {"id": "a", "title": "A", "data_subjects": ["x"], "purposes": ["y"], "data_categories": ["z"], "retention": {"period": "P1Y"}}
    notice = ControllerNotice(
        kind="controller", title="Notice", rights_as_written=True,
        activities=[{**activity, "legal_bases": [{"basis": "consent"}, {"basis": "legitimate_interests", "legitimate_interest": "Selling."}]}],
        rights=[
            {"right": "erasure", "title": "Right to be forgotten"},
            {"right": "access"},
            {"title": "Right to a human answer", "text": "A person answers every message."},
            {"right": "portability", "withdrawn": "We keep no data you gave us in a form that can be moved."},
        ],
    )
    shown = rights_shown(notice)
    assert [(r.key, r.title) for r in shown] == [("erasure", "Right to be forgotten"), ("access", None), (None, "Right to a human answer"), ("portability", None)]
    coverage = rights_coverage(notice)
    assert coverage.listed == ("erasure", "access") and coverage.withdrawn == ("portability",)
    assert coverage.missing == ("rectification", "restriction", "objection", "withdraw_consent", "complaint")
    derived = ControllerNotice(**{**notice.model_dump(exclude_defaults=True), "rights_as_written": False, "rights": [{"title": "Right to a human answer", "text": "A person answers."}]})
    assert rights_coverage(derived).missing == () and [r.key for r in rights_shown(derived)][-1] is None, "otherwise the law's list, and the notice's own after it"


def test_a_statement_that_contradicts_the_data_is_refused(tmp_path: Path) -> None:

    from conftest import run_cli

    shutil.copytree(SAID, tmp_path / "data")
    path = tmp_path / "data/entities/kajo/notices/privacy/2025-05-01.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["activities"][0]["automated_decisions"] = [{"description": "A score.", "significance": "Decides the offer."}]
    data["rights"][1]["right"] = "erasure"  # always listed: withdrawing it is allowed; withdrawing one never listed is not
    data["rights"].append({"right": "withdraw_consent", "withdrawn": "No consent is asked."})
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    rc, out, err = run_cli("validate", cwd=tmp_path)
    assert rc == 1
    assert "statements[0]: 'no_automated_decisions' says this does not happen, yet activity 'customers' lists automated_decisions" in out
    assert "rights[4].withdrawn: the right 'withdraw_consent' is not listed for this notice anyway" in out
    del data["activities"][0]["automated_decisions"]
    data["activities"][0]["profiling"] = "We score how often you buy, to choose what we tell you about."
    data["unnamed_providers"] = "Embedded maps set cookies."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    rc, out, err = run_cli("validate", cwd=tmp_path)
    assert rc == 1
    assert "'no_automated_decisions' says this does not happen, yet activity 'customers' lists profiling" in out, "profiling contradicts it too"
    assert "unnamed_providers: 'unnamed_providers' is shown with the notice's cookies, but it lists none" in out
    data["eea_only"] = False
    data["eea_only_details"] = "In Finland."
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    rc, out, err = run_cli("validate", cwd=tmp_path)
    assert rc == 1 and "eea_only_details: 'eea_only_details' says more about processing in the EU/EEA; it goes with 'eea_only: true'" in out, out


def test_the_changes_page_names_a_statement_added(tmp_path: Path) -> None:

    shutil.copytree(SAID, tmp_path / "data")
    folder = tmp_path / "data/entities/kajo/notices/privacy"
    data = yaml.safe_load((folder / "2025-05-01.yml").read_text("utf-8"))
    data["statements"].append("no_special_categories")
    data["changes"] = "We now state that we process no special categories of data."
    (folder / "2026-01-01.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    build = run_build(tmp_path, data=tmp_path / "data")
    assert build.returncode == 0, build.output
    changes = (build.site / "kajo/privacy/2026-01-01/changes/index.html").read_text("utf-8")
    assert "Statement added: No special categories of data" in changes


def test_a_version_that_relied_on_privacy_shield_is_recorded_as_it_was(minimal_data: Path, tmp_path: Path) -> None:
    from privacy_notices.data import vocab

    _edit_privacy(minimal_data, {"transfers": [{"country": "US", "mechanism": "privacy_shield"}, {"country": "IN", "mechanism": "scc_2010"}]})
    assert run_build(tmp_path / "publish", data=minimal_data).returncode != 0, "in force after both ended: the compliance rules stop publishing"
    build = run_build(tmp_path, data=minimal_data, extra_env={"NOTICES_MODE": "draft"})
    assert build.returncode == 0, build.output
    drafting = (build.site / "_drafting/index.html").read_text("utf-8")
    assert "PN121" in drafting and "PN122" in drafting
    page = (build.site / "acme/privacy/index.html").read_text("utf-8")
    assert "EU-US Privacy Shield" in page and "Standard contractual clauses of 2010" in page
    assert "Adequacy decision" not in page, "no adequacy decision the notice never claimed"
    mechanisms = vocab.vocabulary("transfer_mechanisms")
    assert str(mechanisms["privacy_shield"]["ceased"]) == "2020-07-16" and "C-311/18" in mechanisms["privacy_shield"]["source"]
    assert str(mechanisms["scc_2010"]["no_new_after"]) == "2021-09-27"


def test_an_authority_lists_every_address_and_number_it_has(said_site: Path) -> None:
    from htmlscan import normalize, scan

    text = normalize(scan(said_site / "kajo/index.html").text)
    assert "PL 800 00531 Helsinki" in text.replace("<br>", " ")
    assert "Visiting address: Lintulahdenkuja 4, 00530 Helsinki" in text
    assert "Switchboard: +358 29 566 6700" in text and "Telephone advice for individuals: +358 29 566 6777" in text
    finnish = normalize(scan(said_site / "fi/kajo/index.html").text)
    assert "Käyntiosoite: Lintulahdenkuja 4, 00530 Helsinki" in finnish


def test_transfers_to_several_countries_or_an_unnamed_place_say_only_that(said_site: Path, tmp_path: Path) -> None:
    from htmlscan import normalize, scan

    text = normalize(scan(said_site / "kajo/support/index.html").text)
    assert "United States and Canada" in text
    assert "Videos embedded in the support articles may set cookies of their own providers." in text
    assert "Outside the EU and EEA (occasionally)" in text
    assert "Supplementary measures: The tickets are encrypted, and the keys stay in Finland." in text
    assert "A transfer impact assessment has been made." in text
    assert text.count("A transfer impact assessment has been made.") == 1, "only where the data say one was made"
    assert "Some personal data are transferred" in text, "one transfer is regular"
    one_occasional = tmp_path / "occasional"

    shutil.copytree(SAID, one_occasional / "data")
    path = one_occasional / "data/entities/kajo/notices/support/2025-05-01.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    data["transfers"] = data["transfers"][1:]
    data["processors"][0]["country"] = "DE"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    build = run_build(one_occasional, data=one_occasional / "data")
    assert build.returncode == 0, build.output
    text = normalize(scan(build.site / "kajo/support/index.html").text)
    assert "Some personal data are transferred" not in text, "no routine transfers when the data say occasionally"
    assert "only occasionally" in text


def test_a_transfer_names_one_destination(minimal_data: Path, tmp_path: Path) -> None:
    from conftest import run_cli

    _edit_privacy(minimal_data, {"transfers": [{"country": "US", "region": "outside_eea", "mechanism": "scc"}, {"countries": ["US", "SE"], "mechanism": "scc"}]})
    rc, out, err = run_cli("validate", cwd=minimal_data.parent)
    assert rc == 1
    assert "transfers[0]: a transfer says where the data go with exactly one of 'country', 'countries' or 'region: outside_eea'; found country, region" in out
    assert "transfers[1].countries[1]: 'SE' is in the EU/EEA" in out


def test_cookies_described_by_provider_and_purpose_keep_their_table(said_site: Path) -> None:
    from htmlscan import normalize, scan

    page = said_site / "kajo/support/index.html"
    html = page.read_text("utf-8")
    text = normalize(scan(page).text)
    rows = re.findall(r"<tr[^>]*>\s*<th scope=\"row\"[^>]*>(.*?)</th>(.*?)</tr>", html, re.S)
    cookie_rows = [(normalize(re.sub(r"<[^>]+>", "", head)), normalize(re.sub(r"<[^>]+>", " ", rest))) for head, rest in rows if "party)" in rest]
    by_provider = {rest.split(" (")[0]: (head, rest) for head, rest in cookie_rows}
    assert by_provider["Google Analytics"][0] == "Not named in this notice"
    assert "As set by the provider" in by_provider["Google Analytics"][1]
    assert by_provider["Kajo Systems"][0] == "kajo_session, kajo_csrf"
    assert "Until the browser is closed" in by_provider["Kajo Systems"][1]
    assert "Not stated in this notice" in by_provider["LinkedIn"][1], "a duration the notice does not give is not invented"
    assert "You can change or withdraw your choice at any time in the cookie settings: https://kajo.example/cookie-settings" in text
    assert "A link to the cookie settings is at the bottom of every page." in text
    assert "You can also block or delete cookies in your browser's settings." in text
    assert "cookie settings" not in normalize(scan(said_site / "kajo/privacy/index.html").text), "no choice sentence where the data give none"


def test_cookie_choices_need_cookies_and_one_name_form(minimal_data: Path) -> None:
    from conftest import run_cli

    _edit_privacy(minimal_data, {"cookie_choice": {"browser": True}})
    cookies = minimal_data / "entities/acme/notices/cookies/2024-01-01.yml"
    data = yaml.safe_load(cookies.read_text("utf-8"))
    data["cookies"][0]["names"] = ["a", "b"]
    cookies.write_text(yaml.safe_dump(data), "utf-8")
    rc, out, err = run_cli("validate", cwd=minimal_data.parent)
    assert rc == 1
    assert "cookies[0]: give either 'name' (one cookie) or 'names' (a group), not both" in out
    assert "cookie_choice: 'cookie_choice' says how to change cookie choices, but the notice lists no cookies" in out


def test_the_key_points_come_first(said_site: Path) -> None:
    from htmlscan import normalize, scan

    html = (said_site / "kajo/privacy/index.html").read_text("utf-8")
    headings = re.findall(r'<h2 id="([\w-]+)"', html)
    assert headings[0] == "in-brief", headings
    text = normalize(scan(said_site / "kajo/privacy/index.html").text)
    assert "In brief" in text and "The data stay in the EU/EEA, and we never sell them." in text
    assert 'href="#rights"' in html
    assert "In brief" not in normalize(scan(said_site / "kajo/support/index.html").text), "no summary where the data give none"


def test_notices_elsewhere_are_linked_with_their_title(said_site: Path) -> None:
    hosting = (said_site / "kajo/hosting/index.html").read_text("utf-8")
    assert '<a href="https://group.kajo.example/privacy">Privacy notice of the Kajo group</a>' in hosting
    privacy = (said_site / "kajo/privacy/index.html").read_text("utf-8")
    assert '<li><a href="https://group.kajo.example/privacy">Privacy notice of the Kajo group</a></li>' in privacy


def test_a_notice_elsewhere_needs_https(minimal_data: Path) -> None:
    from conftest import run_cli

    _edit_privacy(minimal_data, {"related_external": [{"title": "Group notice", "url": "http://group.example/privacy"}]})
    rc, out, err = run_cli("validate", cwd=minimal_data.parent)
    assert rc == 1
    assert "related_external[0].url: a notice elsewhere is linked with https://, found 'http://group.example/privacy'" in out


def test_one_retention_for_the_whole_notice_applies_to_every_activity_and_is_shown_once(said_site: Path, minimal_data: Path) -> None:
    from htmlscan import normalize, scan
    from conftest import run_cli

    text = normalize(scan(said_site / "kajo/support/index.html").text)
    stated = "2 years from the day the request is closed After that, we keep only counts that no longer identify anyone."
    assert text.count(stated) == 1, "once, where the notice states it: not again in each activity"
    path = minimal_data / "entities/acme/notices/privacy/2024-01-01.yml"
    data = yaml.safe_load(path.read_text("utf-8"))
    del data["activities"][0]["retention"]
    path.write_text(yaml.safe_dump(data), "utf-8")
    rc, out, err = run_cli("validate", cwd=minimal_data.parent)
    assert rc == 1
    assert "activities[0]: required field 'retention' is missing; give it here, or once as 'retention' for the whole notice" in out


def test_a_link_to_another_notice_leads_to_it_in_the_same_language(said_site: Path, minimal_data: Path) -> None:
    from conftest import run_cli

    assert '<a href="../support/">a notice of its own</a>' in (said_site / "kajo/privacy/index.html").read_text("utf-8")
    assert 'href="../../support/"' in (said_site / "kajo/privacy/2025-05-01/index.html").read_text("utf-8")
    finnish = (said_site / "fi/kajo/privacy/index.html").read_text("utf-8")
    assert 'href="../support/"' in finnish and "notice:" not in finnish
    _edit_privacy(minimal_data, {"intro": "See [the terms](notice:acme/termz)."})
    rc, out, err = run_cli("validate", cwd=minimal_data.parent)
    assert rc == 1
    assert "intro: unknown notice 'acme/termz'" in out


def test_a_notice_keeps_its_own_order_and_numbering_with_stable_anchors(said_site: Path, minimal_data: Path) -> None:
    from conftest import run_cli

    html = (said_site / "kajo/privacy/index.html").read_text("utf-8")
    ids = re.findall(r'<h2 id="([\w-]+)"', html)
    assert ids[:3] == ["in-brief", "rights", "activities"], ids
    headings = [normalize_heading(h) for h in re.findall(r"<h2 id=\"[\w-]+\">(.*?)</h2>", html, re.S)]
    assert headings[:3] == ["1. In brief", "2. Your rights", "3. What data we process and why"], headings
    assert not any(re.match(r"\d+\. ", h) for h in headings[3:]), "the sections the layout does not name follow, unnumbered"
    assert "authority" not in ids, "left out: the notice speaks of the relevant authority with the rights"
    assert 'href="#rights"' in html, "links to a section still work"
    plain = (said_site / "kajo/support/index.html").read_text("utf-8")
    assert "1. " not in " ".join(re.findall(r"<h2[^>]*>(.*?)</h2>", plain, re.S)), "no numbers where the data ask for none"
    _edit_privacy(minimal_data, {"layout": {"order": ["rigths"]}})
    rc, out, err = run_cli("validate", cwd=minimal_data.parent)
    assert rc == 1
    assert "layout.order[0]: unknown section 'rigths' (did you mean 'rights'?)" in out
    _edit_privacy(minimal_data, {"contact_note": "Write to us.", "layout": {"leave_out": ["rights", "contact"], "merge": {"dpo": "authority", "controller": "dpo", "authority": "contcat"}}})
    rc, out, err = run_cli("validate", cwd=minimal_data.parent)
    assert rc == 1
    assert "layout.leave_out[0]: 'rights' cannot be left out; only the sections the generator makes can" in out
    assert "layout.leave_out[1]: 'contact' shows this notice's 'contact_note', which would then not be shown" in out
    assert "layout.merge.controller: 'controller' is merged into 'dpo', which is itself merged or left out" in out
    assert "layout.merge.authority: unknown section 'contcat' (did you mean 'contact'?)" in out


def normalize_heading(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).replace("&para;", "").replace("¶", "").split())


def test_did_you_mean_stays_with_the_same_company(tmp_path: Path) -> None:

    from conftest import ROOT, run_cli

    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data/entities/pilvio/notices/customer-data/2025-03-01.yml"
    text = path.read_text("utf-8")
    data = yaml.safe_load(text)
    data["related"] = ["privcy"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    rc, out, err = run_cli("validate", "--as-of", "2026-06-01", cwd=tmp_path)
    line = next(line for line in out.splitlines() if "unknown notice 'pilvio/privcy'" in line)
    assert "(did you mean 'pilvio/privacy'?)" in line
    data["related"] = ["cookeis"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    rc, out, err = run_cli("validate", "--as-of", "2026-06-01", cwd=tmp_path)
    line = next(line for line in out.splitlines() if "unknown notice 'pilvio/cookeis'" in line)
    assert "did you mean 'lumo-advisory/cookies'" not in line, "never another company's notice"


def test_every_mistake_of_a_file_comes_in_one_run(minimal_data: Path) -> None:
    """A link error no longer hides a conflict between eea_only and a processor outside the EEA."""
    from conftest import run_cli

    _edit_privacy(minimal_data, {
        "intro": "See [the terms](ftp://acme.example/terms).",
        "eea_only": True,
        "processors": [{"id": "mailer", "name": "Mailer Inc.", "service": "email", "country": "US"}],
    })
    rc, out, err = run_cli("validate", cwd=minimal_data.parent)
    assert rc == 1
    assert "intro: links must start with" in out
    assert "processors[0].country: processor 'mailer' is in 'US', outside the EU/EEA, but 'eea_only' is true" in out


def test_a_situation_told_in_another_notice_only_points_to_it(said_site: Path) -> None:
    from htmlscan import normalize, scan

    page = said_site / "kajo/privacy/index.html"
    html = page.read_text("utf-8")
    assert '<h3 id="activity-job-applicants">' in html and '<h3 id="activity-support-requests">' in html
    assert '<a href="https://group.kajo.example/jobs/privacy">Privacy notice for job applicants of the Kajo group</a>' in html
    assert '<a href="../support/">Privacy notice for support requests</a>' in html
    section = html.split('id="activity-job-applicants"')[1].split("<h3")[0].split("<h2")[0]
    text = normalize(re.sub(r"<[^>]+>", " ", section))
    assert "Legal basis" not in text and "How long we keep" not in text, "no legal basis or retention the notice does not give"
    assert "We take applications only through the group's recruiting site." in normalize(scan(page).text).replace("’", "'")


def test_the_changes_page_names_changes_to_the_new_fields(tmp_path: Path) -> None:

    shutil.copytree(SAID, tmp_path / "data")
    folder = tmp_path / "data/entities/kajo/notices/privacy"
    data = yaml.safe_load((folder / "2025-05-01.yml").read_text("utf-8"))
    data["summary"] = data["summary"][:1]
    data["told_elsewhere"] = data["told_elsewhere"][:1]
    data["related_external"] = []
    data["layout"] = {"numbered": False}
    data["changes"] = "We shortened the notice."
    (folder / "2026-01-01.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    build = run_build(tmp_path, data=tmp_path / "data")
    assert build.returncode == 0, build.output
    from htmlscan import normalize, scan

    text = normalize(scan(build.site / "kajo/privacy/2026-01-01/changes/index.html").text).replace("’", "'")
    assert "Situation removed: Applying for a job" in text
    assert "Link to a notice elsewhere removed: Privacy notice of the Kajo group" in text
    assert "Key points changed:" in text and "The data stay in the EU/EEA, and we never sell them." in text
    assert "The order, numbering or grouping of the sections or lists changed." in text
    assert "How to change cookie choices changed" not in text, "nothing said about what did not change"


def test_an_activity_shows_the_transfers_of_its_recipients_only(said_site: Path) -> None:
    html = (said_site / "kajo/support/index.html").read_text("utf-8")
    support = html.split('id="activity-support"')[1].split("<h3")[0].split("<h2")[0]
    feedback = html.split('id="activity-feedback"')[1].split("<h3")[0].split("<h2")[0]
    flat = " ".join(re.sub(r"<[^>]+>", " ", support).split())
    assert "Transfers outside the EU and EEA United States and Canada (EU-US Data Privacy Framework); Outside the EU and EEA (Standard contractual clauses)" in flat
    assert "Transfers outside the EU and EEA" not in re.sub(r"<[^>]+>", " ", feedback), "an activity whose data go nowhere lists no transfer"


def test_an_authority_named_in_the_data_is_shown_as_written(minimal_data: Path, tmp_path: Path) -> None:
    """A name from the data never goes through gettext, where a "%" would be read as a placeholder."""
    entity = minimal_data / "entities/acme/entity.yml"
    data = yaml.safe_load(entity.read_text("utf-8"))
    data["supervisory_authority"] = {"name": "Ombudsman 100 % (%(site)s)", "address": ["PL 1, 00100 Helsinki"]}
    entity.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    build = run_build(tmp_path, data=minimal_data)
    assert build.returncode == 0, build.output
    assert "<strong>Ombudsman 100 % (%(site)s)</strong><br>" in (build.site / "acme/index.html").read_text("utf-8")


def test_a_processor_placed_only_in_the_eu_shows_no_country_and_no_empty_column(said_site: Path) -> None:
    """A notice that says only "in the EU" names no country; a table with nothing for its details has no such column."""
    html = (said_site / "kajo/support/index.html").read_text("utf-8")
    table = html.split("<table", 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    cells = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows]
    assert cells[0] == ["Company", "Service", "Country"], cells[0]
    assert ["Postikyyhky Oy", "sending our answers by email", "EU/EEA"] in cells, cells


def test_a_processor_names_one_place(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAID, data)
    path = data / "entities/kajo/notices/support/2025-05-01.yml"
    path.write_text(path.read_text("utf-8").replace("    region: eea\n", "    region: eea\n    country: FI\n"), "utf-8")
    build = run_build(tmp_path, data=data)
    assert build.returncode != 0 and "exactly one of 'country' (e.g. FI) or 'region: eea'" in build.output, build.output
    assert "Traceback" not in build.output


def test_the_day_a_notice_was_drawn_up_is_shown_and_never_after_its_version(said_site: Path, tmp_path: Path) -> None:
    from htmlscan import normalize, scan

    assert "Drawn up on March 14, 2019." in normalize(scan(said_site / "kajo/support/index.html").text)
    data = tmp_path / "data"
    shutil.copytree(SAID, data)
    path = data / "entities/kajo/notices/support/2025-05-01.yml"
    path.write_text(path.read_text("utf-8").replace("drawn_up: 2019-03-14", "drawn_up: 2025-06-01"), "utf-8")
    build = run_build(tmp_path, data=data)
    assert build.returncode != 0 and "2025-05-01.yml:4:" in build.output and "drawn up on 2025-06-01, after this version takes effect" in build.output, build.output


def test_a_notice_without_a_changes_section_leaves_it_out_unless_it_has_words_there(minimal_data: Path, tmp_path: Path) -> None:
    from conftest import run_cli

    _edit_privacy(minimal_data, {"layout": {"leave_out": ["changes"]}})
    build = run_build(tmp_path, data=minimal_data)
    assert build.returncode == 0, build.output
    html = (build.site / "acme/privacy/index.html").read_text("utf-8")
    assert 'id="changes"' not in html and "only version published here" not in html
    assert 'href="history/"' in html, "every version stays a click away, in the page's header"
    _edit_privacy(minimal_data, {"changes_policy": "We email our customers a month ahead.", "layout": {"leave_out": ["changes"]}})
    rc, out, err = run_cli("validate", cwd=minimal_data.parent)
    assert rc == 1 and "layout.leave_out[0]: 'changes' shows this notice's 'changes_policy', which would then not be shown" in out, out
