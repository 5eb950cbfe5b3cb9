"""The manager's own scoreboard: how the enterprise stands today, and why.

The server scores every enterprise each night and answers an enterprise's days only to people
in its scope (``/v1/scores/enterprises/<t>``: a manager sees his own enterprise, in full, and
no other). This reads that answer into what the screen shows: the latest day's total, tier and
month score, every line with its points and reasons, the lights, the ranks in each grid unit
and the 30-day trend. The last answer is kept, so the board still shows offline, marked with
when it was fetched.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.sync.reads import ServerReads

__all__ = ["BoardLine", "Rank", "Scoreboard", "scoreboard_of", "tier_of"]


@dataclass(frozen=True)
class BoardLine:
    """One line of the score: a component (points ≥ 0) or a deduction (points ≤ 0)."""

    code: str
    label_zh: str
    points: float
    max_points: float | None
    detail: str
    """The numbers and reasons behind the points (which item, when), in Chinese."""

    @property
    def lost(self) -> float:
        """Points this line leaves on the table: what fixing it would raise the score by."""
        if self.points < 0:
            return -self.points
        return max(0.0, (self.max_points or 0.0) - self.points)


@dataclass(frozen=True)
class Rank:
    """The enterprise's place in one grid unit, by month score."""

    unit: str
    place: int
    out_of: int


@dataclass(frozen=True)
class Scoreboard:
    """The latest scored day of the manager's enterprise, with its 30 days before."""

    day: date
    total: float
    tier: str
    month_score: float
    components: tuple[BoardLine, ...]
    deductions: tuple[BoardLine, ...]
    lights: tuple[tuple[str, str, str], ...]
    """(colour, reason in Chinese, reason in English)."""
    ranks: tuple[Rank, ...]
    """Smallest unit first (its village, then township, county …)."""
    trend: tuple[tuple[date, float], ...]
    """(day, total), oldest first, the latest last."""
    fetched_ms: int
    fresh: bool
    scale: tuple[float, float, float] = (90.0, 75.0, 60.0)
    """From where 优秀, 良好 and 一般 start: the city's weights in force (``/v1/scores/weights``),
    the handbook's when they cannot be had."""

    def costliest(self, count: int = 3) -> tuple[BoardLine, ...]:
        """The lines that lose the most points: what would raise the score most."""
        lines = [line for line in (*self.components, *self.deductions) if line.lost > 0]
        return tuple(sorted(lines, key=lambda line: -line.lost)[:count])


def scoreboard_of(reads: ServerReads, tenant: str) -> Scoreboard | None:
    """The enterprise's board, or None: never scored, or never fetched and unreachable."""
    try:
        fetched = reads.json(f"/v1/scores/enterprises/{tenant}")
    except (Offline, ServerRefused, SignInRequired):
        return None
    rows: list[dict[str, Any]] = list(fetched.body or [])
    if not rows:
        return None
    last = rows[-1]
    return Scoreboard(
        day=date.fromisoformat(str(last["day"])),
        total=float(last.get("total", 0.0)),
        tier=str(last.get("tier", "")),
        month_score=float(last.get("month_score", 0.0)),
        components=_lines(last.get("components")),
        deductions=_lines(last.get("deductions")),
        lights=tuple(
            (str(x.get("colour")), str(x.get("reason_zh", "")), str(x.get("reason_en", "")))
            for x in last.get("lights") or []
        ),
        ranks=_ranks(last.get("ranks")),
        trend=tuple(
            (date.fromisoformat(str(row["day"])), float(row.get("total", 0.0))) for row in rows
        ),
        fetched_ms=fetched.at_ms,
        fresh=fetched.fresh,
        scale=_scale(reads),
    )


def _scale(reads: ServerReads) -> tuple[float, float, float]:
    """The tier thresholds in force; the handbook's when never fetched and offline."""
    try:
        weights = dict(reads.json("/v1/scores/weights").body.get("weights") or {})
        return (
            float(weights["green_from"]),
            float(weights["yellow_from"]),
            float(weights["orange_from"]),
        )
    except (Offline, ServerRefused, SignInRequired, AttributeError, KeyError, TypeError):
        return (90.0, 75.0, 60.0)


def tier_of(total: float, scale: tuple[float, float, float]) -> str:
    """The tier of a total on this scale (each threshold belongs to the better tier)."""
    green, yellow, orange = scale
    if total >= green:
        return "green"
    if total >= yellow:
        return "yellow"
    return "orange" if total >= orange else "red"


def _lines(found: Any) -> tuple[BoardLine, ...]:
    return tuple(
        BoardLine(
            code=str(line.get("code", "")),
            label_zh=str(line.get("label_zh", "")),
            points=float(line.get("points", 0.0)),
            max_points=None if line.get("max_points") is None else float(line["max_points"]),
            detail=str(line.get("detail", "")),
        )
        for line in found or []
    )


def _ranks(found: Any) -> tuple[Rank, ...]:
    """The ranks, smallest unit first: the one with the fewest enterprises."""
    ranks = [
        Rank(unit=str(unit), place=int(pair[0]), out_of=int(pair[1]))
        for unit, pair in (found or {}).items()
        if isinstance(pair, list | tuple) and len(pair) == 2
    ]
    return tuple(sorted(ranks, key=lambda rank: (rank.out_of, rank.unit)))
