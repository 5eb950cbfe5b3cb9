"""The risk loop's screens: the six steps with the calculator, a point's record, the review.

The six steps (排查、辨识、评估、分级、建档、管控) are one scrolling form: the calculator under
评估 shows the number, the band and why as the factors are picked, and 分级 follows from it.
What is typed lives in ``UiState.kept`` between renders; saving makes the events
(``mobile.services.risk_loop``) and opens the new point's record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, TypeVar

import flet as ft

from mobile.reference import rows_of
from mobile.services.local_time import local
from mobile.services.risk_loop import (
    MeasureDraft,
    ReassessDraft,
    RiskDraft,
    explain,
    identify_risk,
    local_risks,
    reassess,
    review_list,
    risk_todos,
)
from mobile.services.risk_proposals import confirm_proposal
from mobile.ui.chrome import big_button, chip, field_label, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.fields import max_length, named_menu
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, RISK_COLOURS, SMALL, Palette
from shared.cards import CheckCard
from shared.errors import InvalidInput
from shared.ids import RiskPointId
from shared.org import Post
from shared.payloads import (
    Grading,
    MeasureKind,
    ReassessDecision,
    ReviewReason,
    ReviewResult,
    RiskSubject,
)
from shared.risk import (
    LEC_C_VALUES,
    LEC_E_VALUES,
    LEC_L_VALUES,
    LS_MAX,
    AccidentType,
    FiveHigh,
)
from shared.risk_proposals import Proposal
from shared.risk_register import Risk, RiskStatus
from shared.text import TextKind

__all__ = [
    "ReassessView",
    "RiskNewView",
    "RiskReviewView",
    "RiskView",
    "risk_todo_rows",
    "start_from_proposal",
]

FORM = "risk-form"
"""The six-step form's key in ``UiState.kept``."""
E_ = TypeVar("E_", bound=Enum)


@dataclass
class RiskForm:
    """What the six-step form holds (text as typed, choices as picked)."""

    subject: RiskSubject = RiskSubject.EQUIPMENT
    name: str = ""
    post_id: str = ""
    five_high: FiveHigh = FiveHigh.EQUIPMENT
    accidents: set[AccidentType] = field(default_factory=set)
    method: str = "lec"
    lec: list[str] = field(default_factory=lambda: ["3", "6", "15"])
    ls: list[str] = field(default_factory=lambda: ["3", "3"])
    location: str = ""
    measure_kind: MeasureKind = MeasureKind.ENGINEERING
    measure_text: str = ""
    item: str = ""  # "<card id>\t<item id>" or empty
    reason: str = ""  # a regrading's why (the reassess form)
    decision: ReassessDecision = ReassessDecision.KEEP
    verdicts: dict[str, ReviewResult] = field(default_factory=dict)
    review_reason: ReviewReason = ReviewReason.ANNUAL
    refusal: str | None = None
    proposal_id: str = ""  # the worker's 风险点建议 this point answers, if any
    proposal_seen: str = ""  # what they saw, shown above the steps
    photos: tuple[dict[str, Any], ...] = ()  # 建档's photos: the proposal's, if any

    def grading(self) -> Grading:
        """The grading the picked factors make (always valid: they come from the tables)."""
        if self.method == "lec":
            l, e, c = (float(v) for v in self.lec)  # noqa: E741
            return Grading.model_validate({"lec": {"l": l, "e": e, "c": c}})
        return Grading.model_validate({"ls": {"l": int(self.ls[0]), "s": int(self.ls[1])}})

    def measure(self) -> MeasureDraft | None:
        """The measure typed, with the card item picked, if any text was typed."""
        if not self.measure_text.strip():
            return None
        checks = (tuple(self.item.split("\t", 1)),) if self.item else ()
        return MeasureDraft(self.measure_kind, self.measure_text, checks)  # type: ignore[arg-type]


def _form(ui: Ui, key: str = FORM) -> RiskForm:
    form: RiskForm = ui.state.kept.setdefault(key, RiskForm())
    return form


