"""检查卡: one item at a time, 合格 / 不合格 / 不适用, a note and photos; one event."""

from __future__ import annotations

import flet as ft

from mobile import reference
from mobile.ui.app import PhoneApp
from mobile.ui.chrome import scroll_key
from mobile.ui.tree import walk
from shared.events import EventType
from tests.mobile.ui.fakes import FakePage, click, control, fire, has, screen_text, type_into
from tests.mobile.ui.pictures import a_photo
from tests.mobile.world import demo_reference_body, sign_in_offline

SHIFT = "/check/P-STOVE/per_shift"  # two items: 3 连接软管, 8 通风排风
DAILY = "/check/P-STOVE/daily"  # six items


def open_card(ui: tuple[PhoneApp, FakePage], path: str = SHIFT) -> tuple[PhoneApp, FakePage]:
    app, page = ui
    app.go(path)
    return app, page


def test_the_card_shows_the_item_with_how_to_check_and_the_pass_criterion(ui):
    _, page = open_card(ui)
    text = screen_text(page)
    assert "每班 · 11月30日 第1班" in text
    assert "第 1 / 2 项" in text and "连接软管" in text
    assert "肥皂水检漏" in text and "合格软管长≤2 m" in text
    assert has(page, "switch-daily-2026-11-30")  # the post's other open cards are a tap away
    assert "每日 逾期" in screen_text(page)  # yesterday's, still to be made good


def test_pass_moves_on_to_the_next_item_and_fail_stays_with_a_hint(ui):
    _app, page = open_card(ui)
    click(page, "result-pass")
    assert "第 2 / 2 项" in screen_text(page)
    click(page, "result-fail")
    assert "第 2 / 2 项" in screen_text(page)
    assert "不合格：请拍照（必须有照片）" in screen_text(page)  # the item's evidence: a photo
    click(page, "dot-1")
    assert "第 1 / 2 项" in screen_text(page)


def test_submitting_waits_until_every_item_has_a_result(ui):
    _, page = open_card(ui)
    click(page, "check-next")
    assert control(page, "check-submit").disabled
    assert "还有 2 项未选择" in screen_text(page)


def test_an_all_pass_card_is_saved_as_one_event_and_the_worker_is_back_on_today(ui, phone):
    _, page = open_card(ui)
    click(page, "result-pass")
    click(page, "result-not_applicable")
    click(page, "check-submit")
    pending = phone.record.pending()
    assert [e.type for e in pending] == [EventType.CARD_SUBMITTED]
    items = pending[0].payload["items"]
    assert {k: v["result"] for k, v in items.items()} == {"3": "pass", "8": "not_applicable"}
    assert pending[0].payload["period"] == "2026-11-30#1"
    assert page.view.route == "/today"
    assert "已保存到手机，待同步" in page.snacks()


def test_a_failed_item_keeps_its_note_and_photo_and_leads_to_a_prefilled_hazard_report(
    ui, phone, photos
):
    app, page = open_card(ui)
    click(page, "result-fail")
    type_into(page, "item-note", "接头处有气泡")
    photos.picked = [a_photo()]
    click(page, "item-3-gallery")
    assert control(page, "item-note").value == "接头处有气泡"  # kept across the redraw
    click(page, "check-next")
    click(page, "result-pass")
    click(page, "check-submit")
    tick = phone.record.pending()[0].payload["items"]["3"]
    assert tick["result"] == "fail" and tick["note"] == "接头处有气泡"
    assert len(tick["photos"]) == 1
    assert page.view.route == "/report"
    draft = app.state.hazard
    assert draft is not None and draft.title == "软管老化龟裂、超长、加三通、漏气"
    assert draft.description.startswith("接头处有气泡")
    assert draft.location == "后厨 · 灶台岗"
    assert [p.sha256 for p in draft.photos] == [tick["photos"][0]["sha256"]]
    assert "来自检查项：连接软管" in screen_text(page)


def test_a_card_with_nothing_left_to_tick_says_so(ui):
    _app, page = open_card(ui, "/check/P-NOPE/daily")
    assert "没有需要检查的卡片" in screen_text(page)
    click(page, "check-back")
    assert page.view.route == "/today"


def test_two_open_instances_of_one_frequency_each_open_their_own(ui):
    _, page = open_card(ui, "/check/P-STOVE/weekly/2026-W49")
    assert "每周 · 11-30 至 12-06" in screen_text(page)
    click(page, "switch-weekly-2026-W48")
    assert page.view.route == "/check/P-STOVE/weekly/2026-W48"
    assert "每周 · 11-23 至 11-29" in screen_text(page)


