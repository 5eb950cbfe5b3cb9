"""人员管理: a safety manager's people — add a worker, disable or enable, reset a password, posts.

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
from mobile.services.staff import (
    NewWorker,
    StaffRefused,
    add_worker,
    reset_password,
    set_active,
    set_posts,
    staff,
)
from mobile.ui.chrome import big_button, chip, muted, screen, section
from mobile.ui.context import Ui
from mobile.ui.routes import Route
from mobile.ui.theme import BODY, SMALL, Palette
from shared.people import Person
from shared.roles import Role

__all__ = ["StaffView"]

KEY = "staff"
"""The screen's state in ``UiState.kept``."""

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


def StaffView(ui: Ui, route: Route) -> ft.View:
    """The enterprise's people, each with what may be done, and the add-a-worker form."""
    state: StaffState = ui.state.kept.setdefault(KEY, StaffState())
    title = ui.t("staff.title")
    try:
        people = staff(ui.phone)
    except StaffRefused as refused:
        return screen(ui, route, title, [muted(ui.t(refused.key), size=BODY)])
    body: list[ft.Control] = [*_banner(ui, state)]
    body.extend(_person(ui, state, person) for person in people)
    body += [section(ui.t("staff.add")), *_add_form(ui, state)]
    return screen(ui, route, title, body)


def _banner(ui: Ui, state: StaffState) -> list[ft.Control]:
    problem = state.errors.get("")
    if not problem:
        return []
    return [ft.Text(ui.t(problem), color=Palette.FAIL, key="staff-refusal")]


def _person(ui: Ui, state: StaffState, person: Person) -> ft.Control:
    posts = {p.post.id: p.place for p in my_posts(ui.phone.store, ui.actor())}
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
    if person.role is Role.WORKER:
        lines.append(_actions(ui, state, person))
        if state.open_for == person.user_id:
            lines += _editing(ui, state, person, list(posts.items()))
    return ft.Card(
        ft.Container(ft.Column(lines, spacing=4), padding=12, key=f"staff-{person.user_id}")
    )


def _actions(ui: Ui, state: StaffState, person: Person) -> ft.Control:
    def toggle() -> None:
        _run(ui, state, lambda: set_active(ui.phone, person.user_id, active=not person.active))

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
                ui.t("staff.edit"), on_click=edit, height=48, key=f"staff-edit-{person.user_id}"
            ),
        ],
        wrap=True,
    )


def _editing(
    ui: Ui, state: StaffState, person: Person, posts: list[tuple[str, str]]
) -> list[ft.Control]:
    def save_posts() -> None:
        _run(ui, state, lambda: set_posts(ui.phone, person.user_id, sorted(state.posts)))

    def save_password() -> None:
        password = state.typed.get("new_password", "")
        _run(ui, state, lambda: reset_password(ui.phone, person.user_id, password))

    return [
        section(ui.t("staff.posts")),
        *_post_boxes(state, posts, key=f"staff-post-{person.user_id}"),
        big_button(ui.t("staff.save_posts"), save_posts, key="staff-save-posts", filled=False),
        _field(ui, state, "new_password", ui.t("staff.new_password"), password=True),
        big_button(ui.t("staff.reset_password"), save_password, key="staff-reset", filled=False),
    ]


def _add_form(ui: Ui, state: StaffState) -> list[ft.Control]:
    posts: list[tuple[str, str]] = [
        (p.post.id, p.place) for p in my_posts(ui.phone.store, ui.actor())
    ]

    def add() -> None:
        typed = {name: state.typed.get(name, "") for name in _NEW_FIELDS}
        form = NewWorker(**typed, posts=sorted(state.posts))
        _run(ui, state, lambda: add_worker(ui.phone, form), clear=_NEW_FIELDS)

    adding = state.open_for is None
    return [
        _field(ui, state, "user_id", ui.t("staff.user_id")),
        _field(ui, state, "display_name", ui.t("staff.name")),
        _field(ui, state, "phone", ui.t("staff.phone"), keyboard=ft.KeyboardType.PHONE),
        _field(ui, state, "department", ui.t("staff.department")),
        _field(ui, state, "password", ui.t("staff.password"), password=True),
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


def _field(
    ui: Ui,
    state: StaffState,
    name: str,
    label: str,
    *,
    password: bool = False,
    keyboard: ft.KeyboardType = ft.KeyboardType.TEXT,
) -> ft.Control:
    error = state.errors.get(name)
    box = ft.TextField(
        label=label,
        value=state.typed.get(name, ""),
        password=password,
        can_reveal_password=password,
        keyboard_type=keyboard,
        error=ui.t(error) if error else None,
        key=f"staff-{name}",
    )

    def keep() -> None:
        state.typed[name] = box.value or ""

    box.on_change = keep
    return box


def _run(
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
