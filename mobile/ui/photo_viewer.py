"""The photo viewer: a tapped thumbnail opens the photo at full size over the whole screen.

Pinch or scroll zooms (Flet's ``InteractiveViewer``); a horizontal swipe, or 上一张 / 下一张,
steps between the photos of the same set (the swipe only while the photo is not zoomed in,
when a drag moves the enlarged photo instead). On 验收 the before and after photos open side by
side, each with its own steps, so a manager sees the fix at full size before accepting it. A
photo someone else took is fetched at display size; until it arrives its thumbnail stands in.
"""

from __future__ import annotations

from collections.abc import Sequence

import flet as ft

from mobile.ui.context import Ui
from mobile.ui.fields import update_in_place
from mobile.ui.theme import SMALL
from shared.payloads import PhotoRef

__all__ = ["VIEWER_KEY", "open_photos", "open_side_by_side"]

VIEWER_KEY = "photo-viewer"
SWIPE_SPEED = 300
"""A horizontal drag ending faster than this (logical px/s) is a swipe to the next photo."""
ZOOMED = 1.01
"""Past this scale the photo is enlarged: a drag moves it rather than swiping."""
_HUGE = 4000  # asked of the dialog, which clamps it to the screen: the photo fills it
_BLANK = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\x00\x01\x00\x00\x05\x00\x01\r\n-\xb4\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
"""A transparent 1×1 PNG: the picture while neither the photo nor its thumbnail is here."""


class _Pane:
    """One set of photos with its own place in it: the picture, its caption and the steps."""

    def __init__(
        self, ui: Ui, tenant: str, refs: Sequence[PhotoRef], index: int, *, key: str, title: str
    ) -> None:
        self.ui, self.tenant, self.refs, self.key, self.title = ui, tenant, list(refs), key, title
        self.index = max(0, min(index, len(self.refs) - 1))
        self.scale = 1.0  # the photo's zoom, followed from the pinches
        self._pinch_from = 1.0
        self.caption = ft.Text(
            "",
            size=SMALL,
            color=ft.Colors.WHITE,
            text_align=ft.TextAlign.CENTER,
            key=f"{key}-caption",
        )
        self.image = ft.Image(src=_BLANK, fit=ft.BoxFit.CONTAIN, expand=True, key=f"{key}-image")
        self.missing = ft.Text(ui.t("photo.missing"), color=ft.Colors.WHITE, visible=False)
        self.prev = ft.IconButton(
            ft.Icons.CHEVRON_LEFT,
            icon_color=ft.Colors.WHITE,
            tooltip=ui.t("photo.prev"),
            on_click=lambda: self.step(-1),
            key=f"{key}-prev",
        )
        self.next = ft.IconButton(
            ft.Icons.CHEVRON_RIGHT,
            icon_color=ft.Colors.WHITE,
            tooltip=ui.t("photo.next"),
            on_click=lambda: self.step(1),
            key=f"{key}-next",
        )
        self.show()

    def control(self) -> ft.Control:
        picture = ft.Container(
            ft.Stack([self.image, self.missing], alignment=ft.Alignment.CENTER, expand=True),
            expand=True,
            alignment=ft.Alignment.CENTER,
        )
        self.detector = ft.GestureDetector(
            content=picture, on_horizontal_drag_end=self.swiped, key=f"{self.key}-swipe"
        )
        zoom = ft.InteractiveViewer(
            content=self.detector,
            min_scale=1,
            max_scale=6,
            expand=True,
            on_interaction_start=self.pinch_started,
            on_interaction_update=self.pinched,
            key=f"{self.key}-zoom",
        )
        steps = ft.Row([self.prev, self.next], alignment=ft.MainAxisAlignment.CENTER, spacing=24)
        caption = ft.Row([self.caption], alignment=ft.MainAxisAlignment.CENTER)
        return ft.Column([zoom, caption, steps], expand=True, spacing=2)

    def swiped(self, event: ft.DragEndEvent[ft.GestureDetector]) -> None:
        """A swipe to the left shows the next photo, to the right the previous one."""
        speed = event.primary_velocity or event.velocity.x
        if self.scale <= ZOOMED and abs(speed) >= SWIPE_SPEED:
            self.step(1 if speed < 0 else -1)

    def pinch_started(self, _: ft.ScaleStartEvent[ft.InteractiveViewer]) -> None:
        self._pinch_from = self.scale

    def pinched(self, event: ft.ScaleUpdateEvent[ft.InteractiveViewer]) -> None:
        """Follow the zoom (each pinch scales from where the last left it, within 1–6)."""
        self.scale = max(1.0, min(self._pinch_from * event.scale, 6.0))
        # While enlarged, no swipe listener at all: it would win every horizontal drag from
        # the viewer's own pan, and the enlarged photo could not be moved sideways.
        wanted = self.swiped if self.scale <= ZOOMED else None
        if (self.detector.on_horizontal_drag_end is None) != (wanted is None):
            self.detector.on_horizontal_drag_end = wanted
            update_in_place(self.detector)

    def step(self, by: int) -> None:
        self.index = max(0, min(self.index + by, len(self.refs) - 1))
        self.show()
        update_in_place(self.image, self.missing, self.caption, self.prev, self.next)

    def show(self) -> None:
        """Put the current photo on screen: full size if here, else its thumbnail meanwhile."""
        ref = self.refs[self.index]
        n, total = self.index + 1, len(self.refs)
        label = self.ui.t("photo.label", n=n, total=total)
        full = self.ui.thumbs.full(ref.sha256)
        data = full or self.ui.thumbs.get(ref.sha256)
        self.image.src = data or _BLANK
        self.missing.visible = data is None
        self.image.semantics_label = f"{self.title} {label}".strip()
        self.caption.value = f"{self.title} {label}".strip()
        self.prev.disabled = self.index == 0
        self.next.disabled = self.index == total - 1
        if full is None:
            self.ui.thumbs.fetch_full(self.tenant, ref.sha256, lambda: self._arrived(ref))

    def _arrived(self, ref: PhotoRef) -> None:
        if self.refs[self.index] == ref:  # the user may have stepped on meanwhile
            self.show()
            update_in_place(self.image, self.missing)


