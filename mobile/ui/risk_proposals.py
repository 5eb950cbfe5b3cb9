"""风险点建议: a worker proposes a risk point, the manager confirms or declines, both see it.

A worker knows where something can hurt someone but does not walk the six steps: they say what
they saw, where, and (if they know) the 五高 element and accident types. The manager finds the
proposal in 待办, confirms it by walking the six steps prefilled from it (the point is made as
any other) or declines it with a reason; the worker's list shows the answer once synced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import flet as ft

from mobile.reference import rows_of
from mobile.services.local_time import local
from mobile.services.people import name_of
from mobile.services.risk_loop import local_risks
from mobile.services.risk_proposals import (
    ProposalDraft,
    decline_proposal,
    local_proposals,
    propose_risk,
)
from mobile.ui.chrome import big_button, chip, field_label, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.fields import named_menu
from mobile.ui.manager.risks import start_from_proposal
from mobile.ui.photo_strip import PhotoStrip, thumbnails
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, Palette
from shared.errors import InvalidInput
from shared.ids import RiskPointId
from shared.org import Post
from shared.payloads import PhotoRef, RiskSubject
from shared.risk import AccidentType, FiveHigh
from shared.risk_proposals import Proposal, ProposalStatus
from shared.roles import Role

__all__ = ["ProposalNewView", "ProposalView", "ProposalsView", "proposals_link"]

FORM = "proposal-form"
DECLINE = "proposal-decline"
STATUS_COLOURS = {
    ProposalStatus.PENDING: Palette.PENDING,
    ProposalStatus.CONFIRMED: Palette.PASS,
    ProposalStatus.DECLINED: Palette.NEUTRAL,
}


@dataclass
class ProposalForm:
    """What the 建议风险点 form holds between renders."""

    subject: RiskSubject = RiskSubject.PLACE
    seen: str = ""
    post_id: str = ""
    location: str = ""
    five_high: str = ""  # "" when the worker does not know
    accidents: set[AccidentType] = field(default_factory=set)
    photos: list[PhotoRef] = field(default_factory=list)  # optional: a proposal needs none
    refusal: str | None = None


@dataclass
class DeclineForm:
    """The manager's reason for declining, as typed."""

    reason: str = ""
    refusal: str | None = None


def _mine(ui: Ui) -> list[Proposal]:
    """A worker's own proposals; a manager's enterprise's, all of them."""
    actor = ui.actor()
    found = local_proposals(ui.phone.record, actor.tenant or "")
    if actor.role is Role.SAFETY_MANAGER:
        return found
    return [p for p in found if p.by == actor.user_id]


def proposals_link(ui: Ui) -> ft.Control:
    """The row on 我的隐患 that opens the proposals, with how many wait for an answer."""
    waiting = sum(1 for p in _mine(ui) if p.status is ProposalStatus.PENDING)
    return ft.Card(
        ft.Container(
            ft.Row(
                [
                    ft.Icon(ft.Icons.LIGHTBULB_OUTLINE, color=Palette.WARN),
                    ft.Text(ui.t("proposal.link", count=waiting), size=BODY, expand=True),
                    ft.Icon(ft.Icons.CHEVRON_RIGHT, color=Palette.MUTED),
                ],
                spacing=8,
            ),
            padding=12,
            on_click=lambda: ui.go("/proposals"),
            key="proposals-open",
        )
    )


def ProposalsView(ui: Ui, route: Route) -> ft.View:
    """Each proposal with its state and the manager's answer, newest first."""
    proposals = _mine(ui)
    body: list[ft.Control] = []
    if not proposals:
        body.append(muted(ui.t("proposal.none"), size=BODY))
    body.extend(_row(ui, proposal) for proposal in proposals)

    def new() -> None:
        ui.state.kept[FORM] = ProposalForm()
        ui.go("/proposals/new")

    footer = big_button(ui.t("proposal.new"), new, icon=ft.Icons.ADD, key="proposal-new")
    return screen(ui, route, ui.t("proposal.title"), body, footer=footer)


def _row(ui: Ui, proposal: Proposal) -> ft.Control:
    lines: list[ft.Control] = [
        ft.Text(proposal.seen, size=BODY, weight=ft.FontWeight.W_600, max_lines=3),
        ft.Row([_status(ui, proposal)], wrap=True),
        muted(_who_when(ui, proposal)),
    ]
    answer = _answer(ui, proposal)
    if answer:
        lines.append(muted(answer))
    target = path_of(Route(Screen.PROPOSAL, proposal_id=proposal.id))
    return ft.Card(
        ft.Container(
            ft.Column(lines, spacing=4),
            padding=12,
            on_click=lambda: ui.go(target),
            key=f"proposal-{proposal.id}",
        )
    )


