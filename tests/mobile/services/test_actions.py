"""Recording an action: one durable event, stamped after everything the device made or saw."""

from __future__ import annotations

import threading
import uuid
from dataclasses import replace
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mobile.local_record import LocalRecord
from mobile.services.actions import Action, CardTick, card_instance_ref, record_action, tick_card
from mobile.store import DeviceState, Settled, TinyDbStore
from shared.cards import ItemResult
from shared.errors import BadHlc, InvalidInput
from shared.events import Event, EventType
from shared.hlc import Hlc
from shared.ids import CardId, DeviceId, ItemId, PostId
from shared.payloads import PhotoRef
from shared.protocol import PushStatus
from tests.factories import T0_MS, TENANT, manager, worker
from tests.mobile.builders import next_event, pulled

E = EventType
REPORT = {"title": "灭火器压力不足"}


def act(
    record, kind=E.HAZARD_REPORTED, aggregate="H1", payload=REPORT, who=worker, clock=None
) -> Event:
    kwargs = {"clock": clock} if clock else {"clock": lambda: T0_MS}
    return record_action(record, Action(who, TENANT, aggregate, kind, payload), **kwargs)


def test_an_action_becomes_an_event_in_the_outbox_with_the_next_sequence(store):
    record = LocalRecord(store)
    first = act(record)
    second = act(record, E.HAZARD_ANNOTATED, payload={"note": "补充"})
    assert [e.device_seq for e in store.pending()] == [1, 2]
    assert store.pending() == [first, second]
    assert (first.device_id, first.tenant, first.actor) == ("phone-test", TENANT, worker)
    assert uuid.UUID(first.event_id).version == 4


def test_the_base_version_is_what_the_phone_had_folded_of_the_aggregate(store):
    record = LocalRecord(store)
    assert act(record).base_version == 0
    assert act(record, E.HAZARD_ANNOTATED, payload={"note": "a"}).base_version == 1
    assert act(record, aggregate="H2").base_version == 0


def test_stamps_strictly_increase_even_when_the_clock_goes_back(store):
    record = LocalRecord(store)
    clock = iter([T0_MS + 5000, T0_MS, T0_MS - 86_400_000])
    stamps = [act(record, aggregate=f"H{n}", clock=lambda: next(clock)).hlc for n in range(3)]
    assert stamps == sorted(stamps) and len(set(stamps)) == 3
    assert store.device().last == stamps[-1]


def test_an_action_after_a_pull_sorts_after_every_pulled_event(store):
    record = LocalRecord(store, clock=lambda: T0_MS)
    ahead, _ = next_event(
        DeviceState(DeviceId("fast-phone")), wall_ms=T0_MS + 3_600_000
    )  # clock an hour ahead
    record.absorb([{**pulled(ahead, 1).body, "server_seq": 1}], 1)
    mine = act(record, E.HAZARD_ANNOTATED, aggregate=ahead.aggregate.id, payload={"note": "x"})
    assert mine.hlc > ahead.hlc and mine.base_version == 1


@pytest.mark.parametrize("hostile", ["9999999999999-ffff-evil", "9999999999999-fffe-evil"])
def test_a_pulled_far_future_stamp_neither_stops_the_phone_nor_drags_its_clock(store, hostile):
    # Issue 13.2: one such stamp in a regulator's scope stopped every phone that pulled it.
    record = LocalRecord(store, clock=lambda: T0_MS)
    event, _ = next_event(DeviceState(DeviceId("evil")), wall_ms=T0_MS)
    body = {**pulled(event, 1).body, "hlc": hostile, "server_seq": 1}
    assert record.absorb([body], 1, server_ms=T0_MS) == 1
    mine = act(record, E.HAZARD_ANNOTATED, aggregate=event.aggregate.id, payload={"note": "x"})
    assert mine.hlc.wall_ms == T0_MS
    assert Hlc.parse(mine.hlc.encode()) == mine.hlc
    assert [e.event_id for e in store.pending()] == [mine.event_id]


def test_a_phone_whose_clock_a_hostile_stamp_already_dragged_to_the_end_heals_at_its_next_pull(
    store,
):
    poisoned = Hlc.parse("9999999999999-ffff-phone-test")
    store.absorb([], cursor=0, device=replace(store.device(), last=poisoned))
    record = LocalRecord(store, clock=lambda: T0_MS)
    with pytest.raises(BadHlc):  # before: no stamp is left above it
        act(record)
    record.absorb([], 0, server_ms=T0_MS)
    assert act(record).hlc.wall_ms == T0_MS


