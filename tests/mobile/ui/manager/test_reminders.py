"""提醒 in 待办: 挂牌督办, the enterprise's lights, late cards and deadlines near."""

from __future__ import annotations

from datetime import timedelta

from mobile.services.inbox import Remind, reminders
from mobile.sync.reads import _doc_name
from tests.mobile.stories import story
from tests.mobile.ui.fakes import click, control, has, screen_text, text_of
from tests.mobile.world import KITCHEN, MANAGER, MONDAY_10


def test_a_supervised_major_hazard_is_a_reminder_until_it_is_finished(ui, phone):
    app, page = ui
    story(phone.record, "YH-9", "major plan supervise", grade="major")
    app.go("/inbox")
    reminder = text_of(control(page, "remind-supervised-YH-9"))
    assert reminder == "挂牌督办（县级）：灭火器压力不足，期限 12-15"
    click(page, "remind-supervised-YH-9")
    assert page.view.route == "/hazards/YH-9"


def test_a_supervised_hazard_closed_by_the_manager_waits_for_the_authority_until_it_lifts_it(
    ui, phone
):
    app, page = ui
    closed = "major plan supervise assign rectify accept close"
    story(phone.record, "YH-9", closed, grade="major")
    story(phone.record, "YH-8", f"{closed} lift", grade="major", title="燃气管道锈蚀")
    app.go("/inbox")
    assert not has(page, "remind-supervised-YH-9")  # nothing is left for the enterprise to fix
    reminder = text_of(control(page, "remind-confirm-YH-9"))
    assert reminder == "挂牌督办（县级）：灭火器压力不足 已销号，待监管部门确认销号（解除督办）"
    assert not has(page, "remind-confirm-YH-8")  # 解除督办: the authority confirmed it
    click(page, "remind-confirm-YH-9")
    assert page.view.route == "/hazards/YH-9"


def test_a_rectification_two_days_from_its_deadline_is_a_reminder_an_overdue_one_is_not(
    ui, phone, clock
):
    story(phone.record, "YH-1", "assign")  # due Thursday 10:00
    story(phone.record, "YH-2", "late")  # due yesterday: 逾期, shown as such
    kinds = {r.key: r.kind for r in reminders(phone.record, MANAGER, clock())}
    assert "remind-deadline-YH-1" not in kinds  # three days away
    clock.now = MONDAY_10 + timedelta(days=1, hours=12)
    kinds = {r.key: r.kind for r in reminders(phone.record, MANAGER, clock())}
    assert kinds.get("remind-deadline-YH-1") is Remind.DEADLINE_NEAR
    assert "remind-deadline-YH-2" not in kinds
    app, page = ui
    app.go("/inbox")
    assert "整改即将到期：灭火器压力不足，期限 12-03 10:00" in screen_text(page)


def test_a_light_on_the_enterprise_is_a_reminder_that_opens_the_score(ui, phone):
    light = {
        "colour": "red",
        "code": "unused_system",
        "reason_en": "x",
        "reason_zh": "未使用系统：30 天无人打卡、无人登录",
    }
    day = {"tenant": KITCHEN, "day": "2026-11-29", "total": 50.0, "tier": "red",
           "month_score": 55.0, "ranks": {}, "components": [], "deductions": [],
           "lights": [light]}  # fmt: skip
    path = f"/v1/scores/enterprises/{KITCHEN}"
    phone.store.write_doc(_doc_name(path, None), {"body": [day], "at_ms": 1_764_460_800_000})
    app, page = ui
    app.go("/inbox")
    page.run_tasks()  # the score is fetched behind the screen
    assert "本企业亮红灯：未使用系统：30 天无人打卡、无人登录" in screen_text(page)
    click(page, "remind-light-0")
    assert page.view.route == "/scoreboard"


def test_cards_past_their_time_today_are_a_reminder_per_post_that_opens_the_enterprise(ui):
    app, page = ui  # Monday 10:00: the stove's early shift cards were never ticked
    app.go("/inbox")
    assert text_of(control(page, "remind-cards-P-STOVE")) == "后厨 · 灶台岗：今天 2 张检查卡已逾期"
    click(page, "remind-cards-P-STOVE")
    assert page.view.route == "/enterprise"


def test_only_what_is_so_is_a_reminder(phone, clock):
    kinds = {r.kind for r in reminders(phone.record, MANAGER, clock())}
    assert kinds == {Remind.CARDS_OVERDUE}  # no light known, nothing supervised or due soon
