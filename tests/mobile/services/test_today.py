"""The worker's day: each instance due, overdue, upcoming or done, from the schedule and folds."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from mobile.local_record import LocalRecord
from mobile.services.actions import CardTick, tick_card
from mobile.services.today import Standing, TodayPlan, plan_today
from shared.cards import Frequency, ItemResult
from shared.events import Event
from shared.ids import CardId, ItemId, PostId
from tests.mobile.world import MONDAY_10, WORKER


def standings(plan: TodayPlan) -> dict[tuple[Frequency, str], Standing]:
    return {(c.frequency, c.instance.period): c.standing for d in plan.posts for c in d.cards}


def tick(record: LocalRecord, period: str, items: list[str], at: datetime = MONDAY_10) -> Event:
    ticks = CardTick(PostId("P-STOVE"), CardId("CARD-STOVE"), 1, period,
                     {ItemId(i): ItemResult.PASS for i in items}, at, at)  # fmt: skip
    return tick_card(record, WORKER, ticks)


def test_on_a_monday_morning_todays_four_instances_are_due_and_two_are_late(kitchen, stove):
    plan = plan_today(kitchen, [stove], MONDAY_10)
    assert plan.day.isoformat() == "2026-11-30"
    assert standings(plan) == {
        (Frequency.WEEKLY, "2026-W48"): Standing.OVERDUE,
        (Frequency.DAILY, "2026-11-29"): Standing.OVERDUE,
        (Frequency.PER_SHIFT, "2026-11-30#1"): Standing.DUE,
        (Frequency.DAILY, "2026-11-30"): Standing.DUE,
        (Frequency.WEEKLY, "2026-W49"): Standing.DUE,
        (Frequency.MONTHLY, "2026-11"): Standing.DUE,
    }
    first = plan.posts[0].cards
    assert [c.standing for c in first[:2]] == [Standing.OVERDUE, Standing.OVERDUE]


def test_an_instance_is_done_only_when_every_item_is_ticked(kitchen, stove):
    tick(kitchen, "2026-11-30", ["1", "2"])
    daily = next(c for c in plan_today(kitchen, [stove], MONDAY_10).posts[0].cards
                 if c.instance.period == "2026-11-30")  # fmt: skip
    assert (daily.standing, daily.ticked, daily.total, daily.pending) == (Standing.DUE, 2, 6, True)
    tick(kitchen, "2026-11-30", ["4", "5", "7", "9"])
    plan = plan_today(kitchen, [stove], MONDAY_10)
    assert standings(plan)[(Frequency.DAILY, "2026-11-30")] is Standing.DONE
    assert plan.count(Standing.DONE) == 1


def test_yesterdays_done_instances_are_history_not_todays_work(kitchen, stove):
    tick(kitchen, "2026-11-29", ["1", "2", "4", "5", "7", "9"], MONDAY_10 - timedelta(days=1))
    assert (Frequency.DAILY, "2026-11-29") not in standings(plan_today(kitchen, [stove], MONDAY_10))


def test_a_post_without_a_card_owes_nothing(kitchen, stove):
    bare = stove.__class__(stove.post, None, stove.workshop)
    assert plan_today(kitchen, [bare], MONDAY_10).posts == ()


def test_a_card_built_this_morning_owes_nothing_from_yesterday(kitchen, stove):
    assert stove.card is not None
    today = MONDAY_10.date()
    built = replace(stove, card=stove.card.model_copy(update={"in_force_from": today}))
    plan = plan_today(kitchen, [built], MONDAY_10)
    assert {period for _, period in standings(plan)} == {
        "2026-11-30#1",
        "2026-11-30",
        "2026-W49",
        "2026-11",
    }
    assert all(standing is not Standing.OVERDUE for standing in standings(plan).values())
