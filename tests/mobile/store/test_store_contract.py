"""What every phone store must do, run on the in-memory twin and on TinyDB files alike."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mobile.store import DeviceState, Settled
from shared.events import Event
from shared.ids import DeviceId, EventId
from shared.protocol import PushStatus
from tests.mobile.builders import next_event, pulled, record_many

S = PushStatus


def test_a_fresh_store_has_a_device_an_empty_outbox_and_cursor_zero(store):
    device = store.device()
    assert device == DeviceState(device_id=DeviceId("phone-test"), seq=0, last=None)
    assert store.pending() == []
    assert store.known() == []
    assert store.cursor() == 0


def test_a_recorded_event_is_pending_and_the_device_state_saved_with_it(store):
    event, device = next_event(store.device())
    store.record(event, device)
    assert store.pending() == [event]
    assert store.device() == device
    assert device.seq == 1 and device.last == event.hlc


def test_pending_events_come_in_device_seq_order(store):
    made = record_many(store, 5)
    assert [e.device_seq for e in store.pending()] == [1, 2, 3, 4, 5]
    assert store.pending() == made


def test_a_device_seq_is_never_stored_twice(store):
    event, device = next_event(store.device())
    store.record(event, device)
    again, _ = next_event(DeviceState(device.device_id, 0, None), aggregate_id="H9")
    with pytest.raises(ValueError):
        store.record(again, device)
    assert store.pending() == [event]


@pytest.mark.parametrize(
    ("status", "server_seq"),
    [
        (S.ACCEPTED, 7),
        (S.DUPLICATE, 7),
        (S.HELD, None),
        (S.REJECTED, None),
        (S.ID_CONFLICT, None),
    ],
)
def test_a_settled_event_leaves_the_outbox_for_the_history_with_its_answer(
    store, status, server_seq
):
    first, second = record_many(store, 2)
    store.settle([Settled(first.event_id, status, server_seq, "c" if server_seq is None else None)])
    assert store.pending() == [second]
    [known] = store.known()
    assert known.event() == first
    assert (known.status, known.server_seq) == (status, server_seq)
    assert known.in_record is (status in {S.ACCEPTED, S.DUPLICATE, S.HELD})


def test_settling_an_unknown_or_already_settled_event_changes_nothing(store):
    [event] = record_many(store, 1)
    store.settle([Settled(event.event_id, S.ACCEPTED, 3)])
    store.settle([Settled(event.event_id, S.REJECTED), Settled(EventId("nope"), S.ACCEPTED, 4)])
    [known] = store.known()
    assert (known.status, known.server_seq) == (S.ACCEPTED, 3)


def test_absorbing_a_page_saves_events_cursor_and_clock_together(store):
    other, _ = next_event(DeviceState(DeviceId("other-phone")))
    device = DeviceState(store.device().device_id, 0, other.hlc)
    store.absorb([pulled(other, 41)], cursor=41, device=device)
    assert [k.event() for k in store.known()] == [other]
    assert store.cursor() == 41
    assert store.device() == device


def test_a_pulled_event_replaces_the_local_copy_and_leaves_the_outbox(store):
    held, kept = record_many(store, 2)
    store.settle([Settled(held.event_id, S.HELD)])
    store.absorb([pulled(held, 9), pulled(kept, 10)], cursor=10, device=store.device())
    assert store.pending() == []
    assert sorted((k.event_id, k.server_seq, k.status) for k in store.known()) == sorted(
        [(held.event_id, 9, S.ACCEPTED), (kept.event_id, 10, S.ACCEPTED)]
    )


def test_the_same_page_absorbed_twice_is_kept_once(store):
    events = [
        next_event(DeviceState(DeviceId("other-phone"), n), aggregate_id=f"H{n}")[0]
        for n in range(3)
    ]
    page = [pulled(e, n + 1) for n, e in enumerate(events)]
    store.absorb(page, cursor=3, device=store.device())
    store.absorb(page, cursor=3, device=store.device())
    assert sorted(k.event_id for k in store.known()) == sorted(e.event_id for e in events)


def test_history_spans_months_and_keeps_every_event(store):
    months = [1_790_000_000_000 + n * 31 * 86_400_000 for n in range(3)]  # 2026-09 .. 2026-11
    events = [
        next_event(DeviceState(DeviceId("other-phone"), n), aggregate_id=f"H{n}", wall_ms=ms)[0]
        for n, ms in enumerate(months)
    ]
    store.absorb([pulled(e, n + 1) for n, e in enumerate(events)], cursor=3, device=store.device())
    assert sorted(k.event_id for k in store.known()) == sorted(e.event_id for e in events)


def test_documents_are_written_read_replaced_and_deleted(store):
    assert store.read_doc("session") is None
    store.write_doc("session", {"user": "worker1", "tokens": [1, 2]})
    store.write_doc("reference/91350100M000100Y43", {"posts": []})
    store.write_doc("session", {"user": "manager1"})
    assert store.read_doc("session") == {"user": "manager1"}
    assert store.read_doc("reference/91350100M000100Y43") == {"posts": []}
    store.write_doc("session", None)
    assert store.read_doc("session") is None


def test_a_document_given_or_returned_cannot_be_changed_behind_the_store(store):
    doc = {"posts": ["P1"]}
    store.write_doc("reference/T1", doc)
    doc["posts"].append("P2")
    store.read_doc("reference/T1")["posts"].append("P3")
    assert store.read_doc("reference/T1") == {"posts": ["P1"]}


@pytest.mark.parametrize("name", ["", "../secret", "Session", "a/../b", "/etc/passwd", "a.b"])
def test_a_document_name_that_could_escape_the_folder_is_refused(store, name):
    with pytest.raises(ValueError):
        store.write_doc(name, {})


OPS = st.lists(
    st.tuples(st.sampled_from(["record", "settle", "pull"]), st.integers(0, 20)), max_size=12
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_every_recorded_event_is_pending_or_known_whatever_the_order_of_syncs(make_store, ops):
    store = make_store()
    device = store.device()
    pending: dict[str, Event] = {}
    known: dict[str, int] = {}
    cursor = 0
    for op, n in ops:
        if op == "record":
            event, device = next_event(device, aggregate_id=f"H{device.seq}")
            store.record(event, device)
            pending[event.event_id] = event
        elif op == "settle" and pending:
            event_id = sorted(pending)[n % len(pending)]
            store.settle([Settled(event_id, S.ACCEPTED, 100 + n)])
            known[event_id] = 100 + n
            del pending[event_id]
        elif op == "pull" and (pending or known):
            event_id = sorted({*pending, *known})[n % len({*pending, *known})]
            event = pending.pop(event_id) if event_id in pending else _event_of(store, event_id)
            cursor = 200 + n
            store.absorb([pulled(event, cursor)], cursor=cursor, device=device)
            known[event_id] = cursor
    assert [e.event_id for e in store.pending()] == sorted(
        pending, key=lambda i: pending[i].device_seq
    )
    assert {k.event_id: k.server_seq for k in store.known()} == known
    assert store.cursor() == cursor
    assert store.device() == device


def _event_of(store, event_id) -> Event:
    found: Event = next(k.event() for k in store.known() if k.event_id == event_id)
    return found


def test_the_device_owner_is_saved_and_a_state_saved_before_owners_existed_reads_as_none():
    owned = DeviceState(DeviceId("phone-test"), seq=3, owner="worker1")
    assert DeviceState.from_doc(owned.to_doc()) == owned
    old = {"device_id": "phone-test", "seq": 3, "last": None}
    assert DeviceState.from_doc(old).owner is None


@pytest.mark.parametrize(
    ("owner", "user", "own_id"),
    [(None, "worker1", True), ("worker1", "worker1", True), ("worker1", "manager1", False)],
)
def test_only_the_installs_owner_makes_events_under_its_own_id(owner, user, own_id):
    device = DeviceState(DeviceId("phone-test"), owner=owner)
    made_under = device.device_id_for(user)
    assert (made_under == "phone-test") is own_id
    assert made_under == device.device_id_for(user)  # stable
    assert owner is None or device.device_id_for("someone-else") not in {made_under, "phone-test"}
