"""待办: the hazards of the enterprise waiting for the manager, by need, counts on top."""

from __future__ import annotations

import flet as ft

from mobile.services.catalog import has_reference
from mobile.services.inbox import Inbox, InboxRow, Need, Remind, Reminder, inbox, reminders
from mobile.services.local_time import local
from mobile.services.people import name_of
from mobile.services.scoreboard import scoreboard_of
from mobile.ui.chrome import chip, contents, muted, screen, section, wide_screen
from mobile.ui.context import Ui
from mobile.ui.inspector.behind import fetch_behind
from mobile.ui.manager.risks import risk_todo_rows
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, SMALL, Palette, grade_colour

__all__ = ["InboxView"]

_TARGET = {
    Need.CONFLICT: Screen.CONFLICT,
    Need.MAJOR: Screen.MAJOR,
    Need.ASSIGN: Screen.ASSIGN,
    Need.ACCEPT: Screen.REVIEW,
    Need.CLOSE: Screen.HAZARD,
}
"""Where a row of each group leads: 销号 is a button on the hazard's detail."""
CHOSEN_KEY = "inbox.chosen"
"""``state.kept``: the hazard whose row is open beside the list on a wide screen."""

_COLOUR = {
    Need.CONFLICT: Palette.FAIL,
    Need.MAJOR: Palette.FAIL,
    Need.ASSIGN: Palette.WARN,
    Need.ACCEPT: ft.Colors.TEAL_700,
    Need.CLOSE: Palette.PASS,
}


def InboxView(ui: Ui, route: Route) -> ft.View:
    """Counts per need, then each need's hazards, the longest waiting first.

    On a desk's screen the list stays on the left and the row picked opens on the right
    (assign, 验收, 销号 …), so the manager works down the list without going back and forth.
    """
    found = inbox(ui.phone.record, ui.actor(), ui.now())
    wide = ui.wide()
    chosen = _chosen(ui, found) if wide else None
    body: list[ft.Control] = [_counts(ui, found), *_reminders(ui)]
    risk_rows = risk_todo_rows(ui)  # the risk loop asks too (issue 17)
    if found.empty and not risk_rows:
        empty = "inbox.none" if has_reference(ui.phone.store, ui.actor()) else "inbox.loading"
        body.append(muted(ui.t(empty), size=BODY))
    for need, rows in found.groups:
        body.append(section(f"{ui.label(need)} ({len(rows)})"))
        body.extend(_row(ui, row, wide=wide, chosen=row == chosen) for row in rows)
    body.extend(risk_rows)
    if not wide:
        return screen(ui, route, ui.t("inbox.title"), body)
    return wide_screen(ui, route, ui.t("inbox.title"), [body, _detail(ui, chosen)])


def _reminders(ui: Ui) -> list[ft.Control]:
    """提醒: 督办, lights, late cards and near deadlines, above the hazards to act on."""
    tenant = ui.actor().tenant or ""
    board = fetch_behind(ui, f"scoreboard/{tenant}", lambda: scoreboard_of(ui.phone.reads, tenant))
    lights = board.value.lights if board.value is not None else ()
    found = reminders(ui.phone.record, ui.actor(), ui.now(), lights)
    if not found:
        return []
    return [section(f"{ui.t('remind.title')} ({len(found)})"), *(_reminder(ui, r) for r in found)]


_REMIND_COLOUR = {
    Remind.SUPERVISED: Palette.FAIL,
    Remind.AWAITS_AUTHORITY: Palette.PENDING,
    Remind.LIGHT: Palette.WARN,
    Remind.CARDS_OVERDUE: Palette.FAIL,
    Remind.DEADLINE_NEAR: Palette.WARN,
}


def _reminder(ui: Ui, reminder: Reminder) -> ft.Control:
    key = reminder.kind.value
    if reminder.kind is Remind.LIGHT:
        key = f"{key}.{reminder.values['colour']}"
    target = reminder.target
    return ft.Container(
        ft.Row(
            [
                ft.Icon(
                    ft.Icons.NOTIFICATIONS_ACTIVE, color=_REMIND_COLOUR[reminder.kind], size=20
                ),
                ft.Text(ui.t(key, **reminder.values), size=BODY, expand=True),
            ],
            spacing=8,
        ),
        padding=ft.Padding.symmetric(horizontal=10, vertical=8),
        border_radius=10,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        on_click=(lambda: ui.go(target)) if target else None,
        key=reminder.key,
    )


