"""A card instance's ticks as a fold: the union of what every device ticked for that period.

Two workers may tick parts of the same card on two phones offline; their items are merged, and
where both ticked the same item differently the newest stamp wins and the instance is flagged.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from shared.events import AggregateType, Event, EventType, canonical_order
from shared.geo import Position
from shared.hazard_rules import refusal_for
from shared.ids import CardId, EventId, ItemId, PostId, TenantId, UserId
from shared.payloads import CardSubmitted, ItemTick

__all__ = ["CardRecord", "TickedItem", "fold_card_records"]


class TickedItem(BaseModel):
    """The standing result of one item and who gave it."""

    model_config = ConfigDict(frozen=True)

    tick: ItemTick
    by: UserId
    event_id: EventId
    at: datetime


class CardRecord(BaseModel):
    """One post's card instance for one period, as ticked so far."""

    model_config = ConfigDict(frozen=True)

    id: str
    tenant: TenantId
    post_id: PostId
    card_id: CardId
    card_version: int
    period: str
    items: dict[ItemId, TickedItem]
    started_at: datetime
    completed_at: datetime
    scanned: bool
    submissions: tuple[EventId, ...]
    differing_items: tuple[ItemId, ...] = ()  # ticked differently on two devices: soft conflict
    refused: tuple[EventId, ...] = ()
    # Where the phone was at each scan that opened a submission, when the worker allowed
    # location: the 200 m check (shared.geo) against the post. Never shown to anyone.
    locations: tuple[Position, ...] = ()


def fold_card_records(events: Iterable[Event]) -> dict[str, CardRecord]:
    """Every card instance named by the events, folded in canonical order; refusals kept."""
    records: dict[str, CardRecord] = {}
    submitted = [
        e
        for e in events
        if e.aggregate.type is AggregateType.CARD_INSTANCE and e.type is EventType.CARD_SUBMITTED
    ]
    for event in canonical_order(submitted):
        records[event.aggregate.id] = _apply(records.get(event.aggregate.id), event)
    return records


def _apply(record: CardRecord | None, event: Event) -> CardRecord:
    p: CardSubmitted = event.parsed()  # type: ignore[assignment]
    ticked = {
        item_id: TickedItem(tick=tick, by=event.actor.user_id, event_id=event.event_id, at=event.at)
        for item_id, tick in p.items.items()
    }
    if refusal_for(None, event) is not None:
        base = record or _empty(event, p)
        return base.model_copy(update={"refused": (*base.refused, event.event_id)})
    located = (p.location,) if p.location is not None else ()
    if record is None:
        return _empty(event, p).model_copy(
            update={"items": ticked, "submissions": (event.event_id,), "locations": located}
        )
    differing = {
        item_id
        for item_id, new in ticked.items()
        if item_id in record.items and record.items[item_id].tick.result is not new.tick.result
    }
    return record.model_copy(
        update={
            "items": {**record.items, **ticked},
            "started_at": min(record.started_at, p.started_at),
            "completed_at": max(record.completed_at, p.completed_at),
            "scanned": record.scanned or p.scanned,
            "submissions": (*record.submissions, event.event_id),
            "differing_items": tuple(sorted({*record.differing_items, *differing})),
            "locations": (*record.locations, *located),
        }
    )


def _empty(event: Event, p: CardSubmitted) -> CardRecord:
    return CardRecord(
        id=event.aggregate.id,
        tenant=event.tenant,
        post_id=p.post_id,
        card_id=p.card_id,
        card_version=p.card_version,
        period=p.period,
        items={},
        started_at=p.started_at,
        completed_at=p.completed_at,
        scanned=p.scanned,
        submissions=(),
    )
