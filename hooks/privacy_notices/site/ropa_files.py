"""The record of processing activities as files: CSV for any program, XLSX for LibreOffice and Excel.

Every cell is text from the data, so none may become a formula when a
spreadsheet opens it (CSV injection, OWASP): CSV cells that a spreadsheet
would read as one start with an apostrophe, and XLSX cells are typed as
text. The same record gives the same bytes: no clock is read.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from typing import Any

from privacy_notices.site.ropa import Kind, Record

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a CSV cell as a formula (OWASP, "CSV Injection")."""

SPREADSHEET_EXTRA = "ropa"
"""The optional dependencies (`pip install 'privacy-notice-site[ropa]'`) that write XLSX."""


class MissingLibrary(RuntimeError):
    """The spreadsheet library is not installed."""


def neutral(text: str) -> str:
    """A CSV cell that no spreadsheet reads as a formula: one that would be gets a leading apostrophe, as OWASP advises.

    >>> neutral("=HYPERLINK(\\"https://evil.example\\")"), neutral("-5"), neutral("Name")
    ('\\'=HYPERLINK("https://evil.example")', "'-5", 'Name')
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(record: Record) -> bytes:
    """Both records in one CSV (RFC 4180: CRLF, quotes doubled), a column naming each row's record.

    UTF-8 with a byte order mark: Excel reads a CSV without one in the machine's legacy code page,
    which garbles every ä, ö and å; LibreOffice and Python's ``utf-8-sig`` read the mark as what it is.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    columns = record.columns()
    writer.writerow([neutral(heading) for _, heading in columns])
    for row in record.rows:
        writer.writerow([neutral(row.cells.get(key, "")) for key, _ in columns])
    return out.getvalue().encode("utf-8-sig")


WIDTHS = {"organisation": 28, "contact": 30, "representative": 24, "dpo": 24, "joint_controllers": 28, "controllers": 30, "notice": 28, "activity": 28}
"""Column widths, in characters; the other columns, whose cells hold lists and sentences, get :data:`WIDE`."""
WIDE = 45


def xlsx_bytes(record: Record) -> bytes:
    """One sheet per record (the controller's, then the processor's, each only when it has rows), as an XLSX file.

    A header row that stays in view, fixed column widths, wrapped text; every cell is a text cell, and
    the file's dates are the record's as-of day, so the same data give the same bytes.
    """
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment, Font
        from openpyxl.utils import get_column_letter
        from openpyxl.writer.excel import ExcelWriter
    except ImportError:
        raise MissingLibrary(f"writing XLSX needs openpyxl: python -m pip install 'privacy-notice-site[{SPREADSHEET_EXTRA}]'") from None
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]  # a new workbook always has its first sheet
    kinds: list[Kind] = [kind for kind in ("controller", "processor") if any(row.kind == kind for row in record.rows)]
    wrap = Alignment(wrap_text=True, vertical="top")
    for kind in kinds:
        sheet = book.create_sheet(_sheet_title(record.headings[f"sheet_{kind}"]))
        columns = record.columns(kind)
        rows = [[heading for _, heading in columns]] + [[row.cells[key] for key, _ in columns] for row in record.rows if row.kind == kind]
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                cell = sheet.cell(row=r, column=c)
                _text(cell, value)
                cell.alignment = wrap
                if r == 1:
                    cell.font = Font(bold=True)
        for c, (key, _) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(c)].width = WIDTHS.get(key, WIDE)
        sheet.freeze_panes = "A2"
    moment = datetime.datetime.combine(record.as_of, datetime.time())
    book.properties.title = record.headings["title"]
    book.properties.language = record.language
    book.properties.creator = "privacy-notice-site"
    book.properties.created = book.properties.modified = moment
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _fixed_times(raw.getvalue())


def _text(cell: Any, value: str) -> None:
    """``value`` as a text cell, whatever it starts with: openpyxl would make a formula of "=…"."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True  # edited in Excel or LibreOffice, the cell stays text


def _sheet_title(title: str) -> str:
    """A sheet's name as spreadsheets allow it: at most 31 characters, none of []:*?/\\.

    >>> _sheet_title("Controller, Art. 30(1)"), _sheet_title("Q1/Q2: draft"), len(_sheet_title("x" * 40))
    ('Controller, Art. 30(1)', 'Q1 Q2  draft', 31)
    """
    return "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:31].strip() or "Record"


def _fixed_times(data: bytes) -> bytes:
    """The archive again with every member dated 1980-01-01, zip's earliest: zipfile dates them by the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
