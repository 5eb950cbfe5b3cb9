"""督办: a regulator's view of one hazard of an enterprise, and the authority's steps on it.

The regulator's phone folds no enterprise's events, so the hazard is the server's record. On a
重大隐患 the regulator places it under 挂牌督办 (level, deadline, 责任单位), confirms or refutes it
as 重大 with a reason, and once the enterprise has 销号 it, confirms the closure (解除督办). Each
form shows only while the rules allow its step; a step saved here waits as 待同步 until sent.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from functools import partial

import flet as ft

from mobile.services.inspecting import enterprise_of
from mobile.services.local_time import local
from mobile.services.oversight import (
    LEVELS,
    Overseen,
    Supervision,
    lift_supervision,
    oversight_steps,
    pending_steps,
    read_overseen,
    review_major,
    supervise,
)
from mobile.ui.chrome import big_button, chip, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.fields import named_menu
from mobile.ui.inspector.behind import Loaded, fetch_behind
from mobile.ui.manager.forms import (
    FormDraft,
    date_field,
    draft_for,
    refusal_banner,
    submit,
    text_field,
)
from mobile.ui.regulator.parts import stale_note, try_read
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, SMALL, TITLE, Palette, grade_colour
from shared.events import EventType
from shared.hazards import Hazard
from shared.lifecycle import HazardStatus
from shared.payloads import MajorVerdict

__all__ = ["OverseeView"]

E = EventType
FORM = "oversee"
SYNC_WAIT_STEPS = 60
SYNC_WAIT_STEP_S = 0.5
"""After a step is saved, up to 30 s for it to reach the server before the record is read again."""


def OverseeView(ui: Ui, route: Route) -> ft.View:
    """The server's record of the hazard with the authority's steps the rules allow now."""
    hazard_id = route.hazard_id or ""
    loaded: Loaded[Overseen | ft.Control] = fetch_behind(
        ui, _key(hazard_id), lambda: _read(ui, hazard_id)
    )
    title = ui.t("oversee.title")
    if not loaded.arrived:
        return screen(ui, route, title, [muted(ui.t("profile.loading"), size=BODY)])
    shown = loaded.value
    if not isinstance(shown, Overseen):
        failed = shown if isinstance(shown, ft.Control) else muted(ui.t("hazard.unknown"))
        return screen(ui, route, title, [failed])
    hazard = shown.hazard
    pending = pending_steps(ui.phone.record, shown)
    draft = draft_for(ui, FORM, hazard_id)
    company = enterprise_of(ui.phone.store, hazard.tenant)
    body: list[ft.Control] = [
        ft.Text(hazard.title, size=TITLE + 2, weight=ft.FontWeight.BOLD, key="oversee-title"),
        muted(company.name if company else hazard.tenant, size=BODY),
        ft.Row(
            [
                chip(ui.label(hazard.status), ft.Colors.TEAL_700, key="oversee-status"),
                chip(ui.label(hazard.grade), grade_colour(hazard.grade), key="oversee-grade"),
            ],
            spacing=6,
            wrap=True,
        ),
        *stale_note(ui, shown.fetched_ms, shown.fresh),
        *_pending(ui, pending),
        *refusal_banner(draft),
        *_supervision(ui, hazard, pending, draft),
        *_review(ui, hazard, pending, draft),
        *_steps(ui, shown),
    ]
    return screen(ui, route, title, body)


def _key(hazard_id: str) -> str:
    return f"oversee/{hazard_id}"


def _read(ui: Ui, hazard_id: str) -> Overseen | ft.Control | None:
    """The record, or the message to show in its place when it cannot be read."""
    found, failed = try_read(ui, lambda: read_overseen(ui.phone.reads, hazard_id))
    return found if failed is None else failed


def _pending(ui: Ui, pending: frozenset[EventType]) -> list[ft.Control]:
    if not pending:
        return []
    names = "、".join(ui.label(kind) for kind in sorted(pending))
    return [chip(ui.t("oversee.pending", steps=names), Palette.PENDING, key="oversee-pending")]


def _supervision(
    ui: Ui, hazard: Hazard, pending: frozenset[EventType], draft: FormDraft
) -> list[ft.Control]:
    found: list[ft.Control] = [section(ui.t("major.supervision"))]
    allowed = oversight_steps(hazard, ui.actor()) - pending
    if hazard.supervision_level and hazard.supervision_deadline:
        found.append(_supervised_line(ui, hazard))
        if hazard.supervision_lifted_at is not None:
            when = f"{local(hazard.supervision_lifted_at):%Y-%m-%d}"
            found.append(
                ft.Text(ui.t("oversee.lifted", date=when), size=BODY, key="oversee-lifted")
            )
        elif E.HAZARD_SUPERVISION_LIFTED in allowed:
            found += _lift_form(ui, hazard, draft)
        elif hazard.status is not HazardStatus.CLOSED:
            found.append(muted(ui.t("oversee.lift_after_close"), size=BODY))
        return found
    if E.HAZARD_SUPERVISED in allowed:
        return [*found, *_supervise_form(ui, hazard, draft)]
    key = "oversee.no_supervision_major" if hazard.grade.value == "major" else "major.not_major"
    return [*found, muted(ui.t(key), size=BODY)]


def _supervised_line(ui: Ui, hazard: Hazard) -> ft.Control:
    assert hazard.supervision_deadline is not None
    date = f"{local(hazard.supervision_deadline):%Y-%m-%d}"
    text = ui.t("major.supervised", level=hazard.supervision_level, date=date)
    if hazard.supervision_unit:
        text += " · " + ui.t("oversee.unit_line", unit=hazard.supervision_unit)
    colour = Palette.FAIL if hazard.is_overdue(ui.now()) else None
    return ft.Text(text, size=BODY, color=colour, key="oversee-supervised")


def _supervise_form(ui: Ui, hazard: Hazard, draft: FormDraft) -> list[ft.Control]:
    level = draft.fields.setdefault("level", LEVELS[0])

    def pick(value: str) -> None:
        draft.fields["level"] = value

    async def save() -> None:
        fields = draft.read()
        form = Supervision(
            level=fields.get("level", LEVELS[0]),
            deadline=fields.get("deadline", ""),
            responsible_unit=fields.get("unit", ""),
            note=fields.get("note", ""),
        )
        step = partial(supervise, ui.phone.record, ui.actor(), hazard, form, ui.now())
        await _submit(ui, draft, hazard.id, step)

    return [
        named_menu(ui.t("oversee.level"), level, [(c, c) for c in LEVELS], "oversee-level", pick),
        date_field(ui, draft, "deadline", ui.t("oversee.deadline"), key="oversee-deadline"),
        text_field(
            ui,
            draft,
            "unit",
            ui.t("oversee.unit"),
            key="oversee-unit",
            hint_text=ui.t("oversee.unit_hint"),
        ),
        text_field(ui, draft, "note", ui.t("oversee.note"), key="oversee-note", multiline=True),
        big_button(ui.t("oversee.supervise"), save, icon=ft.Icons.GAVEL, key="oversee-supervise"),
    ]


def _lift_form(ui: Ui, hazard: Hazard, draft: FormDraft) -> list[ft.Control]:
    async def save() -> None:
        note = draft.read().get("lift_note", "")
        step = partial(lift_supervision, ui.phone.record, ui.actor(), hazard, note)
        await _submit(ui, draft, hazard.id, step)

    return [
        muted(ui.t("oversee.closed_waiting"), size=BODY),
        text_field(ui, draft, "lift_note", ui.t("oversee.lift_note"), key="oversee-lift-note"),
        big_button(ui.t("oversee.lift"), save, icon=ft.Icons.TASK_ALT, key="oversee-lift"),
    ]


def _review(
    ui: Ui, hazard: Hazard, pending: frozenset[EventType], draft: FormDraft
) -> list[ft.Control]:
    found: list[ft.Control] = []
    for review in hazard.major_reviews:
        when = f"{local(review.at):%Y-%m-%d %H:%M}"
        words = ui.t(f"oversee.verdict.{review.verdict.value}")
        found.append(
            ft.Text(
                ui.t("oversee.reviewed", verdict=words, who=review.by.user_id, time=when)
                + f"：{review.reason}",
                size=BODY,
                key=f"oversee-review-{review.verdict.value}",
            )
        )
    allowed = oversight_steps(hazard, ui.actor()) - pending
    if E.HAZARD_MAJOR_REVIEWED not in allowed:
        return [section(ui.t("oversee.review")), *found] if found else []

    def save(verdict: MajorVerdict) -> Callable[[], Awaitable[None]]:
        async def go() -> None:
            reason = draft.read().get("reason", "")
            step = partial(review_major, ui.phone.record, ui.actor(), hazard, verdict, reason)
            await _submit(ui, draft, hazard.id, step)

        return go

    buttons: list[ft.Control] = [
        big_button(
            ui.t("oversee.confirm"),
            save(MajorVerdict.CONFIRMED),
            icon=ft.Icons.VERIFIED,
            key="oversee-confirm",
        )
    ]
    if hazard.supervision_level is None:  # a supervised hazard is not refuted
        buttons.append(
            big_button(
                ui.t("oversee.refute"),
                save(MajorVerdict.REFUTED),
                icon=ft.Icons.REMOVE_MODERATOR,
                key="oversee-refute",
            )
        )
    return [
        section(ui.t("oversee.review")),
        *found,
        muted(ui.t("oversee.review_hint"), size=SMALL),
        text_field(ui, draft, "reason", ui.t("oversee.reason"), key="oversee-reason"),
        *buttons,
    ]


def _steps(ui: Ui, shown: Overseen) -> list[ft.Control]:
    """The record's steps, newest first: what the enterprise did and what the authority did."""
    found: list[ft.Control] = [section(ui.t("hazard.timeline"))]
    for step in reversed(shown.steps):
        kind = step.get("type", "")
        try:
            what = ui.label(EventType(kind))
        except ValueError:
            what = str(kind)
        at = str(step.get("at", ""))[:16].replace("T", " ")
        who = (step.get("actor") or {}).get("user_id", "")
        found.append(muted(f"{at} · {what} · {who}", size=SMALL))
    return found


async def _submit(ui: Ui, draft: FormDraft, hazard_id: str, step: Callable[[], object]) -> None:
    """Save the step as every form does, then read the record again once it is sent."""
    submit(ui, draft, FORM, step, None)
    if draft.errors or draft.refusal:
        return  # refused: the form says why, nothing was saved
    for _ in range(SYNC_WAIT_STEPS):
        await asyncio.sleep(SYNC_WAIT_STEP_S)
        if not any(e.aggregate.id == hazard_id for e in ui.phone.record.pending()):
            break
    ui.state.kept.get("fetched", {}).pop(_key(hazard_id), None)
    if ui.state.route.split("?", 1)[0] == path_of(Route(Screen.HAZARD, hazard_id=hazard_id)):
        ui.refresh()  # the server's record, with the step in it
