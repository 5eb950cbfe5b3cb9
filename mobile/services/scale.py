"""The score scale: from where 优秀, 良好 and 一般 start, to read every score number against.

The thresholds are the city's weights in force (``GET /v1/scores/weights``, kept for offline);
the handbook's (90 / 75 / 60) when they were never fetched. Each threshold belongs to the
better tier, as the server's tiers do (``shared.scoring``).
"""

from __future__ import annotations

from dataclasses import dataclass

from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.sync.reads import ServerReads

__all__ = ["HANDBOOK", "Scale", "scale_of"]


@dataclass(frozen=True)
class Scale:
    """Where each tier starts (a score ≥ ``green`` is 优秀, and so on; below ``orange`` 较差)."""

    green: float
    yellow: float
    orange: float

    def tier(self, score: float) -> str:
        """The tier of a score on this scale: ``green``, ``yellow``, ``orange`` or ``red``."""
        if score >= self.green:
            return "green"
        if score >= self.yellow:
            return "yellow"
        return "orange" if score >= self.orange else "red"


HANDBOOK = Scale(90.0, 75.0, 60.0)
"""The handbook's thresholds: shown when the city's were never fetched."""


def scale_of(reads: ServerReads) -> Scale:
    """The thresholds in force, kept for offline; the handbook's when never fetched."""
    try:
        weights = dict(reads.json("/v1/scores/weights").body.get("weights") or {})
        return Scale(
            float(weights["green_from"]),
            float(weights["yellow_from"]),
            float(weights["orange_from"]),
        )
    except (
        Offline,
        ServerRefused,
        SignInRequired,
        AttributeError,
        KeyError,
        TypeError,
        ValueError,
    ):
        return HANDBOOK
