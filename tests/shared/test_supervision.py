"""Classes A–D (Hebei direction), inspections a year and the inspector's due list."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from shared.ids import GridUnitId, TenantId
from shared.org import Enterprise, Industry, SmallPlaceKind, SupervisionClass
from shared.risk import RiskColour
from shared.supervision import (
    ClassDecision,
    VisitStatus,
    due_list,
    green_month_streak,
    next_visit,
    supervision_class,
    yearly_quota,
)
from tests.sync_server.builders import credit_code

C = SupervisionClass
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
