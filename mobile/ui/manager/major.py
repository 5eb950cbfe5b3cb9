"""重大隐患: report it to the authority, attach the treatment plan, see the 挂牌督办.

The steps follow the rules: 上报 (within 24 h) → 治理方案 → 指派整改; 挂牌督办 is the
authority's (an inspector's or regulator's event) and shows here with its deadline. Each form
appears only while the rules allow its step.
"""

from __future__ import annotations

from functools import partial

import flet as ft

from mobile.services.local_time import local
from mobile.services.managing import Plan, attach_plan, report_major, why_not
from mobile.ui.chrome import big_button, chip, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.manager.forms import (
    FormDraft,
    date_field,
    draft_for,
    refusal_banner,
    submit,
    text_field,
)
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, Palette, grade_colour
from shared.cards import HazardGrade
from shared.events import EventType
from shared.hazards import Hazard

__all__ = ["MajorView"]

E = EventType


def MajorView(ui: Ui, route: Route) -> ft.View:
    """The three steps of a 重大隐患 and what is done of them."""
    hazard_id = route.hazard_id or ""
    hazard = ui.phone.record.projections.hazard(hazard_id)
    title = ui.t("major.title")
    if hazard is None:
        return screen(ui, route, title, [muted(ui.t("manage.unknown"), size=BODY)])
    draft = draft_for(ui, "major", hazard_id)
    body: list[ft.Control] = [
        ft.Text(hazard.title, size=BODY + 2, weight=ft.FontWeight.W_600),
        ft.Row(
            [
                chip(ui.label(hazard.status), ft.Colors.TEAL_700),
                chip(ui.label(hazard.grade), grade_colour(hazard.grade)),
            ],
            spacing=6,
        ),
    ]
    if hazard.grade is not HazardGrade.MAJOR and hazard.authority_report is None:
        body += [muted(ui.t("major.not_major"), size=BODY), *_reviews(ui, hazard)]
        return screen(ui, route, title, body)
    body += [muted(ui.t("major.steps")), *refusal_banner(draft)]
    body += _report(ui, hazard, draft)
    body += _plan(ui, hazard, draft)
    body += _supervision(ui, hazard)
    body += _reviews(ui, hazard)
    if why_not(hazard, ui.actor(), E.HAZARD_ASSIGNED) is None:
        target = path_of(Route(Screen.ASSIGN, hazard_id=hazard_id))
        body.append(
            big_button(
                ui.t("major.to_assign"),
                lambda: ui.go(target),
                icon=ft.Icons.ASSIGNMENT_IND,
                key="major-assign",
            )
        )
    return screen(ui, route, title, body)


def _report(ui: Ui, hazard: Hazard, draft: FormDraft) -> list[ft.Control]:
    shown: list[ft.Control] = [section(ui.t("major.report"))]
    if hazard.authority_report:
        what = hazard.authority_report
        shown.append(ft.Text(ui.t("major.reported", what=what), size=BODY, key="major-reported"))
        return shown
    if why_not(hazard, ui.actor(), E.HAZARD_MAJOR_REPORTED) is not None:
        return [*shown, muted(ui.label(hazard.status))]

    def save() -> None:
        fields = draft.read()
        authority, reference = fields.get("authority", ""), fields.get("reference", "")
        step = partial(report_major, ui.phone.record, ui.actor(), hazard.id, authority, reference)
        submit(ui, draft, "major", step, None)

    return [
        *shown,
        text_field(
            ui,
            draft,
            "authority",
            ui.t("major.authority"),
            key="major-authority",
            hint_text=ui.t("major.authority_hint"),
        ),
        text_field(ui, draft, "reference", ui.t("major.reference"), key="major-reference"),
        big_button(ui.t("major.submit_report"), save, icon=ft.Icons.SEND, key="major-report"),
    ]


def _plan(ui: Ui, hazard: Hazard, draft: FormDraft) -> list[ft.Control]:
    shown: list[ft.Control] = [section(ui.t("major.plan"))]
    if hazard.plan_summary:
        shown.append(ft.Text(ui.t("major.planned", summary=hazard.plan_summary), size=BODY))
        if hazard.plan_target_date:
            date = f"{local(hazard.plan_target_date):%Y-%m-%d}"
            shown.append(muted(ui.t("major.plan_until", date=date)))
        return shown
    if why_not(hazard, ui.actor(), E.HAZARD_PLAN_ATTACHED) is not None:
        return [*shown, muted(ui.t("major.plan_after_report"), size=BODY)]

    def save() -> None:
        fields = draft.read()
        plan = Plan(fields.get("summary", ""), fields.get("target_date", ""))
        step = partial(attach_plan, ui.phone.record, ui.actor(), hazard.id, plan, ui.now())
        submit(ui, draft, "major", step, None)

    return [
        *shown,
        text_field(
            ui,
            draft,
            "summary",
            ui.t("major.plan_summary"),
            key="major-summary",
            multiline=True,
            min_lines=3,
            max_lines=8,
        ),
        date_field(ui, draft, "target_date", ui.t("major.plan_date"), key="major-date"),
        big_button(ui.t("major.submit_plan"), save, icon=ft.Icons.DESCRIPTION, key="major-plan"),
    ]


def _supervision(ui: Ui, hazard: Hazard) -> list[ft.Control]:
    shown: list[ft.Control] = [section(ui.t("major.supervision"))]
    if hazard.supervision_level and hazard.supervision_deadline:
        date = f"{local(hazard.supervision_deadline):%Y-%m-%d}"
        text = ui.t("major.supervised", level=hazard.supervision_level, date=date)
        overdue = hazard.is_overdue(ui.now())
        colour = Palette.FAIL if overdue else None
        shown.append(ft.Text(text, size=BODY, color=colour, key="major-supervised"))
        if hazard.supervision_unit:
            unit = ui.t("major.supervision_unit", unit=hazard.supervision_unit)
            shown.append(muted(unit, size=BODY))
        if hazard.supervision_lifted_at is not None:
            date = f"{local(hazard.supervision_lifted_at):%Y-%m-%d}"
            shown.append(muted(ui.t("major.supervision_lifted", date=date), size=BODY))
        elif hazard.awaits_authority():
            shown.append(muted(ui.t("major.supervision_awaits"), size=BODY))
    else:
        shown.append(muted(ui.t("major.not_supervised"), size=BODY))
    return shown


def _reviews(ui: Ui, hazard: Hazard) -> list[ft.Control]:
    """The authority's confirmations or refutations, with who, when and why."""
    shown: list[ft.Control] = []
    for review in hazard.major_reviews:
        key = f"major.review.{review.verdict.value}"
        when = f"{local(review.at):%Y-%m-%d}"
        line = ui.t(key, date=when, reason=review.reason)
        shown.append(ft.Text(line, size=BODY, key=f"major-review-{review.verdict.value}"))
    return shown
