"""我的隐患: what the worker reported, was assigned or fixed, by state, overdue ones marked.

A safety manager sees every hazard of their enterprise here (本企业隐患), waiting ones first.
"""

from __future__ import annotations

import flet as ft

from mobile.services.enterprise import enterprise_hazards
from mobile.services.hazard_lists import HazardRow, my_hazards
from mobile.services.local_time import local
from mobile.ui.chrome import big_button, chip, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.risk_proposals import proposals_link
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.state import HazardDraft
from mobile.ui.theme import BODY, SMALL, Palette, grade_colour
from shared.roles import Role

__all__ = ["MyHazardsView"]


def MyHazardsView(ui: Ui, route: Route) -> ft.View:
    """Sections by state (待整改 first) with a count each; tap a hazard for its detail."""
    actor = ui.actor()
    manager = actor.role is Role.SAFETY_MANAGER
    record = ui.phone.record
    groups = (enterprise_hazards if manager else my_hazards)(record, actor, ui.now())
    body: list[ft.Control] = [proposals_link(ui)]
    if not groups:
        body.append(muted(ui.t("enterprise.no_hazards" if manager else "hazards.none"), size=BODY))
    for status, rows in groups:
        body.append(section(f"{ui.label(status)} ({len(rows)})"))
        body.extend(_row(ui, row) for row in rows)

    def new() -> None:
        ui.state.hazard = HazardDraft()
        ui.go("/report")

    report = big_button(
        ui.t("hazards.new"), new, icon=ft.Icons.ADD_ALERT, key="hazard-new", filled=False
    )
    title = ui.t("enterprise.hazards" if manager else "hazards.title")
    return screen(ui, route, title, body, footer=report)


def _row(ui: Ui, row: HazardRow) -> ft.Control:
    hazard = row.hazard
    marks: list[ft.Control] = [chip(ui.label(hazard.grade), grade_colour(hazard.grade))]
    if row.overdue:
        marks.append(chip(ui.t("hazards.overdue"), Palette.FAIL, key="overdue"))
    if row.to_fix:
        marks.append(chip(ui.t("hazards.to_fix"), ft.Colors.TEAL_700))
    if row.pending:
        marks.append(chip(ui.t("common.pending"), Palette.PENDING, key="pending"))
    lines: list[ft.Control] = [
        ft.Text(hazard.title, size=BODY, weight=ft.FontWeight.W_600),
        ft.Row(marks, spacing=6, wrap=True),
    ]
    if hazard.deadline is not None:
        deadline = local(hazard.deadline)
        lines.append(muted(ui.t("hazards.deadline", date=f"{deadline:%m-%d %H:%M}"), size=SMALL))
    if hazard.location:
        lines.append(muted(hazard.location, size=SMALL))
    target = path_of(Route(Screen.HAZARD, hazard_id=hazard.id))
    return ft.Card(
        ft.Container(
            ft.Column(lines, spacing=4),
            padding=12,
            on_click=lambda: ui.go(target),
            key=f"hazard-{hazard.id}",
        ),
    )
