"""Where the risk loop meets the hazard loop: coverage, the failed control, re-assessment."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from shared.cards import CheckCard
from shared.events import Event, EventType
from shared.hazards import fold_hazards
from shared.ids import RiskPointId
from shared.risk_loops import (
    FAILING_CONTROL_COUNT,
    control_checked_by,
    failing_controls,
    reassessments_due,
    uncovered_serious,
)
from shared.risk_register import Risk, fold_risks
from tests.factories import CARD_ITEM, PAYLOADS, TENANT, Device, at, manager, worker

E = EventType


def card(card_id: str = "C1", items: tuple[str, ...] = ("1",)) -> CheckCard:
    return CheckCard.model_validate(
        {
            "id": card_id,
            "tenant": TENANT,
            "name": "灶台岗",
            "version": 1,
            "items": [{**CARD_ITEM, "id": item} for item in items],
            "in_force_from": "2026-11-01",
        }
    )


def risks_of(*specs: tuple[str, dict[str, Any], list[dict[str, Any]]]) -> dict[RiskPointId, Risk]:
    pm = Device("pm", manager)
    events: list[Event] = []
    for risk_id, grading, checks in specs:
        payload = {**PAYLOADS[E.RISK_IDENTIFIED], "grading": grading}
        events.append(pm.event(E.RISK_IDENTIFIED, risk_id, base=0, payload=payload))
        measure = {**PAYLOADS[E.RISK_MEASURE_ADDED], "checks": checks}
        events.append(pm.event(E.RISK_MEASURE_ADDED, risk_id, base=1, payload=measure))
    return fold_risks(events)


RED = {"lec": {"l": 6, "e": 6, "c": 15}}
ORANGE = {"lec": {"l": 3, "e": 6, "c": 15}}
YELLOW = {"lec": {"l": 1, "e": 6, "c": 15}}
C1_1 = [{"card_id": "C1", "item_id": "1"}]
C1_9 = [{"card_id": "C1", "item_id": "9"}]


@pytest.mark.parametrize(
    ("grading", "checks", "flagged"),
    [
        (RED, [], True),  # red, no card item checks any measure
        (ORANGE, [], True),
        (YELLOW, [], False),  # yellow and blue are not flagged
        (RED, C1_1, False),  # an item of a card in use checks it
        (RED, C1_9, True),  # the linked item is no longer on the card
        (RED, [{"card_id": "C2", "item_id": "1"}], True),  # nor the card
    ],
)
def test_a_red_or_orange_point_no_card_item_checks_is_flagged_until_one_does(
    grading, checks, flagged
):
    risks = risks_of(("R1", grading, checks))
    assert bool(uncovered_serious(risks.values(), [card()])) is flagged


def test_a_failed_item_names_the_control_it_checks_the_gravest_point_first():
    risks = risks_of(("R1", YELLOW, C1_1), ("R2", RED, C1_1), ("R3", RED, C1_9))
    assert control_checked_by(risks.values(), "C1", "1") == ("R2", "M1")
    assert control_checked_by(risks.values(), "C1", "2") is None


def hazard_events(
    device: Device, hazard_id: str, *, closed: bool, measure: str = "M1"
) -> list[Event]:
    report = {**PAYLOADS[E.HAZARD_REPORTED], "risk_id": "R1", "measure_id": measure}
    events = [device.event(E.HAZARD_REPORTED, hazard_id, base=0, payload=report)]
    if closed:
        pm = Device(f"pm-{hazard_id}", manager)
        pm.saw(events)
        steps = [E.HAZARD_RECTIFIED, E.HAZARD_ACCEPTED, E.HAZARD_CLOSED]
        for n, kind in enumerate(steps, start=1):
            maker = device if kind is E.HAZARD_RECTIFIED else pm
            maker.saw(events)
            events.append(maker.event(kind, hazard_id, base=n))
    return events


def test_a_closed_hazard_of_a_control_asks_for_a_reassessment_until_the_answer_is_recorded():
    pw = Device("pw", worker)
    hazards = fold_hazards(
        [*hazard_events(pw, "H1", closed=True), *hazard_events(pw, "H2", closed=False)]
    )
    risks = risks_of(("R1", RED, C1_1))
    assert [h.id for h in reassessments_due(hazards.values(), risks)] == ["H1"]
    pm = Device("pm9", manager)
    answer = {"hazard_id": "H1", "decision": "keep"}
    pm.clock_ms += 10**8
    events = [
        pm.event(E.RISK_IDENTIFIED, "R1", base=0, payload={**PAYLOADS[E.RISK_IDENTIFIED]}),
        pm.event(E.RISK_REASSESSED, "R1", base=1, payload=answer),
    ]
    assert reassessments_due(hazards.values(), fold_risks(events)) == []


@pytest.mark.parametrize(
    ("ages_in_days", "raised"),
    [
        ([1, 30, 89], True),  # three in 90 days
        ([1, 30], False),  # two
        ([1, 30, 91], False),  # the third too long ago
    ],
)
def test_three_hazards_from_one_control_in_90_days_raise_it_as_not_working(ages_in_days, raised):
    hazards = []
    now = at(200)
    for n, age in enumerate(ages_in_days):
        pw = Device(f"pw{n}", worker)
        pw.clock_ms = int((now - timedelta(days=age)).timestamp() * 1000) - 1000
        hazards.extend(hazard_events(pw, f"H{n}", closed=False))
    folded = fold_hazards(hazards).values()
    found = failing_controls(folded, now)
    assert bool(found) is raised
    if raised:
        assert len(found[0].hazard_ids) == FAILING_CONTROL_COUNT
        assert (found[0].risk_id, found[0].measure_id) == ("R1", "M1")


def test_hazards_of_different_measures_do_not_add_up():
    pw = Device("pw", worker)
    events = [
        e for n in range(3) for e in hazard_events(pw, f"H{n}", closed=False, measure=f"M{n}")
    ]
    assert failing_controls(fold_hazards(events).values(), at(1)) == []
