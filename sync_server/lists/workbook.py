"""Reading an uploaded .xlsx workbook or CSV file into plain tables of text, refusing anything else.

Only bytes in, tables out: no database, so the same code serves the CLI and the HTTP upload.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from openpyxl import load_workbook  # type: ignore[import-untyped]

from sync_server.lists.columns import SHEETS, header_keys, normalise_header
from sync_server.problems import BadFile, ImportTooLarge

MAX_ROWS = 20_000
"""Rows per sheet; reference lists of a city are far smaller, a runaway sheet is refused."""
MAX_CELLS = 250_000
"""Cells per file, empty ones inside a row included (20,000 rows of 12 columns and some).

A 32 KB workbook can unpack to a million cells; counting as the rows stream in stops it
before the rest is read, so memory and time stay bounded whatever the file claims.
"""
MAX_UNPACKED_BYTES = 48 * 1024 * 1024
"""What a workbook may unpack to in all (the demo city's lists unpack to about 200 KB).

Checked from the zip directory before anything is parsed: shared strings are read whole
when a workbook opens, so a bomb of strings must be refused before it is opened at all.
"""

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls (and .doc) container


@dataclass
class Table:
    """One sheet or CSV file: its name and its rows of text, with their 1-based row numbers."""

    name: str
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def read_tables(data: bytes, filename: str, *, holds: str | None = None) -> list[Table]:
    """Read every sheet of a workbook, or the one table of a CSV file.

    The content decides, not the extension alone: a renamed file is read for what it is.

    Args:
        data: The file's bytes.
        filename: Its name; a CSV file's name may say which list it holds (``岗位.csv``).
        holds: The one list a CSV can be, for a route that takes only that list (人员): then
            its name is not guessed from the file name or the headers.

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
    return [_csv(data, filename, holds)]


def _workbook(data: bytes) -> list[Table]:
    """Every sheet, streamed (read-only) and counted against the budgets as it is read."""
    _check_unpacked(data)
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise BadFile(f"the workbook cannot be read: {type(exc).__name__}") from None
    try:
        budget = _Budget()
        return [_sheet(sheet, budget) for sheet in book.worksheets]
    except (BadFile, ImportTooLarge):
        raise
    except Exception as exc:
        raise BadFile(f"the workbook cannot be read: {type(exc).__name__}") from None
    finally:
        book.close()


class _Budget:
    """Cells read so far in the whole file; refuses the file once past ``MAX_CELLS``."""

    def __init__(self) -> None:
        self.cells = 0

    def spend(self, cells: int, where: str) -> None:
        self.cells += cells
        if self.cells > MAX_CELLS:
            raise ImportTooLarge(
                f"over {MAX_CELLS} cells (at {where}): split the file; nothing was imported",
                max_cells=MAX_CELLS,
                sheet=where,
            )


def _check_unpacked(data: bytes) -> None:
    """Refuse a workbook by what it unpacks to, and by a count of its cells and rows.

    The count is a byte scan of the XML for cell and row tags, much faster than parsing:
    openpyxl reads the whole sheet just to size it when the file gives no dimension, so a
    bomb has to be refused before openpyxl sees it.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > MAX_UNPACKED_BYTES:
                raise ImportTooLarge(
                    f"the workbook unpacks to {unpacked} bytes, over {MAX_UNPACKED_BYTES}: "
                    "split it into smaller files",
                    unpacked_bytes=unpacked,
                    max_unpacked_bytes=MAX_UNPACKED_BYTES,
                )
            budget = _Budget()
            for member in members:
                if member.filename.lower().endswith(".xml"):
                    _scan(archive, member, budget)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, RuntimeError) as exc:
        # RuntimeError: an encrypted member; NotImplementedError (a subclass): a compression
        # method zipfile lacks. Either way not a workbook this server can read.
        raise BadFile(f"the workbook cannot be read: {type(exc).__name__}") from None


_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")
_CHUNK = 1 << 20


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, budget: _Budget) -> None:
    rows = 0
    carried = b""
    with archive.open(member) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            block = carried + chunk
            cut = block.rfind(b"<") if chunk else len(block)
            cut = len(block) if cut <= 0 else cut  # a tag split between chunks waits for the rest
            done, carried = block[:cut], block[cut:]
            budget.spend(len(_CELL_TAG.findall(done)), member.filename)
            rows += len(_ROW_TAG.findall(done))
            if rows > MAX_ROWS:
                raise _too_many_rows(f"the workbook's part {member.filename}", part=member.filename)
            if not chunk:
                return


def _sheet(sheet: Any, budget: _Budget) -> Table:
    # The size a sheet states may be wrong: trusted, it would cut rows off or pad empty ones.
    # The zip scan has counted the real rows and cells already.
    sheet.reset_dimensions()
    return Table(sheet.title, _rows(sheet.iter_rows(values_only=True), budget, sheet.title))


def _rows(
    rows: Iterable[Sequence[object]], budget: _Budget, where: str
) -> list[tuple[int, list[str]]]:
    read = []
    for number, values in enumerate(rows, start=1):
        if number > MAX_ROWS:
            raise _too_many_rows(f"sheet {where}", sheet=where)
        budget.spend(len(values), where)
        read.append((number, [cell_text(value) for value in values]))
    return read


def _too_many_rows(what: str, **details: object) -> ImportTooLarge:
    return ImportTooLarge(f"{what} has over {MAX_ROWS} rows", max_rows=MAX_ROWS, **details)


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


def _csv(data: bytes, filename: str, holds: str | None = None) -> Table:
    if b"\x00" in data:
        raise BadFile("this is neither an .xlsx workbook nor a CSV text file", filename=filename)
    text = _decode(data)
    try:
        rows = _rows(csv.reader(io.StringIO(text, newline="")), _Budget(), filename)
    except csv.Error as exc:
        raise BadFile(f"the CSV file cannot be read: {exc}", filename=filename) from None
    return Table(holds or _csv_sheet(filename, [cells for _, cells in rows]), rows)


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
