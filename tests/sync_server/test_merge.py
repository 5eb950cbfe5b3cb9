"""The merge service under resends and across enterprises: what the chaos simulation found.

Each test here is a bug the simulation (``tests/chaos``) turned up, pinned on its own.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from shared.events import Event, EventType
from shared.ids import GridUnitId, UserId
from shared.roles import Actor, Role
from shared.schedule import card_instance_id
from sync_server.demo import KITCHEN, LATHES, seed_demo
from sync_server.schema import audit, events, hazards, quarantine
from tests.factories import Device

E = EventType
WORKER = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)
MANAGER = Actor(user_id=UserId("manager1"), role=Role.SAFETY_MANAGER, tenant=KITCHEN)
LATHE_WORKER = Actor(user_id=UserId("worker2"), role=Role.WORKER, tenant=LATHES)
INSPECTOR = Actor(user_id=UserId("inspector1"), role=Role.INSPECTOR, grid_unit=GridUnitId("X-HG"))


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def sign_in(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/v1/auth/login", json={"username": username, "password": "demo1234"})
    return {"authorization": f"Bearer {answer.json()['access_token']}"}


def push(client: TestClient, username: str, device: str, batch: list[Event]) -> Any:
    body = {"device_id": device, "events": [event.model_dump(mode="json") for event in batch]}
    answer = client.post("/v1/sync/push", json=body, headers=sign_in(client, username))
    assert answer.status_code == 200, answer.text
    return answer.json()


def answers(answer: Any) -> list[tuple[str, str | None]]:
    return [(result["status"], result["code"]) for result in answer["results"]]


def count(app, table, *where) -> int:
    with app.state.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table).where(*where)).scalar_one())


def test_a_refused_event_resent_after_a_lost_answer_is_refused_again_and_kept_once(world, client):
    assign = Device("phone-w", WORKER, tenant=KITCHEN).event(E.HAZARD_ASSIGNED, base=0)
    first = push(client, "worker1", "phone-w", [assign])
    again = push(client, "worker1", "phone-w", [assign, assign])
    assert answers(again) == answers(first) * 2 == [("rejected", "auth.not_permitted")] * 2
    assert count(world, quarantine) == 1
    assert count(world, audit, audit.c.action == "event.quarantined") == 1


def test_an_id_conflict_resent_is_answered_the_same_and_kept_once(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    report = phone.event(E.HAZARD_REPORTED, base=0)
    push(client, "worker1", "phone-w", [report])
    forged = report.model_copy(update={"payload": {"title": "改过的标题"}})
    assert answers(push(client, "worker1", "phone-w", [forged])) == [
        ("id_conflict", "sync.id_conflict")
    ]
    assert answers(push(client, "worker1", "phone-w", [forged])) == [
        ("id_conflict", "sync.id_conflict")
    ]
    assert count(world, quarantine) == 1


def test_a_refused_event_is_no_gap_in_its_devices_sequence(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    report = phone.event(E.HAZARD_REPORTED, "H1", base=0)
    refused = phone.event(E.HAZARD_CLOSED, "H1", base=1)  # a worker may not close
    note = phone.event(E.HAZARD_ANNOTATED, "H1", base=2, payload={"note": "补充"})
    answer = push(client, "worker1", "phone-w", [report, refused, note])
    assert [status for status, _ in answers(answer)] == ["accepted", "rejected", "accepted"]
    assert (answer["device_max_seq"], answer["missing_seqs"]) == (3, [])
    status = client.get("/v1/devices/phone-w", headers=sign_in(client, "worker1")).json()
    assert (status["seq_count"], status["missing_seqs"]) == (3, [])


def test_a_gap_after_a_refused_event_is_still_reported(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    report, refused, _lost, note = (
        phone.event(E.HAZARD_REPORTED, "H1", base=0),
        phone.event(E.HAZARD_CLOSED, "H1", base=1),
        phone.event(E.HAZARD_ANNOTATED, "H1", base=2, payload={"note": "丢了"}),
        phone.event(E.HAZARD_ANNOTATED, "H1", base=3, payload={"note": "补充"}),
    )
    answer = push(client, "worker1", "phone-w", [report, refused, note])
    assert (answer["device_max_seq"], answer["missing_seqs"]) == (4, [3])


def test_a_held_event_resent_after_a_lost_answer_is_answered_held_again(world, client):
    assign = Device("phone-m", MANAGER, tenant=KITCHEN).event(E.HAZARD_ASSIGNED, "H9", base=1)
    assert answers(push(client, "manager1", "phone-m", [assign])) == [("held", None)]
    assert answers(push(client, "manager1", "phone-m", [assign])) == [("held", None)]
    assert count(world, events) == 1


def test_an_event_filed_under_another_enterprise_on_a_record_is_refused(world, client):
    report = Device("phone-w", WORKER, tenant=KITCHEN).event(E.HAZARD_REPORTED, "H1", base=0)
    push(client, "worker1", "phone-w", [report])
    inspector = Device("phone-i", INSPECTOR, tenant=LATHES)  # in the inspector's scope too
    note = inspector.event(E.HAZARD_ANNOTATED, "H1", base=1, payload={"note": "记在别家"})
    stolen = inspector.event(E.HAZARD_REPORTED, "H1", base=0)
    answer = push(client, "inspector1", "phone-i", [note, stolen])
    assert answers(answer) == [("rejected", "auth.not_permitted")] * 2
    with world.state.engine.connect() as conn:
        body = conn.execute(select(hazards.c.body)).scalar_one()
    assert (body["tenant"], body["version"]) == (KITCHEN, 1)  # the kitchen's phones agree


def test_two_enterprises_cannot_share_a_new_record_within_one_batch(world, client):
    inspector = Device("phone-i", INSPECTOR, tenant=KITCHEN)
    first = inspector.event(E.HAZARD_REPORTED, "H-NEW", base=0)
    inspector.tenant = LATHES
    second = inspector.event(E.HAZARD_ANNOTATED, "H-NEW", base=1, payload={"note": "别家"})
    answer = push(client, "inspector1", "phone-i", [first, second])
    assert answers(answer) == [("accepted", None), ("rejected", "auth.not_permitted")]


def test_a_card_tick_of_another_enterprises_post_is_refused(world, client):
    tick = Device("phone-l", LATHE_WORKER, tenant=LATHES).event(
        E.CARD_SUBMITTED,
        card_instance_id("P-STOVE", "CARD-STOVE", "2026-11-02"),
        base=0,
        payload={
            "post_id": "P-STOVE",  # the kitchen's stove, filed under the lathe shop
            "card_id": "CARD-STOVE",
            "card_version": 1,
            "period": "2026-11-02",
            "items": {"1": {"result": "pass"}},
            "started_at": "2026-11-02T08:00:00Z",
            "completed_at": "2026-11-02T08:05:00Z",
        },
    )
    assert answers(push(client, "worker2", "phone-l", [tick])) == [("rejected", "ref.unknown")]
    assert count(world, events) == 0


def test_an_event_with_nan_in_it_is_rejected_and_kept_once_not_a_server_error(world, client):
    # Found by probing: Python's parser takes NaN, PostgreSQL's json type does not (a 500).
    token = sign_in(client, "worker1")
    body = b'{"device_id": "p", "events": [{"event_id": "n1", "payload": {"v": NaN}}]}'
    headers = {**token, "content-type": "application/json"}
    first = client.post("/v1/sync/push", content=body, headers=headers)
    again = client.post("/v1/sync/push", content=body, headers=headers)
    assert first.status_code == again.status_code == 200
    assert answers(again.json()) == answers(first.json()) == [("rejected", "invalid_input")]
    with world.state.engine.connect() as conn:
        [kept] = conn.execute(select(quarantine.c.body)).scalars().all()
    assert kept["payload"] == {"v": "nan"}
