"""GET /v1/hazards/{id}: the defined winner and the recorded conflict, checkable from outside."""

from __future__ import annotations

from typing import Any

import pytest

from shared.events import Event, EventType
from shared.ids import UserId
from shared.roles import Actor, Role
from sync_server.demo import KITCHEN, seed_demo
from tests.factories import Device
from tests.sync_server.test_sync import MANAGER, WORKER, push, sign_in, statuses, wire

E = EventType
INSPECTOR = Actor(user_id=UserId("inspector1"), role=Role.INSPECTOR)


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def later(*events: Event) -> Event:
    return max(events, key=Event.order_key)


def test_a_hazard_shows_its_steps_in_full_and_its_hard_conflict_open_then_resolved(world, client):
    worker_phone = Device("phone-w", WORKER, tenant=KITCHEN)
    manager_phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    worker, manager = sign_in(client, "worker1"), sign_in(client, "manager1")
    report = worker_phone.event(E.HAZARD_REPORTED, "H-REC", base=0)
    mine = worker_phone.event(E.HAZARD_EDITED, "H-REC", base=1, payload={"title": "灭火器失效"})
    manager_phone.saw([report])  # but not the worker's edit: the two edits are concurrent
    theirs = manager_phone.event(E.HAZARD_EDITED, "H-REC", base=1, payload={"title": "灭火器过期"})
    assert statuses(push(client, worker, "phone-w", [wire(report), wire(mine)])) == ["accepted"] * 2
    assert statuses(push(client, manager, "phone-m", [wire(theirs)])) == ["accepted"]

    answer = client.get("/v1/hazards/H-REC", headers=manager)
    assert answer.status_code == 200, answer.text
    record = answer.json()
    winner = later(mine, theirs)
    assert record["state"]["title"] == winner.payload["title"]  # newest stamp wins
    assert record["state"]["timeline"] == [] and record["state"]["conflicts"] == []
    steps = record["timeline"]
    assert [step["event_id"] for step in steps] == [
        e.event_id for e in sorted([report, mine, theirs], key=Event.order_key)
    ]
    first = steps[0]
    assert first["payload"] == report.payload
    assert first["actor"]["user_id"] == "worker1"
    assert first["device_id"] == "phone-w"
    assert first["hlc"] == report.hlc.encode()
    assert first["server_seq"] >= 1
    assert first["outcome"] == "applied" and first["status"] == "registered"
    conflict_id = f"edit_same_field:{winner.event_id}"
    [conflict] = record["open_conflicts"]
    assert conflict["id"] == conflict_id
    assert set(conflict["event_ids"]) == {mine.event_id, theirs.event_id}
    assert [s["conflict_id"] for s in steps if s["conflict_id"]] == [conflict_id]
    assert record["resolved_conflicts"] == []

    manager_phone.saw([mine])  # pulled
    resolve = manager_phone.event(
        E.CONFLICT_RESOLVED,
        "H-REC",
        base=3,
        payload={"conflict_id": conflict_id, "reason": "以巡查为准"},
    )
    assert statuses(push(client, manager, "phone-m", [wire(resolve)])) == ["accepted"]
    record = client.get("/v1/hazards/H-REC", headers=worker).json()
    assert record["timeline"][-1]["outcome"] == "applied", record["timeline"][-1]
    assert record["open_conflicts"] == []
    [resolved] = record["resolved_conflicts"]
    assert resolved["id"] == conflict_id
    assert resolved["resolved_by"] == resolve.event_id
    assert resolved["resolution"] == "以巡查为准"
    assert record["timeline"][-1]["type"] == "hazard.conflict_resolved"


