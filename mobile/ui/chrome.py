"""The frame every screen shares: app bar, offline banner, scrolling body, navigation bar.

Also the small parts several screens use (chips, section titles, big buttons), so each view
module holds only what is particular to its screen.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

import flet as ft

from mobile.sync.loop import SyncStatus
from mobile.ui.badges import badge_text, tab_badges
from mobile.ui.context import Ui
from mobile.ui.routes import (
    Route,
    Screen,
    back_in,
    is_tab_root,
    parent_of,
    path_of,
    tab_of,
    tabs_for,
)
from mobile.ui.theme import BODY, SMALL, TITLE, TOUCH, Palette, text_style

__all__ = [
    "BANNER_KEY",
    "BackTo",
    "banner_content",
    "banner_kind",
    "big_button",
    "bring_into_view",
    "chip",
    "choice_row",
    "contents",
    "field_label",
    "figure_tile",
    "muted",
    "nav_bar",
    "primary_button",
    "screen",
    "scroll_key",
    "section",
    "send_as_typed",
    "small_button",
    "wide_screen",
]

BANNER_KEY = "banner"
"""The key of the banner's slot: the app refills it when the sync status changes."""

_TAB_ICONS: dict[Screen, tuple[ft.IconData, ft.IconData, str]] = {
    Screen.TODAY: (ft.Icons.TODAY_OUTLINED, ft.Icons.TODAY, "tab.today"),
    Screen.SCAN: (ft.Icons.QR_CODE_SCANNER_OUTLINED, ft.Icons.QR_CODE_SCANNER, "tab.scan"),
    Screen.HAZARDS: (ft.Icons.REPORT_PROBLEM_OUTLINED, ft.Icons.REPORT_PROBLEM, "tab.hazards"),
    Screen.SYNC: (ft.Icons.SYNC_OUTLINED, ft.Icons.SYNC, "tab.sync"),
    Screen.SETTINGS: (ft.Icons.SETTINGS_OUTLINED, ft.Icons.SETTINGS, "tab.settings"),
    Screen.INBOX: (ft.Icons.INBOX_OUTLINED, ft.Icons.INBOX, "tab.inbox"),
    Screen.ENTERPRISE: (ft.Icons.FACTORY_OUTLINED, ft.Icons.FACTORY, "tab.enterprise"),
    Screen.DUE: (ft.Icons.ASSIGNMENT_OUTLINED, ft.Icons.ASSIGNMENT, "tab.due"),
    Screen.CITY: (ft.Icons.LOCATION_CITY_OUTLINED, ft.Icons.LOCATION_CITY, "tab.city"),
    Screen.LIGHTS: (ft.Icons.TRAFFIC_OUTLINED, ft.Icons.TRAFFIC, "tab.lights"),
    Screen.ADMIN: (ft.Icons.BUSINESS_OUTLINED, ft.Icons.BUSINESS, "tab.admin"),
    Screen.OFFICIALS: (ft.Icons.BADGE_OUTLINED, ft.Icons.BADGE, "tab.officials"),
    Screen.PEOPLE_IMPORT: (ft.Icons.UPLOAD_FILE_OUTLINED, ft.Icons.UPLOAD_FILE, "tab.import"),
}