# --- small controls ----------------------------------------------------------------------------


def _enum_menu(  # noqa: PLR0913 - a menu of an enum: its label, choice, names and handler
    ui: Ui,
    label: str,
    value: E_,
    members: Sequence[E_],
    key: str,
    pick: Callable[[E_], None],
    name: Callable[[E_], str] | None = None,
) -> ft.Control:
    kind = type(value)
    named = name or ui.label
    options = [(str(m.value), named(m)) for m in members]
    return named_menu(label, str(value.value), options, key, lambda v: pick(kind(v)))


_KINDS = {
    "risk-name": TextKind.TITLE,
    "risk-location": TextKind.LINE,
    "measure-text": TextKind.TEXT,
    "regrade-reason": TextKind.REASON,
}
"""Each text field's kind of text: it takes no more than its payload field (issue 19)."""


def _text(
    label: str, value: str, key: str, keep: Callable[[str], None], **options: Any
) -> ft.TextField:
    box = ft.TextField(
        label=label, value=value, key=key, max_length=max_length(_KINDS[key]), **options
    )
    box.on_change = lambda: keep(box.value or "")
    return box


def _refresh_after(ui: Ui, change: Callable[[], None]) -> None:
    change()
    ui.refresh()


# --- 新增风险点: the six steps ------------------------------------------------------------------


def RiskNewView(ui: Ui, route: Route) -> ft.View:
    """排查、辨识、评估、分级、建档、管控 in one form, the calculator live under 评估."""
    form = _form(ui)
    tenant = ui.actor().tenant or ""
    posts = rows_of(ui.phone.store, tenant, "post", Post)
    cards = rows_of(ui.phone.store, tenant, "card", CheckCard)

    def set_(name: str, value: Any) -> None:
        setattr(form, name, value)

    body: list[ft.Control] = [*_refusal(form)]
    if form.proposal_id:
        seen = ui.t("risk.from_proposal", seen=form.proposal_seen)
        body.append(ft.Text(seen, size=BODY, color=Palette.WARN, key="risk-from-proposal"))
    body.append(section(ui.t("risk.step.find")))
    body.append(
        _enum_menu(
            ui,
            ui.t("risk.subject"),
            form.subject,
            list(RiskSubject),
            "risk-subject",
            lambda v: set_("subject", v),
            lambda m: ui.t(f"risk.subject.{m.value}"),
        )
    )
    body.append(_text(ui.t("risk.name"), form.name, "risk-name", lambda v: set_("name", v)))
    post_options = [("", ui.t("risk.no_post")), *((p.id, p.name) for p in posts)]
    body.append(
        named_menu(
            ui.t("risk.post"), form.post_id, post_options, "risk-post", lambda v: set_("post_id", v)
        )
    )
    body.append(section(ui.t("risk.step.identify")))
    body.append(
        _enum_menu(
            ui,
            ui.t("risk.five_high"),
            form.five_high,
            list(FiveHigh),
            "risk-five-high",
            lambda v: set_("five_high", v),
        )
    )
    body.append(field_label(ui.t("risk.accidents")))
    body.append(_accidents(ui, form))
    body.extend(_calculator(ui, form))
    body.append(section(ui.t("risk.step.file")))
    body.append(
        _text(ui.t("risk.location"), form.location, "risk-location", lambda v: set_("location", v))
    )
    body.append(section(ui.t("risk.step.control")))
    body.extend(_measure_fields(ui, form, cards))
    save = big_button(
        ui.t("risk.save"), lambda: _save_new(ui, form), icon=ft.Icons.SAVE, key="risk-save"
    )
    return screen(ui, route, ui.t("risk.new"), body, footer=save)


def _refusal(form: RiskForm) -> list[ft.Control]:
    if form.refusal is None:
        return []
    return [ft.Text(form.refusal, color=Palette.FAIL, key="refusal")]


