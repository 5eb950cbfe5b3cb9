"""Hostile workbooks made by hand: a sheet's XML written directly, so a tiny file holds a lot."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook  # type: ignore[import-untyped]

_SHEET = "xl/worksheets/sheet1.xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook_claiming(
    rows: int, columns: int, *, sheet: str = "岗位", dimension: str | None = None
) -> bytes:
    """A workbook whose one sheet holds ``rows`` × ``columns`` cells, compressed to almost nothing.

    Cells carry no ``r`` reference, so every row is the same bytes and deflate packs a million
    cells into a few tens of kilobytes. ``dimension`` is what the file claims its size is.
    """
    cells = "<c><v>1</v></c>" * columns
    return _with_sheet(sheet, f"<row>{cells}</row>" * rows, dimension)


def plain_sheet_workbook(sheet: str, rows: int, columns: int) -> bytes:
    """A sheet of ordinary numbered text cells, as big as a real list can be."""
    body = "".join(
        f'<row r="{r}">'
        + "".join(f'<c t="inlineStr"><is><t>值{r}-{c}</t></is></c>' for c in range(columns))
        + "</row>"
        for r in range(1, rows + 1)
    )
    return _with_sheet(sheet, body, None)


def _with_sheet(title: str, rows_xml: str, dimension: str | None) -> bytes:
    book = Workbook()
    book.active.title = title
    book.active["A1"] = "x"
    made = io.BytesIO()
    book.save(made)
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    xml = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}">{dim}'
    sheet = (xml + f"<sheetData>{rows_xml}</sheetData></worksheet>").encode()
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(made.getvalue())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target,
    ):
        for member in source.infolist():
            content = sheet if member.filename == _SHEET else source.read(member)
            target.writestr(member.filename, content)
    return out.getvalue()
