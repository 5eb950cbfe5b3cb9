"""指派整改: responsible person, deadline, measures and budget → ``hazard.assigned``.

The responsible person is picked from the people who may take it (``shared.people``: the
enterprise's active workers and managers), never typed; the deadline comes from a date picker
(or is typed). A phone whose server sends no people falls back to typing the username.

A 重大隐患 without its treatment plan cannot be assigned (the fold would refuse it): the screen
says so and leads to the major-hazard screen instead of showing the form.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import flet as ft

from mobile.services.local_time import local
from mobile.services.managing import Assignment, Refused, assign, why_not
from mobile.services.people import assignees_for, knows_people, name_of
from mobile.ui.chrome import big_button, muted, screen
from mobile.ui.context import Ui
from mobile.ui.manager.forms import (
    FormDraft,
    date_field,
    draft_for,
    refusal_banner,
    refusal_text,
    submit,
    text_field,
)
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, Palette
from shared.events import EventType
from shared.hazards import Hazard
from shared.people import Person

__all__ = ["AssignView"]

DEFAULT_DAYS = 3
"""The deadline the form proposes: three days, a 一般隐患's usual time to fix."""


def AssignView(ui: Ui, route: Route) -> ft.View:
    """The assignment form, or why this hazard cannot be assigned now."""
    hazard_id = route.hazard_id or ""
    hazard = ui.phone.record.projections.hazard(hazard_id)
    title = ui.t("assign.title")
    problem = why_not(hazard, ui.actor(), EventType.HAZARD_ASSIGNED)
    if hazard is None or problem is not None:
        return screen(ui, route, title, _cannot(ui, hazard, problem or "manage.unknown"))
    draft = draft_for(ui, "assign", hazard_id, lambda: _initial(ui, hazard))
    body: list[ft.Control] = [
        ft.Text(hazard.title, size=BODY + 2, weight=ft.FontWeight.W_600),
        *refusal_banner(draft),
    ]
    store = ui.phone.store
    if hazard.assignee:
        user = name_of(store, hazard.tenant, hazard.assignee)
        body.append(muted(ui.t("assign.reassign", user=user)))
    body += [
        _assignee_picker(ui, draft, hazard),
        date_field(ui, draft, "deadline", ui.t("assign.deadline"), key="assign-deadline"),
        text_field(
            ui,
            draft,
            "measures",
            ui.t("assign.measures"),
            key="assign-measures",
            multiline=True,
            min_lines=2,
            max_lines=5,
        ),
        text_field(
            ui,
            draft,
            "budget",
            ui.t("assign.budget"),
            key="assign-budget",
            keyboard_type=ft.KeyboardType.NUMBER,
        ),
    ]

    def save() -> None:
        form = Assignment(**{name: draft.read().get(name, "") for name in _FIELDS})
        step = partial(assign, ui.phone.record, ui.actor(), hazard_id, form, ui.now())
        submit(ui, draft, "assign", step, path_of(Route(Screen.HAZARD, hazard_id=hazard_id)))

    footer = big_button(
        ui.t("assign.submit"), save, icon=ft.Icons.ASSIGNMENT_IND, key="assign-save"
    )
    return screen(ui, route, title, body, footer=footer)


_FIELDS = ("assignee", "deadline", "measures", "budget")


def _initial(ui: Ui, hazard: Hazard) -> dict[str, str]:
    deadline = hazard.deadline or ui.now() + timedelta(days=DEFAULT_DAYS)
    return {
        "assignee": hazard.assignee or "",
        "deadline": f"{local(deadline):%Y-%m-%d}",
        "measures": hazard.measures,
        "budget": "" if hazard.budget_yuan is None else f"{hazard.budget_yuan}",
    }


def _assignee_picker(ui: Ui, draft: FormDraft, hazard: Hazard) -> ft.Control:
    """A menu of the people who may take the rectification; typing only without a list."""
    store = ui.phone.store
    if not knows_people(store, hazard.tenant):
        label = ui.t("assign.assignee_typed")
        return text_field(ui, draft, "assignee", label, key="assign-assignee")
    people = assignees_for(store, hazard.tenant)
    chosen = draft.fields.get("assignee", "")
    error = draft.errors.get("assignee")
    menu = ft.Dropdown(
        label=ui.t("assign.assignee"),
        value=chosen if any(p.user_id == chosen for p in people) else None,
        options=[ft.DropdownOption(key=p.user_id, text=_who(p)) for p in people],
        error_text=ui.t(error) if error else None,
        key="assign-assignee",
        expand=True,
    )

    def keep() -> None:
        draft.fields["assignee"] = menu.value or ""

    menu.on_select = keep
    draft.on_screen["assignee"] = lambda: menu.value or ""
    # The menu's label is drawn, not announced: a screen reader hears it from here.
    return ft.Row([ft.Semantics(content=menu, label=ui.t("assign.assignee"), expand=True)])


def _who(person: Person) -> str:
    """A picker line: the name, and the department that tells two 王师傅 apart."""
    return f"{person.name} · {person.department}" if person.department else person.name


def _cannot(ui: Ui, hazard: Hazard | None, problem: str) -> list[ft.Control]:
    status = ui.label(hazard.status) if hazard else ""
    text = refusal_text(ui, Refused(problem, status=status))
    body: list[ft.Control] = [ft.Text(text, size=BODY, color=Palette.FAIL, key="refusal")]
    if hazard is not None and problem == "assign.plan_first":
        target = path_of(Route(Screen.MAJOR, hazard_id=hazard.id))
        body.append(
            big_button(
                ui.t("assign.to_major"),
                lambda: ui.go(target),
                icon=ft.Icons.PRIORITY_HIGH,
                key="assign-to-major",
            )
        )
    return body
