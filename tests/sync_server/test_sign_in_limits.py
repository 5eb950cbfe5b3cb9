"""Sign-in limits: allowances per name and address, no lock-out, bounded password checks."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from sync_server import accounts
from sync_server.demo import seed_demo
from sync_server.problems import RateLimited
from sync_server.settings import Settings
from sync_server.sign_in_limits import PRUNE_FLOOR, LoginThrottle, SignInLimits
from tests.live_server import LiveServer


def test_the_eleventh_attempt_at_a_name_within_a_minute_is_refused_and_the_next_minute_allowed():
    throttle = LoginThrottle(10)
    for second in range(10):
        throttle.check("manager1", now=float(second))
    with pytest.raises(RateLimited):
        throttle.check("manager1", now=30.0)
    throttle.check("manager1", now=61.0)  # the first attempt has left the window
    assert throttle.tracked() == 1


def test_names_tried_once_long_ago_are_forgotten_so_guessing_names_cannot_fill_memory():
    throttle = LoginThrottle(10)
    for n in range(100_000):
        throttle.check(f"guess-{n}", now=n / 100)  # 100 new names a second for 1,000 seconds
    # What is kept is bounded by the names of about the last minute (6,000), not all 100,000.
    assert throttle.tracked() <= 2 * 6_000 + PRUNE_FLOOR


# --- who is throttled: a guesser at their own address, never the owner elsewhere --------------


def limits(per_minute: int = 10, per_address: int | None = None) -> SignInLimits:
    return SignInLimits(
        Settings(
            data_dir=Path("unused"),
            login_attempts_per_minute=per_minute,
            login_attempts_per_address_per_minute=per_address,
        )
    )


def test_a_guesser_spends_the_names_allowance_at_their_own_address_only():
    bounds = limits()
    for second in range(10):
        bounds.admit("worker1", "203.0.113.9", now=float(second))
    with pytest.raises(RateLimited):
        bounds.admit("worker1", "203.0.113.9", now=20.0)
    bounds.admit("worker1", "10.1.2.3", now=20.0)  # the owner's phone on its own network


def test_an_address_guessing_many_names_is_throttled_by_its_budget_of_failures():
    bounds = limits(per_minute=10, per_address=30)
    for n in range(30):
        bounds.admit(f"guess-{n}", "203.0.113.9", now=n / 10)
        bounds.failed("203.0.113.9", now=n / 10)
    with pytest.raises(RateLimited):
        bounds.admit("worker1", "203.0.113.9", now=5.0)
    bounds.admit("worker1", "10.1.2.3", now=5.0)
    bounds.admit("worker1", "203.0.113.9", now=61.0)  # the failures have left the window


def test_a_shift_signing_in_correctly_behind_one_address_spends_no_budget():
    bounds = limits(per_minute=10, per_address=30)
    for n in range(200):  # two hundred workers behind one factory NAT, right passwords
        bounds.admit(f"worker-{n}", "198.51.100.7", now=n / 10)


def test_the_address_budget_defaults_to_ten_names_allowances():
    assert limits(per_minute=7).by_address._per_minute == 70


@pytest.fixture
def city(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def test_ten_wrong_passwords_from_an_attacker_do_not_lock_the_owner_out(city):
    # Issue 13 item 8: ten wrong passwords locked any account out, even for its owner.
    wrong = {"username": "worker1", "password": "guess-guess"}
    with TestClient(city, client=("203.0.113.9", 4000)) as attacker:
        answers = [attacker.post("/v1/auth/login", json=wrong).status_code for _ in range(11)]
    with TestClient(city, client=("10.1.2.3", 4000)) as owner:
        mine = owner.post("/v1/auth/login", json={"username": "worker1", "password": "demo1234"})

    assert answers == [401] * 10 + [429]
    assert mine.status_code == 200
    assert city.state.sign_in_limits.by_address._attempts["203.0.113.9"]  # failures counted


# --- how many password checks run at once --------------------------------------------------


class CountingHasher:
    """Sleeps through each check, as argon2id takes its time and memory."""

    def __init__(self, inner: PasswordHasher, seconds: float) -> None:
        self.inner = inner
        self.seconds = seconds

    def verify(self, hashed: str, password: str) -> bool:
        time.sleep(self.seconds)
        return self.inner.verify(hashed, password)

    def hash(self, password: str) -> str:
        return self.inner.hash(password)


def test_password_checks_run_at_most_one_per_slot_and_the_rest_get_busy(
    make_app, settings, monkeypatch
):
    # Issue 13 item 8: 40 concurrent sign-ins with random names took the server to 2 GB.
    app = make_app(replace(settings, concurrent_password_checks=2, password_check_wait_seconds=0.3))
    monkeypatch.setattr(accounts, "_hasher", CountingHasher(accounts._hasher, 0.5))
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    statuses: list[int] = []
    with LiveServer(app) as server:

        def sign_in(n: int) -> None:
            body = {"username": f"random-{n}", "password": "whatever1"}
            answer = httpx.post(f"{server.url}/v1/auth/login", json=body, timeout=10)
            statuses.append(answer.status_code)
            if answer.status_code == 503:
                assert answer.json()["code"] == "server.busy"
                assert answer.headers["retry-after"] == "1"

        threads = [threading.Thread(target=sign_in, args=(n,)) for n in range(12)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    checks = app.state.sign_in_limits.checks
    assert checks.most_at_once == 2
    assert sorted(set(statuses)) == [401, 503]


class PoolWatcher:
    """Notes how many pooled connections are out while a password is checked."""

    def __init__(self, inner: PasswordHasher, engine) -> None:
        self.inner = inner
        self.engine = engine
        self.seen: list[int] = []

    def verify(self, hashed: str, password: str) -> bool:
        self.seen.append(self.engine.pool.checkedout())
        return self.inner.verify(hashed, password)

    def hash(self, password: str) -> str:
        return self.inner.hash(password)


def test_a_sign_in_holds_no_pooled_connection_while_its_password_is_checked(city, monkeypatch):
    # Sign-ins queued for a check slot must not hold the connections pushes need.
    watcher = PoolWatcher(accounts._hasher, city.state.engine)
    monkeypatch.setattr(accounts, "_hasher", watcher)
    with TestClient(city) as client:
        client.post("/v1/auth/login", json={"username": "worker1", "password": "demo1234"})
        client.post("/v1/auth/login", json={"username": "nobody", "password": "demo1234"})

    assert watcher.seen == [0, 0]
