"""Notices shaped like real published ones build in every language, with their own order and statements.

Each fixture under tests/fixtures/reference-* follows the headings, statements
and section order of a real notice (fictional company, newly written text).
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, run_build
from htmlscan import normalize, scan

PROCESSOR = ROOT / "tests" / "fixtures" / "reference-processor" / "data"


def build_notice(tmp_path: Path, data: Path, notice: str) -> tuple[str, str]:
    """Build ``data`` in every language and return the notice page's HTML and its visible text."""
    build = run_build(tmp_path, data=data)
    assert build.returncode == 0, build.output
    for language in ("", "fi/", "sv/"):
        assert (build.site / language / notice / "index.html").is_file(), language
    page = build.site / notice / "index.html"
    return page.read_text("utf-8"), normalize(scan(page).text)


def test_the_processor_notice_says_what_the_original_says_in_its_order(tmp_path: Path) -> None:
    html, text = build_notice(tmp_path, PROCESSOR, "tuikku/customer-data")
    ids = re.findall(r'<h2 id="([\w-]+)"', html)
    wanted = ["in-brief", "controller", "services", "activities", "recipients", "transfers", "security", "retention", "rights", "contact"]
    assert ids[: len(wanted)] == wanted, ids
    assert ids.index("section-support") > ids.index("contact"), "the support section ends the notice, as in the original"
    for statement in (
        "Name of the register: the data register of Tuikku’s customers.",
        "Ella Tuikkanen",
        "Oskari Lind",
        "We process personal data only in the European Union and the European Economic Area.",
        "purchase information linked to an identifier",
        "We may use purchase, transaction and location information in the register to profile users",
        "Our dealers and subcontractors handling our orders or providing services to us",
        "Physical access to it is prevented by access control",
        "When the purposes end, we delete or anonymise the data.",
        "Send the request in writing to the controller",
        "Our team helps with questions about the data protection regulation",
    ):
        assert statement in text, statement
    assert "Some personal data are transferred" not in text
    assert "Profiling We may use purchase" in text and "Automated decisions" not in text, "profiling that decides nothing is not an Art. 22 decision"
    assert "European Economic Area. Our subcontractors process the data in data centres in Finland and Sweden." in text
    assert "We act as a processor: we process" not in text and "we help it" not in text, "the notice says it in its own words"


CONTROLLER_COOKIES = ROOT / "tests" / "fixtures" / "reference-controller-cookies" / "data"


def test_a_privacy_statement_and_its_cookie_policy_stay_one_page_in_their_order(tmp_path: Path) -> None:
    html, text = build_notice(tmp_path, CONTROLLER_COOKIES, "routa/privacy")
    ids = re.findall(r'<h2 id="([\w-]+)"', html)
    wanted = ["activities", "processors", "recipients", "controller", "security", "transfers", "retention", "rights", "dpo", "contact", "section-cookie-policy", "cookies", "section-social-media"]
    assert ids[: len(wanted)] == wanted, ids
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    for statement in (
        "We protect the privacy of the people who use our website",
        "no registration is needed",
        "Consent is the legal basis of our cookies, for example.",
        "Handling the feedback our customers give us",
        "no respondent can be identified, and taking part is always voluntary",
        "Kaukomarkkinointi Ltd",
        "Registration with the data protection authority: DP-000111",
        "When mandatory law requires it, at the request of a competent authority",
        "Routa Group Oy",
        "named people take care of privacy and data security",
        "We process personal data only in the European Union and the European Economic Area.",
        "only as long as the purposes in this statement need them",
        "We give data only to people whose identity we can verify reliably.",
        "Aleksi Routa",
        "Only the server that sent a cookie can read it.",
        'only if you consent by choosing "Accept"',
        "Google Universal Analytics",
        "Records visits to the pages of the website",
        "Their own privacy notices tell more.",
    ):
        assert statement in text, statement
    assert "Not stated in this notice" in text, "the original gives no cookie durations; none is invented"


SCENARIO = ROOT / "tests" / "fixtures" / "reference-scenario" / "data"


def test_a_notice_by_situation_keeps_its_ten_numbered_sections(tmp_path: Path) -> None:
    html, text = build_notice(tmp_path, SCENARIO, "kajava/privacy")
    headings = [" ".join(re.sub(r"<[^>]+>|&para;", "", h).split()) for h in re.findall(r'<h2 id="[\w-]+">(.*?)</h2>', html, re.S)]
    assert headings == [
        "1. What data we process and why", "2. Who receives the data", "3. Transfers outside the EU and EEA",
        "4. How we protect the data", "5. How long we keep the data", "6. Your rights", "7. Cookies", "8. Children",
        "9. Changes to this notice", "10. Questions, and how to reach us",
    ], headings
    subsections = re.findall(r'<h3 id="([\w-]+)"', html)
    assert subsections.index("authority") > subsections.index("activity-job-applicants"), "the authority within section 6"
    assert subsections[-2:] == ["controller", "dpo"], "who is responsible, and the DPO, within section 10"
    situations = re.findall(r'<h3 id="activity-([\w-]+)"', html)
    assert situations == ["using-services", "website", "marketing", "job-applicants"]
    text = text.replace("’", "'")
    for statement in (
        "you work for one of our suppliers;",
        "The agreement made with you or your employer.",
        "Another notice tells about this: Privacy notice for job applicants",
        "Buyers of our business or a part of it, and their advisers",
        "Outside the EU and EEA",
        "Payment card details are encrypted in transit and stored encrypted.",
        "Send your request in writing or electronically, signed, to our data protection officer.",
        "Right to data portability",
        "A link to the cookie settings is at the bottom of every page.",
        "We do not knowingly collect data of children",
        "changes take effect when they are published on the website",
        "c/o Kajava Dialer Oyj, Rantatie 21",
    ):
        assert statement in text, statement
    assert "Some personal data are transferred to countries" in text and "United States" not in text, "no country the notice does not name"
    section = html.split('id="rights"', 1)[1].split("<h2", 1)[0]
    assert section.index("You have the following rights") < section.index("<dt>"), "the introduction before the list"
    rights = re.findall(r"<dt>([^<]*)", section)
    assert [r.strip() for r in rights] == [
        "Right to access your personal data", "Right to rectification", "Right to be forgotten",
        "Right to restrict processing or object to it", "Right to data portability",
    ], "the five rights the notice lists, in its order and words, and none it does not"
