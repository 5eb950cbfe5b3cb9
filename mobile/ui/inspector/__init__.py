"""The inspector's screens (执法检查员 / 网格员): ``INSPECTOR_VIEWS`` maps each to its view.

The profile (``/enterprises/<tenant>``) also serves a regulator, read-only.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from mobile.ui.context import Ui
from mobile.ui.inspector.due import DueView
from mobile.ui.inspector.inspect import InspectView
from mobile.ui.inspector.notice import NoticeView
from mobile.ui.inspector.profile import ProfileView
from mobile.ui.routes import Route, Screen

__all__ = ["INSPECTOR_VIEWS", "DueView", "InspectView", "NoticeView", "ProfileView"]

INSPECTOR_VIEWS: dict[Screen, Callable[[Ui, Route], ft.View]] = {
    Screen.DUE: DueView,
    Screen.PROFILE: ProfileView,
    Screen.INSPECT: InspectView,
    Screen.NOTICE: NoticeView,
}
