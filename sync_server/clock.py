"""The clock port: the scoring scheduler asks it the time, so tests can drive midnights."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Annotated, Protocol

from fastapi import Depends, Request


class Clock(Protocol):
    """Tells the time (aware, UTC) and waits; the only place the scheduler reads a clock."""

    def now(self) -> datetime:
        """The current moment, timezone-aware."""
        ...

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        """Wait ``seconds`` or until ``stop`` is set; True if it was set."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The system time in UTC."""
        return datetime.now(UTC)

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        """Sleep on the stop event, so shutting down never waits for midnight."""
        return stop.wait(max(0.0, seconds))


class FakeClock:
    """A clock that moves only when told; waiting advances it instead of sleeping."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("a fake clock starts at an aware moment")
        self._now = start

    def now(self) -> datetime:
        """The moment set last."""
        return self._now

    def set(self, moment: datetime) -> None:
        """Jump to ``moment`` (forwards or backwards: clocks get corrected)."""
        if moment.tzinfo is None:
            raise ValueError("set an aware moment")
        self._now = moment

    def advance(self, seconds: float) -> None:
        """Move on by ``seconds``."""
        self._now += timedelta(seconds=seconds)

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        """Advance by ``seconds`` at once, unless already stopped."""
        if stop.is_set():
            return True
        self.advance(max(0.0, seconds))
        return stop.is_set()


def get_clock(request: Request) -> Clock:
    """The app's clock (``app.state.clock``), the system clock if none was set."""
    clock: Clock = getattr(request.app.state, "clock", None) or SystemClock()
    return clock


ClockDep = Annotated[Clock, Depends(get_clock)]
