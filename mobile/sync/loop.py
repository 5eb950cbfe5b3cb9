"""The background sync loop: sync now and then, back off when offline, park when signed out.

After a failure the wait doubles from ``base_s`` up to ``cap_s``, with jitter (half fixed, half
random) so a hundred phones coming back into coverage do not all knock at once. An auth error
does not loop: the loop parks and reports ``SIGN_IN_NEEDED`` until ``resume()`` after sign-in,
and the events queued meanwhile are sent then.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.sync.progress import SyncReport

__all__ = ["Backoff", "StatusCallback", "SyncLoop", "SyncStatus", "ignore_status"]

log = logging.getLogger(__name__)


class SyncStatus(StrEnum):
    """What the sync status line shows."""

    IDLE = "idle"  # synced; waiting for the next round or a new action
    SYNCING = "syncing"  # a round is running
    OFFLINE = "offline"  # the server cannot be reached; retrying with backoff
    FAILED = "failed"  # the server refused something unexpectedly; retrying with backoff
    SIGN_IN_NEEDED = "sign_in_needed"  # parked until the user signs in
    STOPPED = "stopped"  # the loop was stopped (app closing)


@dataclass(frozen=True)
class Backoff:
    """Exponential backoff with equal jitter: waits are in ``[d/2, d]``, ``d = base·2^(n-1)``."""

    base_s: float = 2.0
    cap_s: float = 300.0

    def delay(self, failures: int, rng: random.Random) -> float:
        """The wait after ``failures`` failed rounds in a row (at least 1)."""
        ceiling = min(self.cap_s, self.base_s * 2.0 ** (max(failures, 1) - 1))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)


StatusCallback = Callable[[SyncStatus, Exception | None], None]
"""Told every status change, from the sync thread, with the error behind it if any."""


def ignore_status(_: SyncStatus, __: Exception | None) -> None:
    """The default: no one is watching."""


class SyncLoop:
    """Runs ``sync`` in a daemon thread.

    Args:
        sync: One sync round (``SyncEngine.sync_once``).
        interval_s: The wait after a good round; a new action wakes the loop sooner.
        backoff: The waits after failed rounds.
        rng: The jitter's randomness (seeded in tests).
        on_status: Told each status change.
    """

    def __init__(
        self,
        sync: Callable[[], SyncReport],
        *,
        interval_s: float = 60.0,
        backoff: Backoff = Backoff(),
        rng: random.Random | None = None,
        on_status: StatusCallback = ignore_status,
    ) -> None:
        self.sync = sync
        self.interval_s = interval_s
        self.backoff = backoff
        self.rng = rng or random.Random()
        self.on_status = on_status
        self.status = SyncStatus.IDLE
        self.failures = 0
        self.last_report: SyncReport | None = None
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._parked = False
        self._thread: threading.Thread | None = None

    def step(self) -> float | None:
        """Run one round; returns the wait before the next, or None to park until resumed."""
        self._set(SyncStatus.SYNCING)
        try:
            self.last_report = self.sync()
        except SignInRequired as exc:
            self._parked = True
            self._set(SyncStatus.SIGN_IN_NEEDED, exc)
            return None
        except (Offline, ServerRefused) as exc:
            return self._failed(
                SyncStatus.OFFLINE if isinstance(exc, Offline) else SyncStatus.FAILED, exc
            )
        except Exception as exc:  # a bug must not kill the thread that keeps the queue moving
            log.exception("sync round crashed")
            return self._failed(SyncStatus.FAILED, exc)
        self.failures = 0
        self._set(SyncStatus.IDLE)
        return self.interval_s

    def start(self) -> None:
        """Start the thread (once)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="sync", daemon=True)
            self._thread.start()

    def wake(self) -> None:
        """Sync soon (a new action was saved); ignored while waiting for sign-in."""
        if not self._parked:
            self._wake.set()

    def resume(self) -> None:
        """The user signed in: leave the parked state and sync now."""
        self._parked = False
        self.failures = 0
        self._wake.set()

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop after the current round; waits for the thread up to ``timeout_s``."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
        self._set(SyncStatus.STOPPED)

    def _run(self) -> None:
        while not self._stop.is_set():
            delay = self.step()
            if self._stop.is_set():
                return
            self._wake.wait(delay)
            self._wake.clear()
            while self._parked and not self._stop.is_set():
                self._wake.wait()
                self._wake.clear()

    def _failed(self, status: SyncStatus, error: Exception) -> float:
        self.failures += 1
        log.info("sync failed (%s failures in a row): %s", self.failures, error)
        self._set(status, error)
        return self.backoff.delay(self.failures, self.rng)

    def _set(self, status: SyncStatus, error: Exception | None = None) -> None:
        self.status = status
        self.on_status(status, error)
