"""Card completion over a window: which instances were owed, how each settled, and streaks.

An instance counts on the calendar day of its ``due_at`` (a daily card of the 28th is due at
00:00 on the 29th, so it counts on the 29th), and only once it is settled at the window's
``as_of``: an instance still inside its grace period counts on a later day's score instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Any

from shared.card_ticks import CardRecord
from shared.cards import CardItem, CheckCard, Frequency, ItemResult, ShiftPattern, ShiftWindow
from shared.geo import Position, far_from_post
from shared.ids import CardId, ItemId, PostId, TenantId
from shared.schedule import (
    DEFAULT_LATENESS,
    CardInstance,
    LatenessPolicy,
    OutcomeCounts,
    Timeliness,
    classify,
    instances_due,
)
from shared.window import Window, local

_MONTH = timedelta(days=31)


@dataclass(frozen=True, slots=True)
class Ticks:
    """One post's card instance as ticked: the slim view of ``shared.card_ticks.CardRecord``.

    Times are naive local. ``ticked`` maps each item to its standing result and the moment of
    the event that gave it.
    """

    post_id: PostId
    period: str
    started_at: datetime
    completed_at: datetime
    ticked: Mapping[ItemId, tuple[ItemResult, datetime]]
    locations: tuple[Position, ...] = ()
    """Where the phone was at each scan, when the worker allowed location (the 200 m check)."""

    @classmethod
    def of(cls, record: CardRecord, zone: tzinfo) -> Ticks:
        """The view of a folded record."""
        return cls(
            post_id=record.post_id,
            period=record.period,
            started_at=local(record.started_at, zone),
            completed_at=local(record.completed_at, zone),
            ticked={
                item: (ticked.tick.result, local(ticked.at, zone))
                for item, ticked in record.items.items()
            },
            locations=record.locations,
        )

    @classmethod
    def from_json(cls, body: Mapping[str, Any], zone: tzinfo) -> Ticks:
        """The view of a record's JSON dump, read without validating the whole model (fast)."""
        return cls(
            post_id=PostId(body["post_id"]),
            period=body["period"],
            started_at=_local_text(body["started_at"], zone),
            completed_at=_local_text(body["completed_at"], zone),
            ticked={
                ItemId(item): (_RESULTS[value["tick"]["result"]], _local_text(value["at"], zone))
                for item, value in body["items"].items()
            },
            locations=tuple(Position(**where) for where in body.get("locations", ())),
        )

    @property
    def last_ticked_at(self) -> datetime:
        """The latest tick: a record touched after a day's end must be refolded for that day."""
        return max(at for _, at in self.ticked.values())


_RESULTS = {result.value: result for result in ItemResult}
"""A stored result's word to its member: a dict look-up, not ``ItemResult(word)``'s enum call."""


@lru_cache(maxsize=1 << 16)
def _local_text(text: str, zone: tzinfo) -> datetime:
    """Parse and convert once: a record's times repeat across its items and its neighbours."""
    return local(datetime.fromisoformat(text), zone)


@dataclass(frozen=True)
class PostCard:
    """A post with its check card and shifts: what it owes every day."""

    post_id: PostId
    card: CheckCard
    shifts: ShiftPattern = field(default_factory=ShiftPattern)
    position: Position | None = None
    """Where the post is, when a manager set it: scans far from it are suspicious."""


@dataclass(frozen=True, slots=True)
class CardFacts:
    """What the window's cards say: settled outcomes, per day and in all, and suspicious ticks."""

    by_day: Mapping[date, OutcomeCounts]
    """Days on which nothing settled are absent."""
    suspicious: int
    far_from_post: tuple[tuple[PostId, str], ...] = ()
    """The (post, period) of each completed instance scanned more than 200 m from its post;
    each is also one of ``suspicious``."""

    @property
    def outcomes(self) -> OutcomeCounts:
        """Every settled instance of the window."""
        days = self.by_day.values()
        return OutcomeCounts(
            on_time=sum(d.on_time for d in days),
            late=sum(d.late for d in days),
            missed=sum(d.missed for d in days),
        )

    def low_streak(self, day: date, is_low: Callable[[OutcomeCounts], bool]) -> int:
        """Days in a row, ending with ``day`` and within the window, that ``is_low`` calls low."""
        streak = 0
        while (counts := self.by_day.get(day - timedelta(days=streak))) is not None and is_low(
            counts
        ):
            streak += 1
        return streak


Shape = tuple[tuple[ItemId, Frequency], ...]
"""What a schedule depends on: the items and their frequencies, not the card's texts or ids."""