def _status(ui: Ui, proposal: Proposal) -> ft.Control:
    text = ui.t(f"proposal.status.{proposal.status.value}")
    return chip(text, STATUS_COLOURS[proposal.status], key=f"proposal-status-{proposal.id}")


def _who_when(ui: Ui, proposal: Proposal) -> str:
    who = name_of(ui.phone.store, proposal.tenant, proposal.by)
    return ui.t("proposal.by", who=who, at=f"{local(proposal.at):%m-%d %H:%M}")


def _answer(ui: Ui, proposal: Proposal) -> str:
    if proposal.status is ProposalStatus.DECLINED:
        return ui.t("proposal.declined_why", reason=proposal.answer)
    if proposal.status is ProposalStatus.CONFIRMED and proposal.risk_id is not None:
        risk = local_risks(ui.phone.record).get(RiskPointId(proposal.risk_id))
        return ui.t("proposal.became", name=risk.name if risk else proposal.risk_id)
    return ""


# --- 建议风险点: the worker's form -----------------------------------------------------------


def ProposalNewView(ui: Ui, route: Route) -> ft.View:
    """What was seen (required), what it is, where, and 五高 and accidents if known."""
    form: ProposalForm = ui.state.kept.setdefault(FORM, ProposalForm())
    tenant = ui.actor().tenant or ""
    posts = rows_of(ui.phone.store, tenant, "post", Post)
    body: list[ft.Control] = []
    if form.refusal:
        body.append(ft.Text(form.refusal, color=Palette.FAIL, key="refusal"))
    body.append(muted(ui.t("proposal.hint")))
    seen = ft.TextField(
        label=ui.t("proposal.seen"), value=form.seen, key="proposal-seen", multiline=True
    )
    seen.on_change = lambda: setattr(form, "seen", seen.value or "")
    body.append(seen)
    subjects = [(s.value, ui.t(f"risk.subject.{s.value}")) for s in RiskSubject]
    body.append(
        named_menu(
            ui.t("risk.subject"),
            form.subject.value,
            subjects,
            "proposal-subject",
            lambda v: setattr(form, "subject", RiskSubject(v)),
        )
    )
    post_options = [("", ui.t("risk.no_post")), *((p.id, p.name) for p in posts)]
    body.append(
        named_menu(
            ui.t("risk.post"),
            form.post_id,
            post_options,
            "proposal-post",
            lambda v: setattr(form, "post_id", v),
        )
    )
    where = ft.TextField(label=ui.t("risk.location"), value=form.location, key="proposal-where")
    where.on_change = lambda: setattr(form, "location", where.value or "")
    body.append(where)
    body.append(field_label(ui.t("proposal.photos")))
    body.append(PhotoStrip(ui, form.photos, key="proposal-photos"))
    body.append(section(ui.t("proposal.if_known")))
    five = [("", ui.t("proposal.unsure")), *((f.value, ui.label(f)) for f in FiveHigh)]
    body.append(
        named_menu(
            ui.t("risk.five_high"),
            form.five_high,
            five,
            "proposal-five-high",
            lambda v: setattr(form, "five_high", v),
        )
    )
    body.append(field_label(ui.t("risk.accidents")))
    body.append(_accidents(ui, form.accidents))
    send = big_button(
        ui.t("proposal.send"), lambda: _send(ui, form), icon=ft.Icons.SEND, key="proposal-send"
    )
    return screen(ui, route, ui.t("proposal.new"), body, footer=send)


def _accidents(ui: Ui, chosen: set[AccidentType]) -> ft.Control:
    def toggler(kind: AccidentType) -> Callable[[], None]:
        return lambda: chosen.symmetric_difference_update({kind})

    boxes: list[ft.Control] = [
        ft.Checkbox(
            label=ui.label(kind),
            value=kind in chosen,
            on_change=toggler(kind),
            key=f"proposal-accident-{kind.value}",
        )
        for kind in AccidentType
    ]
    return ft.Row(boxes, wrap=True, spacing=4, run_spacing=0)