def _chosen(ui: Ui, found: Inbox) -> InboxRow | None:
    """The row picked on a wide screen (kept between renders), else the first one waiting."""
    rows = [row for _, group in found.groups for row in group]
    picked = ui.state.kept.get(CHOSEN_KEY)
    return next((row for row in rows if row.hazard.id == picked), rows[0] if rows else None)


def _detail(ui: Ui, row: InboxRow | None) -> list[ft.Control]:
    """The screen the row leads to, without its frame, for the right-hand pane."""
    if row is None:
        return []
    from mobile.ui.app import VIEWS  # the app imports this module: look the views up late

    target = _TARGET[row.need]
    return contents(VIEWS[target](ui, Route(target, hazard_id=row.hazard.id)))


def _counts(ui: Ui, found: Inbox) -> ft.Control:
    tiles: list[ft.Control] = [
        _tile(ui.label(need), found.count(need), _COLOUR[need], f"count-{need.value}")
        for need in (Need.ASSIGN, Need.ACCEPT, Need.CLOSE, Need.MAJOR, Need.CONFLICT)
    ]
    marks: list[ft.Control] = []
    if found.overdue:
        marks.append(chip(ui.t("inbox.overdue", count=found.overdue), Palette.FAIL, key="overdue"))
    return ft.Column([ft.Row(tiles, wrap=True, spacing=8, run_spacing=8), *marks], spacing=8)


def _tile(text: str, count: int, colour: str, key: str) -> ft.Control:
    return ft.Container(
        ft.Column(
            [
                ft.Text(str(count), size=BODY + 6, weight=ft.FontWeight.BOLD, color=colour),
                ft.Text(text, size=SMALL - 1, max_lines=1, overflow=ft.TextOverflow.ELLIPSIS),
            ],
            spacing=0,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        key=key,
        width=104,
        padding=ft.Padding.symmetric(horizontal=6, vertical=6),
        border=ft.Border.all(1, ft.Colors.GREY_300),
        border_radius=10,
    )


def _row(ui: Ui, row: InboxRow, *, wide: bool = False, chosen: bool = False) -> ft.Control:
    hazard = row.hazard
    marks: list[ft.Control] = [chip(ui.label(hazard.grade), grade_colour(hazard.grade))]
    marks.append(chip(ui.label(hazard.status), ft.Colors.TEAL_700))
    if row.overdue:
        marks.append(chip(ui.t("hazards.overdue"), Palette.FAIL))
    if row.pending:
        marks.append(chip(ui.t("common.pending"), Palette.PENDING))
    when = f"{local(hazard.reported_at):%m-%d}"
    store, tenant = ui.phone.store, hazard.tenant
    lines: list[ft.Control] = [
        ft.Text(hazard.title, size=BODY, weight=ft.FontWeight.W_600),
        ft.Row(marks, spacing=6, wrap=True),
        muted(ui.t("inbox.reported", date=when, user=name_of(store, tenant, hazard.reporter))),
    ]
    if row.need is Need.ACCEPT and hazard.rectified_by:
        fixer = name_of(store, tenant, hazard.rectified_by)
        lines.append(muted(ui.t("inbox.fixed_by", user=fixer)))
    if hazard.deadline is not None:
        deadline = f"{local(hazard.deadline):%m-%d %H:%M}"
        lines.append(muted(ui.t("hazards.deadline", date=deadline)))
    target = path_of(Route(_TARGET[row.need], hazard_id=hazard.id))

    def pick() -> None:
        ui.state.kept[CHOSEN_KEY] = hazard.id
        ui.refresh()

    return ft.Card(
        ft.Container(
            ft.Column(lines, spacing=4),
            padding=12,
            on_click=pick if wide else lambda: ui.go(target),
            key=f"inbox-{row.need.value.removeprefix('need.')}-{hazard.id}",
        ),
        bgcolor=ft.Colors.TEAL_50 if chosen else None,
    )
