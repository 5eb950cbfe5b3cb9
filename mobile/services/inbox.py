"""A safety manager's 待办: the enterprise's hazards that wait for them, by what they wait for.

A hazard is in a group when the shared rules let the manager take that group's step now
(``managing.why_not``), so the inbox never offers what the fold would refuse. One hazard may
wait for two things (a conflict to confirm and an acceptance); it is listed under each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from mobile.local_record import LocalRecord
from mobile.services.managing import hard_conflicts, why_not
from shared.cards import HazardGrade
from shared.events import EventType
from shared.hazards import Conflict, Hazard
from shared.lifecycle import HazardStatus
from shared.roles import Actor

__all__ = ["Inbox", "InboxRow", "Need", "enterprise_conflicts", "inbox", "need_of"]

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
