"""A worker's reminders (提醒) on 今日, and the counts on every role's tabs (badges).

Nothing tells anyone anything unless the phone does: a worker hears of a rectification given
to them, sent back (被驳回, and why) or two days from its deadline only from their own phone,
fed by sync; and the phone's own schedule says when a card opens at shift start and when it is
30 minutes from being missed. Everything here is read from the phone's folds and schedule
(and, for an inspector's week, the due list kept from the last fetch): it works offline.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from urllib.parse import quote

from mobile.local_record import LocalRecord
from mobile.services.catalog import PostCard
from mobile.services.inbox import NEAR_DEADLINE, inbox, reminders
from mobile.services.local_time import local
from mobile.services.profiles import DueLine
from mobile.services.today import Standing, TodayPlan, plan_today
from shared.events import EventType
from shared.hazards import APPLIED_LIKE, Hazard
from shared.lifecycle import HazardStatus
from shared.roles import Actor
from shared.schedule import DEFAULT_LATENESS, LatenessPolicy

__all__ = [
    "MISSED_SOON",
    "Nudge",
    "WorkerReminder",
    "due_this_week",
    "manager_badge",
    "worker_reminders",
]

MISSED_SOON = timedelta(minutes=30)
"""A card still open this long before it would count as missed (漏检) is a reminder."""
WEEK = timedelta(days=7)
DAY = timedelta(days=1)

S = HazardStatus
OPEN_FIX = frozenset({S.TO_RECTIFY, S.RECTIFYING})


class Nudge(StrEnum):
    """What a worker's reminder is about, most pressing first (the order 今日 lists them in)."""

    FIX_REJECTED = "nudge.fix_rejected"  # 被驳回: the manager sent a fix back, with why
    FIX_OVERDUE = "nudge.fix_overdue"  # a rectification past its deadline
    CARD_MISSED_SOON = "nudge.card_missed_soon"  # 30 minutes before a card counts as missed
    FIX_DEADLINE_NEAR = "nudge.fix_deadline_near"  # a rectification due within two days
    FIX_ASSIGNED = "nudge.fix_assigned"  # a rectification given to them, not started yet
    CARD_DUE = "nudge.card_due"  # a card open now (from its shift's start)


@dataclass(frozen=True)
class WorkerReminder:
    """One reminder: what, the words' values, where a tap leads, and its control key."""

    kind: Nudge
    values: dict[str, str]
    target: str
    key: str


def worker_reminders(
    record: LocalRecord,
    actor: Actor,
    posts: Sequence[PostCard],
    now: datetime,
    *,
    plan: TodayPlan | None = None,
    policy: LatenessPolicy = DEFAULT_LATENESS,
) -> tuple[WorkerReminder, ...]:
    """The worker's reminders now, most pressing first: their fixes, then their cards.

    Args:
        record: The phone's folds (what sync brought and what this phone made).
        actor: The worker.
        posts: Their posts (``catalog.my_posts``).
        now: Aware now.
        plan: Today's plan, when the caller has it already.
        policy: When a card counts as missed.
    """
    found = [_fix(h, now) for h in _my_fixes(record, actor)]
    shown = plan if plan is not None else plan_today(record, posts, now, policy=policy)
    found += _cards(shown, local(now), policy)
    order = {kind: index for index, kind in enumerate(Nudge)}
    return tuple(sorted((r for r in found if r is not None), key=lambda r: order[r.kind]))


def _my_fixes(record: LocalRecord, actor: Actor) -> list[Hazard]:
    hazards = sorted(record.projections.hazards().values(), key=lambda h: h.reported_at)
    return [
        h
        for h in hazards
        if h.tenant == actor.tenant and h.assignee == actor.user_id and h.status in OPEN_FIX
    ]


def _rejected(hazard: Hazard) -> str | None:
    """Why the last fix was sent back, if the hazard stands rejected (not started again since)."""
    stood = [e for e in hazard.timeline if e.outcome in APPLIED_LIKE]
    if not stood or stood[-1].type is not EventType.HAZARD_REJECTED:
        return None
    return hazard.rejection_reasons[-1] if hazard.rejection_reasons else ""


def _fix(hazard: Hazard, now: datetime) -> WorkerReminder:
    """The one reminder a rectification of theirs deserves: the most pressing thing about it."""
    target = f"/hazards/{quote(hazard.id, safe='')}"
    deadline = hazard.deadline
    values = {
        "title": hazard.title,
        "date": f"{local(deadline):%m-%d %H:%M}" if deadline else "—",
    }
    reason = _rejected(hazard)
    if reason is not None:
        kind = Nudge.FIX_REJECTED
        values["reason"] = reason or "—"
    elif hazard.is_overdue(now):
        kind = Nudge.FIX_OVERDUE
    elif deadline is not None and now <= deadline <= now + NEAR_DEADLINE:
        kind = Nudge.FIX_DEADLINE_NEAR
    else:
        kind = Nudge.FIX_ASSIGNED
    return WorkerReminder(kind, values, target, f"nudge-fix-{hazard.id}")


def _cards(plan: TodayPlan, at: datetime, policy: LatenessPolicy) -> list[WorkerReminder]:
    """Cards open now and due within a day, or 30 minutes from counting as missed.

    A weekly or monthly card open all week is not a reminder every day: only on its last one.
    """
    found: list[WorkerReminder] = []
    for day in plan.posts:
        for card in day.cards:
            if card.standing not in (Standing.DUE, Standing.OVERDUE):
                continue
            instance = card.instance
            missed_at = instance.due_at + policy.grace(instance.frequency)
            path = f"/check/{quote(day.post.post.id, safe='')}/{instance.frequency.value}"
            values = {
                "post": day.post.place,
                "frequency": instance.frequency.value,
                "due": clock_text(instance.due_at, at),
                "missed": clock_text(missed_at, at),
            }
            key = f"nudge-{day.post.post.id}-{instance.frequency.value}-{instance.period}"
            if missed_at - MISSED_SOON <= at <= missed_at:
                found.append(WorkerReminder(Nudge.CARD_MISSED_SOON, values, path, key))
            elif card.standing is Standing.DUE and instance.due_at - at <= DAY:
                found.append(WorkerReminder(Nudge.CARD_DUE, values, path, key))
    return found


def clock_text(moment: datetime, at: datetime) -> str:
    """A due time as 今日 writes it: ``20:00`` today, ``24:00`` at midnight, else with the date."""
    if moment.date() == at.date():
        return f"{moment:%H:%M}"
    if moment.date() == at.date() + DAY and moment.time() == time():
        return "24:00"
    return f"{moment:%m-%d %H:%M}"


def manager_badge(record: LocalRecord, actor: Actor, now: datetime) -> int:
    """待办's count: the hazards waiting for the manager and the reminders from the phone."""
    waiting = {row.hazard.id for _, rows in inbox(record, actor, now).groups for row in rows}
    return len(waiting) + len(reminders(record, actor, now))


def due_this_week(lines: Sequence[DueLine], today: date) -> list[DueLine]:
    """An inspector's visits due within the week ahead, or overdue already."""
    return [line for line in lines if line.overdue or line.due_on < today + WEEK]
