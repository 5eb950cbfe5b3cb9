"""The sync loop's reports, passed to every open session and the last good sync remembered.

One phone (one store, one sync loop) serves every page of the process: the built app has one,
web mode one per browser tab. The loop reports from its thread; each app takes it from there.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Protocol

from mobile.services.preferences import with_changes
from mobile.store import Store
from mobile.sync.loop import SyncStatus
from mobile.sync.progress import Progress

__all__ = ["StatusHub", "SyncListener"]


class SyncListener(Protocol):
    """What an open app wants to hear."""

    def on_sync_status(
        self, status: SyncStatus, error: Exception | None, synced_ms: int | None
    ) -> None:
        """The loop's status changed; ``synced_ms`` is set when a round just finished well."""
        ...

    def on_sync_progress(self, progress: Progress) -> None:
        """A sync step advanced."""
        ...


class StatusHub:
    """Fans the loop's callbacks out to the listeners; keeps the last status for new ones.

    Args:
        clock_ms: Epoch milliseconds, to note when a round finished.
    """

    def __init__(self, clock_ms: Callable[[], int]) -> None:
        self.clock_ms = clock_ms
        self.store: Store | None = None
        self.status = SyncStatus.IDLE
        self._listeners: list[SyncListener] = []
        self._lock = threading.Lock()

    def attach(self, store: Store) -> None:
        """Where to remember the last good sync (the store is built after the hub)."""
        self.store = store

    def add(self, listener: SyncListener) -> None:
        """Start telling ``listener`` (once, however often a reloaded tab asks)."""
        with self._lock:
            if listener not in self._listeners:
                self._listeners.append(listener)

    def remove(self, listener: SyncListener) -> None:
        """Stop telling ``listener`` (its page closed)."""
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def on_status(self, status: SyncStatus, error: Exception | None) -> None:
        """The loop's status callback."""
        finished = self.status is SyncStatus.SYNCING and status is SyncStatus.IDLE
        self.status = status
        synced_ms = self.clock_ms() if finished else None
        if synced_ms is not None and self.store is not None:
            with_changes(self.store, last_synced_ms=synced_ms)
        for listener in self._current():
            listener.on_sync_status(status, error, synced_ms)

    def on_progress(self, progress: Progress) -> None:
        """The engine's progress callback."""
        for listener in self._current():
            listener.on_sync_progress(progress)

    def _current(self) -> list[SyncListener]:
        with self._lock:
            return list(self._listeners)
