"""现场检查: a menu of the enterprise's standards; mark the ones looked at, then issue the notice.

Every standard is a line; a tap opens it in place with what to check, the pass criterion,
合格 / 不合格 / 不适用, a note and photos, and for a 不合格 the deadline (7 days unless
changed). 签发整改通知书 saves one hazard per failing finding and the inspection naming them,
then shows the notice.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import flet as ft
import flet.canvas as cv

from mobile.services.inspecting import (
    MAX_DEADLINE_DAYS,
    Finding,
    Receipt,
    Standard,
    deadline_after,
    default_description,
    default_title,
    enterprise_of,
    issue_notice,
    standards_of,
)
from mobile.services.signature import PAD_HEIGHT, PAD_WIDTH, is_signed, keep_signature
from mobile.ui.chrome import big_button, choice_row, field_label, muted, screen
from mobile.ui.context import Ui
from mobile.ui.fields import max_length
from mobile.ui.inspector.common import local_day as local_day_text
from mobile.ui.inspector.drafts import FindingDraft, InspectionDraft, draft_for, drop_draft
from mobile.ui.photo_strip import PhotoStrip
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, SMALL, Palette, result_colour
from shared.cards import ItemResult
from shared.errors import InvalidInput
from shared.ids import TenantId
from shared.notice import Demand, demand_for, local_day
from shared.text import LIMITS, TextKind

__all__ = ["InspectView"]


def InspectView(ui: Ui, route: Route) -> ft.View:
    """The standards of the enterprise, the open one expanded, and the issue button."""
    tenant = route.tenant or ""
    company = enterprise_of(ui.phone.store, tenant)
    standards = standards_of(ui.phone.store, tenant)
    if company is None or not standards:
        return screen(ui, route, ui.t("inspect.title"), [muted(ui.t("inspect.none"), size=BODY)])
    draft = draft_for(ui.state, tenant)
    marked = draft.marked()
    failed = sum(1 for f in marked.values() if f.result is ItemResult.FAIL)
    body: list[ft.Control] = [
        ft.Text(company.name, size=BODY + 1, weight=ft.FontWeight.W_600),
        muted(ui.t("inspect.hint")),
        ft.Text(
            ui.t("inspect.progress", done=len(marked), failed=failed),
            size=BODY,
            key="inspect-progress",
        ),
    ]
    card = None
    for number, standard in enumerate(standards, start=1):
        if standard.card != card:
            card = standard.card
            body.append(field_label(card))
        if draft.current == standard.id:
            body.append(_open_item(ui, draft, standard, number))
        else:
            body.append(_line(ui, draft, standard, number))
    if failed:
        body.append(_receipt(ui, draft))
    issue = big_button(
        ui.t("inspect.issue") if failed else ui.t("inspect.record"),
        lambda: _confirm(ui, draft, standards, company.name),
        icon=ft.Icons.GAVEL,
        key="inspect-issue",
        disabled=not marked,
    )
    return screen(ui, route, ui.t("inspect.title"), body, footer=issue)


def _line(ui: Ui, draft: InspectionDraft, standard: Standard, number: int) -> ft.Control:
    finding = draft.findings.get(standard.id)
    result = finding.result if finding else None
    badge: ft.Control = (
        ft.Container(
            ft.Text(ui.label(result), size=SMALL - 1, color=ft.Colors.WHITE),
            bgcolor=result_colour(result),
            border_radius=12,
            padding=ft.Padding.symmetric(horizontal=8, vertical=2),
        )
        if result
        else ft.Icon(ft.Icons.ADD_CIRCLE_OUTLINE, color=Palette.MUTED)
    )

    def open_it() -> None:
        draft.current = standard.id
        ui.refresh()

    return ft.Container(
        content=ft.Row(
            [ft.Text(f"{number}. {standard.title}", size=BODY, expand=True), badge],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
        padding=ft.Padding.symmetric(horizontal=12, vertical=10),
        border_radius=10,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        on_click=open_it,
        key=f"standard-{number}",
    )


def _open_item(ui: Ui, draft: InspectionDraft, standard: Standard, number: int) -> ft.Control:
    finding = draft.finding(standard.id)
    item = standard.item

    def close() -> None:
        draft.current = None
        ui.refresh()

    rows: list[ft.Control] = [
        ft.Row(
            [
                ft.Text(
                    f"{number}. {item.what}", size=BODY + 1, weight=ft.FontWeight.BOLD, expand=True
                ),
                ft.TextButton(ui.t("inspect.close"), on_click=close, key="standard-close"),
            ]
        ),
        muted(item.how),
        field_label(ui.t("inspect.criterion")),
        ft.Text(item.pass_criterion, size=SMALL + 1),
        _results(ui, finding),
    ]
    rows.append(_note(ui, finding))
    if finding.result is ItemResult.FAIL:
        rows += [
            _title(ui, finding, standard),
            muted(ui.t("inspect.typical", list=item.typical_hazard)),
            _description(ui, finding, standard),
            _deadline(ui, finding),
        ]
    rows += [
        field_label(ui.t("photo.count", count=len(finding.photos))),
        PhotoStrip(ui, finding.photos, key=f"finding-{number}"),
    ]
    return ft.Container(
        content=ft.Column(rows, spacing=6, horizontal_alignment=ft.CrossAxisAlignment.STRETCH),
        padding=12,
        border_radius=12,
        border=ft.Border.all(2, ft.Colors.TEAL_700),
        key=f"standard-{number}-open",
    )


def _results(ui: Ui, finding: FindingDraft) -> ft.Control:
    def pick(result: ItemResult) -> None:
        finding.result = result
        ui.refresh()

    return choice_row(
        ui,
        list(ItemResult),
        finding.result,
        colour_of=result_colour,
        on_pick=pick,
        key="finding",
    )


def _deadline(ui: Ui, finding: FindingDraft) -> ft.Control:
    def move(by: int) -> Callable[[], None]:
        def step() -> None:
            finding.deadline_days = max(0, min(MAX_DEADLINE_DAYS, finding.deadline_days + by))
            ui.refresh()

        return step

    now = ui.now()
    due = deadline_after(now, finding.deadline_days)
    day = local_day_text(due)
    immediate = demand_for(local_day(now), local_day(due)) is Demand.IMMEDIATE
    words = (
        ui.t("inspect.immediate", day=day)
        if immediate
        else ui.t("inspect.deadline", days=finding.deadline_days, day=day)
    )
    return ft.Row(
        [
            ft.OutlinedButton(
                ui.t("inspect.shorter"),
                on_click=move(-1),
                disabled=finding.deadline_days <= 0,
                key="deadline-shorter",
            ),
            ft.Text(
                words,
                size=SMALL + 1,
                color=Palette.FAIL,
                expand=True,
                text_align=ft.TextAlign.CENTER,
                key="deadline",
            ),
            ft.OutlinedButton(
                ui.t("inspect.longer"),
                on_click=move(1),
                disabled=finding.deadline_days >= MAX_DEADLINE_DAYS,
                key="deadline-longer",
            ),
        ],
        spacing=0,
    )


def _note(ui: Ui, finding: FindingDraft) -> ft.Control:
    field = ft.TextField(
        label=ui.t("inspect.note"),
        value=finding.note,
        multiline=True,
        min_lines=1,
        max_lines=4,
        max_length=max_length(TextKind.TEXT),
        key="finding-note",
    )

    def changed() -> None:
        finding.note = field.value or ""

    field.on_change = changed
    return field


def _title(ui: Ui, finding: FindingDraft, standard: Standard) -> ft.Control:
    """The hazard's title, one defect, suggested by the item and the inspector's to change."""
    field = ft.TextField(
        label=ui.t("inspect.hazard_title"),
        value=default_title(standard.item) if finding.title is None else finding.title,
        max_length=LIMITS[TextKind.TITLE],
        key="finding-title",
    )

    def changed() -> None:
        finding.title = field.value or ""

    field.on_change = changed
    return field


def _description(ui: Ui, finding: FindingDraft, standard: Standard) -> ft.Control:
    """What is wrong as the notice will say it; until edited it follows the note."""
    shown = finding.description
    if shown is None:
        shown = default_description(standard.item, finding.note)
    field = ft.TextField(
        label=ui.t("inspect.hazard_description"),
        value=shown,
        multiline=True,
        min_lines=2,
        max_lines=6,
        max_length=LIMITS[TextKind.TEXT],
        key="finding-description",
    )

    def changed() -> None:
        finding.description = field.value or ""

    field.on_change = changed
    return field


def _receipt(ui: Ui, draft: InspectionDraft) -> ft.Control:
    """签收: the representative's name and signature on the pad, or 拒签 with a witness."""
    signer = ft.TextField(
        label=ui.t("receipt.signer"),
        value=draft.signer,
        max_length=LIMITS[TextKind.NAME],
        key="receipt-signer",
    )

    def named() -> None:
        draft.signer = signer.value or ""

    signer.on_change = named

    def refuse(event: ft.Event[ft.Checkbox]) -> None:
        draft.refused = bool(event.control.value)
        ui.refresh()

    rows: list[ft.Control] = [
        field_label(ui.t("receipt.title")),
        signer,
        ft.Checkbox(
            label=ui.t("receipt.refused"),
            value=draft.refused,
            on_change=refuse,
            key="receipt-refused",
        ),
    ]
    if draft.refused:
        witness = ft.TextField(
            label=ui.t("receipt.witness"),
            value=draft.witness,
            max_length=LIMITS[TextKind.LINE],
            key="receipt-witness",
        )

        def witnessed() -> None:
            draft.witness = witness.value or ""

        witness.on_change = witnessed
        rows.append(witness)
    else:
        rows += [muted(ui.t("receipt.sign_here")), _pad(ui, draft)]
    return ft.Column(rows, spacing=6, horizontal_alignment=ft.CrossAxisAlignment.STRETCH)


