"""人员管理: a safety manager's people — add a worker, disable or enable, reset a password, posts.

An admin opens the same screen for any enterprise (``/admin/<tenant>``): its posts then come
from the server's directory (an admin's phone holds no reference data), and an admin may also
add and manage the enterprise's safety managers.

Online only (accounts are the server's, not entries in the record): the list is read from the
server each time the screen is built, and without a connection the screen says so. Which
worker's password or posts are open for editing, and what was typed, are kept in the
session's ``UiState.kept`` so a refresh does not lose them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import flet as ft

from mobile.services.catalog import my_posts
from mobile.services.directory import enterprise_posts
from mobile.services.staff import (
    NewWorker,
    StaffRefused,
    add_worker,
    reset_password,
    set_active,
    set_posts,
    staff,
)
from mobile.ui.chrome import big_button, chip, choice_row, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.fields import max_length, password_eye
from mobile.ui.routes import Route
from mobile.ui.theme import BODY, SMALL, Palette
from shared.people import Person
from shared.roles import Role
from shared.text import PASSWORD_MAX, TextKind

__all__ = ["StaffState", "StaffView", "person_actions", "run_change", "staff_field"]

KEY = "staff"
"""The screen's state in ``UiState.kept`` (``staff:<tenant>`` for an enterprise an admin opened)."""
NAMES = "admin.names"
"""Enterprise id → name in ``UiState.kept``, as the admin's list showed it (for the title)."""
_KINDS = {
    "user_id": TextKind.ID,
    "phone": TextKind.SHORT,
    "badge_no": TextKind.SHORT,
    "authority_code": TextKind.SHORT,
    "authority": TextKind.LINE,
}
"""A field's kind of text, for its maximum (a name's by default): the server's limits."""
_ADDABLE = (Role.WORKER, Role.SAFETY_MANAGER)
"""The roles an admin adds to an enterprise; a manager adds workers only."""

_NEW_FIELDS = ("user_id", "display_name", "phone", "department", "password")


@dataclass
class StaffState:
    """What the screen keeps between builds.

    Attributes:
        open_for: The worker whose password and posts are open for editing, if any.
        typed: Field name → text typed (the add form's fields, and ``new_password``).
        posts: The posts ticked (for the new worker, or the one open).
        errors: Field name → the message key refusing it; ``""`` names the whole form.
    """

    open_for: str | None = None
    typed: dict[str, str] = field(default_factory=dict)
    posts: set[str] = field(default_factory=set)
    errors: dict[str, str] = field(default_factory=dict)
    role: Role = Role.WORKER  # the new account's, when an admin adds one


@dataclass(frozen=True)
class _Scope:
    """Whose people the screen shows: the manager's own (tenant None) or an admin's pick."""

    tenant: str | None
    posts: dict[str, str]  # post id → 车间 · 岗位
    by_admin: bool


def StaffView(ui: Ui, route: Route) -> ft.View:
    """The enterprise's people, each with what may be done, and the add-a-worker form."""
    key = f"{KEY}:{route.tenant}" if route.tenant else KEY
    state: StaffState = ui.state.kept.setdefault(key, StaffState())
    title = ui.t("staff.title")
    if route.tenant:
        name = ui.state.kept.get(NAMES, {}).get(route.tenant, route.tenant)
        title = ui.t("admin.staff_title", name=name)
    try:
        scope = _scope(ui, route.tenant)
        people = staff(ui.phone, route.tenant)
    except StaffRefused as refused:
        return screen(ui, route, title, [muted(ui.t(refused.key), size=BODY)])
    body: list[ft.Control] = [*_banner(ui, state)]
    body.extend(_person(ui, state, scope, person) for person in people)
    body += [section(ui.t("staff.add")), *_add_form(ui, state, scope)]
    return screen(ui, route, title, body)


def _scope(ui: Ui, tenant: str | None) -> _Scope:
    if tenant is not None:
        return _Scope(tenant, dict(enterprise_posts(ui.phone, tenant)), by_admin=True)
    posts = {str(p.post.id): p.place for p in my_posts(ui.phone.store, ui.actor())}
    return _Scope(None, posts, by_admin=False)


def _banner(ui: Ui, state: StaffState) -> list[ft.Control]:
    problem = state.errors.get("")
    if not problem:
        return []
    return [ft.Text(ui.t(problem), color=Palette.FAIL, key="staff-refusal")]


def _person(ui: Ui, state: StaffState, scope: _Scope, person: Person) -> ft.Control:
    posts = scope.posts
    held = "、".join(posts.get(post, post) for post in person.posts)
    about = " · ".join(x for x in (person.user_id, person.department, person.phone) if x)
    marks: list[ft.Control] = [chip(ui.t(f"staff.role.{person.role.value}"), ft.Colors.TEAL_700)]
    if not person.active:
        marks.append(chip(ui.t("staff.disabled"), Palette.FAIL))
    lines: list[ft.Control] = [
        ft.Row([ft.Text(person.name, size=BODY, weight=ft.FontWeight.W_600, expand=True), *marks]),
        muted(about, size=SMALL),
        muted(ui.t("staff.posts_held", posts=held or ui.t("staff.no_posts")), size=SMALL),
    ]
    if person.role in (_ADDABLE if scope.by_admin else (Role.WORKER,)):
        lines.append(person_actions(ui, state, person))
        if state.open_for == person.user_id:
            lines += _editing(ui, state, person, list(posts.items()))
    return ft.Card(
        ft.Container(ft.Column(lines, spacing=4), padding=12, key=f"staff-{person.user_id}")
    )


