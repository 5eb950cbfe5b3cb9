"""The risk loop's 待办 on the server: the same pure functions as the phone's, on stored rows.

Runs on SQLite and PostgreSQL like every server test; the app's clock is set, never today's.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from shared.events import EventType
from sync_server.clock import FakeClock
from sync_server.demo import KITCHEN, seed_demo
from tests.factories import PAYLOADS, T0, Device
from tests.sync_server.test_risks import identified, measure, results
from tests.sync_server.test_sync import MANAGER, WORKER, push, sign_in, wire

E = EventType
CONTROL = {
    "risk_id": "R-NEW",
    "measure_id": "M1",
    "source": 9,
    "post_id": "P-STOVE",
    "card_id": "CARD-STOVE",
    "item_id": "3",
}


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    app.state.clock = FakeClock(T0 + timedelta(days=3))
    return app


def due(client: Any, headers: dict[str, str], **params: str) -> Any:
    answer = client.get("/v1/risk-loop/due", headers=headers, params=params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_three_hazards_of_one_control_in_90_days_a_closed_one_and_a_bare_red_point_are_due(
    world, client
):
    manager_phone, worker_phone = (
        Device("phone-m", MANAGER, tenant=KITCHEN),
        Device("phone-w", WORKER, tenant=KITCHEN),
    )
    manager, worker = sign_in(client, "manager1"), sign_in(client, "worker1")
    red = {"grading": {"lec": {"l": 6, "e": 6, "c": 15}}, "name": "油炸锅"}
    batch = [
        identified(manager_phone),
        measure(manager_phone),
        identified(manager_phone, "R-BARE", **red),
    ]
    assert (
        results(push(client, manager, "phone-m", [wire(e) for e in batch]))
        == [("accepted", None)] * 3
    )
    reports = [
        worker_phone.event(
            E.HAZARD_REPORTED, f"H-{n}", base=0, payload={**PAYLOADS[E.HAZARD_REPORTED], **CONTROL}
        )
        for n in range(3)
    ]
    assert (
        results(push(client, worker, "phone-w", [wire(e) for e in reports]))
        == [("accepted", None)] * 3
    )
    manager_phone.saw(reports)
    rectified = worker_phone.event(E.HAZARD_RECTIFIED, "H-0", base=1)
    push(client, worker, "phone-w", [wire(rectified)])
    manager_phone.saw([rectified])
    accepted = manager_phone.event(E.HAZARD_ACCEPTED, "H-0", base=2)
    push(client, manager, "phone-m", [wire(accepted)])
    closed = manager_phone.event(E.HAZARD_CLOSED, "H-0", base=3)
    assert results(push(client, manager, "phone-m", [wire(closed)])) == [("accepted", None)]

    body = due(client, manager)
    assert [(u["risk_id"], u["colour"]) for u in body["uncovered"]] == [("R-BARE", "red")]
    assert [(r["hazard_id"], r["risk_id"]) for r in body["reassess"]] == [("H-0", "R-NEW")]
    assert [(f["risk_id"], f["measure_id"], f["hazard_ids"]) for f in body["failing"]] == [
        ("R-NEW", "M1", ["H-0", "H-1", "H-2"])
    ]
    assert body["failing"][0]["measure"] == "安装燃气泄漏报警器"
    assert due(client, sign_in(client, "inspector1"), tenant=KITCHEN)["failing"] == body["failing"]

    world.state.clock = FakeClock(T0 + timedelta(days=91))
    assert due(client, manager)["failing"] == []  # out of the 90 days


@pytest.mark.parametrize(
    ("who", "params", "status"),
    [("worker1", {}, 403), ("manager2", {"tenant": KITCHEN}, 404), ("regulator1", {}, 404)],
)
def test_who_may_read_the_risk_loops_due_items(world, client, who, params, status):
    answer = client.get("/v1/risk-loop/due", headers=sign_in(client, who), params=params)
    assert answer.status_code == status
