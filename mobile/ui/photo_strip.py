"""A row of photo thumbnails with 拍照 and 相册 buttons, used by every form that takes photos.

A picture is processed and stored the moment it is taken or picked (``services.photo_capture``)
and its reference joins the form's draft; the thumbnail comes from the phone's files.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

import flet as ft

from mobile.messages import message_for
from mobile.photos import PhotoRejected
from mobile.services.photo_capture import add_photo
from mobile.ui.chrome import small_button
from mobile.ui.context import Ui
from mobile.ui.photo_viewer import open_photos
from mobile.ui.theme import SMALL, Palette
from shared.payloads import MAX_PHOTOS, PhotoRef

__all__ = ["CAMERA_KEY", "PhotoStrip", "add_pictures", "camera_dialog", "thumbnails"]

THUMB = 84
CAMERA_KEY = "camera-dialog"


def PhotoStrip(ui: Ui, refs: list[PhotoRef], *, key: str) -> ft.Control:
    """Thumbnails of ``refs`` (removable) and buttons that add to it.

    Args:
        ui: The app.
        refs: The draft's photo list; pictures are appended to it in place.
        key: Prefix of the buttons' keys (``<key>-camera``, ``<key>-gallery``).
    """

    async def from_gallery() -> None:
        await add_pictures(ui, refs, await ui.photos.pick(), key=key)

    async def from_camera() -> None:
        await camera_dialog(ui, refs)

    def remover(ref: PhotoRef) -> ft.Control:
        def remove() -> None:
            refs.remove(ref)
            ui.refresh()

        return ft.IconButton(
            ft.Icons.CLOSE,
            tooltip=ui.t("photo.remove"),
            on_click=remove,
            icon_size=18,
            style=ft.ButtonStyle(bgcolor=ft.Colors.WHITE),
            key=f"{key}-remove-{ref.sha256[:8]}",
        )

    buttons: list[ft.Control] = []
    full = len(refs) >= MAX_PHOTOS
    if ui.photos.has_camera:
        buttons.append(
            ft.OutlinedButton(
                ui.t("photo.camera"),
                icon=ft.Icons.PHOTO_CAMERA,
                on_click=from_camera,
                key=f"{key}-camera",
                height=48,
                disabled=full,
            )
        )
    buttons.append(
        ft.OutlinedButton(
            ui.t("photo.gallery"),
            icon=ft.Icons.PHOTO_LIBRARY,
            on_click=from_gallery,
            key=f"{key}-gallery",
            height=48,
            disabled=full,
        )
    )
    tiles = thumbnails(ui, refs, remover)
    row = ft.Row(
        [*tiles, *buttons],
        wrap=True,
        spacing=10,
        run_spacing=10,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )
    refused = _refusal(ui, key, refs)
    if not refused:
        return row
    # Said beside the buttons, not only in a passing snack bar: the file picked was no photo.
    said = ft.Text(str(refused), color=Palette.FAIL, size=SMALL + 1, key=f"{key}-refusal")
    return ft.Column([row, said], spacing=4)


def _refusal_key(key: str) -> str:
    return f"photo-refusal:{key}"


def _refusal(ui: Ui, key: str, refs: list[PhotoRef]) -> str | None:
    """Why the last file picked into this very list was refused (a new form starts clean)."""
    kept = ui.state.kept.get(_refusal_key(key))
    if isinstance(kept, tuple) and kept[0] is refs:
        return str(kept[1])
    return None


def thumbnails(
    ui: Ui,
    refs: Sequence[PhotoRef],
    overlay: Callable[[PhotoRef], ft.Control] | None = None,
    *,
    tenant: str | None = None,
    on_open: Callable[[int], None] | None = None,
) -> list[ft.Control]:
    """One tile per photo: the thumbnail, or a placeholder while it is not on the phone.

    A tap opens the photo full screen (``on_open`` with its place in ``refs``; by default the
    viewer over ``refs``, fetching from ``tenant``, the user's enterprise unless given). Each
    tile is announced as 照片 n / total, never by its hash.
    """
    owner = tenant if tenant is not None else (ui.actor().tenant or "")
    opens = on_open or (lambda index: open_photos(ui, owner, refs, index))
    tiles: list[ft.Control] = []
    for index, ref in enumerate(refs):
        tile = _tile(ui, ref, index, len(refs), opens)
        if overlay is None:
            tiles.append(tile)
        else:
            tiles.append(
                ft.Stack(
                    [tile, ft.Container(overlay(ref), right=-6, top=-6)],
                    width=THUMB,
                    height=THUMB,
                )
            )
    return tiles


def _tile(
    ui: Ui, ref: PhotoRef, index: int, total: int, opens: Callable[[int], None]
) -> ft.Control:
    label = ui.t("photo.label", n=index + 1, total=total)
    data = ui.thumbs.get(ref.sha256)
    picture: ft.Control
    if data is None:
        picture = ft.Container(
            content=ft.Text(ui.t("photo.missing"), size=SMALL - 2, color=Palette.MUTED),
            width=THUMB,
            height=THUMB,
            bgcolor=ft.Colors.GREY_200,
            border_radius=8,
            alignment=ft.Alignment.CENTER,
        )
    else:
        picture = ft.Image(
            src=data,
            width=THUMB,
            height=THUMB,
            fit=ft.BoxFit.COVER,
            border_radius=8,
            semantics_label=label,
        )
    tappable = ft.Container(
        picture,
        on_click=lambda: opens(index),
        tooltip=ui.t("photo.open", n=index + 1),
        key=f"photo-{ref.sha256[:8]}-{index}",
    )
    return ft.Semantics(content=tappable, label=label, button=True, identifier=f"photo-{index + 1}")


async def add_pictures(
    ui: Ui, refs: list[PhotoRef], raws: Sequence[bytes], *, key: str | None = None
) -> int:
    """Process and keep pictures, append their references; says why a file was refused.

    The reason stays under the strip ``key`` until a picture is added there. A chooser closed
    without a file changes nothing, so the screen is left as it is: building it again would
    scroll a long form back to its top, away from the buttons the worker was using.
    """
    if not raws:
        return 0
    added = 0
    refusal: str | None = None
    for raw in raws[: max(0, MAX_PHOTOS - len(refs))]:
        try:
            refs.append(await asyncio.to_thread(add_photo, ui.phone.photos, raw, ui.now()))
            added += 1
        except PhotoRejected as exc:
            refusal = message_for(exc.code).text(ui.state.language)
            ui.toast(refusal)
    if key is not None:
        if refusal is not None:
            ui.state.kept[_refusal_key(key)] = (refs, refusal)
        elif added:
            ui.state.kept.pop(_refusal_key(key), None)
    ui.refresh()
    return added


async def camera_dialog(ui: Ui, refs: list[PhotoRef]) -> None:
    """Show the camera in a dialog; its capture button adds the picture to ``refs``."""
    preview = ui.photos.preview()
    if preview is None:
        return

    async def take() -> None:
        data = await ui.photos.capture()
        ui.close_dialog()
        if data:
            await add_pictures(ui, refs, [data])

    dialog = ft.AlertDialog(
        key=CAMERA_KEY,
        title=ft.Text(ui.t("camera.title")),
        content=ft.Container(preview, width=320, height=420),
        actions=[
            small_button(ui.t("common.cancel"), ui.close_dialog),
            small_button(
                ui.t("camera.take"),
                take,
                filled=True,
                icon=ft.Icons.CAMERA,
                key=f"{CAMERA_KEY}-take",
            ),
        ],
    )
    ui.dialog(dialog)
    if not await ui.photos.start():
        ui.close_dialog()
        ui.toast(ui.t("scan.no_camera"))
