"""The ranking of a grid unit as a workbook: what a regulator takes to a meeting or files.

One row per enterprise at or below the unit on a scored day, best month score first: place,
name, grid unit, month and day score, tier, light and its reasons, open hazards (重大 among
them) and overdue ones, as the nightly job left them. The scale (tier thresholds) heads the
sheet, so every number is read against it. Two more sheets: 亮灯 (the lit enterprises, red
first, with why) and 隐患统计 (the unit's hazards by state and grade, and the overdue ones), from
the same night's rollup. Written row by row (openpyxl's write-only mode): a city's 50,000
rows stay small in memory.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from sqlalchemy import Connection, select

from shared.cards import HazardGrade
from shared.lifecycle import HazardStatus
from shared.org import GridUnit
from shared.roles import Actor
from shared.scoring import ScoreWeights
from sync_server.lists.names import STATUS_NAMES
from sync_server.schema import daily_scores, grid_rollups
from sync_server.scoring.views import _names, _within, grid_unit_in_scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TIERS = {"green": "优秀", "yellow": "良好", "orange": "一般", "red": "较差"}
LIGHTS = {"red": "红灯", "yellow": "黄灯"}
HEADER = (
    "名次",
    "企业",
    "网格",
    "月度得分",
    "当日得分",
    "等级",
    "灯",
    "亮灯原因",
    "未闭环隐患",
    "其中重大隐患",
    "逾期隐患",
)
CLOSED = frozenset({"accepted", "closed"})
"""Hazard states no longer open (voided ones are not counted at all)."""


def _open(facts: dict[str, Any]) -> tuple[int, int]:
    """Open hazards and open 重大隐患 among them, from a row's stored facts."""
    by_status: dict[str, dict[str, int]] = facts.get("hazards") or {}
    open_ = [grades for status, grades in by_status.items() if status not in CLOSED]
    return sum(sum(g.values()) for g in open_), sum(g.get("major", 0) for g in open_)


def ranking_workbook(
    conn: Connection, actor: Actor, unit_id: str, day: date, weights: ScoreWeights
) -> tuple[str, bytes]:
    """The unit's ranking on ``day`` as an .xlsx file: (file name, bytes).

    Raises:
        NotPermitted / NotFound: As the unit's dashboard (inspectors and regulators above it).
    """
    unit = grid_unit_in_scope(conn, actor, unit_id)
    rows = conn.execute(
        select(
            daily_scores.c.tenant,
            daily_scores.c.grid_unit,
            daily_scores.c.total,
            daily_scores.c.tier,
            daily_scores.c.month_score,
            daily_scores.c.light,
            daily_scores.c.lights,
            daily_scores.c.facts,
        )
        .where(*_within(day, unit, conn))
        .order_by(daily_scores.c.month_score.desc(), daily_scores.c.tenant)
    ).all()
    names = _names(conn, [r.tenant for r in rows])
    book = Workbook(write_only=True)
    sheet = book.create_sheet("排名")
    sheet.append([f"{unit.name} 企业评分排名 · {day.isoformat()}"])
    sheet.append([scale_line(weights) + "；按月度得分排名"])
    sheet.append(list(HEADER))
    place, previous = 0, None
    for index, row in enumerate(rows, start=1):
        if row.month_score != previous:  # equal scores share a place, as the ranks do
            place, previous = index, row.month_score
        open_, majors = _open(row.facts or {})
        sheet.append(
            [
                place,
                names.get(row.tenant, row.tenant),
                row.grid_unit,
                row.month_score,
                row.total,
                TIERS.get(row.tier, row.tier),
                LIGHTS.get(row.light or "", ""),
                "；".join(str(light.get("reason_zh", "")) for light in row.lights or []),
                open_,
                majors,
                len((row.facts or {}).get("overdue") or []),
            ]
        )
    _lights_sheet(book, rows, names, unit, day)
    _hazards_sheet(book, conn, unit, day)
    out = io.BytesIO()
    book.save(out)
    return f"评分排名-{unit.name}-{day.isoformat()}.xlsx", out.getvalue()


def scale_line(weights: ScoreWeights) -> str:
    """The tier thresholds in words: the scale every score is read against."""
    return (
        f"等级：优秀 ≥{weights.green_from:g} · 良好 ≥{weights.yellow_from:g} · "
        f"一般 ≥{weights.orange_from:g} · 较差 <{weights.orange_from:g}"
    )


LIGHTS_HEADER = ("灯", "企业", "网格", "月度得分", "等级", "亮灯原因")


def _lights_sheet(
    book: Workbook, rows: Sequence[Any], names: dict[str, str], unit: GridUnit, day: date
) -> None:
    """亮灯: the unit's lit enterprises, red before yellow, then by month score (worst first)."""
    sheet = book.create_sheet("亮灯")
    sheet.append([f"{unit.name} 亮灯企业 · {day.isoformat()}"])
    sheet.append(list(LIGHTS_HEADER))
    lit = sorted(
        (r for r in rows if r.light in LIGHTS),
        key=lambda r: (r.light != "red", r.month_score, r.tenant),
    )
    for row in lit:
        sheet.append(
            [
                LIGHTS[row.light],
                names.get(row.tenant, row.tenant),
                row.grid_unit,
                row.month_score,
                TIERS.get(row.tier, row.tier),
                "；".join(str(light.get("reason_zh", "")) for light in row.lights or []),
            ]
        )


def _hazards_sheet(book: Workbook, conn: Connection, unit: GridUnit, day: date) -> None:
    """隐患统计: the unit's hazards by state and grade at the day's end, and the overdue ones."""
    rollup = conn.execute(
        select(
            grid_rollups.c.hazards, grid_rollups.c.overdue, grid_rollups.c.overdue_hazards
        ).where(grid_rollups.c.day == day, grid_rollups.c.unit == unit.id)
    ).first()
    by_status: dict[str, dict[str, int]] = (rollup.hazards if rollup else None) or {}
    overdue: dict[str, int] = (rollup.overdue if rollup else None) or {}
    sheet = book.create_sheet("隐患统计")
    sheet.append([f"{unit.name} 隐患统计 · {day.isoformat()} 日终"])
    sheet.append(["状态", "一般隐患", "重大隐患", "合计"])
    for status in HazardStatus:
        if status is HazardStatus.VOIDED:
            continue
        grades = by_status.get(status.value) or {}
        general, major = grades.get(HazardGrade.GENERAL.value, 0), grades.get("major", 0)
        sheet.append([STATUS_NAMES[status], general, major, general + major])
    general, major = overdue.get(HazardGrade.GENERAL.value, 0), overdue.get("major", 0)
    sheet.append(["其中逾期", general, major, general + major])
    sheet.append([])
    sheet.append(["逾期隐患", "企业", "等级", "状态", "期限"])
    for late in (rollup.overdue_hazards if rollup else None) or []:
        grade = "重大" if late.get("grade") == "major" else "一般"
        status_name = STATUS_NAMES.get(HazardStatus(late["status"]), late["status"])
        sheet.append([late["title"], late["name"], grade, status_name, str(late["deadline"])[:10]])
