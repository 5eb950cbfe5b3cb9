"""奖惩: each person's month of deeds and points, from hazards and card ticks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.cards import CardItem, CheckCard, Frequency, ItemResult
from shared.completion import PostCard, owed
from shared.events import EventType
from shared.hazards import fold_hazard
from shared.ids import CardId, HazardId, ItemId, PostId, TenantId, UserId
from shared.rewards import (
    Deeds,
    PersonMonth,
    RewardRules,
    SignedTicks,
    month_table,
    month_window,
)
from tests.factories import Device, manager, worker

E = EventType
UTC8 = timezone(timedelta(hours=8))
POST = PostId("P1")
WANG, LI, ZHAO = UserId("wang"), UserId("li"), UserId("zhao")
NOVEMBER = month_window(date(2026, 11, 1))
CARD = CheckCard(
    id=CardId("C1"),
    tenant=TenantId("T1"),
    name="卡",
    version=1,
    items=(
        CardItem(
            id=ItemId("1"),
            what="燃气阀",
            how="看",
            pass_criterion="关闭",
            typical_hazard="漏气",
            frequency=Frequency.DAILY,
            responsible_role="厨师",
        ),
    ),
)
POSTS = [PostCard(POST, CARD)]


def deeds(**changes: object) -> Deeds:
    base = Deeds(
        id=HazardId("H1"),
        title="燃气软管老化",
        reporter=WANG,
        self_reported=True,
        confirmed=True,
        reported_at=datetime(2026, 11, 10, 9),
        post_id=POST,
        item_id=ItemId("1"),
        enforcement=False,
        fixed_by=None,
        fixed_at=None,
        deadline=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def tick(day: int, by: UserId, result: ItemResult = ItemResult.PASS, hour: int = 10) -> SignedTicks:
    at = datetime(2026, 11, day, hour)
    return SignedTicks(
        post_id=POST, period=f"{date(2026, 11, day):%Y-%m-%d}", completed_at=at,
        ticked={ItemId("1"): (result, at, by)},
    )  # fmt: skip


def row_of(rows: list[PersonMonth], person: UserId) -> PersonMonth:
    return next(r for r in rows if r.user_id == person)


FINDING = deeds(
    id=HazardId("E1"),
    reporter=ZHAO,
    self_reported=False,
    enforcement=True,
    reported_at=datetime(2026, 11, 12, 15),
)


@pytest.mark.parametrize(
    ("hazard", "who", "found", "confirmed", "fixes"),
    [
        (deeds(), WANG, 1, 1, 0),
        (deeds(confirmed=False), WANG, 1, 0, 0),
        (deeds(reported_at=datetime(2026, 10, 31, 23)), None, 0, 0, 0),
        (deeds(self_reported=False), None, 0, 0, 0),
        (
            deeds(fixed_by=LI, fixed_at=datetime(2026, 11, 11), deadline=datetime(2026, 11, 12)),
            LI,
            0,
            0,
            1,
        ),
        (
            deeds(fixed_by=LI, fixed_at=datetime(2026, 11, 13), deadline=datetime(2026, 11, 12)),
            LI,
            0,
            0,
            0,
        ),
        (deeds(fixed_by=LI, fixed_at=datetime(2026, 11, 13)), LI, 0, 0, 1),
        (
            deeds(
                self_reported=False,
                fixed_by=LI,
                fixed_at=datetime(2026, 12, 1),
                deadline=datetime(2026, 12, 2),
            ),
            None,
            0,
            0,
            0,
        ),
    ],
    ids=[
        "a confirmed report of the month is found and confirmed",
        "an unconfirmed report is found but earns nothing",
        "a report of last month is not this month's",
        "an enforcement finding is nobody's find",
        "a fix by its deadline is on time for the fixer",
        "a fix after its deadline is not on time",
        "a fix without a deadline is on time",
        "a fix of next month is not this month's",
    ],
)
def test_a_hazard_credits_its_finder_and_its_fixer_by_the_rules(
    hazard, who, found, confirmed, fixes
):
    rows = month_table([hazard], [], [], NOVEMBER)
    if who is None:
        assert all(r.hazards_found == 0 and r.fixes_on_time == 0 for r in rows)
        return
    person = next((r for r in rows if r.user_id == who), PersonMonth(user_id=who))
    assert (person.hazards_found, person.hazards_confirmed, person.fixes_on_time) == (
        found,
        confirmed,
        fixes,
    )


@pytest.mark.parametrize(
    ("ticks", "charged"),
    [
        ([tick(11, WANG)], WANG),
        ([tick(8, WANG), tick(11, LI)], LI),
        ([tick(4, WANG)], None),
        ([tick(11, WANG, ItemResult.FAIL)], None),
        ([tick(13, WANG)], None),
    ],
    ids=[
        "the 合格 tick the day before is charged to its ticker",
        "the last 合格 tick before the finding is the one charged",
        "a tick more than 7 days before conceals nothing",
        "a 不合格 tick conceals nothing",
        "a tick after the finding conceals nothing",
    ],
)
def test_a_finding_on_an_item_ticked_pass_within_7_days_charges_who_ticked_it(ticks, charged):
    rows = month_table([FINDING], [], ticks, NOVEMBER)
    concealed = {r.user_id: r.concealments for r in rows if r.concealments}
    assert concealed == ({charged: 1} if charged else {})
    if charged:
        assert "瞒报" in row_of(rows, charged).reasons[0]
        assert "燃气软管老化" in row_of(rows, charged).reasons[0]


def test_points_are_the_deeds_times_the_rules_and_a_concealment_takes_points():
    rules = RewardRules(confirmed_hazard=3, card_on_time=0.5, fix_on_time=2, concealment=10)
    found = deeds(fixed_by=WANG, fixed_at=datetime(2026, 11, 11), deadline=datetime(2026, 11, 12))
    rows = month_table([found, FINDING], [], [tick(11, WANG)], NOVEMBER, rules)
    wang = row_of(rows, WANG)
    assert (wang.hazards_confirmed, wang.fixes_on_time, wang.concealments) == (1, 1, 1)
    assert wang.points == 3 + 2 - 10


def test_a_card_complete_by_its_due_time_counts_once_for_everyone_who_ticked_it():
    slots = owed(POSTS[0], NOVEMBER)
    on_time = [
        SignedTicks(
            post_id=POST,
            period=slot.period,
            completed_at=slot.opens_at + timedelta(hours=9),
            ticked={ItemId("1"): (ItemResult.PASS, slot.opens_at + timedelta(hours=9), WANG)},
        )
        for slot in slots[:20]
    ]
    late = [
        SignedTicks(
            post_id=POST,
            period=slot.period,
            completed_at=slot.due_at + timedelta(hours=1),
            ticked={ItemId("1"): (ItemResult.PASS, slot.due_at + timedelta(hours=1), LI)},
        )
        for slot in slots[20:]
    ]
    rows = month_table([], POSTS, [*on_time, *late], NOVEMBER)
    assert row_of(rows, WANG).cards_on_time == 20
    assert all(r.cards_on_time == 0 for r in rows if r.user_id == LI)


def test_the_table_is_ordered_by_points_best_first():
    rows = month_table(
        [deeds(), deeds(id=HazardId("H2"), reporter=LI), deeds(id=HazardId("H3"), reporter=LI)],
        [],
        [],
        NOVEMBER,
    )
    assert [r.user_id for r in rows] == [LI, WANG]
    rows = month_table([deeds(), deeds(id=HazardId("H2"), reporter=LI)], [], [], NOVEMBER)
    assert [r.user_id for r in rows] == [LI, WANG]  # a tie on points: by id


@pytest.mark.parametrize(
    ("month", "today", "first", "last"),
    [
        (date(2026, 11, 15), None, date(2026, 11, 1), date(2026, 11, 30)),
        (date(2026, 12, 1), date(2026, 12, 7), date(2026, 12, 1), date(2026, 12, 7)),
        (date(2026, 2, 3), date(2026, 5, 1), date(2026, 2, 1), date(2026, 2, 28)),
    ],
    ids=["a past month is whole", "the running month ends today", "february has 28 days"],
)
def test_a_month_window_covers_the_calendar_month_up_to_today(month, today, first, last):
    window = month_window(month, today)
    assert (window.first, window.day) == (first, last)


@given(
    confirmed=st.integers(0, 5),
    fixes=st.integers(0, 5),
    rules=st.builds(
        RewardRules,
        confirmed_hazard=st.floats(0, 10),
        fix_on_time=st.floats(0, 10),
        concealment=st.floats(0, 20),
    ),
)
def test_without_a_concealment_nobody_has_negative_points(confirmed, fixes, rules):
    hazards = [
        deeds(id=HazardId(f"H{n}"), reporter=WANG, confirmed=True) for n in range(confirmed)
    ] + [
        deeds(
            id=HazardId(f"F{n}"),
            reporter=LI,
            self_reported=False,
            fixed_by=WANG,
            fixed_at=datetime(2026, 11, 11),
        )
        for n in range(fixes)
    ]
    assert all(r.points >= 0 for r in month_table(hazards, [], [], NOVEMBER, rules))


def test_the_deeds_of_a_folded_hazard_name_who_fixed_it_until_a_rejection_undoes_the_fix():
    phone, boss = Device("w", worker), Device("m", manager)
    report = phone.event(E.HAZARD_REPORTED, base=0)
    boss.saw([report])
    assigned = boss.event(E.HAZARD_ASSIGNED, base=1)
    phone.saw([assigned])
    fixed = phone.event(E.HAZARD_RECTIFIED, base=2)
    hazard = fold_hazard([report, assigned, fixed])
    assert hazard is not None
    seen = Deeds.of(hazard, UTC8)
    assert seen.reporter == worker.user_id and seen.self_reported and seen.confirmed
    assert seen.fixed_by == worker.user_id and seen.fixed_at is not None
    boss.saw([fixed])
    rejected = boss.event(E.HAZARD_REJECTED, base=3)
    again = fold_hazard([report, assigned, fixed, rejected])
    assert again is not None
    assert Deeds.of(again, UTC8).fixed_by is None
