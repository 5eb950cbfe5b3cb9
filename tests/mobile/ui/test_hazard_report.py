"""报告隐患: title, description, grade, category, location and photos; saved as one event."""

from __future__ import annotations

import flet as ft

from mobile.services.reporting import HazardReport
from mobile.ui.app import PhoneApp
from mobile.ui.state import HazardDraft
from mobile.ui.theme import TOUCH
from mobile.ui.tree import walk
from shared.events import EventType
from shared.ids import CardId, ItemId, PostId
from tests.mobile.ui.fakes import FakePage, click, control, fire, has, screen_text, type_into
from tests.mobile.ui.pictures import a_photo


def drafted(app: PhoneApp) -> HazardDraft:
    assert app.state.hazard is not None
    return app.state.hazard


def open_form(
    ui: tuple[PhoneApp, FakePage], draft: HazardDraft | None = None
) -> tuple[PhoneApp, FakePage]:
    app, page = ui
    app.state.hazard = draft
    app.go("/report")
    return app, page


def test_a_blank_report_needs_a_title(ui, phone):
    _, page = open_form(ui)
    click(page, "hazard-submit")
    assert "请填写隐患名称" in screen_text(page)
    assert phone.record.pending() == []


def test_every_field_and_the_photos_go_into_one_hazard_reported_event(ui, phone, photos):
    _, page = open_form(ui)
    type_into(page, "hazard-title", "灭火器被杂物遮挡")
    type_into(page, "hazard-description", "灶台旁灭火器前堆放纸箱")
    type_into(page, "hazard-location", "后厨灶台旁")
    click(page, "grade-major")
    menu = control(page, "hazard-category")
    menu.value = "5"
    fire(menu.on_select)
    photos.picked = [a_photo(1), a_photo(2)]
    click(page, "hazard-photos-gallery")
    click(page, "hazard-submit")
    [event] = phone.record.pending()
    assert event.type is EventType.HAZARD_REPORTED
    payload = event.payload
    assert (payload["title"], payload["grade"], payload["category"]) == (
        "灭火器被杂物遮挡",
        "major",
        5,
    )
    assert payload["location"] == "后厨灶台旁" and len(payload["photos"]) == 2
    assert page.view.route == "/hazards"
    assert "待同步" in screen_text(page)


def test_a_photo_can_be_removed_before_submitting(ui, photos):
    app, page = open_form(ui)
    photos.picked = [a_photo()]
    click(page, "hazard-photos-gallery")
    [sha] = [p.sha256 for p in drafted(app).photos]
    click(page, f"hazard-photos-remove-{sha[:8]}")
    assert drafted(app).photos == []


def test_a_file_that_is_not_a_picture_is_refused_with_a_message(ui, photos):
    app, page = open_form(ui)
    photos.picked = [b"not a picture"]
    click(page, "hazard-photos-gallery")
    assert drafted(app).photos == []
    assert any("不是照片" in text for text in page.snacks())


def test_the_camera_button_takes_a_picture_in_a_dialog(ui, photos):
    app, page = open_form(ui)
    photos.captured = a_photo()
    click(page, "hazard-photos-camera")
    dialog = page.dialogs[-1]
    assert all(button.height >= 48 for button in dialog.actions)
    take = dialog.actions[1]
    fire(take.on_click)
    assert len(drafted(app).photos) == 1


def test_several_failed_items_are_reported_one_after_another_or_skipped(ui, phone):
    ids = {"post_id": PostId("P-STOVE"), "card_id": CardId("CARD-STOVE")}
    first = HazardReport(title="软管漏气", item_id=ItemId("3"), **ids)  # type: ignore[arg-type]
    second = HazardReport(title="排风不畅", item_id=ItemId("8"), **ids)  # type: ignore[arg-type]
    _app, page = open_form(ui, HazardDraft.from_report(first, [second]))
    assert "还有 1 个不合格项待报告" in screen_text(page)
    type_into(page, "hazard-no-photo-reason", "手机没电，未能拍照")
    click(page, "hazard-submit")
    assert control(page, "hazard-title").value == "排风不畅"
    assert control(page, "hazard-skip").height >= 48  # a touch target, not 32 px
    click(page, "hazard-skip")
    assert page.view.route == "/hazards"
    assert [e.payload["item_id"] for e in phone.record.pending()] == ["3"]


