"""重大隐患: 上报 → 治理方案 → 指派, with 挂牌督办 shown from the authority's event."""

from __future__ import annotations

from datetime import date

from shared.events import EventType
from shared.lifecycle import HazardStatus
from tests.mobile.stories import story
from tests.mobile.ui.fakes import click, control, fire, has, screen_text, type_into

E = EventType


def test_report_then_plan_then_the_assignment_opens(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", grade="major")
    app.go("/hazards/YH-1/major")
    assert not has(page, "major-plan")  # the plan comes after the report
    assert "上报后填写治理方案" in screen_text(page)
    click(page, "major-report")
    assert "请填写这一项" in (control(page, "major-authority").error or "")
    assert phone.record.pending() == []
    type_into(page, "major-authority", "海港区应急管理局")
    click(page, "major-report")
    assert "已上报：海港区应急管理局" in screen_text(page)
    type_into(page, "major-summary", "停用2号灶，更换燃气管路")
    type_into(page, "major-date", "2026-11-01")
    click(page, "major-plan")
    assert "期限不能早于今天" in (control(page, "major-date").error or "")
    type_into(page, "major-date", "2026-12-20")
    click(page, "major-plan")
    assert [e.type for e in phone.record.pending()] == [
        E.HAZARD_MAJOR_REPORTED,
        E.HAZARD_PLAN_ATTACHED,
    ]
    assert phone.record.projections.hazard("YH-1").status is HazardStatus.PLANNED
    assert "计划完成：2026-12-20" in screen_text(page)
    click(page, "major-assign")
    assert page.view.route == "/hazards/YH-1/assign"


def test_supervision_shows_its_level_and_deadline(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "major plan supervise", grade="major")
    app.go("/hazards/YH-1/major")
    assert "县级挂牌督办，期限 2026-12-15" in screen_text(page)
    assert not has(page, "major-report") and not has(page, "major-plan")


def test_the_supervision_names_its_responsible_unit(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "major plan supervise", grade="major")
    app.go("/hazards/YH-1/major")
    assert "督办责任单位：海港区应急管理局" in screen_text(page)


def test_a_refuted_hazard_says_who_refuted_it_and_why(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "major refute", grade="major")
    assert phone.record.projections.hazard("YH-1").status is HazardStatus.REGISTERED
    app.go("/hazards/YH-1/major")
    assert "监管部门否定为一般隐患：现场核实为一般隐患" in screen_text(page)
    assert not has(page, "major-plan")  # a general hazard now: no plan is owed


def test_a_general_hazard_has_no_major_steps(ui, phone):
    app, page = ui
    story(phone.record, "YH-1")
    app.go("/hazards/YH-1/major")
    assert "这不是重大隐患" in screen_text(page) and not has(page, "major-report")


def test_the_plans_date_comes_from_a_calendar_too(ui, phone):
    app, page = ui
    story(phone.record, "YH-1", "major", grade="major")
    app.go("/hazards/YH-1/major")

    click(page, "major-date-calendar")
    calendar = page.dialogs[-1]
    calendar.value = date(2027, 1, 15)
    fire(calendar.on_change)
    type_into(page, "major-summary", "停用2号灶，更换燃气管路")
    click(page, "major-plan")

    assert "计划完成：2027-01-15" in screen_text(page)
