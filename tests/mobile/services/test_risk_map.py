"""The 四色图 on the phone: the plan and pins are events folded as the server folds them."""

from __future__ import annotations

import pytest

from mobile.local_record import LocalRecord
from mobile.services.risk_map import local_map, map_picture, pin_point, set_plan, unpin_point
from shared.errors import InvalidInput
from shared.ids import RiskPointId
from shared.payloads import PhotoRef, risk_map_id
from tests.mobile.world import KITCHEN, MANAGER

GAS = RiskPointId("R-KITCHEN-GAS")
PLAN = PhotoRef(sha256="cd" * 32, size=5000)


def test_a_plan_and_a_pin_are_filed_under_the_enterprises_map_and_fold_at_once(
    kitchen: LocalRecord,
):
    plan = set_plan(kitchen, MANAGER, PLAN)
    pinned = pin_point(kitchen, MANAGER, GAS, 0.123456, 0.5)
    assert {plan.aggregate.id, pinned.aggregate.id} == {risk_map_id(KITCHEN)}
    drawn = local_map(kitchen, KITCHEN)
    assert drawn.plan == PLAN
    assert (drawn.pins[GAS].x, drawn.pins[GAS].y) == (0.1235, 0.5)
    [entry] = [e for e in map_picture(kitchen, kitchen.store, KITCHEN).entries if e.point.id == GAS]
    assert entry.pin is not None and entry.number >= 1


@pytest.mark.parametrize(("x", "y"), [(-0.01, 0.5), (0.5, 1.01)])
def test_a_tap_outside_the_plan_places_nothing(kitchen: LocalRecord, x: float, y: float):
    with pytest.raises(InvalidInput):
        pin_point(kitchen, MANAGER, GAS, x, y)
    assert kitchen.pending() == []


def test_a_removed_pin_leaves_the_point_listed_as_not_placed(kitchen: LocalRecord):
    pin_point(kitchen, MANAGER, GAS, 0.3, 0.4)
    unpin_point(kitchen, MANAGER, GAS)
    assert GAS not in local_map(kitchen, KITCHEN).pins
    [entry] = [e for e in map_picture(kitchen, kitchen.store, KITCHEN).entries if e.point.id == GAS]
    assert entry.pin is None
