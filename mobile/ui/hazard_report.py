"""报告隐患: title, description, grade 一般/重大, category, location and photos.

Opened blank from 我的隐患, or pre-filled from a 不合格 card item (its typical hazard, pass
criterion, note and photos); several failed items are reported one after the other.
"""

from __future__ import annotations

import flet as ft

from mobile.services.catalog import find_post
from mobile.services.reporting import HazardReport, report_hazard
from mobile.ui.chrome import big_button, chip, choice_row, field_label, muted, screen
from mobile.ui.context import Ui
from mobile.ui.photo_strip import PhotoStrip
from mobile.ui.risk_pick import chosen_control, forget_choice, risk_picker
from mobile.ui.routes import Route
from mobile.ui.state import HazardDraft
from mobile.ui.theme import BODY, Palette, grade_colour
from shared.cards import HazardGrade
from shared.errors import InvalidInput
from shared.payloads import HazardCategory

__all__ = ["HazardReportView"]


def HazardReportView(ui: Ui, route: Route) -> ft.View:
    """The hazard form; 提交隐患 saves a ``hazard.reported`` event on the phone."""
    if ui.state.hazard is None:
        ui.state.hazard = HazardDraft()
    draft = ui.state.hazard
    body: list[ft.Control] = []
    source = _item_name(ui, draft.origin)
    if source:
        body.append(ft.Row([chip(ui.t("report.from_item", item=source), Palette.FAIL)]))
    if draft.follow_ups:
        body.append(muted(ui.t("report.more", count=len(draft.follow_ups))))
    if ui.state.refusal in ("report.need_title", "form.invalid"):
        body.append(ft.Text(ui.t(ui.state.refusal), color=Palette.FAIL, key="refusal"))
    body += [
        _text(draft, "title", ui.t("report.name"), key="hazard-title"),
        _text(
            draft,
            "description",
            ui.t("report.description"),
            key="hazard-description",
            multiline=True,
        ),
        field_label(ui.t("report.grade")),
        _grades(ui, draft),
        _category(ui, draft),
        _text(draft, "location", ui.t("report.location"), key="hazard-location"),
        field_label(ui.t("report.photos")),
        PhotoStrip(ui, draft.photos, key="hazard-photos"),
        *risk_picker(ui, draft.origin),
    ]
    footer: list[ft.Control] = [
        big_button(
            ui.t("report.submit"),
            lambda: _submit(ui, draft),
            icon=ft.Icons.SEND,
            key="hazard-submit",
        ),
    ]
    if draft.origin is not None:
        footer.append(
            ft.TextButton(ui.t("report.skip"), on_click=lambda: _next(ui, draft), key="hazard-skip")
        )
    return screen(
        ui,
        route,
        ui.t("report.title"),
        body,
        footer=ft.Column(footer, spacing=2, horizontal_alignment=ft.CrossAxisAlignment.CENTER),
    )


def _item_name(ui: Ui, origin: HazardReport | None) -> str:
    if origin is None or origin.post_id is None or origin.item_id is None:
        return ""
    post = find_post(ui.phone.store, ui.actor(), origin.post_id)
    items = post.card.items if post and post.card else ()
    return next((item.what for item in items if item.id == origin.item_id), "")


def _text(
    draft: HazardDraft, name: str, label: str, *, key: str, multiline: bool = False
) -> ft.Control:
    field = ft.TextField(
        label=label,
        value=getattr(draft, name),
        key=key,
        text_size=BODY,
        multiline=multiline,
        min_lines=3 if multiline else 1,
        max_lines=6 if multiline else 1,
    )

    def changed() -> None:
        setattr(draft, name, field.value or "")

    field.on_change = changed
    return field


def _grades(ui: Ui, draft: HazardDraft) -> ft.Control:
    def pick(grade: HazardGrade) -> None:
        draft.grade = grade
        ui.refresh()

    return choice_row(
        ui,
        list(HazardGrade),
        draft.grade,
        colour_of=grade_colour,
        on_pick=pick,
        key="grade",
    )


def _category(ui: Ui, draft: HazardDraft) -> ft.Control:
    menu = ft.Dropdown(
        label=ui.t("report.category"),
        value=str(draft.category.value),
        key="hazard-category",
        options=[ft.DropdownOption(key=str(c.value), text=ui.label(c)) for c in HazardCategory],
        expand=True,
    )

    def picked() -> None:
        if menu.value:
            draft.category = HazardCategory(int(menu.value))

    menu.on_select = picked
    return ft.Row([menu])


def _submit(ui: Ui, draft: HazardDraft) -> None:
    if not draft.title.strip():
        ui.state.refusal = "report.need_title"
        ui.refresh()
        return
    origin = draft.origin
    report = HazardReport(
        title=draft.title,
        description=draft.description,
        grade=draft.grade,
        category=draft.category,
        location=draft.location,
        photos=tuple(draft.photos),
        post_id=origin.post_id if origin else None,
        card_id=origin.card_id if origin else None,
        item_id=origin.item_id if origin else None,
        **chosen_control(ui, origin),
    )
    try:
        report_hazard(ui.phone.record, ui.actor(), report)
    except InvalidInput:
        ui.state.refusal = "form.invalid"
        ui.refresh()
        return
    forget_choice(ui)
    ui.phone.loop.wake()
    ui.toast(ui.t("common.saved"))
    _next(ui, draft)


def _next(ui: Ui, draft: HazardDraft) -> None:
    if draft.follow_ups:
        ui.state.hazard = HazardDraft.from_report(draft.follow_ups[0], draft.follow_ups[1:])
        ui.state.refusal = None
        ui.refresh()
        return
    ui.state.hazard = None
    ui.go("/hazards")
