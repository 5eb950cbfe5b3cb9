"""Push and pull against the real app on both databases: statuses, scope, cursors, sign-in."""

from __future__ import annotations

import threading
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from shared.events import Event, EventType
from shared.ids import UserId
from shared.roles import Actor, Role
from sync_server.demo import KITCHEN, LATHES, seed_demo
from sync_server.projections import rebuild_all
from sync_server.schema import events, hazards, quarantine
from tests.factories import Device
from tests.sync_server.conftest import PRODUCTION_HASHER

E = EventType
WORKER = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)
MANAGER = Actor(user_id=UserId("manager1"), role=Role.SAFETY_MANAGER, tenant=KITCHEN)
OTHER_WORKER = Actor(user_id=UserId("worker2"), role=Role.WORKER, tenant=LATHES)


def test_production_password_hashes_are_argon2id_and_memory_hard():
    hashed = PRODUCTION_HASHER.hash("demo1234")
    assert hashed.startswith("$argon2id$")
    assert "m=65536" in hashed  # 64 MiB per guess


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def sign_in(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/v1/auth/login", json={"username": username, "password": "demo1234"})
    assert answer.status_code == 200, answer.text
    return {"authorization": f"Bearer {answer.json()['access_token']}"}


def push(client: TestClient, headers: dict[str, str], device: str, batch: list[Any]) -> Any:
    answer = client.post(
        "/v1/sync/push", json={"device_id": device, "events": batch}, headers=headers
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def wire(event: Event) -> dict[str, Any]:
    return event.model_dump(mode="json")


def statuses(answer: Any) -> list[str]:
    return [result["status"] for result in answer["results"]]


def count(app, table, *where) -> int:
    with app.state.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def test_a_report_is_accepted_numbered_and_projected(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    answer = push(
        client,
        sign_in(client, "worker1"),
        "phone-w",
        [wire(phone.event(E.HAZARD_REPORTED, base=0))],
    )
    [result] = answer["results"]
    assert result["status"] == "accepted"
    assert result["server_seq"] >= 1
    with world.state.engine.connect() as conn:
        status = conn.execute(select(hazards.c.status)).scalar_one()
    assert status == "registered"


def test_a_resend_after_a_lost_answer_is_a_duplicate_never_a_second_record(world, client):
    headers = sign_in(client, "worker1")
    report = wire(Device("phone-w", WORKER, tenant=KITCHEN).event(E.HAZARD_REPORTED, base=0))
    first = push(client, headers, "phone-w", [report])
    again = push(client, headers, "phone-w", [report, report])
    assert statuses(again) == ["duplicate", "duplicate"]
    assert again["results"][0]["server_seq"] == first["results"][0]["server_seq"]
    assert count(world, events) == 1


def test_the_same_id_with_other_content_is_quarantined_and_the_original_kept(world, client):
    headers = sign_in(client, "worker1")
    report = wire(Device("phone-w", WORKER, tenant=KITCHEN).event(E.HAZARD_REPORTED, base=0))
    push(client, headers, "phone-w", [report])
    forged = {**report, "payload": {"title": "改过的标题"}}
    assert statuses(push(client, headers, "phone-w", [forged])) == ["id_conflict"]
    with world.state.engine.connect() as conn:
        body = conn.execute(select(events.c.body)).scalar_one()
    assert body["payload"]["title"] == report["payload"]["title"]
    assert count(world, quarantine, quarantine.c.reason_code == "sync.id_conflict") == 1


def test_an_event_before_its_report_is_held_then_applied_when_the_report_arrives(world, client):
    worker_phone, manager_phone = (
        Device("phone-w", WORKER, tenant=KITCHEN),
        Device("phone-m", MANAGER, tenant=KITCHEN),
    )
    report = worker_phone.event(E.HAZARD_REPORTED, base=0)
    manager_phone.saw([report])
    assign = manager_phone.event(E.HAZARD_ASSIGNED, base=1)
    held = push(client, sign_in(client, "manager1"), "phone-m", [wire(assign)])
    assert statuses(held) == ["held"] and held["results"][0]["server_seq"] is None
    pulled = client.get("/v1/sync/pull", headers=sign_in(client, "manager1")).json()
    assert pulled["events"] == []  # held events are not yet part of the record anyone pulls
    push(client, sign_in(client, "worker1"), "phone-w", [wire(report)])
    pulled = client.get("/v1/sync/pull", headers=sign_in(client, "manager1")).json()
    assert [e["type"] for e in pulled["events"]] == ["hazard.reported", "hazard.assigned"]
    with world.state.engine.connect() as conn:
        assert conn.execute(select(hazards.c.status)).scalar_one() == "to_rectify"


@pytest.mark.parametrize(
    ("username", "actor", "kind", "code"),
    [
        ("worker1", WORKER, E.HAZARD_ASSIGNED, "auth.not_permitted"),  # role may not assign
        ("worker2", WORKER, E.HAZARD_REPORTED, "auth.not_permitted"),  # someone else's events
        ("worker2", OTHER_WORKER, E.HAZARD_REPORTED, "auth.not_permitted"),  # another enterprise
    ],
)
def test_what_the_signed_in_user_may_not_record_is_rejected_and_kept(
    world, client, username, actor, kind, code
):
    event = Device("phone-x", actor, tenant=KITCHEN).event(kind, base=0)
    answer = push(client, sign_in(client, username), "phone-x", [wire(event)])
    assert statuses(answer) == ["rejected"]
    assert answer["results"][0]["code"] == code
    assert count(world, events) == 0
    assert count(world, quarantine, quarantine.c.event_id == event.event_id) == 1


def test_a_malformed_event_is_rejected_alone_and_the_rest_of_the_batch_accepted(world, client):
    good = wire(Device("phone-w", WORKER, tenant=KITCHEN).event(E.HAZARD_REPORTED, base=0))
    answer = push(client, sign_in(client, "worker1"), "phone-w", [{"event_id": "x"}, 7, good])
    assert statuses(answer) == ["rejected", "rejected", "accepted"]
    assert answer["results"][0]["code"] == "invalid_input"
    assert count(world, quarantine) == 2


def test_the_server_takes_the_actor_from_the_sign_in_not_from_the_phone(world, client):
    claims_manager = Actor(user_id=UserId("worker1"), role=Role.SAFETY_MANAGER, tenant=KITCHEN)
    report = Device("phone-w", WORKER, tenant=KITCHEN).event(E.HAZARD_REPORTED, base=0)
    tampered = wire(report.model_copy(update={"actor": claims_manager}))
    push(client, sign_in(client, "worker1"), "phone-w", [tampered])
    with world.state.engine.connect() as conn:
        body = conn.execute(select(events.c.body)).scalar_one()
    assert body["actor"]["role"] == "worker"


def test_a_gap_in_a_devices_sequence_is_reported(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    one, _, three = (phone.event(E.HAZARD_REPORTED, f"H{i}", base=0) for i in range(3))
    headers = sign_in(client, "worker1")
    answer = push(client, headers, "phone-w", [wire(one), wire(three)])
    assert (answer["device_max_seq"], answer["missing_seqs"]) == (3, [2])
    status = client.get("/v1/devices/phone-w", headers=headers).json()
    assert status["missing_seqs"] == [2]
    assert client.get("/v1/devices/phone-w", headers=sign_in(client, "manager1")).status_code == 404


def test_a_batch_over_500_events_is_refused_whole(world, client):
    batch = [{"event_id": str(i)} for i in range(501)]
    answer = client.post(
        "/v1/sync/push",
        json={"device_id": "p", "events": batch},
        headers=sign_in(client, "worker1"),
    )
    assert answer.status_code == 413
    assert answer.json()["code"] == "request.too_large"
    assert count(world, quarantine) == 0


def test_pull_pages_through_everything_in_order_and_only_within_scope(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    push(
        client,
        sign_in(client, "worker1"),
        "phone-w",
        [wire(phone.event(E.HAZARD_REPORTED, f"H{i}", base=0)) for i in range(25)],
    )
    other = Device("phone-o", OTHER_WORKER, tenant=LATHES)
    push(
        client,
        sign_in(client, "worker2"),
        "phone-o",
        [wire(other.event(E.HAZARD_REPORTED, "L1", base=0))],
    )

    def pull_all(username: str) -> list[int]:
        headers, cursor, seen = sign_in(client, username), 0, []
        while True:
            page = client.get(
                "/v1/sync/pull", params={"cursor": cursor, "limit": 10}, headers=headers
            ).json()
            seen += [e["server_seq"] for e in page["events"]]
            cursor = page["next_cursor"]
            if not page["has_more"]:
                return seen

    kitchen = pull_all("manager1")
    assert len(kitchen) == 25 and kitchen == sorted(kitchen)
    assert len(pull_all("worker2")) == 1
    assert len(pull_all("inspector1")) == 26  # the county's grid holds both enterprises
    assert pull_all("admin") == []  # admins run the system, not the legal record


def test_rebuilding_projections_gives_what_the_pushes_built(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    push(
        client,
        sign_in(client, "worker1"),
        "phone-w",
        [wire(phone.event(E.HAZARD_REPORTED, f"H{i}", base=0)) for i in range(3)],
    )
    with world.state.engine.begin() as conn:
        before = sorted(tuple(row) for row in conn.execute(select(hazards)))
        assert rebuild_all(conn) == 3
        after = sorted(tuple(row) for row in conn.execute(select(hazards)))
    assert after == before


# --- Signing in ---------------------------------------------------------------------------------


def test_a_wrong_password_and_an_unknown_name_get_the_same_answer(world, client):
    wrong = client.post("/v1/auth/login", json={"username": "worker1", "password": "nope-nope"})
    unknown = client.post("/v1/auth/login", json={"username": "ghost", "password": "nope-nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "auth.unauthenticated"


def test_sign_in_attempts_are_rate_limited(world, client):
    answers = [
        client.post(
            "/v1/auth/login", json={"username": "manager1", "password": "wrong-one"}
        ).status_code
        for _ in range(11)
    ]
    assert answers[:10] == [401] * 10
    assert answers[10] == 429


def test_a_refresh_token_works_once_and_keeps_the_phone_signed_in(world, client):
    first = client.post(
        "/v1/auth/login", json={"username": "worker1", "password": "demo1234"}
    ).json()
    renewed = client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert renewed.status_code == 200
    assert renewed.json()["actor"]["user_id"] == "worker1"
    replay = client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401


@pytest.mark.parametrize("header", [None, "Bearer nonsense", "Bearer a.b"])
def test_every_sync_endpoint_needs_a_valid_sign_in(world, client, header):
    headers = {"authorization": header} if header else {}
    for method, path in [
        ("GET", "/v1/sync/pull"),
        ("POST", "/v1/sync/push"),
        ("GET", "/v1/reference"),
    ]:
        answer = client.request(
            method, path, headers=headers, json={"device_id": "p", "events": []}
        )
        assert answer.status_code == 401
        assert answer.json()["code"] == "auth.unauthenticated"


def test_an_expired_access_token_is_refused(world, client):
    actor = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)
    stale = world.state.tokens.access_token(actor, now=0)
    answer = client.get("/v1/sync/pull", headers={"authorization": f"Bearer {stale}"})
    assert answer.status_code == 401


# --- Concurrency on a real server ----------------------------------------------------------------


def test_a_pull_cursor_never_skips_an_event_while_others_push(world, live_server):
    token = httpx.post(
        f"{live_server.url}/v1/auth/login", json={"username": "worker1", "password": "demo1234"}
    ).json()["access_token"]
    headers = {"authorization": f"Bearer {token}"}
    phones = [Device(f"phone-{n}", WORKER, tenant=KITCHEN) for n in range(3)]
    batches = {
        phone.name: [
            [
                wire(phone.event(E.HAZARD_REPORTED, f"{phone.name}-{b}-{i}", base=0))
                for i in range(20)
            ]
            for b in range(5)
        ]
        for phone in phones
    }

    def pusher(name: str) -> None:
        with httpx.Client(base_url=live_server.url, headers=headers, timeout=30) as http:
            for batch in batches[name]:
                assert (
                    http.post(
                        "/v1/sync/push", json={"device_id": name, "events": batch}
                    ).status_code
                    == 200
                )

    threads = [threading.Thread(target=pusher, args=(phone.name,)) for phone in phones]
    for thread in threads:
        thread.start()
    seen: list[int] = []
    cursor = 0
    with httpx.Client(base_url=live_server.url, headers=headers, timeout=30) as http:
        while any(t.is_alive() for t in threads) or len(seen) < 300:
            page = http.get("/v1/sync/pull", params={"cursor": cursor, "limit": 37}).json()
            seen += [e["server_seq"] for e in page["events"]]
            cursor = page["next_cursor"]
    for thread in threads:
        thread.join()
    assert len(seen) == 300
    assert seen == list(range(seen[0], seen[0] + 300))  # in order, none skipped, none twice


def test_reference_data_holds_only_what_is_in_scope_with_its_qr_keys(world, client):
    kitchen = client.get("/v1/reference", headers=sign_in(client, "worker1")).json()
    assert [e["id"] for e in kitchen["enterprise"]] == [KITCHEN]
    assert [p["id"] for p in kitchen["post"]] == ["P-STOVE"]
    assert list(kitchen["qr_keys"]) == [KITCHEN]
    county = client.get("/v1/reference", headers=sign_in(client, "inspector1")).json()
    assert {e["id"] for e in county["enterprise"]} == {KITCHEN, LATHES}
    lathes = client.get("/v1/reference", headers=sign_in(client, "worker2")).json()
    assert {p["tenant"] for p in lathes["post"]} == {LATHES}  # no other enterprise's posts
    assert list(lathes["qr_keys"]) == [LATHES]


def test_a_rebuild_folds_more_aggregates_than_one_query_may_name(world, client, monkeypatch):
    monkeypatch.setattr("sync_server.projections.REBUILD_CHUNK", 2)
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    batch = [wire(phone.event(E.HAZARD_REPORTED, f"H{i}", base=0)) for i in range(5)]
    push(client, sign_in(client, "worker1"), "phone-w", batch)
    with world.state.engine.begin() as conn:
        assert rebuild_all(conn) == 5
    assert count(world, hazards) == 5


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "code"),
    [
        # Found by schemathesis: a cursor past 64 bits reached the database and gave a 500.
        ("GET", "/v1/sync/pull", {"params": {"cursor": 10**22}}, 422, "invalid_input"),
        ("POST", "/v1/sync/push", {"content": b"\xff\xfe{"}, 400, "request.unreadable"),
        ("POST", "/v1/sync/push", {"content": b"{not json"}, 422, "invalid_input"),
    ],
)
def test_unreadable_or_out_of_range_requests_get_a_catalogued_4xx(
    world, client, method, path, kwargs, status, code
):
    headers = {**sign_in(client, "worker1"), "content-type": "application/json"}
    answer = client.request(method, path, headers=headers, **kwargs)
    assert (answer.status_code, answer.json()["code"]) == (status, code)


def test_a_device_sequence_beyond_64_bits_is_refused_whole_not_a_server_error(world, client):
    # device_seq rules (docs/sync-protocol.md): a number out of range is a broken client, 422.
    event = wire(Device("phone-w", WORKER, tenant=KITCHEN).event(E.HAZARD_REPORTED, base=0))
    answer = client.post(
        "/v1/sync/push",
        json={"device_id": "phone-w", "events": [{**event, "device_seq": 10**20}]},
        headers=sign_in(client, "worker1"),
    )
    assert (answer.status_code, answer.json()["code"]) == (422, "invalid_input")


def test_a_405_says_which_methods_are_allowed(world, client):
    answer = client.delete("/v1/sync/pull", headers=sign_in(client, "worker1"))
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET"


def test_an_answer_of_a_kilobyte_or_more_is_gzipped_for_a_phone_that_asks(world, client):
    headers = {**sign_in(client, "inspector1"), "accept-encoding": "gzip"}
    answer = client.get("/v1/reference", headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-encoding"] == "gzip"
    assert int(answer.headers["content-length"]) < len(answer.content) / 3
    small = client.get("/health", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in small.headers
