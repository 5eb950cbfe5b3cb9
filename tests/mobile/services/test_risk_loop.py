"""The risk loop on the manager's phone: the calculator, the six steps, loop 3 and the 待办."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mobile.local_record import LocalRecord
from mobile.services.reporting import report_from_item, report_hazard
from mobile.services.risk_loop import (
    MeasureDraft,
    ReassessDraft,
    RiskDraft,
    control_of_item,
    explain,
    identify_risk,
    local_risks,
    reassess,
    regrade_risk,
    review_list,
    risk_todos,
)
from shared.events import Event, EventType
from shared.payloads import (
    Grading,
    HazardSource,
    MeasureKind,
    ReassessDecision,
    ReviewReason,
    ReviewResult,
    RiskSubject,
)
from shared.risk import AccidentType, FiveHigh, RiskColour
from tests.factories import Device
from tests.mobile.world import KITCHEN, MANAGER, WORKER

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def grading(**methods: Any) -> Grading:
    return Grading.model_validate(methods)


@pytest.mark.parametrize(
    ("methods", "number", "colour", "why", "level"),
    [
        (
            {"lec": {"l": 3, "e": 6, "c": 15}},
            "D = 3 × 6 × 15 = 270",
            "较大风险",
            "160 ≤ D < 320",
            "车间级",
        ),
        (
            {"lec": {"l": 6, "e": 6, "c": 15}},
            "D = 6 × 6 × 15 = 540",
            "重大风险",
            "D ≥ 320",
            "公司级",
        ),
        (
            {"lec": {"l": 10, "e": 1, "c": 7}},
            "D = 10 × 1 × 7 = 70",
            "一般风险",
            "70 ≤ D < 160",
            "班组级",
        ),
        ({"lec": {"l": 0.5, "e": 6, "c": 7}}, "D = 0.5 × 6 × 7 = 21", "低风险", "D < 70", "岗位级"),
        ({"ls": {"l": 4, "s": 4}}, "R = 4 × 4 = 16", "较大风险", "15 ≤ R < 20", "车间级"),
        ({"ls": {"l": 3, "s": 3}}, "R = 3 × 3 = 9", "一般风险", "9 ≤ R < 15", "班组级"),
    ],
)
def test_the_calculator_shows_the_number_the_band_and_why(methods, number, colour, why, level):
    shown = explain(grading(**methods))
    assert (shown.number, shown.colour_name, shown.why, shown.level_name) == (
        number,
        colour,
        why,
        level,
    )


def test_with_both_methods_the_calculator_explains_the_graver_one():
    shown = explain(grading(lec={"l": 0.5, "e": 6, "c": 7}, ls={"l": 5, "s": 4}))
    assert (shown.number, shown.colour_name) == ("R = 5 × 4 = 20", "重大风险")


def kitchen_gas(*checks: tuple[str, str]) -> RiskDraft:
    return RiskDraft(
        subject=RiskSubject.EQUIPMENT,
        name="后厨燃气灶具",
        five_high=FiveHigh.MATERIAL,
        accident_types=(AccidentType.FIRE, AccidentType.OTHER_EXPLOSION),
        grading=grading(lec={"l": 3, "e": 6, "c": 15}),
        post_id="P-STOVE",
        location="后厨",
        measures=(MeasureDraft(MeasureKind.ENGINEERING, "燃气泄漏报警器", checks),),
    )


def test_the_six_steps_save_a_point_and_its_measure_as_events_folded_at_once(kitchen):
    risk_id, made = identify_risk(kitchen, MANAGER, kitchen_gas(("CARD-STOVE", "3")))
    assert [e.type for e in made] == [EventType.RISK_IDENTIFIED, EventType.RISK_MEASURE_ADDED]
    risk = local_risks(kitchen)[risk_id]
    assert (risk.grade.colour, risk.post_id) == (RiskColour.ORANGE, "P-STOVE")
    assert risk.checked_items() == {("CARD-STOVE", "3")}
    regrade_risk(kitchen, MANAGER, risk_id, grading(lec={"l": 6, "e": 6, "c": 15}), "泄漏多次")
    risk = local_risks(kitchen)[risk_id]
    assert (risk.timeline[-1].colour_before, risk.grade.colour) == (
        RiskColour.ORANGE,
        RiskColour.RED,
    )


def test_a_failed_item_that_checks_a_measure_reports_that_control_failing(kitchen, stove):
    risk_id, made = identify_risk(kitchen, MANAGER, kitchen_gas(("CARD-STOVE", "3")))
    measure_id = made[1].payload["measure_id"]
    assert control_of_item(kitchen, "CARD-STOVE", "3") == (risk_id, measure_id)
    assert control_of_item(kitchen, "CARD-STOVE", "1") is None
    item = next(i for i in stove.card.items if i.id == "3")
    control = control_of_item(kitchen, "CARD-STOVE", "3")
    report = replace(report_from_item(stove, item, control=control), no_photo_reason="无相机")
    event = report_hazard(kitchen, WORKER, report)
    assert event.payload["source"] == HazardSource.CONTROL_FAILURE
    assert (event.payload["risk_id"], event.payload["measure_id"]) == (risk_id, measure_id)


def test_an_orange_point_no_card_item_checks_waits_in_the_managers_todo(kitchen):
    identify_risk(kitchen, MANAGER, kitchen_gas())
    assert [r.name for r in risk_todos(kitchen, kitchen.store, MANAGER, NOW).uncovered] == [
        "后厨燃气灶具"
    ]
    identify_risk(kitchen, MANAGER, kitchen_gas(("CARD-STOVE", "3")))
    assert len(risk_todos(kitchen, kitchen.store, MANAGER, NOW).uncovered) == 1  # only the first


def _closed_hazard(record: LocalRecord, risk_id: str, measure_id: str, hazard_id: str) -> None:
    """A hazard of that control, fixed by the worker and closed by the manager, as pulled."""
    worker, manager = Device("pw", WORKER, tenant=KITCHEN), Device("pm", MANAGER, tenant=KITCHEN)
    report = {"title": "报警器失灵", "risk_id": risk_id, "measure_id": measure_id, "source": 9}
    made = [worker.event(EventType.HAZARD_REPORTED, hazard_id, base=0, payload=report)]
    made.append(worker.event(EventType.HAZARD_RECTIFIED, hazard_id, base=1))
    manager.saw(made)
    made.append(manager.event(EventType.HAZARD_ACCEPTED, hazard_id, base=2))
    made.append(manager.event(EventType.HAZARD_CLOSED, hazard_id, base=3))
    _pull(record, made)


def _pull(record: LocalRecord, made: list[Event]) -> None:
    cursor = record.store.cursor()
    page = [{**e.model_dump(mode="json"), "server_seq": cursor + i + 1} for i, e in enumerate(made)]
    record.absorb(page, cursor + len(made))


def test_a_closed_hazard_of_a_control_asks_to_reassess_until_answered(kitchen):
    risk_id, made = identify_risk(kitchen, MANAGER, kitchen_gas(("CARD-STOVE", "3")))
    _closed_hazard(kitchen, risk_id, made[1].payload["measure_id"], "H-1")
    [(hazard, risk)] = risk_todos(kitchen, kitchen.store, MANAGER, NOW).reassess
    assert (hazard.id, risk.id) == ("H-1", risk_id)
    answer = ReassessDraft(
        ReassessDecision.ADD_MEASURE,
        measure=MeasureDraft(MeasureKind.MANAGEMENT, "每班检查报警器", (("CARD-STOVE", "3"),)),
    )
    reassess(kitchen, MANAGER, hazard, answer)
    assert risk_todos(kitchen, kitchen.store, MANAGER, NOW).reassess == ()
    assert len(local_risks(kitchen)[risk_id].measures) == 2


def test_three_hazards_of_one_control_in_90_days_raise_it(kitchen):
    risk_id, made = identify_risk(kitchen, MANAGER, kitchen_gas(("CARD-STOVE", "3")))
    measure_id = made[1].payload["measure_id"]
    for n in range(3):
        _closed_hazard(kitchen, risk_id, measure_id, f"H-{n}")
    reported = [h.reported_at for h in kitchen.projections.hazards().values()]
    now = max(reported) + timedelta(days=1)
    [(control, risk)] = risk_todos(kitchen, kitchen.store, MANAGER, now).failing
    assert (control.measure_id, risk.id, len(control.hazard_ids)) == (measure_id, risk_id, 3)
    assert risk_todos(kitchen, kitchen.store, MANAGER, now + timedelta(days=91)).failing == ()


def test_the_review_gives_a_verdict_per_point(kitchen):
    risk_id, _ = identify_risk(kitchen, MANAGER, kitchen_gas())
    review_list(kitchen, MANAGER, ReviewReason.ANNUAL, {risk_id: ReviewResult.RETIRED})
    risk = local_risks(kitchen)[risk_id]
    assert risk.reviews[0].result is ReviewResult.RETIRED
    assert risk_todos(kitchen, kitchen.store, MANAGER, NOW).uncovered == ()  # retired
