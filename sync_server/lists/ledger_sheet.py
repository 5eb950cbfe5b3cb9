"""The one layout every ledger workbook shares (隐患台账, 排查记录台账, 风险台账).

A bold title, a scope line and a summary line, then a table with bold tinted headers, wrapped
cells, the header frozen and a filter on every column: what an office opens and sorts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from sync_server.lists.printable import workbook_bytes, write_row

__all__ = ["ledger_workbook"]

HEADER_ROW = 4
"""Rows 1–3 hold the title, the scope and the summary."""


def ledger_workbook(
    sheet: str,
    title: str,
    lines: tuple[str, str],
    columns: Sequence[tuple[str, int]],
    rows: Iterable[Mapping[str, object]],
    *,
    tint: str = "DDEBF7",
) -> bytes:
    """The saved workbook: ``columns`` are (header, width); each row maps headers to values."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    write_row(ws, 1, [title])
    ws["A1"].font = Font(bold=True, size=14)
    write_row(ws, 2, [lines[0]])
    write_row(ws, 3, [lines[1]])
    header = write_row(ws, HEADER_ROW, [name for name, _ in columns])
    for index, ((_, width), cell) in enumerate(zip(columns, header, strict=True), start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=tint)
    wrapped = Alignment(wrap_text=True, vertical="top")
    last = HEADER_ROW
    for last, row in enumerate(rows, start=HEADER_ROW + 1):
        for cell in write_row(ws, last, [row[name] for name, _ in columns]):
            cell.alignment = wrapped
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{last}"
    return workbook_bytes(book)
