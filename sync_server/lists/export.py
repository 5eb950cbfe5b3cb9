"""Reference data out to a workbook in the import format, so an export imports back unchanged.

The blank import template is the same workbook with no records and a 说明 (instructions) sheet.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.comments import Comment  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

from shared.cards import CheckCard
from shared.org import (
    GRID_LEVEL_NAMES,
    INDUSTRY_NAMES,
    SMALL_PLACE_NAMES,
    Enterprise,
    GridUnit,
    Post,
    RiskPoint,
    Workshop,
)
from shared.risk import CONTROL_LEVEL_NAMES, FIVE_HIGH_NAMES, RISK_LEVEL_NAMES
from shared.standards import StandardsLibrary
from sync_server.lists.columns import (
    EVIDENCE_NAMES,
    FREQUENCY_NAMES,
    GRADE_NAMES,
    SHEETS,
    Sheet,
)
from sync_server.lists.model import ReferenceSet
from sync_server.lists.printable import workbook_bytes, write_row
from sync_server.standards import shipped_library
from sync_server.standards_book import add_library_sheets

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
REQUIRED_FONT = Font(bold=True, color="C00000")
OPTIONAL_FONT = Font(bold=True)
_CHOICES: dict[str, list[str]] = {
    "level": list(GRID_LEVEL_NAMES.values()),
    "industry": list(INDUSTRY_NAMES.values()),
    "small_place_kind": list(SMALL_PLACE_NAMES.values()),
    "supervision_class": ["A", "B", "C", "D"],
    "above_designated_size": ["是", "否"],
    "suggested_grade": list(GRADE_NAMES.values()),
    "frequency": list(FREQUENCY_NAMES.values()),
    "control_level": list(CONTROL_LEVEL_NAMES.values()),
    "five_high": list(FIVE_HIGH_NAMES.values()),
    "evidence": list(EVIDENCE_NAMES.values()),
}
"""Drop-down lists offered in the workbook for columns with a fixed set of values."""

Cells = dict[str, Any]


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _grid(unit: GridUnit) -> Iterator[Cells]:
    level = GRID_LEVEL_NAMES[unit.level]
    yield {"id": unit.id, "name": unit.name, "level": level, "parent_id": unit.parent_id}


def _enterprise(e: Enterprise) -> Iterator[Cells]:
    yield {
        "id": e.id,
        "name": e.name,
        "grid_unit_id": e.grid_unit_id,
        "industry": INDUSTRY_NAMES[e.industry],
        "small_place_kind": SMALL_PLACE_NAMES[e.small_place_kind] if e.small_place_kind else None,
        "supervision_class": e.supervision_class.value if e.supervision_class else None,
        "staff_count": e.staff_count,
        "above_designated_size": "是" if e.above_designated_size else "否",
        "latitude": e.latitude,
        "longitude": e.longitude,
    }


def _workshop(w: Workshop) -> Iterator[Cells]:
    yield {"tenant": w.tenant, "id": w.id, "name": w.name}


def _card(card: CheckCard) -> Iterator[Cells]:
    for item in card.items:
        yield {
            "tenant": card.tenant,
            "id": card.id,
            "name": card.name,
            "version": card.version,
            "item_id": item.id,
            "what": item.what,
            "how": item.how,
            "pass_criterion": item.pass_criterion,
            "typical_hazard": item.typical_hazard,
            "suggested_grade": GRADE_NAMES[item.suggested_grade],
            "frequency": FREQUENCY_NAMES[item.frequency],
            "responsible_role": item.responsible_role,
            "responsible": item.responsible,
            "five_high": FIVE_HIGH_NAMES[item.five_high] if item.five_high else None,
            "control_goal": item.control_goal or None,
            "standard": item.standard,
            "evidence": EVIDENCE_NAMES[item.evidence],
        }


def _post(p: Post) -> Iterator[Cells]:
    yield {
        "tenant": p.tenant,
        "id": p.id,
        "name": p.name,
        "workshop_id": p.workshop_id,
        "card_id": p.card_id,
        "qr_version": p.qr_version,
        "latitude": p.latitude,
        "longitude": p.longitude,
        "responsible": p.responsible,
    }


def _risk_point(r: RiskPoint) -> Iterator[Cells]:
    cells: Cells = {
        "tenant": r.tenant,
        "id": r.id,
        "name": r.name,
        "workshop_id": r.workshop_id,
        "post_id": r.post_id,
        "hazard_factors": "、".join(r.hazard_factors),
        "control_level": CONTROL_LEVEL_NAMES[r.control_level],
        "measures": "\n".join(r.measures),
        "colour": RISK_LEVEL_NAMES[r.colour],
        "five_high": FIVE_HIGH_NAMES[r.five_high] if r.five_high else None,
        "control_goal": r.control_goal or None,
        "responsible": r.responsible,
    }
    if r.lec is not None:
        cells |= {"lec_l": _number(r.lec.l), "lec_e": _number(r.lec.e), "lec_c": _number(r.lec.c)}
    if r.ls is not None:
        cells |= {"ls_l": r.ls.l, "ls_s": r.ls.s}
    yield cells


_ROWS: dict[str, Any] = {
    "grid_unit": _grid,
    "enterprise": _enterprise,
    "workshop": _workshop,
    "card": _card,
    "post": _post,
    "risk_point": _risk_point,
}


def export_workbook(
    refs: ReferenceSet, *, instructions: bool = False, library: StandardsLibrary | None = None
) -> bytes:
    """The records as an .xlsx workbook with one sheet per kind, in the import format.

    Args:
        refs: What to write; an empty set gives the blank template.
        instructions: Put a 说明 sheet first that explains every column (the template has it).
        library: Append the standards library's sheets after the lists (the template has them).
    """
    book = Workbook()
    book.remove(book.active)
    if instructions:
        _instructions(book.create_sheet("说明"))
    for sheet in SHEETS:
        ws = book.create_sheet(sheet.name)
        _header(ws, sheet)
        row = 1
        for model in refs.of(sheet.kind):
            for cells in _ROWS[sheet.kind](model):
                row += 1
                write_row(ws, row, [cells.get(column.key) for column in sheet.columns])
        _wrap_long_text(ws, sheet)
    if library is not None:
        add_library_sheets(book, library)
    return workbook_bytes(book)


def _header(ws: Any, sheet: Sheet) -> None:
    ws.append([column.header for column in sheet.columns])
    for index, column in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=1, column=index)
        cell.font = REQUIRED_FONT if column.required else OPTIONAL_FONT
        cell.fill = HEADER_FILL
        cell.comment = Comment(("必填。" if column.required else "") + column.note, "双控巡检")
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = max(12, min(40, len(column.header) * 3))
        if column.key in _CHOICES:
            choices = DataValidation(
                type="list", formula1='"' + ",".join(_CHOICES[column.key]) + '"', allow_blank=True
            )
            ws.add_data_validation(choices)
            choices.add(f"{letter}2:{letter}2000")
    ws.freeze_panes = "A2"


def _wrap_long_text(ws: Any, sheet: Sheet) -> None:
    wrapped = {"measures", "how", "pass_criterion", "typical_hazard", "what", "name"}
    for index, column in enumerate(sheet.columns, start=1):
        if column.key in wrapped:
            for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def _instructions(ws: Any) -> None:
    ws.append(["双控巡检 导入模板"])
    ws["A1"].font = Font(bold=True, size=14)
    for line in (
        "每张工作表是一种清单，表名不可改；第一行是列名（红色为必填），其余列可增删，未知列导入时忽略。",
        "各表可只填需要的；导入时按编码新建或更新，不会删除已有记录。同一文件重复导入不会改变任何内容。",
        "任何一行有错误时整个文件都不导入，并返回每一处错误（工作表、行、列和原因）。",
        "编码只用大写字母、数字和 - . /，全系统唯一，建议以企业简称开头，如 W-KITCHEN、P-STOVE。",
        "也可导入 CSV 文件（UTF-8 或 GBK）：一个文件一张表，文件名含表名，如 岗位.csv。",
        "最后几张表是标准库（导入时忽略）：把合适的标准抄到“检查卡”，并在“标准编码”列填它的编码。",
    ):
        ws.append([line])
    ws.append([])
    ws.append(["工作表", "列名", "必填", "说明"])
    for cell in ws[ws.max_row]:
        cell.font = OPTIONAL_FONT
    for sheet in SHEETS:
        for column in sheet.columns:
            required = "是" if column.required else ("导入忽略" if column.computed else "")
            ws.append([sheet.name, column.header, required, column.note])
    for letter, width in zip("ABCD", (10, 20, 8, 90), strict=True):
        ws.column_dimensions[letter].width = width


def template_workbook() -> bytes:
    """The import template shipped as assets/templates/import-template.xlsx.

    Blank lists, followed by the standards library's sheets (ignored on import) so that an
    enterprise copies rows into 检查卡, naming each one's 标准编码, instead of starting blank.
    """
    return export_workbook(ReferenceSet(), instructions=True, library=shipped_library())
