"""An admin's enterprises: search by name or id, a page at a time; tap one for its people.

The list is read from the server's directory each time the screen is built (an admin's phone
holds no reference data); the search text and the page are kept in ``UiState.kept`` so a
refresh or the way back from an enterprise finds the same list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import flet as ft

from mobile.services.directory import PAGE, Place, enterprises
from mobile.services.staff import StaffRefused
from mobile.ui.chrome import muted, screen, small_button
from mobile.ui.context import Ui
from mobile.ui.fields import max_length
from mobile.ui.manager.staff import NAMES
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.theme import BODY, SMALL
from shared.text import TextKind

__all__ = ["EnterprisesView", "search_row"]

KEY = "admin.enterprises"


@dataclass
class Browsing:
    """The search typed and the page shown."""

    search: str = ""
    page: int = 0


def EnterprisesView(ui: Ui, route: Route) -> ft.View:
    """A search field, one page of enterprises, and the buttons to page."""
    state: Browsing = ui.state.kept.setdefault(KEY, Browsing())
    title = ui.t("admin.title")

    def search(text: str) -> None:
        state.search, state.page = text, 0
        ui.refresh()

    body: list[ft.Control] = [search_row(ui, state.search, search, key="admin-search")]
    try:
        found = enterprises(ui.phone, state.search, state.page)
    except StaffRefused as refused:
        return screen(ui, route, title, [*body, muted(ui.t(refused.key), size=BODY)])
    if not found:
        body.append(muted(ui.t("admin.none"), size=BODY))
    body += [_enterprise(ui, place) for place in found]
    body.append(_pages(ui, state, more=len(found) == PAGE))
    return screen(ui, route, title, body)


def search_row(ui: Ui, text: str, search: Callable[[str], None], *, key: str) -> ft.Control:
    """A search field and its 搜索 button (also sent by the keyboard's enter)."""
    box = ft.TextField(
        label=ui.t("admin.search" if key == "admin-search" else "officials.grid_search"),
        value=text,
        key=key,
        max_length=max_length(TextKind.ID),
        expand=True,
    )

    def go() -> None:
        search((box.value or "").strip())

    box.on_submit = go
    button = small_button(ui.t("admin.search_button"), go, filled=True, key=f"{key}-go")
    return ft.Row([box, button], vertical_alignment=ft.CrossAxisAlignment.START)


def _enterprise(ui: Ui, place: Place) -> ft.Control:
    def open_it() -> None:
        ui.state.kept.setdefault(NAMES, {})[place.id] = place.name
        ui.go(path_of(Route(Screen.ADMIN_STAFF, tenant=place.id)))

    return ft.Card(
        ft.ListTile(
            title=ft.Text(place.name, size=BODY, weight=ft.FontWeight.W_600),
            subtitle=ft.Text(f"{place.id} · {place.within}", size=SMALL),
            trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
            on_click=open_it,
            key=f"admin-enterprise-{place.id}",
        )
    )


def _pages(ui: Ui, state: Browsing, *, more: bool) -> ft.Control:
    def to(page: int) -> Callable[[], None]:
        def went() -> None:
            state.page = page
            ui.refresh()

        return went

    buttons: list[ft.Control] = []
    if state.page > 0:
        buttons.append(small_button(ui.t("admin.previous"), to(state.page - 1), key="admin-prev"))
    buttons.append(muted(ui.t("admin.page", page=state.page + 1)))
    if more:
        buttons.append(small_button(ui.t("admin.more"), to(state.page + 1), key="admin-more"))
    return ft.Row(buttons, alignment=ft.MainAxisAlignment.CENTER)
