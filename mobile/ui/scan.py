"""扫码: open a post's card from the live camera, a capture, a picked photo or the typed code.

A code that opens nothing is explained in words a worker can act on (``mobile.messages``):
another enterprise's card, a forged one, not one of their posts, or nothing readable (closer,
more light), with the other two ways to open the card right there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import flet as ft

from mobile.live_scan import FrameStream, scan_frames
from mobile.messages import message_for
from mobile.scan import ScanRefused
from mobile.services.catalog import PostCard
from mobile.services.checking import NothingToCheck, open_sheet
from mobile.services.scanning import (
    open_enterprise_scanned,
    open_enterprise_typed,
    open_scanned,
    open_typed,
)
from mobile.ui.chrome import big_button, muted, primary_button, screen, send_as_typed
from mobile.ui.context import Ui
from mobile.ui.fields import max_length
from mobile.ui.routes import Route, Screen, path_of
from mobile.ui.state import CardDraft
from mobile.ui.theme import BODY, SMALL, Palette
from mobile.ui.words.inspector import TEXTS as INSPECTOR_TEXTS
from shared.geo import Position
from shared.roles import Role
from shared.text import TextKind

__all__ = ["ScanView", "open_post", "open_profile"]

PREVIEW_HEIGHT = 300


def ScanView(ui: Ui, route: Route) -> ft.View:
    """The camera, read live where it streams, 拍照识别, the torch, 选择照片, the typed code."""
    state = ui.state
    code = ft.TextField(
        label=ui.t("scan.manual"),
        key="manual-code",
        max_length=max_length(TextKind.ID),
        expand=True,
        capitalization=ft.TextCapitalization.CHARACTERS,
        text_size=BODY + 2,
    )

    async def from_gallery() -> None:
        pictures = await ui.photos.pick()
        if pictures:
            await _decode(ui, pictures[0])

    async def from_camera() -> None:
        picture = await ui.photos.capture()
        if picture is None:
            state.camera_failed = True
            ui.refresh()
            return
        await _decode(ui, picture)

    def typed() -> None:
        try:
            if _inspects(ui):
                tenant = open_enterprise_typed(ui.phone.store, code.value or "")
                open_profile(ui, tenant)
                return
            post = open_typed(ui.phone.store, ui.actor(), code.value or "")
        except ScanRefused as refused:
            state.refusal = refused.code
            ui.refresh()
            return
        open_post(ui, post, scanned=False)

    code.on_submit = typed
    code.on_change = send_as_typed
    hint = ui.t("profile.scan_hint") if _inspects(ui) else ui.t("scan.hint")
    body: list[ft.Control] = [muted(hint, size=BODY)]
    body.extend(_camera(ui, from_camera))
    if state.refusal:
        body.append(_refusal(ui, state.refusal))
    body += [
        big_button(
            ui.t("scan.pick"),
            from_gallery,
            icon=ft.Icons.PHOTO_LIBRARY,
            key="scan-pick",
            filled=False,
        ),
        ft.Row(
            [
                code,
                ft.FilledButton(ui.t("scan.open"), on_click=typed, key="manual-open", height=56),
            ],
            spacing=8,
        ),
    ]
    return screen(ui, route, ui.t("scan.title"), body)


def _camera(ui: Ui, capture: Callable[[], Awaitable[None]]) -> list[ft.Control]:
    """The live preview, its capture button and torch, enabled once the camera runs.

    Where the camera streams its frames (a phone), they are decoded one after another until
    a code opens (``mobile.live_scan``); the capture button stays for a camera that does not
    stream (the web client) and for a worker who prefers to tap.
    """
    preview = None if ui.state.camera_failed else ui.photos.preview()
    if preview is None:
        return [
            ft.Container(
                content=muted(ui.t("scan.no_camera"), size=BODY),
                height=120,
                border_radius=12,
                bgcolor=ft.Colors.GREY_200,
                alignment=ft.Alignment.CENTER,
                padding=16,
                key="no-camera",
            )
        ]
    button = primary_button(
        ui.t("scan.capture"), capture, icon=ft.Icons.CAMERA, key="scan-capture", disabled=True
    )
    torch = _torch_button(ui)

    async def start() -> None:
        if not await ui.photos.start():
            ui.state.camera_failed = True
            ui.refresh()
            return
        button.disabled = torch.disabled = False  # only these change: the preview keeps running
        ui.patch()
        stream = await ui.photos.stream()
        if stream is not None:
            await _live(ui, stream)

    ui.after_render(start)
    return [
        ft.Container(
            preview,
            height=PREVIEW_HEIGHT,
            border_radius=12,
            bgcolor=ft.Colors.BLACK,
            clip_behavior=ft.ClipBehavior.HARD_EDGE,
            key="camera-preview",
        ),
        ft.Container(key="scan-live"),
        ft.Row([button, torch]),
    ]


def _torch_button(ui: Ui) -> ft.IconButton:
    """The torch toggle: dark corners of a workshop are where cards are read worst."""
    lit: list[bool] = [False]

    async def toggle() -> None:
        if not await ui.photos.torch(not lit[0]):
            ui.toast(ui.t("scan.no_torch"))
            return
        lit[0] = not lit[0]
        torch.icon = ft.Icons.FLASHLIGHT_OFF if lit[0] else ft.Icons.FLASHLIGHT_ON
        torch.selected = lit[0]
        ui.patch()

    torch = ft.IconButton(
        ft.Icons.FLASHLIGHT_ON,
        on_click=toggle,
        tooltip=ui.t("scan.torch"),
        key="scan-torch",
        disabled=True,
        selected=False,
        icon_size=28,
    )
    return torch


async def _live(ui: Ui, stream: FrameStream) -> None:
    """Decode the camera's frames until one opens a card (or the enterprise, for inspectors).

    A worker who left the scan screen while a frame decoded is not taken back to a card: what
    the frame opened is dropped (the stream ends by itself once the preview is gone).
    """
    here = ui.state.route
    ui.refill("scan-live", muted(ui.t("scan.live"), size=BODY))

    def refused(refusal: ScanRefused) -> None:
        ui.refill("scan-live", _refusal(ui, refusal.code))

    if _inspects(ui):
        store = ui.phone.store
        tenant = await scan_frames(stream, lambda f: open_enterprise_scanned(store, f), refused)
        if tenant is not None and ui.state.route == here:
            open_profile(ui, tenant)
        return
    actor, store = ui.actor(), ui.phone.store
    post = await scan_frames(stream, lambda frame: open_scanned(store, actor, frame), refused)
    if post is not None and ui.state.route == here:
        open_post(ui, post, scanned=True, location=await _scanned_at(ui, post))


def _inspects(ui: Ui) -> bool:
    return ui.actor().role is Role.INSPECTOR


def open_profile(ui: Ui, tenant: str) -> None:
    """Open the profile of an enterprise of the inspector's grid."""
    ui.state.refusal = None
    ui.go(path_of(Route(Screen.PROFILE, tenant=tenant)))


