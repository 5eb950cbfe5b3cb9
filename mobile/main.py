"""Builds the phone once through ``mobile.wiring`` and runs the Flet app on a phone or in a browser.

Web mode serves the prebuilt Flutter client offline (``no_cdn``) with the bundled CJK font; one
phone (store, sync loop) serves every browser tab of the process, as one phone would.
"""

from __future__ import annotations

import itertools
import logging
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import flet as ft
from flet.controls.id_counter import ControlId

from mobile.local_record import wall_clock_ms
from mobile.services.photo_capture import ThumbnailCache
from mobile.services.preferences import load_preferences
from mobile.ui.app import PhoneApp
from mobile.ui.photo_source import FletPhotoSource
from mobile.ui.status_hub import StatusHub
from mobile.ui.theme import FONT_FAMILY, FONT_FILE, app_theme
from mobile.wiring import Phone, build_phone, data_folder, server_url

__all__ = ["ASSETS", "Launch", "build", "run", "session"]

ASSETS = Path(__file__).resolve().parent.parent / "assets"
"""The bundled fonts and images (``assets/`` at the repository root, and in the built app)."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Launch:
    """How the app was started (``python -m mobile --help``)."""

    web: bool = False
    host: str = "127.0.0.1"
    port: int = 8550
    user: str = ""
    """Pre-filled on the sign-in screen: ``make run`` starts one phone per demo role."""


@dataclass
class Running:
    """The process-wide objects every page shares."""

    phone: Phone
    hub: StatusHub
    thumbs: ThumbnailCache


def build(argv: Sequence[str], environ: Mapping[str, str]) -> Running:
    """Open the phone's data and connect it to its server; start the sync loop."""
    hub = StatusHub(wall_clock_ms)
    phone = build_phone(
        data_folder(argv, environ),
        server_url(argv, environ),
        on_status=hub.on_status,
        progress=hub.on_progress,
    )
    saved = load_preferences(phone.store).server
    if saved:
        phone.http.base_url = saved  # the address chosen in settings wins over the default
    hub.attach(phone.store)
    phone.loop.start()
    return Running(phone, hub, ThumbnailCache(phone.photos, phone.engine.api, phone.session))


def session(running: Running, page: ft.Page, *, user: str = "") -> PhoneApp:
    """Set up one page (a browser tab, or the phone's window) and show its first screen.

    ``user`` is the name the sign-in screen starts with, when no one is signed in yet.
    """
    page.title = "双控巡检"
    page.fonts = {FONT_FAMILY: FONT_FILE}
    page.theme = app_theme()
    page.theme_mode = ft.ThemeMode.LIGHT
    picker = ft.FilePicker()  # a service: made inside the page's context, kept referenced
    app = PhoneApp(page, running.phone, photos=FletPhotoSource(picker), thumbs=running.thumbs)
    app.state.sync.status = running.hub.status  # a tab opened while offline starts offline
    if app.state.actor is None and user:
        app.state.username = user
    running.hub.add(app)
    page.on_disconnect = lambda: running.hub.remove(app)
    page.on_connect = lambda: _reconnected(running.hub, app)
    page.on_close = lambda: running.hub.remove(app)
    app.start(page.route)
    return app


def _reconnected(hub: StatusHub, app: PhoneApp) -> None:
    """A reloaded tab: Flet resumes the same session (``main`` does not run again).

    The app stopped listening when the tab went away, so it listens again and catches up
    with the status it missed meanwhile (the server may have gone down during the reload).
    """
    hub.add(app)
    app.on_sync_status(hub.status, None, None)


def run(launch: Launch, argv: Sequence[str], environ: Mapping[str, str]) -> None:
    """Run until the app (or the web server) stops; then stop syncing and close the files."""
    running = build(argv, environ)
    fresh_control_ids()

    def main(page: ft.Page) -> None:
        session(running, page, user=launch.user)

    try:
        ft.run(
            main,
            view=ft.AppView.WEB_BROWSER if launch.web else ft.AppView.FLET_APP,
            host=launch.host if launch.web else None,
            port=launch.port if launch.web else 0,
            assets_dir=str(ASSETS),
            no_cdn=True,
        )
    finally:
        running.phone.close()


CONTROL_IDS = range(1 << 20, 1 << 30)
"""Where a process's control ids start: far from Flet's 3 and, by chance, from the ids of the
process before (a day of heavy use takes about a million; the odds that the next start falls
among them are about one in a thousand), and below 2**31 for Dart on the web."""


def fresh_control_ids(first: int | None = None) -> None:
    """Number this process's controls from a random place in ``CONTROL_IDS``, not from 3.

    A browser tab outlives an app restart: its client reconnects to the new process with a
    session id the process does not know, gets a new session, and Flet numbers the new
    controls 3, 4, … again: the ids the tab's old controls had. The client then keeps the old
    FilePicker service under the new one's id, and the new picker's ``pick_files`` finds no
    listener (``Timeout waiting for invoke method listener``) until the tab is reloaded.
    """
    start = secrets.choice(CONTROL_IDS) if first is None else first
    ControlId._counter = itertools.count(start)
