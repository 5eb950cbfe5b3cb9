"""Builds the phone once through ``mobile.wiring`` and runs the Flet app on a phone or in a browser.

Web mode serves the prebuilt Flutter client offline (``no_cdn``) with the bundled CJK font. In
single-phone mode (development, the built app) one phone (store, sync loop) serves every
browser tab of the process, as one phone would; ``--multi-user`` gives each person who signs in
a phone of their own (``mobile.multi_user``).
"""

from __future__ import annotations

import itertools
import logging
import secrets
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import flet as ft
from flet.controls.id_counter import ControlId

from mobile.late_answers import tolerate_late_answers
from mobile.local_record import wall_clock_ms
from mobile.multi_user import IDLE_S, MOST_PEOPLE, PhonePool, WebDoor
from mobile.services.photo_capture import ThumbnailCache
from mobile.services.preferences import load_preferences
from mobile.ui.app import PhoneApp
from mobile.ui.location_source import locator
from mobile.ui.photo_source import FletPhotoSource
from mobile.ui.status_hub import StatusHub
from mobile.ui.theme import FONT_FAMILY, FONT_FILE, app_theme
from mobile.wiring import Phone, build_phone, data_folder, server_url

__all__ = ["ASSETS", "Launch", "build", "open_running", "run", "session", "web_tab"]

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
    multi_user: bool = False
    """Web mode for many people: each one signed in gets their own phone (``mobile.multi_user``)."""
    idle_s: float = IDLE_S
    """Multi-user mode: close a person's phone this long after their last tab went away."""
    most_people: int = MOST_PEOPLE
    """Multi-user mode: phones open at most (a bound on the process's memory)."""


@dataclass
class Running:
    """The process-wide objects every page shares."""

    phone: Phone
    hub: StatusHub
    thumbs: ThumbnailCache


def build(argv: Sequence[str], environ: Mapping[str, str]) -> Running:
    """Open the phone's data and connect it to its server; start the sync loop."""
    running = open_running(data_folder(argv, environ), server_url(argv, environ))
    saved = load_preferences(running.phone.store).server
    if saved:
        running.phone.http.base_url = saved  # the address chosen in settings wins
    running.phone.loop.start()
    return running


def open_running(data: Path, server: str) -> Running:
    """One phone with its status hub and thumbnails; its sync loop not started yet."""
    hub = StatusHub(wall_clock_ms)
    phone = build_phone(data, server, on_status=hub.on_status, progress=hub.on_progress)
    hub.attach(phone.store)
    return Running(phone, hub, ThumbnailCache(phone.photos, phone.engine.api, phone.session))


def session(running: Running, page: ft.Page, *, user: str = "") -> PhoneApp:
    """Set up one page (a browser tab, or the phone's window) and show its first screen.

    ``user`` is the name the sign-in screen starts with, when no one is signed in yet.
    """
    app = _dressed(page, running)
    if app.state.actor is None and user:
        app.state.username = user
    running.hub.add(app)
    page.on_disconnect = lambda: running.hub.remove(app)
    page.on_connect = lambda: _reconnected(running.hub, app)
    page.on_close = lambda: running.hub.remove(app)
    app.start(page.route)
    return app


def web_tab(pool: PhonePool, page: ft.Page, *, user: str = "") -> PhoneApp:
    """Set up one browser tab of a multi-user web host: its lobby first, then its person's phone."""
    lobby = pool.lobby()
    browser = getattr(page, "client_ip", None)
    if isinstance(browser, str) and browser:
        # The sign-in goes from the host: the server's sign-in limits count each browser,
        # not one budget for every person of the host (it trusts the header from loopback
        # or its --forwarded-allow-ips).
        lobby.phone.http.headers["X-Forwarded-For"] = browser
    app = _dressed(page, lobby)
    door = WebDoor(pool, app, lobby)
    app.door = door
    app.state.username = user
    lobby.hub.add(app)
    page.on_disconnect = door.disconnected
    page.on_connect = door.reconnected
    page.on_close = door.closed
    app.start(page.route)
    return app


def _dressed(page: ft.Page, running: Running) -> PhoneApp:
    """The page's title, font and theme, and the app on it."""
    page.title = "双控巡检"
    page.fonts = {FONT_FAMILY: FONT_FILE}
    page.theme = app_theme()
    page.theme_mode = ft.ThemeMode.LIGHT
    picker = ft.FilePicker()  # a service: made inside the page's context, kept referenced
    app = PhoneApp(
        page,
        running.phone,
        photos=FletPhotoSource(picker),
        thumbs=running.thumbs,
        locator=locator(),  # a service too: made here, inside the page's context
    )
    app.state.sync.status = running.hub.status  # a tab opened while offline starts offline
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
    if launch.multi_user:
        run_multi_user(launch, argv, environ)
        return
    running = build(argv, environ)
    fresh_control_ids()
    _say(
        f"single-phone mode: one phone ({running.phone.store.root}) serves every "
        + ("browser tab; --multi-user gives each person their own" if launch.web else "window")
    )

    def main(page: ft.Page) -> None:
        session(running, page, user=launch.user)

    try:
        _serve(launch, main)
    finally:
        running.phone.close()


def run_multi_user(launch: Launch, argv: Sequence[str], environ: Mapping[str, str]) -> None:
    """Serve every person who signs in their own phone under ``<data>/users/``."""
    root, server = data_folder(argv, environ), server_url(argv, environ)
    pool = PhonePool(
        root,
        lambda folder: open_running(folder, server),
        idle_s=launch.idle_s,
        most=launch.most_people,
    )
    pool.start_reaping()
    fresh_control_ids()
    _say(
        f"multi-user mode: each person who signs in gets their own phone in {root / 'users'}"
        f" (closed after {launch.idle_s / 60:g} min without a tab, at most"
        f" {launch.most_people} open), syncing with {server}"
    )

    def main(page: ft.Page) -> None:
        web_tab(pool, page, user=launch.user)

    try:
        _serve(launch, main)
    finally:
        pool.close()


def _say(line: str) -> None:
    """One line on stdout: which mode this process is in, for whoever started it."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _serve(launch: Launch, main: Callable[[ft.Page], None]) -> None:
    tolerate_late_answers()
    ft.run(
        main,
        view=ft.AppView.WEB_BROWSER if launch.web else ft.AppView.FLET_APP,
        host=launch.host if launch.web else None,
        port=launch.port if launch.web else 0,
        assets_dir=str(ASSETS),
        no_cdn=True,
    )


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
