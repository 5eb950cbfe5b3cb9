"""Signing in under load: the password check holds no lock the pushes need."""

from __future__ import annotations

import threading

import httpx
import pytest
from argon2 import PasswordHasher

from shared.events import EventType
from shared.ids import UserId
from shared.roles import Actor, Role
from shared.text import PASSWORD_MAX
from sync_server import accounts
from sync_server.demo import KITCHEN, seed_demo
from tests.factories import Device

DEADLINE_S = 30.0
"""How long any step here may take: only a push held behind the check would take this long."""


class HeldChecks:
    """A password hasher whose check starts, says so, and ends only when the test lets it.

    As argon2id under load, but without timing: a push that waited for the check would still
    be waiting when the test looks, however slow the machine.
    """

    def __init__(self, inner: PasswordHasher) -> None:
        self.inner = inner
        self.checking = threading.Event()
        self.release = threading.Event()

    def verify(self, hashed: str, password: str) -> bool:
        self.checking.set()
        self.release.wait(DEADLINE_S * 2)  # longer than the push may take
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
    answer = httpx.post(f"{url}/v1/auth/login", json=login, timeout=DEADLINE_S)
    headers = {"authorization": f"Bearer {answer.json()['access_token']}"}
    held = HeldChecks(accounts._hasher)
    monkeypatch.setattr(accounts, "_hasher", held)
    signed_in: list[int] = []
    signing_in = threading.Thread(
        target=lambda: signed_in.append(
            httpx.post(
                f"{url}/v1/auth/login",
                json={"username": "manager1", "password": "demo1234"},
                timeout=DEADLINE_S * 3,
            ).status_code
        )
    )
    signing_in.start()
    try:
        assert held.checking.wait(DEADLINE_S)  # the other sign-in is checking its password now
        actor = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)
        event = Device("phone-w", actor, tenant=KITCHEN).event(EventType.HAZARD_REPORTED, base=0)
        pushed = httpx.post(
            f"{url}/v1/sync/push",
            json={"device_id": "phone-w", "events": [event.model_dump(mode="json")]},
            headers=headers,
            timeout=DEADLINE_S,  # held behind the check, it would time out: the check waits
        )
        assert not held.release.is_set()  # answered while the check was still going
    finally:
        held.release.set()
        signing_in.join()
    assert pushed.json()["results"][0]["status"] == "accepted"
    assert signed_in == [200]


def test_the_password_limit_is_the_shared_one_the_phones_field_takes():
    from sync_server.api.auth import LoginRequest

    [length] = [
        m for m in LoginRequest.model_fields["password"].metadata if hasattr(m, "max_length")
    ]
    assert length.max_length == PASSWORD_MAX
