"""A manager's 待办: each hazard under what it waits for, by the rules, in their enterprise only."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mobile.services.inbox import Need, inbox, need_of
from mobile.services.managing import accept
from shared.events import EventType
from tests.mobile.stories import MANAGER2, story
from tests.mobile.world import LATHES, MANAGER, MONDAY_10

E = EventType

# (path so far, grade) → what the hazard waits for from the manager
NEEDS = [
    ("", "general", (Need.ASSIGN,)),
    ("assign", "general", ()),  # the worker's turn
    ("assign start", "general", ()),
    ("assign start rectify", "general", (Need.ACCEPT,)),
    ("assign start rectify reject", "general", ()),  # back with the worker
    ("assign start rectify accept", "general", (Need.CLOSE,)),
    ("assign start rectify accept close", "general", ()),
    ("", "major", (Need.MAJOR,)),  # to report
    ("major", "major", (Need.MAJOR,)),  # to plan
    ("major supervise", "major", (Need.MAJOR,)),  # supervised, still no plan
    ("major plan", "major", (Need.ASSIGN,)),
    ("major plan supervise", "major", (Need.ASSIGN,)),
]


@pytest.mark.parametrize(("path", "grade", "needs"), NEEDS)
def test_what_a_hazard_waits_for_follows_the_rules(kitchen, path, grade, needs):
    story(kitchen, "YH-1", path, grade=grade)
    assert need_of(kitchen.projections.hazard("YH-1"), MANAGER) == needs


def test_a_hard_conflict_is_listed_first_and_also_under_its_other_need(kitchen):
    story(
        kitchen,
        "YH-1",
        "assign start rectify",
        concurrent=(
            (MANAGER, E.HAZARD_ACCEPTED, {}),
            (MANAGER2, E.HAZARD_REJECTED, {"reason": "仍漏气"}),
        ),
    )
    assert need_of(kitchen.projections.hazard("YH-1"), MANAGER) == (Need.CONFLICT,)


def test_another_enterprises_hazard_waits_for_nobody_here(kitchen):
    story(kitchen, "YH-1", "assign start rectify", tenant=LATHES)
    hazard = kitchen.projections.hazard("YH-1")
    assert hazard is not None and hazard.status.value == "awaiting_acceptance"
    assert need_of(hazard, MANAGER) == ()


def test_the_inbox_groups_counts_and_marks_overdue_and_unsent(kitchen):
    story(kitchen, "YH-1", reported_at=MONDAY_10 - timedelta(days=1))
    story(kitchen, "YH-2", reported_at=MONDAY_10 - timedelta(days=3))
    story(kitchen, "YH-3", "late start rectify")
    story(kitchen, "YH-4", "assign start rectify")
    accept(kitchen, MANAGER, "YH-4")
    found = inbox(kitchen, MANAGER, MONDAY_10)
    assert [(need, [r.hazard.id for r in rows]) for need, rows in found.groups] == [
        (Need.ASSIGN, ["YH-2", "YH-1"]),  # the longest waiting first
        (Need.ACCEPT, ["YH-3"]),
        (Need.CLOSE, ["YH-4"]),
    ]
    assert found.count(Need.ASSIGN) == 2 and found.count(Need.CONFLICT) == 0
    assert found.overdue == 1
    [late] = found.groups[1][1]
    [closing] = found.groups[2][1]
    assert late.overdue and not late.pending
    assert closing.pending and not closing.overdue


def test_an_empty_inbox_says_so(kitchen):
    assert inbox(kitchen, MANAGER, MONDAY_10).empty
