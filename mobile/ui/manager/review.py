"""验收: before and after photos side by side with the rectification note; accept or reject.

Rejecting needs a reason (the worker reads it to know what to redo); accepting takes an
optional comment. Either is one event saved on the phone first, 待同步 until the server has it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

import flet as ft

from mobile.services.local_time import local
from mobile.services.managing import Refused, accept, reject, why_not
from mobile.services.people import name_of
from mobile.ui.chrome import chip, field_label, muted, primary_button, screen
from mobile.ui.context import Ui
from mobile.ui.manager.forms import (
    draft_for,
    refusal_banner,
    refusal_text,
    submit,
    text_field,
)
from mobile.ui.photo_strip import thumbnails
from mobile.ui.photo_viewer import open_side_by_side
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, SMALL, Palette, grade_colour
from shared.events import EventType
from shared.hazards import Hazard
from shared.payloads import PhotoRef

__all__ = ["ReviewView"]


def ReviewView(ui: Ui, route: Route) -> ft.View:
    """The two sets of photos, the note, and 验收通过 / 驳回."""
    hazard_id = route.hazard_id or ""
    hazard = ui.phone.record.projections.hazard(hazard_id)
    title = ui.t("review.title")
    problem = why_not(hazard, ui.actor(), EventType.HAZARD_ACCEPTED)
    if hazard is None or problem is not None:
        status = ui.label(hazard.status) if hazard else ""
        text = refusal_text(ui, Refused(problem or "manage.unknown", status=status))
        return screen(
            ui, route, title, [ft.Text(text, size=BODY, color=Palette.FAIL, key="refusal")]
        )
    sides = (
        ("review-before", ui.t("review.before"), hazard.photos_before),
        ("review-after", ui.t("review.after"), hazard.photos_after),
    )

    def photos_came() -> None:  # only the photos: the reason being typed stays as it is
        for key, label, photos in sides:
            ui.refill(key, _side_content(ui, hazard, label, photos, key))

    ui.thumbs.fetch(hazard.tenant, [p.sha256 for _, _, refs in sides for p in refs], photos_came)
    draft = draft_for(ui, "review", hazard_id)
    body: list[ft.Control] = [
        ft.Text(hazard.title, size=BODY + 2, weight=ft.FontWeight.W_600, key="hazard-title"),
        _marks(ui, hazard),
        *refusal_banner(draft),
        ft.Row(
            [_side(ui, hazard, label, photos, key) for key, label, photos in sides],
            vertical_alignment=ft.CrossAxisAlignment.START,
            spacing=10,
        ),
        field_label(ui.t("review.note")),
        ft.Text(
            hazard.notes[-1] if hazard.notes else ui.t("review.no_note"),
            size=BODY,
            key="review-note",
        ),
    ]
    if hazard.rectified_by:
        fixer = name_of(ui.phone.store, hazard.tenant, hazard.rectified_by)
        body.append(muted(ui.t("inbox.fixed_by", user=fixer)))
    if hazard.rejection_reasons:
        reason = hazard.rejection_reasons[-1]
        body.append(muted(ui.t("review.rejected_before", reason=reason)))
    body += [
        text_field(ui, draft, "comment", ui.t("review.comment"), key="review-comment"),
        text_field(
            ui,
            draft,
            "reason",
            ui.t("review.reason"),
            key="review-reason",
            multiline=True,
            min_lines=1,
            max_lines=4,
        ),
    ]

    back = path_of(Route(Screen.HAZARD, hazard_id=hazard_id))
    who = (ui.phone.record, ui.actor())

    def approve() -> None:
        comment = draft.read().get("comment", "")
        submit(ui, draft, "review", partial(accept, *who, hazard_id, comment), back)

    def send_back() -> None:
        reason = draft.read().get("reason", "")
        submit(ui, draft, "review", partial(reject, *who, hazard_id, reason), back)

    footer = ft.Row(
        [
            primary_button(
                ui.t("review.reject"),
                send_back,
                icon=ft.Icons.UNDO,
                key="review-reject",
                filled=False,
            ),
            primary_button(
                ui.t("review.accept"), approve, icon=ft.Icons.VERIFIED, key="review-accept"
            ),
        ],
        spacing=10,
    )
    return screen(ui, route, title, body, footer=footer)


def _marks(ui: Ui, hazard: Hazard) -> ft.Control:
    marks: list[ft.Control] = [
        chip(ui.label(hazard.status), ft.Colors.TEAL_700),
        chip(ui.label(hazard.grade), grade_colour(hazard.grade)),
    ]
    if hazard.is_overdue(ui.now()):
        marks.append(chip(ui.t("hazards.overdue"), Palette.FAIL))
    if hazard.deadline is not None:
        marks.append(muted(ui.t("hazards.deadline", date=f"{local(hazard.deadline):%m-%d %H:%M}")))
    return ft.Row(marks, spacing=6, wrap=True, vertical_alignment=ft.CrossAxisAlignment.CENTER)


def _side_content(
    ui: Ui, hazard: Hazard, label: str, photos: Sequence[PhotoRef], key: str
) -> ft.Control:
    """One side's thumbnails; a tap opens both sides full screen, side by side, at that photo."""

    def opened(index: int) -> None:
        at = (index, 0) if key == "review-before" else (0, index)
        open_side_by_side(ui, hazard.tenant, hazard.photos_before, hazard.photos_after, at=at)

    tiles = thumbnails(ui, photos, tenant=hazard.tenant, on_open=opened)
    tiles = tiles or [muted(ui.t("review.no_photo"), size=SMALL)]
    return ft.Column(
        [field_label(label), ft.Row(tiles, wrap=True, spacing=6, run_spacing=6)], spacing=6
    )


def _side(ui: Ui, hazard: Hazard, label: str, photos: Sequence[PhotoRef], key: str) -> ft.Control:
    return ft.Container(
        _side_content(ui, hazard, label, photos, key),
        key=key,
        expand=True,
        padding=8,
        border=ft.Border.all(1, ft.Colors.GREY_300),
        border_radius=10,
    )
