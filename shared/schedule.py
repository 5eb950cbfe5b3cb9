"""Which card instances a post owes on a day, and whether each was ticked on time, late or never.

Time convention: every date and datetime here is **naive local time in the enterprise's zone**
(Asia/Shanghai for the whole product). China has no daylight saving, so naive arithmetic is
exact, and a "day" is the calendar day a worker sees on the wall. Callers convert stored UTC or
HLC stamps to local time before asking; aware datetimes are refused rather than guessed at.

A card instance is one frequency bucket of one card at one post for one period:

========== ================ ============================== ================================
frequency  period key        opens_at                       due_at
========== ================ ============================== ================================
per_shift  ``2026-11-29#1``  shift start on that day        shift end (next day if overnight)
daily      ``2026-11-29``    00:00 that day                 00:00 the next day
weekly     ``2026-W48``      00:00 Monday (ISO week)        00:00 the next Monday
monthly    ``2026-11``       00:00 on the 1st               00:00 on the 1st of next month
========== ================ ============================== ================================

Shift numbers in per-shift keys are 1-based (``#1`` is the earliest shift, 第一班). The ISO week
year can differ from the calendar year: 2027-01-01 is in ``2026-W53``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.cards import CheckCard, Frequency, ShiftPattern, ShiftWindow
from shared.errors import InvalidInput
from shared.ids import CardId, ItemId, PostId


class CardInstance(BaseModel):
    """The items of one card a post owes for one period of one frequency.

    Weekly and monthly instances are returned by :func:`instances_due` on every day of their
    period, identical each time, until the period ends; use :attr:`key` to count them once.
    ``due_at`` is exclusive of the next period but inclusive for timeliness: a tick stamped
    exactly at ``due_at`` is on time.
    """

    model_config = ConfigDict(frozen=True)

    post_id: PostId
    card_id: CardId
    frequency: Frequency
    period: str = Field(min_length=1)
    opens_at: datetime
    due_at: datetime
    item_ids: tuple[ItemId, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _naive_and_ordered(self) -> Self:
        if self.opens_at.tzinfo is not None or self.due_at.tzinfo is not None:
            raise ValueError("opens_at and due_at are naive local times")
        if self.due_at <= self.opens_at:
            raise ValueError("due_at must be after opens_at")
        return self

    @property
    def key(self) -> tuple[PostId, CardId, Frequency, str]:
        """What identifies the instance across days, devices and syncs."""
        return (self.post_id, self.card_id, self.frequency, self.period)

    @property
    def aggregate_id(self) -> str:
        """The id its ``card_instance.submitted`` events carry."""
        return card_instance_id(self.post_id, self.card_id, self.period)


def card_instance_id(post_id: str, card_id: str, period: str) -> str:
    """The aggregate id of one card's instance at one post for one period.

    The period already names the frequency (``2026-11-29``, ``2026-11-29#1``, ``2026-W48``,
    ``2026-11``), so ticks of the same instance on any phone fold together.
    """
    return f"{post_id}/{card_id}/{period}"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


def _shift_instance_bounds(day: date, window: ShiftWindow) -> tuple[datetime, datetime]:
    opens_at = datetime.combine(day, window.start)
    due_at = datetime.combine(day, window.end)
    if due_at <= opens_at:
        due_at += timedelta(days=1)
    return opens_at, due_at


def _week_bounds(day: date) -> tuple[str, datetime, datetime]:
    iso = day.isocalendar()
    monday = _midnight(day - timedelta(days=iso.weekday - 1))
    return f"{iso.year}-W{iso.week:02d}", monday, monday + timedelta(weeks=1)


def _month_bounds(day: date) -> tuple[str, datetime, datetime]:
    first = day.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    return f"{day:%Y-%m}", _midnight(first), _midnight(following)


def _quarter_bounds(day: date) -> tuple[str, datetime, datetime]:
    quarter = (day.month - 1) // 3
    first = date(day.year, 3 * quarter + 1, 1)
    following = date(day.year + 1, 1, 1) if quarter == 3 else date(day.year, 3 * quarter + 4, 1)
    return f"{day.year}-Q{quarter + 1}", _midnight(first), _midnight(following)


def _year_bounds(day: date) -> tuple[str, datetime, datetime]:
    first, following = date(day.year, 1, 1), date(day.year + 1, 1, 1)
    return f"{day.year}", _midnight(first), _midnight(following)


def _periods(
    frequency: Frequency, shifts: ShiftPattern, day: date
) -> list[tuple[str, datetime, datetime]]:
    """The periods of one frequency that are on, or contain, ``day``."""
    if frequency is Frequency.PER_SHIFT:
        return [
            (f"{day.isoformat()}#{number}", *_shift_instance_bounds(day, window))
            for number, window in enumerate(shifts.shifts, start=1)
        ]
    if frequency is Frequency.DAILY:
        return [(day.isoformat(), _midnight(day), _midnight(day + timedelta(days=1)))]
    if frequency is Frequency.WEEKLY:
        return [_week_bounds(day)]
    if frequency is Frequency.MONTHLY:
        return [_month_bounds(day)]
    if frequency is Frequency.QUARTERLY:
        return [_quarter_bounds(day)]
    return [_year_bounds(day)]


def instances_due(
    post_id: PostId, card: CheckCard, shifts: ShiftPattern, day: date
) -> list[CardInstance]:
    """List what the post owes on ``day``, so the phone can show today's to-do cards.

    Items are grouped by frequency (per-shift first, yearly last; items keep their card
    order). A per-shift instance is returned for every shift *starting* on ``day``.
    Weekly to yearly instances appear on every day of their period, due at the end of
    the period; the caller hides the ones already completed.
    """
    instances: list[CardInstance] = []
    for frequency in Frequency:
        item_ids = tuple(item.id for item in card.items if item.frequency is frequency)
        if not item_ids:
            continue
        instances.extend(
            CardInstance(
                post_id=post_id,
                card_id=card.id,
                frequency=frequency,
                period=period,
                opens_at=opens_at,
                due_at=due_at,
                item_ids=item_ids,
            )
            for period, opens_at, due_at in _periods(frequency, shifts, day)
        )
    return instances


class Timeliness(StrEnum):
    """How a settled card instance counts towards the completion rate."""

    ON_TIME = "on_time"  # 按时: completed by due_at; full credit
    LATE = "late"  # 补做: completed after due_at but within the grace period; half credit
    MISSED = "missed"  # 漏检: not completed by due_at + grace; no credit, even if ticked later


class LatenessPolicy(BaseModel):
    """How long after ``due_at`` a tick still counts as late rather than missed (🔧 defaults).

    The graces scale with the period: a forgotten shift check is made good before the next
    shift, a forgotten monthly check in the first working days of the next month.
    """

    model_config = ConfigDict(frozen=True)

    per_shift: timedelta = Field(default=timedelta(hours=2), ge=timedelta(0))
    daily: timedelta = Field(default=timedelta(hours=12), ge=timedelta(0))
    weekly: timedelta = Field(default=timedelta(days=2), ge=timedelta(0))
    monthly: timedelta = Field(default=timedelta(days=5), ge=timedelta(0))
    quarterly: timedelta = Field(default=timedelta(days=10), ge=timedelta(0))
    yearly: timedelta = Field(default=timedelta(days=15), ge=timedelta(0))

    def grace(self, frequency: Frequency) -> timedelta:
        """The grace period for ``frequency``."""
        graces = {
            Frequency.PER_SHIFT: self.per_shift,
            Frequency.DAILY: self.daily,
            Frequency.WEEKLY: self.weekly,
            Frequency.MONTHLY: self.monthly,
            Frequency.QUARTERLY: self.quarterly,
            Frequency.YEARLY: self.yearly,
        }
        return graces[frequency]


DEFAULT_LATENESS = LatenessPolicy()
"""Per shift 2 h, daily 12 h, weekly 2 days, monthly 5 days, quarterly 10, yearly 15 (🔧)."""


def _require_naive(name: str, moment: datetime) -> None:
    if moment.tzinfo is not None:
        raise InvalidInput(f"{name} must be a naive local time", field=name, value=str(moment))


def _outcome(instance: CardInstance, completed_at: datetime, grace: timedelta) -> Timeliness:
    if completed_at < instance.opens_at:
        raise InvalidInput(
            "a tick before its period opened cannot complete it",
            period=instance.period,
            completed_at=completed_at.isoformat(),
        )
    if completed_at <= instance.due_at:
        return Timeliness.ON_TIME
    if completed_at <= instance.due_at + grace:
        return Timeliness.LATE
    return Timeliness.MISSED


def classify(
    instance: CardInstance,
    completed_at: datetime | None,
    now: datetime,
    *,
    policy: LatenessPolicy = DEFAULT_LATENESS,
) -> Timeliness | None:
    """Settle an instance, or return None while it can still be completed without being missed.

    Both bounds are inclusive: a tick exactly at ``due_at`` is on time and one exactly at
    ``due_at + grace`` is late. An uncompleted instance stays open (None) up to and including
    ``due_at + grace`` and is missed after it. ``completed_at`` is judged on its own, whatever
    ``now`` is, so a late-synced tick settles the same way on every device.

    Raises:
        InvalidInput: A datetime is aware, or ``completed_at`` is before ``opens_at``.
    """
    _require_naive("now", now)
    grace = policy.grace(instance.frequency)
    if completed_at is not None:
        _require_naive("completed_at", completed_at)
        return _outcome(instance, completed_at, grace)
    if now > instance.due_at + grace:
        return Timeliness.MISSED
    return None


class OutcomeCounts(BaseModel):
    """Settled instances by timeliness; open instances are not counted anywhere yet."""

    model_config = ConfigDict(frozen=True)

    on_time: int = Field(default=0, ge=0)
    late: int = Field(default=0, ge=0)
    missed: int = Field(default=0, ge=0)

    @classmethod
    def tally(cls, outcomes: Iterable[Timeliness]) -> OutcomeCounts:
        """Count outcomes, e.g. those of every instance a post owed in a window."""
        counts = Counter(outcomes)
        return cls(
            on_time=counts[Timeliness.ON_TIME],
            late=counts[Timeliness.LATE],
            missed=counts[Timeliness.MISSED],
        )

    @property
    def scheduled(self) -> int:
        """Every settled instance: the denominator of the completion rate."""
        return self.on_time + self.late + self.missed

    def ratio(self, late_credit: float = 0.5) -> float | None:
        """(on time + late_credit × late) ÷ scheduled, or None when nothing was scheduled.

        None rather than 1.0, so nobody mistakes "no cards" for "every card done"; the score
        decides what an empty schedule is worth.
        """
        if self.scheduled == 0:
            return None
        return (self.on_time + late_credit * self.late) / self.scheduled


def completion_ratio(outcomes: Iterable[Timeliness], *, late_credit: float = 0.5) -> float | None:
    """The completion rate of handbook §4: late ticks earn half, missed ones nothing.

    Returns:
        A value in 0..1, or None when ``outcomes`` is empty (nothing was scheduled).
    """
    return OutcomeCounts.tally(outcomes).ratio(late_credit)
