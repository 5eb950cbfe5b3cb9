"""One hazard: its facts, before and after photos, and the full timeline of who did what.

When the rectification is the worker's, the screen offers 开始整改 and 提交整改; a safety manager
gets the steps the rules allow now (指派, 验收, 销号, 重大隐患, 冲突). Events still
only on the phone are marked 待同步 in the timeline; events the rules did not apply show why.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import flet as ft

from mobile.services.hazard_lists import HazardDetail, hazard_detail
from mobile.services.local_time import local
from mobile.services.managing import Refused, allowed_steps, close
from mobile.services.people import name_of
from mobile.services.reporting import start_rectification
from mobile.services.risk_loop import local_risks
from mobile.ui.chrome import big_button, chip, field_label, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.i18n import TEXTS
from mobile.ui.manager.forms import refusal_text
from mobile.ui.photo_strip import thumbnails
from mobile.ui.regulator.oversee import OverseeView
from mobile.ui.risk_pick import failed_control
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.state import RectifyDraft
from mobile.ui.theme import BODY, SMALL, TITLE, Palette, grade_colour
from shared.cards import HazardGrade
from shared.events import EventType as E
from shared.hazards import Hazard, Outcome, TimelineEntry
from shared.history import DATE_FIELDS, Said
from shared.ids import RiskPointId
from shared.lifecycle import HazardStatus as S
from shared.payloads import HazardCategory, MajorVerdict
from shared.roles import Role

__all__ = ["HazardDetailView"]


def HazardDetailView(ui: Ui, route: Route) -> ft.View:
    """Facts, photos, timeline and the worker's next step on this hazard."""
    if ui.actor().role is Role.REGULATOR:  # folds no events: the server's record, 督办 steps
        return OverseeView(ui, route)
    detail = hazard_detail(ui.phone.record, ui.actor(), route.hazard_id or "", ui.now())
    if detail is None:
        return screen(ui, route, ui.t("hazards.title"), [muted(ui.t("hazard.unknown"), size=BODY)])
    hazard = detail.hazard
    stepped = [p for entry in detail.timeline for p in detail.photos(entry)]
    photos = [*hazard.photos_before, *hazard.photos_after, *stepped]
    ui.thumbs.fetch(hazard.tenant, list(dict.fromkeys(p.sha256 for p in photos)), ui.refresh)
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
            ft.Row(
                thumbnails(ui, hazard.photos_before, tenant=hazard.tenant), wrap=True, spacing=8
            ),
        ]
    if hazard.photos_after:
        body += [
            field_label(ui.t("hazard.after")),
            ft.Row(thumbnails(ui, hazard.photos_after, tenant=hazard.tenant), wrap=True, spacing=8),
        ]
    body.append(section(ui.t("hazard.timeline")))
    body.extend(
        _entry(ui, detail, entry, entry.event_id in detail.pending_events)
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
        ("hazard.reporter", name_of(ui.phone.store, hazard.tenant, hazard.reporter)),
        ("hazard.assignee", name_of(ui.phone.store, hazard.tenant, hazard.assignee)),
        ("hazard.deadline", f"{local(hazard.deadline):%Y-%m-%d %H:%M}" if hazard.deadline else ""),
        ("hazard.measures", hazard.measures),
        ("hazard.description", hazard.description),
        ("hazard.risk_link", _control(ui, hazard)),
        ("review.last_reason", _open_rejection(hazard)),
        ("major.supervision", _supervision(ui, hazard)),
    ]
    return [
        ft.Column([field_label(ui.t(key)), ft.Text(value, size=BODY, selectable=True)], spacing=0)
        for key, value in facts
        if value
    ]


def _control(ui: Ui, hazard: Hazard) -> str:
    """Loop 3: the control whose failure this is, or the risk point a free report named."""
    if hazard.risk_id is None:
        return ""
    if hazard.measure_id is not None:
        return failed_control(ui, hazard.risk_id, hazard.measure_id)
    risk = local_risks(ui.phone.record).get(RiskPointId(hazard.risk_id))
    return risk.name if risk else hazard.risk_id


def _supervision(ui: Ui, hazard: Hazard) -> str:
    """挂牌督办 as the authority placed it: level, deadline, 责任单位, and whether it is lifted."""
    if hazard.supervision_level is None or hazard.supervision_deadline is None:
        return ""
    date = f"{local(hazard.supervision_deadline):%Y-%m-%d}"
    said = ui.t("major.supervised", level=hazard.supervision_level, date=date)
    if hazard.supervision_unit:
        said += "；" + ui.t("major.supervision_unit", unit=hazard.supervision_unit)
    if hazard.supervision_lifted_at is not None:
        lifted = f"{local(hazard.supervision_lifted_at):%Y-%m-%d}"
        said += "；" + ui.t("major.supervision_lifted", date=lifted)
    return said


def _who(ui: Ui, entry: TimelineEntry) -> str:
    return name_of(ui.phone.store, entry.actor.tenant, entry.actor.user_id)


