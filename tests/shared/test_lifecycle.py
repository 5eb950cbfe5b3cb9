"""The transition table and the role table, case by case."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from shared.cards import HazardGrade
from shared.events import EventType
from shared.lifecycle import (
    ATTRIBUTE_EVENTS,
    PERMITTED_ROLES,
    TRANSITIONS,
    HazardStatus,
    is_overdue,
    next_status,
)
from shared.roles import Role

S, E = HazardStatus, EventType
GENERAL, MAJOR = HazardGrade.GENERAL, HazardGrade.MAJOR
STATES: list[HazardStatus | None] = [None, *HazardStatus]
LIFECYCLE_EVENTS = [e for e in EventType if e.value.startswith("hazard.")]


# (before, event, grade, after); None after = refused. The loop as a person would tell it.
STORY = [
    (None, E.HAZARD_REPORTED, GENERAL, S.REGISTERED),  # 排查 + 登记
    (S.REGISTERED, E.HAZARD_ASSIGNED, GENERAL, S.TO_RECTIFY),  # 整改 assigned
    (S.REGISTERED, E.HAZARD_RECTIFIED, GENERAL, S.AWAITING_ACCEPTANCE),  # 即查即改
    (S.REGISTERED, E.HAZARD_ASSIGNED, MAJOR, None),  # a 重大隐患 is reported first
    (S.REGISTERED, E.HAZARD_RECTIFIED, MAJOR, None),  # ... and never fixed off the books
    (S.REGISTERED, E.HAZARD_MAJOR_REPORTED, MAJOR, S.REPORTED),  # 已上报
    (S.REGISTERED, E.HAZARD_MAJOR_REPORTED, GENERAL, None),  # only majors are reported
    (S.REPORTED, E.HAZARD_PLAN_ATTACHED, MAJOR, S.PLANNED),  # 治理方案
    (S.REPORTED, E.HAZARD_ASSIGNED, MAJOR, None),  # no plan yet
    (S.PLANNED, E.HAZARD_SUPERVISED, MAJOR, S.SUPERVISED),  # 挂牌督办
    (S.SUPERVISED, E.HAZARD_ASSIGNED, MAJOR, S.TO_RECTIFY),
    (S.RECTIFYING, E.HAZARD_SUPERVISED, MAJOR, S.RECTIFYING),  # supervision as a flag
    (S.TO_RECTIFY, E.HAZARD_STARTED, GENERAL, S.RECTIFYING),  # 整改中
    (S.RECTIFYING, E.HAZARD_RECTIFIED, GENERAL, S.AWAITING_ACCEPTANCE),  # 待验收
    (S.AWAITING_ACCEPTANCE, E.HAZARD_ACCEPTED, GENERAL, S.ACCEPTED),  # 已验收
    (S.AWAITING_ACCEPTANCE, E.HAZARD_REJECTED, GENERAL, S.RECTIFYING),  # rectify again
    (S.ACCEPTED, E.HAZARD_CLOSED, GENERAL, S.CLOSED),  # 销号
    (S.CLOSED, E.HAZARD_REOPENED, GENERAL, S.TO_RECTIFY),
    (S.CLOSED, E.HAZARD_ACCEPTED, GENERAL, None),
    (S.TO_RECTIFY, E.HAZARD_ACCEPTED, GENERAL, None),  # nothing to accept yet
    (S.ACCEPTED, E.HAZARD_VOIDED, GENERAL, None),  # too late to call it a mistake
    (S.REPORTED, E.HAZARD_VOIDED, MAJOR, None),  # the authority has it
    (S.CLOSED, E.HAZARD_EDITED, GENERAL, None),
    (S.VOIDED, E.HAZARD_ANNOTATED, GENERAL, S.VOIDED),  # notes are always welcome
    (S.ACCEPTED, E.HAZARD_REGRADED, GENERAL, None),
]


@pytest.mark.parametrize(("before", "event", "grade", "after"), STORY)
def test_the_closed_loop_moves_as_the_rules_say(before, event, grade, after):
    assert next_status(before, event, grade) == after


@pytest.mark.parametrize(("before", "event"), sorted(TRANSITIONS, key=str))
def test_every_row_of_the_table_is_reachable_for_some_grade(before, event):
    after = {next_status(before, event, grade) for grade in HazardGrade}
    assert TRANSITIONS[(before, event)] in after


OUTSIDE_TRANSITIONS = [
    (before, event)
    for before in STATES
    for event in LIFECYCLE_EVENTS
    if (before, event) not in TRANSITIONS
]


@pytest.mark.parametrize(("before", "event"), OUTSIDE_TRANSITIONS)
def test_a_pair_outside_both_tables_is_refused(before, event):
    allowed_as_attribute = event in ATTRIBUTE_EVENTS and before in ATTRIBUTE_EVENTS[event]
    for grade in HazardGrade:
        assert (next_status(before, event, grade) is not None) == allowed_as_attribute


def test_nothing_leaves_voided_but_notes_and_conflict_resolutions():
    leaving = {
        e for e in LIFECYCLE_EVENTS for g in HazardGrade if next_status(S.VOIDED, e, g) is not None
    }
    assert leaving == {E.HAZARD_ANNOTATED, E.CONFLICT_RESOLVED}


def test_every_state_is_reachable_from_a_report():
    reached, frontier = {S.REGISTERED}, [S.REGISTERED]
    while frontier:
        state = frontier.pop()
        for event in LIFECYCLE_EVENTS:
            for grade in HazardGrade:
                after = next_status(state, event, grade)
                if after is not None and after not in reached:
                    reached.add(after)
                    frontier.append(after)
    assert reached == set(HazardStatus)


@pytest.mark.parametrize(
    ("event", "role", "allowed"),
    [
        (E.HAZARD_REPORTED, Role.WORKER, True),
        (E.HAZARD_REPORTED, Role.REGULATOR, False),
        (E.HAZARD_ASSIGNED, Role.WORKER, False),
        (E.HAZARD_ACCEPTED, Role.WORKER, False),  # workers never accept, own work or not
        (E.HAZARD_ACCEPTED, Role.SAFETY_MANAGER, True),
        (E.HAZARD_ACCEPTED, Role.INSPECTOR, True),  # 网格员 may accept what they found
        (E.HAZARD_CLOSED, Role.WORKER, False),
        (E.HAZARD_VOIDED, Role.INSPECTOR, False),
        (E.HAZARD_SUPERVISED, Role.REGULATOR, True),
        (E.HAZARD_SUPERVISED, Role.SAFETY_MANAGER, False),
        (E.HAZARD_MAJOR_REPORTED, Role.SAFETY_MANAGER, True),
        (E.CARD_SUBMITTED, Role.WORKER, True),
        (E.INSPECTION_RECORDED, Role.WORKER, False),
    ],
)
def test_roles_may_make_only_their_own_kinds_of_event(event, role, allowed):
    assert (role in PERMITTED_ROLES[event]) is allowed


def test_admins_make_no_entries_in_the_legal_record():
    assert all(Role.ADMIN not in roles for roles in PERMITTED_ROLES.values())
    assert set(PERMITTED_ROLES) == set(EventType)


NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("status", "deadline", "overdue"),
    [
        (S.RECTIFYING, NOW - timedelta(seconds=1), True),
        (S.RECTIFYING, NOW, False),  # due at this instant is not yet late
        (S.RECTIFYING, None, False),
        (S.AWAITING_ACCEPTANCE, NOW - timedelta(days=3), True),  # acceptance is part of the loop
        (S.ACCEPTED, NOW - timedelta(days=3), False),
        (S.CLOSED, NOW - timedelta(days=3), False),
        (S.VOIDED, NOW - timedelta(days=3), False),
    ],
)
def test_overdue_is_derived_from_the_deadline_and_the_state(status, deadline, overdue):
    assert is_overdue(status, deadline, NOW) is overdue
