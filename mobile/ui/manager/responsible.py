"""The 责任人 picker of the list editors: a person of the enterprise, or the post's title alone.

Issue 21: a list entry's 责任人 is a person (an account), not free text. The choices are whom
the server accepts (``shared.people``: active workers and managers of the enterprise), shown
by name; "none" keeps the post's job title as before.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from mobile.services.people import assignees_for
from mobile.ui.context import Ui

__all__ = ["NOBODY", "responsible_menu"]

NOBODY = "-"
"""The menu's choice for no person (a menu key cannot be empty)."""


def responsible_menu(
    ui: Ui,
    value: str | None,
    key: str,
    pick: Callable[[str | None], None],
    *,
    label: str | None = None,
) -> ft.Control:
    """A dropdown of the enterprise's people who may answer for an entry."""
    people = assignees_for(ui.phone.store, ui.actor().tenant or "")
    options = [ft.DropdownOption(key=NOBODY, text=ui.t("responsible.title_only"))]
    options += [ft.DropdownOption(key=p.user_id, text=p.name or p.user_id) for p in people]
    label = label or ui.t("responsible.label")
    menu = ft.Dropdown(label=label, value=value or NOBODY, key=key, options=options, expand=True)

    def picked() -> None:
        pick(None if menu.value in (None, NOBODY) else menu.value)

    menu.on_select = picked
    return ft.Semantics(label=label, content=menu, expand=True)
