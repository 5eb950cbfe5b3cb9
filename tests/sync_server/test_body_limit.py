"""Request bodies are capped before they are read: oversized batches, fields and files."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from shared.events import EventType
from shared.ids import UserId
from shared.roles import Actor, Role
from sync_server.demo import KITCHEN, seed_demo
from sync_server.settings import Settings
from tests.factories import Device

LIMIT = 64 * 1024


@pytest.fixture
def small(make_app, tmp_path) -> Iterator[TestClient]:
    """An app whose request bodies may be at most 64 KiB, with the demo city."""
    app = make_app(Settings(data_dir=tmp_path / "small", secret=b"b" * 32, max_request_bytes=LIMIT))
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    with TestClient(app) as client:
        yield client


def signed_in(client: TestClient) -> dict[str, str]:
    answer = client.post("/v1/auth/login", json={"username": "worker1", "password": "demo1234"})
    return {"authorization": f"Bearer {answer.json()['access_token']}"}


def test_a_sign_in_larger_than_the_cap_is_refused_before_it_is_read(small):
    # Found while probing sizes: a 30 MB sign-in was read and parsed, then refused as a 422.
    body = json.dumps({"username": "a" * LIMIT, "password": "x"})
    answer = small.post(
        "/v1/auth/login", content=body, headers={"content-type": "application/json"}
    )
    assert answer.status_code == 413
    assert answer.json() == {
        "code": "request.too_large",
        "message": f"a request body may have at most {LIMIT} bytes",
        "details": {"limit": LIMIT},
    }


def test_a_streamed_push_is_cut_off_where_it_crosses_the_cap(small):
    headers = {**signed_in(small), "content-type": "application/json"}
    pieces = (b'{"device_id": "p", "events": [' + b'"x",' * 4096 for _ in range(8))
    answer = small.post("/v1/sync/push", content=pieces, headers=headers)  # chunked: no length
    assert (answer.status_code, answer.json()["code"]) == (413, "request.too_large")


def test_a_push_under_the_cap_is_stored_as_before(small):
    actor = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)
    phone = Device("phone-w", actor, tenant=KITCHEN)
    events = [
        phone.event(EventType.HAZARD_REPORTED, f"H{n}", base=0).model_dump(mode="json")
        for n in range(50)
    ]
    answer = small.post(
        "/v1/sync/push", json={"device_id": "phone-w", "events": events}, headers=signed_in(small)
    )
    assert answer.status_code == 200
    assert {result["status"] for result in answer.json()["results"]} == {"accepted"}


def test_a_long_field_is_invalid_input_and_an_oversized_batch_too_large(small):
    headers = signed_in(small)
    long_name = small.post("/v1/auth/login", json={"username": "a" * 65, "password": "x"})
    batch = small.post(
        "/v1/sync/push", json={"device_id": "p", "events": [{}] * 501}, headers=headers
    )
    assert (long_name.status_code, long_name.json()["code"]) == (422, "invalid_input")
    assert (batch.status_code, batch.json()["code"]) == (413, "request.too_large")


def test_an_import_may_be_larger_than_the_cap_up_to_its_own_limit(small):
    headers = signed_in(small)
    data = b"x" * (2 * LIMIT)  # over the JSON cap, far under 10 MB: reaches the import check
    answer = small.post("/v1/import", files={"file": ("a.csv", data, "text/csv")}, headers=headers)
    assert (answer.status_code, answer.json()["code"]) == (403, "auth.not_permitted")


def test_photo_chunks_keep_their_own_limit_and_message(small):
    path = "/v1/blobs/" + KITCHEN + "/" + "0" * 64 + "/upload"
    answer = small.put(
        path,
        params={"offset": 0, "size": 10 * 1024 * 1024},
        content=b"\0" * (2 * LIMIT),
        headers={**signed_in(small), "content-type": "application/octet-stream"},
    )
    assert answer.status_code == 200  # 128 KiB: a normal chunk, over the JSON cap
