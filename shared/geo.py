"""Where a card was ticked against where its post is: the 200 m check (疑似虚假打卡).

A tick opened by scanning a post's QR more than 200 m from the post is a suspected false
check-in (domain.md, scoring deductions). The phone records its position at scan time only when
the worker allowed location, and a post has coordinates only when a manager set them, so the
check answers "unknown" (None) far more often than yes or no, and unknown never counts against
anyone. A position fix has an error radius: the check gives the worker its benefit (a fix whose
circle reaches within 200 m of the post is near).
"""

from __future__ import annotations

import math

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["NEAR_POST_M", "Position", "distance_m", "far_from_post"]

NEAR_POST_M = 200.0
"""A scan farther than this from the post is a suspected false check-in."""
EARTH_RADIUS_M = 6_371_008.8
"""The mean Earth radius (IUGG): the haversine distance is within 0.5 % of the true one."""
MAX_ACCURACY_M = 10_000.0
"""A fix vaguer than this (a cell-tower guess) says nothing about 200 m."""


class Position(BaseModel):
    """A point in WGS-84 degrees, with the error radius of the fix in metres (0 when exact)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    latitude: float = Field(ge=-90, le=90, allow_inf_nan=False)
    longitude: float = Field(ge=-180, le=180, allow_inf_nan=False)
    accuracy_m: float = Field(default=0.0, ge=0, le=MAX_ACCURACY_M, allow_inf_nan=False)


def distance_m(a: Position, b: Position) -> float:
    """The great-circle distance between two points, in metres (haversine)."""
    lat_a, lat_b = math.radians(a.latitude), math.radians(b.latitude)
    d_lat = lat_b - lat_a
    d_lon = math.radians(b.longitude - a.longitude)
    h = math.sin(d_lat / 2) ** 2 + math.cos(lat_a) * math.cos(lat_b) * math.sin(d_lon / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def far_from_post(scanned_at: Position | None, post: Position | None) -> bool | None:
    """Whether a scan was surely more than ``NEAR_POST_M`` from its post; None when unknown.

    Unknown when either position is missing. Far only when even the nearest point of the
    fix's error circle is beyond the limit: a vague fix near the edge is given the benefit.
    """
    if scanned_at is None or post is None:
        return None
    return distance_m(scanned_at, post) - scanned_at.accuracy_m > NEAR_POST_M
