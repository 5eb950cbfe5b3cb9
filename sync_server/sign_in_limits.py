"""What a sign-in may cost: attempts per name and address, and password checks at once.

Three bounds, each against one abuse found in issue 13:

- ``by_pair``: N attempts a minute at one name from one client address. A guesser is slowed
  down, but only at their own address: the owner signing in from another address (their phone
  on its own network) is never refused, so nobody can lock a worker out of their account.
- ``by_address``: a budget of *failed* sign-ins a minute for one address whatever the names,
  so guessing many names from one place is slowed too, while a shift of two hundred workers
  signing in correctly behind one factory NAT costs nothing from it.
- ``checks``: at most one argon2id check per core at a time (each takes 64 MiB). A request
  that finds them all busy waits briefly, then gets ``503 server.busy``: forty concurrent
  sign-ins with random names once took the server from 145 MB to 2 GB.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

from sync_server.problems import Busy, RateLimited
from sync_server.settings import Settings

PRUNE_FLOOR = 1024
"""The throttle sweeps out stale keys once it holds this many (and then twice what is left)."""


class LoginThrottle:
    """At most N attempts per key a minute, per server process.

    Keys not tried for a minute are forgotten, so guessing at many names cannot grow it for
    ever (it kept every name ever tried until this was found by the hostile-input tests).
    """

    def __init__(self, per_minute: int) -> None:
        self._per_minute = per_minute
        self._attempts: dict[str, deque[float]] = {}
        self._prune_at = PRUNE_FLOOR
        self._lock = threading.Lock()  # sign-ins run on many threads at once

    def check(self, key: str, *, now: float | None = None) -> None:
        """Count an attempt, refusing it once the minute's allowance is used."""
        moment = time.monotonic() if now is None else now
        with self._lock:
            self._refuse_if_spent(key, moment)
            self._attempts[key].append(moment)

    def refuse_if_spent(self, key: str, *, now: float | None = None) -> None:
        """Refuse if the minute's allowance is used, without counting this attempt."""
        with self._lock:
            self._refuse_if_spent(key, time.monotonic() if now is None else now)

    def count(self, key: str, *, now: float | None = None) -> None:
        """Count an attempt that was let through (a failure, for a budget of failures)."""
        moment = time.monotonic() if now is None else now
        with self._lock:
            self._attempts.setdefault(key, deque()).append(moment)

    def _refuse_if_spent(self, key: str, moment: float) -> None:
        if len(self._attempts) >= self._prune_at:
            self._forget_before(moment - 60)
        window = self._attempts.setdefault(key, deque())
        while window and window[0] <= moment - 60:
            window.popleft()
        if len(window) >= self._per_minute:
            raise RateLimited("too many sign-in attempts: wait a minute", retry_after=60)

    def tracked(self) -> int:
        """How many keys the throttle holds (for tests and the health of a long run)."""
        return len(self._attempts)

    def _forget_before(self, moment: float) -> None:
        self._attempts = {
            key: window for key, window in self._attempts.items() if window and window[-1] > moment
        }
        # Amortised: the next sweep waits until the map has doubled again.
        self._prune_at = max(PRUNE_FLOOR, 2 * len(self._attempts))


class PasswordChecks:
    """A bounded number of password checks at once; the rest wait briefly, then are refused."""

    def __init__(self, slots: int, *, wait_seconds: float) -> None:
        self._slots = threading.BoundedSemaphore(slots)
        self._wait = wait_seconds
        self._lock = threading.Lock()
        self.running = 0
        self.most_at_once = 0  # the peak, for tests and benches

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the slots for a check.

        Raises:
            Busy: No slot came free within the wait.
        """
        if not self._slots.acquire(timeout=self._wait):
            raise Busy("too many sign-ins at once: try again in a moment", retry_after=1)
        with self._lock:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            yield
        finally:
            with self._lock:
                self.running -= 1
            self._slots.release()


class SignInLimits:
    """The app's sign-in bounds, built once from the settings."""

    def __init__(self, settings: Settings) -> None:
        self.by_pair = LoginThrottle(settings.login_attempts_per_minute)
        self.by_address = LoginThrottle(settings.address_login_budget)
        self.checks = PasswordChecks(
            settings.concurrent_password_checks, wait_seconds=settings.password_check_wait_seconds
        )

    def admit(self, username: str, address: str, *, now: float | None = None) -> None:
        """Count an attempt at ``username`` from ``address``, or refuse it (429).

        Raises:
            RateLimited: The address's failures or the name's allowance at this address is spent.
        """
        self.by_address.refuse_if_spent(address, now=now)
        self.by_pair.check(f"{address}\x00{username}", now=now)

    def failed(self, address: str, *, now: float | None = None) -> None:
        """Count a wrong name or password against the address's budget."""
        self.by_address.count(address, now=now)