def _open_rejection(hazard: Hazard) -> str:
    """The last 驳回 reason while the work it sent back is not yet accepted."""
    redoing = hazard.status in (S.TO_RECTIFY, S.RECTIFYING, S.AWAITING_ACCEPTANCE)
    return hazard.rejection_reasons[-1] if redoing and hazard.rejection_reasons else ""


def _entry(ui: Ui, detail: HazardDetail, entry: TimelineEntry, pending: bool) -> ft.Control:
    """One step with everything it said: a record a dispute can read after 销号."""
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
        muted(f"{local(entry.at):%Y-%m-%d %H:%M} · {_who(ui, entry)} · {ui.label(entry.status)}"),
        muted(ui.t("said.device", device=entry.device_id), size=SMALL - 2),
    ]
    lines.extend(_said(ui, entry, said) for said in detail.said(entry))
    photos = detail.photos(entry)
    if photos:
        tiles = thumbnails(ui, photos, tenant=detail.hazard.tenant)
        lines.append(ft.Row(tiles, wrap=True, spacing=6))
    if entry.reason:
        lines.append(ft.Text(entry.reason, size=SMALL, color=Palette.FAIL))
    return ft.Container(
        ft.Column(lines, spacing=2),
        border=ft.Border.only(left=ft.BorderSide(3, ft.Colors.TEAL_200)),
        padding=ft.Padding.only(left=10, top=4, bottom=4),
    )


_REASONS = frozenset({"reason", "no_photo_reason"})


def _said(ui: Ui, entry: TimelineEntry, said: Said) -> ft.Control:
    """``label：value``; the label names the field in its step (a 驳回理由, a 整改说明)."""
    keys = (f"said.{entry.type.value}.{said.field}", f"said.{said.field}")
    label = next((ui.t(key) for key in keys if key in TEXTS), said.field)
    colour = Palette.FAIL if said.field in _REASONS else None
    # Plain text, not selectable: a screen reader reads it (a selectable one is a mute textbox).
    return ft.Text(f"{label}：{_value(ui, said)}", size=SMALL + 1, color=colour)


def _value(ui: Ui, said: Said) -> str:
    """A field's value as a person reads it: local times, names of grades and categories."""
    try:
        if said.field in DATE_FIELDS:
            return f"{local(datetime.fromisoformat(said.value)):%Y-%m-%d %H:%M}"
        if said.field == "grade":
            return ui.label(HazardGrade(said.value))
        if said.field == "category":
            return ui.label(HazardCategory(int(said.value)))
        if said.field == "verdict":  # the authority's word on a 重大隐患
            return ui.t(f"oversee.verdict.{MajorVerdict(said.value).value}")
    except ValueError:
        return said.value  # a stored value this build cannot read is shown as it was written
    if said.field in ("budget_yuan", "cost_yuan"):
        return ui.t("said.yuan", amount=said.value)
    return said.value


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
    if ui.actor().role is Role.SAFETY_MANAGER:
        buttons.extend(_manager_actions(ui, detail))
    return ft.Column(buttons, spacing=8) if buttons else None


_MANAGER_LINKS = (
    (E.CONFLICT_RESOLVED, Screen.CONFLICT, "manage.conflict", ft.Icons.RULE),
    (E.HAZARD_ACCEPTED, Screen.REVIEW, "manage.review", ft.Icons.FACT_CHECK),
    (E.HAZARD_ASSIGNED, Screen.ASSIGN, "manage.assign", ft.Icons.ASSIGNMENT_IND),
)
"""A manager's steps that open a form of their own: the step, its screen, words and icon."""


def _opener(ui: Ui, path: str) -> Callable[[], None]:
    return lambda: ui.go(path)


def _manager_actions(ui: Ui, detail: HazardDetail) -> list[ft.Control]:
    """What the rules let a safety manager do to this hazard now (``managing.allowed_steps``)."""
    hazard = detail.hazard
    steps = allowed_steps(hazard, ui.actor())
    shown = [(target, words, icon) for step, target, words, icon in _MANAGER_LINKS if step in steps]
    if hazard.grade is HazardGrade.MAJOR or hazard.authority_report is not None:
        # its 上报, 治理方案 and 挂牌督办 are on one screen, open whatever step is next
        shown.append((Screen.MAJOR, "manage.major", ft.Icons.PRIORITY_HIGH))
    buttons: list[ft.Control] = []
    for target, words, icon in shown:
        opens = _opener(ui, path_of(Route(target, hazard_id=hazard.id)))
        buttons.append(big_button(ui.t(words), opens, icon=icon, key=f"manage-{target.value}"))
    if E.HAZARD_CLOSED in steps:

        def closed() -> None:
            try:
                close(ui.phone.record, ui.actor(), hazard.id)
            except Refused as refused:
                ui.toast(refusal_text(ui, refused))
                return
            ui.phone.loop.wake()
            ui.toast(ui.t("common.saved"))
            ui.refresh()

        def ask() -> None:
            ui.confirm(
                ui.t("close.confirm_title"),
                ui.t("close.confirm_text"),
                ui.t("close.button"),
                closed,
            )

        buttons.append(
            big_button(ui.t("close.button"), ask, icon=ft.Icons.DONE_ALL, key="manage-close")
        )
    return buttons
