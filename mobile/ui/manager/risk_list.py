"""建风险清单: a safety manager builds the enterprise's risk list from the library, on the phone.

The kind of place is prefilled as on 建岗位卡; the library's typical risks for it are listed,
all ticked, each at its suggested grade (L × S) and at the post whose card checks it. The
manager unticks what the place does not have, confirms or changes L, S and the post, and
saves: each kept risk is a risk point with its measures, as if identified by hand. Each risk
has its own 责任人: by default its post's, one pick sets it for every line, and each line's
menu changes it for that risk alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import flet as ft

from mobile.services.catalog import PostCard, my_posts
from mobile.services.onboarding import BASES, Basis, basis_name
from mobile.services.risk_loop import explain
from mobile.services.risk_onboarding import (
    ProposedRisk,
    adopt_risk_list,
    listed_names,
    post_responsible,
    propose_risk_list,
)
from mobile.ui.chrome import big_button, chip, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.fields import named_menu
from mobile.ui.manager.onboard import enterprise_basis
from mobile.ui.manager.responsible import responsible_menu
from mobile.ui.routes import Route
from mobile.ui.standards import load_library
from mobile.ui.theme import BODY, RISK_COLOURS
from shared.errors import InvalidInput, NotPermitted
from shared.events import EventType
from shared.lifecycle import PERMITTED_ROLES
from shared.standards import StandardsLibrary

__all__ = ["RiskListView"]

KEY = "risk-list"
NO_POST = "-"
"""The post menu's choice for a risk of the whole place (a menu key cannot be empty)."""


@dataclass
class RiskListDraft:
    """The list being built: for which kind of place, and each proposed line as left."""

    basis: Basis
    lines: list[ProposedRisk] = field(default_factory=list)
    responsible: str | None = None  # the last 责任人 picked for every line at once


def RiskListView(ui: Ui, route: Route) -> ft.View:
    """Kind of place, the proposed risks to keep and grade, save."""
    title = ui.t("risk_list.title")
    kept = load_library(ui)
    posts = my_posts(ui.phone.store, ui.actor())
    if ui.actor().role not in PERMITTED_ROLES[EventType.RISK_IDENTIFIED]:
        return screen(ui, route, title, [muted(ui.t("risk_list.managers_only"), size=BODY)])
    if kept is None:
        return screen(ui, route, title, [muted(ui.t("standards.unavailable"), size=BODY)])
    draft = _draft(ui, kept.library, posts)
    chosen = [line for line in draft.lines if line.keep]
    body: list[ft.Control] = [
        section(ui.t("onboard.basis")),
        _bases(ui, draft, kept.library, posts),
        responsible_menu(
            ui,
            draft.responsible,
            "risk-list-responsible",
            _keeper(ui, draft),
            label=ui.t("risk_list.responsible_all"),
        ),
        section(ui.t("risk_list.items", count=len(chosen))),
        muted(ui.t("risk_list.hint")),
    ]
    if not draft.lines:
        body.append(muted(ui.t("risk_list.none"), size=BODY))
    for line in draft.lines:
        body.extend(_line(ui, line, posts))
    save = big_button(
        ui.t("risk_list.save", count=len(chosen)),
        lambda: _save(ui, draft, posts),
        icon=ft.Icons.SAVE,
        key="risk-list-save",
        disabled=not chosen,
    )
    return screen(ui, route, title, body, footer=save)


def _draft(ui: Ui, library: StandardsLibrary, posts: list[PostCard]) -> RiskListDraft:
    found = ui.state.kept.get(KEY)
    if isinstance(found, RiskListDraft):
        return found
    draft = RiskListDraft(enterprise_basis(ui))
    _propose(ui, draft, library, posts)
    ui.state.kept[KEY] = draft
    return draft


def _propose(
    ui: Ui, draft: RiskListDraft, library: StandardsLibrary, posts: list[PostCard]
) -> None:
    listed = listed_names(ui.phone.record, ui.actor())
    draft.lines = propose_risk_list(library, draft.basis, posts, listed)


def _bases(
    ui: Ui, draft: RiskListDraft, library: StandardsLibrary, posts: list[PostCard]
) -> ft.Control:
    def pick(basis: Basis) -> None:
        draft.basis = basis
        _propose(ui, draft, library, posts)
        ui.refresh()

    buttons: list[ft.Control] = [
        (ft.FilledButton if b is draft.basis else ft.OutlinedButton)(
            content=basis_name(b), on_click=_bound(pick, b), key=f"risk-basis-{b.value}"
        )
        for b in BASES
    ]
    return ft.Row(buttons, wrap=True, spacing=6, run_spacing=6)


def _bound(handler: Callable[[Basis], None], value: Basis) -> Callable[[], None]:
    return lambda: handler(value)


def _line(ui: Ui, line: ProposedRisk, posts: Sequence[PostCard]) -> list[ft.Control]:
    code = line.risk.code

    def toggle() -> None:
        line.keep = not line.keep
        ui.refresh()

    box = ft.Checkbox(
        label=f"{code} {line.risk.name}",
        value=line.keep,
        on_change=toggle,
        key=f"risk-{code}",
        label_style=ft.TextStyle(size=BODY - 1),
    )
    if not line.keep:
        return [box]
    grade = explain(line.grading())
    factors = [(str(n), str(n)) for n in range(1, 6)]
    places = [(NO_POST, ui.t("risk.no_post")), *((p.post.id, p.place) for p in posts)]
    return [
        box,
        ft.Row(
            [chip(f"{grade.number} {grade.colour_name}", RISK_COLOURS[grade.colour])],
            wrap=True,
        ),
        ft.Row(
            [
                named_menu(ui.t("risk_list.l"), str(line.likelihood), factors, f"l-{code}",
                           lambda v: _set(ui, line, likelihood=int(v))),
                named_menu(ui.t("risk_list.s"), str(line.severity), factors, f"s-{code}",
                           lambda v: _set(ui, line, severity=int(v))),
            ]
        ),
        named_menu(ui.t("risk.post"), line.post_id or NO_POST, places, f"post-{code}",
                   lambda v: _place(ui, line, None if v == NO_POST else v, posts)),
        responsible_menu(ui, line.responsible, f"responsible-{code}",
                         lambda v: _set(ui, line, responsible=v)),
    ]  # fmt: skip


def _set(ui: Ui, line: ProposedRisk, **changes: object) -> None:
    for name, value in changes.items():
        setattr(line, name, value)
    ui.refresh()


def _place(ui: Ui, line: ProposedRisk, post_id: str | None, posts: Sequence[PostCard]) -> None:
    """Moving a risk to another post moves its 责任人 along when it was the old post's."""
    if line.responsible == post_responsible(line.post_id, posts):
        line.responsible = post_responsible(post_id, posts) or line.responsible
    _set(ui, line, post_id=post_id)


def _keeper(ui: Ui, draft: RiskListDraft) -> Callable[[str | None], None]:
    def keep(user_id: str | None) -> None:
        # One pick for every line; each line's own menu then changes it where it differs.
        draft.responsible = user_id
        for line in draft.lines:
            line.responsible = user_id
        ui.refresh()

    return keep


def _save(ui: Ui, draft: RiskListDraft, posts: list[PostCard]) -> None:
    try:
        made = adopt_risk_list(ui.phone.record, ui.actor(), draft.lines, posts)
    except (InvalidInput, NotPermitted, ValueError):
        ui.toast(ui.t("risk_list.refused"))
        return
    ui.state.kept.pop(KEY, None)
    ui.toast(ui.t("risk_list.saved", count=len(made)))
    ui.go("/enterprise")
