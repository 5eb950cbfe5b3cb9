"""Classes A–D (Hebei direction), inspections a year and the inspector's due list."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from shared.ids import GridUnitId, TenantId
from shared.org import Enterprise, Industry, SmallPlaceKind, SupervisionClass
from shared.risk import RiskColour
from shared.scoring import ScoreTier
from shared.supervision import (
    ClassDecision,
    SupervisionRules,
    VisitStatus,
    due_list,
    green_month_streak,
    last_month_tier,
    next_visit,
    quota_rule,
    supervision_class,
    yearly_quota,
)
from tests.sync_server.builders import credit_code

C = SupervisionClass
T = ScoreTier
TODAY = date(2026, 11, 29)


def company(**changes) -> Enterprise:
    fields = {
        "id": TenantId("T1"),
        "name": "测试",
        "credit_code": credit_code("91130300MA0000002"),
        "grid_unit_id": GridUnitId("V1"),
        "industry": Industry.MANUFACTURING,
        "staff_count": 40,
    }
    return Enterprise(**(fields | changes))


@pytest.mark.parametrize(
    ("changes", "colours", "expected", "code"),
    [
        ({"industry": Industry.HAZARDOUS_CHEMICALS}, (), C.A, "hazardous_chemicals"),
        ({}, (RiskColour.RED,), C.A, "red_point"),
        ({"above_designated_size": True, "staff_count": 301}, (), C.A, "large"),
        ({"above_designated_size": True, "staff_count": 300}, (), C.B, "above_size"),
        ({}, (RiskColour.ORANGE, RiskColour.BLUE), C.B, "orange_point"),
        ({"industry": Industry.WAREHOUSING, "staff_count": 50}, (), C.B, "large_warehouse"),
        ({}, (RiskColour.YELLOW,), C.C, "small_industrial"),
        (
            {"industry": Industry.SMALL_PLACE, "small_place_kind": SmallPlaceKind.SHOP},
            (),
            C.D,
            "small_place",
        ),
        ({"staff_count": 9}, (), C.D, "micro"),
        ({"staff_count": 9, "supervision_class": C.B}, (), C.B, "registered"),
    ],
)
def test_the_class_follows_the_first_row_of_the_table_that_applies(
    changes, colours, expected, code
):
    decision = supervision_class(company(**changes), colours)
    assert (decision.supervision_class, decision.code) == (expected, code)


@pytest.mark.parametrize(
    ("cls", "green_months", "quota"),
    [(C.A, 0, 4), (C.A, 6, 3), (C.B, 5, 2), (C.C, 6, 0), (C.D, 0, 0), (C.D, 12, 0)],
)
def test_six_green_months_take_one_inspection_a_year_off(cls, green_months, quota):
    assert yearly_quota(cls, green_months) == quota


def test_green_months_are_counted_back_from_last_month():
    months = {(2026, m): 92.0 for m in range(4, 11)} | {(2026, 3): 70.0, (2026, 11): 50.0}
    assert green_month_streak(months, TODAY) == 7
    assert green_month_streak({(2025, 12): 95.0}, date(2026, 1, 5)) == 1


def status(cls: SupervisionClass = C.A, **changes) -> VisitStatus:
    fields: dict[str, Any] = {
        "tenant": TenantId("T1"),
        "decision": ClassDecision(cls, "x", "x"),
        "visits": (),
        "red_since": None,
        "yellow_since": None,
        "green_months": 0,
    }
    return VisitStatus(**(fields | changes))


def test_the_kth_visit_of_the_year_is_due_by_the_end_of_the_kth_part_of_it():
    assert next_visit(status(), date(2026, 2, 1)).due_on == date(2026, 3, 31)  # type: ignore[union-attr]
    visited = status(visits=(date(2026, 3, 1), date(2026, 5, 1)))
    assert next_visit(visited, date(2026, 6, 1)).due_on == date(2026, 9, 30)  # type: ignore[union-attr]
    assert next_visit(status(C.D), TODAY) is None


def test_a_red_light_adds_a_visit_within_30_days_and_a_yellow_one_within_15():
    due = next_visit(
        status(C.D, red_since=date(2026, 11, 1), yellow_since=date(2026, 11, 10)), TODAY
    )
    assert due is not None
    assert (due.due_on, due.reasons, due.overdue) == (
        date(2026, 11, 25),
        ("red_light", "yellow_light"),
        True,
    )


def test_the_due_list_puts_the_most_pressing_first():
    later = status(C.C, tenant=TenantId("T2"))
    sooner = status(C.D, tenant=TenantId("T3"), yellow_since=date(2026, 11, 20))
    done = status(C.D, tenant=TenantId("T4"))
    assert [v.tenant for v in due_list([later, sooner, done], TODAY)] == ["T3", "T2"]


@pytest.mark.parametrize(
    ("cls", "tier", "green_months", "quota", "reason"),
    [
        (C.A, None, 0, 4, "A 类：每年 4 次"),  # not scored for a whole month: by class
        (C.A, T.GREEN, 0, 4, "A 类、上月优秀：每年 4 次"),
        (C.A, T.YELLOW, 0, 4, "A 类、上月良好：每年 4 次"),
        (C.A, T.ORANGE, 0, 5, "A 类、上月一般：每年 5 次"),
        (C.A, T.RED, 0, 6, "A 类、上月较差：每年 6 次"),
        (C.B, T.RED, 0, 4, "B 类、上月较差：每年 4 次"),
        (C.C, T.ORANGE, 0, 2, "C 类、上月一般：每年 2 次"),
        (C.D, T.GREEN, 0, 0, "D 类、上月优秀：每年 0 次"),
        (C.D, T.RED, 0, 2, "D 类、上月较差：每年 2 次"),  # even a 十小 place is visited
        (C.A, T.GREEN, 6, 3, "A 类、上月优秀、连续 6 个月优秀减 1 次：每年 3 次"),
    ],
)
def test_last_months_tier_sets_the_visits_a_year_with_the_class(
    cls, tier, green_months, quota, reason
):
    rule = quota_rule(cls, green_months, tier=tier)
    assert (rule.per_year, rule.reason_zh) == (quota, reason)
    assert yearly_quota(cls, green_months, tier=tier) == quota


def test_the_class_by_tier_table_is_data():
    rules = SupervisionRules(per_year_by_tier={C.C: {T.RED: 12}})
    assert quota_rule(C.C, 0, rules, T.RED).per_year == 12
    assert quota_rule(C.C, 0, rules, T.ORANGE).per_year == 1  # missing: the class's number


def test_last_months_tier_is_read_from_last_months_score():
    assert last_month_tier({(2026, 10): 55.0}, TODAY) is T.RED
    assert last_month_tier({(2026, 11): 55.0}, TODAY) is None  # this month is not over
    assert last_month_tier({(2025, 12): 80.0}, date(2026, 1, 3)) is T.YELLOW


@pytest.mark.parametrize(
    ("cls", "tier", "visits", "reasons", "quota"),
    [
        (C.D, T.RED, (), ("tier_red",), 2),  # a class D place is due only for its tier
        (C.C, T.RED, (date(2026, 3, 1),), ("tier_red",), 3),  # the class's visit is done
        (C.C, T.RED, (), ("regular",), 3),  # the class's own visit is still owed
        (C.C, T.GREEN, (), ("regular",), 1),
    ],
)
def test_the_due_list_says_which_rule_put_the_enterprise_there(cls, tier, visits, reasons, quota):
    due = next_visit(status(cls, month_tier=tier, visits=visits), date(2026, 4, 1))
    assert due is not None
    assert (due.reasons, due.quota) == (reasons, quota)
    assert due.quota_rule is not None and due.quota_rule.per_year == quota


def test_a_good_class_d_place_is_owed_no_visit():
    assert next_visit(status(C.D, month_tier=T.GREEN), date(2026, 4, 1)) is None