def _accidents(ui: Ui, form: RiskForm) -> ft.Control:
    def toggler(kind: AccidentType) -> Callable[[], None]:
        def toggle() -> None:
            form.accidents.symmetric_difference_update({kind})

        return toggle

    boxes: list[ft.Control] = [
        ft.Checkbox(
            label=ui.label(kind),
            value=kind in form.accidents,
            on_change=toggler(kind),
            key=f"accident-{kind.value}",
        )
        for kind in AccidentType
    ]
    return ft.Row(boxes, wrap=True, spacing=4, run_spacing=0)


def _calculator(ui: Ui, form: RiskForm, *, title: bool = True) -> list[ft.Control]:
    """评估 and 分级: the factors, then the number, the band and why, and the control level."""
    found: list[ft.Control] = [section(ui.t("risk.step.assess"))] if title else []
    methods = [("lec", ui.t("risk.method.lec")), ("ls", ui.t("risk.method.ls"))]
    found.append(
        named_menu(
            ui.t("risk.method"),
            form.method,
            methods,
            "risk-method",
            lambda v: _refresh_after(ui, lambda: setattr(form, "method", v)),
        )
    )
    tables: Sequence[tuple[str, Sequence[object]]]
    if form.method == "lec":
        tables = (("L", LEC_L_VALUES), ("E", LEC_E_VALUES), ("C", LEC_C_VALUES))
        values = form.lec
    else:
        tables = (("L", range(1, LS_MAX + 1)), ("S", range(1, LS_MAX + 1)))
        values = form.ls
    factors: list[ft.Control] = []
    for index, (name, table) in enumerate(tables):
        options = [(str(v), str(v)) for v in table]

        def pick(value: str, index: int = index) -> None:
            _refresh_after(ui, lambda: values.__setitem__(index, value))

        factors.append(
            named_menu(name, values[index], options, f"factor-{form.method}-{name}", pick)
        )
    found.append(ft.Row(factors, spacing=6))
    shown = explain(form.grading())
    colour = form.grading().colour()
    if title:
        found.append(section(ui.t("risk.step.grade")))
    found.append(
        ft.Container(
            ft.Column(
                [
                    ft.Text(ui.t("risk.number", number=shown.number), size=BODY, key="calc-number"),
                    ft.Text(
                        ui.t("risk.band", colour=ui.label(shown.colour), why=shown.why),
                        size=BODY,
                        weight=ft.FontWeight.W_600,
                        color=RISK_COLOURS[colour],
                        key="calc-band",
                    ),
                    ft.Text(
                        ui.t("risk.level", level=ui.t(f"risk.level.{shown.level.value}")),
                        size=SMALL,
                        key="calc-level",
                    ),
                ],
                spacing=2,
            ),
            border=ft.Border.only(left=ft.BorderSide(4, RISK_COLOURS[colour])),
            padding=ft.Padding.only(left=10, top=4, bottom=4),
        )
    )
    return found


def _measure_fields(ui: Ui, form: RiskForm, cards: Sequence[CheckCard]) -> list[ft.Control]:
    items = [
        (f"{card.id}\t{item.id}", f"{card.name} · {item.what}")
        for card in cards
        for item in card.items
    ]
    return [
        _enum_menu(
            ui,
            ui.t("risk.measure_kind"),
            form.measure_kind,
            list(MeasureKind),
            "measure-kind",
            lambda v: setattr(form, "measure_kind", v),
        ),
        _text(
            ui.t("risk.measure_text"),
            form.measure_text,
            "measure-text",
            lambda v: setattr(form, "measure_text", v),
            multiline=True,
        ),
        named_menu(
            ui.t("risk.measure_item"),
            form.item,
            [("", ui.t("risk.no_item")), *items],
            "measure-item",
            lambda v: setattr(form, "item", v),
        ),
    ]