def person_actions(
    ui: Ui, state: StaffState, person: Person, edit_key: str = "staff.edit"
) -> ft.Control:
    """停用 or 启用 (asked first), and the button opening the person's editing below."""

    def toggle() -> None:
        run_change(
            ui, state, lambda: set_active(ui.phone, person.user_id, active=not person.active)
        )

    def ask_toggle() -> None:
        if person.active:
            text = ui.t("staff.disable_text", name=person.name)
            ui.confirm(ui.t("staff.disable"), text, ui.t("staff.disable"), toggle)
        else:
            toggle()

    def edit() -> None:
        state.open_for = None if state.open_for == person.user_id else person.user_id
        state.posts = set(person.posts)
        state.typed.pop("new_password", None)
        state.errors.clear()
        ui.refresh()

    return ft.Row(
        [
            ft.OutlinedButton(
                ui.t("staff.disable" if person.active else "staff.enable"),
                on_click=ask_toggle,
                height=48,
                key=f"staff-toggle-{person.user_id}",
            ),
            ft.OutlinedButton(
                ui.t(edit_key), on_click=edit, height=48, key=f"staff-edit-{person.user_id}"
            ),
        ],
        wrap=True,
    )


def _editing(
    ui: Ui, state: StaffState, person: Person, posts: list[tuple[str, str]]
) -> list[ft.Control]:
    def save_posts() -> None:
        run_change(ui, state, lambda: set_posts(ui.phone, person.user_id, sorted(state.posts)))

    def save_password() -> None:
        password = state.typed.get("new_password", "")
        run_change(ui, state, lambda: reset_password(ui.phone, person.user_id, password))

    return [
        section(ui.t("staff.posts")),
        *_post_boxes(state, posts, key=f"staff-post-{person.user_id}"),
        big_button(ui.t("staff.save_posts"), save_posts, key="staff-save-posts", filled=False),
        staff_field(ui, state, "new_password", ui.t("staff.new_password"), password=True),
        big_button(ui.t("staff.reset_password"), save_password, key="staff-reset", filled=False),
    ]


def _add_form(ui: Ui, state: StaffState, scope: _Scope) -> list[ft.Control]:
    posts = list(scope.posts.items())

    def add() -> None:
        typed = {name: state.typed.get(name, "") for name in _NEW_FIELDS}
        form = NewWorker(**typed, posts=sorted(state.posts), role=state.role)
        run_change(ui, state, lambda: add_worker(ui.phone, form, scope.tenant), clear=_NEW_FIELDS)

    def pick_role(role: Role) -> None:
        state.role = role
        ui.refresh()

    adding = state.open_for is None
    roles: list[ft.Control] = []
    if scope.by_admin:
        roles = [
            muted(ui.t("admin.add_role")),
            choice_row(
                ui,
                _ADDABLE,
                state.role,
                colour_of=lambda _: ft.Colors.TEAL_700,
                on_pick=pick_role,
                key="staff-role",
            ),
        ]
    return [
        *roles,
        staff_field(ui, state, "user_id", ui.t("staff.user_id")),
        staff_field(ui, state, "display_name", ui.t("staff.name")),
        staff_field(ui, state, "phone", ui.t("staff.phone"), keyboard=ft.KeyboardType.PHONE),
        staff_field(ui, state, "department", ui.t("staff.department")),
        staff_field(ui, state, "password", ui.t("staff.password"), password=True),
        *(_post_boxes(state, posts, key="staff-new-post") if adding else []),
        big_button(ui.t("staff.add_button"), add, icon=ft.Icons.PERSON_ADD, key="staff-add"),
    ]


def _post_boxes(state: StaffState, posts: list[tuple[str, str]], *, key: str) -> list[ft.Control]:
    def flip(post: str) -> Callable[[], None]:
        def flipped() -> None:  # Flet passes an event to a handler with a parameter
            state.posts ^= {post}

        return flipped

    return [
        ft.Checkbox(
            label=place,
            value=post_id in state.posts,
            on_change=flip(post_id),
            key=f"{key}-{post_id}",
        )
        for post_id, place in posts
    ]


def staff_field(
    ui: Ui,
    state: StaffState,
    name: str,
    label: str,
    *,
    password: bool = False,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
) -> ft.Control:
    """A field of a people form, as long as the server takes, keeping what is typed."""
    error = state.errors.get(name)
    box = ft.TextField(
        label=label,
        value=state.typed.get(name, ""),
        password=password,
        keyboard_type=keyboard,
        max_length=PASSWORD_MAX
        if password
        else max_length(_KINDS.get(name.rsplit(":", 1)[-1], TextKind.NAME)),
        error=ui.t(error) if error else None,
        key=f"staff-{name}",
    )

    def keep() -> None:
        state.typed[name] = box.value or ""

    box.on_change = keep
    if password:
        box.suffix_icon = password_eye(
            box, ui.t("sign_in.show_password"), ui.t("sign_in.hide_password")
        )
    return box


def run_change(
    ui: Ui, state: StaffState, change: Callable[[], object], clear: tuple[str, ...] = ()
) -> None:
    """Make one change: refused, say why and stay; done, say so and show the list again."""
    state.errors.clear()
    try:
        change()
    except StaffRefused as refused:
        state.errors[refused.field or ""] = refused.key
        ui.refresh()
        return
    for name in (*clear, "new_password"):
        state.typed.pop(name, None)
    state.open_for = None
    state.posts = set()
    ui.toast(ui.t("staff.done"))
    ui.refresh()
