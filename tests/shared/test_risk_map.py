"""The four-colour picture's fold: the latest plan and each point's latest pin, in any order."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.errors import InvalidInput
from shared.events import Event, EventType
from shared.ids import RiskPointId, TenantId
from shared.org import RiskPoint
from shared.payloads import risk_map_id
from shared.risk import ControlLevel, RiskColour, grade_lec
from shared.risk_map import Pin, colour_counts, fold_risk_map, map_entries
from tests.factories import TENANT, Device, foreign_manager, manager, manager2, worker

E = EventType
MAP = risk_map_id(TENANT)


def pin(device: Device, risk: str, x: float, y: float) -> Event:
    payload = {"risk_id": risk, "x": x, "y": y}
    return device.event(E.RISK_MAP_PINNED, MAP, base=0, payload=payload)


def unpin(device: Device, risk: str) -> Event:
    return device.event(E.RISK_MAP_UNPINNED, MAP, base=0, payload={"risk_id": risk})


def plan(device: Device, sha: str) -> Event:
    payload = {"photo": {"sha256": sha * 64, "size": 1000}}
    return device.event(E.RISK_MAP_PLAN_SET, MAP, base=0, payload=payload)


def test_a_map_without_events_has_no_plan_and_no_pins():
    assert fold_risk_map(TENANT, []).plan is None
    assert fold_risk_map(TENANT, []).pins == {}


def test_the_latest_plan_stands_and_pinning_again_moves_the_pin():
    phone = Device("m1", manager)
    events = [plan(phone, "a"), pin(phone, "R1", 0.1, 0.2), plan(phone, "b")]
    events.append(pin(phone, "R1", 0.5, 0.6))
    drawn = fold_risk_map(TENANT, events)
    assert drawn.plan is not None and drawn.plan.sha256 == "b" * 64
    assert drawn.plan_by == "manager1"
    assert (drawn.pins[RiskPointId("R1")].x, drawn.pins[RiskPointId("R1")].y) == (0.5, 0.6)


def test_a_removed_pin_is_gone_until_the_point_is_pinned_again():
    phone = Device("m1", manager)
    events = [pin(phone, "R1", 0.1, 0.2), pin(phone, "R2", 0.3, 0.3), unpin(phone, "R1")]
    assert set(fold_risk_map(TENANT, events).pins) == {"R2"}
    events.append(pin(phone, "R1", 0.7, 0.8))
    again = fold_risk_map(TENANT, events).pins[RiskPointId("R1")]
    assert (again.x, again.y) == (0.7, 0.8)


def test_removing_a_pin_that_was_never_placed_changes_nothing():
    assert fold_risk_map(TENANT, [unpin(Device("m1", manager), "R9")]).pins == {}


def test_a_workers_removal_of_a_pin_changes_nothing():
    events = [pin(Device("m1", manager), "R1", 0.1, 0.1), unpin(Device("w1", worker), "R1")]
    assert set(fold_risk_map(TENANT, events).pins) == {"R1"}


def test_a_workers_or_another_enterprises_pin_changes_nothing():
    events = [
        pin(Device("w1", worker), "R1", 0.1, 0.1),
        pin(Device("f1", foreign_manager), "R1", 0.2, 0.2),
    ]
    assert fold_risk_map(TENANT, events).pins == {}


@pytest.mark.parametrize(
    ("x", "y"),
    [(-0.01, 0.5), (1.01, 0.5), (0.5, -1), (0.5, 2), (float("nan"), 0.5), (0.5, float("inf"))],
)
def test_a_pin_off_the_plan_is_refused(x, y):
    with pytest.raises(InvalidInput):
        Event.from_wire(
            pin(Device("m1", manager), "R1", 0.5, 0.5).model_dump(mode="json")
            | {"payload": {"risk_id": "R1", "x": x, "y": y}}
        )


def test_map_events_must_be_filed_under_the_enterprises_map():
    wrong = pin(Device("m1", manager), "R1", 0.5, 0.5).model_dump(mode="json")
    wrong["aggregate"]["id"] = "MAP-somewhere-else"
    with pytest.raises(InvalidInput, match="四色图"):
        Event.from_wire(wrong)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000))
def test_the_fold_is_the_same_whatever_order_the_events_arrive_in(seed):
    one, two = Device("m1", manager), Device("m2", manager2)
    rng = random.Random(seed)
    events = []
    for _ in range(8):
        phone = rng.choice([one, two])
        if rng.random() < 0.3:
            events.append(plan(phone, rng.choice("abc")))
        elif rng.random() < 0.3:
            events.append(unpin(phone, rng.choice(["R1", "R2"])))
        else:
            events.append(pin(phone, rng.choice(["R1", "R2"]), rng.random(), rng.random()))
    shuffled = events[:]
    rng.shuffle(shuffled)
    assert fold_risk_map(TENANT, shuffled) == fold_risk_map(TENANT, events)


def point(risk_id: str, name: str, l: float) -> RiskPoint:  # noqa: E741
    return RiskPoint(
        id=RiskPointId(risk_id),
        tenant=TenantId(TENANT),
        name=name,
        lec=grade_lec(l, 6, 15),
        control_level=ControlLevel.TEAM,
    )


def test_points_are_numbered_gravest_first_and_the_legend_counts_every_colour():
    points = [point("R1", "配电箱", 1), point("R2", "燃气灶", 6), point("R3", "油锅", 3)]
    pins = {RiskPointId("R3"): Pin(risk_id=RiskPointId("R3"), x=0.1, y=0.2, by="m", at=MAP_AT)}
    entries = map_entries(points, pins)
    assert [(e.number, e.point.id, e.colour) for e in entries] == [
        (1, "R2", RiskColour.RED),
        (2, "R3", RiskColour.ORANGE),
        (3, "R1", RiskColour.YELLOW),
    ]
    assert entries[1].pin is not None and entries[0].pin is None
    assert colour_counts(entries) == {
        RiskColour.RED: 1,
        RiskColour.ORANGE: 1,
        RiskColour.YELLOW: 1,
        RiskColour.BLUE: 0,
    }


MAP_AT = fold_risk_map(TENANT, [pin(Device("m9", manager), "R1", 0, 0)]).pins[RiskPointId("R1")].at
