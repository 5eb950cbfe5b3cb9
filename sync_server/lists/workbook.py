"""Reading an uploaded .xlsx workbook or CSV file into plain tables of text, refusing anything else.

Only bytes in, tables out: no database, so the same code serves the CLI and the HTTP upload.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import PurePath

from openpyxl import load_workbook  # type: ignore[import-untyped]

from sync_server.lists.columns import SHEETS, header_keys, normalise_header
from sync_server.problems import BadFile

MAX_ROWS = 20_000
"""Rows per sheet; reference lists of a city are far smaller, a runaway sheet is refused."""

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) container


@dataclass
class Table:
    """One sheet or CSV file: its name and its rows of text, with their 1-based row numbers."""

    name: str
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def read_tables(data: bytes, filename: str) -> list[Table]:
    """Read every sheet of a workbook, or the one table of a CSV file.

    The content decides, not the extension alone: a renamed file is read for what it is.

    Args:
        data: The file's bytes.
        filename: Its name; a CSV file's name may say which list it holds (``岗位.csv``).

    Raises:
        BadFile: Empty, an old .xls, a broken workbook, or not text.
    """
    if not data:
        raise BadFile("the file is empty", filename=filename)
    if data.startswith(_OLE):
        raise BadFile("old .xls workbooks are not read: save it as .xlsx (Excel 2007+) first")
    if data.startswith(_ZIP):
        return _workbook(data)
    if PurePath(filename).suffix.lower() in (".xlsx", ".xlsm"):
        raise BadFile("this .xlsx file is not a workbook (damaged or renamed)", filename=filename)
    return [_csv(data, filename)]


def _workbook(data: bytes) -> list[Table]:
    try:
        book = load_workbook(io.BytesIO(data), read_only=False, data_only=True)
    except Exception as exc:
        raise BadFile(f"the workbook cannot be read: {type(exc).__name__}") from None
    tables = []
    for sheet in book.worksheets:
        if sheet.max_row > MAX_ROWS:
            raise BadFile(f"sheet {sheet.title} has over {MAX_ROWS} rows", sheet=sheet.title)
        rows = [
            (number, [cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        ]
        tables.append(Table(sheet.title, rows))
    book.close()
    return tables


def cell_text(value: object) -> str:
    """A cell as the text a person sees: 3.0 is "3", a date is ISO, an empty cell "".

    Numbers go through their shortest decimal text so 0.1 stays exactly "0.1".
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def _csv(data: bytes, filename: str) -> Table:
    if b"\x00" in data:
        raise BadFile("this is neither an .xlsx workbook nor a CSV text file", filename=filename)
    text = _decode(data)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise BadFile(f"the CSV file cannot be read: {exc}", filename=filename) from None
    if len(rows) > MAX_ROWS:
        raise BadFile(f"the CSV file has over {MAX_ROWS} rows", filename=filename)
    table = Table(_csv_sheet(filename, rows))
    table.rows = [(n, [cell.strip() for cell in row]) for n, row in enumerate(rows, start=1)]
    return table


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030: what Excel saves as CSV on Chinese Windows."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadFile("the CSV file is neither UTF-8 nor GBK text")


def _csv_sheet(filename: str, rows: list[list[str]]) -> str:
    """Which list a CSV holds: named in the file name, else the sheet whose headers fit best."""
    stem = PurePath(filename).stem
    named = [sheet.name for sheet in SHEETS if sheet.name in stem]
    if len(named) == 1:
        return named[0]
    headers = {normalise_header(cell) for row in rows[:5] for cell in row}
    fits = sorted(
        ((len(headers & header_keys(sheet).keys()), sheet.name) for sheet in SHEETS), reverse=True
    )
    if fits[0][0] >= 2 and fits[0][0] > fits[1][0]:
        return fits[0][1]
    names = "、".join(sheet.name for sheet in SHEETS)
    raise BadFile(f"cannot tell which list this CSV holds: name the file after one of {names}")