def test_a_refused_step_is_in_the_timeline_with_its_reason(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    report = phone.event(E.HAZARD_REPORTED, "H-REF", base=0)
    close = phone.event(E.HAZARD_STARTED, "H-REF", base=1)  # nobody assigned: the finder may
    worker = sign_in(client, "worker1")
    push(client, worker, "phone-w", [wire(report), wire(close)])
    manager_phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    manager_phone.saw([report, close])
    accept = manager_phone.event(E.HAZARD_ACCEPTED, "H-REF", base=2)
    push(client, sign_in(client, "manager1"), "phone-m", [wire(accept)])
    steps = client.get("/v1/hazards/H-REF", headers=worker).json()["timeline"]
    assert steps[-1]["outcome"] == "refused"
    assert steps[-1]["reason_code"] == "hazard.illegal_transition"
    assert steps[-1]["payload"] == accept.payload


@pytest.mark.parametrize(
    ("user", "visible"),
    [
        ("worker1", True),
        ("manager1", True),
        ("inspector1", True),  # 海港区 holds the kitchen
        ("regulator1", True),  # the city
        ("worker2", False),  # another enterprise
        ("manager2", False),
        ("inspector2", False),  # 昌宁县
        ("regulator2", False),  # 昌宁县
        ("admin", False),  # no entries in the legal record
    ],
)
def test_a_hazard_is_seen_only_in_scope_and_otherwise_looks_nonexistent(
    world, client, user, visible
):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    push(
        client,
        sign_in(client, "worker1"),
        "phone-w",
        [wire(phone.event(E.HAZARD_REPORTED, "H-S", base=0))],
    )
    headers = sign_in(client, user)
    answer = client.get("/v1/hazards/H-S", headers=headers)
    missing = client.get("/v1/hazards/H-NOWHERE", headers=headers)
    assert missing.status_code == 404
    if visible:
        assert answer.status_code == 200
        assert answer.json()["state"]["tenant"] == KITCHEN
    else:
        assert answer.status_code == 404
        assert answer.json() == missing.json()


@pytest.mark.parametrize("hazard_id", ["H%00X", "H%07", "H" * 201])
def test_a_hostile_hazard_id_is_a_problem_not_a_500(world, client, hazard_id):
    answer = client.get(f"/v1/hazards/{hazard_id}", headers=sign_in(client, "manager1"))
    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_input"


def test_a_hazard_needs_a_sign_in(world, client):
    assert client.get("/v1/hazards/H1").status_code == 401


def test_after_closing_every_step_still_holds_what_it_said_when_and_on_which_device(world, client):
    """Issue 19: the 驳回理由 and the 整改说明 stay in the record after 销号."""
    w_phone = Device("phone-w", WORKER, tenant=KITCHEN)
    m_phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    heads = {"phone-w": sign_in(client, "worker1"), "phone-m": sign_in(client, "manager1")}
    photos = [{"sha256": "e" * 64, "size": 100}]
    assign = {"assignee": "worker1", "deadline": "2026-11-09T08:00:00Z", "measures": "清理通道"}
    steps: list[tuple[Device, EventType, dict[str, Any]]] = [
        (w_phone, E.HAZARD_REPORTED, {"title": "出口堵塞", "photos": photos}),
        (m_phone, E.HAZARD_ASSIGNED, assign),
        (w_phone, E.HAZARD_RECTIFIED, {"note": "已清理", "photos": photos}),
        (m_phone, E.HAZARD_REJECTED, {"reason": "门后仍有纸箱"}),
        (w_phone, E.HAZARD_RECTIFIED, {"note": "全部清走", "photos": photos}),
        (m_phone, E.HAZARD_ACCEPTED, {"comment": "通道畅通"}),
        (m_phone, E.HAZARD_CLOSED, {}),
    ]
    made: list[Event] = []
    for base, (phone, kind, payload) in enumerate(steps):
        phone.saw(made)
        event = phone.event(kind, "H-ALL", base=base, payload=payload)
        made.append(event)
        answer = push(client, heads[phone.name], phone.name, [wire(event)])
        assert statuses(answer) == ["accepted"], answer

    record = client.get("/v1/hazards/H-ALL", headers=heads["phone-w"]).json()
    assert record["state"]["status"] == "closed"
    said = [(s["type"], s["payload"], s["device_id"]) for s in record["timeline"]]
    assert said == [(k.value, p, phone.name) for phone, k, p in steps]
    assert [s["at"] for s in record["timeline"]] == [
        e.at.isoformat().replace("+00:00", "Z") for e in made
    ]
