"""The app on one page: builds the screen for the route, navigates, and follows the sync loop.

Screens are rebuilt from ``UiState`` and the phone's record on every navigation or action. A
sync status change from the background thread rebuilds only screens without a form (today,
hazards, sync); on a form it refreshes just the banner, so nothing the worker is typing is
replaced under their fingers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from enum import Enum

import flet as ft

from mobile.location import Locator, NoLocator
from mobile.messages import message_for
from mobile.services.account import signed_in_actor
from mobile.services.local_time import utc_now
from mobile.services.photo_capture import ThumbnailCache
from mobile.services.preferences import load_preferences, with_changes
from mobile.sync.loop import SyncStatus
from mobile.sync.progress import Progress
from mobile.ui.admin import ADMIN_VIEWS
from mobile.ui.check_card import CheckCardView
from mobile.ui.chrome import BANNER_KEY, BackTo, banner_content, banner_kind, small_button
from mobile.ui.context import Door, Ui
from mobile.ui.door import OnePhoneDoor
from mobile.ui.guard import guard_handlers
from mobile.ui.hazard_detail import HazardDetailView
from mobile.ui.hazard_report import HazardReportView
from mobile.ui.i18n import is_english, label, tr
from mobile.ui.inspector import INSPECTOR_VIEWS
from mobile.ui.manager import MANAGER_VIEWS
from mobile.ui.my_hazards import MyHazardsView
from mobile.ui.photo_source import PhotoSource
from mobile.ui.rectify import RectifyView
from mobile.ui.regulator import REGULATOR_VIEWS
from mobile.ui.rewards import MyMonthView, RewardsView
from mobile.ui.risk_proposals import ProposalNewView, ProposalsView, ProposalView
from mobile.ui.routes import (
    Route,
    Screen,
    home_of,
    is_tab_root,
    parent_of,
    parse_route,
    path_of,
    tabs_for,
)
from mobile.ui.scan import ScanView
from mobile.ui.settings import SettingsView
from mobile.ui.sign_in import SignInView
from mobile.ui.state import UiState
from mobile.ui.sync_status import SyncView
from mobile.ui.theme import TOUCH, WIDE_PX, locales
from mobile.ui.today import TodayView
from mobile.ui.tree import find
from mobile.wiring import Phone
from shared.roles import Actor

__all__ = ["TOAST_KEY", "TOAST_MARGIN", "VIEWS", "PhoneApp"]

TOAST_KEY = "toast"
TOAST_MARGIN = ft.Margin.only(left=16, right=16, bottom=TOUCH + 24)
"""A screen's main button (TOUCH high) sits at its foot: the snack bar floats clear above it.

