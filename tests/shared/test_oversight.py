"""The authority's hand on a 重大隐患: 挂牌督办 with its 责任单位, confirm or refute, 解除督办."""

from __future__ import annotations

from typing import Any

import pytest

from shared.cards import HazardGrade
from shared.events import EventType
from shared.hazards import Hazard, Outcome, fold_hazard
from shared.lifecycle import HazardStatus
from shared.payloads import MajorVerdict
from tests.factories import Device, inspector, manager, regulator, worker
from tests.shared.test_hazards import walk

E, S = EventType, HazardStatus
MAJOR = {"title": "氧化剂与易燃溶剂同库混存", "grade": "major"}
REFUTED = {"verdict": "refuted", "reason": "现场核实为一般隐患"}
CONFIRMED = {"verdict": "confirmed", "reason": "经现场核实属重大隐患"}


def _fold(*steps: Any) -> Hazard:
    hazard = fold_hazard(walk(*steps))
    assert hazard is not None
    return hazard


def _closed_under_supervision(r: Device, m: Device) -> list[Any]:
    w = Device("pw", worker)  # the assignee fixes it; the manager accepts someone else's work
    return [
        (m, E.HAZARD_REPORTED, MAJOR),
        (m, E.HAZARD_MAJOR_REPORTED),
        (m, E.HAZARD_PLAN_ATTACHED),
        (
            r,
            E.HAZARD_SUPERVISED,
            {
                "level": "市级",
                "deadline": "2026-12-15T00:00:00Z",
                "responsible_unit": "海港区应急管理局",
            },
        ),
        (m, E.HAZARD_ASSIGNED),
        (w, E.HAZARD_RECTIFIED),
        (m, E.HAZARD_ACCEPTED),
        (m, E.HAZARD_CLOSED),
    ]


def test_a_supervision_names_its_responsible_unit():
    m, r = Device("pm", manager), Device("pr", regulator)
    hazard = _fold(*_closed_under_supervision(r, m)[:4])
    assert hazard.status is S.SUPERVISED
    assert hazard.supervision_unit == "海港区应急管理局"


def test_the_regulator_lifts_the_supervision_of_a_closed_hazard_and_it_is_recorded():
    m, r = Device("pm", manager), Device("pr", regulator)
    steps = _closed_under_supervision(r, m)
    hazard = _fold(*steps, (r, E.HAZARD_SUPERVISION_LIFTED, {"note": "现场核查已整改到位"}))
    assert hazard.status is S.CLOSED
    assert hazard.timeline[-1].outcome is Outcome.APPLIED
    assert hazard.supervision_lifted_by == "regulator1"
    assert hazard.supervision_lifted_at == hazard.timeline[-1].at


@pytest.mark.parametrize(
    ("name", "cut", "extra"),
    [
        ("not yet closed: 销号 comes first", 7, []),
        ("never supervised", None, []),
        ("lifted already", 8, [E.HAZARD_SUPERVISION_LIFTED]),
    ],
)
def test_a_supervision_is_lifted_only_once_and_only_after_销号(
    name: str, cut: int | None, extra: list[EventType]
) -> None:
    m, r = Device("pm", manager), Device("pr", regulator)
    steps = _closed_under_supervision(r, m)
    # cut None: the same hazard without its 挂牌督办
    steps = [s for s in steps if s[1] is not E.HAZARD_SUPERVISED] if cut is None else steps[:cut]
    steps += [(r, kind) for kind in extra]
    hazard = _fold(*steps, (r, E.HAZARD_SUPERVISION_LIFTED))
    assert hazard.timeline[-1].outcome is Outcome.REFUSED, name
    assert hazard.timeline[-1].reason_code == "hazard.illegal_transition"


def test_a_worker_or_manager_may_not_lift_a_supervision():
    m, r, w = Device("pm", manager), Device("pr", regulator), Device("pw", worker)
    hazard = _fold(*_closed_under_supervision(r, m), (m, E.HAZARD_SUPERVISION_LIFTED))
    assert hazard.timeline[-1].reason_code == "auth.not_permitted"
    hazard = _fold(*_closed_under_supervision(r, m), (w, E.HAZARD_SUPERVISION_LIFTED))
    assert hazard.timeline[-1].reason_code == "auth.not_permitted"


