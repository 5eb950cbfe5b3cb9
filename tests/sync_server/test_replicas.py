"""Two server processes on one database: how the system grows past one machine.

Each replica is its own app (own engine, pool and token issuer) served by its own uvicorn,
sharing only the database and the signing secret, as replicas behind a load balancer would.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import httpx
import pytest

from shared.events import EventType
from shared.ids import UserId
from shared.roles import Actor, Role
from sync_server.demo import KITCHEN, seed_demo
from tests.factories import Device
from tests.live_server import LiveServer

WORKER = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)


@pytest.fixture
def replicas(make_app):
    first, second = make_app(), make_app()
    with first.state.engine.begin() as conn:
        seed_demo(conn)
    with LiveServer(first) as one, LiveServer(second) as two:
        yield one, two


def token(url: str, username: str) -> str:
    answer = httpx.post(f"{url}/v1/auth/login", json={"username": username, "password": "demo1234"})
    value: str = answer.raise_for_status().json()["access_token"]
    return value


def test_a_token_from_one_replica_works_on_the_other(replicas):
    one, two = replicas
    headers = {"authorization": f"Bearer {token(one.url, 'worker1')}"}
    assert httpx.get(f"{two.url}/v1/auth/me", headers=headers).json()["user_id"] == "worker1"


def test_pushes_through_both_replicas_pull_back_complete_and_in_order(replicas):
    one, two = replicas
    headers = {"authorization": f"Bearer {token(one.url, 'worker1')}"}
    phones = [Device(f"phone-{n}", WORKER, tenant=KITCHEN) for n in range(4)]
    batches: dict[str, list[list[dict[str, Any]]]] = {
        p.name: [
            [
                p.event(EventType.HAZARD_REPORTED, f"{p.name}-{b}-{i}", base=0).model_dump(
                    mode="json"
                )
                for i in range(15)
            ]
            for b in range(4)
        ]
        for p in phones
    }
    errors: list[str] = []

    def pusher(name: str, url: str) -> None:
        with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
            for batch in batches[name]:
                try:
                    answer = http.post("/v1/sync/push", json={"device_id": name, "events": batch})
                except httpx.HTTPError as exc:  # said, not lost with the thread
                    errors.append(f"{name}: {exc!r}")
                    return
                if answer.status_code != 200:
                    errors.append(answer.text)

    threads = [
        threading.Thread(target=pusher, args=(p.name, (one, two)[n % 2].url))
        for n, p in enumerate(phones)
    ]
    for thread in threads:
        thread.start()
    seen: list[int] = []
    cursor, turn = 0, 0
    deadline = time.monotonic() + 120
    while (any(t.is_alive() for t in threads) or len(seen) < 240) and time.monotonic() < deadline:
        if errors and not any(t.is_alive() for t in threads):
            break  # a push was refused: the events it carried will never come
        url = (one, two)[turn % 2].url  # alternate replicas, as a load balancer might
        turn += 1
        page = httpx.get(
            f"{url}/v1/sync/pull", params={"cursor": cursor, "limit": 23}, headers=headers
        ).json()
        seen += [e["server_seq"] for e in page["events"]]
        cursor = page["next_cursor"]
        if len(seen) > 240:
            break
    for thread in threads:
        thread.join()
    assert errors == []
    assert seen == list(range(seen[0], seen[0] + 240))  # every event once, in commit order
