"""The full-screen photo viewer: a tap on a thumbnail, zoom, and steps between the photos."""

from __future__ import annotations

import flet as ft

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
