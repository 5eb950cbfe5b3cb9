"""奖惩: each person's points within their enterprise for a month, from what the app records.

The seed asks enterprises to run their own 奖惩制度: reward whoever finds real hazards, ticks
the cards on time and fixes what they are given on time, and take points from whoever ticked
合格 an item an inspector then found failing (瞒报 proven on their item). The points per deed
are data (:class:`RewardRules`), like the score's weights, so an enterprise's rules can be read
off one table.

Everything is pure: the caller folds hazards and card records as they stand, and each row says
why it has its points (the deduction reasons name the item and the times), so nobody is
rewarded or fined without being shown what for.

- A hazard **found** is one the person reported themselves (not enforcement), not voided.
  It is **confirmed** once someone acted on it as real (assigned, fixed, accepted, reported to
  the authority …): only confirmed ones earn points, so reporting trivia pays nothing.
- A card **on time** is an instance the post owed in the month, complete by its due time;
  everyone who ticked one of its items is credited once.
- A fix **on time** is a rectification the person submitted by the deadline and that stood.
- A **瞒报** is an enforcement finding on a card item; the person whose 合格 tick of that item
  was the last one in the 7 days before it is charged.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from shared.card_ticks import CardRecord
from shared.cards import ItemResult
from shared.completion import PostCard, owed
from shared.events import EventType
from shared.hazards import APPLIED_LIKE, Hazard
from shared.ids import HazardId, ItemId, PostId, UserId
from shared.lifecycle import HazardStatus
from shared.payloads import HazardSource
from shared.roles import Role
from shared.window import Window, local

Points = Annotated[float, Field(ge=0)]

CONCEALMENT_LOOKBACK = timedelta(days=7)
"""瞒报: a 合格 tick this long before an inspector's finding on the same item (handbook §4)."""
ENTERPRISE_ROLES = frozenset({Role.WORKER, Role.SAFETY_MANAGER})
UNCONFIRMED = frozenset({HazardStatus.REGISTERED, HazardStatus.VOIDED})
"""States in which nobody has yet treated a report as a real hazard."""


class RewardRules(BaseModel):
    """Points per deed of the 奖惩 table (🔧 proposals an enterprise may change)."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    confirmed_hazard: Points = 3
    """Per hazard the person found that was confirmed real."""
    card_on_time: Points = 0.5
    """Per card instance the person ticked (in part) that was complete by its due time."""
    fix_on_time: Points = 2
    """Per rectification the person submitted by its deadline."""
    concealment: Points = 10
    """Taken per 瞒报 proven on an item the person ticked 合格."""


DEFAULT_RULES = RewardRules()


@dataclass(frozen=True, slots=True)
class Deeds:
    """What the month's records hold about one hazard, in naive local time."""

    id: HazardId
    title: str
    reporter: UserId
    self_reported: bool
    confirmed: bool
    reported_at: datetime
    post_id: PostId | None
    item_id: ItemId | None
    enforcement: bool
    fixed_by: UserId | None
    fixed_at: datetime | None
    """The last rectification that stood, if the hazard is still fixed (not rejected since)."""
    deadline: datetime | None

    @classmethod
    def of(cls, hazard: Hazard, zone: tzinfo) -> Deeds:
        """Read the deeds off a folded hazard."""
        stood = [e for e in hazard.timeline if e.outcome in APPLIED_LIKE]
        fixes = [n for n, e in enumerate(stood) if e.type is EventType.HAZARD_RECTIFIED]
        undone = bool(fixes) and any(
            e.type in (EventType.HAZARD_REJECTED, EventType.HAZARD_REOPENED)
            for e in stood[fixes[-1] :]
        )
        fixed = stood[fixes[-1]] if fixes and not undone else None
        reporter_role = hazard.timeline[0].actor.role if hazard.timeline else Role.WORKER
        return cls(
            id=hazard.id,
            title=hazard.title,
            reporter=hazard.reporter,
            self_reported=hazard.source is not HazardSource.ENFORCEMENT
            and reporter_role in ENTERPRISE_ROLES,
            confirmed=hazard.status not in UNCONFIRMED,
            reported_at=local(hazard.reported_at, zone),
            post_id=hazard.post_id,
            item_id=hazard.item_id,
            enforcement=hazard.source is HazardSource.ENFORCEMENT,
            fixed_by=fixed.actor.user_id if fixed else None,
            fixed_at=local(fixed.at, zone) if fixed else None,
            deadline=local(hazard.deadline, zone) if hazard.deadline else None,
        )


@dataclass(frozen=True, slots=True)
class SignedTicks:
    """One post's card instance: when it was complete, and each item's result, time and ticker."""

    post_id: PostId
    period: str
    completed_at: datetime
    ticked: Mapping[ItemId, tuple[ItemResult, datetime, UserId]]

    @classmethod
    def of(cls, record: CardRecord, zone: tzinfo) -> SignedTicks:
        """The view of a folded record, in naive local time."""
        return cls(
            post_id=record.post_id,
            period=record.period,
            completed_at=local(record.completed_at, zone),
            ticked={
                item: (t.tick.result, local(t.at, zone), t.by) for item, t in record.items.items()
            },
        )


