"""What an inspector (or a regulator) reads about an enterprise and their due visits.

Scores, lights and the due list are computed by the server (``/v1/scores/enterprises/<t>``,
``/v1/supervision/due``) and read through ``ServerReads``, which keeps the last answer: a
profile opened in the car park still shows in the basement, marked with when it was fetched.
Risk points come from the phone's reference data, open hazards from the phone's own folds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from mobile.local_record import LocalRecord
from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.sync.reads import Fetched, ServerReads
from shared.hazards import Hazard
from shared.lifecycle import FINISHED
from shared.text import STORED

__all__ = [
    "DueLine",
    "DueList",
    "ScoreDay",
    "Scores",
    "due_list",
    "kept_due_list",
    "open_hazards",
    "open_hazards_read",
    "scores_of",
]


@dataclass(frozen=True)
class ScoreDay:
    """One scored day: the total, and the 30-day card completion as of that day (0–1)."""

    day: date
    total: float
    completion: float | None


@dataclass(frozen=True)
class Scores:
    """An enterprise's latest score, its lights, and the 30 days before.

    Attributes:
        days: Oldest first; the last is the latest scored day.
        lights: (colour, reason in Chinese, reason in English) of the latest day.
        completion_detail: The numbers behind the completion (``按时 20，补做 2，漏检 8``).
        fetched_ms: When the server gave these; ``fresh`` False when this is the kept copy.
    """

    days: tuple[ScoreDay, ...]
    month_score: float
    tier: str
    light: str | None
    lights: tuple[tuple[str, str, str], ...]
    completion_detail: str
    fetched_ms: int
    fresh: bool

    @property
    def latest(self) -> ScoreDay:
        """The last scored day."""
        return self.days[-1]


@dataclass(frozen=True)
class DueLine:
    """One enterprise owed a visit."""

    tenant: str
    name: str
    supervision_class: str
    class_reason: str
    due_on: date
    reasons: tuple[str, ...]
    overdue: bool
    visits_this_year: int
    quota: int
    quota_reason: str = ""  # the class × tier row behind the quota: ``B 类、上月较差：每年 4 次``


@dataclass(frozen=True)
class DueList:
    """The due list as last fetched."""

    lines: tuple[DueLine, ...]
    fetched_ms: int
    fresh: bool


def scores_of(reads: ServerReads, tenant: str) -> Scores | None:
    """The enterprise's scores, or None when there are none or they cannot be had.

    None covers: never scored, not reachable and never fetched, refused, signed out.
    """
    try:
        fetched = reads.json(f"/v1/scores/enterprises/{tenant}")
    except (Offline, ServerRefused, SignInRequired):
        return None
    rows: list[dict[str, Any]] = list(fetched.body or [])
    if not rows:
        return None
    last = rows[-1]
    completion = _component(last, "card_completion")
    return Scores(
        days=tuple(_day(row) for row in rows),
        month_score=float(last.get("month_score", 0.0)),
        tier=str(last.get("tier", "")),
        light=last.get("light"),
        lights=tuple(
            (str(x.get("colour")), str(x.get("reason_zh", "")), str(x.get("reason_en", "")))
            for x in last.get("lights") or []
        ),
        completion_detail=str(completion.get("detail", "")) if completion else "",
        fetched_ms=fetched.at_ms,
        fresh=fetched.fresh,
    )


DUE = "/v1/supervision/due"


def due_list(reads: ServerReads) -> DueList | None:
    """The inspector's due visits, most pressing first; None when never fetched and offline.

    Raises:
        ServerRefused: The server refused (not an inspector's or a regulator's list).
        SignInRequired: The session is gone.
    """
    try:
        fetched = reads.json(DUE)
    except Offline:
        return None
    return _due_list(fetched)


def kept_due_list(reads: ServerReads) -> DueList | None:
    """The due list as last fetched, without asking the server (for the 待检 tab's count)."""
    fetched = reads.kept(DUE)
    return None if fetched is None else _due_list(fetched)


def _due_list(fetched: Fetched) -> DueList:
    lines = [_due(row) for row in fetched.body or []]
    lines.sort(key=lambda line: (not line.overdue, line.due_on, line.name))
    return DueList(tuple(lines), fetched.at_ms, fetched.fresh)


def open_hazards(record: LocalRecord, tenant: str, now: datetime) -> list[tuple[Hazard, bool]]:
    """The enterprise's hazards not yet accepted, closed or voided, with overdue; overdue first."""
    found = [
        (hazard, hazard.is_overdue(now))
        for hazard in record.projections.hazards().values()
        if hazard.tenant == tenant and hazard.status not in FINISHED
    ]
    found.sort(key=lambda pair: (not pair[1], pair[0].reported_at), reverse=False)
    return found


def open_hazards_read(reads: ServerReads, tenant: str, now: datetime) -> list[tuple[Hazard, bool]]:
    """The enterprise's open hazards as the server last gave them, overdue first.

    For a regulator, whose phone keeps no events to fold: the kept copy serves offline, and
    none is shown when it was never fetched or is refused.
    """
    try:
        fetched = reads.json(f"/v1/scores/enterprises/{tenant}/hazards")
    except (Offline, ServerRefused, SignInRequired):
        return []
    found = []
    for body in fetched.body or []:
        try:
            hazard = Hazard.model_validate(body, context=STORED)
        except ValidationError:
            continue  # one unreadable line hides itself, not the profile
        if hazard.status not in FINISHED or hazard.awaits_authority():
            found.append((hazard, hazard.is_overdue(now)))
    found.sort(key=lambda pair: (not pair[1], pair[0].reported_at))
    return found


def _component(row: dict[str, Any], code: str) -> dict[str, Any] | None:
    for line in row.get("components") or []:
        if line.get("code") == code:
            return dict(line)
    return None


def _day(row: dict[str, Any]) -> ScoreDay:
    line = _component(row, "card_completion")
    ratio = None
    if line and line.get("max_points"):
        ratio = max(0.0, min(1.0, float(line["points"]) / float(line["max_points"])))
    return ScoreDay(date.fromisoformat(str(row["day"])), float(row.get("total", 0.0)), ratio)


def _due(row: dict[str, Any]) -> DueLine:
    return DueLine(
        tenant=str(row["tenant"]),
        name=str(row.get("name", row["tenant"])),
        supervision_class=str(row.get("supervision_class", "")),
        class_reason=str(row.get("class_reason", "")),
        due_on=date.fromisoformat(str(row["due_on"])),
        reasons=tuple(str(r) for r in row.get("reasons") or []),
        overdue=bool(row.get("overdue")),
        visits_this_year=int(row.get("visits_this_year", 0)),
        quota=int(row.get("quota", 0)),
        quota_reason=str(row.get("quota_reason", "")),
    )
