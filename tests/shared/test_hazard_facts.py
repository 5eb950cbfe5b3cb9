"""Hazard facts for a day's score: found, due, fixed in time, overdue, concealed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from shared.cards import HazardGrade, ItemResult
from shared.completion import Ticks
from shared.events import EventType
from shared.hazard_facts import (
    HazardView,
    hazard_facts,
    is_compliant_major,
    is_concealment,
    plan_deadline,
)
from shared.hazards import fold_hazard
from shared.ids import HazardId, ItemId, PostId
from shared.lifecycle import HazardStatus
from shared.payloads import HazardSource
from shared.roles import Role
from shared.window import Window
from shared.workdays import CN_CALENDAR
from tests.factories import Device, inspector, manager, worker

E = EventType
UTC8 = timezone(timedelta(hours=8))
DAY = date(2026, 11, 29)
WINDOW = Window(DAY)
POST = PostId("P1")


def view(**changes) -> HazardView:
    base = HazardView(
        id=HazardId("H1"),
        grade=HazardGrade.GENERAL,
        status=HazardStatus.REGISTERED,
        source=HazardSource.ROUTINE,
        reporter_role=Role.WORKER,
        reported_at=datetime(2026, 11, 20, 9),
        post_id=POST,
        item_id=ItemId("2"),
        deadline=None,
        accepted_at=None,
        major_since=datetime(2026, 11, 20, 9),
        authority_reported_at=None,
        plan_attached_at=None,
        confirmed_by_inspector=False,
    )
    return replace(base, **changes)


def facts(*views: HazardView, ticks: list[Ticks] | None = None):
    return hazard_facts(views, WINDOW, CN_CALENDAR, {POST: ticks or []})


def test_the_view_of_a_folded_hazard_reads_who_found_it_and_when_it_was_accepted():
    phone, boss = Device("w", worker), Device("m", manager)
    report = phone.event(E.HAZARD_REPORTED, base=0)
    boss.saw([report])
    fixed = boss.event(E.HAZARD_RECTIFIED, base=1)
    accepted = Device("i", inspector)
    accepted.saw([report, fixed])
    hazard = fold_hazard([report, fixed, accepted.event(E.HAZARD_ACCEPTED, base=2)])
    assert hazard is not None
    seen = HazardView.of(hazard, UTC8)
    assert seen.reporter_role is Role.WORKER and seen.self_reported
    assert seen.status is HazardStatus.ACCEPTED and seen.confirmed_by_inspector
    assert seen.accepted_at is not None and seen.accepted_at >= seen.reported_at


def test_a_self_reported_hazard_counts_once_accepted_or_confirmed_and_voided_ones_never():
    accepted = view(accepted_at=datetime(2026, 11, 21), status=HazardStatus.ACCEPTED)
    confirmed = view(id=HazardId("H2"), confirmed_by_inspector=True)
    pending = view(id=HazardId("H3"), reported_at=datetime(2026, 11, 27, 8))
    voided = view(id=HazardId("H4"), status=HazardStatus.VOIDED, reported_at=datetime(2026, 11, 28))
    counted = facts(accepted, confirmed, pending, voided)
    assert counted.valid_self_reported_hazards_30d == 2
    assert counted.days_since_last_self_reported_hazard == 2


@pytest.mark.parametrize(
    ("status", "accepted_at", "on_time", "overdue"),
    [
        (HazardStatus.ACCEPTED, datetime(2026, 11, 24), 1, 0),
        (HazardStatus.CLOSED, datetime(2026, 11, 26), 0, 0),  # accepted after its deadline
        (HazardStatus.RECTIFYING, None, 0, 1),
        (HazardStatus.AWAITING_ACCEPTANCE, None, 0, 0),  # waiting for 验收 is not overdue
    ],
)
def test_a_hazard_due_in_the_window_is_on_time_only_if_accepted_by_its_deadline(
    status, accepted_at, on_time, overdue
):
    due = view(deadline=datetime(2026, 11, 25), status=status, accepted_at=accepted_at)
    counted = facts(due)
    assert (counted.hazards_due_30d, counted.hazards_closed_on_time_30d) == (1, on_time)
    assert counted.overdue_general_hazards == overdue


def test_the_plan_of_a_major_hazard_is_due_after_five_working_days():
    # Found on 25 September 2026 (中秋): three working days, then 国庆, then 8 and 9 October.
    assert plan_deadline(datetime(2026, 9, 25, 10), CN_CALENDAR) == datetime(2026, 10, 10)


@pytest.mark.parametrize(
    ("reported_after", "planned_after", "now_after", "compliant"),
    [
        (timedelta(hours=2), timedelta(days=2), timedelta(days=9), True),
        (timedelta(hours=30), timedelta(days=2), timedelta(days=9), False),
        (None, None, timedelta(hours=20), True),  # still inside both deadlines
        (timedelta(hours=2), None, timedelta(days=9), False),
    ],
)
def test_a_major_hazard_is_compliant_when_reported_in_24_hours_and_planned_in_time(
    reported_after, planned_after, now_after, compliant
):
    since = datetime(2026, 11, 16, 9)  # a Monday
    major = view(
        grade=HazardGrade.MAJOR,
        major_since=since,
        authority_reported_at=since + reported_after if reported_after else None,
        plan_attached_at=since + planned_after if planned_after else None,
    )
    assert is_compliant_major(major, since + now_after, CN_CALENDAR) is compliant


def _ticked(item: str, result: ItemResult, at: datetime) -> Ticks:
    return Ticks(POST, "2026-11-20", at, at, {ItemId(item): (result, at)})


@pytest.mark.parametrize(
    ("result", "before", "item", "concealed"),
    [
        (ItemResult.PASS, timedelta(hours=3), "2", True),
        (ItemResult.PASS, timedelta(days=6, hours=23), "2", True),
        (ItemResult.PASS, timedelta(days=7, hours=1), "2", False),  # more than 7 days before
        (ItemResult.FAIL, timedelta(hours=3), "2", False),  # the enterprise said it failed
        (ItemResult.PASS, timedelta(hours=3), "1", False),  # another item
    ],
)
def test_an_inspector_finding_on_an_item_ticked_pass_within_7_days_is_concealment(
    result, before, item, concealed
):
    found_at = datetime(2026, 11, 20, 15)
    finding = view(
        source=HazardSource.ENFORCEMENT, reporter_role=Role.INSPECTOR, reported_at=found_at
    )
    ticks = [_ticked(item, result, found_at - before)]
    assert is_concealment(finding, ticks) is concealed
    assert facts(finding, ticks=ticks).concealments_30d == int(concealed)


def test_an_enforcement_major_counts_as_unreported_unless_the_enterprise_had_it_on_that_post():
    found = view(
        source=HazardSource.ENFORCEMENT,
        reporter_role=Role.INSPECTOR,
        grade=HazardGrade.MAJOR,
        reported_at=datetime(2026, 11, 20, 15),
    )
    own = view(id=HazardId("H9"), grade=HazardGrade.MAJOR, reported_at=datetime(2026, 11, 18))
    assert facts(found).unreported_majors_found_30d == 1
    assert facts(found, own).unreported_majors_found_30d == 0
    assert facts(found, own).major_hazards_30d == 2


FOUND_AT = datetime(2026, 11, 20, 15)


@pytest.mark.parametrize(
    ("own_changes", "unreported"),
    [
        ({}, 0),  # the same post and item, registered before: reported first
        ({"item_id": None}, 0),  # the same post, the item unnamed (a report not from the card)
        ({"item_id": ItemId("7")}, 1),  # another item of the post: another hazard
        ({"post_id": PostId("P2")}, 1),  # another post
        ({"post_id": None}, 1),  # no post at all: nothing to match it with
        ({"reported_at": FOUND_AT + timedelta(hours=1)}, 1),  # only after the inspector came
        ({"accepted_at": datetime(2026, 11, 19)}, 1),  # fixed before: this is a new one
        ({"accepted_at": FOUND_AT + timedelta(days=1)}, 0),  # still open when found
        ({"grade": HazardGrade.GENERAL}, 1),  # registered, but not as major
    ],
)
def test_an_enforcement_major_is_reported_first_only_by_an_open_major_on_that_post_and_item(
    own_changes, unreported
):
    found = view(
        source=HazardSource.ENFORCEMENT,
        reporter_role=Role.INSPECTOR,
        grade=HazardGrade.MAJOR,
        reported_at=FOUND_AT,
    )
    own = view(id=HazardId("H9"), grade=HazardGrade.MAJOR, reported_at=datetime(2026, 11, 18))
    assert facts(found, replace(own, **own_changes)).unreported_majors_found_30d == unreported


def test_a_concealment_gives_its_reason_naming_the_hazard_and_the_pass_tick():
    finding = view(
        source=HazardSource.ENFORCEMENT,
        reporter_role=Role.INSPECTOR,
        reported_at=FOUND_AT,
        title="燃气软管老化",
    )
    ticks = [_ticked("2", ItemResult.PASS, datetime(2026, 11, 19, 8, 30))]
    assert facts(finding, ticks=ticks).concealment_reasons == (
        "11-19 08:30 检查卡勾选合格，11-20 15:00 执法检查发现“燃气软管老化”不合格",
    )
