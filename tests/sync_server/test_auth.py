"""Signing in under load: the password check holds no lock the pushes need."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from argon2 import PasswordHasher

from shared.events import EventType
from shared.ids import UserId
from shared.roles import Actor, Role
from sync_server import accounts
from sync_server.demo import KITCHEN, seed_demo
from tests.factories import Device

CHECK_S = 1.0


class SlowChecks:
    """A password hasher whose checks take ``CHECK_S``, as argon2id does under load."""

    def __init__(self, inner: PasswordHasher) -> None:
        self.inner = inner

    def verify(self, hashed: str, password: str) -> bool:
        time.sleep(CHECK_S)
        return self.inner.verify(hashed, password)

    def hash(self, password: str) -> str:
        return self.inner.hash(password)


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def test_a_slow_password_check_holds_no_push_back(world, live_server, monkeypatch):
    # Found by bench/load.py: on SQLite the check ran inside the sign-in's write transaction,
    # so every push waited ~0.1 s per sign-in in progress (200 sign-ins took 39 s).
    url = live_server.url
    login = {"username": "worker1", "password": "demo1234"}
    answer = httpx.post(f"{url}/v1/auth/login", json=login)
    headers = {"authorization": f"Bearer {answer.json()['access_token']}"}
    monkeypatch.setattr(accounts, "_hasher", SlowChecks(accounts._hasher))
    signing_in = threading.Thread(
        target=httpx.post,
        args=(f"{url}/v1/auth/login",),
        kwargs={"json": {"username": "manager1", "password": "demo1234"}, "timeout": 10},
    )
    signing_in.start()
    time.sleep(CHECK_S / 4)  # the other sign-in is checking its password now
    actor = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)
    event = Device("phone-w", actor, tenant=KITCHEN).event(EventType.HAZARD_REPORTED, base=0)
    started = time.monotonic()
    pushed = httpx.post(
        f"{url}/v1/sync/push",
        json={"device_id": "phone-w", "events": [event.model_dump(mode="json")]},
        headers=headers,
        timeout=10,
    )
    waited = time.monotonic() - started
    signing_in.join()
    assert pushed.json()["results"][0]["status"] == "accepted"
    assert waited < CHECK_S / 2
