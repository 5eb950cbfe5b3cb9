"""报告隐患: title, description, grade 一般/重大, category, location and photos.

Opened blank from 我的隐患, or pre-filled from a 不合格 card item (its typical hazard, pass
criterion, note and photos); several failed items are reported one after the other.
"""

from __future__ import annotations

import flet as ft

from mobile.services.catalog import find_post
from mobile.services.reporting import HazardReport, report_hazard
from mobile.ui.chrome import (
    big_button,
    chip,
    choice_row,
    field_label,
    muted,
    screen,
    small_button,
)
from mobile.ui.context import Ui
from mobile.ui.fields import max_length, update_in_place
from mobile.ui.photo_strip import PhotoStrip
from mobile.ui.risk_pick import chosen_control, failed_control_line, forget_choice, risk_picker
from mobile.ui.routes import Route
from mobile.ui.state import HazardDraft
from mobile.ui.theme import BODY, Palette, grade_colour
from shared.cards import HazardGrade
from shared.errors import EvidenceMissing, InvalidInput
from shared.evidence import report_lacks_photo
from shared.payloads import HazardCategory
from shared.text import TextKind

__all__ = ["HazardReportView"]

REFUSALS = ("report.need_title", "report.need_photo", "form.invalid")


def HazardReportView(ui: Ui, route: Route) -> ft.View:
    """The hazard form; 提交隐患 saves a ``hazard.reported`` event on the phone."""
    if ui.state.hazard is None:
        ui.state.hazard = HazardDraft()
    draft = ui.state.hazard
    body: list[ft.Control] = []
    source = _item_name(ui, draft.origin)
    if source:
        body.append(ft.Row([chip(ui.t("report.from_item", item=source), Palette.FAIL)]))
    body += failed_control_line(ui, draft.origin)
    if draft.follow_ups:
        body.append(muted(ui.t("report.more", count=len(draft.follow_ups))))
    if ui.state.refusal in REFUSALS[:2]:
        ui.state.refusal = _refusal_of(draft)  # a photo added since, say: the message leaves
    refusal = ft.Text(
        ui.t(ui.state.refusal) if ui.state.refusal in REFUSALS else "",
        color=Palette.FAIL,
        key="refusal",
        visible=ui.state.refusal in REFUSALS,
    )
    body.append(refusal)
    body += [
        _text(ui, draft, "title", ui.t("report.name"), TextKind.TITLE, refusal, key="hazard-title"),
        _text(
            ui,
            draft,
            "description",
            ui.t("report.description"),
            TextKind.TEXT,
            refusal,
            key="hazard-description",
            multiline=True,
        ),
        field_label(ui.t("report.grade")),
        _grades(ui, draft),
        _category(ui, draft),
        _text(
            ui,
            draft,
            "location",
            ui.t("report.location"),
            TextKind.LINE,
            refusal,
            key="hazard-location",
        ),
        field_label(ui.t("report.photos")),
        PhotoStrip(ui, draft.photos, key="hazard-photos"),
        *risk_picker(ui, draft.origin),
    ]
    if not draft.photos:
        # No photo: the report stands only with the reporter's reason why (shared.evidence).
        body.append(
            _text(
                ui,
                draft,
                "no_photo_reason",
                ui.t("report.no_photo_reason"),
                TextKind.REASON,
                refusal,
                key="hazard-no-photo-reason",
                multiline=True,
            )
        )
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
            small_button(ui.t("report.skip"), lambda: _next(ui, draft), key="hazard-skip")
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


def _text(  # noqa: PLR0913 - keyword-only past the field's own: key and shape
    ui: Ui,
    draft: HazardDraft,
    name: str,
    label: str,
    kind: TextKind,
    refusal: ft.Text,
    *,
    key: str,
    multiline: bool = False,
) -> ft.Control:
    field = ft.TextField(
        label=label,
        value=getattr(draft, name),
        key=key,
        text_size=BODY,
        multiline=multiline,
        min_lines=3 if multiline else 1,
        max_lines=6 if multiline else 1,
        max_length=max_length(kind),
    )

    def changed() -> None:
        setattr(draft, name, field.value or "")
        if ui.state.refusal in REFUSALS and _refusal_of(draft) != ui.state.refusal:
            # Fixed: the message leaves as the user types (a re-render would drop the focus).
            ui.state.refusal = _refusal_of(draft)
            refusal.visible = ui.state.refusal is not None
            refusal.value = ui.t(ui.state.refusal) if ui.state.refusal else ""
            update_in_place(refusal)

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
    # Flutter names a dropdown by its text: with a type chosen, the button had no name at all.
    named = ft.Semantics(content=menu, label=ui.t("report.category"), container=True, expand=True)
    return ft.Row([named])


def _refusal_of(draft: HazardDraft) -> str | None:
    """What keeps the form from being saved, checked before the event is made."""
    if not draft.title.strip():
        return "report.need_title"
    if not draft.photos and not draft.no_photo_reason.strip():
        return "report.need_photo"
    return None


def _submit(ui: Ui, draft: HazardDraft) -> None:
    refusal = _refusal_of(draft)
    if refusal is not None and (refusal != "report.need_photo" or _needs_photo(ui)):
        ui.state.refusal = refusal
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
        no_photo_reason=draft.no_photo_reason,
    )
    try:
        report_hazard(ui.phone.record, ui.actor(), report)
    except EvidenceMissing:
        ui.state.refusal = "report.need_photo"
        ui.refresh()
        return
    except InvalidInput:
        ui.state.refusal = "form.invalid"
        ui.refresh()
        return
    forget_choice(ui)
    ui.phone.loop.wake()
    ui.toast(ui.t("common.saved"))
    _next(ui, draft)


def _needs_photo(ui: Ui) -> bool:
    return report_lacks_photo(0, "", ui.actor().role)


def _next(ui: Ui, draft: HazardDraft) -> None:
    if draft.follow_ups:
        ui.state.hazard = HazardDraft.from_report(draft.follow_ups[0], draft.follow_ups[1:])
        ui.state.refusal = None
        ui.refresh()
        return
    ui.state.hazard = None
    ui.go("/hazards")
