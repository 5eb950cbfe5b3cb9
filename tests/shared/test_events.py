"""The event envelope: validation, canonical order and content hashes."""

from __future__ import annotations

import pytest

from shared.errors import InvalidInput
from shared.events import AGGREGATE_OF, AggregateType, Event, EventType, canonical_order
from tests.factories import Device, manager, worker


def test_every_event_type_names_its_aggregate_in_its_dotted_prefix():
    assert AGGREGATE_OF[EventType.HAZARD_ACCEPTED] is AggregateType.HAZARD
    assert AGGREGATE_OF[EventType.CARD_SUBMITTED] is AggregateType.CARD_INSTANCE
    assert AGGREGATE_OF[EventType.INSPECTION_RECORDED] is AggregateType.INSPECTION
    assert set(AGGREGATE_OF) == set(EventType)


def test_an_event_survives_a_round_trip_through_json():
    event = Device("p1", worker).event(EventType.HAZARD_REPORTED, base=0)
    wire = event.model_dump(mode="json")
    assert isinstance(wire["hlc"], str)
    assert Event.from_wire(wire) == event
    assert Event.from_wire(wire).content_hash() == event.content_hash()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"event_id": "not-a-uuid"}, "event"),  # ids are UUIDs made on the device
        ({"device_seq": 0}, "device_seq"),  # sequences start at 1
        ({"base_version": -1}, "base_version"),
        ({"type": "hazard.exploded"}, "type"),  # unknown type
        ({"aggregate": {"type": "card_instance", "id": "H1"}}, "event"),  # wrong aggregate
        ({"payload": {"title": ""}}, "payload"),  # payload fails its model
        ({"payload": {"title": "x", "surprise": 1}}, "payload"),  # unknown payload field
        ({"hlc": "yesterday"}, "hlc"),
        ({"server_seq": 7}, "server_seq"),  # server-owned fields are never taken from a phone
    ],
)
def test_a_bad_envelope_is_refused_with_a_catalogued_error(change, field):
    wire = Device("p1", worker).event(EventType.HAZARD_REPORTED, base=0).model_dump(mode="json")
    with pytest.raises(InvalidInput) as caught:
        Event.from_wire({**wire, **change})
    assert caught.value.code == "invalid_input"
    assert caught.value.details["field"].startswith(field)


def test_the_content_hash_differs_when_anything_the_device_said_differs():
    event = Device("p1", worker).event(EventType.HAZARD_REPORTED, base=0)
    altered = event.model_copy(update={"payload": {"title": "别的隐患"}})
    assert event.content_hash() != altered.content_hash()


def test_canonical_order_ignores_arrival_order_and_drops_resends():
    phone, desk = Device("p1", worker), Device("p2", manager, clock_ms=0)
    events = [
        phone.event(EventType.HAZARD_REPORTED, base=0),
        desk.event(EventType.HAZARD_ANNOTATED, base=1),
    ]
    expected = canonical_order(events)
    assert canonical_order([*reversed(events), events[0]]) == expected
    assert [e.device_id for e in expected] == ["p2", "p1"]  # desk's clock is far behind


def test_event_time_comes_from_the_device_clock_in_the_stamp():
    event = Device("p1", worker).event(EventType.HAZARD_REPORTED, base=0)
    assert int(event.at.timestamp() * 1000) == event.hlc.wall_ms


def test_two_different_events_under_one_id_resolve_the_same_whatever_the_order():
    event = Device("p1", worker).event(EventType.HAZARD_REPORTED, base=0)
    twin = event.model_copy(update={"payload": {"title": "同号不同内容"}})
    assert canonical_order([event, twin]) == canonical_order([twin, event])
    assert len(canonical_order([event, twin])) == 1


def test_card_ticks_must_be_filed_under_their_instances_id():
    payload = {
        "post_id": "P-1",
        "card_id": "C-1",
        "card_version": 1,
        "period": "2026-11-02",
        "items": {"1": {"result": "pass"}},
        "started_at": "2026-11-02T08:00:00",
        "completed_at": "2026-11-02T08:05:00",
    }
    phone = Device("p1", worker)
    filed = phone.event(EventType.CARD_SUBMITTED, "P-1/C-1/2026-11-02", base=0, payload=payload)
    assert filed.aggregate.id == "P-1/C-1/2026-11-02"
    with pytest.raises(ValueError, match="must be filed under"):
        phone.event(EventType.CARD_SUBMITTED, "P-1/C-1/2026-11-03", base=0, payload=payload)
