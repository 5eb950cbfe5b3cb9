"""Makes demo events the way phones would, and stores them as if they had been pushed."""

from __future__ import annotations

import random
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, insert

from shared.events import AGGREGATE_OF, AggregateRef, Event, EventType
from shared.hlc import Hlc
from shared.ids import DeviceId, EventId, GridUnitId, TenantId, UserId
from shared.protocol import PushStatus
from shared.roles import Actor
from sync_server.demo.city import ACCOUNTS
from sync_server.merge import allocate_server_seqs, event_row
from sync_server.notice_numbers import note_numbers_on_record
from sync_server.projections import refresh_projections
from sync_server.schema import audit, devices, events

CHINA = timezone(timedelta(hours=8))
"""Local time of every demo enterprise (China has no daylight saving)."""

_PROJECTION_CHUNK = 400


def actor(user_id: str) -> Actor:
    """The actor of a demo account, with the scope the server would vouch for."""
    _, role, tenant, grid, _ = next(a for a in ACCOUNTS if a[0] == user_id)
    return Actor(
        user_id=UserId(user_id),
        role=role,
        tenant=tenant,
        grid_unit=GridUnitId(grid) if grid else None,
    )


@dataclass(frozen=True)
class _Intent:
    """An action waiting to become an event once every action is known and put in time order."""

    at: datetime
    order: int
    user_id: str
    tenant: TenantId
    kind: EventType
    aggregate_id: str
    payload: dict[str, Any]


@dataclass
class Recorder:
    """Collects actions in any order; ``events`` replays them in time order, one phone per user."""

    rng: random.Random
    _intents: list[_Intent] = field(default_factory=list)

    def record(
        self,
        user_id: str,
        *,
        tenant: TenantId,
        kind: EventType,
        aggregate_id: str,
        payload: dict[str, Any],
        at: datetime,
    ) -> None:
        """Note that ``user_id`` did this at local time ``at`` (naive, China)."""
        order = len(self._intents)
        self._intents.append(_Intent(at, order, user_id, tenant, kind, aggregate_id, payload))

    def events(self) -> list[Event]:
        """The events as the phones made them: per device, sequence and clock only move on."""
        seqs: dict[str, int] = {}
        last_ms: dict[str, int] = {}
        versions: dict[tuple[str, str], int] = {}
        made: list[Event] = []
        for intent in sorted(self._intents, key=lambda i: (i.at, i.order)):
            device = f"demo-{intent.user_id}"
            seqs[device] = seqs.get(device, 0) + 1
            wall = int(intent.at.replace(tzinfo=CHINA).timestamp() * 1000)
            last_ms[device] = wall = max(wall, last_ms.get(device, 0) + 1)
            aggregate = AggregateRef(type=AGGREGATE_OF[intent.kind], id=intent.aggregate_id)
            version_key = (aggregate.type.value, aggregate.id)
            made.append(
                Event(
                    event_id=EventId(str(uuid.UUID(int=self.rng.getrandbits(128), version=4))),
                    device_id=DeviceId(device),
                    device_seq=seqs[device],
                    actor=actor(intent.user_id),
                    tenant=intent.tenant,
                    aggregate=aggregate,
                    type=intent.kind,
                    payload=intent.payload,
                    hlc=Hlc(wall_ms=wall, counter=0, device=DeviceId(device)),
                    base_version=versions.get(version_key, 0),
                )
            )
            versions[version_key] = made[-1].base_version + 1
        return made


def store_events(conn: Connection, made: list[Event]) -> int:
    """Insert events as accepted, numbered in stamp order, then build their projections.

    Equivalent to each phone pushing its queue, without a merge round per batch; the folds
    still judge every event, so a demo event the rules refuse would show as refused.
    """
    ordered = sorted(made, key=Event.order_key)
    first = allocate_server_seqs(conn, len(ordered))
    now = datetime.now(UTC)
    rows = [
        event_row(
            event,
            status=PushStatus.ACCEPTED,
            server_seq=first + i,
            received_at=now,
            pushed_by=event.actor.user_id,
        )
        for i, event in enumerate(ordered)
    ]
    if rows:
        conn.execute(insert(events), rows)
    note_numbers_on_record(
        conn, (e.payload for e in ordered if e.type is EventType.INSPECTION_RECORDED)
    )
    _register_devices(conn, ordered, now)
    aggregates = sorted({(e.aggregate.type, e.aggregate.id) for e in ordered})
    for start in range(0, len(aggregates), _PROJECTION_CHUNK):
        refresh_projections(conn, aggregates[start : start + _PROJECTION_CHUNK])
    conn.execute(
        insert(audit).values(
            at=now, actor=None, action="demo.history", subject=None, detail={"events": len(rows)}
        )
    )
    return len(rows)


def _register_devices(conn: Connection, ordered: list[Event], now: datetime) -> None:
    latest: dict[str, Event] = {}
    counts: Counter[str] = Counter()
    for event in sorted(ordered, key=lambda e: (e.device_id, e.device_seq)):
        latest[event.device_id] = event
        counts[event.device_id] += 1
    rows = [
        {
            "id": device,
            "user_id": event.actor.user_id,
            "registered_at": now,
            "max_seq": event.device_seq,
            "seq_count": counts[device],
            "last_seen_at": now,
            "max_skew_ms": 0,
        }
        for device, event in sorted(latest.items())
    ]
    if rows:
        conn.execute(insert(devices), rows)
