"""A regulator's city, unit by unit (市→县→乡→村→企): the server's dashboards made ready to show.

The scores, lights, trends and hazard counts are the server's (``/v1/scores/…``), read with
``ServerReads`` so the last copy stays on the phone for offline use, and so is the four-colour
distribution (``/v1/risk-map/grid/…``). The grid tree and the enterprises' names come from the
phone's reference data, which for a regulator holds those alone (no workshop, post, card or
risk point of the city), so the breadcrumbs need no network at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import parse_qs, urlencode

from pydantic import ValidationError

from mobile.reference import GRID
from mobile.store import Store
from mobile.sync.reads import ServerReads
from shared.cards import HazardGrade
from shared.ids import GridUnitId
from shared.lifecycle import HazardStatus
from shared.org import GridUnit
from shared.text import STORED

__all__ = [
    "CityDay",
    "HazardLine",
    "Lit",
    "TrendPoint",
    "day_in",
    "grid_of",
    "hazard_lines",
    "lit_of",
    "load_city_day",
    "load_lights",
    "neighbours",
    "parent_in_scope",
    "ranking_of",
    "ranking_window",
    "trail",
    "trend_points",
    "with_day",
]


def grid_of(store: Store) -> dict[GridUnitId, GridUnit]:
    """Every grid unit the phone knows (from the last reference sync), by id."""
    doc = store.read_doc(GRID) or {}
    units = {}
    for row in doc.get("grid_unit", []):
        try:
            unit = GridUnit.model_validate(row, context=STORED)
        except ValidationError:
            continue
        units[unit.id] = unit
    return units


def trail(unit: GridUnitId, scope: GridUnitId, units: dict[GridUnitId, GridUnit]) -> list[GridUnit]:
    """The breadcrumbs from the user's own unit down to ``unit``, both included.

    A unit outside the scope (or unknown) gives just the scope's unit, if known.
    """
    chain: list[GridUnit] = []
    current = units.get(unit)
    while current is not None:
        chain.append(current)
        if current.id == scope:
            return chain[::-1]
        current = units.get(current.parent_id) if current.parent_id else None
    return [units[scope]] if scope in units else []


def parent_in_scope(
    unit: GridUnitId, scope: GridUnitId, units: dict[GridUnitId, GridUnit]
) -> GridUnitId | None:
    """The unit one level up, or None at the top of the user's scope (or outside it)."""
    crumbs = trail(unit, scope, units)
    return crumbs[-2].id if len(crumbs) >= 2 and crumbs[-1].id == unit else None


@dataclass(frozen=True)
class HazardLine:
    """One state's hazards of a unit: how many 一般 and 重大."""

    status: HazardStatus
    general: int
    major: int


def hazard_lines(by_status: dict[str, dict[str, int]]) -> list[HazardLine]:
    """The states with any hazard, in the order of the lifecycle (登记 first, 销号 last)."""
    lines = []
    for status in HazardStatus:
        grades = by_status.get(status.value) or {}
        general = grades.get(HazardGrade.GENERAL.value, 0)
        major = grades.get(HazardGrade.MAJOR.value, 0)
        if general or major:
            lines.append(HazardLine(status, general, major))
    return lines


@dataclass(frozen=True)
class TrendPoint:
    """One scored day of a unit: mean score, lights and card completion."""

    day: date
    mean_total: float | None
    mean_month_score: float | None
    red: int
    yellow: int
    completion: float | None
    cards: dict[str, int]
    """Settled card instances in the 30 days: ``on_time``, ``late``, ``missed``."""

    @property
    def lit(self) -> int:
        """Enterprises with a red or a yellow light."""
        return self.red + self.yellow


_OUTCOMES = ("on_time", "late", "missed")


def trend_points(body: list[dict[str, Any]]) -> list[TrendPoint]:
    """The trend answer as points, oldest first."""
    return [
        TrendPoint(
            day=date.fromisoformat(row["day"]),
            mean_total=row.get("mean_total"),
            mean_month_score=row.get("mean_month_score"),
            red=int(row.get("red", 0)),
            yellow=int(row.get("yellow", 0)),
            completion=row.get("completion"),
            cards={
                k: int((row.get("cards") or {}).get(k, 0)) for k in ("on_time", "late", "missed")
            },
        )
        for row in sorted(body, key=lambda r: str(r["day"]))
    ]


RANKED_SHOWN = 20
"""A unit with more ranked enterprises shows the best and the worst half of this many."""


def ranking_window(
    entries: list[dict[str, Any]], shown: int = RANKED_SHOWN
) -> tuple[list[dict[str, Any]], int, list[dict[str, Any]]]:
    """The top and the bottom of a long ranking, and how many lie between (drill down to see).

    A city has thousands of enterprises; the best and the worst are what a regulator acts on.
    """
    if len(entries) <= shown:
        return entries, 0, []
    half = shown // 2
    return entries[:half], len(entries) - 2 * half, entries[-half:]


