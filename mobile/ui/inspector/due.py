"""待检: the inspector's due visits from the supervision plan, and a big 扫码 to start one.

Each line is an enterprise with its class, why it is due (quota, red or yellow light), the
day it is due and the visits made this year; a tap opens its profile. The list is the
server's, kept for offline; before it was ever fetched, the grid's enterprises stand in.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import flet as ft

from mobile.services.exports import Export
from mobile.services.inspecting import grid_enterprises
from mobile.services.my_reminders import due_this_week
from mobile.services.profiles import DueLine, DueList, due_list
from mobile.sync.errors import ServerRefused, SignInRequired
from mobile.ui.chrome import big_button, chip, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.inspector.behind import fetch_behind
from mobile.ui.inspector.common import CLASS_COLOURS, local_time
from mobile.ui.regulator.downloads import export_button
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, SMALL, Palette
from mobile.ui.words.inspector import TEXTS as INSPECTOR_TEXTS

__all__ = ["DueView"]


def DueView(ui: Ui, route: Route) -> ft.View:
    """The due list, most pressing first, under the scan button."""
    body: list[ft.Control] = [
        big_button(
            ui.t("due.scan"),
            lambda: ui.go(path_of(Route(Screen.SCAN))),
            icon=ft.Icons.QR_CODE_SCANNER,
            key="due-scan",
        ),
        big_button(
            ui.t("standards.open"),
            lambda: ui.go(path_of(Route(Screen.STANDARDS))),
            icon=ft.Icons.MENU_BOOK,
            key="due-standards",
            filled=False,
        ),
    ]
    loaded = fetch_behind(ui, "due", lambda: _due_list(ui))
    if not loaded.arrived:
        body.append(muted(ui.t("profile.loading"), size=BODY))
        return screen(ui, route, ui.t("due.title"), body)
    due = loaded.value
    if due is None:
        body.append(muted(ui.t("due.unavailable"), size=BODY))
        body += _grid(ui)
        return screen(ui, route, ui.t("due.title"), body)
    if due.fresh:
        body.append(muted(ui.t("due.fetched", time=local_time(due.fetched_ms))))
    else:
        kept = ui.t("due.kept", time=local_time(due.fetched_ms))
        body.append(ft.Text(kept, size=SMALL, color=Palette.WARN, key="due-kept"))
    if not due.lines:
        body.append(muted(ui.t("due.none"), size=BODY))
    else:
        week = len(due_this_week(due.lines, ui.now().date()))
        body.append(ft.Text(ui.t("due.week", count=week), size=BODY, key="due-week"))
    body += [_line(ui, line) for line in due.lines]
    if due.lines:
        body.append(export_button(ui, Export.DUE))
    body += _grid(ui, skip={line.tenant for line in due.lines}, title="due.others")
    return screen(ui, route, ui.t("due.title"), body)


def _due_list(ui: Ui) -> DueList | None:
    try:
        return due_list(ui.phone.reads)
    except (ServerRefused, SignInRequired):
        return None


def _line(ui: Ui, line: DueLine) -> ft.Control:
    chips: list[ft.Control] = [
        chip(
            ui.t("due.class", cls=line.supervision_class),
            CLASS_COLOURS.get(line.supervision_class, Palette.NEUTRAL),
        ),
        muted(line.class_reason),
        muted(ui.t("due.on", day=line.due_on.isoformat())),
    ]
    if line.overdue:
        chips.insert(1, chip(ui.t("due.overdue"), Palette.FAIL))
    rows: list[ft.Control] = [
        ft.Text(line.name, size=BODY + 1, weight=ft.FontWeight.W_600),
        ft.Row(chips, wrap=True, spacing=6),
        *(ft.Text(f"· {_reason(ui, reason)}", size=SMALL) for reason in line.reasons),
        muted(ui.t("due.visits", done=line.visits_this_year, quota=line.quota)),
        *([muted(line.quota_reason)] if line.quota_reason else []),
    ]
    return _tile(ui, rows, line.tenant, f"due-{line.tenant}")


def _grid(ui: Ui, *, skip: Collection[str] = (), title: str = "due.grid") -> list[ft.Control]:
    """The grid's enterprises (but ``skip``), each opening its profile."""
    companies = [c for c in grid_enterprises(ui.phone.store) if c.id not in skip]
    if not companies:
        return [] if skip else [muted(ui.t("due.no_grid"), size=BODY)]
    found: list[ft.Control] = [section(ui.t(title))]
    for company in companies:
        klass = company.supervision_class.value if company.supervision_class else "?"
        rows: list[ft.Control] = [
            ft.Text(company.name, size=BODY + 1, weight=ft.FontWeight.W_600),
            ft.Row([chip(ui.t("due.class", cls=klass), CLASS_COLOURS.get(klass, Palette.NEUTRAL))]),
        ]
        found.append(_tile(ui, rows, company.id, f"grid-{company.id}"))
    return found


def _tile(ui: Ui, rows: list[ft.Control], tenant: str, key: str) -> ft.Control:
    return ft.Container(
        content=ft.Row(
            [
                ft.Column(rows, spacing=4, expand=True),
                ft.Icon(ft.Icons.CHEVRON_RIGHT, color=Palette.MUTED),
            ]
        ),
        padding=12,
        border_radius=12,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        on_click=_open(ui, tenant),
        key=key,
    )


def _open(ui: Ui, tenant: str) -> Callable[[], None]:
    path = path_of(Route(Screen.PROFILE, tenant=tenant))
    return lambda: ui.go(path)


def _reason(ui: Ui, code: str) -> str:
    key = f"due.reason.{code}"
    return ui.t(key) if key in INSPECTOR_TEXTS else code
