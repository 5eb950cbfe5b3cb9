"""The phone store's ports: what the app needs from durable storage, nothing about files.

Two implementations of each: ``tinydb_store`` / ``photo_files`` on disk and ``memory`` in
memory. The same contract tests run on both (``tests/mobile/store``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from mobile.store.records import DeviceState, KnownEvent, Settled
from shared.events import Event

__all__ = ["PhotoFiles", "Store"]


class Store(Protocol):
    """Durable local state: the outbox, the known history, the sync cursor and small documents.

    Every method that changes something returns only once the change is durable: the UI says
    "saved" after ``record`` returns, and a phone killed at any moment loses nothing it said it
    saved. The device identity is made when a store is first opened, so ``device()`` always
    answers.
    """

    def device(self) -> DeviceState:
        """This install's id, last ``device_seq`` and clock stamp."""
        ...

    def record(self, event: Event, device: DeviceState) -> None:
        """Append an event to the outbox together with the device state that stamped it.

        One durable write holds both, so a sequence number or stamp is never handed out twice.
        """
        ...

    def pending(self) -> list[Event]:
        """Events not yet settled by the server, in ``device_seq`` order."""
        ...

    def settle(self, settled: Sequence[Settled]) -> None:
        """Move pushed events out of the outbox into the history with the server's answer.

        Unknown event ids are ignored: a result may arrive for an event pulled meanwhile.
        """
        ...

    def absorb(self, pulled: Sequence[KnownEvent], *, cursor: int, device: DeviceState) -> None:
        """Add pulled events to the history, then save the cursor and the merged clock.

        A pulled event replaces a local copy with the same id (the server's is authoritative),
        and leaves the outbox: it is in the server's record already. The cursor is saved only
        after the events, so a crash between the two means pulling them again, never a gap.
        """
        ...

    def known(self) -> list[KnownEvent]:
        """Every event in the history: pulled, or settled by a push (refusals included)."""
        ...

    def cursor(self) -> int:
        """The ``server_seq`` up to which the history is complete; 0 to pull everything."""
        ...

    def read_doc(self, name: str) -> dict[str, Any] | None:
        """A small document (session, reference data of one enterprise), or None if absent.

        Names are lowercase words separated by ``/``, like ``reference/91350100M000100Y43``.
        """
        ...

    def write_doc(self, name: str, doc: dict[str, Any] | None) -> None:
        """Replace a small document durably; None deletes it."""
        ...


class PhotoFiles(Protocol):
    """Photo files on the phone, by the sha256 of their bytes, with their thumbnails.

    A photo stays until the server has verified it and accepted the event that references it;
    the thumbnail stays after, so lists show it offline.
    """

    def put(self, sha256: str, photo: bytes, thumb: bytes) -> None:
        """Store a photo and its thumbnail durably (both written before returning)."""
        ...

    def photo(self, sha256: str) -> bytes | None:
        """The photo's bytes, or None when gone or damaged (checked against its hash)."""
        ...

    def thumb(self, sha256: str) -> bytes | None:
        """The thumbnail's bytes, or None."""
        ...

    def drop(self, sha256: str) -> None:
        """Delete the photo (not its thumbnail); nothing happens if it is gone already."""
        ...

    def stored(self) -> list[str]:
        """The hashes of every photo still on the phone, sorted."""
        ...