def _dialog(ui: Ui, panes: Sequence[_Pane]) -> ft.AlertDialog:
    close = ft.IconButton(
        ft.Icons.CLOSE,
        icon_color=ft.Colors.WHITE,
        tooltip=ui.t("photo.close"),
        on_click=ui.close_dialog,
        key=f"{VIEWER_KEY}-close",
    )
    content = ft.Container(
        ft.Row([pane.control() for pane in panes], expand=True, spacing=8),
        width=_HUGE,
        height=_HUGE,
        bgcolor=ft.Colors.BLACK,
    )
    return ft.AlertDialog(
        key=VIEWER_KEY,
        title=ft.Row([close], alignment=ft.MainAxisAlignment.END),
        title_padding=ft.Padding.all(0),
        content=content,
        content_padding=ft.Padding.all(0),
        inset_padding=ft.Padding.all(0),
        bgcolor=ft.Colors.BLACK,
        shape=ft.RoundedRectangleBorder(radius=0),
    )


def open_photos(ui: Ui, tenant: str, refs: Sequence[PhotoRef], index: int = 0) -> None:
    """Show ``refs[index]`` full screen, with steps to the others of the set."""
    if refs:
        ui.dialog(_dialog(ui, [_Pane(ui, tenant, refs, index, key=VIEWER_KEY, title="")]))


def open_side_by_side(
    ui: Ui,
    tenant: str,
    before: Sequence[PhotoRef],
    after: Sequence[PhotoRef],
    *,
    at: tuple[int, int] = (0, 0),
) -> None:
    """验收: the before and the after photos side by side, each set with its own steps."""
    panes = [
        _Pane(ui, tenant, refs, index, key=f"{VIEWER_KEY}-{side}", title=ui.t(words))
        for side, words, refs, index in (
            ("before", "hazard.before", before, at[0]),
            ("after", "hazard.after", after, at[1]),
        )
        if refs
    ]
    if panes:
        ui.dialog(_dialog(ui, panes))
