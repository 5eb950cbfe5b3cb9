"""The regulator's map of a grid unit, drawn without tiles: enterprises projected onto a box.

The enterprises come from ``GET /v1/risk-map/grid/{unit}/enterprises`` (every page, each kept
for offline use like every server read). A unit spans a few kilometres to a county, so a plain
equirectangular projection, its longitudes shrunk by the cosine of the middle latitude, keeps
shapes true to the eye; the box of the points fills the canvas with the same scale both ways.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from mobile.sync.reads import ServerReads

__all__ = ["MAX_PAGES", "Pin", "load_pins", "project"]

MAX_PAGES = 20
"""At most this many pages of 200 (a county's enterprises); beyond, the map says it is cut."""


@dataclass(frozen=True)
class Pin:
    """An enterprise on the map: its number in the legend, where it is and how it is coloured."""

    number: int
    tenant: str
    name: str
    grid_unit: str
    latitude: float | None
    longitude: float | None
    highest: str
    light: str | None


def project(
    points: list[tuple[float, float]], width: float, height: float, margin: float
) -> list[tuple[float, float]]:
    """Each (latitude, longitude) as (x, y) on a ``width`` × ``height`` canvas, north up.

    The points' box fills the canvas inside ``margin`` with one scale for both axes (so a
    township is not stretched), centred along the axis it does not fill. One point, or points
    all in one place, sit in the middle.
    """
    if not points:
        return []
    middle = math.radians(sum(lat for lat, _ in points) / len(points))
    shrink = max(math.cos(middle), 0.01)
    xs = [lon * shrink for _, lon in points]
    ys = [lat for lat, _ in points]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    room_x, room_y = max(width - 2 * margin, 0.0), max(height - 2 * margin, 0.0)
    scales = [room / span for room, span in ((room_x, span_x), (room_y, span_y)) if span > 0]
    scale = min(scales) if scales else 0.0
    left = (width - span_x * scale) / 2
    top = (height - span_y * scale) / 2
    return [
        (left + (x - min(xs)) * scale, top + (max(ys) - y) * scale)
        for x, y in zip(xs, ys, strict=True)
    ]


def load_pins(reads: ServerReads, unit: str) -> tuple[list[Pin], int, int, bool]:
    """The unit's enterprises, numbered as the legend lists them.

    Returns:
        The pins, the unit's total, when the first page was fetched (epoch ms), and whether
        every page was fresh (False: a kept copy is shown).
    """
    path = f"/v1/risk-map/grid/{unit}/enterprises"
    pins: list[Pin] = []
    offset: int | None = 0
    total, at_ms, fresh = 0, 0, True
    for _ in range(MAX_PAGES):
        if offset is None:
            break
        fetched = reads.json(path, {"offset": offset} if offset else None)
        body: dict[str, Any] = fetched.body
        at_ms = at_ms or fetched.at_ms
        fresh = fresh and fetched.fresh
        total = int(body["total"])
        pins += [_pin(len(pins) + n + 1, raw) for n, raw in enumerate(body["enterprises"])]
        offset = body.get("next_offset")
    return pins, total, at_ms, fresh


def _pin(number: int, raw: dict[str, Any]) -> Pin:
    return Pin(
        number=number,
        tenant=str(raw["tenant"]),
        name=str(raw["name"]),
        grid_unit=str(raw.get("grid_unit", "")),
        latitude=raw.get("latitude"),
        longitude=raw.get("longitude"),
        highest=str(raw.get("highest") or "none"),
        light=raw.get("light"),
    )
