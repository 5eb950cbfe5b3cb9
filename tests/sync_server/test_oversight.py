"""The authority's hand through the server: 挂牌督办 checked at push, reviewed, lifted, read back.

Runs on SQLite and PostgreSQL like every server test.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared.events import Event, EventType
from shared.ids import UserId
from shared.roles import Actor, Role
from sync_server.demo import KITCHEN
from tests.factories import Device
from tests.sync_server.test_people import MANAGER, as_, push, web

__all__ = ["web"]  # the fixture

E = EventType
REGULATOR = Actor(user_id=UserId("regulator1"), role=Role.REGULATOR)
WORKER = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)
MAJOR = {"title": "液化气瓶与明火同室", "grade": "major", "no_photo_reason": "现场拍照不便"}
SUPERVISION = {
    "level": "市级",
    "deadline": "2026-12-15T00:00:00Z",
    "responsible_unit": "海港区应急管理局",
}


def reported_major(web: TestClient, hazard: str) -> Device:
    """A 重大隐患 of the kitchen reported to the authority; the manager's phone."""
    phone = Device(f"pm-{hazard}", MANAGER, tenant=KITCHEN)
    events = [
        phone.event(E.HAZARD_REPORTED, hazard, base=0, payload=MAJOR),
        phone.event(E.HAZARD_MAJOR_REPORTED, hazard, base=1),
    ]
    assert [r["status"] for r in push(web, "manager1", phone, events)] == ["accepted"] * 2
    return phone


def regulator_pushes(
    web: TestClient, hazard: str, kind: EventType, payload: dict[str, Any], base: int
) -> dict[str, Any]:
    phone = Device(f"pr-{hazard}-{kind.value}", REGULATOR, tenant=KITCHEN)
    event = phone.event(kind, hazard, base=base, payload=payload, after_ms=60_000 * (base + 1))
    [result] = push(web, "regulator1", phone, [event])
    return dict(result)


def record(web: TestClient, hazard: str, username: str = "regulator1") -> dict[str, Any]:
    answer = web.get(f"/v1/hazards/{hazard}", headers=as_(web, username))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


@pytest.mark.parametrize(
    ("deadline", "status", "code"),
    [
        ("2026-12-15T00:00:00Z", "accepted", None),
        ("2026-11-01T00:00:00Z", "rejected", "hazard.bad_supervision"),  # before it is placed
    ],
)
def test_a_supervision_deadline_must_lie_after_the_moment_it_is_placed(web, deadline, status, code):
    reported_major(web, "H-MAJ-1")
    result = regulator_pushes(
        web, "H-MAJ-1", E.HAZARD_SUPERVISED, {**SUPERVISION, "deadline": deadline}, base=2
    )
    assert (result["status"], result.get("code")) == (status, code)
    if code is not None:
        assert record(web, "H-MAJ-1")["state"]["supervision_level"] is None


def test_the_regulators_supervision_with_its_unit_reaches_the_enterprise(web):
    reported_major(web, "H-MAJ-2")
    assert regulator_pushes(web, "H-MAJ-2", E.HAZARD_SUPERVISED, SUPERVISION, 2)["status"] == (
        "accepted"
    )
    state = record(web, "H-MAJ-2", "manager1")["state"]
    assert (state["status"], state["supervision_unit"]) == ("supervised", "海港区应急管理局")
    pulled = web.get("/v1/sync/pull", headers=as_(web, "manager1")).json()
    kinds = [e["type"] for e in pulled["events"] if e["aggregate"]["id"] == "H-MAJ-2"]
    assert "hazard.supervised" in kinds


def test_a_refutation_is_recorded_with_who_when_and_why_and_makes_it_general(web):
    reported_major(web, "H-MAJ-3")
    review = {"verdict": "refuted", "reason": "现场核实为一般隐患"}
    assert regulator_pushes(web, "H-MAJ-3", E.HAZARD_MAJOR_REVIEWED, review, 2)["status"] == (
        "accepted"
    )
    body = record(web, "H-MAJ-3", "manager1")
    state = body["state"]
    assert (state["status"], state["grade"]) == ("registered", "general")
    [said] = state["major_reviews"]
    assert (said["verdict"], said["by"]["user_id"], said["reason"]) == (
        "refuted",
        "regulator1",
        "现场核实为一般隐患",
    )
    assert body["timeline"][-1]["outcome"] == "applied"


def test_a_worker_may_not_review_or_lift(web):
    reported_major(web, "H-MAJ-4")
    phone = Device("pw-maj-4", WORKER, tenant=KITCHEN)
    events: list[Event] = [
        phone.event(E.HAZARD_MAJOR_REVIEWED, "H-MAJ-4", base=2),
        phone.event(E.HAZARD_SUPERVISION_LIFTED, "H-MAJ-4", base=2),
    ]
    results = push(web, "worker1", phone, events)
    assert [(r["status"], r["code"]) for r in results] == [("rejected", "auth.not_permitted")] * 2


def test_lifting_before_销号_is_kept_refused_with_its_code(web):
    reported_major(web, "H-MAJ-5")
    regulator_pushes(web, "H-MAJ-5", E.HAZARD_SUPERVISED, SUPERVISION, 2)
    result = regulator_pushes(web, "H-MAJ-5", E.HAZARD_SUPERVISION_LIFTED, {}, 3)
    assert result["status"] == "accepted"  # in the record, refused by the rules
    step = record(web, "H-MAJ-5")["timeline"][-1]
    assert (step["outcome"], step["reason_code"]) == ("refused", "hazard.illegal_transition")
