"""Events as this phone would make them, for store and sync tests."""

from __future__ import annotations

import uuid
from typing import Any

from mobile.store import DeviceState, KnownEvent
from shared.events import AggregateRef, AggregateType, Event, EventType
from shared.hlc import Hlc, tick
from shared.roles import Actor
from tests.factories import PAYLOADS, T0_MS, TENANT, worker


def next_event(
    device: DeviceState,
    kind: EventType = EventType.HAZARD_REPORTED,
    aggregate_id: str = "H1",
    *,
    base: int = 0,
    actor: Actor = worker,
    tenant: str = TENANT,
    payload: dict[str, Any] | None = None,
    wall_ms: int | None = None,
) -> tuple[Event, DeviceState]:
    """The next event of ``device`` and the device state to save with it."""
    seq = device.seq + 1
    stamp = tick(
        device.last, wall_ms if wall_ms is not None else T0_MS + seq * 1000, device.device_id
    )
    event = Event(
        event_id=str(uuid.uuid4()),
        device_id=device.device_id,
        device_seq=seq,
        actor=actor,
        tenant=tenant,
        aggregate=AggregateRef(type=AggregateType(kind.value.split(".")[0]), id=aggregate_id),
        type=kind,
        payload=PAYLOADS.get(kind, {}) if payload is None else payload,
        hlc=stamp,
        base_version=base,
    )
    return event, DeviceState(device.device_id, seq, stamp)


def record_many(store, count: int, **kwargs) -> list[Event]:
    """Record ``count`` reports on distinct hazards; returns them in order."""
    made = []
    for n in range(count):
        event, device = next_event(store.device(), aggregate_id=f"H{n}", **kwargs)
        store.record(event, device)
        made.append(event)
    return made


def pulled(event: Event, server_seq: int) -> KnownEvent:
    """An event as a pull returns it."""
    return KnownEvent(body=event.model_dump(mode="json"), server_seq=server_seq)


def stamp_at(wall_ms: int, device: str = "other-phone") -> Hlc:
    return Hlc(wall_ms=wall_ms, counter=0, device=device)
