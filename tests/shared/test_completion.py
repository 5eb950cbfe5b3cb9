"""Card completion over a window: what was owed, how it settled, day by day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from shared.card_ticks import CardRecord, TickedItem
from shared.cards import CardItem, CheckCard, Frequency, ItemResult
from shared.completion import PostCard, Ticks, card_facts, owed, period_keys
from shared.geo import Position
from shared.ids import CardId, EventId, ItemId, PostId, TenantId, UserId
from shared.payloads import ItemTick
from shared.schedule import OutcomeCounts
from shared.window import Window

DAY = date(2026, 11, 29)
POST = PostId("P1")
SHANGHAI = timezone(timedelta(hours=8))


def make_card(*frequencies: Frequency) -> CheckCard:
    items = tuple(
        CardItem(
            id=ItemId(str(n)),
            what="检查",
            how="看",
            pass_criterion="合格",
            typical_hazard="隐患",
            frequency=frequency,
            responsible_role="操作工",
        )
        for n, frequency in enumerate(frequencies, start=1)
    )
    return CheckCard(id=CardId("C1"), tenant=TenantId("T1"), name="卡", version=1, items=items)


POST_CARD = PostCard(POST, make_card(Frequency.PER_SHIFT, Frequency.DAILY))


def ticks(period: str, done: datetime, items: tuple[str, ...], seconds: float = 60) -> Ticks:
    return Ticks(
        post_id=POST,
        period=period,
        started_at=done - timedelta(seconds=seconds),
        completed_at=done,
        ticked={ItemId(i): (ItemResult.PASS, done) for i in items},
    )


def all_ticked(
    window: Window, skip: frozenset[date] = frozenset()
) -> dict[tuple[PostId, str], Ticks]:
    found = {}
    for instance in owed(POST_CARD, window):
        day = instance.opens_at.date()
        if day not in skip:
            found[(POST, instance.period)] = ticks(
                instance.period, instance.opens_at + timedelta(hours=1), instance.item_ids
            )
    return found


@pytest.mark.parametrize(
    ("frequencies", "expected"),
    [
        ((Frequency.DAILY,), 30),
        ((Frequency.PER_SHIFT,), 30),
        ((Frequency.PER_SHIFT, Frequency.DAILY), 60),
        ((Frequency.WEEKLY,), 4),  # Mondays in the window: Nov 2, 9, 16, 23
        ((Frequency.MONTHLY,), 1),  # October's card, due at 00:00 on 1 November
    ],
)
def test_a_post_owes_the_instances_due_in_the_window(frequencies, expected):
    assert len(owed(PostCard(POST, make_card(*frequencies)), Window(DAY))) == expected


def test_every_card_ticked_on_time_settles_on_time_and_no_day_is_low():
    window = Window(DAY)
    facts = card_facts([POST_CARD], all_ticked(window), window)
    assert facts.outcomes == OutcomeCounts(on_time=60)
    assert facts.suspicious == 0
    assert facts.low_streak(DAY, lambda c: (c.ratio() or 1) < 0.5) == 0


def test_days_not_ticked_are_missed_and_make_a_low_streak():
    window = Window(DAY)
    skipped = frozenset(DAY - timedelta(days=n) for n in range(4))  # the 26th to the 29th
    facts = card_facts([POST_CARD], all_ticked(window, skipped), window)
    # Four shifts and three daily cards: the 29th's daily card is due tomorrow, outside.
    assert facts.outcomes.missed == 7
    assert facts.by_day[DAY] == OutcomeCounts(missed=2)  # its shift, and the 28th's daily card
    # The 26th still had the 25th's daily card done: half, which is not below half.
    assert facts.low_streak(DAY, lambda c: (c.ratio() or 0.0) < 0.5 and c.scheduled > 0) == 3


def test_a_tick_after_the_day_ended_or_before_the_period_opened_does_not_complete_it():
    window = Window(DAY)
    records = all_ticked(window)
    shift = f"{DAY.isoformat()}#1"
    records[(POST, shift)] = ticks(shift, datetime.combine(DAY, time(7)), ("1",))
    yesterday = (DAY - timedelta(days=1)).isoformat()
    records[(POST, yesterday)] = ticks(yesterday, window.as_of + timedelta(hours=1), ("2",))
    facts = card_facts([POST_CARD], records, window)
    # Neither counts: the shift ticked before it opened, the 28th's daily card after the day.
    assert facts.by_day[DAY] == OutcomeCounts(missed=2)


def test_an_instance_ticked_in_under_ten_seconds_an_item_is_suspicious():
    window = Window(DAY)
    records = all_ticked(window)
    shift = f"{DAY.isoformat()}#1"
    records[(POST, shift)] = ticks(shift, datetime.combine(DAY, time(9)), ("1",), seconds=4)
    assert card_facts([POST_CARD], records, window).suspicious == 1


STOVE = Position(latitude=39.9354, longitude=119.6005)


@pytest.mark.parametrize(
    ("post", "scanned_at", "suspicious"),
    [
        # about 330 m north of the post: far
        (STOVE, Position(latitude=39.9384, longitude=119.6005), 1),
        # about 110 m: near
        (STOVE, Position(latitude=39.9364, longitude=119.6005), 0),
        # 330 m, but the fix is only good to 150 m: it may have been within 200 m
        (STOVE, Position(latitude=39.9384, longitude=119.6005, accuracy_m=150), 0),
        # the post has no coordinates: unknown never counts
        (None, Position(latitude=39.9384, longitude=119.6005), 0),
        # the worker did not allow location: unknown never counts
        (STOVE, None, 0),
    ],
    ids=["far", "near", "vague fix", "post not located", "no position"],
)
def test_an_instance_scanned_more_than_200_m_from_its_post_is_suspicious(
    post, scanned_at, suspicious
):
    window = Window(DAY)
    records = all_ticked(window)
    shift = f"{DAY.isoformat()}#1"
    scanned = records[(POST, shift)]
    where = () if scanned_at is None else (scanned_at,)
    records[(POST, shift)] = Ticks(
        post_id=POST,
        period=shift,
        started_at=scanned.started_at,
        completed_at=scanned.completed_at,
        ticked=scanned.ticked,
        locations=where,
    )
    located = PostCard(POST, POST_CARD.card, position=post)
    facts = card_facts([located], records, window)
    assert facts.suspicious == suspicious
    assert facts.far_from_post == ((POST, shift),) * suspicious


def test_instances_that_opened_before_the_enterprise_joined_are_not_owed():
    window = Window(DAY)
    facts = card_facts([POST_CARD], {}, window, since=DAY - timedelta(days=2))
    # The shifts of the 27th to the 29th, and the daily cards of the 27th and the 28th.
    assert facts.outcomes == OutcomeCounts(missed=5)


def test_the_fast_json_view_equals_the_view_of_the_model():
    at = datetime(2026, 11, 29, 1, 0, tzinfo=UTC)
    record = CardRecord(
        id="P1:2026-11-29",
        tenant=TenantId("T1"),
        post_id=POST,
        card_id=CardId("C1"),
        card_version=1,
        period="2026-11-29",
        items={
            ItemId("2"): TickedItem(
                tick=ItemTick(result=ItemResult.FAIL), by=UserId("u"), event_id=EventId("e"), at=at
            )
        },
        started_at=at - timedelta(minutes=2),
        completed_at=at,
        scanned=True,
        submissions=(EventId("e"),),
        locations=(Position(latitude=39.9354, longitude=119.6005, accuracy_m=12.5),),
    )
    from_model = Ticks.of(record, SHANGHAI)
    assert Ticks.from_json(record.model_dump(mode="json"), SHANGHAI) == from_model
    assert from_model.last_ticked_at == datetime(2026, 11, 29, 9, 0)


def test_the_period_keys_of_a_span_name_every_frequency_and_shift():
    keys = period_keys(date(2026, 11, 29), date(2026, 11, 30))
    assert {"2026-11-29", "2026-11-29#1", "2026-11-30#3", "2026-W48", "2026-W49", "2026-11"} <= keys
    assert "2026-12-01" not in keys


def test_a_card_built_on_a_phone_owes_nothing_due_before_it_came_into_force():
    window = Window(DAY)
    owed_all = card_facts([POST_CARD], {}, window)
    later = POST_CARD.card.model_copy(update={"in_force_from": DAY + timedelta(days=1)})
    built = card_facts([PostCard(POST, later)], {}, window)
    assert owed_all.outcomes.missed > 0
    assert built.outcomes == OutcomeCounts()