async def _decode(ui: Ui, picture: bytes) -> None:
    if _inspects(ui):
        try:
            tenant = await asyncio.to_thread(open_enterprise_scanned, ui.phone.store, picture)
        except ScanRefused as refused:
            ui.state.refusal = refused.code
            ui.refresh()
            return
        open_profile(ui, tenant)
        return
    try:
        post = await asyncio.to_thread(open_scanned, ui.phone.store, ui.actor(), picture)
    except ScanRefused as refused:
        ui.state.refusal = refused.code
        ui.refresh()
        return
    open_post(ui, post, scanned=True, location=await _scanned_at(ui, post))


async def _scanned_at(ui: Ui, post: PostCard) -> Position | None:
    """The phone's position for the 200 m check, asked only when the post has coordinates."""
    if post.post.position is None:
        return None
    return await ui.locator.position()


def open_post(ui: Ui, post: PostCard, *, scanned: bool, location: Position | None = None) -> None:
    """Open the post's most pressing card instance, or say that nothing is left to tick.

    ``location`` is where the post's QR was scanned; the tick carries it, no screen shows it.
    """
    state = ui.state
    try:
        sheet = open_sheet(ui.phone.record, post, ui.now())
    except NothingToCheck:
        state.refusal = "scan.all_done"
        ui.refresh()
        return
    state.refusal = None
    state.card = CardDraft.opened(sheet.instance_id, ui.now(), scanned=scanned, location=location)
    instance = sheet.due.instance
    route = Route(
        Screen.CHECK, post_id=post.post.id, frequency=instance.frequency, period=instance.period
    )
    ui.go(path_of(route))


def _refusal(ui: Ui, code: str) -> ft.Control:
    return ft.Container(
        content=ft.Row(
            [
                ft.Icon(ft.Icons.ERROR_OUTLINE, color=Palette.FAIL),
                ft.Text(
                    ui.t(code)
                    if code in INSPECTOR_TEXTS
                    else message_for(code).text(ui.state.language),
                    color=Palette.FAIL,
                    size=SMALL + 1,
                    expand=True,
                ),
            ]
        ),
        bgcolor=Palette.REFUSAL,
        border_radius=8,
        padding=12,
        key="refusal",
    )
