"""The risk point's fold: the six steps as events, folded the same whatever the arrival order."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.errors import BadRiskFactor, InvalidInput
from shared.events import Event, EventType
from shared.hazards import Outcome
from shared.ids import RiskPointId
from shared.payloads import PAYLOAD_MODELS, RiskReassessed
from shared.risk import ControlLevel, RiskColour
from shared.risk_register import RISK_TRANSITIONS, Risk, RiskStatus, fold_risk, fold_risks
from tests.factories import PAYLOADS, Device, foreign_manager, manager, manager2, worker

E = EventType


def identify(device: Device, risk: str = "R1", **changes: Any) -> Event:
    return device.event(
        E.RISK_IDENTIFIED, risk, base=0, payload={**PAYLOADS[E.RISK_IDENTIFIED], **changes}
    )


def regrade(device: Device, l: float, e: float, c: float, *, base: int, why: str = "复查") -> Event:  # noqa: E741
    payload = {"grading": {"lec": {"l": l, "e": e, "c": c}}, "reason": why}
    return device.event(E.RISK_REGRADED, "R1", base=base, payload=payload)


def review(device: Device, results: dict[str, str], *, review_id: str = "V1") -> Event:
    payload = {"reason": "annual", "results": {r: {"result": v} for r, v in results.items()}}
    return device.event(E.RISK_LIST_REVIEWED, review_id, base=0, payload=payload)


# --- Grading: the colour and the 管控层级 follow from the factors ------------------------------


@pytest.mark.parametrize(
    ("grading", "colour", "level"),
    [
        ({"lec": {"l": 3, "e": 6, "c": 15}}, RiskColour.ORANGE, ControlLevel.WORKSHOP),  # D 270
        ({"lec": {"l": 6, "e": 6, "c": 15}}, RiskColour.RED, ControlLevel.COMPANY),  # D 540
        ({"lec": {"l": 1, "e": 6, "c": 15}}, RiskColour.YELLOW, ControlLevel.TEAM),  # D 90
        ({"lec": {"l": 1, "e": 1, "c": 7}}, RiskColour.BLUE, ControlLevel.POST),  # D 7
        ({"ls": {"l": 4, "s": 4}}, RiskColour.ORANGE, ControlLevel.WORKSHOP),  # R 16
        # Both methods: the graver colour stands.
        (
            {"lec": {"l": 1, "e": 1, "c": 7}, "ls": {"l": 5, "s": 4}},
            RiskColour.RED,
            ControlLevel.COMPANY,
        ),
        # An enterprise may lead a point higher than its colour asks.
        (
            {"ls": {"l": 1, "s": 2}, "control_level": "company"},
            RiskColour.BLUE,
            ControlLevel.COMPANY,
        ),
    ],
)
def test_identifying_grades_the_point_and_derives_its_control_level(grading, colour, level):
    risk = fold_risk([identify(Device("pm", manager), grading=grading)])
    assert risk is not None
    assert (risk.grade.colour, risk.grade.control_level) == (colour, level)
    assert risk.point().colour is colour


@pytest.mark.parametrize(
    ("grading", "code"),
    [
        ({"lec": {"l": 4, "e": 6, "c": 15}}, BadRiskFactor.code),  # 4 is not an L of the table
        ({"ls": {"l": 6, "s": 1}}, BadRiskFactor.code),
        ({}, InvalidInput.code),  # neither method
    ],
)
def test_a_grading_outside_the_tables_is_refused_at_the_edge_with_its_code(grading, code):
    event = identify(Device("pm", manager)).model_dump(mode="json")
    event["payload"]["grading"] = grading
    with pytest.raises(InvalidInput) as refused:
        Event.from_wire(event)
    assert refused.value.code == code


# --- The transition and role tables ------------------------------------------------------------


def test_the_table_lets_an_active_point_take_every_step_and_a_retired_one_none():
    later = [E.RISK_REGRADED, E.RISK_MEASURE_ADDED, E.RISK_REASSESSED, E.RISK_LIST_REVIEWED]
    assert all(RISK_TRANSITIONS[(RiskStatus.ACTIVE, kind)] is RiskStatus.ACTIVE for kind in later)
    assert not [key for key in RISK_TRANSITIONS if key[0] is RiskStatus.RETIRED]


@pytest.mark.parametrize(
    ("actor", "made"),
    [(manager, True), (worker, False), (foreign_manager, False)],
)
def test_only_the_enterprises_safety_manager_identifies_its_risks(actor, made):
    assert (fold_risk([identify(Device("p", actor))]) is not None) is made


def test_a_regrading_records_who_when_the_old_and_new_colour_and_why():
    pm = Device("pm", manager)
    events = [identify(pm), regrade(pm, 6, 6, 15, base=1, why="灶具老化")]
    risk = fold_risk(events)
    assert risk is not None
    line = risk.timeline[-1]
    assert (line.actor.user_id, line.at, line.outcome) == (
        "manager1",
        events[1].at,
        Outcome.APPLIED,
    )
    assert (line.colour_before, line.colour_after, line.detail) == (
        RiskColour.ORANGE,
        RiskColour.RED,
        "灶具老化",
    )
    assert risk.grade.colour is RiskColour.RED


def test_concurrent_regradings_keep_the_graver_colour_and_both_are_in_the_record():
    pm, pm2 = Device("pm", manager), Device("pm2", manager2)
    start = identify(pm)
    down = regrade(pm, 1, 6, 15, base=1)  # yellow
    up = regrade(pm2, 6, 6, 15, base=1)  # red, not having seen the other
    for order in ([start, down, up], [up, start, down]):
        risk = fold_risk(order)
        assert risk is not None
        assert risk.grade.colour is RiskColour.RED
        assert [line.outcome for line in risk.timeline][1:] in (
            [Outcome.APPLIED, Outcome.MERGED],
            [Outcome.MERGED, Outcome.APPLIED],
        )


def test_a_measure_links_card_items_and_a_second_measure_under_its_id_is_refused():
    pm = Device("pm", manager)
    measure = pm.event(E.RISK_MEASURE_ADDED, "R1", base=1)
    again = pm.event(E.RISK_MEASURE_ADDED, "R1", base=2)
    risk = fold_risk([identify(pm), measure, again])
    assert risk is not None
    assert risk.checked_items() == {("C1", "1")}
    assert risk.timeline[-1].reason_code == "risk.illegal_transition"
    assert risk.point().measures == ("安装燃气泄漏报警器",)


def test_a_review_gives_each_point_its_verdict_and_retires_the_gone_ones():
    pm = Device("pm", manager)
    events = [
        identify(pm, "R1"),
        identify(pm, "R2"),
        review(pm, {"R1": "unchanged", "R2": "retired"}),
    ]
    risks: dict[str, Risk] = {str(key): risk for key, risk in fold_risks(events).items()}
    assert risks["R1"].status is RiskStatus.ACTIVE
    assert risks["R2"].status is RiskStatus.RETIRED
    assert [mark.result.value for mark in risks["R1"].reviews] == ["unchanged"]
    late = regrade(pm, 6, 6, 15, base=2)
    late = late.model_copy(update={"aggregate": late.aggregate.model_copy(update={"id": "R2"})})
    retired = fold_risks([*events, late])[RiskPointId("R2")]
    assert retired.timeline[-1].reason_code == "risk.illegal_transition"


@pytest.mark.parametrize(
    ("payload", "valid"),
    [
        ({"hazard_id": "H1", "decision": "keep"}, True),
        ({"hazard_id": "H1", "decision": "regrade"}, False),  # without the new grading
        ({"hazard_id": "H1", "decision": "add_measure"}, False),  # without the measure
        ({"hazard_id": "H1", "decision": "keep", "measure": PAYLOADS[E.RISK_MEASURE_ADDED]}, False),
        ({"hazard_id": "H1", "decision": "regrade", "regrade": PAYLOADS[E.RISK_REGRADED]}, True),
    ],
)
def test_a_reassessment_carries_exactly_what_its_decision_needs(payload, valid):
    try:
        RiskReassessed.model_validate(payload)
    except ValueError:
        assert not valid
    else:
        assert valid


def test_a_reassessment_after_a_hazard_is_recorded_and_can_regrade_and_add_a_measure_at_once():
    pm = Device("pm", manager)
    answer = {
        "hazard_id": "H7",
        "decision": "regrade",
        "regrade": PAYLOADS[E.RISK_REGRADED],
        "measure": PAYLOADS[E.RISK_MEASURE_ADDED],
    }
    risk = fold_risk([identify(pm), pm.event(E.RISK_REASSESSED, "R1", base=1, payload=answer)])
    assert risk is not None
    assert [(m.hazard_id, m.decision.value) for m in risk.reassessments] == [("H7", "regrade")]
    assert risk.grade.colour is RiskColour.RED
    assert [m.id for m in risk.measures] == ["M1"]
    assert risk.timeline[-1].colour_before is RiskColour.ORANGE


def test_payload_models_know_every_risk_event():
    assert {k for k in PAYLOAD_MODELS if k.startswith("risk")} == {
        e.value for e in EventType if e.value.startswith("risk")
    }


# --- Properties ---------------------------------------------------------------------------------

KINDS = [E.RISK_REGRADED, E.RISK_MEASURE_ADDED, E.RISK_REASSESSED, E.RISK_LIST_REVIEWED]
GRADINGS = [
    {"lec": {"l": l, "e": 6, "c": 15}}
    for l in (0.5, 1, 3, 6, 10)  # noqa: E741
] + [{"ls": {"l": l, "s": 5}} for l in (1, 3, 5)]  # noqa: E741


@st.composite
def offline_histories(draw):
    """An identification, then steps by two managers whose phones sync only now and then."""
    devices = [Device("pm", manager), Device("pm2", manager2), Device("pw", worker)]
    events = [identify(devices[0])]
    seen = {d.name: 1 for d in devices}
    for n in range(draw(st.integers(1, 10))):
        device = draw(st.sampled_from(devices))
        if draw(st.booleans()):
            seen[device.name] = len(events)
            if draw(st.booleans()):
                device.saw(events)
        device.clock_ms += draw(st.integers(-86_400_000, 86_400_000))
        kind = draw(st.sampled_from(KINDS))
        payload = _payload(kind, draw(st.sampled_from(GRADINGS)), f"M{draw(st.integers(1, 3))}", n)
        aggregate = f"V{n}" if kind is E.RISK_LIST_REVIEWED else "R1"
        events.append(device.event(kind, aggregate, base=seen[device.name], payload=payload))
        seen[device.name] += 1
    return events


def _payload(kind: EventType, grading: dict[str, Any], measure: str, n: int) -> dict[str, Any]:
    if kind is E.RISK_REGRADED:
        return {"grading": grading, "reason": "复查"}
    if kind is E.RISK_MEASURE_ADDED:
        return {**PAYLOADS[kind], "measure_id": measure}
    if kind is E.RISK_REASSESSED:
        return {
            "hazard_id": f"H{n}",
            "decision": "regrade",
            "regrade": {"grading": grading, "reason": "x"},
        }
    return {"reason": "change", "results": {"R1": {"result": "retired" if n == 9 else "changed"}}}


@settings(max_examples=150, deadline=None)
@given(offline_histories(), st.randoms(use_true_random=False))
def test_every_arrival_order_folds_to_the_same_risk(events, rnd: random.Random):
    expected = fold_risk(events)
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert fold_risk(shuffled) == expected
    assert fold_risk([*shuffled, *shuffled[:3]]) == expected  # resends change nothing
    assert fold_risks(shuffled) == {"R1": expected}


@settings(max_examples=150, deadline=None)
@given(offline_histories())
def test_no_risk_event_is_ever_dropped_from_the_record(events):
    risk = fold_risk(events)
    assert risk is not None
    assert sorted(e.event_id for e in risk.timeline) == sorted(e.event_id for e in events)
    refused = [e for e in risk.timeline if e.outcome is Outcome.REFUSED]
    assert all(e.reason_code and e.reason for e in refused)
