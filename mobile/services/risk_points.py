"""Enterprises' risk points (风险点) on the phone, by colour: 红 橙 黄 蓝 = 重大 较大 一般 低."""

from __future__ import annotations

from pydantic import ValidationError

from mobile.reference import rows_of
from mobile.store import Store
from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.sync.reads import ServerReads
from shared.org import RiskPoint
from shared.risk import RiskColour
from shared.text import STORED

__all__ = ["COLOUR_ORDER", "by_colour", "risk_points_of", "risk_points_read"]

COLOUR_ORDER = (RiskColour.RED, RiskColour.ORANGE, RiskColour.YELLOW, RiskColour.BLUE)
"""Risk colours, gravest first."""


def risk_points_of(store: Store, tenant: str) -> list[RiskPoint]:
    """The enterprise's graded risk points, from its reference data."""
    return rows_of(store, tenant, "risk_point", RiskPoint)


def risk_points_read(reads: ServerReads, tenant: str) -> list[RiskPoint]:
    """The enterprise's risk points as the server last gave them.

    For a regulator, whose reference data holds no enterprise's risk points (the city's would
    not fit a phone): read when a profile opens, the kept copy serving offline; none when it
    was never fetched or is refused.
    """
    try:
        fetched = reads.json(f"/v1/scores/enterprises/{tenant}/risk-points")
    except (Offline, ServerRefused, SignInRequired):
        return []
    found = []
    for body in fetched.body or []:
        try:
            found.append(RiskPoint.model_validate(body, context=STORED))
        except ValidationError:
            continue  # one unreadable point hides itself, not the profile
    return found


def by_colour(points: list[RiskPoint]) -> list[tuple[RiskColour, list[RiskPoint]]]:
    """Risk points grouped by colour, gravest first, by name; colours without points left out."""
    return [
        (colour, found)
        for colour in COLOUR_ORDER
        if (found := sorted((p for p in points if p.colour is colour), key=lambda p: p.name))
    ]
