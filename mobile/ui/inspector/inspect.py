"""现场检查: a menu of the enterprise's standards; mark the ones looked at, then issue the notice.

Every standard is a line; a tap opens it in place with what to check, the pass criterion,
合格 / 不合格 / 不适用, a note and photos, and for a 不合格 the deadline (7 days unless
changed). 签发整改通知书 saves one hazard per failing finding and the inspection naming them,
then shows the notice.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from mobile.services.inspecting import (
    MAX_DEADLINE_DAYS,
    Finding,
    Standard,
    deadline_after,
    enterprise_of,
    issue_notice,
    standards_of,
)
from mobile.ui.chrome import big_button, choice_row, field_label, muted, screen
from mobile.ui.context import Ui
from mobile.ui.fields import max_length
from mobile.ui.inspector.common import local_day
from mobile.ui.inspector.drafts import FindingDraft, InspectionDraft, draft_for, drop_draft
from mobile.ui.photo_strip import PhotoStrip
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, SMALL, Palette, result_colour
from shared.cards import ItemResult
from shared.errors import InvalidInput
from shared.ids import TenantId
from shared.text import TextKind

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
    if finding.result is ItemResult.FAIL:
        rows += [muted(item.typical_hazard), _deadline(ui, finding)]
    rows += [
        _note(ui, finding),
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
            finding.deadline_days = max(1, min(MAX_DEADLINE_DAYS, finding.deadline_days + by))
            ui.refresh()

        return step

    day = local_day(deadline_after(ui.now(), finding.deadline_days))
    return ft.Row(
        [
            ft.OutlinedButton(
                ui.t("inspect.shorter"),
                on_click=move(-1),
                disabled=finding.deadline_days <= 1,
                key="deadline-shorter",
            ),
            ft.Text(
                ui.t("inspect.deadline", days=finding.deadline_days, day=day),
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
        Finding(by_id[key], f.result, f.note, list(f.photos), f.deadline_days)
        for key, f in draft.marked().items()
        if key in by_id and f.result is not None
    ]
    if not findings:
        ui.toast(ui.t("inspect.missing"))
        return
    try:
        issued = issue_notice(
            ui.phone.record, ui.actor(), TenantId(draft.tenant), findings, ui.now()
        )
    except (InvalidInput, ValueError):
        ui.toast(ui.t("form.invalid"))
        return
    ui.phone.loop.wake()
    drop_draft(ui.state)
    ui.toast(ui.t("common.saved"))
    ui.go(path_of(Route(Screen.NOTICE, inspection_id=issued.inspection_id)))
