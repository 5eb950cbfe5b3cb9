"""今日: the worker's posts and the card instances due, overdue and done, with counts."""

from __future__ import annotations

from datetime import timedelta

from mobile.services.actions import CardTick, tick_card
from shared.cards import ItemResult
from shared.ids import CardId, ItemId, PostId
from tests.mobile.ui.fakes import click, control, fire, has, screen_text, text_of
from tests.mobile.world import MONDAY_10, WORKER


def test_a_signed_in_worker_opens_on_today_with_the_posts_instances_and_counts(ui):
    _, page = ui
    assert page.view.route == "/today"
    assert "11月30日 周一" in screen_text(page)
    assert "灶台岗" in screen_text(page)
    assert text_of(control(page, "count-due")).startswith("4")  # shift, day, week, month
    assert text_of(control(page, "count-done")).startswith("0")
    for key in ("per_shift-2026-11-30#1", "daily-2026-11-30", "weekly-2026-W49", "monthly-2026-11"):
        assert "待检" in text_of(control(page, f"instance-P-STOVE-{key}"))


def test_yesterdays_card_and_last_weeks_are_overdue_while_they_can_still_be_made_good(ui):
    _, page = ui  # Monday 10:00: Sunday's daily card has 12 h of grace, last week's 2 days
    assert text_of(control(page, "count-overdue")).startswith("2")
    assert "逾期" in text_of(control(page, "instance-P-STOVE-daily-2026-11-29"))
    assert "逾期" in text_of(control(page, "instance-P-STOVE-weekly-2026-W48"))
    assert not has(page, "instance-P-STOVE-per_shift-2026-11-29#1")  # ended 20:00, grace 2 h


def test_tapping_an_instance_opens_its_card(ui):
    _, page = ui
    click(page, "instance-P-STOVE-daily-2026-11-30")
    assert page.view.route == "/check/P-STOVE/daily/2026-11-30"
    click_back = page.view.appbar.leading
    fire(click_back.on_click)
    click(page, "instance-P-STOVE-weekly-2026-W48")
    assert page.view.route == "/check/P-STOVE/weekly/2026-W48"


def test_a_ticked_instance_is_done_and_marked_not_synced_until_the_server_has_it(ui, phone):
    app_, page = ui
    tick_card(phone.record, WORKER, CardTick(
        post_id=PostId("P-STOVE"), card_id=CardId("CARD-STOVE"), card_version=1,
        period="2026-11-30", started_at=MONDAY_10, completed_at=MONDAY_10,
        results={ItemId(i): ItemResult.PASS for i in ("1", "2", "4", "5", "7", "9")},
    ))  # fmt: skip
    app_.refresh()
    row = control(page, "instance-P-STOVE-daily-2026-11-30")
    assert "已完成" in text_of(row) and "待同步" in text_of(row)
    assert row.on_click is None
    assert text_of(control(page, "count-done")).startswith("1")


def test_yesterdays_card_leaves_the_list_once_too_late_to_make_good(ui, clock):
    app_, page = ui
    clock.now = MONDAY_10 + timedelta(hours=2, minutes=1)  # 12:01: past the daily grace
    app_.refresh()
    assert not has(page, "instance-P-STOVE-daily-2026-11-29")
    assert has(page, "instance-P-STOVE-weekly-2026-W48")


def test_a_shift_that_has_not_started_is_listed_but_cannot_be_opened(ui, clock):
    app_, page = ui
    clock.now = MONDAY_10 - timedelta(hours=3)  # 07:00, the day shift starts at 08:00
    app_.refresh()
    row = control(page, "instance-P-STOVE-per_shift-2026-11-30#1")
    assert "08:00 开始" in text_of(row) and row.on_click is None


def test_before_the_first_sync_the_screen_says_the_posts_are_being_downloaded(make_phone, open_app):
    from tests.mobile.world import sign_in_offline

    phone = make_phone()
    sign_in_offline(phone.store)
    _, page = open_app(phone)
    assert "正在下载岗位和检查卡" in screen_text(page)


def test_the_scan_button_opens_the_scan_screen(ui):
    _, page = ui
    click(page, "start-scan")
    assert page.view.route == "/scan"
