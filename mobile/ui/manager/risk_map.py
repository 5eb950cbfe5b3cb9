"""四色图: the site plan with each risk point as a numbered pin; a tap places the chosen point.

The plan is drawn at the screen's width with its own shape (a plain grid without a plan); a
tap's position becomes fractions of the plan, so the pin lands in the same place on the A4 or
A3 print. Under the plan, the numbered list says which points still wait for a place.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from pathlib import Path

import flet as ft
from PIL import Image, UnidentifiedImageError

from mobile.services.risk_map import (
    MapPicture,
    Paper,
    fetch_map_pdf,
    map_link,
    map_picture,
    pin_point,
    set_plan,
    unpin_point,
)
from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.ui.chrome import big_button, muted, screen, section, small_button
from mobile.ui.context import Ui
from mobile.ui.inspector import notice as notice_view
from mobile.ui.photo_strip import add_pictures
from mobile.ui.routes import Route
from mobile.ui.theme import BODY, RISK_COLOURS, SMALL
from shared.ids import RiskPointId
from shared.payloads import PhotoRef
from shared.risk import RiskColour
from shared.risk_map import MapEntry

__all__ = ["RiskMapView"]

WIDTH = 340
"""The plan's width on screen (px): a 390 px phone less the screen's padding."""
PIN = 22
"""A pin's diameter (px): big enough to read its number, small enough not to hide the plan."""
CHOSEN = "risk-map-chosen"
"""The point the next tap places, in ``UiState.kept``."""
_INK = {RiskColour.YELLOW: ft.Colors.BLACK}


def RiskMapView(ui: Ui, route: Route) -> ft.View:
    """The plan with its pins, the point to place next, the list, and 上传平面图."""
    tenant = ui.actor().tenant or ""
    picture = map_picture(ui.phone.record, ui.phone.store, tenant)
    body: list[ft.Control] = [
        muted(ui.t("map.hint" if picture.plan else "map.no_plan"), size=SMALL),
        _plan_button(ui, picture.plan is not None),
    ]
    if picture.entries:
        chosen = _chosen(ui, picture.entries)
        body.append(_chooser(ui, picture.entries, chosen))
        body.append(_canvas(ui, picture, chosen))
    else:
        body.append(muted(ui.t("map.no_points"), size=BODY))
    body.append(section(ui.t("map.list")))
    body.extend(_line(ui, entry) for entry in picture.entries)
    body.append(section(ui.t("map.print")))
    body.append(muted(ui.t("map.print_hint"), size=SMALL))
    body.append(ft.Row([_print_button(ui, "A4"), _print_button(ui, "A3")], spacing=8))
    return screen(ui, route, ui.t("map.title"), body)


def _print_button(ui: Ui, paper: Paper) -> ft.Control:
    async def print_() -> None:
        await _open_pdf(ui, paper)

    return ft.Container(
        big_button(
            ui.t("map.print_on", paper=paper),
            print_,
            icon=ft.Icons.PRINT,
            key=f"map-print-{paper}",
            filled=False,
        ),
        expand=True,
    )


async def _open_pdf(ui: Ui, paper: Paper) -> None:
    """Download the server's PDF onto the phone and open it (to print or share), as a notice."""
    reads = ui.phone.reads
    data = Path(ui.phone.photos.folder).parent
    server = str(ui.phone.http.base_url)
    try:
        path = await asyncio.to_thread(fetch_map_pdf, reads, data, paper)
        link = await asyncio.to_thread(map_link, reads, server, paper)
    except (Offline, SignInRequired):
        ui.toast(ui.t("map.pdf_offline"))
        return
    except ServerRefused:
        ui.toast(ui.t("map.pdf_refused"))
        return
    ui.toast(ui.t("map.saved_pdf", name=path.name))
    await notice_view.open_url(link)


def _plan_button(ui: Ui, has_plan: bool) -> ft.Control:
    async def upload() -> None:
        refs: list[PhotoRef] = []
        if await add_pictures(ui, refs, await ui.photos.pick(), key="map-plan"):
            set_plan(ui.phone.record, ui.actor(), refs[0])
            ui.phone.loop.wake()
            ui.toast(ui.t("common.saved"))
            ui.refresh()

    words = "map.replace_plan" if has_plan else "map.upload_plan"
    return big_button(ui.t(words), upload, icon=ft.Icons.MAP, key="map-plan", filled=not has_plan)


def _chosen(ui: Ui, entries: Sequence[MapEntry]) -> MapEntry:
    """The point the next tap places: the one picked, else the first still without a pin."""
    kept = ui.state.kept.get(CHOSEN)
    by_id = {entry.point.id: entry for entry in entries}
    if isinstance(kept, str) and kept in by_id:
        return by_id[RiskPointId(kept)]
    return next((entry for entry in entries if entry.pin is None), entries[0])


def _chooser(ui: Ui, entries: Sequence[MapEntry], chosen: MapEntry) -> ft.Control:
    label = ui.t("map.choose")
    menu = ft.Dropdown(
        label=label,
        value=chosen.point.id,
        key="map-point",
        options=[ft.DropdownOption(key=entry.point.id, text=_name(ui, entry)) for entry in entries],
        expand=True,
    )

    def picked() -> None:
        ui.state.kept[CHOSEN] = menu.value
        ui.refresh()

    menu.on_select = picked
    return ft.Semantics(label=label, content=menu)


