"""冲突处理: a hard conflict's events (who, when, which device, what) and a reason to confirm it.

The fold has already decided (a rejection wins over an acceptance, a reopening over a closing);
the manager looks at both and records ``hazard.conflict_resolved`` with why, which clears the
flag on every phone and on the server.
"""

from __future__ import annotations

from functools import partial

import flet as ft

from mobile.services.local_time import local
from mobile.services.managing import ConflictSide, conflict_sides, resolve_conflict
from mobile.services.people import name_of
from mobile.ui.chrome import big_button, chip, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.manager.forms import draft_for, refusal_banner, submit, text_field
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, SMALL, Palette
from shared.hazards import Conflict, TimelineEntry

__all__ = ["ConflictView", "conflict_name"]

_KNOWN = ("accept_vs_reject", "close_vs_reopen", "void_vs_progress", "edit_same_field")


def conflict_name(ui: Ui, code: str) -> str:
    """A conflict code in words."""
    return ui.t(f"conflict.kind.{code if code in _KNOWN else 'other'}")


def ConflictView(ui: Ui, route: Route) -> ft.View:
    """The first open conflict of the hazard, its events, and the resolve form."""
    hazard_id = route.hazard_id or ""
    hazard = ui.phone.record.projections.hazard(hazard_id)
    title = ui.t("conflict.title")
    conflicts = hazard.open_conflicts() if hazard else ()
    if hazard is None or not conflicts:
        key = "manage.unknown" if hazard is None else "conflict.none"
        return screen(ui, route, title, [ft.Text(ui.t(key), size=BODY, key="conflict-none")])
    conflict = _gravest(conflicts)
    draft = draft_for(ui, "conflict", hazard_id)
    body: list[ft.Control] = [
        ft.Text(hazard.title, size=BODY + 2, weight=ft.FontWeight.W_600),
        ft.Row(
            [
                chip(conflict_name(ui, conflict.code), Palette.FAIL),
                chip(ui.label(hazard.status), ft.Colors.TEAL_700),
            ],
            spacing=6,
            wrap=True,
        ),
        muted(ui.t("conflict.explain")),
        *refusal_banner(draft),
        section(ui.t("conflict.events")),
        *(_side(ui, side) for side in conflict_sides(ui.phone.record, hazard, conflict)),
        text_field(
            ui,
            draft,
            "reason",
            ui.t("conflict.reason"),
            key="conflict-reason",
            multiline=True,
            min_lines=2,
            max_lines=5,
        ),
    ]

    def resolve() -> None:
        reason = draft.read().get("reason", "")
        submit(
            ui,
            draft,
            "conflict",
            partial(resolve_conflict, ui.phone.record, ui.actor(), hazard_id, conflict.id, reason),
            path_of(Route(Screen.HAZARD, hazard_id=hazard_id)),
        )

    footer = big_button(
        ui.t("conflict.resolve"), resolve, icon=ft.Icons.RULE, key="conflict-resolve"
    )
    return screen(ui, route, title, body, footer=footer)


def _gravest(conflicts: tuple[Conflict, ...]) -> Conflict:
    hard = [c for c in conflicts if c.severity.value == "hard"]
    return (hard or list(conflicts))[0]


def _side(ui: Ui, side: ConflictSide) -> ft.Control:
    entry = side.entry
    verdict = ui.t("conflict.won") if side.stands else ui.t("conflict.lost")
    colour = Palette.PASS if side.stands else Palette.MUTED
    lines: list[ft.Control] = [
        ft.Row(
            [
                ft.Text(
                    ui.t("conflict.event", what=ui.label(entry.type), user=_who(ui, entry)),
                    size=BODY,
                    weight=ft.FontWeight.W_600,
                    expand=True,
                ),
                chip(verdict, colour),
            ]
        ),
        muted(
            ui.t(
                "conflict.when",
                time=f"{local(entry.at):%Y-%m-%d %H:%M}",
                device=entry.device_id,
            ),
            size=SMALL,
        ),
    ]
    if side.said:
        lines.append(ft.Text(side.said, size=SMALL))
    return ft.Container(
        ft.Column(lines, spacing=2),
        key=f"side-{entry.event_id}",
        padding=10,
        border=ft.Border.all(1, Palette.PASS if side.stands else ft.Colors.GREY_400),
        border_radius=10,
    )


def _who(ui: Ui, entry: TimelineEntry) -> str:
    return name_of(ui.phone.store, entry.actor.tenant, entry.actor.user_id)