def _save_new(ui: Ui, form: RiskForm) -> None:
    problem = None
    if not form.name.strip():
        problem = "risk.need_name"
    elif not form.accidents:
        problem = "risk.need_accident"
    if problem is not None:
        form.refusal = ui.t(problem)
        ui.refresh()
        return
    measure = form.measure()
    draft = RiskDraft(
        subject=form.subject,
        name=form.name,
        five_high=form.five_high,
        accident_types=tuple(sorted(form.accidents, key=list(AccidentType).index)),
        grading=form.grading(),
        post_id=form.post_id or None,
        location=form.location,
        photos=form.photos,
        measures=(measure,) if measure else (),
    )
    try:
        risk_id, _ = identify_risk(ui.phone.record, ui.actor(), draft)
    except InvalidInput as refused:
        form.refusal = ui.t("risk.refused", reason=refused.message)
        ui.refresh()
        return
    if form.proposal_id:  # the worker's proposal became this point
        confirm_proposal(ui.phone.record, ui.actor(), form.proposal_id, risk_id)
    ui.state.kept.pop(FORM, None)
    ui.phone.loop.wake()
    ui.toast(ui.t("common.saved"))
    ui.go(path_of(Route(Screen.RISK, risk_id=risk_id)))


def start_from_proposal(ui: Ui, proposal: Proposal) -> None:
    """Open the six steps prefilled from a worker's proposal; saving confirms the proposal."""
    ui.state.kept[FORM] = RiskForm(
        subject=proposal.subject,
        name=proposal.seen.strip().splitlines()[0][:NAME_FROM_SEEN],
        post_id=proposal.post_id or "",
        five_high=proposal.five_high or FiveHigh.EQUIPMENT,
        accidents=set(proposal.accident_types),
        location=proposal.location,
        proposal_id=proposal.id,
        proposal_seen=proposal.seen,
        photos=tuple(p.model_dump(mode="json", exclude_none=True) for p in proposal.photos),
    )
    ui.go("/risks/new")


NAME_FROM_SEEN = 40
"""How much of what the worker saw becomes the point's first name (the manager edits it)."""


# --- one risk point: grade, measures, record ---------------------------------------------------


def RiskView(ui: Ui, route: Route) -> ft.View:
    """The point's grade and measures, then its record step by step (who, when, what, why)."""
    risk = local_risks(ui.phone.record).get(RiskPointId(route.risk_id or ""))
    if risk is None:
        return screen(ui, route, ui.t("risk.timeline"), [muted(ui.t("risk.unknown"), size=BODY)])
    body: list[ft.Control] = [_grade_line(ui, risk), section(ui.t("risk.measures"))]
    for measure in risk.measures:
        items = "、".join(f"{link.card_id}/{link.item_id}" for link in measure.checks)
        checks = ui.t("risk.checks", items=items) if items else ui.t("risk.unchecked")
        body.append(
            ft.Column(
                [
                    ft.Text(f"{ui.label(measure.kind)} · {measure.text}", size=BODY),
                    muted(checks),
                ],
                spacing=2,
                key=f"measure-{measure.id}",
            )
        )
    body.append(section(ui.t("risk.timeline")))
    body.extend(_entry(ui, risk, n) for n in range(len(risk.timeline)))
    return screen(ui, route, risk.name, body)


def _grade_line(ui: Ui, risk: Risk) -> ft.Control:
    colour = risk.grade.colour
    marks = [
        chip(ui.label(colour), RISK_COLOURS[colour], key="risk-colour"),
        chip(ui.t(f"risk.level.{risk.grade.control_level.value}"), ft.Colors.TEAL_700),
    ]
    if risk.status is RiskStatus.RETIRED:
        marks.append(chip(ui.label(ReviewResult.RETIRED), Palette.MUTED))
    accidents = "、".join(ui.label(kind) for kind in risk.accident_types)
    return ft.Column([ft.Row(marks, wrap=True, spacing=6), muted(accidents)], spacing=4)


