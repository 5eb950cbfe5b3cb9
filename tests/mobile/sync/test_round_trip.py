"""Phones against the real server on loopback: what one phone records, the others see."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image

from mobile import reference
from mobile.photos import keep_photo, process_photo
from mobile.scan import ScanRefused, scan_card
from mobile.services.actions import Action, record_action
from mobile.sync.errors import Offline
from mobile.sync.loop import SyncLoop, SyncStatus
from mobile.sync.progress import Progress, Stage
from shared.events import EventType
from shared.ids import PostId, TenantId
from shared.qr import QrKind, QrPayload, sign_qr
from sync_server.demo import KITCHEN, LATHES
from tests.mobile.qr_photos import Spoil, photo_of
from tests.mobile.sync.phones import report_hazard, tick_stove_card


def status_of(loop: SyncLoop) -> SyncStatus:
    return loop.status


def a_photo(seed: int = 0) -> bytes:
    image = Image.effect_noise((900, 600), 40 + seed).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


@pytest.mark.parametrize("database_url", ["sqlite", "postgresql"], indirect=True)
def test_a_card_tick_reaches_the_server_and_folds_the_same_on_the_managers_phone(server, phones):
    worker = phones.new("w", "worker1")
    manager = phones.new("m", "manager1")
    tick = tick_stove_card(worker)

    report = worker.engine.sync_once()
    manager.engine.sync_once()

    assert report.pushed == {"accepted": 1}
    assert worker.record.pending() == []
    instance = tick.aggregate.id
    mine = worker.record.projections.card_record(instance)
    theirs = manager.record.projections.card_record(instance)
    assert mine is not None and mine == theirs
    assert theirs.submissions == (tick.event_id,)


def test_events_recorded_while_the_server_is_down_are_sent_when_it_is_back(server, phones):
    worker = phones.new("w", "worker1")
    server.stop()
    made = [report_hazard(worker, f"H{n}") for n in range(3)]
    with pytest.raises(Offline):
        worker.engine.sync_once()
    assert worker.record.pending() == made  # nothing lost, nothing marked sent
    server.start()

    report = worker.engine.sync_once()

    assert report.pushed == {"accepted": 3}
    manager = phones.new("m", "manager1")
    manager.engine.sync_once()
    assert set(manager.record.projections.hazards()) == {"H0", "H1", "H2"}


def test_a_phone_restarted_offline_keeps_its_queue_and_sends_it_later(server, phones):
    worker = phones.new("w", "worker1")
    made = report_hazard(worker, "H1")
    worker.close()
    again = phones.new("w")  # the app was killed and started again
    assert again.record.pending() == [made]
    assert again.engine.sync_once().pushed == {"accepted": 1}


def test_a_photo_is_sent_before_its_event_and_deleted_only_once_the_event_is_accepted(
    server, phones
):
    network = phones.network()
    worker = phones.new("w", "worker1", network)
    event = report_hazard(worker, "H1", photo=a_photo())
    [sha] = worker.photos.stored()

    report = worker.engine.sync_once()

    assert (report.photos_sent, report.photos_deleted, report.pushed) == (1, 1, {"accepted": 1})
    first_upload = next(i for i, s in enumerate(network.seen) if s.startswith("PUT /v1/blobs"))
    assert first_upload < network.seen.index("POST /v1/sync/push")
    assert worker.photos.photo(sha) is None
    assert worker.photos.thumb(sha) is not None  # kept for lists offline
    assert event.payload["photos"][0]["sha256"] == sha


def test_a_photo_stays_while_its_event_is_not_yet_in_the_record(server, phones):
    network = phones.network(cut_before=[lambda r: r.url.path == "/v1/sync/push"])
    worker = phones.new("w", "worker1", network)
    report_hazard(worker, "H1", photo=a_photo())
    [sha] = worker.photos.stored()

    with pytest.raises(Offline):
        worker.engine.sync_once()  # the photo went up, the event did not
    assert worker.photos.photo(sha) is not None

    report = worker.engine.sync_once()
    assert (report.photos_sent, report.photos_skipped, report.photos_deleted) == (0, 1, 1)


def test_a_photo_the_server_already_has_is_not_sent_again(server, phones):
    photo = a_photo(seed=3)
    first = phones.new("a", "worker1")
    report_hazard(first, "H1", photo=photo)
    first.engine.sync_once()
    network = phones.network()
    second = phones.new("b", "worker1", network)
    report_hazard(second, "H2", photo=photo)

    report = second.engine.sync_once()

    assert (report.photos_sent, report.photos_skipped) == (0, 1)
    assert not any(s.startswith("PUT") for s in network.seen)


def test_an_action_on_a_pulled_hazard_sorts_after_it_and_saw_its_version(server, phones):
    worker = phones.new("w", "worker1")
    report = report_hazard(worker, "H1")
    worker.engine.sync_once()
    manager = phones.new("m", "manager1")
    manager.engine.sync_once()
    assert manager.record.device().last > report.hlc

    actor = manager.session.current().actor
    payload = {"assignee": "worker1", "deadline": "2026-11-09T08:00:00Z"}
    assign = record_action(
        manager.record, Action(actor, KITCHEN, "H1", EventType.HAZARD_ASSIGNED, payload)
    )
    manager.engine.sync_once()
    worker.engine.sync_once()

    assert assign.hlc > report.hlc and assign.base_version == 1
    assert worker.record.projections.hazard("H1").status == "to_rectify"


def test_an_expired_access_token_is_refreshed_and_the_queue_sent(server, phones):
    worker = phones.new("w", "worker1")
    session = worker.store.read_doc("session")
    worker.store.write_doc("session", {**session, "access_token": "expired"})
    report_hazard(worker, "H1")

    assert worker.engine.sync_once().pushed == {"accepted": 1}
    assert worker.session.current().refresh_token != session["refresh_token"]  # rotated


def test_a_refused_refresh_parks_the_loop_until_sign_in_and_then_sends_the_queue(server, phones):
    worker = phones.new("w", "worker1")
    session = worker.store.read_doc("session")
    worker.store.write_doc(
        "session", {**session, "access_token": "expired", "refresh_token": "revoked"}
    )
    queued = [report_hazard(worker, f"H{n}") for n in range(2)]

    assert worker.loop.step() is None  # parked, not retrying
    assert worker.loop.status is SyncStatus.SIGN_IN_NEEDED
    assert worker.session.current() is None
    assert worker.session.last_actor().user_id == "worker1"
    assert worker.record.pending() == queued

    worker.session.sign_in("worker1", "demo1234")
    worker.loop.resume()
    assert worker.loop.step() == worker.loop.interval_s
    assert status_of(worker.loop) is SyncStatus.IDLE
    assert worker.loop.last_report.pushed == {"accepted": 2}


def test_each_user_sends_only_their_own_events_from_a_shared_phone(server, phones):
    phone = phones.new("p", "worker1")
    mine = report_hazard(phone, "H1")
    phone.session.sign_out()
    phone.session.sign_in("manager1", "demo1234")

    assert phone.engine.sync_once().pushed == {}
    assert phone.record.pending() == [mine]

    phone.session.sign_in("worker1", "demo1234")
    assert phone.engine.sync_once().pushed == {"accepted": 1}


def test_two_users_of_a_shared_phone_each_push_under_a_device_id_of_their_own(server, phones):
    # The server gives a device id to its first user and refuses anyone else's push under it.
    phone = phones.new("p", "worker1")
    first = report_hazard(phone, "H1")
    assert phone.engine.sync_once().pushed == {"accepted": 1}
    phone.session.sign_out()
    phone.session.sign_in("manager1", "demo1234")
    second = report_hazard(phone, "H2")
    assert phone.engine.sync_once().pushed == {"accepted": 1}
    assert first.device_id == phone.store.device().device_id != second.device_id
    assert (first.device_seq, second.device_seq) == (1, 2)  # one count per install
    phone.session.sign_out()
    phone.session.sign_in("worker1", "demo1234")
    third = report_hazard(phone, "H3")
    assert third.device_id == first.device_id
    assert phone.engine.sync_once().pushed == {"accepted": 1}


def test_reference_data_is_kept_per_enterprise_and_verifies_a_printed_card(server, phones):
    worker = phones.new("w", "worker1")
    assert worker.engine.sync_once().reference_updated

    assert reference.tenants(worker.store) == [KITCHEN]
    kitchen = reference.reference_of(worker.store, KITCHEN) or {}
    assert [post["id"] for post in kitchen["post"]] == ["P-STOVE"]
    key = reference.qr_key(worker.store, KITCHEN)
    assert key is not None
    card = QrPayload(kind=QrKind.POST, tenant=KITCHEN, target_id=PostId("P-STOVE"), version=1)
    picture = photo_of(sign_qr(card, key), Spoil(tilt=0.2, blur=1.0))

    found = scan_card(
        picture,
        key_for=lambda tenant: reference.qr_key(worker.store, tenant),
        accepted_tenants=reference.tenants(worker.store),
    )
    assert found == card

    foreign = QrPayload(kind=QrKind.POST, tenant=TenantId(LATHES), target_id="P-LATHE", version=1)
    with pytest.raises(ScanRefused) as refused:
        scan_card(
            photo_of(sign_qr(foreign, b"their key"), Spoil()),
            key_for=lambda tenant: reference.qr_key(worker.store, tenant),
            accepted_tenants=reference.tenants(worker.store),
        )
    assert refused.value.code == "qr.foreign_tenant"
    assert "其他企业" in refused.value.message.zh


def test_a_wrong_password_is_refused_without_a_session(server, phones):
    phone = phones.new("p")
    with pytest.raises(Exception) as refused:
        phone.session.sign_in("worker1", "wrong")
    assert type(refused.value).__name__ == "SignInRequired"
    assert phone.session.current() is None
    assert isinstance(phone.http, httpx.Client)


def test_a_photo_of_a_refused_event_stays_on_the_phone(server, phones):
    worker = phones.new("w", "worker1")
    actor = worker.session.current().actor
    processed = process_photo(a_photo(seed=5))
    document = keep_photo(worker.photos, processed).model_dump(mode="json")
    payload = {
        "summary": "分库存放",
        "target_date": "2026-12-01T00:00:00Z",
        "documents": [document],
    }
    record_action(  # a worker may not attach a treatment plan: the server refuses it
        worker.record, Action(actor, KITCHEN, "H1", EventType.HAZARD_PLAN_ATTACHED, payload)
    )

    report = worker.engine.sync_once()

    assert report.pushed == {"rejected": 1} and report.photos_sent == 1
    assert report.photos_deleted == 0
    assert worker.photos.photo(processed.sha256) == processed.data
    [refused] = worker.store.known()
    assert refused.code == "auth.not_permitted"


def test_a_round_reports_events_n_of_m_as_it_goes(server, phones):
    worker = phones.new("w", "worker1")
    for n in range(3):
        report_hazard(worker, f"H{n}")
    seen: list[Progress] = []
    worker.engine.progress = seen.append

    worker.engine.sync_once()

    assert [(p.stage, p.done, p.total) for p in seen] == [
        (Stage.PUSH, 3, 3),
        (Stage.PULL, 3, None),
    ]


def test_the_phone_asks_for_reference_data_since_its_cursor_and_keeps_what_it_holds(server, phones):
    network = phones.network()
    worker = phones.new("w", "worker1", network)
    worker.engine.sync_once()
    first = reference.cursor_of(worker.store)
    assert first is not None

    assert worker.engine.sync_once(refresh_reference=True).reference_updated

    asked = [r for r in network.requests if r.url.path == "/v1/reference"]
    assert [r.url.params.get("cursor") for r in asked] == [None, first]
    assert reference.tenants(worker.store) == [KITCHEN]
    kitchen = reference.reference_of(worker.store, KITCHEN) or {}
    assert [post["id"] for post in kitchen["post"]] == ["P-STOVE"]
    assert reference.qr_key(worker.store, KITCHEN) is not None
