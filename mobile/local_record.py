"""The phone's copy of the record: the store, the folds over it, and one lock.

Everything that changes local state goes through here, from the UI thread (an action) and the
sync thread (settle, pull) alike, so the device counters and the folds never see a half-done
change. The store makes each change durable before the folds see it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from mobile.projections import Projections
from mobile.store import STORED_ON_SERVER, DeviceState, KnownEvent, Settled, Store
from shared.errors import BadHlc
from shared.events import AggregateRef, Event
from shared.hlc import MAX_AHEAD_MS, Hlc, receive
from shared.protocol import PushStatus

__all__ = ["LocalRecord", "PhotoOwner", "photo_hashes", "wall_clock_ms"]


def wall_clock_ms() -> int:
    """The phone's clock in epoch milliseconds (skewed or not: stamps only order events)."""
    return time.time_ns() // 1_000_000


@dataclass(frozen=True)
class PhotoOwner:
    """An event that references a photo, and how far it got."""

    event_id: str
    tenant: str
    user_id: str
    status: PushStatus | None  # None while pending


class LocalRecord:
    """The store plus the folds, kept in step under one re-entrant lock.

    Args:
        store: The durable store (its known and pending events are folded on construction).
        clock: The wall clock in epoch ms, for merging the stamps of pulled events.
    """

    def __init__(self, store: Store, *, clock: Callable[[], int] = wall_clock_ms) -> None:
        self.store = store
        self.clock = clock
        self.lock = threading.RLock()
        self.projections = Projections()
        self._photos: dict[str, dict[str, PhotoOwner]] = {}
        for known in store.known():
            self._track(known.body, known.status, known.in_record)
        for event in store.pending():
            self._track(event.model_dump(mode="json"), None, True)

    def device(self) -> DeviceState:
        """The device counters to stamp the next event with."""
        with self.lock:
            return self.store.device()

    def first_maker(self) -> str | None:
        """Who made this install's first event (under its own id), if it made any.

        Names the install's owner on a phone whose store predates ``DeviceState.owner``.
        """
        with self.lock:
            device = self.store.device()
            own = [e for e in self.store.pending() if e.device_id == device.device_id]
            bodies = [e.model_dump(mode="json") for e in own]
            bodies += [
                k.body for k in self.store.known() if k.body.get("device_id") == device.device_id
            ]
        if not bodies:
            return None
        first = min(bodies, key=lambda body: int(body.get("device_seq") or 0))
        return str((first.get("actor") or {}).get("user_id") or "") or None

    def version_of(self, aggregate: AggregateRef) -> int:
        """The ``base_version`` of an action on this aggregate now."""
        with self.lock:
            return self.projections.version(aggregate)

    def append(self, event: Event, device: DeviceState) -> None:
        """Save an event durably with its device state, then show it in the folds."""
        with self.lock:
            self.store.record(event, device)
            self._track(event.model_dump(mode="json"), None, True)

    def pending(self) -> list[Event]:
        """Events not yet settled, in ``device_seq`` order."""
        with self.lock:
            return self.store.pending()

    def settle(self, settled: Sequence[Settled]) -> None:
        """Record the server's answers; refused events leave the folds (not in the record)."""
        with self.lock:
            bodies = {e.event_id: e.model_dump(mode="json") for e in self.store.pending()}
            self.store.settle(settled)
            for answer in settled:
                if answer.event_id in bodies:
                    in_record = answer.status in STORED_ON_SERVER
                    self._track(bodies[answer.event_id], answer.status, in_record)

    def absorb(
        self, page: Iterable[dict[str, Any]], cursor: int, *, server_ms: int | None = None
    ) -> int:
        """Keep a pulled page, merge its stamps into the device clock, advance the cursor.

        A stamp that cannot be read, or lies more than a day ahead of the server's clock
        (``server_ms``, when known), is not merged; the event is kept all the same (see
        ``shared.hlc.receive``). No pulled body can stop a sync.

        A device clock already more than a day ahead of the server's (a hostile stamp followed
        before the bound existed) is dropped: the server would refuse every event stamped after
        it, and at the end of the text form no stamp is left at all. Stamping starts again from
        what this page holds and the phone's clock.

        Returns:
            How many events the page held.
        """
        pulled = [
            KnownEvent(
                body={k: v for k, v in raw.items() if k != "server_seq"},
                server_seq=raw.get("server_seq"),
            )
            for raw in page
        ]
        with self.lock:
            device = self.store.device()
            last = device.last
            if (
                last is not None
                and server_ms is not None
                and last.wall_ms - server_ms > MAX_AHEAD_MS
            ):
                last = None
            for known in pulled:
                last = _received(last, known.body, self.clock(), device, server_ms)
            self.store.absorb(pulled, cursor=cursor, device=replace(device, last=last))
            for known in pulled:
                self._track(known.body, PushStatus.ACCEPTED, True)
        return len(pulled)

    def photo_owners(self, sha256: str) -> list[PhotoOwner]:
        """The events that reference a photo (empty for a draft photo no event uses yet)."""
        with self.lock:
            return list(self._photos.get(sha256, {}).values())

    def _track(self, body: dict[str, Any], status: PushStatus | None, in_record: bool) -> None:
        if in_record:
            self.projections.put(body)
        else:
            self.projections.remove(str(body["event_id"]))
        actor = body.get("actor") or {}
        for sha in photo_hashes(body.get("payload")):
            owner = PhotoOwner(
                str(body["event_id"]), str(body["tenant"]), str(actor.get("user_id")), status
            )
            self._photos.setdefault(sha, {})[owner.event_id] = owner


def _received(
    last: Hlc | None,
    body: dict[str, Any],
    now_ms: int,
    device: DeviceState,
    server_ms: int | None,
) -> Hlc | None:
    try:
        remote = Hlc.parse(str(body["hlc"]))
    except (KeyError, BadHlc):
        return last
    return receive(last, remote, now_ms, device.device_id, judge_ms=server_ms)


def photo_hashes(value: Any) -> set[str]:
    """Every photo hash referenced anywhere in a payload (``PhotoRef``-shaped objects)."""
    found: set[str] = set()
    if isinstance(value, dict):
        if isinstance(value.get("sha256"), str) and "size" in value:
            found.add(value["sha256"])
        for item in value.values():
            found |= photo_hashes(item)
    elif isinstance(value, list | tuple):
        for item in value:
            found |= photo_hashes(item)
    return found
