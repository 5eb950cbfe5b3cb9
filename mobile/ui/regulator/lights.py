"""亮灯: every enterprise in the regulator's area with a red or yellow light, red first."""

from __future__ import annotations

from typing import Any

import flet as ft

from mobile.services.city import grid_of, load_lights
from mobile.ui.chrome import muted, screen
from mobile.ui.context import Ui
from mobile.ui.regulator.parts import (
    day_text,
    light_chip,
    reasons,
    scale_line,
    scale_of_ui,
    scored,
    stale_note,
    try_read,
)
from mobile.ui.routes import Route, Screen, path_of, with_back
from mobile.ui.theme import BODY, SMALL
from shared.ids import GridUnitId
from shared.org import GridUnit

__all__ = ["LightsView"]


def LightsView(ui: Ui, route: Route) -> ft.View:
    """The latest scored day's lights with their reasons; tap an enterprise for its profile."""
    lit, failed = try_read(ui, lambda: load_lights(ui.phone.reads))
    body: list[ft.Control] = []
    if lit is None:
        body.append(failed or muted(""))
        return screen(ui, route, ui.t("lights.title"), body)
    red = sum(1 for e in lit.entries if e.get("light") == "red")
    body += stale_note(ui, lit.at_ms, lit.fresh)
    body.append(
        ft.Text(
            ui.t("lights.day", date=day_text(ui, lit.day), red=red, yellow=len(lit.entries) - red),
            size=BODY,
            weight=ft.FontWeight.W_600,
            key="lights-day",
        )
    )
    if not lit.entries:
        body.append(muted(ui.t("lights.none"), size=BODY))
    else:
        body.append(scale_line(ui, scale_of_ui(ui)))
    units = grid_of(ui.phone.store)
    body += [_entry(ui, entry, units) for entry in lit.entries]
    return screen(ui, route, ui.t("lights.title"), body)


def _entry(ui: Ui, entry: dict[str, Any], units: dict[GridUnitId, GridUnit]) -> ft.Control:
    unit = units.get(GridUnitId(entry.get("grid_unit", "")))
    chip_ = light_chip(ui, entry.get("light"))
    head = ft.Row(
        [ft.Text(entry["name"], size=BODY, weight=ft.FontWeight.W_600, expand=True)]
        + ([chip_] if chip_ else []),
    )
    where = ui.t(
        "lights.line",
        unit=unit.name if unit else entry.get("grid_unit", ""),
        month=scored(ui, entry.get("month_score", 0), scale_of_ui(ui)),
    )
    target = with_back(path_of(Route(Screen.PROFILE, tenant=entry["tenant"])), ui.state.route)
    return ft.Card(
        ft.Container(
            ft.Column([head, muted(where, size=SMALL), *reasons(ui, entry.get("lights", []))]),
            padding=12,
            on_click=lambda: ui.go(target),
            key=f"lit-{entry['tenant']}",
        )
    )
