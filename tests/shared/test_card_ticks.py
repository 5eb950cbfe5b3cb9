"""Card instances: ticks from several phones are a union; disagreements are flagged."""

from __future__ import annotations

from shared.card_ticks import fold_card_records
from shared.cards import ItemResult
from shared.events import EventType
from shared.ids import ItemId
from tests.factories import Device, foreign_manager, inspector, worker, worker2

CARD = "P-001/C-A/2026-11-02"  # shared.schedule.card_instance_id


def tick(device: Device, items: dict[str, str], *, after_ms: int = 1000):
    payload = {
        "post_id": "P-001",
        "card_id": "C-A",
        "card_version": 1,
        "period": "2026-11-02",
        "items": {item: {"result": result} for item, result in items.items()},
        "started_at": "2026-11-02T08:00:00",
        "completed_at": "2026-11-02T08:05:00",
        "scanned": True,
    }
    return device.event(EventType.CARD_SUBMITTED, CARD, base=0, payload=payload, after_ms=after_ms)


def test_ticks_on_distinct_items_from_two_phones_are_merged():
    one = tick(Device("p1", worker), {"i1": "pass", "i2": "pass"})
    two = tick(Device("p2", worker2), {"i3": "fail"})
    record = fold_card_records([two, one])[CARD]
    assert set(record.items) == {"i1", "i2", "i3"}
    assert record.items[ItemId("i3")].by == "worker2"
    assert record.differing_items == ()
    assert record.scanned


def test_the_same_item_ticked_differently_keeps_the_newest_and_is_flagged():
    older = tick(Device("p1", worker), {"i1": "pass"})
    newer = tick(Device("p2", worker2), {"i1": "fail"}, after_ms=5000)
    record = fold_card_records([newer, older])[CARD]
    assert record.items[ItemId("i1")].tick.result is ItemResult.FAIL
    assert record.differing_items == ("i1",)
    assert record.submissions == (older.event_id, newer.event_id)


def test_a_tick_by_someone_not_allowed_is_kept_as_refused():
    allowed = tick(Device("p1", worker), {"i1": "pass"})
    by_inspector = tick(Device("p9", inspector), {"i2": "pass"}, after_ms=3000)
    foreign = tick(Device("p8", foreign_manager), {"i3": "pass"}, after_ms=4000)
    record = fold_card_records([allowed, by_inspector, foreign])[CARD]
    assert set(record.items) == {"i1"}
    assert set(record.refused) == {by_inspector.event_id, foreign.event_id}


def test_a_card_with_only_refused_ticks_is_still_on_record():
    record = fold_card_records([tick(Device("p9", inspector), {"i2": "pass"})])[CARD]
    assert record.items == {} and len(record.refused) == 1
