"""我的隐患: by state, with overdue and 待同步 marks; other people's hazards are not listed."""

from __future__ import annotations

from datetime import timedelta

from mobile.services.reporting import HazardReport, report_hazard
from tests.mobile.ui.fakes import click, control, has, screen_text, text_of
from tests.mobile.world import MONDAY_10, WORKER, pulled_hazard


def test_with_no_hazards_the_screen_says_so_and_offers_a_report(ui):
    app, page = ui
    app.go("/hazards")
    assert "还没有你上报或指派给你的隐患" in screen_text(page)
    click(page, "hazard-new")
    assert page.view.route == "/report"


def test_hazards_are_grouped_by_state_with_their_counts(ui, phone):
    app, page = ui
    pulled_hazard(phone.record, "YH-1")
    report_hazard(phone.record, WORKER, HazardReport("地面油污", no_photo_reason="无"))
    pulled_hazard(phone.record, "YH-OTHER", assignee="worker2", title="别人的隐患")
    app.go("/hazards")
    text = screen_text(page)
    assert "待整改 (1)" in text and "已登记 (1)" in text
    assert text.index("待整改") < text.index("已登记")
    assert "别人的隐患" not in text


def test_an_overdue_hazard_is_marked_and_an_unsent_report_is_marked_not_synced(ui, phone, clock):
    app, page = ui
    pulled_hazard(phone.record, "YH-1", deadline=MONDAY_10 - timedelta(hours=1))
    event = report_hazard(phone.record, WORKER, HazardReport("地面油污", no_photo_reason="无"))
    app.go("/hazards")
    late = control(page, "hazard-YH-1")
    assert "逾期" in text_of(late) and "待我整改" in text_of(late)
    mine = control(page, f"hazard-{event.aggregate.id}")
    assert "待同步" in text_of(mine) and "逾期" not in text_of(mine)


def test_tapping_a_hazard_opens_its_detail(ui, phone):
    app, page = ui
    pulled_hazard(phone.record, "YH-1")
    app.go("/hazards")
    click(page, "hazard-YH-1")
    assert page.view.route == "/hazards/YH-1"
    assert has(page, "hazard-title")
