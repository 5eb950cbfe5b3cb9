"""Small parts the inspector's screens share: times, colours, the enterprise header."""

from __future__ import annotations

from datetime import datetime

import flet as ft

from mobile.services.local_time import ZONE

__all__ = ["CLASS_COLOURS", "local_day", "local_time"]

CLASS_COLOURS = {
    "A": ft.Colors.RED_900,
    "B": ft.Colors.DEEP_ORANGE_700,
    "C": ft.Colors.BLUE_GREY_700,
    "D": ft.Colors.TEAL_700,
}


def local_time(ms_or_moment: int | datetime) -> str:
    """``11-30 14:05`` in China time, from epoch ms or an aware moment."""
    moment = (
        datetime.fromtimestamp(ms_or_moment / 1000, ZONE)
        if isinstance(ms_or_moment, int)
        else ms_or_moment.astimezone(ZONE)
    )
    return f"{moment:%m-%d %H:%M}"


def local_day(moment: datetime) -> str:
    """``2026-12-07`` in China time."""
    return f"{moment.astimezone(ZONE):%Y-%m-%d}"
