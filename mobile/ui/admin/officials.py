"""An admin's inspectors and regulators: scope, 执法证号 and authority; add, disable, reset.

An official's 执法证号, authority and its short name stand on every 整改通知书 they issue (the
short name numbers them: 海港应急责改〔2026〕第08号), so the admin edits them here. A new
official is placed in a grid unit found by search (an admin's phone holds no grid). Online
only, like 人员管理; what was typed and which official is open are kept in ``UiState.kept``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import flet as ft

from mobile.services.directory import (
    OFFICIAL_ROLES,
    PAGE,
    NewOfficial,
    Place,
    add_official,
    grid_units,
    officials,
    set_profile,
)
from mobile.services.staff import StaffRefused, reset_password
from mobile.ui.admin.enterprises import search_row
from mobile.ui.chrome import big_button, chip, choice_row, muted, screen, section, small_button
from mobile.ui.context import Ui
from mobile.ui.manager.staff import StaffState, person_actions, run_change, staff_field
from mobile.ui.routes import Route
from mobile.ui.theme import BODY, SMALL, Palette
from shared.people import Person, Profile
from shared.roles import Role

__all__ = ["OfficialsView"]

KEY = "admin.officials"
_NEW = ("user_id", "display_name", "phone", "badge_no", "authority", "authority_code", "password")
_BADGE = ("badge_no", "authority", "authority_code")


@dataclass
class OfficialsState(StaffState):
    """人员管理's state, plus the page, the grid search and the grid unit chosen."""

    page: int = 0
    grid_search: str = ""
    grid_unit: Place | None = None
    role: Role = Role.INSPECTOR
    units: list[Place] = field(default_factory=list)


def OfficialsView(ui: Ui, route: Route) -> ft.View:
    """One page of officials, each with what may be done, and the add-an-official form."""
    state: OfficialsState = ui.state.kept.setdefault(KEY, OfficialsState())
    title = ui.t("officials.title")
    try:
        found = officials(ui.phone, state.page)
    except StaffRefused as refused:
        return screen(ui, route, title, [muted(ui.t(refused.key), size=BODY)])
    body: list[ft.Control] = []
    if problem := state.errors.get(""):
        body.append(ft.Text(ui.t(problem), color=Palette.FAIL, key="staff-refusal"))
    body += [_official(ui, state, person) for person in found]
    body.append(_pages(ui, state, more=len(found) == PAGE))
    body += [section(ui.t("officials.add")), *_add_form(ui, state)]
    return screen(ui, route, title, body)


def _official(ui: Ui, state: OfficialsState, person: Person) -> ft.Control:
    marks: list[ft.Control] = [chip(ui.label(person.role), ft.Colors.INDIGO_700)]
    if not person.active:
        marks.append(chip(ui.t("staff.disabled"), Palette.FAIL))
    badge = ui.t("officials.badge", badge=person.badge_no or "—", authority=person.authority or "—")
    lines: list[ft.Control] = [
        ft.Row([ft.Text(person.name, size=BODY, weight=ft.FontWeight.W_600, expand=True), *marks]),
        muted(" · ".join(x for x in (person.user_id, person.grid_unit, person.phone) if x)),
        muted(badge, size=SMALL),
        person_actions(ui, state, person, edit_key="officials.edit"),
    ]
    if state.open_for == person.user_id:
        lines += _editing(ui, state, person)
    return ft.Card(
        ft.Container(ft.Column(lines, spacing=4), padding=12, key=f"staff-{person.user_id}")
    )


