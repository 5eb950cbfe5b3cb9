"""A manager's steps: refused input and refused rules save nothing; what passes is one event."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from mobile.services.managing import (
    Assignment,
    Plan,
    Refused,
    accept,
    allowed_steps,
    assign,
    attach_plan,
    close,
    conflict_sides,
    parse_budget,
    parse_day,
    reject,
    report_major,
    resolve_conflict,
    why_not,
)
from shared.events import EventType
from shared.lifecycle import HazardStatus
from shared.roles import Actor, Role
from tests.mobile.stories import MANAGER2, story
from tests.mobile.world import LATHES, MANAGER, MONDAY_10, WORKER

E = EventType
S = HazardStatus
TODAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("", "form.need_date"),
        ("   ", "form.need_date"),
        ("12/05", "form.bad_date"),  # not YYYY-MM-DD
        ("2026-13-01", "form.bad_date"),  # no such month
        ("2026-11-29", "form.past_date"),  # yesterday
    ],
)
def test_a_day_that_is_missing_malformed_or_past_is_refused(text, problem):
    with pytest.raises(Refused) as refused:
        parse_day(text, "deadline", TODAY)
    assert (refused.value.key, refused.value.field) == (problem, "deadline")


@pytest.mark.parametrize("text", ["2026-11-30", " 2026-12-05 "])
def test_today_and_later_days_are_taken(text):
    assert parse_day(text, "deadline", TODAY) >= TODAY


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("", None),  # not given
        ("160", Decimal("160.00")),
        ("85.5", Decimal("85.50")),
        ("¥1,500", Decimal("1500.00")),
        ("0", Decimal("0.00")),
    ],
)
def test_a_budget_is_yuan_with_two_decimals(text, amount):
    assert parse_budget(text, "budget") == amount


@pytest.mark.parametrize("text", ["-1", "一百", "1e999", "NaN", "12元"])
def test_a_negative_or_non_numeric_budget_is_refused(text):
    with pytest.raises(Refused) as refused:
        parse_budget(text, "budget")
    assert refused.value.key == "form.bad_money"


# (path of the hazard so far, grade) → the manager's steps the rules allow now
ALLOWED = [
    ("", "general", {E.HAZARD_ASSIGNED}),
    ("assign", "general", {E.HAZARD_ASSIGNED}),  # reassign
    ("assign start rectify", "general", {E.HAZARD_ACCEPTED, E.HAZARD_REJECTED}),
    ("assign start rectify accept", "general", {E.HAZARD_CLOSED}),
    ("assign start rectify accept close", "general", set()),
    ("", "major", {E.HAZARD_MAJOR_REPORTED}),  # 重大: not assigned before its plan
    ("major", "major", {E.HAZARD_PLAN_ATTACHED}),
    ("major plan", "major", {E.HAZARD_ASSIGNED}),
    ("major supervise", "major", {E.HAZARD_PLAN_ATTACHED}),  # supervised, still no plan
]


@pytest.mark.parametrize(("path", "grade", "steps"), ALLOWED)
def test_the_steps_offered_are_the_ones_the_rules_allow(kitchen, path, grade, steps):
    story(kitchen, "YH-1", path, grade=grade)
    hazard = kitchen.projections.hazard("YH-1")
    assert allowed_steps(hazard, MANAGER) == steps


@pytest.mark.parametrize(
    ("actor", "step", "problem"),
    [
        (WORKER, E.HAZARD_ACCEPTED, "manage.role"),  # a worker never accepts
        (
            Actor(user_id="manager9", role=Role.SAFETY_MANAGER, tenant=LATHES),
            E.HAZARD_ACCEPTED,
            "manage.role",  # another enterprise's manager
        ),
        (MANAGER, E.HAZARD_CLOSED, "manage.wrong_state"),  # not accepted yet
        (MANAGER, E.CONFLICT_RESOLVED, "manage.no_conflict"),
    ],
)
def test_why_a_step_is_refused_is_said_in_a_message_key(kitchen, actor, step, problem):
    story(kitchen, "YH-1", "assign start rectify")
    assert why_not(kitchen.projections.hazard("YH-1"), actor, step) == problem


def test_nobody_accepts_their_own_fix(kitchen):
    story(kitchen, "YH-1", "")
    own_fixer = Actor(user_id="worker1", role=Role.SAFETY_MANAGER, tenant=MANAGER.tenant)
    story(kitchen, "YH-2", "assign start rectify")
    assert why_not(kitchen.projections.hazard("YH-2"), own_fixer, E.HAZARD_ACCEPTED) == (
        "manage.own_fix"
    )


def test_an_assignment_is_saved_with_the_deadline_at_the_end_of_the_day(kitchen):
    story(kitchen, "YH-1")
    form = Assignment("worker1", "2026-12-03", " 更换灭火器 ", "160")
    event = assign(kitchen, MANAGER, "YH-1", form, MONDAY_10)
    assert event.payload == {
        "assignee": "worker1",
        "deadline": "2026-12-03T18:00:00+08:00",
        "measures": "更换灭火器",
        "budget_yuan": "160.00",
    }
    hazard = kitchen.projections.hazard("YH-1")
    assert hazard.status is S.TO_RECTIFY and hazard.budget_yuan == Decimal("160.00")
    assert [e.event_id for e in kitchen.pending()] == [event.event_id]


@pytest.mark.parametrize(
    ("form", "field", "problem"),
    [
        (Assignment("", "2026-12-03"), "assignee", "form.need_text"),
        (Assignment("nobody99", "2026-12-03"), "assignee", "assign.bad_assignee"),
        (Assignment("worker2", "2026-12-03"), "assignee", "assign.bad_assignee"),  # lathes'
        (Assignment("inspector1", "2026-12-03"), "assignee", "assign.bad_assignee"),
        (Assignment("worker1", "2026-11-01"), "deadline", "form.past_date"),
        (Assignment("worker1", "2026-12-03", budget="-5"), "budget", "form.bad_money"),
        (Assignment("worker1", "2026-12-03", measures="长" * 4001), None, "form.invalid"),
    ],
)
def test_a_bad_assignment_says_which_field_and_saves_nothing(kitchen, form, field, problem):
    story(kitchen, "YH-1")
    with pytest.raises(Refused) as refused:
        assign(kitchen, MANAGER, "YH-1", form, MONDAY_10)
    assert (refused.value.field, refused.value.key) == (field, problem)
    assert kitchen.pending() == []


def test_a_major_hazard_without_a_plan_is_not_assigned(kitchen):
    story(kitchen, "YH-1", "major", grade="major")
    with pytest.raises(Refused) as refused:
        assign(kitchen, MANAGER, "YH-1", Assignment("worker1", "2026-12-03"), MONDAY_10)
    assert refused.value.key == "assign.plan_first" and kitchen.pending() == []


def test_a_rejection_needs_a_reason_and_then_sends_the_work_back(kitchen):
    story(kitchen, "YH-1", "assign start rectify")
    with pytest.raises(Refused) as refused:
        reject(kitchen, MANAGER, "YH-1", "  ")
    assert refused.value.key == "form.need_reason" and kitchen.pending() == []
    reject(kitchen, MANAGER, "YH-1", "压力表仍在红区")
    hazard = kitchen.projections.hazard("YH-1")
    assert hazard.status is S.RECTIFYING and hazard.rejection_reasons == ("压力表仍在红区",)


def test_accepting_then_closing_finishes_the_loop(kitchen):
    story(kitchen, "YH-1", "assign start rectify")
    with pytest.raises(Refused):
        close(kitchen, MANAGER, "YH-1")  # not accepted yet
    accept(kitchen, MANAGER, "YH-1", "合格")
    close(kitchen, MANAGER, "YH-1")
    assert kitchen.projections.hazard("YH-1").status is S.CLOSED
    assert [e.type for e in kitchen.pending()] == [E.HAZARD_ACCEPTED, E.HAZARD_CLOSED]


def test_a_major_hazard_is_reported_then_planned_then_assignable(kitchen):
    story(kitchen, "YH-1", grade="major")
    with pytest.raises(Refused) as refused:
        report_major(kitchen, MANAGER, "YH-1", "")
    assert refused.value.field == "authority"
    report_major(kitchen, MANAGER, "YH-1", "海港区应急管理局", "海应急〔2026〕1号")
    with pytest.raises(Refused) as refused:
        attach_plan(kitchen, MANAGER, "YH-1", Plan("分库存放", "2026-01-01"), MONDAY_10)
    assert (refused.value.field, refused.value.key) == ("target_date", "form.past_date")
    attach_plan(kitchen, MANAGER, "YH-1", Plan("分库存放", "2026-12-20"), MONDAY_10)
    hazard = kitchen.projections.hazard("YH-1")
    assert hazard.status is S.PLANNED and hazard.plan_summary == "分库存放"
    assert hazard.authority_report == "海港区应急管理局 海应急〔2026〕1号"
    assert E.HAZARD_ASSIGNED in allowed_steps(hazard, MANAGER)


def test_a_conflict_shows_both_sides_and_is_resolved_with_a_reason(kitchen):
    story(
        kitchen,
        "YH-1",
        "assign start rectify",
        concurrent=(
            (MANAGER, E.HAZARD_ACCEPTED, {"comment": "合格"}),
            (MANAGER2, E.HAZARD_REJECTED, {"reason": "阀门仍漏气"}),
        ),
    )
    hazard = kitchen.projections.hazard("YH-1")
    [conflict] = hazard.open_conflicts()
    sides = conflict_sides(kitchen, hazard, conflict)
    assert [(s.entry.type, s.entry.actor.user_id, s.said, s.stands) for s in sides] == [
        (E.HAZARD_ACCEPTED, "manager1", "合格", False),
        (E.HAZARD_REJECTED, "manager2", "阀门仍漏气", True),
    ]
    with pytest.raises(Refused) as refused:
        resolve_conflict(kitchen, MANAGER, "YH-1", conflict.id, "")
    assert refused.value.key == "form.need_reason" and kitchen.pending() == []
    with pytest.raises(Refused) as refused:
        resolve_conflict(kitchen, MANAGER, "YH-1", "no-such-conflict", "核实")
    assert refused.value.key == "manage.no_conflict"
    resolve_conflict(kitchen, MANAGER, "YH-1", conflict.id, "现场复核确实漏气，维持驳回")
    assert kitchen.projections.hazard("YH-1").open_conflicts() == ()


def test_an_unknown_hazard_is_refused_without_saving(kitchen):
    with pytest.raises(Refused) as refused:
        accept(kitchen, MANAGER, "nope")
    assert refused.value.key == "manage.unknown" and kitchen.pending() == []


def test_every_wrong_field_of_an_assignment_is_named_at_once(kitchen):
    story(kitchen, "YH-1")
    with pytest.raises(Refused) as refused:
        assign(kitchen, MANAGER, "YH-1", Assignment("", "2026-11-01", budget="-5"), MONDAY_10)
    assert refused.value.fields == {
        "assignee": "form.need_text",
        "deadline": "form.past_date",
        "budget": "form.bad_money",
    }
    assert kitchen.pending() == []