def test_a_title_too_long_for_the_record_is_refused_with_a_reason(ui, phone):
    _, page = open_form(ui)
    type_into(page, "hazard-title", "长" * 301)
    type_into(page, "hazard-no-photo-reason", "现场禁止拍照")
    click(page, "hazard-submit")
    assert "最多 300 字" in screen_text(page)
    assert phone.record.pending() == []


def test_a_report_without_a_photo_or_a_reason_is_not_saved_and_says_what_it_needs(ui, phone):
    _, page = open_form(ui)
    type_into(page, "hazard-title", "安全出口被堵")
    click(page, "hazard-submit")
    assert "请拍一张现场照片，或写明没有照片的原因" in screen_text(page)
    assert phone.record.pending() == []
    type_into(page, "hazard-no-photo-reason", "手机没电")
    assert not control(page, "refusal").visible  # fixed: the message leaves as it is typed
    click(page, "hazard-submit")
    [event] = phone.record.pending()
    assert event.payload["no_photo_reason"] == "手机没电" and event.payload["photos"] == []


def test_a_photo_clears_the_need_for_a_reason_and_the_reason_field_goes(ui, phone, photos):
    _, page = open_form(ui)
    type_into(page, "hazard-title", "安全出口被堵")
    click(page, "hazard-submit")
    photos.picked = [a_photo()]
    click(page, "hazard-photos-gallery")
    assert "请拍一张现场照片" not in screen_text(page)
    assert not has(page, "hazard-no-photo-reason")
    click(page, "hazard-submit")
    [event] = phone.record.pending()
    assert "no_photo_reason" not in event.payload and len(event.payload["photos"]) == 1


def test_the_title_message_leaves_once_a_title_is_typed(ui):
    _, page = open_form(ui)
    click(page, "hazard-submit")
    assert control(page, "refusal").visible
    type_into(page, "hazard-title", "灭火器过期")
    assert "请填写隐患名称" not in control(page, "refusal").value


def test_every_field_takes_no_more_than_the_server_does(ui):
    _, page = open_form(ui)
    limits = {
        "hazard-title": 300,
        "hazard-description": 4000,
        "hazard-location": 300,
        "hazard-no-photo-reason": 1000,
    }
    assert {key: control(page, key).max_length for key in limits} == limits


def test_a_text_file_picked_as_a_photo_says_so_under_the_photos_until_a_photo_is_added(ui, photos):
    app, page = open_form(ui)
    photos.picked = [b"just some notes\n"]  # a .txt chosen from the gallery
    click(page, "hazard-photos-gallery")
    assert drafted(app).photos == []
    assert "不是照片" in control(page, "hazard-photos-refusal").value
    photos.picked = [a_photo()]
    click(page, "hazard-photos-gallery")
    assert not has(page, "hazard-photos-refusal")


def test_the_next_report_starts_without_the_last_ones_photo_message(ui, photos):
    app, page = open_form(ui)
    photos.picked = [b"just some notes\n"]
    click(page, "hazard-photos-gallery")
    assert has(page, "hazard-photos-refusal")
    open_form((app, page), HazardDraft())
    assert not has(page, "hazard-photos-refusal")


def test_the_category_menu_is_named_for_a_screen_reader_whatever_is_chosen(ui):
    _, page = open_form(ui)
    menu = control(page, "hazard-category")
    [named] = [c for c in walk(page.view) if isinstance(c, ft.Semantics) and c.content is menu]
    assert named.label == "隐患类型" and named.container


def test_the_saved_snack_bar_floats_clear_of_the_main_button(ui, phone):
    _, page = open_form(ui)
    type_into(page, "hazard-title", "通道堵塞")
    type_into(page, "hazard-no-photo-reason", "手机没电")
    click(page, "hazard-submit")

    [snack] = [d for d in page.dialogs if isinstance(d, ft.SnackBar)]
    assert page.snacks() == ["已保存到手机，待同步"]
    assert snack.behavior is ft.SnackBarBehavior.FLOATING
    assert isinstance(snack.margin, ft.Margin)
    assert snack.margin.bottom >= TOUCH + 16  # the foot's main button (报告隐患) stays visible
