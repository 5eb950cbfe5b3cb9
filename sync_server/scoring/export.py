"""The ranking of a grid unit as a workbook: what a regulator takes to a meeting or files.

One row per enterprise at or below the unit on a scored day, best month score first: place,
name, grid unit, month and day score, tier, light and its reasons, open hazards (重大 among
them) and overdue ones, as the nightly job left them. The scale (tier thresholds) heads the
sheet, so every number is read against it. Written row by row (openpyxl's write-only mode):
a city's 50,000 rows stay small in memory.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from sqlalchemy import Connection, select

from shared.roles import Actor
from shared.scoring import ScoreWeights
from sync_server.schema import daily_scores
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
    sheet.append(
        [
            f"等级：优秀 ≥{weights.green_from:g} · 良好 ≥{weights.yellow_from:g} · "
            f"一般 ≥{weights.orange_from:g} · 较差 <{weights.orange_from:g}；按月度得分排名"
        ]
    )
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
    out = io.BytesIO()
    book.save(out)
    return f"评分排名-{unit.name}-{day.isoformat()}.xlsx", out.getvalue()