@lru_cache(maxsize=4096)
def _slots(shape: Shape, shifts: ShiftPattern, window: Window) -> tuple[CardInstance, ...]:
    """Every instance of a card of this shape whose due_at falls in the window, each once."""
    card = CheckCard(
        id=CardId("-"),
        tenant=TenantId("-"),
        name="-",
        version=1,
        items=tuple(
            CardItem(
                id=item,
                what="-",
                how="-",
                pass_criterion="-",
                typical_hazard="-",
                frequency=frequency,
                responsible_role="-",
            )
            for item, frequency in shape
        ),
    )
    seen: dict[tuple[Frequency, str], CardInstance] = {}
    day = window.first - _MONTH
    while day <= window.day:
        for instance in instances_due(PostId("-"), card, shifts, day):
            if window.contains(instance.due_at):
                seen.setdefault((instance.frequency, instance.period), instance)
        day += timedelta(days=1)
    return tuple(sorted(seen.values(), key=lambda i: (i.due_at, i.frequency, i.period)))


def owed(post: PostCard, window: Window) -> tuple[CardInstance, ...]:
    """The instances a post owed in the window (due_at in it), oldest first.

    Cards of one shape share the computation, so the instances carry placeholder post and
    card ids; pair them with ``post`` yourself.
    """
    shape = tuple((item.id, item.frequency) for item in post.card.items)
    return _slots(shape, post.shifts, window)


def _completed_at(slot: CardInstance, ticks: Ticks | None, as_of: datetime) -> datetime | None:
    """When the instance was complete (every item ticked), if by ``as_of``; else None."""
    if ticks is None or ticks.completed_at > as_of or ticks.completed_at < slot.opens_at:
        return None
    if any(item not in ticks.ticked for item in slot.item_ids):
        return None
    return ticks.completed_at


def _too_fast(ticks: Ticks, min_seconds_per_item: float) -> bool:
    seconds = (ticks.completed_at - ticks.started_at).total_seconds()
    return seconds < min_seconds_per_item * len(ticks.ticked)


def _far(ticks: Ticks, post: Position | None) -> bool:
    """Any scan of the instance surely beyond 200 m of its post (unknown never counts)."""
    return any(far_from_post(where, post) for where in ticks.locations)


def card_facts(
    posts: Iterable[PostCard],
    records: Mapping[tuple[PostId, str], Ticks],
    window: Window,
    *,
    policy: LatenessPolicy = DEFAULT_LATENESS,
    min_seconds_per_item: float = 10.0,
    since: date | None = None,
) -> CardFacts:
    """Settle every instance the posts owed in the window as of its end, and count by day.

    Args:
        posts: The enterprise's posts that have a card.
        records: Ticks by (post, period), as of the window's end.
        window: The scored day's window.
        policy: How late a tick may come before the instance is missed.
        min_seconds_per_item: 疑似虚假打卡 below this many seconds per ticked item.
        since: The day the enterprise joined: instances that opened before it were not owed.

    Returns:
        The settled outcomes of each day of the window and the number of completed instances
        ticked suspiciously: too fast, or scanned more than 200 m from a located post (once
        each, whichever holds).
    """
    by_day: dict[date, list[Timeliness]] = defaultdict(list)
    suspicious = 0
    far: list[tuple[PostId, str]] = []
    as_of = window.as_of
    for post in posts:
        in_force = post.card.in_force_from
        for slot in owed(post, window):
            if since is not None and slot.opens_at.date() < since:
                continue
            if in_force is not None and slot.due_at <= datetime.combine(in_force, time()):
                continue  # due before a card built on the phone existed: never owed
            ticks = records.get((post.post_id, slot.period))
            completed_at = _completed_at(slot, ticks, as_of)
            outcome = classify(slot, completed_at, as_of, policy=policy)
            if outcome is None:
                continue
            by_day[slot.due_at.date()].append(outcome)
            if ticks is not None and completed_at is not None:
                is_far = _far(ticks, post.position)
                suspicious += _too_fast(ticks, min_seconds_per_item) or is_far
                if is_far:
                    far.append((post.post_id, slot.period))
    counts = {day: OutcomeCounts.tally(outcomes) for day, outcomes in by_day.items()}
    return CardFacts(by_day=counts, suspicious=suspicious, far_from_post=tuple(far))


_ALL_FREQUENCIES: Shape = tuple((ItemId(f.value), f) for f in Frequency)
_THREE_SHIFTS = ShiftPattern(
    shifts=(
        ShiftWindow(start=time(0), end=time(8)),
        ShiftWindow(start=time(8), end=time(16)),
        ShiftWindow(start=time(16), end=time(0)),
    )
)


def period_keys(first: date, last: date) -> frozenset[str]:
    """Every period key of any frequency and shift whose period touches ``first``..``last``.

    Lets the server read only the card records a window can need, by their ``period`` column.
    """
    window = Window(day=last, length=(last - first).days + 1)
    instances = _slots(_ALL_FREQUENCIES, _THREE_SHIFTS, window)
    extra = Window(day=last + timedelta(days=31), length=(last - first).days + 32)
    later = _slots(_ALL_FREQUENCIES, _THREE_SHIFTS, extra)
    return frozenset(i.period for i in (*instances, *later) if i.opens_at.date() <= last)
