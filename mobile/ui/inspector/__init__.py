"""The inspector's screens (执法检查员 / 网格员): ``INSPECTOR_VIEWS`` maps each to its view."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from mobile.ui.chrome import screen
from mobile.ui.context import Ui
from mobile.ui.routes import Route, Screen

__all__ = ["INSPECTOR_VIEWS"]


def _unbuilt(ui: Ui, route: Route) -> ft.View:  # replaced screen by screen
    return screen(ui, route, route.screen.value, [ft.Text(route.screen.value)])


INSPECTOR_VIEWS: dict[Screen, Callable[[Ui, Route], ft.View]] = {
    Screen.DUE: _unbuilt,
    Screen.PROFILE: _unbuilt,
    Screen.INSPECT: _unbuilt,
    Screen.NOTICE: _unbuilt,
}
