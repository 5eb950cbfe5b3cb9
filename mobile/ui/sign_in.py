"""The sign-in screen: user name and password, once; the phone stays signed in afterwards."""

from __future__ import annotations

import flet as ft

from mobile.messages import message_for
from mobile.services.account import use_server
from mobile.sync.errors import Offline, SignInRequired
from mobile.ui.chrome import primary_button, send_as_typed, small_button
from mobile.ui.context import DoorShut, Ui
from mobile.ui.fields import max_length, password_eye
from mobile.ui.i18n import is_english
from mobile.ui.routes import Route, home_of, path_of
from mobile.ui.theme import BODY, SMALL, Palette
from shared.roles import Actor
from shared.text import PASSWORD_MAX, TextKind

__all__ = ["SignInView"]

CENTRE = ft.TextAlign.CENTER


def SignInView(ui: Ui, route: Route) -> ft.View:
    """User name, password, the 登录 button and a language switch."""
    state = ui.state
    username = ft.TextField(
        label=ui.t("sign_in.username"),
        value=state.username,
        key="username",
        max_length=max_length(TextKind.ID),
        autofocus=not state.username,
        text_size=BODY + 2,
    )
    password = ft.TextField(
        label=ui.t("sign_in.password"),
        password=True,
        max_length=PASSWORD_MAX,
        key="password",
        autofocus=bool(state.username),
        text_size=BODY + 2,
    )
    password.suffix_icon = password_eye(
        password, ui.t("sign_in.show_password"), ui.t("sign_in.hide_password"), key="reveal"
    )

    def submit() -> None:
        state.username = (username.value or "").strip()
        if not state.username or not password.value:
            state.refusal = "sign_in.empty"
            ui.refresh()
            return
        entered = _enter(ui, state.username, password.value)
        if isinstance(entered, str):
            state.refusal = entered
            ui.refresh()
            return
        ui.state.actor, ui.state.refusal = entered, None  # a web host may give a new state
        ui.go(path_of(home_of(entered.role)))

    button = primary_button(ui.t("sign_in.submit"), submit, icon=ft.Icons.LOGIN, key="sign-in")

    def typed() -> None:
        # Enabled once both are filled: also how a test knows the app has the typed text.
        state.username = username.value or ""
        ready = bool(state.username.strip() and password.value)
        if button.disabled == ready:
            button.disabled = not ready
            ui.patch()

    password.on_submit = submit
    username.on_change = typed
    password.on_change = typed
    button.disabled = True
    body: list[ft.Control] = [
        ft.Container(height=24),
        ft.Icon(ft.Icons.HEALTH_AND_SAFETY, size=64, color=Palette.PASS),
        ft.Text(ui.t("app.name"), size=28, weight=ft.FontWeight.BOLD, text_align=CENTRE),
        ft.Text(ui.t("sign_in.intro"), size=BODY, color=Palette.MUTED, text_align=CENTRE),
        ft.Container(height=12),
        username,
        password,
    ]
    if state.refusal:
        body.append(_refusal(ui, state.refusal))
    body += [
        ft.Row([button]),
        ft.Text(
            ui.t("sign_in.shared" if ui.door.shared else "sign_in.stays"),
            size=SMALL,
            color=Palette.MUTED,
            text_align=CENTRE,
        ),
    ]
    if not ui.door.shared:
        body.append(
            ft.TextButton(
                ui.t("sign_in.server", server=str(ui.phone.http.base_url).rstrip("/")),
                icon=ft.Icons.DNS,
                on_click=lambda: _ask_server(ui),
                key="server",
            )
        )
    body.append(_language_switch(ui))
    return ft.View(
        route=path_of(route),
        controls=[
            ft.Column(
                body,
                spacing=14,
                scroll=ft.ScrollMode.AUTO,
                expand=True,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            )
        ],
        padding=ft.Padding.symmetric(horizontal=24, vertical=16),
    )


def _enter(ui: Ui, username: str, password: str) -> Actor | str:
    """Sign in through the door: the actor, or the code of the sentence saying why not."""
    try:
        return ui.door.enter(username, password)
    except SignInRequired:
        return "auth.unauthenticated"
    except Offline:
        return "sync.offline"
    except DoorShut as shut:
        return shut.code


def _ask_server(ui: Ui) -> None:
    """A dialog to point the phone at its enterprise's sync server before the first sign-in."""
    field = ft.TextField(
        label=ui.t("settings.server"),
        value=str(ui.phone.http.base_url).rstrip("/"),
        keyboard_type=ft.KeyboardType.URL,
        key="server-address",
        on_change=send_as_typed,
    )

    def save() -> None:
        try:
            use_server(ui.phone, field.value or "")
        except ValueError:
            field.error = ui.t("settings.bad_server")
            ui.patch()
            return
        ui.close_dialog()
        ui.refresh()

    ui.dialog(
        ft.AlertDialog(
            title=ft.Text(ui.t("settings.server")),
            content=field,
            actions=[
                small_button(ui.t("common.cancel"), ui.close_dialog),
                small_button(ui.t("settings.save_server"), save, filled=True, key="server-save"),
            ],
            key="server-dialog",
        )
    )


def _refusal(ui: Ui, code: str) -> ft.Control:
    own = code.startswith("sign_in.")  # the screen's own sentences, not the error catalog's
    text = ui.t(code) if own else message_for(code).text(ui.state.language)
    return ft.Container(
        content=ft.Text(text, color=Palette.FAIL, size=SMALL + 1),
        bgcolor=Palette.REFUSAL,
        border_radius=8,
        padding=12,
        key="refusal",
    )


def _language_switch(ui: Ui) -> ft.Control:
    other = "zh-CN" if is_english(ui.state.language) else "en"

    def switch() -> None:
        ui.set_language(other)

    return ft.TextButton(
        "中文" if other == "zh-CN" else "English",
        icon=ft.Icons.TRANSLATE,
        on_click=switch,
        key="language",
    )
