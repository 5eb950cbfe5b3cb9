"""指派整改: field errors under the fields, nothing saved until right; a 重大隐患 needs its plan."""

from __future__ import annotations

from datetime import date

import pytest

from mobile.reference import save_reference
from shared.events import EventType
from shared.lifecycle import HazardStatus
from tests.mobile.stories import story
from tests.mobile.ui.fakes import click, control, fire, has, pick, screen_text, type_into
from tests.mobile.world import demo_reference_body


def test_the_form_proposes_a_deadline_three_days_ahead(ui, phone):
    app, page = ui
    story(phone.record, "YH-1")
    app.go("/hazards/YH-1/assign")
    assert control(page, "assign-deadline").value == "2026-12-03"


@pytest.mark.parametrize(
    ("field", "text", "key", "message"),
    [
        ("assign-deadline", "2026-11-01", "assign-deadline", "期限不能早于今天"),
        ("assign-deadline", "下周一", "assign-deadline", "日期格式不对"),
        ("assign-budget", "-20", "assign-budget", "金额请填写不小于 0 的数字"),
    ],
)
def test_a_wrong_field_is_named_under_it_and_nothing_is_saved(ui, phone, field, text, key, message):
    app, page = ui
    story(phone.record, "YH-1")
    app.go("/hazards/YH-1/assign")
    pick(page, "assign-assignee", "worker1")
    type_into(page, field, text)
    click(page, "assign-save")
    assert message in (control(page, key).error or "")
    assert phone.record.pending() == []
    assert control(page, field).value == text  # what was typed stays


def test_a_right_assignment_is_saved_first_and_shows_pending(ui, phone):
    app, page = ui
    story(phone.record, "YH-1")
    app.go("/hazards/YH-1/assign")
    pick(page, "assign-assignee", "worker1")
    type_into(page, "assign-measures", "更换灭火器")
    type_into(page, "assign-budget", "160")
    click(page, "assign-save")
    [event] = phone.record.pending()
    assert event.type is EventType.HAZARD_ASSIGNED and event.payload["budget_yuan"] == "160.00"
    assert page.view.route == "/hazards/YH-1"
    assert phone.record.projections.hazard("YH-1").status is HazardStatus.TO_RECTIFY
    assert has(page, "pending") and "已保存到手机，待同步" in page.snacks()


def test_a_major_hazard_without_a_plan_leads_to_the_major_screen(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "major", grade="major")
    app.go("/hazards/YH-1/assign")
    assert "须先上报并制定治理方案" in screen_text(page)
    assert not has(page, "assign-save")
    click(page, "assign-to-major")
    assert page.view.route == "/hazards/YH-1/major"


def test_all_wrong_fields_show_their_message_together(ui, phone):
    app, page = ui
    story(phone.record, "YH-1")
    app.go("/hazards/YH-1/assign")
    type_into(page, "assign-deadline", "2026-11-01")
    type_into(page, "assign-budget", "-5")
    click(page, "assign-save")
    assert control(page, "assign-assignee").error_text == "请填写这一项。"
    assert control(page, "assign-deadline").error == "期限不能早于今天。"
    assert control(page, "assign-budget").error.startswith("金额请填写")
    assert phone.record.pending() == []


def test_the_picker_offers_the_enterprises_active_workers_and_managers_by_name(ui, phone):
    app, page = ui
    body = demo_reference_body()
    gone = {**body["person"][0], "user_id": "worker-gone", "display_name": "离职员工"}
    body["person"].append({**gone, "active": False})
    save_reference(phone.store, body, now_ms=1)
    story(phone.record, "YH-1")

    app.go("/hazards/YH-1/assign")

    menu = control(page, "assign-assignee")
    offered = [(option.key, option.text) for option in menu.options]
    assert offered == [("worker1", "王师傅 · 后厨"), ("manager1", "李店长 · 店长")]


def test_the_calendar_fills_in_the_deadline(ui, phone):
    app, page = ui
    story(phone.record, "YH-1")
    app.go("/hazards/YH-1/assign")

    click(page, "assign-deadline-calendar")
    [calendar] = page.dialogs
    calendar.value = date(2026, 12, 11)
    fire(calendar.on_change)

    assert control(page, "assign-deadline").value == "2026-12-11"
    assert calendar.first_date == date(2026, 11, 30)  # nothing before today


def test_without_people_from_the_server_the_username_is_typed(ui, phone):
    app, page = ui
    body = demo_reference_body()
    del body["person"]
    save_reference(phone.store, body, now_ms=1)
    story(phone.record, "YH-1")
    app.go("/hazards/YH-1/assign")

    type_into(page, "assign-assignee", "worker1")
    click(page, "assign-save")

    [event] = phone.record.pending()
    assert event.payload["assignee"] == "worker1"
