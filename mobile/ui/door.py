"""The one phone's door: signing in and out on the phone the app runs on.

The built app and single-phone web mode use it; multi-user web mode has its own
(``mobile.multi_user.WebDoor``).
"""

from __future__ import annotations

from mobile.services.account import sign_in, sign_out
from mobile.ui.context import Ui
from shared.roles import Actor

__all__ = ["OnePhoneDoor"]


class OnePhoneDoor:
    """Signs in and out on ``ui.phone``; the server may be changed on the phone."""

    shared = False

    def __init__(self, ui: Ui) -> None:
        self.ui = ui

    def enter(self, username: str, password: str) -> Actor:
        """Sign in on the phone (see ``mobile.services.account.sign_in``)."""
        return sign_in(self.ui.phone, username, password)

    def leave(self) -> None:
        """Forget the tokens; unsent events wait on the phone."""
        sign_out(self.ui.phone)
