"""企业档案: kept scores and lights (dated), risks by colour, open hazards, 开始检查."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tests.mobile.ui.fakes import click, has, screen_text
from tests.mobile.ui.inspector.conftest import REGULATOR, keep_read
from tests.mobile.world import KITCHEN, MONDAY_10, pulled_hazard, sign_in_offline


def day(n: int, total: float, completion: float) -> dict[str, Any]:
    return {
        "tenant": KITCHEN, "name": "海港区老街小厨餐馆", "grid_unit": "V-DL",
        "day": f"2026-11-{n:02d}", "total": total, "tier": "orange", "month_score": 71.5,
        "light": "red", "ranks": {},
        "lights": [{"colour": "red", "code": "overdue_major", "reason_zh": "重大隐患逾期未整改",
                    "reason_en": "a major hazard is overdue"}],
        "components": [{"code": "card_completion", "label_zh": "检查卡完成率",
                        "points": 35 * completion, "max_points": 35,
                        "detail": "按时 20，补做 2，漏检 8"}],
        "deductions": [],
    }  # fmt: skip


SCORES = [day(27, 70.0, 0.5), day(28, 68.5, 0.8)]


def test_the_profile_shows_the_kept_scores_dated_and_marked_offline(phone, open_app):
    keep_read(phone, f"/v1/scores/enterprises/{KITCHEN}", SCORES)
    _, page = open_app(phone, f"/enterprises/{KITCHEN}")
    page.run_tasks()  # the scores are fetched behind the screen
    text = screen_text(page)
    shown = ("海港区老街小厨餐馆", "D类", "68.5", "71.5", "评分日期 2026-11-28",
             "离线：显示 11-30 08:00 获取的评分", "重大隐患逾期未整改",
             "80% · 按时 20")  # fmt: skip
    for words in shown:
        assert words in text, words
    assert has(page, "light-red")


def test_without_scores_the_profile_says_they_come_once_online(phone, open_app):
    _, page = open_app(phone, f"/enterprises/{KITCHEN}")
    page.run_tasks()  # the scores are fetched behind the screen
    assert "暂无评分（联网后显示）" in screen_text(page)


def test_risk_points_come_by_colour_and_open_hazards_overdue_first(phone, open_app, clock):
    late = pulled_hazard(phone.record, "H-LATE", title="灭火器压力不足",
                         deadline=MONDAY_10 - timedelta(days=1))  # fmt: skip
    fresh = pulled_hazard(phone.record, "H-FRESH", title="排油烟罩油垢积聚", assignee=None)
    phone.record.absorb([e.model_dump(mode="json") for e in late + fresh], cursor=3)
    _, page = open_app(phone, f"/enterprises/{KITCHEN}")
    page.run_tasks()  # the scores are fetched behind the screen
    text = screen_text(page)
    assert has(page, "risk-orange") and "较大风险（橙） 1" in text
    assert "未闭环隐患（2）" in text
    assert text.index("灭火器压力不足") < text.index("排油烟罩油垢积聚")
    assert "逾期" in text
    click(page, "open-hazard-H-LATE")
    assert page.view.route == "/hazards/H-LATE"


def test_an_inspector_starts_an_inspection_from_the_profile(phone, open_app):
    _, page = open_app(phone, f"/enterprises/{KITCHEN}")
    page.run_tasks()  # the scores are fetched behind the screen
    click(page, "profile-start")
    assert page.view.route == f"/enterprises/{KITCHEN}/inspect"


def test_a_regulator_reads_the_profile_without_starting_an_inspection(phone, open_app):
    sign_in_offline(phone.store, REGULATOR)
    _, page = open_app(phone, f"/enterprises/{KITCHEN}")
    page.run_tasks()  # the scores are fetched behind the screen
    assert "海港区老街小厨餐馆" in screen_text(page)
    assert not has(page, "profile-start")


def test_an_enterprise_the_phone_does_not_hold_is_said_to_be_unknown(phone, open_app):
    _, page = open_app(phone, "/enterprises/91130322MA0DEM0036")
    assert "手机上没有这家企业的资料" in screen_text(page)


def test_the_scores_come_behind_the_screen_so_a_slow_network_never_freezes_it(phone, open_app):
    keep_read(phone, f"/v1/scores/enterprises/{KITCHEN}", SCORES)
    app, page = open_app(phone, f"/enterprises/{KITCHEN}")
    assert "正在获取…" in screen_text(page) and "68.5" not in screen_text(page)
    page.run_tasks()
    assert "68.5" in screen_text(page)
    app.refresh()  # a young copy is shown as it is: no fetch again, no loop of rebuilds
    assert page.tasks == [] and "68.5" in screen_text(page)
