"""Ticking a card: the most pressing open instance, and all its items in one event."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mobile.services.checking import (
    Answers,
    CheckSheet,
    NothingToCheck,
    failed_items,
    open_sheet,
    submit_sheet,
)
from shared.cards import Evidence, Frequency, ItemResult
from shared.errors import EvidenceMissing
from shared.events import EventType
from shared.geo import Position
from shared.payloads import PhotoRef
from tests.mobile.world import MONDAY_10, WORKER

P, F, NA = ItemResult.PASS, ItemResult.FAIL, ItemResult.NOT_APPLICABLE
PHOTO = PhotoRef(sha256="a" * 64, size=1000)


def answered(sheet: CheckSheet, results: list[ItemResult]) -> Answers:
    answers = Answers(started_at=MONDAY_10, scanned=True)
    answers.results.update(
        {item.id: result for item, result in zip(sheet.items, results, strict=False)}
    )
    return answers


def test_opening_a_post_picks_yesterdays_late_card_first_and_lists_the_others(kitchen, stove):
    sheet = open_sheet(kitchen, stove, MONDAY_10)
    assert (sheet.due.frequency, sheet.due.instance.period) == (Frequency.DAILY, "2026-11-29")
    assert len(sheet.others) == 5
    chosen = open_sheet(kitchen, stove, MONDAY_10, Frequency.PER_SHIFT)
    assert [item.id for item in chosen.items] == ["3", "8"]


def test_submitting_saves_every_item_in_one_event_filed_under_the_instance(kitchen, stove):
    sheet = open_sheet(kitchen, stove, MONDAY_10, Frequency.PER_SHIFT)
    answers = answered(sheet, [F, NA])
    answers.notes[sheet.items[0].id] = "有气泡"
    answers.photos[sheet.items[0].id] = [PHOTO]
    event = submit_sheet(kitchen, WORKER, sheet, answers, MONDAY_10 + timedelta(minutes=3))
    assert event.type is EventType.CARD_SUBMITTED
    assert event.aggregate.id == "P-STOVE/CARD-STOVE/2026-11-30#1"
    assert event.payload["scanned"] is True
    assert event.payload["items"]["3"] == {
        "result": "fail",
        "note": "有气泡",
        "photos": [PHOTO.model_dump(mode="json")],
    }
    assert [item.id for item in failed_items(sheet, answers)] == ["3"]


@pytest.mark.parametrize(
    "location",
    [Position(latitude=39.935, longitude=119.6, accuracy_m=12.5), None],
    ids=["located", "not located"],
)
def test_the_scan_location_goes_with_the_tick_only_when_known(kitchen, stove, location):
    sheet = open_sheet(kitchen, stove, MONDAY_10, Frequency.PER_SHIFT)
    answers = answered(sheet, [P, NA])
    answers.location = location
    event = submit_sheet(kitchen, WORKER, sheet, answers, MONDAY_10 + timedelta(minutes=3))
    if location is None:
        assert "location" not in event.payload
    else:
        assert event.payload["location"] == {
            "latitude": 39.935,
            "longitude": 119.6,
            "accuracy_m": 12.5,
        }


def test_a_failed_item_without_the_photo_its_card_asks_for_is_not_saved(kitchen, stove):
    sheet = open_sheet(kitchen, stove, MONDAY_10, Frequency.PER_SHIFT)
    answers = answered(sheet, [F, P])
    answers.notes[sheet.items[0].id] = "有气泡"  # a note, but item 3 asks for a photo
    assert answers.lacking(sheet.items) == {"3": Evidence.PHOTO}
    with pytest.raises(EvidenceMissing) as refused:
        submit_sheet(kitchen, WORKER, sheet, answers, MONDAY_10)
    assert refused.value.details == {"items": {"3": "photo"}}
    assert kitchen.pending() == []


def test_a_sheet_with_an_item_unanswered_is_not_saved(kitchen, stove):
    sheet = open_sheet(kitchen, stove, MONDAY_10, Frequency.PER_SHIFT)
    with pytest.raises(ValueError, match="without a result"):
        submit_sheet(kitchen, WORKER, sheet, answered(sheet, [P]), MONDAY_10)
    assert kitchen.pending() == []


def test_a_post_with_everything_done_has_nothing_to_check(kitchen, stove):
    for _ in range(6):
        sheet = open_sheet(kitchen, stove, MONDAY_10)
        submit_sheet(kitchen, WORKER, sheet, answered(sheet, [P] * len(sheet.items)), MONDAY_10)
    with pytest.raises(NothingToCheck):
        open_sheet(kitchen, stove, MONDAY_10)


def test_a_weekly_card_owing_last_week_and_this_week_opens_the_one_asked_for(kitchen, stove):
    late = open_sheet(kitchen, stove, MONDAY_10, Frequency.WEEKLY)
    this_week = open_sheet(kitchen, stove, MONDAY_10, Frequency.WEEKLY, "2026-W49")
    assert (late.due.instance.period, this_week.due.instance.period) == ("2026-W48", "2026-W49")
    with pytest.raises(NothingToCheck):
        open_sheet(kitchen, stove, MONDAY_10, Frequency.WEEKLY, "2026-W47")
