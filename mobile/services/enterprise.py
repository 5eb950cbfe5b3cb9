"""本企业: a manager's enterprise at a glance: its risk points by colour, today's cards by post.

Risk points come from the phone's reference data; the day of each post is the worker's day
(``today.plan_today``) over every post of the enterprise, so the manager sees the same
"done / due / late" a worker at that post sees, from every phone's ticks the phone has pulled.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mobile.local_record import LocalRecord
from mobile.reference import reference_of
from mobile.services.catalog import my_posts
from mobile.services.hazard_lists import HazardRow
from mobile.services.risk_points import by_colour, risk_points_of
from mobile.services.today import PostDay, Standing, plan_today
from shared.lifecycle import HazardStatus
from shared.org import RiskPoint
from shared.risk import RiskColour
from shared.roles import Actor

__all__ = [
    "MANAGER_ORDER",
    "EnterpriseDay",
    "PostProgress",
    "enterprise_day",
    "enterprise_hazards",
    "risk_points",
]


@dataclass(frozen=True)
class PostProgress:
    """One post's card instances today: how many are done, due, late or not yet open."""

    day: PostDay
    done: int
    due: int
    overdue: int
    upcoming: int

    @property
    def total(self) -> int:
        """Every instance listed for the post today."""
        return self.done + self.due + self.overdue + self.upcoming

    @property
    def share(self) -> float:
        """Done ÷ instances already open (1.0 when nothing is open yet)."""
        open_ = self.done + self.due + self.overdue
        return self.done / open_ if open_ else 1.0


@dataclass(frozen=True)
class EnterpriseDay:
    """What the 本企业 screen shows."""

    risks: tuple[tuple[RiskColour, tuple[RiskPoint, ...]], ...]
    posts: tuple[PostProgress, ...]
    has_reference: bool


def risk_points(
    record: LocalRecord, actor: Actor
) -> tuple[tuple[RiskColour, tuple[RiskPoint, ...]], ...]:
    """The enterprise's risk points by colour, gravest first; colours without points left out."""
    points = risk_points_of(record.store, actor.tenant) if actor.tenant else []
    return tuple((colour, tuple(found)) for colour, found in by_colour(points))


def enterprise_day(record: LocalRecord, actor: Actor, now: datetime) -> EnterpriseDay:
    """Risk points by colour and every post's cards today."""
    posts = my_posts(record.store, actor)
    plan = plan_today(record, posts, now)
    progress = tuple(_progress(day) for day in plan.posts)
    has_reference = (
        bool(actor.tenant) and reference_of(record.store, actor.tenant or "") is not None
    )
    return EnterpriseDay(risk_points(record, actor), progress, has_reference)


def _progress(day: PostDay) -> PostProgress:
    def count(standing: Standing) -> int:
        return sum(1 for card in day.cards if card.standing is standing)

    return PostProgress(
        day,
        done=count(Standing.DONE),
        due=count(Standing.DUE),
        overdue=count(Standing.OVERDUE),
        upcoming=count(Standing.UPCOMING),
    )


MANAGER_ORDER = (
    HazardStatus.AWAITING_ACCEPTANCE,
    HazardStatus.REGISTERED,
    HazardStatus.REPORTED,
    HazardStatus.PLANNED,
    HazardStatus.SUPERVISED,
    HazardStatus.TO_RECTIFY,
    HazardStatus.RECTIFYING,
    HazardStatus.ACCEPTED,
    HazardStatus.CLOSED,
    HazardStatus.VOIDED,
)
"""A manager's 隐患 tab: what waits for them first, the work under way, finished ones last."""


def enterprise_hazards(
    record: LocalRecord, actor: Actor, now: datetime
) -> list[tuple[HazardStatus, list[HazardRow]]]:
    """Every hazard of the manager's enterprise by state (``MANAGER_ORDER``), newest first."""
    pending = {event.aggregate.id for event in record.pending()}
    rows = [
        HazardRow(hazard, hazard.is_overdue(now), hazard.id in pending, to_fix=False)
        for hazard in record.projections.hazards().values()
        if hazard.tenant == actor.tenant
    ]
    rows.sort(key=lambda row: row.hazard.reported_at, reverse=True)
    return [
        (status, found)
        for status in MANAGER_ORDER
        if (found := [row for row in rows if row.hazard.status is status])
    ]
