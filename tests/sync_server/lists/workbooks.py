"""Realistic import workbooks for tests: the demo city exported, then edited cell by cell."""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from sync_server.demo import KITCHEN, demo_reference
from sync_server.lists.export import export_workbook
from sync_server.lists.model import ReferenceSet


@cache
def demo_bytes() -> bytes:
    """The demo city exported as an import workbook (made once per test run)."""
    return export_workbook(demo_reference())


def demo_book(refs: ReferenceSet | None = None) -> Workbook:
    """The demo city (or ``refs``) as an import workbook, open for editing."""
    data = export_workbook(refs) if refs is not None else demo_bytes()
    return load_workbook(io.BytesIO(data))


__all__ = [
    "Workbook",
    "column_of",
    "copy_row",
    "demo_book",
    "demo_bytes",
    "get_cell",
    "kitchen_only",
    "load_workbook",
    "set_cell",
    "to_bytes",
]


def kitchen_only() -> ReferenceSet:
    """The kitchen's records and its grid units, as the kitchen's manager would export them."""
    city = demo_reference()
    found = ReferenceSet(
        grid_unit=[u for u in city.grid_unit if u.id in ("C-QH", "X-HG", "Z-XC", "V-DL")]
    )
    found.enterprise = [e for e in city.enterprise if e.id == KITCHEN]
    for kind in ("workshop", "card", "post", "risk_point"):
        found.of(kind).extend(m for m in city.of(kind) if getattr(m, "tenant", None) == KITCHEN)
    return found


def column_of(book: Workbook, sheet: str, header: str) -> int:
    """The 1-based column of a header on row 1."""
    headers = [cell.value for cell in book[sheet][1]]
    return headers.index(header) + 1


def set_cell(book: Workbook, sheet: str, row: int, header: str, value: Any) -> None:
    """Write one cell, found by its sheet, row and column header."""
    book[sheet].cell(row=row, column=column_of(book, sheet, header)).value = value


def get_cell(book: Workbook, sheet: str, row: int, header: str) -> Any:
    """Read one cell, found by its sheet, row and column header."""
    return book[sheet].cell(row=row, column=column_of(book, sheet, header)).value


def copy_row(book: Workbook, sheet: str, row: int) -> int:
    """Append a copy of a row; returns the new row's number."""
    ws = book[sheet]
    ws.append([cell.value for cell in ws[row]])
    return int(ws.max_row)


def to_bytes(book: Workbook) -> bytes:
    """Save the workbook as .xlsx bytes."""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
