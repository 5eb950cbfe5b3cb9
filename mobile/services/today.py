"""A worker's day: which card instances each post owes now, which are late and which are done.

Built from ``shared.schedule.instances_due`` for today and yesterday (a shift or a day that
ended a few hours ago can still be made good, 补做) and the phone's folds of every tick it knows,
its own unsent ones included, so a tick shows as done at once and as 待同步 until the server
has it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from mobile.local_record import LocalRecord
from mobile.services.catalog import PostCard
from mobile.services.local_time import local
from shared.card_ticks import CardRecord
from shared.cards import Frequency, ShiftPattern
from shared.schedule import DEFAULT_LATENESS, CardInstance, LatenessPolicy, instances_due

__all__ = ["DueCard", "PostDay", "Standing", "TodayPlan", "plan_today"]

SHIFTS = ShiftPattern()
"""Posts carry no shift pattern yet: every post works the default day shift (白班 08–20)."""


class Standing(StrEnum):
    """Where one card instance stands for the worker right now."""

    OVERDUE = "overdue"  # 逾期: past its due time and not done; can still be made good (补做)
    DUE = "due"  # 待检: open now and not done
    UPCOMING = "upcoming"  # 未开始: opens later today (a shift that has not started)
    DONE = "done"  # 已完成: every item ticked, on this phone or another


_ORDER = {Standing.OVERDUE: 0, Standing.DUE: 1, Standing.UPCOMING: 2, Standing.DONE: 3}


@dataclass(frozen=True)
class DueCard:
    """One card instance of one post, with its standing and how far it is ticked.

    Attributes:
        instance: The instance (its period, opening and due times are naive local times).
        standing: Overdue, due, upcoming or done.
        ticked: How many of its items are ticked so far.
        pending: Whether a tick of it is still only on this phone (待同步).
    """

    instance: CardInstance
    standing: Standing
    ticked: int
    pending: bool

    @property
    def total(self) -> int:
        """How many items the instance has."""
        return len(self.instance.item_ids)

    @property
    def frequency(self) -> Frequency:
        """Per shift, daily, weekly or monthly."""
        return self.instance.frequency

    @property
    def can_tick(self) -> bool:
        """Whether the worker may open it now: not before it opens, not once done."""
        return self.standing in (Standing.DUE, Standing.OVERDUE)


@dataclass(frozen=True)
class PostDay:
    """One post and its card instances for today, most pressing first."""

    post: PostCard
    cards: tuple[DueCard, ...]


@dataclass(frozen=True)
class TodayPlan:
    """Everything the 今日 screen shows."""

    day: date
    posts: tuple[PostDay, ...]

    def count(self, standing: Standing) -> int:
        """How many instances of all posts stand so."""
        return sum(1 for day in self.posts for card in day.cards if card.standing is standing)


def plan_today(
    record: LocalRecord,
    posts: Sequence[PostCard],
    now: datetime,
    *,
    policy: LatenessPolicy = DEFAULT_LATENESS,
) -> TodayPlan:
    """What each post owes at ``now`` (aware), with what is done and what is late.

    Args:
        record: The phone's record (folds and outbox).
        posts: The user's posts (``catalog.my_posts``).
        now: The current moment, aware.
        policy: How long after its due time an instance may still be made good.
    """
    at = local(now)
    pending = {event.event_id for event in record.pending()}
    days = tuple(
        PostDay(post, tuple(_cards(record, post, at, pending, policy)))
        for post in posts
        if post.card is not None
    )
    return TodayPlan(day=at.date(), posts=days)


def _cards(
    record: LocalRecord,
    post: PostCard,
    at: datetime,
    pending: AbstractSet[str],
    policy: LatenessPolicy,
) -> list[DueCard]:
    found: list[DueCard] = []
    for instance, earlier in _relevant(post, at):
        ticks = record.projections.card_record(instance.aggregate_id)
        standing = _standing(instance, ticks, at)
        makeable = at <= instance.due_at + policy.grace(instance.frequency)
        if earlier and not (standing is Standing.OVERDUE and makeable):
            continue  # yesterday's, done or too late to make good: history, not today's work
        ticked = len(set(instance.item_ids) & set(ticks.items)) if ticks else 0
        mine = bool(ticks and any(event in pending for event in ticks.submissions))
        found.append(DueCard(instance, standing, ticked, mine))
    return sorted(found, key=lambda c: (_ORDER[c.standing], c.instance.due_at))


def _relevant(post: PostCard, at: datetime) -> Iterable[tuple[CardInstance, bool]]:
    """Today's instances, then yesterday's that today does not list again (flagged True)."""
    if post.card is None:
        return
    seen: set[tuple[str, ...]] = set()
    start = post.card.in_force_from
    for day in (at.date(), at.date() - timedelta(days=1)):
        if start is not None and day < start:
            continue  # the card did not exist yet: nothing of that day is late
        for instance in instances_due(post.post.id, post.card, SHIFTS, day):
            if instance.key not in seen:
                seen.add(instance.key)
                yield instance, day < at.date()


def _standing(instance: CardInstance, ticks: CardRecord | None, at: datetime) -> Standing:
    if ticks is not None and set(instance.item_ids) <= set(ticks.items):
        return Standing.DONE
    if at < instance.opens_at:
        return Standing.UPCOMING
    if at > instance.due_at:
        return Standing.OVERDUE
    return Standing.DUE
