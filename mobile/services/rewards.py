"""奖惩 on the phone: the manager's monthly table of the enterprise's people, a worker's own month.

The server computes the month from every phone's records (``/v1/scores/rewards``: a manager
gets everyone, a worker their own row), so one phone's partial copy never gives someone wrong
points. The last answer of each month is kept, so the table still shows offline, marked with
when it was fetched. The manager's export (.xlsx) is saved in the phone's data folder.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.sync.reads import ServerReads

__all__ = [
    "REWARDS",
    "REWARDS_XLSX",
    "PersonPoints",
    "RewardsMonth",
    "month_key",
    "previous_month",
    "rewards_of",
    "save_rewards_xlsx",
]

REWARDS = "/v1/scores/rewards"
REWARDS_XLSX = "/v1/scores/rewards.xlsx"


@dataclass(frozen=True)
class PersonPoints:
    """One person's month: deeds, points and why points were taken (reasons in Chinese)."""

    user_id: str
    name: str
    cards_on_time: int
    hazards_found: int
    hazards_confirmed: int
    fixes_on_time: int
    concealments: int
    points: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class RewardsMonth:
    """The month as the server last gave it."""

    month: str
    first: date
    last: date
    rules: dict[str, float]
    """Points per deed: confirmed_hazard, card_on_time, fix_on_time, concealment."""
    people: tuple[PersonPoints, ...]
    fetched_ms: int
    fresh: bool


def month_key(day: date) -> str:
    """``YYYY-MM`` of a day: the month the server is asked for."""
    return f"{day:%Y-%m}"


def previous_month(day: date) -> date:
    """A day of the month before ``day``'s."""
    return day.replace(day=1) - timedelta(days=1)


def rewards_of(reads: ServerReads, month: str) -> RewardsMonth | None:
    """The month's table, or None: never fetched and the server cannot be reached."""
    try:
        fetched = reads.json(REWARDS, {"month": month})
    except (Offline, ServerRefused, SignInRequired):
        return None
    body: dict[str, Any] = dict(fetched.body or {})
    if "people" not in body:
        return None
    return RewardsMonth(
        month=str(body.get("month", month)),
        first=date.fromisoformat(str(body["first"])),
        last=date.fromisoformat(str(body["last"])),
        rules={str(k): float(v) for k, v in dict(body.get("rules") or {}).items()},
        people=tuple(_person(row) for row in body["people"]),
        fetched_ms=fetched.at_ms,
        fresh=fetched.fresh,
    )


def _person(row: dict[str, Any]) -> PersonPoints:
    return PersonPoints(
        user_id=str(row.get("user_id", "")),
        name=str(row.get("name", "")),
        cards_on_time=int(row.get("cards_on_time", 0)),
        hazards_found=int(row.get("hazards_found", 0)),
        hazards_confirmed=int(row.get("hazards_confirmed", 0)),
        fixes_on_time=int(row.get("fixes_on_time", 0)),
        concealments=int(row.get("concealments", 0)),
        points=float(row.get("points", 0.0)),
        reasons=tuple(str(r) for r in row.get("reasons") or ()),
    )


def save_rewards_xlsx(reads: ServerReads, data: Path, month: str) -> Path:
    """Download the month's .xlsx into ``data/exports`` and return where it is.

    Raises:
        Offline, SignInRequired, ServerRefused: As ``ServerReads.download``.
    """
    content = reads.download(REWARDS_XLSX, {"month": month})
    folder = data / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"奖惩积分-{month}.xlsx"
    part = path.with_suffix(".part")
    part.write_bytes(content)
    part.replace(path)
    return path
