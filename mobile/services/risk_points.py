"""Enterprises' risk points (风险点) on the phone, by colour: 红 橙 黄 蓝 = 重大 较大 一般 低."""

from __future__ import annotations

from mobile.reference import rows_of
from mobile.store import Store
from shared.org import RiskPoint
from shared.risk import RiskColour

__all__ = ["COLOUR_ORDER", "by_colour", "risk_points_of"]

COLOUR_ORDER = (RiskColour.RED, RiskColour.ORANGE, RiskColour.YELLOW, RiskColour.BLUE)
"""Risk colours, gravest first."""


def risk_points_of(store: Store, tenant: str) -> list[RiskPoint]:
    """The enterprise's graded risk points, from its reference data."""
    return rows_of(store, tenant, "risk_point", RiskPoint)


def by_colour(points: list[RiskPoint]) -> list[tuple[RiskColour, list[RiskPoint]]]:
    """Risk points grouped by colour, gravest first, by name; colours without points left out."""
    return [
        (colour, found)
        for colour in COLOUR_ORDER
        if (found := sorted((p for p in points if p.colour is colour), key=lambda p: p.name))
    ]