def _pad(ui: Ui, draft: InspectionDraft) -> ft.Control:
    """A white pad the representative signs with a finger; 重签 wipes it."""
    ink = ft.Paint(stroke_width=3, color=ft.Colors.BLACK, stroke_cap=ft.StrokeCap.ROUND)
    canvas = cv.Canvas(
        shapes=[
            cv.Line(a[0], a[1], b[0], b[1], paint=ink)
            for stroke in draft.strokes
            for a, b in itertools.pairwise(stroke)
        ],
        width=PAD_WIDTH,
        height=PAD_HEIGHT,
    )

    def start(event: ft.DragStartEvent[ft.GestureDetector]) -> None:
        draft.strokes.append([(event.local_position.x, event.local_position.y)])

    def move(event: ft.DragUpdateEvent[ft.GestureDetector]) -> None:
        point = (event.local_position.x, event.local_position.y)
        if not draft.strokes:
            draft.strokes.append([point])
            return
        last = draft.strokes[-1][-1]
        draft.strokes[-1].append(point)
        # Flet sends the new line itself after the handler (its auto-update): no redraw.
        canvas.shapes.append(cv.Line(last[0], last[1], point[0], point[1], paint=ink))

    def wipe() -> None:
        draft.strokes.clear()
        ui.refresh()

    pad = ft.GestureDetector(
        content=ft.Semantics(
            content=ft.Container(
                canvas,
                width=PAD_WIDTH,
                height=PAD_HEIGHT,
                bgcolor=ft.Colors.WHITE,
                border=ft.Border.all(1, Palette.MUTED),
                border_radius=8,
            ),
            label=ui.t("receipt.pad"),
        ),
        on_pan_start=start,
        on_pan_update=move,
        drag_interval=16,
        key="receipt-pad",
    )
    again = ft.TextButton(ui.t("receipt.clear"), on_click=wipe, key="receipt-clear")
    return ft.Column([ft.Row([pad], alignment=ft.MainAxisAlignment.CENTER), again], spacing=2)


