"""A safety manager's 待办: the enterprise's hazards that wait for them, by what they wait for.

A hazard is in a group when the shared rules let the manager take that group's step now
(``managing.why_not``), so the inbox never offers what the fold would refuse. One hazard may
wait for two things (a conflict to confirm and an acceptance); it is listed under each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from urllib.parse import quote

from mobile.local_record import LocalRecord
from mobile.services.enterprise import enterprise_day
from mobile.services.local_time import local
from mobile.services.managing import hard_conflicts, why_not
from shared.cards import HazardGrade
from shared.events import EventType
from shared.hazards import Conflict, Hazard
from shared.lifecycle import FINISHED, HazardStatus
from shared.roles import Actor

__all__ = [
    "Inbox",
    "InboxRow",
    "Need",
    "Remind",
    "Reminder",
    "enterprise_conflicts",
    "inbox",
    "need_of",
    "reminders",
]

E = EventType
S = HazardStatus


class Need(StrEnum):
    """What a hazard waits for from the manager, in the order the inbox lists them.

    Values are prefixed: a StrEnum member equals its value, and the labels table is shared.
    """

    CONFLICT = "need.conflict"  # 冲突待确认: concurrent decisions the rules settled, to confirm
    MAJOR = "need.major"  # 重大隐患: report to the authority, or attach the treatment plan
    ASSIGN = "need.assign"  # 待指派: nobody is responsible for fixing it yet
    ACCEPT = "need.accept"  # 待验收: fixed, waiting for the manager's check
    CLOSE = "need.close"  # 待销号: accepted, waiting to be closed


@dataclass(frozen=True)
class InboxRow:
    """One hazard under one need."""

    hazard: Hazard
    need: Need
    overdue: bool
    pending: bool  # an event of it is still only on this phone (待同步)


@dataclass(frozen=True)
class Inbox:
    """The groups, each oldest report first (the longest waiting on top)."""

    groups: tuple[tuple[Need, tuple[InboxRow, ...]], ...]

    def count(self, need: Need) -> int:
        """How many hazards wait for ``need``."""
        return sum(len(rows) for kind, rows in self.groups if kind is need)

    @property
    def overdue(self) -> int:
        """How many distinct hazards in the inbox are past their deadline."""
        return len({row.hazard.id for _, rows in self.groups for row in rows if row.overdue})

    @property
    def empty(self) -> bool:
        """Nothing waits for the manager."""
        return not self.groups


def need_of(hazard: Hazard, actor: Actor) -> tuple[Need, ...]:
    """What ``hazard`` waits for from ``actor``; empty when nothing (or not their enterprise)."""
    if hazard.tenant != actor.tenant:
        return ()
    needs: list[Need] = []
    if hard_conflicts(hazard) and why_not(hazard, actor, E.CONFLICT_RESOLVED) is None:
        needs.append(Need.CONFLICT)
    if hazard.grade is HazardGrade.MAJOR and _major_step_open(hazard, actor):
        needs.append(Need.MAJOR)
    if hazard.status in (S.REGISTERED, S.PLANNED, S.SUPERVISED) and (
        why_not(hazard, actor, E.HAZARD_ASSIGNED) is None
    ):
        needs.append(Need.ASSIGN)
    if why_not(hazard, actor, E.HAZARD_ACCEPTED) is None:
        needs.append(Need.ACCEPT)
    if why_not(hazard, actor, E.HAZARD_CLOSED) is None:
        needs.append(Need.CLOSE)
    return tuple(needs)


def _major_step_open(hazard: Hazard, actor: Actor) -> bool:
    """上报 not made yet, or no 治理方案 yet, and the rules allow it now."""
    to_report = hazard.authority_report is None
    to_plan = hazard.plan_summary is None
    return (to_report and why_not(hazard, actor, E.HAZARD_MAJOR_REPORTED) is None) or (
        to_plan and why_not(hazard, actor, E.HAZARD_PLAN_ATTACHED) is None
    )


def inbox(record: LocalRecord, actor: Actor, now: datetime) -> Inbox:
    """The manager's enterprise's hazards that wait for them, grouped by ``Need``."""
    pending = {event.aggregate.id for event in record.pending()}
    found: dict[Need, list[InboxRow]] = {}
    hazards = sorted(record.projections.hazards().values(), key=lambda h: h.reported_at)
    for hazard in hazards:
        for need in need_of(hazard, actor):
            row = InboxRow(hazard, need, hazard.is_overdue(now), hazard.id in pending)
            found.setdefault(need, []).append(row)
    return Inbox(tuple((need, tuple(found[need])) for need in Need if need in found))


def enterprise_conflicts(record: LocalRecord, actor: Actor) -> list[tuple[Hazard, Conflict]]:
    """Every open conflict on the manager's enterprise's hazards, for the sync screen."""
    return [
        (hazard, conflict)
        for hazard in record.projections.hazards().values()
        if hazard.tenant == actor.tenant
        for conflict in hazard.open_conflicts()
    ]


# --- reminders (issue 18) ----------------------------------------------------------------------

NEAR_DEADLINE = timedelta(days=2)
"""A rectification this close to its deadline is a reminder."""


class Remind(StrEnum):
    """What a reminder is about, gravest first (the order the inbox lists them in)."""

    SUPERVISED = "remind.supervised"  # 挂牌督办 by the authority, until the hazard is closed
    AWAITS_AUTHORITY = "remind.awaits_authority"  # closed under 挂牌督办, until 解除督办
    LIGHT = "remind.light"  # a red or yellow light on the enterprise
    CARDS_OVERDUE = "remind.cards_overdue"  # a post's card instances past their time today
    DEADLINE_NEAR = "remind.deadline_near"  # a rectification due within two days


@dataclass(frozen=True)
class Reminder:
    """One reminder: what, the words' values, and where a tap leads (a path, or None)."""

    kind: Remind
    values: dict[str, str]
    target: str | None
    key: str


