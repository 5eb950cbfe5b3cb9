"""Text fields that hold what the server takes, and messages that leave once a field is fixed.

Every free-text payload field has a kind with one maximum (``shared.text.LIMITS``); a field on
the phone takes no more than its payload will, so nobody types 400 characters the server then
refuses. Error texts under a field are updated in place as the user types: a re-render would
take the keyboard focus away.
"""

from __future__ import annotations

import flet as ft

from shared.text import LIMITS, TextKind

__all__ = ["max_length", "update_in_place"]


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
