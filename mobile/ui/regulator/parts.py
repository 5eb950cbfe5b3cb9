"""What the regulator's screens share: server reads that fail into a message, colours, tiles.

Also the offline note (when the copy shown was fetched) and the lines of a light's reasons.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

import flet as ft

from mobile.services.local_time import local
from mobile.services.scale import Scale, scale_of
from mobile.sync.errors import Offline, ServerRefused, SignInRequired, SyncError
from mobile.ui.chrome import chip, muted
from mobile.ui.context import Ui
from mobile.ui.theme import BODY, LIGHT_COLOURS, SMALL, Palette

__all__ = [
    "TIER_COLOURS",
    "day_text",
    "light_chip",
    "reasons",
    "scale_line",
    "scale_of_ui",
    "scored",
    "stale_note",
    "tile",
    "try_read",
]

T = TypeVar("T")

TIER_COLOURS = {
    "green": ft.Colors.GREEN_700,
    "yellow": ft.Colors.AMBER_700,
    "orange": ft.Colors.ORANGE_800,
    "red": ft.Colors.RED_700,
}
"""A score tier's colour (优秀 / 良好 / 一般 / 较差)."""
_WEEKDAYS = "一二三四五六日"


def try_read(ui: Ui, read: Callable[[], T]) -> tuple[T | None, ft.Control | None]:
    """Run a server read; on failure, a message to show in its place (never an exception)."""
    try:
        return read(), None
    except Offline:
        key = "city.offline_never"
    except ServerRefused as exc:
        if exc.status != 404:
            return None, muted(ui.t("city.loading_failed", reason=str(exc)), size=BODY)
        key = "city.not_scored"
    except SignInRequired:
        key = "banner.sign_in_needed"
    except SyncError as exc:
        return None, muted(ui.t("city.loading_failed", reason=str(exc)), size=BODY)
    return None, ft.Container(muted(ui.t(key), size=BODY), key="read-failed", padding=8)


def stale_note(ui: Ui, at_ms: int, fresh: bool) -> list[ft.Control]:
    """Nothing when fresh; else a banner-like line saying when the copy shown was fetched."""
    if fresh:
        return []
    when = local(datetime.fromtimestamp(at_ms / 1000, tz=UTC))
    return [
        ft.Container(
            ft.Text(ui.t("city.stale", when=f"{when:%m-%d %H:%M}"), size=SMALL),
            bgcolor=Palette.BANNER_OFFLINE,
            border_radius=8,
            padding=ft.Padding.symmetric(horizontal=12, vertical=8),
            key="stale",
        )
    ]


def day_text(ui: Ui, day: date) -> str:
    """``11月28日 周六`` or ``Sat 28 Nov``."""
    if ui.state.language.startswith("en"):
        return day.strftime("%a %d %b")
    return f"{day.month}月{day.day}日 周{_WEEKDAYS[day.weekday()]}"


def tile(value: str, caption: str, colour: Any = None, *, key: str | None = None) -> ft.Control:
    """A number over its caption, in a rounded box; tiles share a row evenly."""
    return ft.Container(
        content=ft.Column(
            [
                ft.Text(value, size=22, weight=ft.FontWeight.BOLD, color=colour),
                ft.Text(caption, size=SMALL - 1, text_align=ft.TextAlign.CENTER),
            ],
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            spacing=0,
        ),
        expand=True,
        padding=ft.Padding.symmetric(horizontal=4, vertical=8),
        border_radius=12,
        bgcolor=ft.Colors.SURFACE_CONTAINER,
        key=key,
    )


def light_chip(ui: Ui, light: str | None) -> ft.Control | None:
    """红灯 / 黄灯 as a chip, or None without a light."""
    if light not in LIGHT_COLOURS:
        return None
    return chip(ui.t(f"lights.{light}"), LIGHT_COLOURS[light], key=f"light-{light}")


def reasons(ui: Ui, lights: list[dict[str, Any]]) -> list[ft.Control]:
    """One line per raised light, its colour as a dot and its reason in the user's language."""
    english = ui.state.language.startswith("en")
    return [
        ft.Row(
            [
                ft.Icon(ft.Icons.CIRCLE, size=12, color=LIGHT_COLOURS.get(light.get("colour", ""))),
                ft.Text(
                    light.get("reason_en" if english else "reason_zh") or light.get("code", ""),
                    size=SMALL,
                    expand=True,
                ),
            ],
            spacing=6,
            vertical_alignment=ft.CrossAxisAlignment.START,
        )
        for light in lights
    ]


SCALE_KEY = "score-scale"
"""The scale's place in ``UiState.kept``: read once a session screen, not once a number."""


def scale_of_ui(ui: Ui) -> Scale:
    """The score scale for this screen (the server's thresholds, kept; the handbook's else)."""
    kept: dict[str, Scale] = ui.state.kept.setdefault(SCALE_KEY, {})
    route = ui.state.route
    if route not in kept:  # read again on each screen shown: a change of weights shows
        kept.clear()
        kept[route] = scale_of(ui.phone.reads)
    return kept[route]


def scored(ui: Ui, score: float | None, scale: Scale) -> str:
    """A score with its tier beside it: ``72.5（良好）``, the number read against the scale."""
    if score is None:
        return "-"
    return ui.t("scale.scored", score=f"{score:.1f}", tier=ui.t(f"city.tier.{scale.tier(score)}"))


def scale_line(ui: Ui, scale: Scale, *, key: str = "scale") -> ft.Control:
    """The tier thresholds in one line, under the numbers they grade."""
    text = ui.t(
        "scale.line",
        green=f"{scale.green:g}",
        yellow=f"{scale.yellow:g}",
        orange=f"{scale.orange:g}",
    )
    return ft.Text(text, size=SMALL - 1, color=Palette.MUTED, key=key)
