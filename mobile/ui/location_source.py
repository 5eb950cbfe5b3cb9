"""The phone's position through flet-geolocator (a Flet service), asked once per scan.

flet-geolocator is looked up by name, like flet-camera: a build without it has no location.
The worker is asked for the permission the first time a scanned post has coordinates; a
refusal is remembered by Android and never asked again by the app. A fix must come within
``FIX_WAIT_S``: a worker indoors must not wait for a satellite to tick a card.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
from typing import Any

from mobile.location import Locator, NoLocator
from shared.geo import MAX_ACCURACY_M, Position

__all__ = ["FletLocator", "geolocator_module", "locator"]

log = logging.getLogger(__name__)

FIX_WAIT_S = 3.0
"""The longest a scan waits for a position before the card opens without one."""
ALLOWED = {"whileInUse", "always"}


def geolocator_module() -> Any | None:
    """``flet_geolocator`` if installed."""
    try:
        return importlib.import_module("flet_geolocator")
    except ImportError:
        return None


def locator() -> Locator:
    """The phone's locator, or one that never knows where it is (no flet-geolocator here).

    Call inside the page's context: the geolocator is a Flet service, as the file picker is.
    """
    module = geolocator_module()
    return NoLocator() if module is None else FletLocator(module.Geolocator(), module)


class FletLocator:
    """flet-geolocator's current position, with the permission asked when first needed."""

    def __init__(self, service: Any, module: Any) -> None:
        self._service = service
        self._pinned = (service,)  # Flet drops a service held by fewer than two references
        self._module = module

    async def position(self) -> Position | None:
        """The current fix, or None (no permission, services off, too slow, too vague)."""
        try:
            return await asyncio.wait_for(self._fix(), FIX_WAIT_S)
        except Exception:  # refused, timed out, or a browser without the API: no position
            log.info("no position at scan time", exc_info=True)
            return None

    async def _fix(self) -> Position | None:
        service = self._service
        if not await service.is_location_service_enabled():
            return None
        status = await service.get_permission_status()
        if getattr(status, "value", status) not in ALLOWED:
            status = await service.request_permission()
        if getattr(status, "value", status) not in ALLOWED:
            return None
        fix = await service.get_current_position()
        if fix is None or fix.latitude is None or fix.longitude is None:
            return None
        accuracy = float(fix.accuracy or 0.0)
        if accuracy > MAX_ACCURACY_M:
            return None
        return Position(latitude=fix.latitude, longitude=fix.longitude, accuracy_m=accuracy)
