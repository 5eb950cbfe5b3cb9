"""The worker's hazards from the folds: mine only, by state, overdue and unsent marked."""

from __future__ import annotations

from datetime import timedelta

from mobile.services.hazard_lists import hazard_detail, my_hazards
from mobile.services.reporting import HazardReport, report_hazard, start_rectification
from shared.lifecycle import HazardStatus
from tests.mobile.world import MONDAY_10, WORKER, pulled_hazard


def test_mine_are_what_i_reported_or_was_assigned_in_state_order(kitchen):
    pulled_hazard(kitchen, "YH-1")
    pulled_hazard(kitchen, "YH-2", assignee="worker2")
    pulled_hazard(kitchen, "YH-3", assignee=None)
    mine = report_hazard(kitchen, WORKER, HazardReport(title="地面油污", no_photo_reason="没电"))
    groups = my_hazards(kitchen, WORKER, MONDAY_10)
    assert [(s, [r.hazard.id for r in rows]) for s, rows in groups] == [
        (HazardStatus.TO_RECTIFY, ["YH-1"]),
        (HazardStatus.REGISTERED, [mine.aggregate.id]),
    ]
    [row] = groups[0][1]
    assert row.to_fix and not row.pending and not row.overdue
    assert groups[1][1][0].pending


def test_a_hazard_past_its_deadline_is_overdue_until_fixed(kitchen):
    pulled_hazard(kitchen, "YH-1", deadline=MONDAY_10 - timedelta(minutes=1))
    [(_, [row])] = my_hazards(kitchen, WORKER, MONDAY_10)
    assert row.overdue


def test_the_detail_says_what_the_worker_may_do_next(kitchen):
    pulled_hazard(kitchen, "YH-1")
    detail = hazard_detail(kitchen, WORKER, "YH-1", MONDAY_10)
    assert detail is not None
    assert detail.can_start and detail.can_rectify and not detail.pending_events
    start_rectification(kitchen, WORKER, "YH-1")
    detail = hazard_detail(kitchen, WORKER, "YH-1", MONDAY_10)
    assert detail is not None
    assert not detail.can_start and detail.can_rectify and len(detail.pending_events) == 1
    assert [entry.type.value for entry in detail.timeline][-1] == "hazard.started"


def test_a_general_hazard_i_just_found_can_be_fixed_on_the_spot(kitchen):
    event = report_hazard(kitchen, WORKER, HazardReport(title="插排串接", no_photo_reason="没电"))
    detail = hazard_detail(kitchen, WORKER, event.aggregate.id, MONDAY_10)
    assert detail is not None
    assert detail.can_rectify and not detail.can_start
    assert hazard_detail(kitchen, WORKER, "nope", MONDAY_10) is None
