"""A worker's reminders from the phone's folds and schedule, and the week's due visits."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from mobile.local_record import LocalRecord
from mobile.services.inbox import reminders
from mobile.services.my_reminders import (
    Nudge,
    clock_text,
    due_this_week,
    manager_badge,
    worker_reminders,
)
from mobile.services.profiles import DueLine
from tests.mobile.stories import story
from tests.mobile.world import LATHES, MANAGER, MONDAY_10, WORKER


def fixes(record: LocalRecord, now: datetime = MONDAY_10) -> list[tuple[Nudge, dict[str, str]]]:
    return [(r.kind, r.values) for r in worker_reminders(record, WORKER, [], now)]


@pytest.mark.parametrize(
    ("path", "hours", "kind"),
    [
        ("assign", 0, Nudge.FIX_ASSIGNED),
        ("assign start", 0, Nudge.FIX_ASSIGNED),
        ("assign", 36, Nudge.FIX_DEADLINE_NEAR),
        ("late", 0, Nudge.FIX_OVERDUE),
        ("assign start rectify reject", 0, Nudge.FIX_REJECTED),
        ("late start rectify reject", 0, Nudge.FIX_REJECTED),
    ],
    ids=[
        "a fix given to the worker",
        "a fix begun and not yet due",
        "a fix due within two days",
        "a fix past its deadline",
        "a fix sent back",
        "a fix sent back and overdue says it was sent back",
    ],
)
def test_a_fix_given_to_the_worker_reminds_them_of_the_most_pressing_thing(
    kitchen, path, hours, kind
):
    story(kitchen, "YH-1", path)
    [(found, values)] = fixes(kitchen, MONDAY_10 + timedelta(hours=hours))
    assert found is kind and values["title"] == "灭火器压力不足"


@pytest.mark.parametrize(
    "path",
    [
        "",
        "assign start rectify",
        "assign start rectify accept",
        "assign start rectify accept close",
    ],
    ids=["not yet assigned", "waiting for acceptance", "accepted", "closed"],
)
def test_a_fix_not_in_the_workers_hands_reminds_nobody(kitchen, path):
    story(kitchen, "YH-1", path)
    assert fixes(kitchen) == []


def test_another_enterprises_fix_and_another_persons_fix_remind_nobody(kitchen):
    story(kitchen, "YH-1", "assign", tenant=LATHES)
    assert fixes(kitchen) == []


def test_the_rejection_reason_is_in_the_reminder(kitchen):
    story(kitchen, "YH-1", "assign start rectify reject")
    [(kind, values)] = fixes(kitchen)
    assert kind is Nudge.FIX_REJECTED and values["reason"] == "照片看不清压力表"


def test_fixed_again_after_a_rejection_the_reminder_goes(kitchen):
    story(kitchen, "YH-1", "assign start rectify reject rectify")
    assert fixes(kitchen) == []


@pytest.mark.parametrize(
    ("clock", "kinds"),
    [
        ((7, 30), []),  # before the day shift opens the shift card; the daily card opened at 0:00
        ((8, 0), [Nudge.CARD_DUE]),
        ((21, 29), []),  # overdue, made good later: 今日 shows it; not yet 30 min from missed
        ((21, 30), [Nudge.CARD_MISSED_SOON]),
        ((22, 0), [Nudge.CARD_MISSED_SOON]),
        ((22, 1), []),
    ],
    ids=[
        "before the shift",
        "at shift start",
        "still time",
        "30 min before missed",
        "the last minute",
        "missed",
    ],
)
def test_the_shift_card_reminds_at_shift_start_and_30_minutes_before_it_is_missed(
    kitchen, stove, clock, kinds
):
    hour, minute = clock
    now = MONDAY_10.replace(hour=hour, minute=minute)
    found = worker_reminders(kitchen, WORKER, [stove], now)
    shift = [r.kind for r in found if "/per_shift" in r.target]
    assert shift == kinds


def test_cards_come_after_the_fixes(kitchen, stove):
    story(kitchen, "YH-1", "assign")
    found = worker_reminders(kitchen, WORKER, [stove], MONDAY_10)
    assert found[0].kind is Nudge.FIX_ASSIGNED
    assert {r.kind for r in found[1:]} == {Nudge.CARD_DUE}


def test_the_managers_count_is_the_hazards_waiting_and_the_reminders(kitchen):
    story(kitchen, "YH-1")
    story(kitchen, "YH-2", "assign start rectify")
    story(kitchen, "YH-3", "assign", reported_at=MONDAY_10 - timedelta(days=2))
    for now in (MONDAY_10, MONDAY_10 + timedelta(hours=36)):  # YH-3 near its deadline later
        own = len(reminders(kitchen, MANAGER, now))  # cards overdue, deadlines near
        assert manager_badge(kitchen, MANAGER, now) == 2 + own  # YH-1 to assign, YH-2 to accept
    assert any(r.key == "remind-deadline-YH-3" for r in reminders(kitchen, MANAGER, now))


def line(tenant: str, due_on: date, overdue: bool = False) -> DueLine:
    return DueLine(tenant, tenant, "C", "", due_on, (), overdue, 0, 1)


def test_the_weeks_due_visits_are_those_due_within_seven_days_or_overdue():
    today = date(2026, 11, 30)
    lines = [
        line("a", today - timedelta(days=3), overdue=True),
        line("b", today),
        line("c", today + timedelta(days=6)),
        line("d", today + timedelta(days=7)),
        line("e", today + timedelta(days=40)),
    ]
    assert [x.tenant for x in due_this_week(lines, today)] == ["a", "b", "c"]


def test_a_card_open_all_week_reminds_only_within_a_day_of_its_due_time(kitchen, stove):
    found = worker_reminders(kitchen, WORKER, [stove], MONDAY_10)
    due = {r.target.rsplit("/", 1)[1] for r in found if r.kind is Nudge.CARD_DUE}
    assert due == {"per_shift", "daily", "monthly"}  # November's card is due tonight
    sunday = MONDAY_10 + timedelta(days=6)
    later = worker_reminders(kitchen, WORKER, [stove], sunday)
    assert any(r.target.endswith("/weekly") for r in later if r.kind is Nudge.CARD_DUE)


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (MONDAY_10.replace(hour=20, tzinfo=None), "20:00"),
        ((MONDAY_10 + timedelta(days=1)).replace(hour=0, tzinfo=None), "24:00"),
        ((MONDAY_10 + timedelta(days=6)).replace(hour=0, tzinfo=None), "12-06 00:00"),
    ],
    ids=["today", "midnight tonight", "another day"],
)
def test_a_due_time_is_written_as_today_writes_it(moment, text):
    assert clock_text(moment, MONDAY_10.replace(tzinfo=None)) == text
