"""The hazard fold: the closed loop, refusals kept with reasons, and the concurrency table."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shared.cards import HazardGrade
from shared.events import Event, EventType
from shared.hazards import Outcome, Severity, fold_hazard, fold_hazards, graver_grade
from shared.lifecycle import HazardStatus
from tests.factories import (
    Device,
    foreign_manager,
    inspector,
    manager,
    manager2,
    regulator,
    worker,
    worker2,
)

E, S = EventType, HazardStatus


def walk(
    *steps: tuple[Device, EventType] | tuple[Device, EventType, dict[str, Any]],
) -> list[Event]:
    """A sequential history: every step saw everything before it."""
    events: list[Event] = []
    for step in steps:
        device, kind, *payload = step
        device.saw(events)
        events.append(device.event(kind, base=len(events), payload=payload[0] if payload else None))
    return events


def to_awaiting_acceptance() -> tuple[list[Event], dict[str, Device]]:
    d = {"w": Device("pw", worker), "m": Device("pm", manager), "m2": Device("pm2", manager2)}
    history = walk(
        (d["w"], E.HAZARD_REPORTED), (d["m"], E.HAZARD_ASSIGNED), (d["w"], E.HAZARD_RECTIFIED)
    )
    for device in d.values():  # every phone has synced the history before acting
        device.saw(history)
    return history, d


def test_a_general_hazard_goes_round_the_closed_loop():
    w, m = Device("pw", worker), Device("pm", manager)
    history = walk(
        (w, E.HAZARD_REPORTED),
        (m, E.HAZARD_ASSIGNED),
        (w, E.HAZARD_STARTED),
        (w, E.HAZARD_RECTIFIED, {"note": "换新灭火器", "photos": []}),
        (m, E.HAZARD_ACCEPTED),
        (m, E.HAZARD_CLOSED),
    )
    hazard = fold_hazard(history)
    assert hazard is not None
    assert hazard.status is S.CLOSED
    assert hazard.version == 6
    assert [entry.outcome for entry in hazard.timeline] == [Outcome.APPLIED] * 6
    assert hazard.assignee == "worker1"
    assert hazard.rectified_by == "worker1"
    assert [s.user_id for s in hazard.acceptances] == ["manager1"]
    assert hazard.notes == ("换新灭火器",)
    assert hazard.open_conflicts() == ()


def test_a_major_hazard_is_reported_planned_and_supervised_before_work_begins():
    m, r = Device("pm", manager), Device("pr", regulator)
    history = walk(
        (m, E.HAZARD_REPORTED, {"title": "氧化剂与易燃溶剂同库混存", "grade": "major"}),
        (m, E.HAZARD_MAJOR_REPORTED),
        (m, E.HAZARD_PLAN_ATTACHED),
        (r, E.HAZARD_SUPERVISED),
        (m, E.HAZARD_ASSIGNED),
    )
    hazard = fold_hazard(history)
    assert hazard is not None
    assert hazard.status is S.TO_RECTIFY
    assert hazard.authority_report == "县应急管理局"
    assert hazard.plan_summary == "分库存放"
    assert hazard.supervision_level == "市级"


def test_a_supervised_major_hazard_is_not_assigned_before_its_plan():
    m, r = Device("pm", manager), Device("pr", regulator)
    history = walk(
        (m, E.HAZARD_REPORTED, {"title": "x", "grade": "major"}),
        (m, E.HAZARD_MAJOR_REPORTED),
        (r, E.HAZARD_SUPERVISED),
        (m, E.HAZARD_ASSIGNED),
    )
    hazard = fold_hazard(history)
    assert hazard is not None
    assert hazard.status is S.SUPERVISED
    assert hazard.timeline[-1].outcome is Outcome.REFUSED
    assert hazard.timeline[-1].reason_code == "hazard.illegal_transition"


def test_the_earlier_of_the_two_deadlines_decides_overdue():
    m, r = Device("pm", manager), Device("pr", regulator)
    history = walk(
        (m, E.HAZARD_REPORTED, {"title": "x", "grade": "major"}),
        (m, E.HAZARD_MAJOR_REPORTED),
        (r, E.HAZARD_SUPERVISED, {"level": "县级", "deadline": "2026-11-20T00:00:00Z"}),
        (m, E.HAZARD_PLAN_ATTACHED),
        (m, E.HAZARD_ASSIGNED, {"assignee": "worker1", "deadline": "2026-12-20T00:00:00Z"}),
    )
    hazard = fold_hazard(history)
    assert hazard is not None
    before, after = hazard.supervision_deadline, hazard.deadline
    assert before is not None and after is not None
    assert not hazard.is_overdue(before)
    assert hazard.is_overdue(before.replace(hour=1))


@pytest.mark.parametrize(
    ("actor", "kind", "code"),
    [
        (worker, E.HAZARD_ACCEPTED, "auth.not_permitted"),  # a worker never accepts
        (worker2, E.HAZARD_STARTED, "auth.not_permitted"),  # not the assignee
        (worker2, E.HAZARD_EDITED, "auth.not_permitted"),  # a worker corrects only their own
        (foreign_manager, E.HAZARD_CLOSED, "auth.not_permitted"),  # another enterprise
        (manager, E.HAZARD_CLOSED, "hazard.illegal_transition"),  # not accepted yet
        (manager, E.CONFLICT_RESOLVED, "ref.unknown"),  # no such conflict
    ],
)
def test_an_event_the_rules_refuse_is_kept_in_the_timeline_with_its_reason(actor, kind, code):
    w, m = Device("pw", worker), Device("pm", manager)
    history = walk((w, E.HAZARD_REPORTED), (m, E.HAZARD_ASSIGNED))
    payload = {"conflict_id": "nope", "reason": "x"} if kind is E.CONFLICT_RESOLVED else None
    odd = Device("odd", actor, tenant=actor.tenant or w.tenant)
    odd.saw(history)
    hazard = fold_hazard([*history, odd.event(kind, base=2, payload=payload)])
    assert hazard is not None
    assert hazard.status is S.TO_RECTIFY
    last = hazard.timeline[-1]
    assert (last.outcome, last.reason_code) == (Outcome.REFUSED, code)
    assert last.reason


def test_nobody_accepts_their_own_rectification_even_a_manager():
    m, m2 = Device("pm", manager), Device("pm2", manager2)
    history = walk(
        (m, E.HAZARD_REPORTED),
        (m, E.HAZARD_ASSIGNED, {"assignee": "manager1", "deadline": "2026-11-09T00:00:00Z"}),
        (m, E.HAZARD_RECTIFIED),
        (m, E.HAZARD_ACCEPTED),
    )
    hazard = fold_hazard(history)
    assert hazard is not None and hazard.status is S.AWAITING_ACCEPTANCE
    m2.saw(history)
    accepted = fold_hazard([*history, m2.event(E.HAZARD_ACCEPTED, base=4)])
    assert accepted is not None and accepted.status is S.ACCEPTED


def test_an_event_stamped_before_its_report_by_a_slow_clock_still_applies():
    w, m = Device("pw", worker), Device("pm", manager, clock_ms=0)
    report = w.event(E.HAZARD_REPORTED, base=0)
    assign = m.event(E.HAZARD_ASSIGNED, base=1)
    assert assign.hlc < report.hlc
    hazard = fold_hazard([assign, report])
    assert hazard is not None
    assert hazard.status is S.TO_RECTIFY


def test_events_before_the_report_wait_and_a_second_report_is_refused():
    w = Device("pw", worker)
    report = w.event(E.HAZARD_REPORTED, base=0)
    assert fold_hazard([Device("pm", manager, clock_ms=0).event(E.HAZARD_ASSIGNED, base=0)]) is None
    again = w.event(E.HAZARD_REPORTED, base=1)
    hazard = fold_hazard([report, again])
    assert hazard is not None and hazard.timeline[-1].outcome is Outcome.REFUSED
    assert fold_hazards([report, again]).keys() == {"H1"}


# --- The concurrency table, row by row, in both stamp orders ------------------------------------

ROWS = [
    # (first actor key, first event, second actor key, second event, status, severity, code)
    ("m", E.HAZARD_ACCEPTED, "m2", E.HAZARD_ACCEPTED, S.ACCEPTED, None, None),
    (
        "m",
        E.HAZARD_ACCEPTED,
        "m2",
        E.HAZARD_REJECTED,
        S.RECTIFYING,
        Severity.HARD,
        "accept_vs_reject",
    ),
    ("m", E.HAZARD_VOIDED, "m2", E.HAZARD_ACCEPTED, S.ACCEPTED, Severity.HARD, "void_vs_progress"),
]


@pytest.mark.parametrize("second_first", [False, True], ids=["in-order", "reversed-stamps"])
@pytest.mark.parametrize(("a", "first", "b", "second", "status", "severity", "code"), ROWS)
def test_concurrent_decisions_resolve_as_the_table_says_whichever_stamp_is_older(
    a, first, b, second, status, severity, code, second_first
):
    history, d = to_awaiting_acceptance()
    if second_first:
        d[a].clock_ms += 5000
    one, two = d[a].event(first, base=3), d[b].event(second, base=3)
    hazard = fold_hazard([*history, one, two])
    assert hazard is not None
    assert hazard.status is status
    if severity is None:
        assert hazard.conflicts == ()
    else:
        [conflict] = hazard.conflicts
        assert (conflict.severity, conflict.code) == (severity, code)
        assert set(conflict.event_ids) == {one.event_id, two.event_id}
    assert {e.event_id for e in hazard.timeline} == {e.event_id for e in [*history, one, two]}


def test_two_concurrent_acceptances_keep_both_signatures():
    history, d = to_awaiting_acceptance()
    hazard = fold_hazard(
        [
            *history,
            d["m"].event(E.HAZARD_ACCEPTED, base=3),
            d["m2"].event(E.HAZARD_ACCEPTED, base=3),
        ]
    )
    assert hazard is not None
    assert sorted(s.user_id for s in hazard.acceptances) == ["manager1", "manager2"]
    assert hazard.timeline[-1].outcome is Outcome.MERGED


@pytest.mark.parametrize("reopen_older", [False, True])
def test_a_close_and_a_concurrent_reopen_end_reopened_and_flagged(reopen_older):
    history, d = to_awaiting_acceptance()
    accept = d["m"].event(E.HAZARD_ACCEPTED, base=3)
    i = Device("pi", inspector)
    i.saw([*history, accept])
    if reopen_older:
        d["m"].clock_ms += 5000
    close, reopen = d["m"].event(E.HAZARD_CLOSED, base=4), i.event(E.HAZARD_REOPENED, base=4)
    hazard = fold_hazard([*history, accept, close, reopen])
    assert hazard is not None
    assert hazard.status is S.TO_RECTIFY
    [conflict] = hazard.open_conflicts()
    assert conflict.code == "close_vs_reopen" and conflict.severity is Severity.HARD
    outcomes = {e.event_id: e.outcome for e in hazard.timeline}
    assert outcomes[close.event_id] is Outcome.SUPERSEDED


@pytest.mark.parametrize(
    ("one", "two", "severity", "code"),
    [
        ({"title": "A"}, {"title": "B"}, Severity.HARD, "edit_same_field"),
        ({"title": "A"}, {"location": "二号库"}, Severity.SOFT, "edit_other_field"),
    ],
)
def test_concurrent_edits_apply_newest_first_and_are_flagged_by_overlap(one, two, severity, code):
    w, m = Device("pw", worker), Device("pm", manager)
    report = w.event(E.HAZARD_REPORTED, base=0)
    m.saw([report])
    first, second = (
        w.event(E.HAZARD_EDITED, base=1, payload=one),
        m.event(E.HAZARD_EDITED, base=1, payload=two, after_ms=5000),
    )
    hazard = fold_hazard([second, report, first])
    assert hazard is not None
    assert hazard.title == two.get("title", "A")
    [conflict] = hazard.conflicts
    assert (conflict.severity, conflict.code) == (severity, code)


def test_concurrent_regrading_keeps_the_graver_grade():
    w, m, i = Device("pw", worker), Device("pm", manager), Device("pi", inspector)
    report = w.event(E.HAZARD_REPORTED, base=0)
    m.saw([report])
    i.saw([report])
    up = i.event(E.HAZARD_REGRADED, base=1, payload={"grade": "major"})
    down = m.event(E.HAZARD_REGRADED, base=1, payload={"grade": "general"}, after_ms=3000)
    hazard = fold_hazard([report, up, down])
    assert hazard is not None
    assert hazard.grade is HazardGrade.MAJOR
    assert hazard.conflicts[0].severity is Severity.SOFT


def test_a_stale_step_that_no_longer_fits_is_refused_not_lost():
    history, d = to_awaiting_acceptance()
    accept = d["m"].event(E.HAZARD_ACCEPTED, base=3)
    late = Device("pw2", worker, clock_ms=d["m"].clock_ms + 60_000)  # acts later, synced less
    late.saw(history[:2])
    late_rectify = late.event(E.HAZARD_RECTIFIED, base=2)
    hazard = fold_hazard([*history, accept, late_rectify])
    assert hazard is not None
    assert hazard.status is S.ACCEPTED
    [entry] = [e for e in hazard.timeline if e.event_id == late_rectify.event_id]
    assert (entry.outcome, entry.reason_code) == (Outcome.REFUSED, "hazard.illegal_transition")


def test_a_manager_clears_a_conflict_with_an_audited_event():
    history, d = to_awaiting_acceptance()
    accept, reject = (
        d["m"].event(E.HAZARD_ACCEPTED, base=3),
        d["m2"].event(E.HAZARD_REJECTED, base=3),
    )
    hazard = fold_hazard([*history, accept, reject])
    assert hazard is not None
    conflict_id = hazard.conflicts[0].id
    resolve = d["m"].event(
        E.CONFLICT_RESOLVED,
        base=hazard.version,
        payload={"conflict_id": conflict_id, "reason": "以复查为准"},
        after_ms=9000,
    )
    resolved = fold_hazard([*history, accept, reject, resolve])
    assert resolved is not None
    assert resolved.open_conflicts() == ()
    assert resolved.conflicts[0].resolved_by == resolve.event_id
    assert resolved.conflicts[0].resolution == "以复查为准"


@pytest.mark.parametrize(
    ("a", "b", "graver"),
    [
        (HazardGrade.GENERAL, HazardGrade.GENERAL, HazardGrade.GENERAL),
        (HazardGrade.GENERAL, HazardGrade.MAJOR, HazardGrade.MAJOR),
        (HazardGrade.MAJOR, HazardGrade.GENERAL, HazardGrade.MAJOR),
    ],
)
def test_the_graver_grade_is_major_if_either_is(a, b, graver):
    assert graver_grade(a, b) is graver


# --- Properties ---------------------------------------------------------------------------------

KINDS = [
    E.HAZARD_ASSIGNED,
    E.HAZARD_STARTED,
    E.HAZARD_RECTIFIED,
    E.HAZARD_ACCEPTED,
    E.HAZARD_REJECTED,
    E.HAZARD_CLOSED,
    E.HAZARD_REOPENED,
    E.HAZARD_VOIDED,
    E.HAZARD_EDITED,
    E.HAZARD_REGRADED,
    E.HAZARD_ANNOTATED,
]


@st.composite
def offline_histories(draw):
    """A report and then actions by several people on phones that sync only now and then."""
    devices = [
        Device("pw", worker),
        Device("pm", manager),
        Device("pm2", manager2),
        Device("pi", inspector),
    ]
    events = [devices[0].event(E.HAZARD_REPORTED, base=0)]
    seen = {d.name: 1 for d in devices}
    for _ in range(draw(st.integers(1, 10))):
        device = draw(st.sampled_from(devices))
        if draw(st.booleans()):
            seen[device.name] = len(events)  # it synced just now
            if draw(st.booleans()):  # and merged the stamps it received (a few phones don't)
                device.saw(events)
        device.clock_ms += draw(st.integers(-86_400_000, 86_400_000))  # skew up to a day
        kind = draw(st.sampled_from(KINDS))
        events.append(device.event(kind, base=seen[device.name]))
        seen[device.name] += 1
    return events


@settings(max_examples=150, deadline=None)
@given(offline_histories(), st.randoms(use_true_random=False))
def test_every_arrival_order_folds_to_the_same_hazard(events, rnd: random.Random):
    expected = fold_hazard(events)
    shuffled = list(events)
    rnd.shuffle(shuffled)
    assert fold_hazard(shuffled) == expected
    assert fold_hazard([*shuffled, *shuffled[:3]]) == expected  # resends change nothing


@settings(max_examples=150, deadline=None)
@given(offline_histories())
def test_no_event_is_ever_dropped_from_the_record(events):
    hazard = fold_hazard(events)
    assert hazard is not None
    assert sorted(e.event_id for e in hazard.timeline) == sorted(e.event_id for e in events)
    assert hazard.version == len(events)
    refused = [e for e in hazard.timeline if e.outcome is Outcome.REFUSED]
    assert all(e.reason_code and e.reason for e in refused)
