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


def test_the_processor_notice_says_what_the_original_says_in_its_order(tmp_path: Path) -> None:
    build = run_build(tmp_path, data=PROCESSOR)
    assert build.returncode == 0, build.output
    for language in ("", "fi/", "sv/"):
        assert (build.site / language / "tuikku/customer-data/index.html").is_file(), language
    page = build.site / "tuikku/customer-data/index.html"
    html = page.read_text("utf-8")
    ids = re.findall(r'<h2 id="([\w-]+)"', html)
    wanted = ["in-brief", "controller", "services", "activities", "recipients", "transfers", "security", "retention", "rights", "contact"]
    assert ids[: len(wanted)] == wanted, ids
    assert ids.index("section-support") > ids.index("contact"), "the support section ends the notice, as in the original"
    text = normalize(scan(page).text)
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
