"""`notices ropa`: the record of processing activities says what the pages say, opens as a spreadsheet, and makes no formula."""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from openpyxl import load_workbook

from conftest import ROOT, run_cli
from privacy_notices.data.loader import load_project
from privacy_notices.site.ropa import Record, Row
from privacy_notices.site import ropa_files

AS_OF = "2026-06-01"


def _page_text(path: Path) -> str:
    """A page's words, as a reader sees them: tags dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", path.read_text("utf-8"))))


def _sheet_rows(path: Path, title: str) -> list[dict[str, str]]:
    sheet = load_workbook(path)[title]
    rows = [[cell.value or "" for cell in row] for row in sheet.iter_rows()]
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def _ropa(tmp_path: Path, *args: str, name: str = "record.xlsx") -> tuple[int, str, str, Path]:
    out = tmp_path / name
    rc, stdout, stderr = run_cli("ropa", *args, "--as-of", AS_OF, "--output", str(out), cwd=ROOT)
    return rc, stdout, stderr, out


def test_a_finnish_entitys_record_reads_as_its_finnish_page(tmp_path: Path, site: Path) -> None:
    rc, stdout, stderr, out = _ropa(tmp_path, "kuura")
    assert rc == 0, stderr
    assert "in fi as of 2026-06-01" in stdout, "an entity's record is in its own language by default"
    rows = _sheet_rows(out, "Rekisterinpitäjä, 30(1) art.")
    project, _ = load_project(ROOT / "data")
    assert project is not None
    version = project.entities["kuura"].notices["privacy"].versions[-1]
    assert version.effective <= datetime.date.fromisoformat(AS_OF)
    activities = getattr(version.data, "activities")
    assert [row["Käsittelytoimi"] for row in rows] == [a.title for a in activities], "one row per activity, in order"
    page = _page_text(site / "fi" / "kuura" / "privacy" / "index.html")
    for row, activity in zip(rows, activities):
        assert row["Käyttötarkoitukset"].split("\n") == list(activity.purposes)
        assert row["Rekisteröityjen ryhmät"].split("\n") == list(activity.data_subjects)
        assert row["Henkilötietoryhmät"].split("\n") == list(activity.data_categories)
        assert row["Rekisterinpitäjä"].startswith("Kuura Kuljetus Oy\nYritystunnus: 2718281-8")
        assert row["Tietosuojaseloste ja sen versio"] == "Tietosuojaseloste, 1. maaliskuuta 2026 alkaen voimassa oleva versio"
        for column in ("Poistamisen määräajat", "Oikeusperuste (30 artikla ei sitä edellytä)", "Tekniset ja organisatoriset turvatoimet"):
            for line in row[column].split("\n"):
                assert line in page, f"{column}: {line!r} is not what the page says"
    assert "Oikeutettu etu (tietosuoja-asetuksen 6 artiklan 1 kohdan f alakohta)" in rows[0]["Oikeusperuste (30 artikla ei sitä edellytä)"]
    assert rows[0]["Poistamisen määräajat"] == "3 kuukautta lähetyksen toimittamisesta lukien"
    assert rows[0]["Vastaanottajien ryhmät"].startswith("Tekstiviestipalvelu Pohjola Oy (Käsittelijä: ")
    assert rows[0]["Siirrot kolmansiin maihin ja niiden suojatoimet"] == "Ei siirtoja: tiedot pysyvät EU:ssa ja ETA:ssa"
    assert "Käsittelijä, 30(2) art." not in load_workbook(out).sheetnames, "no processor sheet without a processor notice"


def test_the_spreadsheet_is_kept_as_a_reader_needs_it(tmp_path: Path) -> None:
    rc, _, stderr, out = _ropa(tmp_path, "lumo-advisory")
    assert rc == 0, stderr
    sheet = load_workbook(out)["Controller, Art. 30(1)"]
    assert sheet.freeze_panes == "A2"
    assert all(cell.font.b for cell in sheet[1])
    assert all(cell.alignment.wrap_text for row in sheet.iter_rows() for cell in row)
    assert sheet.column_dimensions["I"].width == 45
    assert load_workbook(out).properties.created == datetime.datetime(2026, 6, 1)
    again = tmp_path / "again.xlsx"
    assert run_cli("ropa", "lumo-advisory", "--as-of", AS_OF, "--output", str(again), cwd=ROOT)[0] == 0
    assert again.read_bytes() == out.read_bytes(), "the same data give the same bytes"


def test_a_processor_notice_gives_the_record_of_art_30_2(tmp_path: Path) -> None:
    rc, _, stderr, out = _ropa(tmp_path, "pilvio", "--incomplete")
    assert rc == 0, stderr
    assert load_workbook(out).sheetnames == ["Controller, Art. 30(1)", "Processor, Art. 30(2)"]
    rows = _sheet_rows(out, "Processor, Art. 30(2)")
    assert [row["Processing activity"] for row in rows] == ["Bookings and reminders", "Staff user accounts"]
    assert "Legal basis (not required by Art. 30)" not in rows[0], "a processor records no legal basis of its own"
    assert rows[0]["Processor"].startswith("Pilvio Software Ltd\n")
    assert rows[0]["Controllers on whose behalf the processor acts"].startswith("Kept outside this record")
    assert rows[0]["Categories of recipients"] == "Nordhost GmbH (Processor: Data centre and backups, Germany)\nTextwave AB (Processor: Sending text messages, Sweden)"
    assert "United States: Helpdock Inc.\nEU-US Data Privacy Framework (Art. 45 GDPR)" in rows[1]["Transfers to third countries and their safeguards"]
    assert rows[1]["Time limits for erasure"] == "12 months from the deletion of the user account"
    assert rows[0]["Technical and organisational security measures"].startswith("• Data are stored in data centres in the EU")
    controller = _sheet_rows(out, "Controller, Art. 30(1)")
    assert {row["Technical and organisational security measures"] for row in controller} == {"Not recorded in the data"}


def test_an_activity_whose_facts_are_incomplete_is_reported_where_it_is_written(tmp_path: Path) -> None:
    rc, _, stderr, out = _ropa(tmp_path, "pilvio")
    assert rc == 1
    assert not out.exists(), "nothing is written"
    lines = [line for line in stderr.splitlines() if line.startswith("data/")]
    assert lines == [
        "data/entities/pilvio/notices/privacy/2025-03-01.yml:9:5: activities[0]: the record of processing (Art. 30(1)(g) GDPR) needs a description of the "
        "security measures for 'Customers' contact persons'; the notice has no 'security' (how the data are protected)",
        "data/entities/pilvio/notices/privacy/2025-03-01.yml:24:5: activities[1]: the record of processing (Art. 30(1)(g) GDPR) needs a description of the "
        "security measures for 'Trial sign-ups'; the notice has no 'security' (how the data are protected)",
    ]
    assert "--incomplete" in stderr
    rc, _, stderr, out = _ropa(tmp_path, "pilvio", "--incomplete")
    assert rc == 0 and out.exists()
    assert ":9:5: warning: activities[0]: " in stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["kuura", "--as-of", "2020-01-01"], "no version of kuura/privacy (its first version takes effect on 2025-05-01) is in force on 2020-01-01"),
        (["nobody"], "no entity 'nobody'; the entities are: arctic-code, kuura, lumo-advisory, pilvio, skargard"),
        (["skargard", "--language", "fi"], "skargard does not publish in 'fi'; it publishes in: en, sv"),
        (["--language", "de"], "the site is not published in 'de'; its languages are: en, fi, sv"),
    ],
)
def test_what_cannot_be_recorded_is_said_in_one_line(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "record.csv"
    day = [] if "--as-of" in args else ["--as-of", AS_OF]
    rc, _, stderr = run_cli("ropa", *day, "--output", str(out), *args, cwd=ROOT)
    assert rc == 2
    assert message in stderr
    assert not out.exists()


def test_the_csv_holds_both_records_for_excel_and_any_reader(tmp_path: Path) -> None:
    rc, _, stderr, out = _ropa(tmp_path, "--language", "en", "--incomplete", name="record.csv")
    assert rc == 0, stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "a byte order mark, for Excel"
    assert b"\r\n" in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    kinds = {row["Record"] for row in rows}
    assert kinds == {"Art. 30(1) GDPR", "Art. 30(2) GDPR"}
    assert len([r for r in rows if r["Record"] == "Art. 30(2) GDPR"]) == 2
    assert "Skärgårdens Båtservice Ab" in {row["Controller / Processor"].split("\n")[0] for row in rows}


def test_a_formula_in_the_data_stays_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    version = data / "entities/kuura/notices/privacy/2026-03-01.yml"
    version.write_text(version.read_text("utf-8").replace("title: Lähetysten toimittaminen", "title: '=HYPERLINK(\"https://evil.example\")'"), "utf-8")
    out = tmp_path / "record.xlsx"
    rc, _, stderr = run_cli("ropa", "kuura", "--data", str(data), "--as-of", AS_OF, "--output", str(out), cwd=ROOT)
    assert rc == 0, stderr
    sheet = load_workbook(out)["Rekisterinpitäjä, 30(1) art."]
    cell = sheet.cell(row=2, column=[c.value for c in sheet[1]].index("Käsittelytoimi") + 1)
    assert (cell.value, cell.data_type) == ('=HYPERLINK("https://evil.example")', "s")


TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
HOSTILE = st.one_of(TEXT, st.builds(lambda lead, rest: lead + rest, st.sampled_from(["=", "+", "-", "@", "\t", "\r", " =", "=cmd|' /C calc'!A0"]), TEXT))


@settings(max_examples=60, derandomize=True, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["controller", "processor"]), st.lists(HOSTILE, min_size=17, max_size=17)), min_size=1, max_size=4))
def test_no_cell_written_is_a_formula(rows: list[tuple[str, list[str]]]) -> None:
    headings = _Headings().headings
    columns = [key for key, _ in Record("en", datetime.date(2026, 1, 1), headings).columns()]
    record = Record("en", datetime.date(2026, 1, 1), headings, [Row(kind, dict(zip(columns, cells))) for kind, cells in rows])  # type: ignore[arg-type]
    book = load_workbook(io.BytesIO(ropa_files.xlsx_bytes(record)))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", cell.value
    table = list(csv.reader(io.StringIO(ropa_files.csv_bytes(record).decode("utf-8-sig"), newline="")))
    for written, (_, cells) in zip(table[1:], rows):
        for value, original in zip(written, cells):
            assert not value.startswith(ropa_files.FORMULA_STARTS)
            assert value == (f"'{original}" if original.startswith(ropa_files.FORMULA_STARTS) else original)


class _Headings:
    """Headings for a record made by hand: each column's key."""

    def __init__(self) -> None:
        from privacy_notices.site.ropa import COLUMNS

        keys = ["record", *(key for key, _, _ in COLUMNS), "organisation_controller", "organisation_processor", "sheet_controller", "sheet_processor", "title"]
        self.headings = {key: key for key in keys}


def test_the_spreadsheet_names_the_extra_it_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    record = Record("en", datetime.date(2026, 1, 1), _Headings().headings)
    with pytest.raises(ropa_files.MissingLibrary, match=r"privacy-notice-site\[ropa\]"):
        ropa_files.xlsx_bytes(record)