def ranking_of(grid: dict[str, Any]) -> tuple[list[dict[str, Any]], int, list[dict[str, Any]]]:
    """The unit's best and worst ranked (as the server chose them) and how many lie between.

    The server names at most ``RANKED_SHOWN`` of a unit's enterprises; a copy kept from a
    server that sent the whole ranking is cut the same way here.
    """
    if "best" not in grid:
        return ranking_window(list(grid.get("enterprises") or []))
    best, worst = list(grid["best"]), list(grid.get("worst") or [])
    count = int((grid.get("summary") or {}).get("enterprises", 0))
    return best, max(count - len(best) - len(worst), 0), worst


def lit_of(grid: dict[str, Any]) -> list[dict[str, Any]]:
    """The unit's lit enterprises (a kept copy of the whole ranking: its lit ones)."""
    if "lit" in grid:
        return list(grid["lit"])
    return [e for e in grid.get("enterprises") or [] if e.get("light")]


def neighbours(days: list[date], day: date) -> tuple[date | None, date | None]:
    """The scored days just before and just after ``day`` (the ← and → buttons)."""
    before = [d for d in days if d < day]
    after = [d for d in days if d > day]
    return (max(before) if before else None, min(after) if after else None)


def day_in(path: str) -> date | None:
    """The day a path asks for (``/city/C-QH?day=2026-11-20``), or None for the latest."""
    query = path.split("?", 1)[1] if "?" in path else ""
    values = parse_qs(query).get("day")
    try:
        return date.fromisoformat(values[0]) if values else None
    except ValueError:
        return None


def with_day(path: str, day: date | None) -> str:
    """``path`` showing ``day`` (None: the latest)."""
    bare = path.split("?", 1)[0]
    return f"{bare}?{urlencode({'day': day.isoformat()})}" if day else bare


@dataclass(frozen=True)
class CityDay:
    """Everything the unit's screen shows from the server, and how old it is.

    Attributes:
        day: The day shown.
        days: The scored days of the trend (30 to the latest), for ← →.
        grid: ``GET /v1/scores/grid/{unit}?day=`` (summary, child units, best, worst, lit).
        trend: The unit's last 30 scored days.
        hazards: ``GET /v1/scores/grid/{unit}/hazards``: counts and overdue hazards at the
            latest scored day's end.
        at_ms: When the oldest of these answers was fetched (phone clock).
        fresh: False if any of them is a copy kept from before (offline).
    """

    day: date
    days: list[date]
    grid: dict[str, Any]
    trend: list[TrendPoint]
    hazards: dict[str, Any]
    at_ms: int
    fresh: bool

    @property
    def point(self) -> TrendPoint | None:
        """The trend's point of the day shown."""
        return next((p for p in self.trend if p.day == self.day), None)


def load_city_day(reads: ServerReads, unit: GridUnitId, day: date | None) -> CityDay:
    """Read the unit's dashboards for ``day`` (None: the latest scored day).

    Raises:
        Offline: Never fetched and the server cannot be reached.
        SignInRequired, ServerRefused: As ``ServerReads.json`` (404: nothing scored yet).
    """
    latest = reads.json("/v1/scores/latest")
    last = date.fromisoformat(latest.body["day"])
    trend = reads.json(f"/v1/scores/grid/{unit}/trend", {"to": last.isoformat()})
    points = trend_points(trend.body)
    shown = day if day is not None and day <= last else last
    grid = reads.json(f"/v1/scores/grid/{unit}", {"day": shown.isoformat()})
    hazards = reads.json(f"/v1/scores/grid/{unit}/hazards")
    answers = (latest, trend, grid, hazards)
    return CityDay(
        day=shown,
        days=[p.day for p in points],
        grid=grid.body,
        trend=points,
        hazards=hazards.body,
        at_ms=min(a.at_ms for a in answers),
        fresh=all(a.fresh for a in answers),
    )


@dataclass(frozen=True)
class Lit:
    """The lights in scope on the latest scored day, red first, and how old the answer is."""

    day: date
    entries: list[dict[str, Any]]
    at_ms: int
    fresh: bool


def load_lights(reads: ServerReads) -> Lit:
    """Every enterprise in the user's scope with a light on the latest scored day, red first."""
    latest = reads.json("/v1/scores/latest")
    last = date.fromisoformat(latest.body["day"])
    lit = reads.json("/v1/scores/lights", {"day": last.isoformat()})
    order = sorted(lit.body, key=lambda e: (e.get("light") != "red", e.get("month_score", 0)))
    return Lit(last, order, min(latest.at_ms, lit.at_ms), latest.fresh and lit.fresh)
