"""今日's reminders for a worker and the counts on the tabs (badges)."""

from __future__ import annotations

from mobile.ui.badges import badge_text
from tests.mobile.stories import story
from tests.mobile.ui.fakes import click, control, screen_text, text_of


def test_a_fix_sent_back_shows_on_today_as_rejected_with_why_and_opens_the_hazard(ui, phone):
    story(phone.record, "YH-1", "assign start rectify reject")
    app, page = ui
    app.go("/today")
    shown = text_of(control(page, "nudge-fix-YH-1"))
    assert "整改被驳回：灭火器压力不足（照片看不清压力表）" in shown
    click(page, "nudge-fix-YH-1")
    assert page.view.route == "/hazards/YH-1"


def test_the_today_tab_counts_the_workers_reminders(ui, phone):
    app, page = ui
    app.go("/today")
    before = int(control(page, "badge-today").badge)  # the cards open at 10:00
    story(phone.record, "YH-1", "assign")
    app.go("/today")
    assert int(control(page, "badge-today").badge) == before + 1
    assert "新的整改任务：灭火器压力不足" in screen_text(page)


def test_an_open_card_reminds_the_worker_when_to_tick_it(ui):
    app, page = ui
    app.go("/today")
    assert "每班检查卡待检，20:00 前完成" in screen_text(page)


def test_no_count_no_badge_and_a_large_count_stays_short():
    assert (badge_text(0), badge_text(3), badge_text(100)) == (None, "3", "99+")
