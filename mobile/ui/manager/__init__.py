"""The manager's screens (企业安全管理员): ``MANAGER_VIEWS`` maps each of them to its view."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from mobile.ui.chrome import screen
from mobile.ui.context import Ui
from mobile.ui.routes import Route, Screen

__all__ = ["MANAGER_VIEWS"]


def _unbuilt(ui: Ui, route: Route) -> ft.View:  # replaced screen by screen
    return screen(ui, route, route.screen.value, [ft.Text(route.screen.value)])


MANAGER_VIEWS: dict[Screen, Callable[[Ui, Route], ft.View]] = {
    Screen.INBOX: _unbuilt,
    Screen.ASSIGN: _unbuilt,
    Screen.REVIEW: _unbuilt,
    Screen.MAJOR: _unbuilt,
    Screen.CONFLICT: _unbuilt,
    Screen.ENTERPRISE: _unbuilt,
}
