"""Card schedules: the instances a post owes on a day and how each tick is settled."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from shared.cards import CardItem, CheckCard, Frequency, ShiftPattern, ShiftWindow
from shared.errors import InvalidInput
from shared.ids import CardId, ItemId, PostId, TenantId
from shared.schedule import (
    DEFAULT_LATENESS,
    CardInstance,
    LatenessPolicy,
    OutcomeCounts,
    Timeliness,
    classify,
    completion_ratio,
    instances_due,
)

POST = PostId("post-stove")
ON_TIME, LATE, MISSED = Timeliness.ON_TIME, Timeliness.LATE, Timeliness.MISSED
SECOND = timedelta(seconds=1)


def item(item_id: str, frequency: Frequency) -> CardItem:
    return CardItem(
        id=ItemId(item_id),
        what="检查项",
        how="怎么查",
        pass_criterion="合格标准",
        typical_hazard="典型隐患",
        frequency=frequency,
        responsible_role="操作工",
    )


def card_of(*frequencies: Frequency) -> CheckCard:
    return CheckCard(
        id=CardId("card-lathe"),
        tenant=TenantId("t1"),
        name="车床岗",
        version=3,
        items=tuple(item(f"i{n}", f) for n, f in enumerate(frequencies, start=1)),
    )


def pattern(*spans: tuple[str, str]) -> ShiftPattern:
    if not spans:
        return ShiftPattern()
    return ShiftPattern(
        shifts=tuple(
            ShiftWindow(start=time.fromisoformat(a), end=time.fromisoformat(b)) for a, b in spans
        )
    )


def at(text: str) -> datetime:
    return datetime.fromisoformat(text)


def only_instance(frequency: Frequency, day: date) -> CardInstance:
    (instance,) = instances_due(POST, card_of(frequency), pattern(), day)
    return instance


# --- periods ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("frequency", "day", "period", "opens_at", "due_at"),
    [
        # Daily: the calendar day.
        (Frequency.DAILY, "2026-11-29", "2026-11-29", "2026-11-29 00:00", "2026-11-30 00:00"),
        (Frequency.DAILY, "2026-12-31", "2026-12-31", "2026-12-31 00:00", "2027-01-01 00:00"),
        (Frequency.DAILY, "2028-02-29", "2028-02-29", "2028-02-29 00:00", "2028-03-01 00:00"),
        # Weekly: ISO weeks, Monday to Monday; a Sunday closes its week.
        (Frequency.WEEKLY, "2026-11-29", "2026-W48", "2026-11-23 00:00", "2026-11-30 00:00"),
        (Frequency.WEEKLY, "2026-11-30", "2026-W49", "2026-11-30 00:00", "2026-12-07 00:00"),
        # 2026 has 53 ISO weeks; New Year's Day 2027 still belongs to 2026-W53.
        (Frequency.WEEKLY, "2026-12-31", "2026-W53", "2026-12-28 00:00", "2027-01-04 00:00"),
        (Frequency.WEEKLY, "2027-01-01", "2026-W53", "2026-12-28 00:00", "2027-01-04 00:00"),
        (Frequency.WEEKLY, "2027-01-03", "2026-W53", "2026-12-28 00:00", "2027-01-04 00:00"),
        (Frequency.WEEKLY, "2027-01-04", "2027-W01", "2027-01-04 00:00", "2027-01-11 00:00"),
        # And the other way round: 30 December 2024 is in 2025-W01.
        (Frequency.WEEKLY, "2024-12-30", "2025-W01", "2024-12-30 00:00", "2025-01-06 00:00"),
        # Monthly: the calendar month, whatever its length.
        (Frequency.MONTHLY, "2026-11-01", "2026-11", "2026-11-01 00:00", "2026-12-01 00:00"),
        (Frequency.MONTHLY, "2026-11-30", "2026-11", "2026-11-01 00:00", "2026-12-01 00:00"),
        (Frequency.MONTHLY, "2026-12-31", "2026-12", "2026-12-01 00:00", "2027-01-01 00:00"),
        (Frequency.MONTHLY, "2027-01-01", "2027-01", "2027-01-01 00:00", "2027-02-01 00:00"),
        (Frequency.MONTHLY, "2026-02-28", "2026-02", "2026-02-01 00:00", "2026-03-01 00:00"),
        (Frequency.MONTHLY, "2028-02-29", "2028-02", "2028-02-01 00:00", "2028-03-01 00:00"),
        (Frequency.MONTHLY, "2026-01-31", "2026-01", "2026-01-01 00:00", "2026-02-01 00:00"),
        # Per shift with the default 08:00–20:00 day shift.
        (Frequency.PER_SHIFT, "2026-11-29", "2026-11-29#1", "2026-11-29 08:00", "2026-11-29 20:00"),
    ],
)
def test_each_frequency_has_its_period_key_and_window(frequency, day, period, opens_at, due_at):
    instance = only_instance(frequency, date.fromisoformat(day))
    assert (instance.period, instance.opens_at, instance.due_at) == (
        period,
        at(opens_at),
        at(due_at),
    )


def test_every_shift_of_the_day_has_its_own_instance_numbered_from_one():
    shifts = pattern(("00:00", "08:00"), ("08:00", "16:00"), ("16:00", "00:00"))
    instances = instances_due(POST, card_of(Frequency.PER_SHIFT), shifts, date(2026, 12, 31))
    assert [(i.period, i.opens_at, i.due_at) for i in instances] == [
        ("2026-12-31#1", at("2026-12-31 00:00"), at("2026-12-31 08:00")),
        ("2026-12-31#2", at("2026-12-31 08:00"), at("2026-12-31 16:00")),
        ("2026-12-31#3", at("2026-12-31 16:00"), at("2027-01-01 00:00")),
    ]


def test_a_night_shift_belongs_to_the_day_it_starts_and_is_due_the_next_morning():
    shifts = pattern(("08:00", "20:00"), ("20:00", "08:00"))
    night = instances_due(POST, card_of(Frequency.PER_SHIFT), shifts, date(2027, 2, 28))[1]
    assert (night.period, night.opens_at, night.due_at) == (
        "2027-02-28#2",
        at("2027-02-28 20:00"),
        at("2027-03-01 08:00"),
    )


def test_items_are_grouped_by_frequency_in_growing_period_keeping_card_order():
    lathe = card_of(
        Frequency.MONTHLY,
        Frequency.PER_SHIFT,
        Frequency.DAILY,
        Frequency.PER_SHIFT,
        Frequency.WEEKLY,
        Frequency.PER_SHIFT,
    )
    shifts = pattern(("08:00", "20:00"), ("20:00", "08:00"))
    instances = instances_due(POST, lathe, shifts, date(2026, 11, 29))
    assert [(i.frequency, i.period, i.item_ids) for i in instances] == [
        (Frequency.PER_SHIFT, "2026-11-29#1", ("i2", "i4", "i6")),
        (Frequency.PER_SHIFT, "2026-11-29#2", ("i2", "i4", "i6")),
        (Frequency.DAILY, "2026-11-29", ("i3",)),
        (Frequency.WEEKLY, "2026-W48", ("i5",)),
        (Frequency.MONTHLY, "2026-11", ("i1",)),
    ]
    assert {(i.post_id, i.card_id) for i in instances} == {(POST, "card-lathe")}


def test_a_frequency_without_items_owes_nothing():
    instances = instances_due(POST, card_of(Frequency.DAILY), pattern(), date(2026, 11, 29))
    assert [i.frequency for i in instances] == [Frequency.DAILY]


def test_a_weekly_instance_is_the_same_on_every_day_of_its_week_and_new_the_next_week():
    monday = date(2026, 12, 28)
    week = [only_instance(Frequency.WEEKLY, monday + timedelta(days=n)) for n in range(7)]
    assert all(instance == week[0] for instance in week)
    assert only_instance(Frequency.WEEKLY, monday + timedelta(days=7)).key != week[0].key


def test_a_monthly_instance_is_the_same_on_every_day_of_its_month():
    days = [date(2028, 2, 1) + timedelta(days=n) for n in range(29)]
    assert len({only_instance(Frequency.MONTHLY, d) for d in days}) == 1
    assert only_instance(Frequency.MONTHLY, date(2028, 3, 1)).period == "2028-03"


@pytest.mark.parametrize(
    ("frequency", "first", "last", "period", "next_period"),
    [
        (Frequency.QUARTERLY, date(2026, 10, 1), date(2026, 12, 31), "2026-Q4", "2027-Q1"),
        (Frequency.QUARTERLY, date(2027, 1, 1), date(2027, 3, 31), "2027-Q1", "2027-Q2"),
        (Frequency.YEARLY, date(2028, 1, 1), date(2028, 12, 31), "2028", "2029"),
    ],
)
def test_a_quarterly_or_yearly_instance_spans_its_calendar_quarter_or_year(
    frequency, first, last, period, next_period
):
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    assert {only_instance(frequency, d).period for d in days} == {period}
    instance = only_instance(frequency, first)
    assert (instance.opens_at.date(), instance.due_at.date()) == (first, last + timedelta(days=1))
    assert only_instance(frequency, last + timedelta(days=1)).period == next_period


def test_an_instance_key_names_post_card_frequency_and_period():
    instance = only_instance(Frequency.WEEKLY, date(2027, 1, 1))
    assert instance.key == (POST, "card-lathe", Frequency.WEEKLY, "2026-W53")


# --- instance validity -----------------------------------------------------------------------


def instance_fields(**overrides: object) -> dict[str, object]:
    fields: dict[str, object] = {
        "post_id": POST,
        "card_id": CardId("c"),
        "frequency": Frequency.DAILY,
        "period": "2026-11-29",
        "opens_at": at("2026-11-29 00:00"),
        "due_at": at("2026-11-30 00:00"),
        "item_ids": (ItemId("i1"),),
    }
    fields.update(overrides)
    return fields


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"due_at": at("2026-11-29 00:00")}, "after opens_at"),
        ({"due_at": at("2026-11-28 00:00")}, "after opens_at"),
        ({"opens_at": datetime(2026, 11, 29, tzinfo=UTC)}, "naive"),
        ({"due_at": datetime(2026, 11, 30, tzinfo=UTC)}, "naive"),
        ({"item_ids": ()}, "at least 1 item"),
        ({"period": ""}, "at least 1 character"),
    ],
)
def test_an_instance_must_open_before_it_is_due_in_local_time_and_hold_items(overrides, message):
    with pytest.raises(ValidationError, match=message):
        CardInstance.model_validate(instance_fields(**overrides))


# --- timeliness ------------------------------------------------------------------------------


def test_the_default_graces_grow_with_the_period():
    assert [DEFAULT_LATENESS.grace(f) for f in Frequency] == [
        timedelta(hours=2),
        timedelta(hours=12),
        timedelta(days=2),
        timedelta(days=5),
        timedelta(days=10),
        timedelta(days=15),
    ]


def test_a_negative_grace_is_refused():
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        LatenessPolicy(daily=timedelta(hours=-1))


FREQUENCY_DAYS = [
    (Frequency.PER_SHIFT, date(2026, 11, 29)),
    (Frequency.DAILY, date(2026, 12, 31)),
    (Frequency.WEEKLY, date(2027, 1, 1)),
    (Frequency.MONTHLY, date(2026, 2, 14)),
]


@pytest.mark.parametrize(("frequency", "day"), FREQUENCY_DAYS)
@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("opens", ON_TIME),
        ("due - 1s", ON_TIME),
        ("due", ON_TIME),
        ("due + 1s", LATE),
        ("due + grace", LATE),
        ("due + grace + 1s", MISSED),
        ("due + grace + 30 days", MISSED),
    ],
)
def test_a_tick_is_on_time_up_to_due_late_up_to_grace_then_missed(frequency, day, moment, expected):
    instance = only_instance(frequency, day)
    grace = DEFAULT_LATENESS.grace(frequency)
    moments = {
        "opens": instance.opens_at,
        "due - 1s": instance.due_at - SECOND,
        "due": instance.due_at,
        "due + 1s": instance.due_at + SECOND,
        "due + grace": instance.due_at + grace,
        "due + grace + 1s": instance.due_at + grace + SECOND,
        "due + grace + 30 days": instance.due_at + grace + timedelta(days=30),
    }
    far_future = instance.due_at + timedelta(days=400)
    assert classify(instance, moments[moment], far_future) is expected


@pytest.mark.parametrize(("frequency", "day"), FREQUENCY_DAYS)
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("opens - 1s", None),
        ("opens", None),
        ("due", None),
        # Overdue but still within grace: it can still be made good late.
        ("due + 1s", None),
        ("due + grace", None),
        ("due + grace + 1s", MISSED),
    ],
)
def test_an_unticked_instance_stays_open_until_its_grace_has_passed(frequency, day, now, expected):
    instance = only_instance(frequency, day)
    grace = DEFAULT_LATENESS.grace(frequency)
    nows = {
        "opens - 1s": instance.opens_at - SECOND,
        "opens": instance.opens_at,
        "due": instance.due_at,
        "due + 1s": instance.due_at + SECOND,
        "due + grace": instance.due_at + grace,
        "due + grace + 1s": instance.due_at + grace + SECOND,
    }
    assert classify(instance, None, nows[now]) is expected


def test_a_tick_settles_the_same_whatever_the_time_of_asking():
    instance = only_instance(Frequency.DAILY, date(2026, 11, 29))
    tick = at("2026-11-30 06:00")
    assert {classify(instance, tick, at(now)) for now in ("2026-11-29 01:00", "2027-06-01")} == {
        LATE
    }


def test_a_custom_policy_without_grace_turns_every_late_tick_into_a_miss():
    strict = LatenessPolicy(per_shift=timedelta(0))
    instance = only_instance(Frequency.PER_SHIFT, date(2026, 11, 29))
    assert classify(instance, instance.due_at, instance.due_at, policy=strict) is ON_TIME
    assert classify(instance, instance.due_at + SECOND, instance.due_at, policy=strict) is MISSED
    assert classify(instance, None, instance.due_at + SECOND, policy=strict) is MISSED


def test_a_tick_before_its_period_opened_cannot_complete_it():
    instance = only_instance(Frequency.DAILY, date(2026, 11, 29))
    with pytest.raises(InvalidInput, match="before its period opened") as caught:
        classify(instance, at("2026-11-28 23:59:59"), at("2026-11-29 12:00"))
    assert caught.value.details["period"] == "2026-11-29"


@pytest.mark.parametrize("field", ["now", "completed_at"])
def test_aware_datetimes_are_refused_rather_than_guessed_at(field):
    instance = only_instance(Frequency.DAILY, date(2026, 11, 29))
    aware = datetime(2026, 11, 29, 4, tzinfo=UTC)
    naive = at("2026-11-29 12:00")
    arguments = {"now": naive, "completed_at": naive, field: aware}
    with pytest.raises(InvalidInput, match=field) as caught:
        classify(instance, arguments["completed_at"], arguments["now"])
    assert caught.value.details["field"] == field


# --- completion ratio ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outcomes", "ratio"),
    [
        ([ON_TIME], 1.0),
        ([ON_TIME, ON_TIME, MISSED, MISSED], 0.5),
        ([LATE], 0.5),
        ([LATE, LATE, MISSED, MISSED], 0.25),
        ([ON_TIME, LATE, MISSED, MISSED], 0.375),
        ([MISSED, MISSED, MISSED], 0.0),
    ],
)
def test_completion_gives_full_credit_on_time_half_when_late_none_when_missed(outcomes, ratio):
    assert completion_ratio(outcomes) == pytest.approx(ratio)


def test_completion_of_nothing_scheduled_is_undefined_not_perfect():
    assert completion_ratio([]) is None
    assert OutcomeCounts().ratio() is None


def test_the_late_credit_is_configurable():
    assert completion_ratio([LATE, ON_TIME], late_credit=0.0) == pytest.approx(0.5)
    assert completion_ratio(iter([LATE, ON_TIME]), late_credit=1.0) == pytest.approx(1.0)


def test_outcomes_are_tallied_by_kind():
    counts = OutcomeCounts.tally([ON_TIME, MISSED, LATE, ON_TIME, ON_TIME])
    assert (counts.on_time, counts.late, counts.missed, counts.scheduled) == (3, 1, 1, 5)


def test_negative_counts_are_refused():
    with pytest.raises(ValidationError):
        OutcomeCounts(missed=-1)


# --- properties ------------------------------------------------------------------------------


@st.composite
def shift_patterns(draw: st.DrawFn) -> ShiftPattern:
    """One to three shifts at minute resolution, ordered and never overlapping."""
    count = draw(st.integers(min_value=1, max_value=3))
    starts = sorted(draw(st.sets(st.integers(0, 1439), min_size=count, max_size=count)))
    windows = []
    for index, start in enumerate(starts):
        following = starts[index + 1] if index + 1 < count else starts[0] + 1440
        length = draw(st.integers(min_value=1, max_value=min(following - start, 1439)))
        end = (start + length) % 1440
        windows.append(
            ShiftWindow(start=time(start // 60, start % 60), end=time(end // 60, end % 60))
        )
    return ShiftPattern(shifts=tuple(windows))


cards = st.lists(st.sampled_from(list(Frequency)), min_size=1, max_size=8).map(
    lambda frequencies: card_of(*frequencies)
)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


@given(card=cards, shifts=shift_patterns(), day=days)
def test_every_item_of_a_card_is_owed_in_exactly_one_instance_per_period(card, shifts, day):
    instances = instances_due(POST, card, shifts, day)
    per_shift = [i for i in instances if i.frequency is Frequency.PER_SHIFT]
    others = [i for i in instances if i.frequency is not Frequency.PER_SHIFT]
    owed_once = [item_id for i in others for item_id in i.item_ids]
    assert sorted(owed_once) == sorted(
        i.id for i in card.items if i.frequency is not Frequency.PER_SHIFT
    )
    if any(i.frequency is Frequency.PER_SHIFT for i in card.items):
        assert len(per_shift) == len(shifts.shifts)
    assert len({i.key for i in instances}) == len(instances)
    assert all(i.opens_at <= datetime.combine(day, time.max) for i in instances)
    assert all(i.due_at > datetime.combine(day, time()) for i in instances)


@given(
    card=cards,
    shifts=shift_patterns(),
    first=days,
    span=st.integers(min_value=1, max_value=40),
    offsets=st.lists(st.one_of(st.none(), st.integers(0, 40 * 24 * 60)), min_size=1),
)
def test_every_instance_of_a_stretch_of_days_is_classified_exactly_once(
    card, shifts, first, span, offsets
):
    seen: dict[tuple[object, ...], CardInstance] = {}
    for n in range(span):
        for instance in instances_due(POST, card, shifts, first + timedelta(days=n)):
            # A weekly or monthly instance seen again on a later day is the very same instance.
            assert seen.setdefault(instance.key, instance) == instance
    late_enough = datetime.combine(first + timedelta(days=span + 400), time())  # past a year
    outcomes = []
    for index, instance in enumerate(seen.values()):
        offset = offsets[index % len(offsets)]
        completed = None if offset is None else instance.opens_at + timedelta(minutes=offset)
        outcome = classify(instance, completed, late_enough)
        assert outcome in set(Timeliness)
        outcomes.append(outcome)
    assert OutcomeCounts.tally(outcomes).scheduled == len(seen)


@given(
    frequency=st.sampled_from(list(Frequency)),
    day=days,
    minutes=st.integers(min_value=0, max_value=60 * 24 * 45),
)
def test_timeliness_partitions_the_time_after_opening_into_three_ordered_stretches(
    frequency, day, minutes
):
    instance = only_instance(frequency, day)
    completed = instance.opens_at + timedelta(minutes=minutes)
    outcome = classify(instance, completed, completed)
    grace_end = instance.due_at + DEFAULT_LATENESS.grace(frequency)
    expected = (
        ON_TIME if completed <= instance.due_at else LATE if completed <= grace_end else MISSED
    )
    assert outcome is expected
