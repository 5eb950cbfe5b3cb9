"""What a view may use: the state, the phone, the clock, words, navigation and photo input.

Views are functions ``(ui, route) -> ft.View``; ``PhoneApp`` implements this protocol, and view
tests drive the real ``PhoneApp`` on a small fake page.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import Enum
from typing import Protocol

import flet as ft

from mobile.location import Locator
from mobile.services.photo_capture import ThumbnailCache
from mobile.ui.photo_source import PhotoSource
from mobile.ui.state import UiState
from mobile.wiring import Phone
from shared.roles import Actor

__all__ = ["Door", "DoorShut", "Ui"]


class DoorShut(Exception):
    """The door refuses for now (a full web host); ``code`` names the sentence to show."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class Door(Protocol):
    """How a person gets onto the phone and off it: the one phone, or their own on a web host.

    The built app and single-phone web mode sign in on the one phone. In multi-user web mode
    (``mobile.multi_user``) signing in verifies the password first and only then hands the tab
    the person's own phone, and signing out takes it away again.
    """

    shared: bool
    """A web host many people use: its operator picks the sync server, and each person is
    reminded to sign out when done."""

    def enter(self, username: str, password: str) -> Actor:
        """Sign in; the tab's ``ui.phone`` is the person's phone afterwards.

        Raises:
            SignInRequired: Wrong name or password.
            Offline: The server cannot be reached.
            DoorShut: The host has no room for another person now.
        """
        ...

    def leave(self) -> None:
        """Sign out; what the person made and has not sent waits for their next sign-in."""
        ...


class Ui(Protocol):
    """The app as its views see it."""

    state: UiState
    phone: Phone
    thumbs: ThumbnailCache
    photos: PhotoSource
    locator: Locator
    door: Door

    def now(self) -> datetime:
        """The current moment, aware (injected in tests)."""
        ...

    def t(self, key: str, **values: object) -> str:
        """A sentence in the current language (``mobile.ui.i18n.tr``)."""
        ...

    def label(self, value: Enum) -> str:
        """An enum member's name in the current language."""
        ...

    def actor(self) -> Actor:
        """The signed-in user (views other than sign-in are only built for one)."""
        ...

    def go(self, path: str) -> None:
        """Show the screen at ``path``."""
        ...

    def wide(self) -> bool:
        """The window is a desk's screen (``WIDE_PX`` or wider): lists go beside their detail."""
        ...

    def refresh(self) -> None:
        """Build the current screen again from the state and the record."""
        ...

    def patch(self) -> None:
        """Send changes made to controls on screen, without building it again (keeps focus)."""
        ...

    def refill(self, key: str, content: ft.Control) -> None:
        """Put ``content`` into the container ``key`` on screen and send just that (any thread).

        For things that arrive while someone types (photos fetched for a form): building the
        whole screen again would replace the field under their fingers and lose the keystrokes
        not yet sent.
        """
        ...

    def toast(self, text: str) -> None:
        """A short message at the bottom of the screen."""
        ...

    def confirm(self, title: str, text: str, ok: str, on_ok: Callable[[], None]) -> None:
        """Ask before doing something; ``on_ok`` runs only if the user agrees."""
        ...

    def set_language(self, language: str) -> None:
        """Switch the language, remember it on the phone and show the screen again."""
        ...

    def after_render(self, task: Callable[[], Awaitable[None]]) -> None:
        """Run ``task`` once the screen being built is on the page (start a camera)."""
        ...

    def dialog(self, dialog: ft.DialogControl) -> None:
        """Show a dialog over the screen."""
        ...

    def close_dialog(self) -> None:
        """Close the dialog on top."""
        ...