def test_the_back_arrow_and_the_system_back_return_to_today(ui):
    _app, page = open_card(ui)
    assert len(page.views) == 2  # an empty base view for the system back gesture
    fire(page.on_view_pop)
    assert page.view.route == "/today"


def test_a_note_too_long_for_the_record_keeps_the_card_open_and_says_why(ui, phone):
    _, page = open_card(ui)
    type_into(page, "item-note", "长" * 4001)
    click(page, "result-pass")
    click(page, "result-pass")
    click(page, "check-submit")
    assert phone.record.pending() == []
    assert page.view.route == SHIFT and "最多 300 字" in page.snacks()[-1]


def test_a_failed_item_without_its_photo_cannot_be_submitted_and_says_so_beside_the_item(
    ui, phone, photos
):
    _app, page = open_card(ui)
    click(page, "result-fail")
    type_into(page, "item-note", "接头处有气泡")  # a note, but the item asks for a photo
    click(page, "check-next")
    click(page, "result-pass")
    click(page, "check-submit")
    assert phone.record.pending() == []
    assert "第 1 / 2 项" in screen_text(page)  # back on the item lacking its photo
    assert control(page, "evidence-error").visible
    assert "不合格：请拍照（必须有照片）" in control(page, "evidence-error").value
    assert "第 1 项不合格，还缺少照片或说明" in control(page, "evidence-missing").value
    photos.picked = [a_photo()]
    click(page, "item-3-gallery")
    assert not control(page, "evidence-error").visible  # fixed: the message is gone
    assert not control(page, "evidence-missing").visible
    click(page, "check-next")
    click(page, "check-submit")
    assert [e.type for e in phone.record.pending()] == [EventType.CARD_SUBMITTED]


def test_a_note_does_not_clear_the_message_of_an_item_that_asks_for_a_photo(ui, phone):
    app, page = open_card(ui)
    click(page, "result-pass")
    click(page, "result-fail")
    click(page, "check-submit")
    assert control(page, "evidence-error").visible
    assert app.state.card is not None and app.state.card.tried
    type_into(page, "item-note", "排风机不转")  # item 8 asks for a photo: still missing
    assert control(page, "evidence-error").visible
    assert phone.record.pending() == []


def test_the_note_field_takes_no_more_than_the_server_does(ui):
    _, page = open_card(ui)
    assert control(page, "item-note").max_length == 4000


def test_a_refused_submit_scrolls_once_to_what_the_item_still_lacks(ui):
    """The hint, note and photo buttons may sit under the footer; the screen brings them up."""
    _app, page = open_card(ui)
    click(page, "result-fail")
    click(page, "check-next")
    click(page, "result-pass")
    page.tasks.clear()
    click(page, "check-submit")
    target = scroll_key("evidence-hint")
    hint = [c for c in walk(page.view) if isinstance(c, ft.Text) and c.key == target]
    assert len(hint) == 1 and "请拍照" in str(hint[0].value)
    assert len(page.tasks) == 1  # the scroll, run once the screen is on the page
    click(page, "result-fail")  # the next build of the same screen leaves the scroll alone
    assert len(page.tasks) == 1


def test_a_gallery_closed_without_a_photo_leaves_the_screen_where_it_was(ui, photos):
    """A rebuilt screen scrolls back to its top: nothing picked, nothing rebuilt."""
    _app, page = open_card(ui)
    click(page, "result-fail")
    shown = page.view
    photos.picked = []
    click(page, "item-3-gallery")
    assert page.view is shown
    photos.picked = [a_photo()]
    click(page, "item-3-gallery")
    assert page.view is not shown and "照片 1" in screen_text(page)


def test_an_item_naming_a_person_shows_their_name_beside_the_post(make_phone, open_app):
    phone = make_phone()
    sign_in_offline(phone.store)
    body = demo_reference_body()
    for card in body["card"]:
        card["items"] = [{**item, "responsible": "worker1"} for item in card["items"]]
    reference.save_reference(phone.store, body, now_ms=0)
    _, page = open_card(open_app(phone))
    assert "责任人：王师傅（" in screen_text(page)


def test_an_item_naming_no_one_shows_its_posts_responsible(make_phone, open_app):
    phone = make_phone()
    sign_in_offline(phone.store)
    body = demo_reference_body()
    body["post"] = [{**post, "responsible": "manager1"} for post in body["post"]]
    reference.save_reference(phone.store, body, now_ms=0)
    _, page = open_card(open_app(phone))
    assert "责任人：李店长（" in screen_text(page)
