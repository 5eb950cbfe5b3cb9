"""The standards library as a printable workbook: experts review it, enterprises copy from it.

One sheet per part (类别, 隐患排查标准, 十小检查标准), one row per standard, with the legal basis
spelled out and the review state, so a city's experts can mark it up on paper or in Excel.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from shared.org import INDUSTRY_NAMES, SMALL_PLACE_NAMES
from shared.risk import FIVE_HIGH_NAMES
from shared.standards import HazardStandard, SmallPlaceStandard, StandardsLibrary
from sync_server.lists.columns import FREQUENCY_NAMES, GRADE_NAMES
from sync_server.lists.printable import workbook_bytes

_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_COMMON = ("编码", "标准名称", "排查事项", "排查内容/方法", "合格标准", "典型隐患", "五高要素",
           "建议频次", "建议等级", "依据", "待专家审核", "审核人", "审核日期")  # fmt: skip
HAZARD_HEADERS = ("类别", *_COMMON, "适用行业")
SMALL_PLACE_HEADERS = (*_COMMON, "适用十小类别")


def library_workbook(library: StandardsLibrary) -> bytes:
    """The library as .xlsx bytes: categories, hazard standards and 十小 standards."""
    book = Workbook()
    book.remove(book.active)
    add_library_sheets(book, library)
    return workbook_bytes(book)


def add_library_sheets(book: Any, library: StandardsLibrary) -> None:
    """Append the library's three sheets to a workbook (the import template carries them too)."""
    names = {c.code: c.name for c in library.categories}
    _sheet(book, f"类别（{library.version}）", ("编码", "类别"),
           ([c.code, c.name] for c in library.categories))  # fmt: skip
    _sheet(book, "隐患排查标准", HAZARD_HEADERS, (
        [f"{s.category} {names[s.category]}", *_common(s),
         "、".join(INDUSTRY_NAMES[i] for i in s.industries)]
        for s in library.standards
    ))  # fmt: skip
    _sheet(book, "十小检查标准", SMALL_PLACE_HEADERS, (
        [*_common(s), "、".join(SMALL_PLACE_NAMES[k] for k in s.kinds)]
        for s in library.small_place_standards
    ))  # fmt: skip


def _common(s: HazardStandard | SmallPlaceStandard) -> list[Any]:
    return [
        s.code,
        s.title,
        s.what,
        s.how,
        s.pass_criterion,
        "；".join(s.typical_hazards),
        FIVE_HIGH_NAMES[s.five_high],
        FREQUENCY_NAMES[s.frequency],
        GRADE_NAMES[s.suggested_grade],
        "\n".join(basis.cite() for basis in s.legal_basis),
        "是" if s.needs_review else "否",
        s.reviewed_by,
        s.reviewed_on,
    ]


def _sheet(book: Any, title: str, headers: Sequence[str], rows: Iterable[list[Any]]) -> None:
    ws = book.create_sheet(title)
    ws.append(list(headers))
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True), _HEADER_FILL
    for row in rows:
        ws.append(row)
    for index, header in enumerate(headers, start=1):
        wide = header in {"排查事项", "排查内容/方法", "合格标准", "典型隐患", "依据"}
        ws.column_dimensions[get_column_letter(index)].width = 40 if wide else 12
    for line in ws.iter_rows(min_row=2):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "B2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
