"""待检: the due list from the server (kept for offline), the grid before it, and 扫码."""

from __future__ import annotations

from tests.mobile.ui.fakes import click, control, has, screen_text, text_of
from tests.mobile.ui.inspector.conftest import keep_read
from tests.mobile.world import KITCHEN, LATHES

DUE = [
    {"tenant": LATHES, "name": "秦海市精工机械加工厂", "grid_unit": "Z-XC",
     "supervision_class": "C", "class_reason": "小型工贸", "due_on": "2026-12-31",
     "reasons": ["regular"], "overdue": False, "visits_this_year": 0, "quota": 1},
    {"tenant": KITCHEN, "name": "海港区老街小厨餐馆", "grid_unit": "V-DL",
     "supervision_class": "D", "class_reason": "十小场所", "due_on": "2026-11-20",
     "reasons": ["red_light", "regular"], "overdue": True, "visits_this_year": 1, "quota": 1},
]  # fmt: skip


def test_an_inspector_opens_on_the_due_list_with_a_scan_button(phone, open_app):
    _, page = open_app(phone)
    assert page.view.route == "/due"
    click(page, "due-scan")
    assert page.view.route == "/scan"


def test_before_the_list_was_ever_fetched_the_grid_stands_in(phone, open_app):
    _, page = open_app(phone, "/due")
    page.run_tasks()  # the list is fetched behind the screen
    assert "还没有取到待检清单" in screen_text(page)
    assert has(page, f"grid-{KITCHEN}") and has(page, f"grid-{LATHES}")
    click(page, f"grid-{LATHES}")
    assert page.view.route == f"/enterprises/{LATHES}"


def test_enterprises_not_due_are_listed_below_the_due_ones(phone, open_app):
    keep_read(phone, "/v1/supervision/due", DUE[:1])
    _, page = open_app(phone, "/due")
    page.run_tasks()
    assert has(page, f"due-{LATHES}") and not has(page, f"grid-{LATHES}")
    assert "辖区其他企业" in screen_text(page) and has(page, f"grid-{KITCHEN}")


def test_the_kept_list_shows_offline_overdue_first_with_its_reasons(phone, open_app):
    keep_read(phone, "/v1/supervision/due", DUE)
    _, page = open_app(phone, "/due")
    page.run_tasks()  # the list is fetched behind the screen
    text = screen_text(page)
    assert "离线：11-30 08:00 获取的清单" in text
    assert text.index("海港区老街小厨餐馆") < text.index("秦海市精工机械加工厂")
    for words in ("已逾期", "红灯：30 天内须检查", "年度计划检查", "十小场所", "今年已检 1/1 次"):
        assert words in text
    click(page, f"due-{KITCHEN}")
    assert page.view.route == f"/enterprises/{KITCHEN}"


def test_the_due_tab_counts_the_weeks_visits_and_the_list_says_how_many(phone, open_app):
    keep_read(phone, "/v1/supervision/due", DUE)  # one overdue, one due at the year's end
    _, page = open_app(phone, "/due")
    page.run_tasks()
    assert control(page, "badge-due").badge == "1"
    assert text_of(control(page, "due-week")) == "本周应检 1 家（含逾期）"


def test_before_the_list_was_ever_fetched_the_due_tab_has_no_count(phone, open_app):
    _, page = open_app(phone, "/due")
    assert not has(page, "badge-due")