def test_a_stamp_a_day_ahead_of_the_server_is_followed_by_a_phone_whose_clock_is_slow(store):
    record = LocalRecord(store, clock=lambda: T0_MS - 3 * 86_400_000)
    ahead, _ = next_event(DeviceState(DeviceId("fast-phone")), wall_ms=T0_MS + 86_400_000)
    record.absorb([{**pulled(ahead, 1).body, "server_seq": 1}], 1, server_ms=T0_MS)
    mine = act(record, E.HAZARD_ANNOTATED, aggregate=ahead.aggregate.id, payload={"note": "x"})
    assert mine.hlc > ahead.hlc


def test_a_payload_that_does_not_fit_is_refused_and_nothing_is_saved(store):
    record = LocalRecord(store)
    with pytest.raises(InvalidInput):
        act(record, payload={"title": ""})
    assert store.pending() == [] and store.device().seq == 0


def test_the_action_is_durable_when_record_action_returns(tmp_path):
    store = TinyDbStore(tmp_path, new_device_id=lambda: "phone-1")
    event = act(LocalRecord(store))
    # No close, no flush: a phone killed now keeps the event.
    assert TinyDbStore(tmp_path).pending() == [event]


def test_two_threads_recording_at_once_never_share_a_sequence_number(store):
    record = LocalRecord(store)
    threads = [
        threading.Thread(target=lambda n=n: [act(record, aggregate=f"H{n}-{i}") for i in range(10)])
        for n in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seqs = [e.device_seq for e in store.pending()]
    assert seqs == list(range(1, 41))


def test_a_card_tick_is_one_event_for_the_whole_instance(store):
    record = LocalRecord(store)
    at = datetime(2026, 11, 2, 8, tzinfo=UTC)
    ticks = CardTick(
        post_id=PostId("P-STOVE"),
        card_id=CardId("CARD-STOVE"),
        card_version=1,
        period="2026-11-02",
        results={ItemId("1"): ItemResult.PASS, ItemId("5"): ItemResult.FAIL},
        started_at=at,
        completed_at=at,
        notes={ItemId("5"): "压力不足"},
    )
    event = tick_card(record, worker, ticks, clock=lambda: T0_MS)
    instance = card_instance_ref(PostId("P-STOVE"), CardId("CARD-STOVE"), "2026-11-02")
    assert event.type is E.CARD_SUBMITTED and event.aggregate.id == instance
    folded = record.projections.card_record(instance)
    assert folded is not None
    assert folded.items[ItemId("5")].tick.note == "压力不足"
    assert folded.submissions == (event.event_id,)


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(["act", "accept", "reject"]), max_size=15))
def test_the_device_sequence_never_repeats_whatever_is_settled(steps):
    from mobile.store import MemoryStore

    store = MemoryStore(device_id="phone-h")
    record = LocalRecord(store)
    made: list[Event] = []
    for step in steps:
        if step == "act" or not record.pending():
            made.append(act(record, aggregate=f"H{len(made)}"))
        else:
            status = PushStatus.ACCEPTED if step == "accept" else PushStatus.REJECTED
            record.settle([Settled(record.pending()[0].event_id, status, len(made))])
    assert [e.device_seq for e in made] == list(range(1, len(made) + 1))
    assert store.device().seq == len(made)
    assert isinstance(store.device().last, Hlc | type(None))


def test_a_refused_event_leaves_the_folds_but_stays_in_the_history(store):
    record = LocalRecord(store)
    report = act(record, who=manager)
    record.settle([Settled(report.event_id, PushStatus.REJECTED, None, "auth.not_permitted", "no")])
    assert record.projections.hazard("H1") is None
    assert act(record, aggregate="H1").base_version == 0
    [refused] = store.known()
    assert (refused.status, refused.code) == (PushStatus.REJECTED, "auth.not_permitted")


def test_photos_of_an_item_travel_in_its_tick_and_items_without_photos_carry_none(store):
    record = LocalRecord(store)
    at = datetime(2026, 11, 2, 8, tzinfo=UTC)
    photo = PhotoRef(sha256="b" * 64, size=1234)
    ticks = CardTick(
        post_id=PostId("P-STOVE"),
        card_id=CardId("CARD-STOVE"),
        card_version=1,
        period="2026-11-02",
        results={ItemId("1"): ItemResult.FAIL, ItemId("2"): ItemResult.PASS},
        started_at=at,
        completed_at=at,
        photos={ItemId("1"): [photo], ItemId("9"): [photo]},
    )
    items = tick_card(record, worker, ticks, clock=lambda: T0_MS).payload["items"]
    assert items["1"]["photos"] == [photo.model_dump(mode="json")]
    assert "photos" not in items["2"] and "9" not in items
    assert record.photo_owners("b" * 64)[0].user_id == "worker1"
