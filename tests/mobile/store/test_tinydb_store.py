"""The disk store: what survives a reopen, what a record touches, how damage is repaired."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mobile.store import DeviceState, Settled, TinyDbStore
from mobile.store.checked_file import mirror_path
from shared.ids import DeviceId
from shared.protocol import PushStatus
from tests.mobile.builders import next_event, pulled, record_many


def open_store(path: Path) -> TinyDbStore:
    return TinyDbStore(path, new_device_id=lambda: "phone-disk")


def test_everything_saved_is_there_after_a_reopen(tmp_path):
    store = open_store(tmp_path)
    first, second = record_many(store, 2)
    store.settle([Settled(first.event_id, PushStatus.ACCEPTED, 5)])
    store.write_doc("session", {"user": "worker1"})
    device = store.device()
    store.close()
    again = open_store(tmp_path)
    assert again.pending() == [second]
    assert [k.event() for k in again.known()] == [first]
    assert again.device() == device
    assert again.read_doc("session") == {"user": "worker1"}


def test_the_device_id_is_made_once_per_data_folder(tmp_path):
    ids = iter(["first-id", "second-id"])
    assert TinyDbStore(tmp_path, new_device_id=lambda: next(ids)).device().device_id == "first-id"
    assert TinyDbStore(tmp_path, new_device_id=lambda: next(ids)).device().device_id == "first-id"


def test_a_record_rewrites_only_the_outbox_whatever_the_history(tmp_path):
    store = open_store(tmp_path)
    other = DeviceState(DeviceId("other-phone"))
    page = []
    for n in range(50):
        event, other = next_event(other, aggregate_id=f"H{n}")
        page.append(pulled(event, n + 1))
    store.absorb(page, cursor=50, device=store.device())
    before = {p: p.stat().st_mtime_ns for p in (tmp_path / "history").iterdir()}
    record_many(store, 3)
    assert {p: p.stat().st_mtime_ns for p in (tmp_path / "history").iterdir()} == before
    assert len(store.pending()) == 3


def test_settled_events_are_compacted_out_of_the_outbox_file(tmp_path):
    store = open_store(tmp_path)
    made = record_many(store, 20)
    size_full = (tmp_path / "outbox.json").stat().st_size
    store.settle([Settled(e.event_id, PushStatus.ACCEPTED, n) for n, e in enumerate(made, 1)])
    assert (tmp_path / "outbox.json").stat().st_size < size_full / 10


def test_the_outbox_is_kept_in_two_identical_copies(tmp_path):
    store = open_store(tmp_path)
    record_many(store, 2)
    main = tmp_path / "outbox.json"
    assert main.read_bytes() == mirror_path(main).read_bytes()


@pytest.mark.parametrize("which", ["outbox.json", "outbox.mirror.json"])
def test_one_damaged_outbox_copy_loses_nothing(tmp_path, which):
    store = open_store(tmp_path)
    made = record_many(store, 3)
    store.close()
    path = tmp_path / which
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    again = open_store(tmp_path)
    assert again.pending() == made
    record_many(again, 1)  # and the next write repairs both copies
    assert (tmp_path / "outbox.json").read_bytes() == (tmp_path / "outbox.mirror.json").read_bytes()


def test_both_outbox_copies_damaged_still_opens_and_keeps_the_evidence(tmp_path):
    store = open_store(tmp_path)
    record_many(store, 2)
    store.close()
    for name in ("outbox.json", "outbox.mirror.json"):
        (tmp_path / name).write_bytes(b"garbage")
    again = open_store(tmp_path)
    assert again.pending() == []
    assert len(again.recovered) == 1 and "outbox" in again.recovered[0]
    assert len(list(tmp_path.glob("outbox*.corrupt-*"))) == 2


def test_a_damaged_history_month_is_set_aside_and_pulled_again(tmp_path):
    store = open_store(tmp_path)
    event, _ = next_event(DeviceState(DeviceId("other-phone")))
    store.absorb([pulled(event, 7)], cursor=7, device=store.device())
    record_many(store, 1)
    store.close()
    [month] = (tmp_path / "history").iterdir()
    month.write_bytes(month.read_bytes()[:-5])
    again = open_store(tmp_path)
    assert again.cursor() == 0  # the next pull brings the month back
    assert again.known() == []
    assert len(again.pending()) == 1
    assert list((tmp_path / "history").glob("*.corrupt-*"))


def test_a_damaged_document_reads_as_absent(tmp_path):
    store = open_store(tmp_path)
    store.write_doc("session", {"user": "worker1"})
    (tmp_path / "docs" / "session.json").write_bytes(b"{")
    assert store.read_doc("session") is None
    assert store.recovered


def test_half_written_temporary_files_are_ignored_and_removed(tmp_path):
    store = open_store(tmp_path)
    made = record_many(store, 2)
    store.close()
    (tmp_path / "outbox.json.tmp").write_bytes(b'{"format": "shuangkong-store/1", "gen')
    again = open_store(tmp_path)
    assert again.pending() == made
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_store_file_is_private_to_the_app(tmp_path):
    record_many(open_store(tmp_path), 1)
    assert os.stat(tmp_path / "outbox.json").st_mode & 0o077 == 0
