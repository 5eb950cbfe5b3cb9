"""迟报 and 漏报: what the enterprise found and registered late, or never."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.cards import HazardGrade, ItemResult
from shared.completion import Ticks
from shared.hazard_facts import HazardView
from shared.ids import HazardId, ItemId, PostId
from shared.lifecycle import HazardStatus
from shared.payloads import HazardSource
from shared.reporting import found_at, late_report_of, missed_report_reasons, reporting_facts
from shared.roles import Role
from shared.window import Window

DAY = date(2026, 11, 29)
WINDOW = Window(DAY)
POST = PostId("P1")
ITEM = ItemId("2")
HOURS_24 = timedelta(hours=24)
NAMES = {(POST, ITEM): "燃气报警器"}
FOUND = datetime(2026, 11, 20, 9)


def view(**changes) -> HazardView:
    base = HazardView(
        id=HazardId("H1"),
        grade=HazardGrade.GENERAL,
        status=HazardStatus.REGISTERED,
        source=HazardSource.ROUTINE,
        reporter_role=Role.WORKER,
        reported_at=FOUND,
        post_id=POST,
        item_id=ITEM,
        deadline=None,
        accepted_at=None,
        major_since=FOUND,
        authority_reported_at=None,
        plan_attached_at=None,
        confirmed_by_inspector=False,
        title="报警器不响",
    )
    return replace(base, **changes)


def tick(at: datetime, result: ItemResult = ItemResult.FAIL, item: str = "2") -> Ticks:
    return Ticks(POST, f"{at:%Y-%m-%d}", at, at, {ItemId(item): (result, at)})


# --- 迟报 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ticks", "reported_after", "late"),
    [
        ([tick(FOUND)], timedelta(hours=2), False),
        ([tick(FOUND)], timedelta(hours=24), False),  # exactly N hours is in time
        ([tick(FOUND)], timedelta(hours=25), True),
        # three days of 不合格 before the report: found on the first of them
        (
            [tick(FOUND), tick(FOUND + timedelta(days=1)), tick(FOUND + timedelta(days=2))],
            timedelta(days=2, hours=1),
            True,
        ),
        # a 合格 in between ends the run: found at the last 不合格 only
        (
            [
                tick(FOUND),
                tick(FOUND + timedelta(days=1), ItemResult.PASS),
                tick(FOUND + timedelta(days=2)),
            ],
            timedelta(days=2, hours=1),
            False,
        ),
        ([tick(FOUND, item="3")], timedelta(hours=30), False),  # another item's 不合格
        ([], timedelta(hours=30), False),  # nothing tells when it was found
        ([tick(FOUND)], timedelta(days=8), False),  # older than the 7-day lookback
    ],
)
def test_a_general_hazard_is_late_when_registered_more_than_n_hours_after_its_first_fail(
    ticks, reported_after, late
):
    hazard = view(reported_at=FOUND + reported_after)
    assert (late_report_of(hazard, ticks, HOURS_24) is not None) is late


@pytest.mark.parametrize(
    ("changes", "late"),
    [
        ({}, True),
        ({"grade": HazardGrade.MAJOR}, False),  # a 重大隐患 has its own 24 h rule
        ({"source": HazardSource.ENFORCEMENT, "reporter_role": Role.INSPECTOR}, False),
        ({"status": HazardStatus.VOIDED}, False),
    ],
)
def test_only_the_enterprises_own_standing_general_hazards_can_be_late(changes, late):
    hazard = view(reported_at=FOUND + timedelta(hours=30), **changes)
    assert (late_report_of(hazard, [tick(FOUND)], HOURS_24) is not None) is late


def test_a_photo_taken_before_the_report_tells_when_a_patrol_hazard_was_found():
    hazard = view(item_id=None, first_photo_at=FOUND, reported_at=FOUND + timedelta(hours=30))
    assert found_at(hazard, []) == FOUND
    reason = late_report_of(hazard, [], HOURS_24)
    assert reason == "“报警器不响” 11-20 09:00 发现，11-21 15:00 才登记（晚 30 小时）"


def test_the_earlier_of_the_photo_and_the_fail_tick_is_when_it_was_found():
    hazard = view(first_photo_at=FOUND + timedelta(hours=1), reported_at=FOUND + timedelta(hours=5))
    assert found_at(hazard, [tick(FOUND)]) == FOUND
    assert found_at(hazard, [tick(FOUND + timedelta(hours=2))]) == FOUND + timedelta(hours=1)


def test_n_hours_is_data():
    hazard = view(reported_at=FOUND + timedelta(hours=5))
    assert late_report_of(hazard, [tick(FOUND)], timedelta(hours=4)) is not None
    assert late_report_of(hazard, [tick(FOUND)], timedelta(hours=6)) is None


# --- 漏报 --------------------------------------------------------------------------------------


def missed(ticks: list[Ticks], *hazards: HazardView, within: timedelta = HOURS_24) -> list[str]:
    return missed_report_reasons({POST: ticks}, hazards, WINDOW, within, lambda: NAMES)


@pytest.mark.parametrize(
    ("reports", "count"),
    [
        ((), 1),
        ((view(reported_at=FOUND + timedelta(hours=3)),), 0),
        # reported late: 迟报, not 漏报 as well
        ((view(reported_at=FOUND + timedelta(hours=40)),), 0),
        # reported more than the 7-day lookback later: no longer stands for this tick
        ((view(reported_at=FOUND + timedelta(days=8)),), 1),
        # an open report made before the tick covers every new 不合格 of the item
        ((view(reported_at=FOUND - timedelta(days=3)),), 0),
        # one accepted before the tick does not: the item failed again
        ((view(reported_at=FOUND - timedelta(days=3), accepted_at=FOUND - timedelta(days=1)),), 1),
        # a voided report made before does not cover later ticks; one made for it does
        ((view(reported_at=FOUND - timedelta(days=3), status=HazardStatus.VOIDED),), 1),
        ((view(reported_at=FOUND + timedelta(hours=1), status=HazardStatus.VOIDED),), 0),
        # another item's report, or an inspector's finding, is not the enterprise's report
        ((view(item_id=ItemId("3"), reported_at=FOUND + timedelta(hours=1)),), 1),
        (
            (
                view(
                    source=HazardSource.ENFORCEMENT,
                    reporter_role=Role.INSPECTOR,
                    reported_at=FOUND + timedelta(hours=1),
                ),
            ),
            1,
        ),
    ],
)
def test_a_fail_tick_is_missed_unless_the_enterprise_reported_it(reports, count):
    assert len(missed([tick(FOUND)], *reports)) == count


def test_a_missed_report_names_the_item_and_the_tick():
    (reason,) = missed([tick(FOUND)])
    assert reason == "“燃气报警器” 11-20 09:00 勾选不合格，24 小时内未报隐患"


@pytest.mark.parametrize(
    ("ticked_at", "count"),
    [
        (datetime(2026, 11, 29, 1), 0),  # its 24 h have not run out at the day's end
        (datetime(2026, 11, 29, 0), 1),  # they ran out as the day ended
        (datetime(2026, 11, 28, 23), 1),
        (datetime(2026, 10, 31, 12), 1),  # the window's first day
        (datetime(2026, 10, 30, 23), 0),  # before the window
    ],
)
def test_only_fail_ticks_of_the_window_whose_grace_has_run_out_are_judged(ticked_at, count):
    assert len(missed([tick(ticked_at)])) == count


def test_pass_and_not_applicable_ticks_are_never_missed_reports():
    ticks = [
        tick(FOUND, ItemResult.PASS),
        tick(FOUND + timedelta(days=1), ItemResult.NOT_APPLICABLE),
    ]
    assert missed(ticks) == []


@given(st.integers(min_value=0, max_value=20))
def test_each_unreported_fail_counts_once_and_reasons_come_oldest_first(days):
    ticks = [tick(FOUND - timedelta(days=n)) for n in range(days)]
    reasons = missed(list(reversed(ticks)))
    assert len(reasons) == days
    assert reasons == sorted(reasons)


# --- both, for a day -------------------------------------------------------------------------


def test_a_day_counts_late_and_missed_reports_of_its_window_only():
    late = view(reported_at=FOUND + timedelta(hours=30))
    old = view(id=HazardId("H0"), reported_at=datetime(2026, 10, 1), item_id=None)
    other = PostId("P2")
    unreported = Ticks(other, "2026-11-25", FOUND, FOUND, {ITEM: (ItemResult.FAIL, FOUND)})
    counted = reporting_facts(
        [late, old],
        WINDOW,
        {POST: [tick(FOUND)], other: [unreported]},
        HOURS_24,
        lambda: NAMES,
    )
    assert (counted.late_reports_30d, counted.missed_reports_30d) == (1, 1)
    assert counted.late_report_reasons[0].startswith("“报警器不响” 11-20 09:00 发现")
    assert counted.missed_report_reasons == (
        "“检查项 2” 11-20 09:00 勾选不合格，24 小时内未报隐患",
    )