def _send(ui: Ui, form: ProposalForm) -> None:
    if not form.seen.strip():
        form.refusal = ui.t("proposal.need_seen")
        ui.refresh()
        return
    draft = ProposalDraft(
        subject=form.subject,
        seen=form.seen,
        post_id=form.post_id or None,
        location=form.location,
        photos=tuple(form.photos),
        five_high=FiveHigh(form.five_high) if form.five_high else None,
        accident_types=tuple(sorted(form.accidents, key=list(AccidentType).index)),
    )
    try:
        propose_risk(ui.phone.record, ui.actor(), draft)
    except InvalidInput as refused:
        form.refusal = ui.t("proposal.refused", reason=refused.message)
        ui.refresh()
        return
    ui.state.kept.pop(FORM, None)
    ui.phone.loop.wake()
    ui.toast(ui.t("common.saved"))
    ui.go("/proposals")


# --- one proposal: what was seen; the manager's confirm or decline -----------------------------


def ProposalView(ui: Ui, route: Route) -> ft.View:
    """The proposal as the proposer made it, its state, and (to the manager) the two answers."""
    found = {p.id: p for p in _mine(ui)}
    proposal = found.get(route.proposal_id or "")
    if proposal is None:
        return screen(ui, route, ui.t("proposal.title"), [muted(ui.t("proposal.unknown"))])
    body: list[ft.Control] = [
        ft.Text(proposal.seen, size=BODY, weight=ft.FontWeight.W_600, key="proposal-seen-text"),
        ft.Row([_status(ui, proposal)], wrap=True),
        muted(_who_when(ui, proposal)),
        *_facts(ui, proposal),
    ]
    if proposal.photos:
        tiles = thumbnails(ui, proposal.photos, tenant=proposal.tenant)
        body.append(ft.Row(tiles, wrap=True, spacing=6, key="proposal-photos"))
    answer = _answer(ui, proposal)
    if answer:
        body.append(ft.Text(answer, size=BODY, key="proposal-answer"))
    pending = proposal.status is ProposalStatus.PENDING
    if pending and ui.actor().role is Role.SAFETY_MANAGER:
        body.extend(_answers(ui, proposal))
    return screen(ui, route, ui.t("proposal.title"), body)


def _facts(ui: Ui, proposal: Proposal) -> list[ft.Control]:
    posts = {p.id: p.name for p in rows_of(ui.phone.store, proposal.tenant, "post", Post)}
    facts = [ui.t(f"risk.subject.{proposal.subject.value}")]
    if proposal.post_id:
        facts.append(posts.get(proposal.post_id, proposal.post_id))
    if proposal.location:
        facts.append(proposal.location)
    lines: list[ft.Control] = [muted(" · ".join(facts))]
    suggested = [ui.label(proposal.five_high)] if proposal.five_high else []
    suggested += [ui.label(kind) for kind in proposal.accident_types]
    if suggested:
        lines.append(muted(ui.t("proposal.suggested", what="、".join(suggested))))
    return lines


def _answers(ui: Ui, proposal: Proposal) -> list[ft.Control]:
    form: DeclineForm = ui.state.kept.setdefault(f"{DECLINE}-{proposal.id}", DeclineForm())
    reason = ft.TextField(
        label=ui.t("proposal.decline_reason"), value=form.reason, key="decline-reason"
    )
    reason.on_change = lambda: setattr(form, "reason", reason.value or "")

    def decline() -> None:
        try:
            decline_proposal(ui.phone.record, ui.actor(), proposal.id, form.reason)
        except InvalidInput:
            form.refusal = ui.t("proposal.need_reason")
            ui.refresh()
            return
        ui.state.kept.pop(f"{DECLINE}-{proposal.id}", None)
        ui.phone.loop.wake()
        ui.toast(ui.t("common.saved"))
        ui.go("/inbox")

    controls: list[ft.Control] = [
        section(ui.t("proposal.answer")),
        big_button(
            ui.t("proposal.confirm"),
            lambda: start_from_proposal(ui, proposal),
            icon=ft.Icons.CHECK,
            key="proposal-confirm",
        ),
    ]
    if form.refusal:
        controls.append(ft.Text(form.refusal, color=Palette.FAIL, key="decline-refusal"))
    controls += [
        reason,
        big_button(
            ui.t("proposal.decline"),
            decline,
            icon=ft.Icons.CLOSE,
            key="proposal-decline",
            filled=False,
        ),
    ]
    return controls
