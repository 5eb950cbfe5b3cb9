"""Ticking a post's card: pick the instance to tick, then save all its items as one event.

A card's items come in frequencies (每班, 每日, 每周, 每月), and each frequency is its own card
instance with its own period (``shared.schedule``). The check screen ticks one instance at a
time: opening a post picks its most pressing open instance, and submitting saves that
instance's results, notes and photos as a single ``card_instance.submitted`` event.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TypeVar

from mobile.local_record import LocalRecord
from mobile.services.actions import CardTick, tick_card
from mobile.services.catalog import PostCard
from mobile.services.today import DueCard, plan_today
from shared.cards import CardItem, CheckCard, Evidence, Frequency, ItemResult
from shared.errors import EvidenceMissing
from shared.events import Event
from shared.evidence import tick_lacks
from shared.geo import Position
from shared.ids import ItemId
from shared.payloads import PhotoRef
from shared.roles import Actor

__all__ = ["Answers", "CheckSheet", "NothingToCheck", "failed_items", "open_sheet", "submit_sheet"]

V = TypeVar("V")


class NothingToCheck(Exception):
    """The post has no instance that can be ticked now (all done, or none open yet)."""


@dataclass(frozen=True)
class CheckSheet:
    """One card instance of one post, ready to tick.

    Attributes:
        post: The post and its card.
        due: The instance and where it stands.
        others: The post's other instances that can be ticked now, to switch to.
    """

    post: PostCard
    due: DueCard
    others: tuple[DueCard, ...] = ()

    @property
    def card(self) -> CheckCard:
        """The post's card (a sheet is only made for a post with one)."""
        assert self.post.card is not None
        return self.post.card

    @property
    def items(self) -> tuple[CardItem, ...]:
        """The items of this instance, in card order."""
        wanted = set(self.due.instance.item_ids)
        return tuple(item for item in self.card.items if item.id in wanted)

    @property
    def instance_id(self) -> str:
        """The aggregate id the submission is filed under."""
        return self.due.instance.aggregate_id


@dataclass
class Answers:
    """What the worker has entered so far, item by item, and how the card was opened.

    Attributes:
        started_at: When the worker opened the card (aware); the event keeps it.
        scanned: Whether the card was opened by scanning the post's QR (not typed or tapped).
        location: Where the phone was at that scan, when the post has coordinates and the
            worker allowed location; the tick carries it for the 200 m check, unshown.
    """

    started_at: datetime
    scanned: bool = False
    location: Position | None = None
    results: dict[ItemId, ItemResult] = field(default_factory=dict)
    notes: dict[ItemId, str] = field(default_factory=dict)
    photos: dict[ItemId, list[PhotoRef]] = field(default_factory=dict)

    def missing(self, items: Sequence[CardItem]) -> list[CardItem]:
        """The items without a result yet."""
        return [item for item in items if item.id not in self.results]

    def lacking(self, items: Sequence[CardItem]) -> dict[ItemId, Evidence]:
        """The 不合格 items without the photo or note their item asks for, and what each needs.

        The same rule the server applies to the pushed event (``shared.evidence``).
        """
        lacking: dict[ItemId, Evidence] = {}
        for item in items:
            result = self.results.get(item.id)
            if result is None:
                continue
            note, photos = self.notes.get(item.id, ""), len(self.photos.get(item.id, []))
            needs = tick_lacks(item.evidence, result, note, photos)
            if needs is not None:
                lacking[item.id] = needs
        return lacking


def open_sheet(
    record: LocalRecord,
    post: PostCard,
    now: datetime,
    frequency: Frequency | None = None,
    period: str | None = None,
) -> CheckSheet:
    """The instance of ``post`` to tick now: the one asked for, else the most pressing.

    Args:
        record: The phone's record.
        post: The post and its card.
        now: The current moment, aware.
        frequency: Only instances of this frequency (a weekly card may owe last week's too).
        period: Only the instance of this period.


    Raises:
        NothingToCheck: Every instance is done or not open yet.
    """
    days = plan_today(record, [post], now).posts
    open_now = [card for day in days for card in day.cards if card.can_tick]
    chosen = [
        c
        for c in open_now
        if (frequency is None or c.frequency is frequency)
        and (period is None or c.instance.period == period)
    ]
    if not chosen:
        raise NothingToCheck(post.post.id)
    first = chosen[0]
    return CheckSheet(post, first, tuple(c for c in open_now if c is not first))


def submit_sheet(
    record: LocalRecord,
    actor: Actor,
    sheet: CheckSheet,
    answers: Answers,
    now: datetime,
) -> Event:
    """Save the sheet's ticks durably as one event; returns it once on disk.

    Raises:
        ValueError: An item has no result yet.
        EvidenceMissing: A 不合格 item lacks the photo or note it asks for; nothing is saved.
        InvalidInput: A note too long for the payload; nothing is saved.
    """
    missing = answers.missing(sheet.items)
    if missing:
        raise ValueError(f"items without a result: {[item.id for item in missing]}")
    lacking = answers.lacking(sheet.items)
    if lacking:
        needs = {item: str(evidence) for item, evidence in lacking.items()}
        raise EvidenceMissing(f"items ticked 不合格 without their evidence: {needs}", items=needs)
    ids = [item.id for item in sheet.items]
    ticks = CardTick(
        post_id=sheet.post.post.id,
        card_id=sheet.card.id,
        card_version=sheet.card.version,
        period=sheet.due.instance.period,
        results={item: answers.results[item] for item in ids},
        started_at=answers.started_at,
        completed_at=now,
        scanned=answers.scanned,
        location=answers.location,
        notes=_only(answers.notes, ids),
        photos=_only(answers.photos, ids),
    )
    return tick_card(record, actor, ticks)


def failed_items(sheet: CheckSheet, answers: Answers) -> list[CardItem]:
    """The items ticked 不合格, in card order: each leads to a hazard report."""
    return [item for item in sheet.items if answers.results.get(item.id) is ItemResult.FAIL]


def _only(values: Mapping[ItemId, V], ids: Sequence[ItemId]) -> dict[ItemId, V]:
    return {item: values[item] for item in ids if item in values}
