"""An inspector's due list as a workbook: what they print for the week's visits or file.

One row per enterprise owed a visit, most pressing first (as the phone shows it): due day,
overdue, enterprise, grid unit, class and why, visits this year against the quota and the row
of the class × tier table behind it, and every reason the visit is owed, in words. Written
row by row (openpyxl's write-only mode): a county's thousands of rows stay small in memory.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook  # type: ignore[import-untyped]

from sync_server.supervision_plan import PlanLine

__all__ = ["DUE_HEADER", "REASONS_ZH", "due_workbook"]

REASONS_ZH = {
    "red_light": "红灯：30 天内须检查",
    "unused_system": "未使用系统：30 天内须检查",
    "yellow_light": "黄灯：15 天内须检查",
    "tier_orange": "上月一般：加检",
    "tier_red": "上月较差：加检",
    "regular": "年度计划检查",
}
"""Each reason code of a due line in words (``shared.supervision.DueVisit.reasons``)."""

DUE_HEADER = (
    "序号",
    "应检日期",
    "是否逾期",
    "企业",
    "网格",
    "监管类别",
    "分类依据",
    "本年已检",
    "年度频次",
    "频次依据",
    "列入原因",
)


def due_workbook(lines: Sequence[PlanLine], whose: str, day: date) -> tuple[str, bytes]:
    """The due list on ``day`` as an .xlsx file: (file name, bytes)."""
    ordered = sorted(lines, key=lambda line: (not line.overdue, line.due_on, line.name))
    book = Workbook(write_only=True)
    sheet = book.create_sheet("待检")
    sheet.append([f"{whose} 待检企业 · {day.isoformat()}"])
    sheet.append(["按应检日期排列，逾期在前；列入原因按轻重排列"])
    sheet.append(list(DUE_HEADER))
    for place, line in enumerate(ordered, start=1):
        sheet.append(
            [
                place,
                line.due_on.isoformat(),
                "逾期" if line.overdue else "",
                line.name,
                line.grid_unit,
                line.supervision_class,
                line.class_reason,
                line.visits_this_year,
                line.quota,
                line.quota_reason,
                "；".join(REASONS_ZH.get(reason, reason) for reason in line.reasons),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return f"待检企业-{whose}-{day.isoformat()}.xlsx", out.getvalue()
