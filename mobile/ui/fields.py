"""Text fields that hold what the server takes, and messages that leave once a field is fixed.

Every free-text payload field has a kind with one maximum (``shared.text.LIMITS``); a field on
the phone takes no more than its payload will, so nobody types 400 characters the server then
refuses. Error texts under a field are updated in place as the user types: a re-render would
take the keyboard focus away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import flet as ft

from shared.text import LIMITS, TextKind

__all__ = ["max_length", "named_menu", "password_eye", "update_in_place"]


def max_length(kind: TextKind) -> int:
    """The most characters a field of ``kind`` takes, the server's maximum for it."""
    return LIMITS[kind]


def update_in_place(*controls: ft.Control) -> None:
    """Send changed controls to the client now; a control not on a page yet is left to render."""
    for control in controls:
        try:
            control.update()
        except RuntimeError:  # not on a page (a test's fake, or not shown yet)
            continue


def named_menu(
    label: str,
    value: str,
    options: Sequence[tuple[str, str]],
    key: str,
    pick: Callable[[str], None],
) -> ft.Control:
    """A dropdown named by its label for screen readers (and browser tests).

    Without the name Flutter's web build announces an unnamed button once a value is chosen.
    """
    menu = ft.Dropdown(
        label=label,
        value=value,
        key=key,
        options=[ft.DropdownOption(key=k, text=t) for k, t in options],
        expand=True,
    )

    def picked() -> None:
        if menu.value is not None:
            pick(menu.value)

    menu.on_select = picked
    return ft.Semantics(label=label, content=menu, expand=True)


def password_eye(
    field: ft.TextField, show: str, hide: str, *, key: str | None = None
) -> ft.Control:
    """The eye that shows a password field's text, as a button named ``show`` (or ``hide``).

    Flutter's own eye (``can_reveal_password``) is unnamed; an ``IconButton``'s tooltip names
    a wrapper node around the button, not the button, so ``get_by_role("button",
    name="显示密码")`` found nothing (issue 19). Merged, the name and the role are one node.
    """
    eye = ft.IconButton(ft.Icons.VISIBILITY, tooltip=show, key=key or f"{field.key}-reveal")

    def toggle() -> None:
        field.password = not field.password
        eye.icon = ft.Icons.VISIBILITY if field.password else ft.Icons.VISIBILITY_OFF
        eye.tooltip = show if field.password else hide
        update_in_place(field, eye)

    eye.on_click = toggle
    return ft.MergeSemantics(content=eye)
