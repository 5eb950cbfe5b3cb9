"""One hazard: its facts, before and after photos, and the full timeline of who did what.

When the rectification is the worker's, the screen offers 开始整改 and 提交整改. Events still
only on the phone are marked 待同步 in the timeline; events the rules did not apply show why.
"""

from __future__ import annotations

import flet as ft

from mobile.services.hazard_lists import HazardDetail, hazard_detail
from mobile.services.local_time import local
from mobile.services.reporting import start_rectification
from mobile.ui.chrome import big_button, chip, field_label, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.photo_strip import thumbnails
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.state import RectifyDraft
from mobile.ui.theme import BODY, SMALL, TITLE, Palette, grade_colour
from shared.hazards import Outcome, TimelineEntry

__all__ = ["HazardDetailView"]


def HazardDetailView(ui: Ui, route: Route) -> ft.View:
    """Facts, photos, timeline and the worker's next step on this hazard."""
    detail = hazard_detail(ui.phone.record, ui.actor(), route.hazard_id or "", ui.now())
    if detail is None:
        return screen(ui, route, ui.t("hazards.title"), [muted(ui.t("hazard.unknown"), size=BODY)])
    hazard = detail.hazard
    photos = [*hazard.photos_before, *hazard.photos_after]
    ui.thumbs.fetch(hazard.tenant, [p.sha256 for p in photos], ui.refresh)
    body: list[ft.Control] = [
        ft.Text(hazard.title, size=TITLE + 2, weight=ft.FontWeight.BOLD, key="hazard-title"),
        _marks(ui, detail),
        *_facts(ui, detail),
    ]
    if hazard.open_conflicts():
        body.append(ft.Text(ui.t("hazard.conflict"), color=Palette.WARN, size=SMALL))
    if hazard.photos_before:
        body += [
            field_label(ui.t("hazard.before")),
            ft.Row(thumbnails(ui, hazard.photos_before), wrap=True, spacing=8),
        ]
    if hazard.photos_after:
        body += [
            field_label(ui.t("hazard.after")),
            ft.Row(thumbnails(ui, hazard.photos_after), wrap=True, spacing=8),
        ]
    body.append(section(ui.t("hazard.timeline")))
    body.extend(
        _entry(ui, entry, entry.event_id in detail.pending_events)
        for entry in reversed(detail.timeline)
    )
    return screen(ui, route, ui.t("hazard.title"), body, footer=_actions(ui, detail))


def _marks(ui: Ui, detail: HazardDetail) -> ft.Control:
    hazard = detail.hazard
    marks: list[ft.Control] = [
        chip(ui.label(hazard.status), ft.Colors.TEAL_700),
        chip(ui.label(hazard.grade), grade_colour(hazard.grade)),
    ]
    if detail.row.overdue:
        marks.append(chip(ui.t("hazards.overdue"), Palette.FAIL, key="overdue"))
    if detail.row.pending:
        marks.append(chip(ui.t("common.pending"), Palette.PENDING, key="pending"))
    return ft.Row(marks, spacing=6, wrap=True)


def _facts(ui: Ui, detail: HazardDetail) -> list[ft.Control]:
    hazard = detail.hazard
    facts = [
        ("hazard.location", hazard.location),
        ("hazard.reporter", hazard.reporter),
        ("hazard.assignee", hazard.assignee or ""),
        ("hazard.deadline", f"{local(hazard.deadline):%Y-%m-%d %H:%M}" if hazard.deadline else ""),
        ("hazard.measures", hazard.measures),
        ("hazard.description", hazard.description),
    ]
    return [
        ft.Column([field_label(ui.t(key)), ft.Text(value, size=BODY, selectable=True)], spacing=0)
        for key, value in facts
        if value
    ]


def _entry(ui: Ui, entry: TimelineEntry, pending: bool) -> ft.Control:
    what = ui.label(entry.type)
    if entry.outcome is not Outcome.APPLIED:
        what += f"（{ui.label(entry.outcome)}）"
    lines: list[ft.Control] = [
        ft.Row(
            [
                ft.Text(what, size=BODY, weight=ft.FontWeight.W_600, expand=True),
                *([chip(ui.t("common.pending"), Palette.PENDING)] if pending else []),
            ]
        ),
        muted(
            f"{local(entry.at):%Y-%m-%d %H:%M} · {entry.actor.user_id} · {ui.label(entry.status)}"
        ),
    ]
    if entry.reason:
        lines.append(ft.Text(entry.reason, size=SMALL, color=Palette.FAIL))
    return ft.Container(
        ft.Column(lines, spacing=2),
        border=ft.Border.only(left=ft.BorderSide(3, ft.Colors.TEAL_200)),
        padding=ft.Padding.only(left=10, top=4, bottom=4),
    )


def _actions(ui: Ui, detail: HazardDetail) -> ft.Control | None:
    hazard_id = detail.hazard.id
    buttons: list[ft.Control] = []
    if detail.can_start:

        def start() -> None:
            start_rectification(ui.phone.record, ui.actor(), hazard_id)
            ui.phone.loop.wake()
            ui.toast(ui.t("common.saved"))
            ui.refresh()

        buttons.append(
            big_button(
                ui.t("hazard.start"), start, icon=ft.Icons.BUILD, key="hazard-start", filled=False
            )
        )
    if detail.can_rectify:

        def rectify() -> None:
            if ui.state.rectify is None or ui.state.rectify.hazard_id != hazard_id:
                ui.state.rectify = RectifyDraft(hazard_id=hazard_id)
            ui.go(path_of(Route(Screen.RECTIFY, hazard_id=hazard_id)))

        buttons.append(
            big_button(
                ui.t("hazard.rectify"), rectify, icon=ft.Icons.TASK_ALT, key="hazard-rectify"
            )
        )
    return ft.Column(buttons, spacing=8) if buttons else None
