"""Grid rollups: each unit's day summed over the enterprises at or below it, by the scoring job.

The regulator's city, trend and hazards then read a unit's row and its children's, whatever
the size of the city. The job writes them with the day's ranks, in the same transaction that
closes the run, so a finished day always has its rollups. A unit without enterprises gets a
row of zeros: the city screen lists every child unit.

Each enterprise's part comes from its ``daily_scores`` row (``facts``: card outcomes, hazards
by state and grade, overdue hazards), so rolling up reads one table and no reference data.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, delete, insert

from shared.cards import HazardGrade
from shared.facts import EnterpriseRecords
from shared.ids import GridUnitId
from shared.lifecycle import HazardStatus, is_overdue
from shared.org import GridUnit
from shared.ranking import units_above
from shared.scoring import ScoreTier
from sync_server.schema import grid_rollups
from sync_server.scoring.inputs import utc

TIERS = tuple(t.value for t in ScoreTier)
OVERDUE_LISTED = 50
"""A unit's row lists at most this many overdue hazards (its counts hold them all)."""


def hazard_facts(records: EnterpriseRecords, as_of: datetime, zone: ZoneInfo) -> dict[str, Any]:
    """One enterprise's hazards as at the day's end: counts by state and grade, overdue ones.

    ``as_of`` is the naive local end of the day; deadlines are naive local too, and are given
    back in UTC like every stored time.
    """
    by_status: dict[str, dict[str, int]] = {}
    overdue = []
    for hazard in records.hazards:
        if hazard.status is HazardStatus.VOIDED:
            continue
        grades = by_status.setdefault(hazard.status.value, {})
        grades[hazard.grade.value] = grades.get(hazard.grade.value, 0) + 1
        if hazard.deadline is not None and is_overdue(hazard.status, hazard.deadline, as_of):
            overdue.append(
                {
                    "id": hazard.id,
                    "tenant": records.enterprise.id,
                    "name": records.enterprise.name,
                    "title": hazard.title,
                    "grade": hazard.grade.value,
                    "status": hazard.status.value,
                    "deadline": utc(hazard.deadline, zone).isoformat(),
                }
            )
    return {"hazards": by_status, "overdue": overdue}


def unit_chain(grid_unit: GridUnitId, units: Mapping[GridUnitId, GridUnit]) -> list[GridUnitId]:
    """The units an enterprise registered in ``grid_unit`` counts in: its own up to the city.

    The one place the rollups learn where an enterprise sits; a stored grid path can answer
    it instead of the grid table.
    """
    return units_above(grid_unit, units)


def unit_path(unit: GridUnitId, units: Mapping[GridUnitId, GridUnit]) -> str:
    """``/city/…/unit/``: the unit's ids from the top down, so "within U" is a prefix."""
    return "/" + "".join(f"{u}/" for u in reversed(unit_chain(unit, units)))


def _overdue_order(entry: Mapping[str, Any]) -> tuple[bool, str, str]:
    """重大 first, then the longest overdue (the earliest deadline), then by id."""
    return (entry["grade"] != HazardGrade.MAJOR.value, entry["deadline"], entry["id"])


@dataclass
class _Sum:
    """One unit's running sums while the day's scores are folded in."""

    enterprises: int = 0
    total: float = 0.0
    month: float = 0.0
    tiers: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TIERS, 0))
    red: int = 0
    yellow: int = 0
    cards: dict[str, int] = field(default_factory=lambda: {"on_time": 0, "late": 0, "missed": 0})
    hazards: dict[str, dict[str, int]] = field(default_factory=dict)
    overdue: list[dict[str, Any]] = field(default_factory=list)

    def add(self, row: Any) -> None:  # a daily_scores Row
        self.enterprises += 1
        self.total += row.total
        self.month += row.month_score
        self.tiers[row.tier] = self.tiers.get(row.tier, 0) + 1
        self.red += row.light == "red"
        self.yellow += row.light == "yellow"
        facts = row.facts or {}
        for outcome, count in (facts.get("card_outcomes_30d") or {}).items():
            self.cards[outcome] = self.cards.get(outcome, 0) + int(count)
        for status, grades in (facts.get("hazards") or {}).items():
            mine = self.hazards.setdefault(status, {})
            for grade, count in grades.items():
                mine[grade] = mine.get(grade, 0) + int(count)
        self.overdue.extend(facts.get("overdue") or ())


def rollup_rows(
    day: date, scores: Iterable[Any], units: Mapping[GridUnitId, GridUnit]
) -> list[dict[str, Any]]:
    """Every grid unit's row for ``day`` from the day's ``daily_scores`` rows."""
    sums = {unit: _Sum() for unit in units}
    chains: dict[str, list[GridUnitId]] = {}  # enterprises share their village's chain
    for row in scores:
        chain = chains.get(row.grid_unit)
        if chain is None:
            chain = chains[row.grid_unit] = unit_chain(GridUnitId(row.grid_unit), units)
        for unit in chain:
            sums.setdefault(unit, _Sum()).add(row)
    return [_row(day, unit, units, s) for unit, s in sums.items()]


def _row(
    day: date, unit: GridUnitId, units: Mapping[GridUnitId, GridUnit], s: _Sum
) -> dict[str, Any]:
    known = units.get(unit)
    overdue = sorted(s.overdue, key=_overdue_order)
    return {
        "day": day,
        "unit": unit,
        "parent": known.parent_id if known else None,
        "path": unit_path(unit, units),
        "enterprises": s.enterprises,
        "sum_total": round(s.total, 3),
        "sum_month_score": round(s.month, 3),
        "tiers": s.tiers,
        "red": s.red,
        "yellow": s.yellow,
        "cards_on_time": s.cards.get("on_time", 0),
        "cards_late": s.cards.get("late", 0),
        "cards_missed": s.cards.get("missed", 0),
        "hazards": s.hazards,
        "overdue": {g.value: sum(1 for h in overdue if h["grade"] == g.value) for g in HazardGrade},
        "overdue_hazards": overdue[:OVERDUE_LISTED],
    }


def save_rollups(conn: Connection, day: date, rows: list[dict[str, Any]]) -> None:
    """Replace the day's rollups (scoring a day again replaces them whole)."""
    conn.execute(delete(grid_rollups).where(grid_rollups.c.day == day))
    if rows:
        conn.execute(insert(grid_rollups), rows)
