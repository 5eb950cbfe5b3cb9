"""设置: language, the server address, and signing out (which keeps unsent work)."""

from __future__ import annotations

import flet as ft

from mobile.services.account import unsynced_count, use_server
from mobile.services.people import profile_of
from mobile.services.preferences import load_preferences, with_changes
from mobile.ui.chrome import big_button, muted, screen, section, send_as_typed
from mobile.ui.context import Ui
from mobile.ui.routes import Route
from mobile.ui.theme import TOUCH
from shared.roles import Role

__all__ = ["SettingsView"]

LANGUAGES = (("zh-CN", "中文"), ("en", "English"))


def SettingsView(ui: Ui, route: Route) -> ft.View:
    """Language buttons, the server address with 保存, the account and 退出登录."""
    server = ft.TextField(
        label=ui.t("settings.server"),
        value=str(ui.phone.http.base_url).rstrip("/"),
        key="server-address",
        keyboard_type=ft.KeyboardType.URL,
        expand=True,
    )

    server.on_change = send_as_typed

    def save_server() -> None:
        try:
            use_server(ui.phone, server.value or "")
        except ValueError:
            ui.toast(ui.t("settings.bad_server"))
            return
        ui.toast(ui.t("settings.server_saved"))

    body: list[ft.Control] = [section(ui.t("settings.language")), _languages(ui)]
    if not ui.door.shared:  # on a shared web host the operator chose the server
        body += [
            section(ui.t("settings.server")),
            ft.Row([server]),
            ft.OutlinedButton(
                ui.t("settings.save_server"), on_click=save_server, height=48, key="server-save"
            ),
        ]
    if ui.actor().role in (Role.REGULATOR, Role.INSPECTOR):
        body += _tiles(ui)
    body += [
        section(ui.t("settings.account", user=_account(ui))),
        muted(ui.t("settings.device", device=ui.phone.store.device().device_id)),
    ]
    out = big_button(
        ui.t("settings.sign_out"),
        lambda: _ask_sign_out(ui),
        icon=ft.Icons.LOGOUT,
        key="sign-out",
        filled=False,
    )
    return screen(ui, route, ui.t("settings.title"), body, footer=out)


def _tiles(ui: Ui) -> list[ft.Control]:
    """地图瓦片地址: kept on the phone; empty (the default) draws the grid map on a plain canvas."""
    field = ft.TextField(
        label=ui.t("settings.tiles"),
        value=load_preferences(ui.phone.store).map_tiles or "",
        hint_text="https://…/{z}/{x}/{y}.png",
        key="map-tiles",
        keyboard_type=ft.KeyboardType.URL,
        expand=True,
    )
    field.on_change = send_as_typed

    def save() -> None:
        typed = (field.value or "").strip()
        if typed and not typed.startswith(("https://", "http://")):
            ui.toast(ui.t("settings.bad_tiles"))
            return
        with_changes(ui.phone.store, map_tiles=typed or None)
        ui.toast(ui.t("settings.tiles_saved"))

    return [
        section(ui.t("settings.tiles")),
        ft.Row([field]),
        muted(ui.t("settings.tiles_note")),
        ft.OutlinedButton(
            ui.t("settings.save_tiles"), on_click=save, height=48, key="map-tiles-save"
        ),
    ]


def _languages(ui: Ui) -> ft.Control:
    buttons: list[ft.Control] = []
    for code, name in LANGUAGES:
        lit = ui.state.language == code
        style = ft.ButtonStyle(
            bgcolor=ft.Colors.TEAL_700 if lit else None, color=ft.Colors.WHITE if lit else None
        )
        buttons.append(
            ft.OutlinedButton(
                name,
                on_click=_switch(ui, code),
                expand=True,
                height=TOUCH - 8,
                style=style,
                key=f"language-{code}",
            )
        )
    return ft.Row(buttons, spacing=12)


def _switch(ui: Ui, code: str):  # type: ignore[no-untyped-def]
    return lambda: ui.set_language(code)


def _ask_sign_out(ui: Ui) -> None:
    count = unsynced_count(ui.phone.record, ui.actor())
    text = (
        ui.t("settings.sign_out_unsynced", count=count)
        if count
        else ui.t("settings.sign_out_clean")
    )

    def leave() -> None:
        ui.door.leave()
        ui.state.actor = None
        ui.go("/sign-in")

    ui.confirm(ui.t("settings.sign_out_title"), text, ui.t("settings.sign_out"), leave)


def _account(ui: Ui) -> str:
    """Name and username: ``王师傅（worker1）``, or the username alone before a sync."""
    actor = ui.actor()
    me = profile_of(ui.phone.store, actor)
    return f"{me.name}（{actor.user_id}）" if me is not None and me.display_name else actor.user_id