def screen(
    ui: Ui,
    route: Route,
    title: str,
    body: Sequence[ft.Control],
    *,
    footer: ft.Control | None = None,
    back: str | None = None,
) -> ft.View:
    """A full screen: app bar (with a back arrow off the tabs), banner, body, navigation.

    Args:
        ui: The app.
        route: The route shown (decides the back arrow and the lit tab).
        title: The app bar title.
        body: The screen's controls, in a scrolling column.
        footer: A control pinned under the body (a submit button), outside the scroll.
        back: Where back leads when the route alone cannot say (a grid unit's parent unit);
            the phone's own back button follows it too.
    """
    role = ui.state.actor.role if ui.state.actor else None
    is_tab = is_tab_root(route, role)
    leading = None
    if not is_tab and route.screen is not Screen.SIGN_IN:
        back = back or back_in(ui.state.route) or path_of(parent_of(route, role))
        leading = ft.IconButton(
            ft.Icons.ARROW_BACK, tooltip=ui.t("common.back"), on_click=lambda: ui.go(back)
        )
    column = ft.Column(
        [ft.Container(key=BANNER_KEY, content=banner_content(ui)), *body],
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        spacing=10,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
    tab = tab_of(route.screen, role) if is_tab else None  # sub-screens give room to their form
    return ft.View(
        route=path_of(route),
        appbar=ft.AppBar(
            title=ft.Text(title, size=TITLE, weight=ft.FontWeight.W_600),
            leading=leading,
            automatically_imply_leading=False,
        ),
        controls=[column, *([footer] if footer else [])],
        navigation_bar=nav_bar(ui, tab) if tab is not None else None,
        padding=ft.Padding.symmetric(horizontal=16, vertical=8),
        data=BackTo(back) if back else None,
    )


def scroll_key(value: str) -> ft.ScrollKey:
    """A key ``bring_into_view`` can scroll to (a plain string key cannot be scrolled to)."""
    return ft.ScrollKey(value)  # type: ignore[call-arg]  # a dataclass mypy cannot see


def figure_tile(label: str, value: str, key: str) -> ft.Control:
    """One big figure under its label, on a tile (a score, a count) that shares a row."""
    return ft.Container(
        content=ft.Column(
            [muted(label), ft.Text(value, size=TITLE + 8, weight=ft.FontWeight.BOLD, key=key)],
            spacing=0,
        ),
        padding=12,
        border_radius=12,
        bgcolor=ft.Colors.SURFACE_CONTAINER_LOW,
        expand=True,
    )


def bring_into_view(ui: Ui, view: ft.View, key: str) -> None:
    """Scroll ``view``'s body to the control keyed ``ft.ScrollKey(key)`` once it is on the page.

    For a screen rebuilt to say what is still needed (a refused submit): the part to fix may
    sit below the fold, under the footer, where a worker would not see it and a tap would land
    on the footer instead.
    """
    body = view.controls[0] if view.controls else None
    if not isinstance(body, ft.Column):
        return

    async def scroll() -> None:
        await body.scroll_to(scroll_key=scroll_key(key))

    ui.after_render(scroll)


def contents(view: ft.View) -> list[ft.Control]:
    """A screen without its frame (app bar, banner, tabs): to show it in a pane beside a list.

    Its title becomes a section title; its footer (a submit button) follows its body.
    """
    title = view.appbar.title if isinstance(view.appbar, ft.AppBar) else None
    head = [section(title.value)] if isinstance(title, ft.Text) and title.value else []
    column, *footer = view.controls
    body = column.controls[1:] if isinstance(column, ft.Column) else [column]
    return [*head, *body, *footer]


def wide_screen(
    ui: Ui,
    route: Route,
    title: str,
    panes: Sequence[Sequence[ft.Control]],
    *,
    back: str | None = None,
) -> ft.View:
    """A screen for a desk's browser: ``panes`` side by side, each scrolling on its own.

    Only for ``ui.wide()``: a phone keeps ``screen``'s one column. The first pane is usually
    the list, the next its detail (or a ranking beside the trends).
    """
    view = screen(ui, route, title, [_side_by_side(panes)], back=back)
    column = view.controls[0]
    if isinstance(column, ft.Column):
        column.scroll = None  # the panes scroll, each on its own
    return view


def _side_by_side(panes: Sequence[Sequence[ft.Control]]) -> ft.Control:
    return ft.Row(
        [
            ft.Column(
                list(pane),
                scroll=ft.ScrollMode.AUTO,
                expand=True,
                spacing=10,
                horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                key=f"pane-{index}",
            )
            for index, pane in enumerate(panes)
        ],
        expand=True,
        spacing=24,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


@dataclass(frozen=True)
class BackTo:
    """Where a screen's back leads: the app puts that screen under it for the system back."""

    path: str


def send_as_typed() -> None:
    """A change handler that does nothing: with one, the client sends each keystroke at once.

    Without a change handler Flet's client sends a field's value lazily, so a tap on a button
    right after typing could reach Python before the text does.
    """


def nav_bar(ui: Ui, selected: int) -> ft.NavigationBar:
    """The role's tabs: a worker's 今日, 扫码, 隐患, 同步, 设置; a manager's 待办, 本企业…."""
    tabs = tabs_for(ui.state.actor.role if ui.state.actor else None)

    def changed(event: ft.Event[ft.NavigationBar]) -> None:
        ui.go(path_of(Route(tabs[event.control.selected_index])))

    counts = tab_badges(ui)

    def destination(tab: Screen) -> ft.NavigationBarDestination:
        icon, lit, key = _TAB_ICONS[tab]
        badge = badge_text(counts.get(tab, 0))
        if badge is None:
            return ft.NavigationBarDestination(icon=icon, selected_icon=lit, label=ui.t(key))
        return ft.NavigationBarDestination(
            icon=ft.Icon(icon, badge=badge, key=f"badge-{tab.value}"),
            selected_icon=ft.Icon(lit, badge=badge),
            label=ui.t(key),
        )

    return ft.NavigationBar(
        selected_index=selected,
        destinations=[destination(tab) for tab in tabs],
        on_change=changed,
    )


def banner_kind(status: SyncStatus) -> SyncStatus | None:
    """The status a banner is shown for, or None: syncing and idle look the same."""
    shown = (SyncStatus.OFFLINE, SyncStatus.FAILED, SyncStatus.SIGN_IN_NEEDED)
    return status if status in shown else None


def banner_content(ui: Ui) -> ft.Control | None:
    """The offline, sign-in or error banner for the sync status, or None when all is well."""
    status = ui.state.sync.status
    if status is SyncStatus.OFFLINE:
        return _banner(ft.Icons.CLOUD_OFF, ui.t("banner.offline"), Palette.BANNER_OFFLINE)
    if status is SyncStatus.FAILED:
        return _banner(ft.Icons.ERROR_OUTLINE, ui.t("banner.failed"), Palette.BANNER_ERROR)
    if status is SyncStatus.SIGN_IN_NEEDED:
        again = ft.TextButton(ui.t("banner.sign_in"), on_click=lambda: ui.go("/sign-in"))
        return _banner(
            ft.Icons.LOCK_CLOCK, ui.t("banner.sign_in_needed"), Palette.BANNER_ERROR, again
        )
    return None


def _banner(
    icon: ft.IconData, text: str, colour: Any, action: ft.Control | None = None
) -> ft.Control:
    row: list[ft.Control] = [
        ft.Icon(icon, size=22),
        ft.Text(text, size=SMALL, expand=True),
    ]
    if action is not None:
        row.append(action)
    return ft.Container(
        content=ft.Row(row, spacing=8),
        bgcolor=colour,
        border_radius=8,
        padding=ft.Padding.symmetric(horizontal=12, vertical=10),
    )


def chip(text: str, colour: Any, *, key: str | None = None) -> ft.Control:
    """A small coloured label: a state, a grade, 待同步."""
    return ft.Container(
        key=key,
        content=ft.Text(text, size=SMALL - 1, color=ft.Colors.WHITE, weight=ft.FontWeight.W_600),
        bgcolor=colour,
        border_radius=12,
        padding=ft.Padding.symmetric(horizontal=8, vertical=2),
    )


def section(text: str) -> ft.Control:
    """A section title inside a screen."""
    return ft.Text(text, size=BODY + 1, weight=ft.FontWeight.W_600)


def field_label(text: str) -> ft.Control:
    """A label above a group of controls (photos, grade)."""
    return ft.Text(text, size=SMALL, color=Palette.MUTED)


def muted(text: str, *, size: int = SMALL) -> ft.Text:
    """Secondary text."""
    return ft.Text(text, size=size, color=Palette.MUTED)


def big_button(
    text: str,
    on_click: Callable[..., Any],
    *,
    icon: ft.IconData | None = None,
    key: str | None = None,
    disabled: bool = False,
    filled: bool = True,
) -> ft.Control:
    """A full-width primary (or outlined) button, TOUCH pixels high."""
    button = primary_button(text, on_click, icon=icon, key=key, disabled=disabled, filled=filled)
    return ft.Row([button])


def primary_button(
    text: str,
    on_click: Callable[..., Any],
    *,
    icon: ft.IconData | None = None,
    key: str | None = None,
    disabled: bool = False,
    filled: bool = True,
) -> ft.FilledButton | ft.OutlinedButton:
    """The button of ``big_button``, for a screen that enables it as fields are filled."""
    style = ft.ButtonStyle(
        shape=ft.RoundedRectangleBorder(radius=12),
        text_style=text_style(BODY + 1, ft.FontWeight.W_600),
    )
    kind = ft.FilledButton if filled else ft.OutlinedButton
    return kind(
        content=text,
        icon=icon,
        on_click=on_click,
        key=key,
        disabled=disabled,
        height=TOUCH,
        expand=True,
        style=style,
    )


TARGET = 48
"""Material's smallest touch target: a web client's desktop density draws buttons 32 px high."""


def small_button(
    text: str,
    on_click: Callable[..., Any],
    *,
    filled: bool = False,
    icon: ft.IconData | None = None,
    key: str | None = None,
) -> ft.TextButton | ft.FilledButton:
    """A dialog's or a secondary action's button (取消, 稍后再报), at least ``TARGET`` px high."""
    kind = ft.FilledButton if filled else ft.TextButton
    return kind(content=text, icon=icon, on_click=on_click, key=key, height=TARGET)


C = TypeVar("C", bound=Enum)


def choice_row(
    ui: Ui,
    options: Sequence[C],
    chosen: C | None,
    *,
    colour_of: Callable[[C], str],
    on_pick: Callable[[C], None],
    key: str,
) -> ft.Row:
    """One wide button per option (合格 / 不合格 / 不适用, 一般 / 重大), the chosen one filled.

    Each button is keyed ``<key>-<value>``; a tap calls ``on_pick`` with its option.
    """

    def picker(option: C) -> Callable[[], None]:
        return lambda: on_pick(option)

    buttons: list[ft.Control] = []
    for option in options:
        lit = option is chosen
        style = ft.ButtonStyle(
            shape=ft.RoundedRectangleBorder(radius=12),
            bgcolor=colour_of(option) if lit else None,
            color=ft.Colors.WHITE if lit else colour_of(option),
            text_style=text_style(BODY, ft.FontWeight.W_600),
            padding=ft.Padding.symmetric(horizontal=4),
        )
        buttons.append(
            ft.OutlinedButton(
                ui.label(option),
                on_click=picker(option),
                expand=True,
                height=TOUCH,
                style=style,
                key=f"{key}-{option.value}",
            )
        )
    return ft.Row(buttons, spacing=8)
