"""验收: before and after side by side, reject needs a reason, accept then 销号 from the detail."""

from __future__ import annotations

from typing import Any

import flet as ft

from mobile.services.photo_capture import add_photo
from mobile.services.reporting import Rectification, submit_rectification
from mobile.store.memory import MemoryPhotoFiles
from mobile.ui.tree import walk
from shared.events import EventType
from shared.lifecycle import HazardStatus
from tests.mobile.stories import story
from tests.mobile.ui.fakes import click, control, fire, has, screen_text, text_of, type_into
from tests.mobile.ui.pictures import a_photo
from tests.mobile.world import MONDAY_10, WORKER

E = EventType


def test_the_review_shows_both_sides_and_the_note(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "assign start rectify")
    app.go("/hazards/YH-1/review")
    assert "整改前" in text_of(control(page, "review-before"))
    assert "整改后" in text_of(control(page, "review-after"))
    assert control(page, "review-note").value == "已更换两具灭火器"
    assert "整改人 王师傅" in screen_text(page)  # by name, not username


def test_photos_on_the_phone_show_on_their_side(ui, phone):
    app, page = ui
    before = add_photo(phone.photos, a_photo(), MONDAY_10)
    after = add_photo(phone.photos, a_photo(seed=2), MONDAY_10)
    story(phone.record, "YH-1", "assign start", photos=(before,))
    submit_rectification(phone.record, WORKER, "YH-1", Rectification("换新", (after,)))
    app.go("/hazards/YH-1/review")
    assert images(control(page, "review-before")) == ["照片 1 / 1"]  # announced, not a hash
    assert images(control(page, "review-after")) == ["照片 1 / 1"]
    assert has(page, f"photo-{before.sha256[:8]}-0") and has(page, f"photo-{after.sha256[:8]}-0")


def test_tapping_the_after_photo_opens_both_sides_full_screen_and_full_size(ui, phone):
    app, page = ui
    before = add_photo(phone.photos, a_photo(), MONDAY_10)
    after = add_photo(phone.photos, a_photo(seed=2), MONDAY_10)
    story(phone.record, "YH-1", "assign start", photos=(before,))
    submit_rectification(phone.record, WORKER, "YH-1", Rectification("换新", (after,)))
    app.go("/hazards/YH-1/review")
    click(page, f"photo-{after.sha256[:8]}-0")
    viewer = page.dialogs[-1]
    shown = {c.key: c for c in walk(viewer) if isinstance(c, ft.Image)}
    assert shown["photo-viewer-before-image"].src == phone.photos.photo(before.sha256)
    assert shown["photo-viewer-after-image"].src == phone.photos.photo(after.sha256)
    assert any(isinstance(c, ft.InteractiveViewer) for c in walk(viewer))  # pinch to zoom
    assert "整改后照片 照片 1 / 1" in text_of(viewer)


def images(side: Any) -> list[str | None]:
    return [c.semantics_label for c in walk(side) if isinstance(c, ft.Image)]


def test_rejecting_without_a_reason_is_refused_and_saves_nothing(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "assign start rectify")
    app.go("/hazards/YH-1/review")
    click(page, "review-reject")
    assert "请填写理由" in (control(page, "review-reason").error or "")
    assert phone.record.pending() == []


def test_a_rejection_with_a_reason_sends_the_work_back(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "assign start rectify")
    app.go("/hazards/YH-1/review")
    type_into(page, "review-reason", "压力表仍在红区")
    click(page, "review-reject")
    [event] = phone.record.pending()
    assert event.type is E.HAZARD_REJECTED and event.payload == {"reason": "压力表仍在红区"}
    assert page.view.route == "/hazards/YH-1"
    assert "压力表仍在红区" in screen_text(page) and has(page, "pending")


