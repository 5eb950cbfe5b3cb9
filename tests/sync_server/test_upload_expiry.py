"""Unfinished uploads: swept once abandoned, and capped per enterprise."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, update

from sync_server.demo import KITCHEN, LATHES, seed_demo
from sync_server.schema import uploads
from sync_server.upload_expiry import sweep_abandoned


@pytest.fixture
def capped(make_app, settings):
    app = make_app(replace(settings, uploads_in_progress_per_tenant=2))
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def start_upload(client: TestClient, token: str, tenant: str, seed: int):
    """The first 10 bytes of a 100-byte photo, never finished."""
    sha = hashlib.sha256(f"photo {seed}".encode()).hexdigest()
    return client.put(
        f"/v1/blobs/{tenant}/{sha}/upload?offset=0&size=100",
        content=bytes(10),
        headers={"authorization": f"Bearer {token}", "content-type": "application/octet-stream"},
    )


def sign_in(client: TestClient, user: str) -> str:
    answer = client.post("/v1/auth/login", json={"username": user, "password": "demo1234"})
    return str(answer.json()["access_token"])


def held(app, tenant: str) -> int:
    with app.state.engine.connect() as conn:
        query = select(func.count(func.distinct(uploads.c.sha256))).where(
            uploads.c.tenant == tenant
        )
        return int(conn.execute(query).scalar_one())


def test_an_enterprise_holds_at_most_its_cap_of_unfinished_uploads(capped):
    # Issue 13 item 14: partial uploads were kept for ever, as many as anyone sent.
    with TestClient(capped) as client:
        cook, turner = sign_in(client, "worker1"), sign_in(client, "worker2")
        answers = [start_upload(client, cook, KITCHEN, n).status_code for n in range(3)]
        refused = start_upload(client, cook, KITCHEN, 3)
        other = start_upload(client, turner, LATHES, 9)

    assert answers == [200, 200, 429]
    assert refused.json()["code"] == "media.quota"
    assert other.status_code == 200  # another enterprise's cap is its own
    assert held(capped, KITCHEN) == 2


def test_an_abandoned_upload_is_swept_when_its_enterprise_starts_another(capped):
    with TestClient(capped) as client:
        cook = sign_in(client, "worker1")
        start_upload(client, cook, KITCHEN, 0)
        start_upload(client, cook, KITCHEN, 1)
        week_ago = datetime.now(UTC) - timedelta(days=8)
        with capped.state.engine.begin() as conn:
            conn.execute(update(uploads).values(received_at=week_ago))

        answer = start_upload(client, cook, KITCHEN, 2)

    assert answer.status_code == 200
    assert held(capped, KITCHEN) == 1


def test_the_sweep_keeps_an_upload_with_a_recent_chunk(capped, settings):
    with TestClient(capped) as client:
        start_upload(client, sign_in(client, "worker1"), KITCHEN, 0)
    with capped.state.engine.begin() as conn:
        now = datetime.now(UTC)
        assert sweep_abandoned(conn, settings, now=now + timedelta(days=6)) == 0
        assert sweep_abandoned(conn, settings, now=now + timedelta(days=8)) == 1


def test_a_starting_server_sweeps_every_enterprises_abandoned_uploads(capped, make_app, settings):
    with TestClient(capped) as client:
        start_upload(client, sign_in(client, "worker1"), KITCHEN, 0)
    with capped.state.engine.begin() as conn:
        conn.execute(update(uploads).values(received_at=datetime.now(UTC) - timedelta(days=8)))

    make_app(settings)  # a restart

    assert held(capped, KITCHEN) == 0
