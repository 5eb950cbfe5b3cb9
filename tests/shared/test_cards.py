"""Post check cards and shift patterns: what a valid card and a valid shift pattern are."""

from __future__ import annotations

from datetime import UTC, time
from typing import Any

import pytest
from pydantic import ValidationError

from shared.cards import (
    CardItem,
    CheckCard,
    Frequency,
    HazardGrade,
    ItemResult,
    ShiftPattern,
    ShiftWindow,
)
from shared.ids import CardId, ItemId, TenantId


def item(item_id: str = "a1", **overrides: Any) -> CardItem:
    fields: dict[str, Any] = {
        "id": ItemId(item_id),
        "what": "液化气钢瓶来源与标识",
        "how": "扫瓶身二维码，看充装单位、检验日期",
        "pass_criterion": "有二维码且显示充装信息；非报废、未超检验期",
        "typical_hazard": "使用无码、过期或改装气瓶",
        "frequency": Frequency.DAILY,
        "responsible_role": "后厨负责人",
    }
    fields.update(overrides)
    return CardItem(**fields)


def card(*items: CardItem, **overrides: Any) -> CheckCard:
    fields: dict[str, Any] = {
        "id": CardId("card-a"),
        "tenant": TenantId("91130300MA0000000X"),
        "name": "小餐饮·后厨灶台岗",
        "version": 1,
        "items": items or (item(),),
    }
    fields.update(overrides)
    return CheckCard(**fields)


def window(start: str, end: str) -> ShiftWindow:
    return ShiftWindow(start=time.fromisoformat(start), end=time.fromisoformat(end))


# --- enums -----------------------------------------------------------------------------------


def test_frequencies_are_the_six_of_issue_21_in_growing_period():
    assert [f.value for f in Frequency] == [
        "per_shift",
        "daily",
        "weekly",
        "monthly",
        "quarterly",
        "yearly",
    ]


def test_hazard_grades_and_item_results_have_stable_wire_values():
    assert [g.value for g in HazardGrade] == ["general", "major"]
    assert [r.value for r in ItemResult] == ["pass", "fail", "not_applicable"]


# --- cards -----------------------------------------------------------------------------------


def test_a_handbook_card_with_items_of_several_frequencies_is_accepted():
    stove = card(
        item("a1"),
        item("a3", what="连接软管", frequency=Frequency.PER_SHIFT, responsible_role="灶台厨师"),
        item("a9", what="登记与定期检验", frequency=Frequency.MONTHLY),
        item("d1", what="禁忌物料混存", suggested_grade=HazardGrade.MAJOR),
    )
    assert [i.id for i in stove.items] == ["a1", "a3", "a9", "d1"]
    assert stove.items[3].suggested_grade is HazardGrade.MAJOR


def test_an_item_suggests_a_general_hazard_unless_told_otherwise():
    assert item().suggested_grade is HazardGrade.GENERAL


def test_cards_are_frozen():
    stove = card()
    with pytest.raises(ValidationError):
        stove.version = 2  # type: ignore[misc]


def test_a_card_survives_a_json_round_trip_unchanged():
    stove = card(item("a1"), item("a2", frequency=Frequency.WEEKLY))
    assert CheckCard.model_validate_json(stove.model_dump_json()) == stove


@pytest.mark.parametrize("version", [0, -1])
def test_a_card_version_starts_at_one(version):
    with pytest.raises(ValidationError, match="greater than or equal to 1"):
        card(version=version)


def test_a_card_without_items_is_refused():
    with pytest.raises(ValidationError, match="at least 1 item"):
        CheckCard(id=CardId("c"), tenant=TenantId("t"), name="空卡", version=1, items=())


def test_item_ids_must_be_unique_within_a_card():
    with pytest.raises(ValidationError, match=r"repeated: \['a1', 'a2'\]"):
        card(item("a2"), item("a1"), item("a2"), item("a1"), item("a3"))


@pytest.mark.parametrize(
    "field", ["what", "how", "pass_criterion", "typical_hazard", "responsible_role"]
)
def test_an_item_with_an_empty_column_is_refused(field):
    with pytest.raises(ValidationError, match=field):
        item(**{field: ""})


def test_a_card_needs_a_name():
    with pytest.raises(ValidationError, match="name"):
        card(name="")


# --- shifts ----------------------------------------------------------------------------------


def test_a_post_works_one_day_shift_from_eight_to_eight_by_default():
    (only,) = ShiftPattern().shifts
    assert (only.start, only.end, only.label) == (time(8), time(20), "白班")


@pytest.mark.parametrize(
    "shifts",
    [
        # One day shift.
        [("08:00", "17:00")],
        # Day and night, the night shift crossing midnight and ending as the day shift starts.
        [("08:00", "20:00"), ("20:00", "08:00")],
        # Three eight-hour shifts, earliest start first, touching end to start.
        [("00:00", "08:00"), ("08:00", "16:00"), ("16:00", "00:00")],
        # Gaps between shifts are fine.
        [("06:00", "10:00"), ("11:00", "14:00"), ("17:00", "22:30")],
        # A single overnight shift.
        [("22:00", "06:00")],
        # Almost 24 hours.
        [("08:00", "07:59")],
    ],
)
def test_one_to_three_ordered_non_overlapping_shifts_are_accepted(shifts):
    pattern = ShiftPattern(shifts=tuple(window(start, end) for start, end in shifts))
    assert len(pattern.shifts) == len(shifts)


@pytest.mark.parametrize(
    ("shifts", "message"),
    [
        ([], "at least 1 item"),
        (
            [("00:00", "06:00"), ("06:00", "12:00"), ("12:00", "18:00"), ("18:00", "00:00")],
            "at most 3 items",
        ),
        # Listed out of order: shift numbers would not be stable.
        ([("20:00", "08:00"), ("08:00", "20:00")], "by start time"),
        ([("08:00", "12:00"), ("08:00", "10:00")], "by start time"),
        # Overlap within the day.
        ([("08:00", "20:00"), ("19:00", "23:00")], "overlap"),
        # The night shift runs into the next morning's first shift.
        ([("08:00", "20:00"), ("20:00", "08:01")], "overlap"),
        ([("06:00", "14:00"), ("14:00", "22:00"), ("22:00", "06:30")], "overlap"),
    ],
)
def test_shift_patterns_that_are_empty_too_long_unordered_or_overlapping_are_refused(
    shifts, message
):
    with pytest.raises(ValidationError, match=message):
        ShiftPattern(shifts=tuple(window(start, end) for start, end in shifts))


def test_a_shift_that_starts_and_ends_at_the_same_time_is_ambiguous_and_refused():
    with pytest.raises(ValidationError, match="same time"):
        window("08:00", "08:00")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (time(8, tzinfo=UTC), time(20)),
        (time(8), time(20, tzinfo=UTC)),
    ],
)
def test_shift_times_with_a_zone_are_refused(start, end):
    with pytest.raises(ValidationError, match="without a zone"):
        ShiftWindow(start=start, end=end)