def test_a_reason_typed_just_before_the_tap_is_read_from_the_field_itself(ui, phone):
    # Flet runs handlers on worker threads: the tap's handler may run before the change
    # handler of the keystrokes that came just before it.
    app, page = ui
    story(phone.record, "YH-1", "assign start rectify")
    app.go("/hazards/YH-1/review")
    control(page, "review-reason").value = "滤网仍有油垢"  # its change handler has not run
    click(page, "review-reject")
    [event] = phone.record.pending()
    assert event.payload == {"reason": "滤网仍有油垢"}


def test_photos_arriving_while_a_reason_is_typed_replace_only_the_photos(ui, phone, monkeypatch):
    # Someone else's photos come from the server after the screen is up; building the whole
    # screen again then would swap the reason field under the manager's fingers.
    app, page = ui
    photo = a_photo(seed=3)
    after = add_photo(MemoryPhotoFiles(), photo, MONDAY_10)  # on the server, not this phone
    story(phone.record, "YH-1", "assign start")
    submit_rectification(phone.record, WORKER, "YH-1", Rectification("换新", (after,)))
    arrived = []
    monkeypatch.setattr(app.thumbs, "fetch", lambda _tenant, _hashes, then: arrived.append(then))
    app.go("/hazards/YH-1/review")
    assert images(control(page, "review-after")) == []  # not here yet
    reason = control(page, "review-reason")
    reason.value = "压力表仍在红区"  # typed; its change not sent yet
    monkeypatch.setattr(app.thumbs, "get", lambda sha: photo if sha == after.sha256 else None)
    arrived[-1]()  # the thumbnail came
    assert images(control(page, "review-after")) == ["照片 1 / 1"]
    assert control(page, "review-reason") is reason  # the field was not built again
    click(page, "review-reject")
    assert phone.record.pending()[-1].payload == {"reason": "压力表仍在红区"}


def test_accept_then_close_from_the_detail_after_confirming(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "assign start rectify")
    app.go("/hazards/YH-1")
    click(page, "manage-review")
    click(page, "review-accept")
    assert phone.record.projections.hazard("YH-1").status is HazardStatus.ACCEPTED
    click(page, "manage-close")
    [dialog] = page.dialogs[-1:]
    assert "销号" in text_of(dialog.title)
    saved = page.snacks()
    fire(next(a for a in dialog.actions if a.key == "dialog-ok").on_click)
    assert not dialog.open and dialog not in page.dialogs  # closed, then reported gone
    assert page.snacks()[: len(saved)] == saved  # the 已保存 snack bar above was not popped
    assert phone.record.projections.hazard("YH-1").status is HazardStatus.CLOSED
    assert [e.type for e in phone.record.pending()] == [E.HAZARD_ACCEPTED, E.HAZARD_CLOSED]
    assert not has(page, "manage-close")


def test_a_hazard_not_awaiting_acceptance_cannot_be_reviewed(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "assign")
    app.go("/hazards/YH-1/review")
    assert "不能做这个操作" in screen_text(page) and "待整改" in screen_text(page)
    assert not has(page, "review-accept")


def test_cancelling_the_close_saves_nothing(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "assign start rectify accept")
    app.go("/hazards/YH-1")
    click(page, "manage-close")
    dialog = page.dialogs[-1]
    fire(next(a for a in dialog.actions if a.key == "dialog-cancel").on_click)
    assert dialog not in page.dialogs
    assert phone.record.pending() == [] and has(page, "manage-close")


def test_the_reasons_message_leaves_as_soon_as_a_reason_is_typed(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "assign start rectify")
    app.go("/hazards/YH-1/review")
    click(page, "review-reject")
    assert control(page, "review-reason").error
    type_into(page, "review-reason", "压力表仍在红区")
    assert control(page, "review-reason").error is None


def test_the_forms_fields_take_no_more_than_the_server_does(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "assign start rectify")
    app.go("/hazards/YH-1/review")
    assert control(page, "review-reason").max_length == 1000
    assert control(page, "review-comment").max_length == 4000
