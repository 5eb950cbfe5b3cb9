"""The regulator's screens (应急管理局): ``REGULATOR_VIEWS`` maps each of them to its view."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from mobile.ui.chrome import screen
from mobile.ui.context import Ui
from mobile.ui.routes import Route, Screen

__all__ = ["REGULATOR_VIEWS"]


def _unbuilt(ui: Ui, route: Route) -> ft.View:  # replaced screen by screen
    return screen(ui, route, route.screen.value, [ft.Text(route.screen.value)])


REGULATOR_VIEWS: dict[Screen, Callable[[Ui, Route], ft.View]] = {
    Screen.CITY: _unbuilt,
    Screen.LIGHTS: _unbuilt,
}