def _entry(ui: Ui, risk: Risk, index: int) -> ft.Control:
    entry = risk.timeline[index]
    head = f"{local(entry.at):%m-%d %H:%M} · {ui.label(entry.type)} · {entry.actor.user_id}"
    lines: list[ft.Control] = [ft.Text(head, size=SMALL, weight=ft.FontWeight.W_600)]
    if entry.colour_after is not None and entry.colour_before is not None:
        change = ui.t(
            "risk.graded", before=ui.label(entry.colour_before), after=ui.label(entry.colour_after)
        )
        lines.append(ft.Text(change, size=SMALL, color=RISK_COLOURS[entry.colour_after]))
    if entry.detail:
        lines.append(muted(entry.detail))
    if entry.reason:
        lines.append(ft.Text(entry.reason, size=SMALL, color=Palette.FAIL))
    return ft.Container(ft.Column(lines, spacing=2), key=f"step-{index}", padding=4)


# --- loop 3: reassess after a hazard closed ----------------------------------------------------


def ReassessView(ui: Ui, route: Route) -> ft.View:
    """Keep the grade, regrade (with the calculator and why), or add a measure."""
    hazard = ui.phone.record.projections.hazard(route.hazard_id or "")
    risks = local_risks(ui.phone.record)
    risk = risks.get(hazard.risk_id) if hazard and hazard.risk_id else None
    if hazard is None or risk is None:
        return screen(ui, route, ui.t("reassess.title"), [muted(ui.t("reassess.none"), size=BODY)])
    form = _form(ui, f"reassess-{hazard.id}")
    body: list[ft.Control] = [
        *_refusal(form),
        ft.Text(risk.name, size=BODY, weight=ft.FontWeight.W_600),
        _grade_line(ui, risk),
        muted(ui.t("reassess.hazard", title=hazard.title)),
        _enum_menu(
            ui,
            ui.t("reassess.title"),
            form.decision,
            list(ReassessDecision),
            "decision",
            lambda v: _refresh_after(ui, lambda: setattr(form, "decision", v)),
        ),
    ]
    if form.decision is ReassessDecision.REGRADE:
        body.extend(_calculator(ui, form, title=False))
        body.append(
            _text(
                ui.t("risk.reason"),
                form.reason,
                "regrade-reason",
                lambda v: setattr(form, "reason", v),
            )
        )
    if form.decision is ReassessDecision.ADD_MEASURE:
        cards = rows_of(ui.phone.store, ui.actor().tenant or "", "card", CheckCard)
        body.extend(_measure_fields(ui, form, cards))
    save = big_button(
        ui.t("reassess.save"),
        lambda: _save_reassess(ui, form, hazard.id),
        icon=ft.Icons.SAVE,
        key="reassess-save",
    )
    return screen(ui, route, ui.t("reassess.title"), body, footer=save)


def _save_reassess(ui: Ui, form: RiskForm, hazard_id: str) -> None:
    hazard = ui.phone.record.projections.hazard(hazard_id)
    assert hazard is not None
    regrade = form.decision is ReassessDecision.REGRADE
    if regrade and not form.reason.strip():
        form.refusal = ui.t("risk.need_reason")
        ui.refresh()
        return
    measure = form.measure() if form.decision is ReassessDecision.ADD_MEASURE else None
    answer = ReassessDraft(
        form.decision,
        grading=form.grading() if regrade else None,
        reason=form.reason,
        measure=measure,
    )
    try:
        reassess(ui.phone.record, ui.actor(), hazard, answer)
    except InvalidInput as refused:
        form.refusal = ui.t("risk.refused", reason=refused.message)
        ui.refresh()
        return
    ui.state.kept.pop(f"reassess-{hazard_id}", None)
    ui.phone.loop.wake()
    ui.toast(ui.t("common.saved"))
    ui.go(path_of(Route(Screen.RISK, risk_id=hazard.risk_id)))


# --- 风险清单复核 --------------------------------------------------------------------------------