@dataclass(slots=True)
class PersonMonth:
    """One person's month: what they did, their points, and why points were taken."""

    user_id: UserId
    cards_on_time: int = 0
    hazards_found: int = 0
    hazards_confirmed: int = 0
    fixes_on_time: int = 0
    concealments: int = 0
    points: float = 0.0
    reasons: list[str] = field(default_factory=list)


def month_window(month: date, today: date | None = None) -> Window:
    """The calendar month of ``month`` (any day in it), cut at ``today`` when it is running."""
    first = month.replace(day=1)
    following = (first + timedelta(days=32)).replace(day=1)
    last = following - timedelta(days=1)
    if today is not None and first <= today < last:
        last = today
    return Window(day=last, length=(last - first).days + 1)


def _cards(
    posts: Iterable[PostCard], records: Mapping[tuple[PostId, str], SignedTicks], window: Window
) -> dict[UserId, int]:
    """Instances owed in the window and complete by their due time, per person who ticked."""
    on_time: dict[UserId, int] = defaultdict(int)
    for post in posts:
        for slot in owed(post, window):
            ticks = records.get((post.post_id, slot.period))
            if ticks is None or ticks.completed_at > slot.due_at:
                continue
            if any(item not in ticks.ticked for item in slot.item_ids):
                continue
            for person in {ticks.ticked[item][2] for item in slot.item_ids}:
                on_time[person] += 1
    return on_time


def concealer(finding: Deeds, records: Iterable[SignedTicks]) -> tuple[UserId, datetime] | None:
    """Who ticked 合格 the item of this enforcement finding last in the 7 days before it."""
    if not finding.enforcement or finding.item_id is None:
        return None
    since = finding.reported_at - CONCEALMENT_LOOKBACK
    passes = [
        (at, by)
        for record in records
        if record.post_id == finding.post_id
        and (tick := record.ticked.get(finding.item_id)) is not None
        and tick[0] is ItemResult.PASS
        for _, at, by in [tick]
        if since <= at < finding.reported_at
    ]
    if not passes:
        return None
    at, by = max(passes)
    return by, at


def month_table(
    hazards: Iterable[Deeds],
    posts: Iterable[PostCard],
    records: Iterable[SignedTicks],
    window: Window,
    rules: RewardRules = DEFAULT_RULES,
) -> list[PersonMonth]:
    """Every person's 奖惩 row for the window, most points first (then by id).

    Args:
        hazards: The enterprise's hazards as they stand at the window's end.
        posts: Its posts with their cards: what was owed.
        records: Its card instances as ticked (including the 7 days before the window).
        window: The month (``month_window``).
        rules: Points per deed.
    """
    rows: dict[UserId, PersonMonth] = {}

    def row(person: UserId) -> PersonMonth:
        return rows.setdefault(person, PersonMonth(user_id=person))

    kept = list(records)
    by_key = {(r.post_id, r.period): r for r in kept}
    for person, count in _cards(posts, by_key, window).items():
        row(person).cards_on_time += count
    for hazard in sorted(hazards, key=lambda h: h.reported_at):
        _count_hazard(hazard, kept, window, row)
    for done in rows.values():
        done.points = round(
            done.hazards_confirmed * rules.confirmed_hazard
            + done.cards_on_time * rules.card_on_time
            + done.fixes_on_time * rules.fix_on_time
            - done.concealments * rules.concealment,
            1,
        )
    return sorted(rows.values(), key=lambda p: (-p.points, p.user_id))


def _count_hazard(
    hazard: Deeds,
    records: list[SignedTicks],
    window: Window,
    row: Callable[[UserId], PersonMonth],
) -> None:
    """Credit or charge whoever the hazard's deeds of the window belong to."""
    if hazard.self_reported and window.contains(hazard.reported_at):
        person = row(hazard.reporter)
        person.hazards_found += 1
        person.hazards_confirmed += hazard.confirmed
    fixed = hazard.fixed_at
    in_time = fixed is not None and (hazard.deadline is None or fixed <= hazard.deadline)
    if hazard.fixed_by is not None and fixed is not None and window.contains(fixed) and in_time:
        row(hazard.fixed_by).fixes_on_time += 1
    if window.contains(hazard.reported_at) and (found := concealer(hazard, records)):
        person = row(found[0])
        person.concealments += 1
        what = f"“{hazard.title}”" if hazard.title else "该项"
        person.reasons.append(
            f"{found[1]:%m-%d %H:%M} 勾选合格，{hazard.reported_at:%m-%d %H:%M} "
            f"执法检查发现{what}不合格（瞒报）"
        )


__all__ = [
    "DEFAULT_RULES",
    "Deeds",
    "PersonMonth",
    "RewardRules",
    "SignedTicks",
    "concealer",
    "month_table",
    "month_window",
]
