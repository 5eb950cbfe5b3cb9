"""A weak network in front of the real server: lost answers, timeouts, cut uploads.

Whatever is cut and wherever, the next round finishes the job, and the server ends with each
event exactly once.
"""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlalchemy import func, select

from mobile.photos import keep_photo, process_photo
from mobile.services.actions import Action, record_action
from mobile.sync import engine as engine_module
from mobile.sync.errors import Offline
from shared.events import EventType
from sync_server.demo import LATHES
from sync_server.schema import events
from tests.mobile.sync.phones import actor_of, once, report_hazard


def stored_events(app) -> int:
    with app.state.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(events)).scalar_one())


def big_photo() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((1600, 1200), 90).convert("RGB").save(out, "JPEG", quality=95)
    return out.getvalue()


def test_a_lost_push_answer_is_resent_as_duplicates_and_stored_once(world, phones):
    network = phones.network(lose_answer=[once("POST", "/sync/push")])
    worker = phones.new("w", "worker1", network)
    made = [report_hazard(worker, f"H{n}") for n in range(3)]

    with pytest.raises(Offline):
        worker.engine.sync_once()
    assert stored_events(world) == 3  # the server stored them; the phone never heard
    assert worker.record.pending() == made

    assert worker.engine.sync_once().pushed == {"duplicate": 3}
    assert worker.record.pending() == []
    assert stored_events(world) == 3


def test_a_pull_cut_between_pages_resumes_at_the_saved_cursor(world, phones, monkeypatch):
    monkeypatch.setattr(engine_module, "PULL_PAGE", 2)
    worker = phones.new("w", "worker1")
    for n in range(5):
        report_hazard(worker, f"H{n}")
    worker.engine.sync_once()
    network = phones.network(cut_before=[once("GET", "/sync/pull", skip=1)])
    manager = phones.new("m", "manager1", network)

    with pytest.raises(Offline):
        manager.engine.sync_once()
    assert manager.store.cursor() > 0 and len(manager.store.known()) == 2

    assert manager.engine.sync_once().pulled == 3
    assert len(manager.store.known()) == 5
    assert set(manager.record.projections.hazards()) == {f"H{n}" for n in range(5)}


def test_an_upload_cut_mid_photo_resumes_where_the_server_stopped(world, phones):
    network = phones.network(cut_before=[once("PUT", "/upload", skip=1)])
    worker = phones.new("w", "worker1", network)
    worker.engine.uploader.chunk_bytes = 64 * 1024
    report_hazard(worker, "H1", photo=big_photo())
    [sha] = worker.photos.stored()
    size = len(worker.photos.photo(sha))
    chunks = -(-size // (64 * 1024))

    with pytest.raises(Offline):
        worker.engine.sync_once()
    puts_before = sum(s.startswith("PUT") for s in network.seen)
    report = worker.engine.sync_once()

    assert report.photos_sent == 1 and report.pushed == {"accepted": 1}
    puts_after = sum(s.startswith("PUT") for s in network.seen) - puts_before
    assert puts_before == 2  # one stored, one cut
    assert puts_after == chunks - 1  # only what the server lacked
    assert worker.photos.photo(sha) is None


def test_a_lost_chunk_answer_is_not_sent_twice(world, phones):
    network = phones.network(lose_answer=[once("PUT", "/upload")])
    worker = phones.new("w", "worker1", network)
    worker.engine.uploader.chunk_bytes = 64 * 1024
    report_hazard(worker, "H1", photo=big_photo())

    with pytest.raises(Offline):
        worker.engine.sync_once()
    worker.engine.sync_once()

    puts = [request for request in network.requests if request.method == "PUT"]
    offsets = [int(request.url.params["offset"]) for request in puts]
    assert offsets == sorted(set(offsets))  # each chunk once, the lost one included
    assert worker.photos.stored() == []


def test_a_phone_offline_for_the_whole_round_keeps_everything(world, phones):
    network = phones.network()
    worker = phones.new("w", "worker1", network)  # signed in while online
    network.down = True
    made = report_hazard(worker, "H1", photo=big_photo())

    with pytest.raises(Offline):
        worker.engine.sync_once()
    assert worker.record.pending() == [made]
    assert len(worker.photos.stored()) == 1


def test_a_photo_outside_the_users_scope_keeps_no_other_event_from_the_server(world, phones):
    # Found by the chaos simulation: the photo's 404 ended every round before the push.
    network = phones.network()
    worker = phones.new("w", "worker1", network)
    ref = keep_photo(worker.photos, process_photo(big_photo()))
    foreign = {"title": "别家的隐患", "photos": [ref.model_dump(mode="json")]}
    actor = actor_of(worker)
    record_action(worker.record, Action(actor, LATHES, "H-F", EventType.HAZARD_REPORTED, foreign))
    report_hazard(worker, "H1")

    first = worker.engine.sync_once()
    asked = len(network.seen)
    second = worker.engine.sync_once()

    assert first.pushed == {"rejected": 1, "accepted": 1}
    assert first.photos_refused == {ref.sha256: "not_found"}
    assert second.photos_refused == {}  # the refused event needs no photo: not asked again
    assert not any("/v1/blobs/" in seen for seen in network.seen[asked:])
    assert stored_events(world) == 1
