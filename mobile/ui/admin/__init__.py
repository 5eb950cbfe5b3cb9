"""An admin's screens (系统管理员): ``ADMIN_VIEWS`` maps each of them to its view.

An admin makes no entries in the legal record and reads none of it; on the phone they manage
people: an enterprise's (the manager's 人员管理, opened for the enterprise picked), the
inspectors' and regulators', and many at once from the 人员 sheet.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from mobile.ui.admin.enterprises import EnterprisesView
from mobile.ui.admin.officials import OfficialsView
from mobile.ui.admin.people_import import PeopleImportView
from mobile.ui.context import Ui
from mobile.ui.manager.staff import StaffView
from mobile.ui.routes import Route, Screen

__all__ = ["ADMIN_VIEWS"]

ADMIN_VIEWS: dict[Screen, Callable[[Ui, Route], ft.View]] = {
    Screen.ADMIN: EnterprisesView,
    Screen.ADMIN_STAFF: StaffView,
    Screen.OFFICIALS: OfficialsView,
    Screen.PEOPLE_IMPORT: PeopleImportView,
}
