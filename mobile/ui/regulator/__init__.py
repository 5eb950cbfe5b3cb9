"""The regulator's screens (应急管理局): ``REGULATOR_VIEWS`` maps each of them to its view."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from mobile.ui.context import Ui
from mobile.ui.regulator.city import CityView
from mobile.ui.regulator.lights import LightsView
from mobile.ui.routes import Route, Screen

__all__ = ["REGULATOR_VIEWS"]

REGULATOR_VIEWS: dict[Screen, Callable[[Ui, Route], ft.View]] = {
    Screen.CITY: CityView,
    Screen.LIGHTS: LightsView,
}
