"""Where the phone is at scan time, behind a small port: flet-geolocator, or a twin in tests.

The position is asked for only when a scanned post has coordinates (the 200 m check,
``shared.geo``), and it is never required: no permission, location services off, no fix within
a few seconds, or a desktop or browser without the package all give None, and the card opens
all the same. The phone's implementation is ``mobile.ui.location_source``.
"""

from __future__ import annotations

from typing import Protocol

from shared.geo import Position

__all__ = ["FixedLocator", "Locator", "NoLocator"]


class Locator(Protocol):
    """The phone's position, if the worker allows it and one comes quickly."""

    async def position(self) -> Position | None:
        """Where the phone is now; None without permission, a fix or a location service."""
        ...


class NoLocator:
    """A phone without location (a desktop, the web build, or a build without the package)."""

    async def position(self) -> Position | None:
        """Never a position."""
        return None


class FixedLocator:
    """The in-memory twin: always the position it was given, counting the questions."""

    def __init__(self, where: Position | None) -> None:
        self.where = where
        self.asked = 0

    async def position(self) -> Position | None:
        """The given position."""
        self.asked += 1
        return self.where
