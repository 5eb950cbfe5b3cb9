"""Folds on the phone: the same as the shared fold, cached, and tolerant of newer events."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from mobile.local_record import LocalRecord, photo_hashes
from mobile.projections import Projections
from mobile.store import MemoryStore, Settled
from shared.events import AggregateRef, AggregateType, Event, EventType
from shared.hazards import fold_hazard
from shared.protocol import PushStatus
from tests.factories import Device, manager, worker

E = EventType


def story() -> list[Event]:
    phone, office = Device("phone-w", worker), Device("phone-m", manager)
    report = phone.event(E.HAZARD_REPORTED, base=0)
    office.saw([report])
    assign = office.event(E.HAZARD_ASSIGNED, base=1)
    phone.saw([assign])
    start = phone.event(E.HAZARD_STARTED, base=2)
    rectify = phone.event(E.HAZARD_RECTIFIED, base=3)
    return [report, assign, start, rectify]


@settings(max_examples=20, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_phones_fold_equals_the_shared_fold_whatever_the_arrival_order(rng: random.Random):
    events = story()
    shuffled = events[:]
    rng.shuffle(shuffled)
    folds = Projections()
    for event in shuffled:
        folds.put(event.model_dump(mode="json"))
    assert folds.hazard("H1") == fold_hazard(events)
    assert folds.version(AggregateRef(type=AggregateType.HAZARD, id="H1")) == 4


def status_of(folds: Projections) -> str:
    hazard = folds.hazard("H1")
    assert hazard is not None
    return hazard.status


def test_a_fold_is_refreshed_when_one_of_its_events_changes():
    events = story()
    folds = Projections()
    for event in events[:2]:
        folds.put(event.model_dump(mode="json"))
    assert status_of(folds) == "to_rectify"
    folds.put(events[2].model_dump(mode="json"))
    assert status_of(folds) == "rectifying"
    folds.remove(events[2].event_id)
    assert status_of(folds) == "to_rectify"
    assert set(folds.hazards()) == {"H1"} and len(folds) == 2


def test_an_event_this_build_cannot_read_is_kept_aside_not_fatal():
    [report, *_] = story()
    folds = Projections()
    folds.put(report.model_dump(mode="json"))
    newer = {**report.model_dump(mode="json"), "event_id": "x-1", "type": "hazard.escalated"}
    folds.put(newer)
    assert status_of(folds) == "registered"
    assert folds.unreadable == {"x-1"}


def test_the_record_loads_known_and_pending_events_into_the_folds():
    store = MemoryStore()
    report, *_ = story()
    store.absorb([], cursor=0, device=store.device())
    record = LocalRecord(store)
    record.absorb([{**report.model_dump(mode="json"), "server_seq": 1}], 1)
    again = LocalRecord(store)
    assert status_of(again.projections) == "registered"
    assert again.store.cursor() == 1


def test_photo_owners_follow_their_events_to_the_server():
    sha = "c" * 64
    phone = Device("phone-test", worker)
    store = MemoryStore(device_id="phone-test")
    record = LocalRecord(store)
    photo = {"sha256": sha, "size": 10}
    event = phone.event(E.HAZARD_REPORTED, base=0, payload={"title": "t", "photos": [photo]})
    record.append(event, store.device())
    assert [(o.event_id, o.status) for o in record.photo_owners(sha)] == [(event.event_id, None)]
    record.settle([Settled(event.event_id, PushStatus.ACCEPTED, 3)])
    assert record.photo_owners(sha)[0].status is PushStatus.ACCEPTED
    assert record.photo_owners("d" * 64) == []


def test_photo_hashes_are_found_anywhere_in_a_payload():
    a, b, c = "a" * 64, "b" * 64, "c" * 64
    payload = {
        "photos": [{"sha256": a, "size": 1}],
        "items": {"1": {"photos": [{"sha256": b, "size": 2}]}},
        "findings": [{"photos": ({"sha256": c, "size": 3},)}],
        "note": {"sha256": "not a photo ref without size"},
    }
    assert photo_hashes(payload) == {a, b, c}


def test_an_aggregates_events_are_read_from_memory_with_the_servers_copy_winning():
    events = story()
    folds = Projections()
    for event in events:
        folds.put(event.model_dump(mode="json"))
    hazard_id = events[0].aggregate.id
    assert folds.aggregate_ids(AggregateType.HAZARD) == [hazard_id]
    assert folds.aggregate_ids(AggregateType.INSPECTION) == []
    bodies = folds.bodies(AggregateType.HAZARD, hazard_id)
    assert sorted(b["event_id"] for b in bodies) == sorted(str(e.event_id) for e in events)
    pulled = {**events[1].model_dump(mode="json"), "server_seq": 7}
    folds.put(pulled)
    assert [b.get("server_seq") for b in folds.bodies(AggregateType.HAZARD, hazard_id)].count(
        7
    ) == 1
    assert folds.bodies(AggregateType.HAZARD, "no-such-hazard") == []
