"""奖惩积分 on the manager's phone: the month's table, best first, last month, and the export."""

from __future__ import annotations

from typing import Any

from mobile.services.rewards import REWARDS, previous_month
from mobile.sync.reads import _doc_name
from tests.mobile.ui.fakes import click, control, screen_text, text_of
from tests.mobile.world import KITCHEN

RULES = {"confirmed_hazard": 3, "card_on_time": 0.5, "fix_on_time": 2, "concealment": 10}


def month_body(month: str, people: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "tenant": KITCHEN, "name": "海港区老街小厨餐馆", "month": month,
        "first": f"{month}-01", "last": f"{month}-28", "rules": RULES, "people": people,
    }  # fmt: skip


def person(user: str, name: str, points: float, **changes: Any) -> dict[str, Any]:
    return {
        "user_id": user, "name": name, "cards_on_time": 20, "hazards_found": 2,
        "hazards_confirmed": 1, "fixes_on_time": 1, "concealments": 0, "points": points,
        "reasons": [],
    } | changes  # fmt: skip


def keep(phone: Any, month: str, people: list[dict[str, Any]]) -> None:
    """The server's answer for the month, fetched earlier."""
    phone.store.write_doc(
        _doc_name(REWARDS, {"month": month}),
        {"body": month_body(month, people), "at_ms": 1_764_460_800_000},
    )


def test_the_manager_opens_the_table_from_the_score_and_sees_everyone_best_first(ui, phone, clock):
    month = f"{clock.now:%Y-%m}"
    concealed = "11-27 09:00 勾选合格，11-28 10:00 执法检查发现“燃气阀”不合格（瞒报）"
    keep(
        phone,
        month,
        [
            person("worker2", "小张", 17.0),
            person("worker1", "王师傅", 7.0, concealments=1, reasons=[concealed]),
        ],
    )
    app, page = ui
    app.go("/scoreboard")
    page.run_tasks()
    click(page, "rewards")
    page.run_tasks()
    assert page.view.route == "/rewards"
    text = screen_text(page)
    assert "积分规则：确认隐患 +3 · 按时检查卡 +0.5 · 按时整改 +2 · 瞒报 −10" in text
    assert text.index("1. 小张") < text.index("2. 王师傅")
    mine = text_of(control(page, "rewards-worker1"))
    assert "7 分" in mine and concealed in mine and "瞒报 1" in mine


def test_the_manager_switches_to_last_month(ui, phone, clock):
    earlier = f"{previous_month(clock.now.date()):%Y-%m}"
    keep(phone, earlier, [person("worker1", "王师傅", 3.0)])
    app, page = ui
    app.go("/rewards")
    page.run_tasks()
    click(page, "rewards-switch")
    page.run_tasks()
    assert f"{earlier}-01 至 {earlier}-28" in screen_text(page)


def test_offline_the_export_says_it_needs_the_server(ui, phone, clock):
    keep(phone, f"{clock.now:%Y-%m}", [])
    app, page = ui
    app.go("/rewards")
    page.run_tasks()
    assert "本月还没有人有积分" in screen_text(page)
    click(page, "rewards-export")
    page.run_tasks()
    assert "离线：联网后才能导出。" in page.snacks()