def test_a_confirmation_keeps_the_hazard_where_it_is_and_records_who_when_and_why():
    m, i = Device("pm", manager), Device("pi", inspector)
    hazard = _fold(
        (m, E.HAZARD_REPORTED, MAJOR),
        (m, E.HAZARD_MAJOR_REPORTED),
        (i, E.HAZARD_MAJOR_REVIEWED, CONFIRMED),
    )
    assert (hazard.status, hazard.grade) == (S.REPORTED, HazardGrade.MAJOR)
    (review,) = hazard.major_reviews
    assert review.verdict is MajorVerdict.CONFIRMED
    assert review.by.user_id == "inspector1"
    assert review.reason == "经现场核实属重大隐患"
    assert review.at == hazard.timeline[-1].at


@pytest.mark.parametrize(
    ("steps_before", "status_after"),
    [
        ([], S.REGISTERED),  # not yet reported: stays 登记, now a 一般隐患
        ([E.HAZARD_MAJOR_REPORTED], S.REGISTERED),  # leaves the 重大隐患 detour
        ([E.HAZARD_MAJOR_REPORTED, E.HAZARD_PLAN_ATTACHED], S.REGISTERED),
        ([E.HAZARD_MAJOR_REPORTED, E.HAZARD_PLAN_ATTACHED, E.HAZARD_ASSIGNED], S.TO_RECTIFY),
    ],
)
def test_a_refuted_major_hazard_becomes_a_general_one_handled_as_such(
    steps_before: list[EventType], status_after: HazardStatus
) -> None:
    m, r = Device("pm", manager), Device("pr", regulator)
    steps: list[Any] = [(m, E.HAZARD_REPORTED, MAJOR), *((m, kind) for kind in steps_before)]
    hazard = _fold(*steps, (r, E.HAZARD_MAJOR_REVIEWED, REFUTED))
    assert hazard.timeline[-1].outcome is Outcome.APPLIED
    assert (hazard.status, hazard.grade) == (status_after, HazardGrade.GENERAL)
    assert hazard.major_reviews[-1].verdict is MajorVerdict.REFUTED


def test_a_refuted_hazard_is_assigned_without_a_plan_even_after_上报():
    m, r = Device("pm", manager), Device("pr", regulator)
    hazard = _fold(
        (m, E.HAZARD_REPORTED, MAJOR),
        (m, E.HAZARD_MAJOR_REPORTED),
        (r, E.HAZARD_MAJOR_REVIEWED, REFUTED),
        (m, E.HAZARD_ASSIGNED),
    )
    assert hazard.timeline[-1].outcome is Outcome.APPLIED
    assert hazard.status is S.TO_RECTIFY


@pytest.mark.parametrize(
    ("name", "steps", "review", "code"),
    [
        (
            "a general hazard has nothing to review",
            [(E.HAZARD_REPORTED, {"title": "x"})],
            CONFIRMED,
            "hazard.illegal_transition",
        ),
        (
            "a supervised hazard is not refuted",
            [
                (E.HAZARD_REPORTED, MAJOR),
                (E.HAZARD_MAJOR_REPORTED, None),
                (E.HAZARD_SUPERVISED, None),
            ],
            REFUTED,
            "hazard.illegal_transition",
        ),
    ],
)
def test_a_review_the_rules_do_not_allow_is_refused_with_its_code(
    name: str,
    steps: list[tuple[EventType, dict[str, Any] | None]],
    review: dict[str, Any],
    code: str,
) -> None:
    m, r = Device("pm", manager), Device("pr", regulator)
    walked: list[Any] = [
        (r if kind is E.HAZARD_SUPERVISED else m, kind, *([p] if p else [])) for kind, p in steps
    ]
    hazard = _fold(*walked, (r, E.HAZARD_MAJOR_REVIEWED, review))
    assert hazard.timeline[-1].outcome is Outcome.REFUSED, name
    assert hazard.timeline[-1].reason_code == code


def test_a_manager_may_not_review_their_own_major_hazard():
    m = Device("pm", manager)
    hazard = _fold((m, E.HAZARD_REPORTED, MAJOR), (m, E.HAZARD_MAJOR_REVIEWED, REFUTED))
    assert hazard.timeline[-1].reason_code == "auth.not_permitted"
    assert hazard.grade is HazardGrade.MAJOR
