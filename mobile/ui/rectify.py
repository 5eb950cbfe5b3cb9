"""提交整改: what was done, what it cost and the after-photos, for the manager's acceptance."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import flet as ft

from mobile.services.hazard_lists import hazard_detail
from mobile.services.reporting import Rectification, submit_rectification
from mobile.ui.chrome import big_button, field_label, muted, screen
from mobile.ui.context import Ui
from mobile.ui.fields import max_length
from mobile.ui.photo_strip import PhotoStrip
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.state import RectifyDraft
from mobile.ui.theme import BODY, Palette
from shared.errors import InvalidInput
from shared.text import TextKind

__all__ = ["RectifyView"]


def RectifyView(ui: Ui, route: Route) -> ft.View:
    """The rectification form of the hazard in the route."""
    hazard_id = route.hazard_id or ""
    detail = hazard_detail(ui.phone.record, ui.actor(), hazard_id, ui.now())
    if detail is None or not detail.can_rectify:
        return screen(ui, route, ui.t("rectify.title"), [muted(ui.t("hazard.unknown"), size=BODY)])
    if ui.state.rectify is None or ui.state.rectify.hazard_id != hazard_id:
        ui.state.rectify = RectifyDraft(hazard_id=hazard_id)
    draft = ui.state.rectify
    note = ft.TextField(
        label=ui.t("rectify.note"),
        value=draft.note,
        multiline=True,
        min_lines=3,
        max_lines=6,
        max_length=max_length(TextKind.TEXT),
        key="rectify-note",
    )
    cost = ft.TextField(
        label=ui.t("rectify.cost"),
        value=draft.cost,
        key="rectify-cost",
        keyboard_type=ft.KeyboardType.NUMBER,
    )

    def keep() -> None:
        draft.note = note.value or ""
        draft.cost = cost.value or ""

    note.on_change = keep
    cost.on_change = keep
    body: list[ft.Control] = [
        ft.Text(detail.hazard.title, size=BODY + 2, weight=ft.FontWeight.W_600)
    ]
    if ui.state.refusal:
        body.append(ft.Text(ui.t(ui.state.refusal), color=Palette.FAIL, key="refusal"))
    body += [
        note,
        cost,
        field_label(ui.t("rectify.photos")),
        PhotoStrip(ui, draft.photos, key="rectify-photos"),
    ]
    submit = big_button(
        ui.t("rectify.submit"), lambda: _submit(ui, draft), icon=ft.Icons.SEND, key="rectify-submit"
    )
    return screen(ui, route, ui.t("rectify.title"), body, footer=submit)


def _submit(ui: Ui, draft: RectifyDraft) -> None:
    problem = None
    cost = None
    if draft.cost.strip():
        try:
            cost = Decimal(draft.cost.strip()).quantize(Decimal("0.01"))
        except InvalidOperation:
            problem = "rectify.bad_cost"
        if cost is not None and cost < 0:
            problem = "rectify.bad_cost"
    if not draft.photos:
        problem = "rectify.need_photo"
    if problem:
        ui.state.refusal = problem
        ui.refresh()
        return
    done = Rectification(note=draft.note, photos=tuple(draft.photos), cost_yuan=cost)
    try:
        submit_rectification(ui.phone.record, ui.actor(), draft.hazard_id, done)
    except InvalidInput:
        ui.state.refusal = "form.invalid"
        ui.refresh()
        return
    ui.phone.loop.wake()
    ui.state.rectify = None
    ui.toast(ui.t("common.saved"))
    ui.go(path_of(Route(Screen.HAZARD, hazard_id=draft.hazard_id)))