def _canvas(ui: Ui, picture: MapPicture, chosen: MapEntry) -> ft.Control:
    """The plan (or grid) in a stack with the pins; a tap pins the chosen point there."""
    plan = ui.thumbs.full(picture.plan.sha256) if picture.plan else None
    height = _height(plan)
    layers: list[ft.Control] = [_background(plan, height)]
    for entry in picture.entries:
        if entry.pin is not None:
            layers.append(_pin(entry, height))

    def tapped(event: ft.TapEvent[ft.GestureDetector]) -> None:
        spot = event.local_position
        if spot is None:
            return
        pin_point(ui.phone.record, ui.actor(), chosen.point.id, spot.x / WIDTH, spot.y / height)
        ui.state.kept.pop(CHOSEN, None)
        ui.phone.loop.wake()
        ui.refresh()

    if picture.plan is not None and plan is None:
        ui.thumbs.fetch_full(ui.actor().tenant or "", picture.plan.sha256, ui.refresh)
    stack = ft.Stack(layers, width=WIDTH, height=height)
    # The tap is a place, not an action: as a semantic button the web build would tap its
    # centre whatever point was touched, so the detector stays out of the semantics tree and
    # the plan is named as an image (screen readers, and browser tests that find it by name).
    canvas = ft.GestureDetector(
        content=stack, on_tap_down=tapped, exclude_from_semantics=True, key="map-canvas"
    )
    return ft.Semantics(label=ui.t("map.canvas"), image=True, container=True, content=canvas)


def _height(plan: bytes | None) -> float:
    """The plan's height at ``WIDTH``, keeping its shape; the grid is 4:3."""
    if plan is None:
        return WIDTH * 0.75
    try:
        with Image.open(io.BytesIO(plan)) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError):
        return WIDTH * 0.75
    return WIDTH * height / width


def _background(plan: bytes | None, height: float) -> ft.Control:
    if plan is not None:
        return ft.Image(src=plan, width=WIDTH, height=height, fit=ft.BoxFit.FILL)
    lines: list[ft.Control] = []
    for i in range(1, 10):
        lines.append(
            ft.Container(
                left=WIDTH * i / 10, top=0, width=1, height=height, bgcolor=ft.Colors.GREY_300
            )
        )
        lines.append(
            ft.Container(
                left=0, top=height * i / 10, width=WIDTH, height=1, bgcolor=ft.Colors.GREY_300
            )
        )
    frame = ft.Container(width=WIDTH, height=height, border=ft.Border.all(1, ft.Colors.BLACK))
    return ft.Stack(
        [ft.Container(width=WIDTH, height=height, bgcolor=ft.Colors.WHITE), *lines, frame],
        width=WIDTH,
        height=height,
    )


def _pin(entry: MapEntry, height: float) -> ft.Control:
    assert entry.pin is not None
    return ft.Container(
        ft.Text(str(entry.number), size=11, color=_INK.get(entry.colour, ft.Colors.WHITE)),
        left=entry.pin.x * WIDTH - PIN / 2,
        top=entry.pin.y * height - PIN / 2,
        width=PIN,
        height=PIN,
        bgcolor=RISK_COLOURS[entry.colour],
        border=ft.Border.all(1.5, ft.Colors.WHITE),
        shape=ft.BoxShape.CIRCLE,
        alignment=ft.Alignment.CENTER,
        key=f"pin-{entry.point.id}",
    )


def _name(ui: Ui, entry: MapEntry) -> str:
    return f"{entry.number}. {entry.point.name}（{ui.label(entry.colour)}）"


def _line(ui: Ui, entry: MapEntry) -> ft.Control:
    dot = ft.Container(
        ft.Text(str(entry.number), size=10, color=_INK.get(entry.colour, ft.Colors.WHITE)),
        width=20,
        height=20,
        bgcolor=RISK_COLOURS[entry.colour],
        shape=ft.BoxShape.CIRCLE,
        alignment=ft.Alignment.CENTER,
    )
    words: list[ft.Control] = [ft.Text(entry.point.name, size=BODY, expand=True)]
    if entry.pin is None:
        words.append(muted(ui.t("map.unplaced")))
    else:
        words.append(_unpin_button(ui, entry))
    return ft.Row([dot, *words], spacing=8, key=f"map-line-{entry.point.id}")


def _unpin_button(ui: Ui, entry: MapEntry) -> ft.Control:
    """移除标注: the pin leaves the plan (placed by mistake, or the thing moved away)."""

    def unpin() -> None:
        unpin_point(ui.phone.record, ui.actor(), entry.point.id)
        ui.phone.loop.wake()
        ui.toast(ui.t("common.saved"))
        ui.refresh()

    return small_button(
        ui.t("map.unpin"), unpin, icon=ft.Icons.LOCATION_OFF, key=f"map-unpin-{entry.point.id}"
    )
