"""Recording what a user did: build the event, save it durably, and only then say "saved".

Every action becomes one immutable event stamped on this device: a fresh UUID, the next
``device_seq``, a clock stamp after everything the device made or saw, and the aggregate's
version as the user saw it (``base_version``), so the server and other phones can tell
concurrent actions apart. ``record_action`` returns only after the outbox write is durable.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from mobile.local_record import LocalRecord
from shared.cards import ItemResult
from shared.events import AGGREGATE_OF, AggregateRef, Event, EventType
from shared.geo import Position
from shared.hlc import tick
from shared.ids import CardId, ItemId, PostId, TenantId
from shared.payloads import PhotoRef
from shared.roles import Actor
from shared.schedule import card_instance_id

__all__ = ["Action", "CardTick", "card_instance_ref", "record_action", "tick_card"]


@dataclass(frozen=True)
class Action:
    """What the user did, before the device stamps it.

    Attributes:
        actor: The signed-in user (the server checks it is the one pushing).
        tenant: The enterprise whose record this is.
        aggregate_id: What it is about: a hazard id, a card instance id.
        type: The event type; its aggregate type follows from it.
        payload: The type's fields, validated against ``shared.payloads``.
    """

    actor: Actor
    tenant: TenantId
    aggregate_id: str
    type: EventType
    payload: Mapping[str, Any]


def record_action(
    record: LocalRecord,
    action: Action,
    *,
    clock: Callable[[], int] | None = None,
    new_id: Callable[[], uuid.UUID] = uuid.uuid4,
    base_version: int | None = None,
) -> Event:
    """Turn an action into an event and save it in the outbox; returns once durable.

    Args:
        record: The phone's local record.
        action: What the user did.
        clock: The wall clock in epoch ms (skew is fine: the stamp only orders); by default
            the record's, so a phone (or a test) given a clock stamps its events by it.
        new_id: Makes the event id.
        base_version: The version the user saw, when the phone does not fold the aggregate
            itself (a regulator's phone reads the hazard from the server); by default the
            record's own.

    Returns:
        The saved event.

    Raises:
        InvalidInput: The payload does not fit its type (nothing is saved).
    """
    aggregate = AggregateRef(type=AGGREGATE_OF[action.type], id=action.aggregate_id)
    with record.lock:  # the counters and the version must not move between read and save
        device = record.device()
        device = replace(device, owner=device.owner or record.first_maker() or action.actor.user_id)
        device_id = device.device_id_for(action.actor.user_id)
        stamp = tick(device.last, (clock or record.clock)(), device_id)
        event = Event.from_wire(
            {
                "event_id": str(new_id()),
                "device_id": device_id,
                "device_seq": device.seq + 1,
                "actor": action.actor.model_dump(mode="json"),
                "tenant": action.tenant,
                "aggregate": aggregate.model_dump(mode="json"),
                "type": action.type,
                "payload": dict(action.payload),
                "hlc": stamp.encode(),
                "base_version": (
                    record.version_of(aggregate) if base_version is None else base_version
                ),
            }
        )
        record.append(event, replace(device, seq=event.device_seq, last=stamp))
    return event


def card_instance_ref(post_id: PostId, card_id: CardId, period: str) -> str:
    """The aggregate id of one card's instance (the shared rule, named for the UI)."""
    return card_instance_id(post_id, card_id, period)


@dataclass(frozen=True)
class CardTick:
    """A worker's ticks of one card instance, as the card screen collects them."""

    post_id: PostId
    card_id: CardId
    card_version: int
    period: str
    results: Mapping[ItemId, ItemResult]
    started_at: datetime
    completed_at: datetime
    scanned: bool = False
    notes: Mapping[ItemId, str] | None = None
    photos: Mapping[ItemId, Sequence[PhotoRef]] | None = None
    location: Position | None = None  # where the post's QR was scanned, if known


def tick_card(
    record: LocalRecord,
    actor: Actor,
    ticks: CardTick,
    *,
    clock: Callable[[], int] | None = None,
) -> Event:
    """Save a card instance's ticks as one ``card_instance.submitted`` event.

    Raises:
        InvalidInput: A tick that does not fit the payload model; nothing is saved.
    """
    notes = ticks.notes or {}
    photos = ticks.photos or {}
    items: dict[ItemId, dict[str, Any]] = {
        item: {"result": result.value, "note": notes.get(item, "")}
        for item, result in ticks.results.items()
    }
    for item, refs in photos.items():
        if refs and item in items:
            items[item]["photos"] = [ref.model_dump(mode="json") for ref in refs]
    payload = {
        "post_id": ticks.post_id,
        "card_id": ticks.card_id,
        "card_version": ticks.card_version,
        "period": ticks.period,
        "items": items,
        "started_at": ticks.started_at.isoformat(),
        "completed_at": ticks.completed_at.isoformat(),
        "scanned": ticks.scanned,
    }
    if ticks.location is not None:
        payload["location"] = ticks.location.model_dump(mode="json")
    tenant = TenantId(actor.tenant or "")
    aggregate_id = card_instance_ref(ticks.post_id, ticks.card_id, ticks.period)
    action = Action(actor, tenant, aggregate_id, EventType.CARD_SUBMITTED, payload)
    return record_action(record, action, clock=clock)
