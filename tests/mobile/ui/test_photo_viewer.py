"""The full-screen photo viewer: a tap on a thumbnail, zoom, and steps between the photos."""

from __future__ import annotations

import flet as ft
import pytest

from mobile.services.photo_capture import add_photo
from mobile.services.reporting import HazardReport
from mobile.ui.state import HazardDraft
from mobile.ui.tree import walk
from tests.mobile.ui.fakes import click, fire, text_of
from tests.mobile.ui.pictures import a_photo
from tests.mobile.world import MONDAY_10, pulled_hazard


def image_of(dialog: ft.Control) -> ft.Image:
    [image] = [c for c in walk(dialog) if isinstance(c, ft.Image)]
    return image


def button(dialog: ft.Control, key: str) -> ft.IconButton:
    [found] = [c for c in walk(dialog) if isinstance(c, ft.IconButton) and c.key == key]
    return found


def test_a_thumbnail_on_the_hazard_opens_its_photo_full_size_and_zoomable(ui, phone):
    app, page = ui
    ref = add_photo(phone.photos, a_photo(), MONDAY_10)
    pulled_hazard(phone.record, "YH-1", photo=ref)
    app.go("/hazards/YH-1")
    click(page, f"photo-{ref.sha256[:8]}-0")
    viewer = page.dialogs[-1]
    assert image_of(viewer).src == phone.photos.photo(ref.sha256)  # the photo, not the thumb
    assert image_of(viewer).semantics_label == "照片 1 / 1"
    assert any(isinstance(c, ft.InteractiveViewer) for c in walk(viewer))


def test_next_and_previous_step_through_the_photos_of_a_form(ui, phone):
    app, page = ui
    refs = [add_photo(phone.photos, a_photo(seed=n), MONDAY_10) for n in (1, 2)]
    report = HazardReport(title="出口堵塞", photos=tuple(refs))
    app.state.hazard = HazardDraft.from_report(report, [])
    app.go("/report")
    click(page, f"photo-{refs[1].sha256[:8]}-1")
    viewer = page.dialogs[-1]
    assert "照片 2 / 2" in text_of(viewer)
    assert button(viewer, "photo-viewer-next").disabled
    fire(button(viewer, "photo-viewer-prev").on_click)
    assert "照片 1 / 2" in text_of(viewer)
    assert image_of(viewer).src == phone.photos.photo(refs[0].sha256)
    assert button(viewer, "photo-viewer-prev").disabled
    fire(button(viewer, "photo-viewer-close").on_click)
    assert page.dialogs == [] or page.dialogs[-1] is not viewer


def swipe(dialog: ft.Control, speed: float) -> None:
    [detector] = [c for c in walk(dialog) if isinstance(c, ft.GestureDetector)]
    end = ft.DragEndEvent(
        name="horizontal_drag_end",
        control=detector,
        local_position=ft.Offset(0, 0),
        global_position=ft.Offset(0, 0),
        velocity=ft.Offset(speed, 0),
        primary_velocity=speed,
    )
    if detector.on_horizontal_drag_end is not None:
        fire(detector.on_horizontal_drag_end, end)


def pinch(dialog: ft.Control, scale: float) -> None:
    [zoom] = [c for c in walk(dialog) if isinstance(c, ft.InteractiveViewer)]
    fire(zoom.on_interaction_start, None)
    update = ft.ScaleUpdateEvent(
        name="interaction_update",
        control=zoom,
        global_focal_point=ft.Offset(0, 0),
        local_focal_point=ft.Offset(0, 0),
        pointer_count=2,
        horizontal_scale=scale,
        vertical_scale=scale,
        scale=scale,
        rotation=0,
        focal_point_delta=ft.Offset(0, 0),
    )
    fire(zoom.on_interaction_update, update)


def three_photos(app, page, phone) -> ft.Control:
    refs = [add_photo(phone.photos, a_photo(seed=n), MONDAY_10) for n in (1, 2, 3)]
    report = HazardReport(title="出口堵塞", photos=tuple(refs))
    app.state.hazard = HazardDraft.from_report(report, [])
    app.go("/report")
    click(page, f"photo-{refs[1].sha256[:8]}-1")
    viewer: ft.Control = page.dialogs[-1]
    return viewer


@pytest.mark.parametrize(
    ("speed", "shown"),
    [
        (-900.0, "照片 3 / 3"),  # a swipe to the left: the next photo
        (900.0, "照片 1 / 3"),  # to the right: the previous one
        (-100.0, "照片 2 / 3"),  # a slow drag is no swipe
    ],
    ids=["left", "right", "slow"],
)
def test_a_horizontal_swipe_steps_between_the_photos_and_the_buttons_stay(ui, phone, speed, shown):
    app, page = ui
    viewer = three_photos(app, page, phone)

    swipe(viewer, speed)

    assert shown in text_of(viewer)
    assert button(viewer, "photo-viewer-prev") and button(viewer, "photo-viewer-next")


def test_a_drag_on_an_enlarged_photo_moves_it_and_does_not_swipe(ui, phone):
    app, page = ui
    viewer = three_photos(app, page, phone)

    pinch(viewer, 2.5)
    [detector] = [c for c in walk(viewer) if isinstance(c, ft.GestureDetector)]
    assert detector.on_horizontal_drag_end is None  # the viewer's own pan gets the drag

    pinch(viewer, 0.2)  # back to the whole photo
    swipe(viewer, -900.0)
    assert "照片 3 / 3" in text_of(viewer)