def _receipt_of(ui: Ui, draft: InspectionDraft) -> Receipt | None:
    """The receipt to record, or None when it is not complete (a toast says what is missing)."""
    if not draft.signer.strip():
        ui.toast(ui.t("receipt.missing_signer"))
        return None
    if draft.refused:
        if not draft.witness.strip():
            ui.toast(ui.t("receipt.missing_witness"))
            return None
        return Receipt(draft.signer, witness=draft.witness)
    if not is_signed(draft.strokes):
        ui.toast(ui.t("receipt.missing_signature"))
        return None
    return Receipt(draft.signer, keep_signature(ui.phone.photos, draft.strokes, ui.now()))


def _confirm(ui: Ui, draft: InspectionDraft, standards: list[Standard], name: str) -> None:
    marked = draft.marked()
    failed = sum(1 for f in marked.values() if f.result is ItemResult.FAIL)
    ui.confirm(
        ui.t("inspect.confirm_title"),
        f"{name}\n" + ui.t("inspect.confirm_text", done=len(marked), failed=failed),
        ui.t("inspect.confirm_ok"),
        lambda: _issue(ui, draft, standards),
    )


def _issue(ui: Ui, draft: InspectionDraft, standards: list[Standard]) -> None:
    by_id = {s.id: s for s in standards}
    findings = [
        Finding(
            by_id[key],
            f.result,
            f.note,
            list(f.photos),
            f.deadline_days,
            title=f.title or "",
            description=f.description or "",
        )
        for key, f in draft.marked().items()
        if key in by_id and f.result is not None
    ]
    if not findings:
        ui.toast(ui.t("inspect.missing"))
        return
    receipt = None
    if any(f.result is ItemResult.FAIL for f in findings):
        receipt = _receipt_of(ui, draft)
        if receipt is None:
            return
    try:
        issued = issue_notice(
            ui.phone.record,
            ui.actor(),
            TenantId(draft.tenant),
            findings,
            ui.now(),
            receipt=receipt,
        )
    except (InvalidInput, ValueError):
        ui.toast(ui.t("form.invalid"))
        return
    ui.phone.loop.wake()
    drop_draft(ui.state)
    ui.toast(ui.t("common.saved"))
    ui.go(path_of(Route(Screen.NOTICE, inspection_id=issued.inspection_id)))