def _editing(ui: Ui, state: OfficialsState, person: Person) -> list[ft.Control]:
    for name in _BADGE:  # the fields open with what the account says
        state.typed.setdefault(f"{person.user_id}:{name}", getattr(person, name))

    def save_badge() -> None:
        typed = {name: state.typed.get(f"{person.user_id}:{name}", "").strip() for name in _BADGE}
        kept = person.model_dump(include=set(Profile.model_fields))
        run_change(ui, state, lambda: set_profile(ui.phone, person.user_id, _profile(kept, typed)))

    def save_password() -> None:
        password = state.typed.get("new_password", "")
        run_change(ui, state, lambda: reset_password(ui.phone, person.user_id, password))

    fields = [
        staff_field(ui, state, f"{person.user_id}:{name}", ui.t(f"officials.{name}"))
        for name in _BADGE
    ]
    return [
        *fields,
        big_button(ui.t("officials.save_profile"), save_badge, key="official-save", filled=False),
        staff_field(ui, state, "new_password", ui.t("staff.new_password"), password=True),
        big_button(ui.t("staff.reset_password"), save_password, key="staff-reset", filled=False),
    ]


def _profile(kept: dict[str, str], typed: dict[str, str]) -> Profile:
    try:
        return Profile(**{**kept, **typed})
    except ValueError as exc:
        raise StaffRefused("staff.bad_field") from exc


def _add_form(ui: Ui, state: OfficialsState) -> list[ft.Control]:
    def add() -> None:
        typed = {name: state.typed.get(name, "") for name in _NEW}
        unit = state.grid_unit.id if state.grid_unit else ""
        form = NewOfficial(**typed, role=state.role, grid_unit=unit)
        run_change(ui, state, lambda: add_official(ui.phone, form), clear=_NEW)

    def pick_role(role: Role) -> None:
        state.role = role
        ui.refresh()

    return [
        choice_row(
            ui,
            OFFICIAL_ROLES,
            state.role,
            colour_of=lambda _: ft.Colors.INDIGO_700,
            on_pick=pick_role,
            key="official-role",
        ),
        *_grid_picker(ui, state),
        staff_field(ui, state, "user_id", ui.t("staff.user_id")),
        staff_field(ui, state, "display_name", ui.t("staff.name")),
        staff_field(ui, state, "phone", ui.t("staff.phone"), keyboard=ft.KeyboardType.PHONE),
        staff_field(ui, state, "badge_no", ui.t("officials.badge_no")),
        staff_field(ui, state, "authority", ui.t("officials.authority")),
        staff_field(ui, state, "authority_code", ui.t("officials.authority_code")),
        staff_field(ui, state, "password", ui.t("staff.password"), password=True),
        big_button(ui.t("staff.add_button"), add, icon=ft.Icons.PERSON_ADD, key="staff-add"),
    ]


def _grid_picker(ui: Ui, state: OfficialsState) -> list[ft.Control]:
    def search(text: str) -> None:
        state.grid_search = text
        try:
            state.units = grid_units(ui.phone, text)
        except StaffRefused as refused:
            state.errors["grid_unit"] = refused.key
        ui.refresh()

    def choose(place: Place) -> Callable[[], None]:
        def chosen() -> None:
            state.grid_unit, state.units = place, []
            state.errors.pop("grid_unit", None)
            ui.refresh()

        return chosen

    shown = state.grid_unit.name if state.grid_unit else "—"
    error = state.errors.get("grid_unit")
    controls: list[ft.Control] = [
        muted(ui.t("officials.grid_chosen", unit=shown), size=BODY),
        search_row(ui, state.grid_search, search, key="grid-search"),
    ]
    if error:
        controls.append(ft.Text(ui.t(error), color=Palette.FAIL, key="grid-refusal"))
    controls += [
        small_button(f"{p.name} · {p.id}", choose(p), key=f"grid-{p.id}") for p in state.units
    ]
    return controls


def _pages(ui: Ui, state: OfficialsState, *, more: bool) -> ft.Control:
    def to(page: int) -> Callable[[], None]:
        def went() -> None:
            state.page = page
            ui.refresh()

        return went

    buttons: list[ft.Control] = []
    if state.page > 0:
        buttons.append(
            small_button(ui.t("admin.previous"), to(state.page - 1), key="officials-prev")
        )
    buttons.append(muted(ui.t("admin.page", page=state.page + 1)))
    if more:
        buttons.append(small_button(ui.t("admin.more"), to(state.page + 1), key="officials-more"))
    return ft.Row(buttons, alignment=ft.MainAxisAlignment.CENTER)
