"""The in-memory twin of the phone store and photo files: same contract, no disk.

For tests of everything above the store, and for the contract tests that pin what the disk
implementation must do. Documents are copied in and out, as a file would, so a caller can never
change stored state by editing what it was given.
"""

from __future__ import annotations

import copy
import hashlib
import uuid
from collections.abc import Sequence
from typing import Any

from mobile.store.records import DeviceState, KnownEvent, Settled, check_doc_name
from shared.events import Event
from shared.ids import DeviceId

__all__ = ["MemoryPhotoFiles", "MemoryStore"]


class MemoryStore:
    """The ``Store`` port in memory.

    Args:
        device_id: The install's id; a random one when not given.
    """

    def __init__(self, device_id: str | None = None) -> None:
        self._device = DeviceState(device_id=DeviceId(device_id or uuid.uuid4().hex))
        self._pending: dict[str, Event] = {}
        self._known: dict[str, KnownEvent] = {}
        self._cursor = 0
        self._docs: dict[str, dict[str, Any]] = {}

    def device(self) -> DeviceState:
        """This install's id, last ``device_seq`` and clock stamp."""
        return self._device

    def record(self, event: Event, device: DeviceState) -> None:
        """Append to the outbox with the device state."""
        if any(e.device_seq == event.device_seq for e in self._pending.values()):
            raise ValueError(f"device_seq {event.device_seq} is already in the outbox")
        self._pending[event.event_id] = event
        self._device = device

    def pending(self) -> list[Event]:
        """Unsettled events in ``device_seq`` order."""
        return sorted(self._pending.values(), key=lambda e: e.device_seq)

    def settle(self, settled: Sequence[Settled]) -> None:
        """Move answered events from the outbox to the history."""
        for answer in settled:
            event = self._pending.pop(answer.event_id, None)
            if event is not None:
                body = event.model_dump(mode="json")
                self._known[answer.event_id] = KnownEvent.settled(body, answer)

    def absorb(self, pulled: Sequence[KnownEvent], *, cursor: int, device: DeviceState) -> None:
        """Add pulled events, drop them from the outbox, save cursor and clock."""
        for known in pulled:
            self._known[known.event_id] = copy.deepcopy(known)
            self._pending.pop(known.event_id, None)
        self._cursor = cursor
        self._device = device

    def known(self) -> list[KnownEvent]:
        """Every history event."""
        return [copy.deepcopy(known) for known in self._known.values()]

    def cursor(self) -> int:
        """The saved pull cursor."""
        return self._cursor

    def read_doc(self, name: str) -> dict[str, Any] | None:
        """A small document, or None."""
        doc = self._docs.get(check_doc_name(name))
        return None if doc is None else copy.deepcopy(doc)

    def write_doc(self, name: str, doc: dict[str, Any] | None) -> None:
        """Replace or delete a small document."""
        if doc is None:
            self._docs.pop(check_doc_name(name), None)
        else:
            self._docs[check_doc_name(name)] = copy.deepcopy(doc)


class MemoryPhotoFiles:
    """The ``PhotoFiles`` port in memory."""

    def __init__(self) -> None:
        self._photos: dict[str, bytes] = {}
        self._thumbs: dict[str, bytes] = {}

    def put(self, sha256: str, photo: bytes, thumb: bytes) -> None:
        """Keep a photo and its thumbnail."""
        if hashlib.sha256(photo).hexdigest() != sha256:
            raise ValueError("the photo's bytes do not match its sha256")
        self._photos[sha256], self._thumbs[sha256] = photo, thumb

    def photo(self, sha256: str) -> bytes | None:
        """The photo, or None."""
        return self._photos.get(sha256)

    def thumb(self, sha256: str) -> bytes | None:
        """The thumbnail, or None."""
        return self._thumbs.get(sha256)

    def drop(self, sha256: str) -> None:
        """Forget the photo, keep the thumbnail."""
        self._photos.pop(sha256, None)

    def stored(self) -> list[str]:
        """Hashes of the photos held, sorted."""
        return sorted(self._photos)