def reminders(
    record: LocalRecord,
    actor: Actor,
    now: datetime,
    lights: Sequence[tuple[str, str, str]] = (),
) -> tuple[Reminder, ...]:
    """What the manager should not forget, from the phone's own folds and schedule.

    Args:
        record: The phone's events and folds.
        actor: The manager (their enterprise's hazards and posts only).
        now: Aware now; deadlines are compared with it.
        lights: The enterprise's lights as last fetched with its score (colour, zh, en).
    """
    found: list[Reminder] = []
    hazards = sorted(record.projections.hazards().values(), key=lambda h: h.reported_at)
    mine = [h for h in hazards if h.tenant == actor.tenant and h.status not in FINISHED]
    for hazard in mine:
        if hazard.supervision_level is not None:
            due = hazard.supervision_deadline
            found.append(
                Reminder(
                    Remind.SUPERVISED,
                    {
                        "title": hazard.title,
                        "level": hazard.supervision_level,
                        "date": f"{local(due):%m-%d}" if due else "—",
                    },
                    f"/hazards/{quote(hazard.id, safe='')}",
                    f"remind-supervised-{hazard.id}",
                )
            )
    found += [_awaiting(h) for h in hazards if h.tenant == actor.tenant and h.awaits_authority()]
    for index, (colour, zh, _) in enumerate(lights):
        found.append(
            Reminder(
                Remind.LIGHT,
                {"colour": colour, "reason": zh},
                "/scoreboard",
                f"remind-light-{index}",
            )
        )
    for progress in enterprise_day(record, actor, now).posts:
        if progress.overdue:
            post = progress.day.post
            found.append(
                Reminder(
                    Remind.CARDS_OVERDUE,
                    {"post": post.place, "count": str(progress.overdue)},
                    "/enterprise",
                    f"remind-cards-{post.post.id}",
                )
            )
    for hazard in mine:
        if (deadline := _deadline_near(hazard, now)) is not None:
            found.append(
                Reminder(
                    Remind.DEADLINE_NEAR,
                    {"title": hazard.title, "date": f"{local(deadline):%m-%d %H:%M}"},
                    f"/hazards/{quote(hazard.id, safe='')}",
                    f"remind-deadline-{hazard.id}",
                )
            )
    return tuple(found)


def _awaiting(hazard: Hazard) -> Reminder:
    """A supervised hazard closed by the enterprise: 待监管确认销号.

    It stays under 挂牌督办 until the authority confirms the 销号 (解除督办); the manager must
    not take the matter for finished, and may be asked again.
    """
    return Reminder(
        Remind.AWAITS_AUTHORITY,
        {"title": hazard.title, "level": hazard.supervision_level or "—"},
        f"/hazards/{quote(hazard.id, safe='')}",
        f"remind-confirm-{hazard.id}",
    )


def _deadline_near(hazard: Hazard, now: datetime) -> datetime | None:
    """Its deadline, if being fixed and due within two days (one passed shows as 逾期)."""
    deadline = hazard.deadline
    if deadline is None or hazard.status is S.AWAITING_ACCEPTANCE:
        return None
    return deadline if now <= deadline <= now + NEAR_DEADLINE else None