def RiskReviewView(ui: Ui, route: Route) -> ft.View:
    """One verdict per active point (仍有效 by default), the reason, one save."""
    form = _form(ui, "risk-review")
    tenant = ui.actor().tenant or ""
    risks = sorted(
        (
            r
            for r in local_risks(ui.phone.record).values()
            if r.tenant == tenant and r.status is RiskStatus.ACTIVE
        ),
        key=lambda r: r.name,
    )
    if not risks:
        empty = [muted(ui.t("risk_review.none"), size=BODY)]
        return screen(ui, route, ui.t("risk_review.title"), empty)
    body: list[ft.Control] = [
        _enum_menu(
            ui,
            ui.t("risk_review.reason"),
            form.review_reason,
            list(ReviewReason),
            "review-reason",
            lambda v: setattr(form, "review_reason", v),
        ),
    ]
    for risk in risks:
        chosen = form.verdicts.get(risk.id, ReviewResult.UNCHANGED)

        def pick(value: ReviewResult, risk_id: str = risk.id) -> None:
            form.verdicts[risk_id] = value

        body.append(ft.Text(risk.name, size=BODY, weight=ft.FontWeight.W_600))
        body.append(
            _enum_menu(
                ui,
                ui.label(risk.grade.colour),
                chosen,
                list(ReviewResult),
                f"verdict-{risk.id}",
                pick,
            )
        )
    count = len(risks)

    def save() -> None:
        verdicts = {str(r.id): form.verdicts.get(r.id, ReviewResult.UNCHANGED) for r in risks}
        review_list(ui.phone.record, ui.actor(), form.review_reason, verdicts)
        ui.state.kept.pop("risk-review", None)
        ui.phone.loop.wake()
        ui.toast(ui.t("common.saved"))
        ui.go("/enterprise")

    footer = big_button(
        ui.t("risk_review.save", count=count), save, icon=ft.Icons.FACT_CHECK, key="review-save"
    )
    return screen(ui, route, ui.t("risk_review.title"), body, footer=footer)


# --- the 待办 rows -------------------------------------------------------------------------------


def risk_todo_rows(ui: Ui) -> list[ft.Control]:
    """The risk loop's part of 待办: uncovered 🟥/🟧 points, reassessments, failing controls."""
    todos = risk_todos(ui.phone.record, ui.phone.store, ui.actor(), ui.now())
    if not todos.count:
        return []
    rows: list[ft.Control] = [section(f"{ui.t('risk.todo')} ({todos.count})")]
    for risk in todos.uncovered:
        rows.append(
            _todo(
                ui,
                ui.t("risk.todo.uncovered", name=risk.name),
                risk,
                path_of(Route(Screen.RISK, risk_id=risk.id)),
                f"todo-uncovered-{risk.id}",
            )
        )
    for hazard, risk in todos.reassess:
        rows.append(
            _todo(
                ui,
                ui.t("risk.todo.reassess", name=risk.name),
                risk,
                path_of(Route(Screen.REASSESS, hazard_id=hazard.id)),
                f"todo-reassess-{hazard.id}",
            )
        )
    for control, risk in todos.failing:
        text = ui.t("risk.todo.failing", count=len(control.hazard_ids), name=risk.name)
        rows.append(
            _todo(
                ui,
                text,
                risk,
                path_of(Route(Screen.RISK, risk_id=risk.id)),
                f"todo-failing-{risk.id}-{control.measure_id}",
            )
        )
    rows.extend(_proposal_todo(ui, proposal) for proposal in todos.proposals)
    return rows


def _proposal_todo(ui: Ui, proposal: Proposal) -> ft.Control:
    target = path_of(Route(Screen.PROPOSAL, proposal_id=proposal.id))
    text = ui.t("risk.todo.proposal", seen=proposal.seen.strip().splitlines()[0])
    return ft.Card(
        ft.Container(
            ft.Text(text, size=BODY),
            padding=12,
            on_click=lambda: ui.go(target),
            key=f"todo-proposal-{proposal.id}",
            border=ft.Border.only(left=ft.BorderSide(4, Palette.PENDING)),
        )
    )


def _todo(ui: Ui, text: str, risk: Risk, target: str, key: str) -> ft.Control:
    return ft.Card(
        ft.Container(
            ft.Text(text, size=BODY),
            padding=12,
            on_click=lambda: ui.go(target),
            key=key,
            border=ft.Border.only(left=ft.BorderSide(4, RISK_COLOURS[risk.grade.colour])),
        )
    )
