"""Any accepted text made safe to render: in a workbook cell and on a PDF page.

The record keeps what was sent; only what a document shows is changed. A character that
cannot be shown becomes U+FFFD (�), so a reader sees that something was there.
"""

from __future__ import annotations

import io
import re
from datetime import datetime
from typing import Any

REPLACEMENT = "\ufffd"
XLSX_CELL_MAX = 32_767
"""Excel's limit on one cell's text; a longer text is cut with … (Excel "repairs" it otherwise)."""

_UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""C0 and C1 controls but tab and line breaks, DEL, lone surrogates and XML's non-characters:
XML 1.0 (the file format under .xlsx) cannot hold them, and no font draws them."""
_PDF_SPACES = re.compile("[\t\r]")


def shown(text: str) -> str:
    """``text`` with every character no document can hold replaced by U+FFFD."""
    return _UNSHOWABLE.sub(REPLACEMENT, text)


def pdf_text(text: str) -> str:
    """``text`` for a PDF: unshowable characters replaced, tabs and carriage returns as spaces."""
    return _PDF_SPACES.sub(" ", shown(text))


def write_cell(cell: Any, value: object) -> None:
    """Put ``value`` in a workbook cell so that a string always stays text.

    openpyxl makes any string starting with ``=`` a live formula (a title
    ``=HYPERLINK(…)`` became a link in a manager's ledger). The cell is typed as a string
    instead, so the text reads back exactly as written and an export still imports unchanged.
    """
    if isinstance(value, str):
        text = shown(value)
        if len(text) > XLSX_CELL_MAX:
            text = text[: XLSX_CELL_MAX - 1] + "…"
        cell.value = text
        cell.data_type = "s"
    else:
        cell.value = value


def write_row(ws: Any, row: int, values: list[Any]) -> list[Any]:
    """Write one row of values from column A, each through ``write_cell``; its cells.

    Cells are addressed by number: ``ws.append`` and ``ws[ws.max_row]`` scan every cell
    of the sheet for its size, which made a 2,000-hazard ledger take 20 s.
    """
    cells = []
    for column, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=column)
        write_cell(cell, value)
        cells.append(cell)
    return cells


_FIXED_TIME = datetime(2026, 1, 1)


def workbook_bytes(book: Any) -> bytes:
    """The saved .xlsx, stamped with a fixed time: the same content gives the same bytes."""
    book.properties.creator = "双控巡检"
    book.properties.created = book.properties.modified = _FIXED_TIME
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