Docked, "已保存到手机，待同步" covered 报告隐患 on 我的隐患 for three seconds (issue 19)."""

ViewFn = Callable[[Ui, Route], ft.View]

VIEWS: dict[Screen, ViewFn] = {
    Screen.SIGN_IN: SignInView,
    Screen.TODAY: TodayView,
    Screen.SCAN: ScanView,
    Screen.CHECK: CheckCardView,
    Screen.REPORT: HazardReportView,
    Screen.HAZARDS: MyHazardsView,
    Screen.HAZARD: HazardDetailView,
    Screen.RECTIFY: RectifyView,
    Screen.SYNC: SyncView,
    Screen.SETTINGS: SettingsView,
    Screen.MY_MONTH: MyMonthView,
    Screen.REWARDS: RewardsView,
    Screen.PROPOSALS: ProposalsView,
    Screen.PROPOSAL_NEW: ProposalNewView,
    Screen.PROPOSAL: ProposalView,
    **MANAGER_VIEWS,
    **INSPECTOR_VIEWS,
    **REGULATOR_VIEWS,
    **ADMIN_VIEWS,
}
"""The view function of each screen."""

PASSIVE = frozenset(
    {
        Screen.TODAY,
        Screen.HAZARDS,
        Screen.HAZARD,
        Screen.SYNC,
        Screen.INBOX,
        Screen.ENTERPRISE,
        Screen.DUE,
        Screen.PROFILE,
        Screen.NOTICE,
        Screen.PROPOSALS,
    }
)
"""Screens without input fields: rebuilt when a sync round brought or sent something."""
PROGRESS_EVERY_S = 0.25
"""The sync screen redraws its progress bar at most this often."""


class PhoneApp:
    """One session's app: the ``Ui`` its views use.

    Args:
        page: The Flet page (a small fake in view tests).
        phone: Everything built by ``mobile.wiring``.
        photos: The gallery and the camera.
        locator: The phone's position at scan time, when a scanned post has coordinates.
        thumbs: Thumbnails of photos, the phone's own and fetched ones.
        clock: The current moment, aware.

    Attributes:
        door: How people sign in and out (the one phone's unless a web host sets its own).
    """

    def __init__(
        self,
        page: ft.Page,
        phone: Phone,
        *,
        photos: PhotoSource,
        thumbs: ThumbnailCache,
        clock: Callable[[], datetime] = utc_now,
        locator: Locator | None = None,
    ) -> None:
        self.page = page
        self.phone = phone
        self.photos = photos
        self.locator: Locator = NoLocator() if locator is None else locator
        self.thumbs = thumbs
        self._clock = clock
        preferences = load_preferences(phone.store)
        self.state = UiState(language=preferences.language, actor=signed_in_actor(phone))
        self.state.sync.last_synced_ms = preferences.last_synced_ms
        self._lock = threading.RLock()  # UI handlers, the sync thread and thumbnails render
        self._after: list[Callable[[], Awaitable[None]]] = []
        self._progress_at = 0.0
        self._shown_wide = False
        self.door: Door = OnePhoneDoor(self)

    def rehome(self, phone: Phone, thumbs: ThumbnailCache, *, keep_state: bool = False) -> None:
        """Move this tab to another phone (multi-user web mode: sign-in, sign-out, reopening).

        Unless ``keep_state`` (the same person's phone opened again after it idled), the
        state starts afresh in the tab's language: no draft, answer or screen kept for one
        person is shown to the next.
        """
        with self._lock:
            self.phone, self.thumbs = phone, thumbs
            if not keep_state:
                self.state = UiState(language=self.state.language, actor=signed_in_actor(phone))
                self.state.sync.last_synced_ms = load_preferences(phone.store).last_synced_ms

    def start(self, path: str = "/") -> None:
        """Show the first screen: the route asked for, or today, or sign-in."""
        self.page.on_view_pop = self._popped
        self.page.on_resize = self._resized
        screen = parse_route(path).screen
        if self.state.actor is None:
            path = "/sign-in"
        elif screen is Screen.SIGN_IN or path in ("", "/"):
            path = path_of(home_of(self.state.actor.role))
        self.go(path)

    # --- the Ui protocol -----------------------------------------------------------------------

    def now(self) -> datetime:
        """The current moment, aware."""
        return self._clock()

    def t(self, key: str, **values: object) -> str:
        """A sentence in the current language."""
        return tr(self.state.language, key, **values)

    def label(self, value: Enum) -> str:
        """An enum member's name in the current language."""
        return label(self.state.language, value)

    def actor(self) -> Actor:
        """The signed-in user."""
        if self.state.actor is None:
            raise RuntimeError("no one is signed in")
        return self.state.actor

    def wide(self) -> bool:
        """The page is ``WIDE_PX`` or wider (a desk's browser); unknown means a phone."""
        width = getattr(self.page, "width", None)
        return isinstance(width, int | float) and width >= WIDE_PX

    def go(self, path: str) -> None:
        """Show the screen at ``path``; a refusal of the previous screen is forgotten."""
        with self._lock:
            if path != self.state.route:
                self.state.refusal = None
                self.state.camera_failed = False
            self.state.route = path
            self._render()

    def refresh(self) -> None:
        """Build the current screen again (from any thread)."""
        with self._lock:
            self._render()

    def patch(self) -> None:
        """Send changes made to controls on screen, without building it again."""
        with self._lock:
            self.page.update()

    def refill(self, key: str, content: ft.Control) -> None:
        """Put ``content`` into the container ``key`` on screen and send just that."""
        with self._lock:
            slot = find(self.page.views[-1], key) if self.page.views else None
            if isinstance(slot, ft.Container):
                guard_handlers(content, self._handler_failed)
                slot.content = content
                self.page.update()

    def toast(self, text: str) -> None:
        """A snack bar with ``text``, floating above the screen's main button, not over it."""
        self.page.show_dialog(
            ft.SnackBar(
                ft.Text(text),
                duration=3000,
                behavior=ft.SnackBarBehavior.FLOATING,
                margin=TOAST_MARGIN,
                key=TOAST_KEY,
            )
        )

    def confirm(self, title: str, text: str, ok: str, on_ok: Callable[[], None]) -> None:
        """A dialog with 取消 and ``ok``; ``on_ok`` runs once the dialog is gone.

        The buttons close this dialog, not the topmost one (a 已保存 snack bar may be above
        it), and the action waits for Flutter to report the dialog dismissed: a screen rebuilt
        while a dialog closes leaves the dialog on screen in Flet 1.0.5's web client.
        """
        agreed_to: list[bool] = []

        def shut() -> None:
            dialog.open = False
            try:
                dialog.update()  # a dialog sits outside the views: a page update misses it
            except RuntimeError:
                self.page.update()  # not on a page yet

        def agreed() -> None:
            agreed_to.append(True)
            shut()

        def gone() -> None:
            if agreed_to:
                agreed_to.clear()
                on_ok()

        dialog = ft.AlertDialog(
            modal=True,
            title=ft.Text(title),
            content=ft.Text(text, size=16),
            actions=[
                small_button(self.t("common.cancel"), shut, key="dialog-cancel"),
                small_button(ok, agreed, filled=True, key="dialog-ok"),
            ],
            on_dismiss=gone,
            key="confirm",
        )
        self.dialog(dialog)

    def dialog(self, dialog: ft.DialogControl) -> None:
        """Show a dialog (its handlers guarded like the screen's)."""
        guard_handlers(dialog, self._handler_failed)
        self.page.show_dialog(dialog)

    def close_dialog(self) -> None:
        """Close the dialog on top."""
        self.page.pop_dialog()

    def set_language(self, language: str) -> None:
        """Switch language, keep the choice, show the screen again."""
        self.state.language = with_changes(self.phone.store, language=language).language
        self.refresh()

    def after_render(self, task: Callable[[], Awaitable[None]]) -> None:
        """Run ``task`` once the screen being built is on the page."""
        self._after.append(task)

    # --- the sync loop -------------------------------------------------------------------------

    def on_sync_status(
        self, status: SyncStatus, error: Exception | None, synced_ms: int | None
    ) -> None:
        """The loop's status changed (called from the sync thread).

        Only the sync screen follows every step. Other screens are rebuilt only when a round
        brought or sent something (a list may have changed), and otherwise just get their
        banner patched: a screen rebuilt under the worker's finger loses the tap.
        """
        with self._lock:
            sync = self.state.sync
            banner_before = banner_kind(sync.status)
            sync.status, sync.error = status, None if error is None else str(error)
            if status is not SyncStatus.SYNCING:
                sync.progress = None
            if synced_ms is not None:
                sync.last_synced_ms = synced_ms
            screen = self._screen()
            if screen is Screen.SYNC or (
                synced_ms is not None and screen in PASSIVE and self._round_changed_things()
            ):
                self._render()
            elif banner_kind(status) != banner_before:
                self._refresh_banner()

    def on_sync_progress(self, progress: Progress) -> None:
        """A sync step advanced (called from the sync thread)."""
        with self._lock:
            self.state.sync.progress = progress
            if (
                self._screen() is Screen.SYNC
                and time.monotonic() - self._progress_at > PROGRESS_EVERY_S
            ):
                self._progress_at = time.monotonic()
                self._render()

    # --- rendering -----------------------------------------------------------------------------

    def _screen(self) -> Screen:
        return parse_route(self.state.route).screen

    def _render(self) -> None:
        route = parse_route(self.state.route)
        role = self.state.actor.role if self.state.actor else None
        if self.state.actor is None and route.screen is not Screen.SIGN_IN:
            route = Route(Screen.SIGN_IN)
        elif route.screen is Screen.TODAY and Screen.TODAY not in tabs_for(role):
            route = home_of(role)  # unknown paths parse as today, a worker's home
        self._after = []
        self._shown_wide = self.wide()
        view = VIEWS[route.screen](self, route)
        stack = [view]
        if not is_tab_root(route, role) and route.screen is not Screen.SIGN_IN:
            back = view.data.path if isinstance(view.data, BackTo) else None
            parent = back or path_of(parent_of(route, role))
            stack.insert(0, ft.View(route=parent))  # the system back pops to it
        guard_handlers(view, self._handler_failed)
        self.page.locale_configuration = locales(is_english(self.state.language))
        self.page.views.clear()
        self.page.views.extend(stack)
        self.page.update()
        for task in self._after:
            self.page.run_task(task)

    def _round_changed_things(self) -> bool:
        report = self.phone.loop.last_report
        return report is None or bool(
            report.pushed or report.pulled or report.reference_updated or report.photos_sent
        )

    def _handler_failed(self, _: BaseException) -> None:
        self.toast(message_for("ui.failed").text(self.state.language))

    def _refresh_banner(self) -> None:
        slot = find(self.page.views[-1], BANNER_KEY) if self.page.views else None
        if isinstance(slot, ft.Container):
            slot.content = banner_content(self)
            self.page.update()

    def _resized(self) -> None:
        """A phone turned or a browser window resized: rebuild only if the layout changes."""
        with self._lock:
            if self.wide() != self._shown_wide:
                self._render()

    def _popped(self) -> None:
        views = self.page.views
        if len(views) > 1 and views[0].route:  # the screen under this one: where back leads
            self.go(views[0].route)
            return
        role = self.state.actor.role if self.state.actor else None
        self.go(path_of(parent_of(parse_route(self.state.route), role)))
