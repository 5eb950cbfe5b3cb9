"""A post's coordinates set on the manager's phone (``post.located``) reach the reference data.

The 200 m check at scan time compares a tick's position with its post's; a manager standing at
the post sets them (or types them), and the server folds the last one into the post's row.
Runs on SQLite and PostgreSQL like every server test.
"""

from __future__ import annotations

from typing import Any

import pytest

from shared.events import EventType
from shared.ids import UserId
from shared.roles import Actor, Role
from sync_server.demo import KITCHEN, LATHES
from tests.factories import Device
from tests.sync_server.test_defined_cards import push, reference, sign_in, world

__all__ = ["world"]

E = EventType
MANAGER = Actor(user_id=UserId("manager1"), role=Role.SAFETY_MANAGER, tenant=KITCHEN)
LATHE_MANAGER = Actor(user_id=UserId("manager2"), role=Role.SAFETY_MANAGER, tenant=LATHES)
HARBOUR = {"latitude": 39.9354, "longitude": 119.6005}


def stove(client: Any) -> dict[str, Any]:
    [post] = [p for p in reference(client, "manager1")["post"] if p["id"] == "P-STOVE"]
    return dict(post)


def test_a_located_post_carries_its_coordinates_and_keeps_its_name_card_and_qr_version(
    world, client
):
    before = stove(client)
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    located = phone.event(E.POST_LOCATED, "P-STOVE", base=0, payload=HARBOUR)
    assert push(client, "manager1", "phone-m", [located]) == [("accepted", None)]
    after = stove(client)
    assert (after["latitude"], after["longitude"]) == (39.9354, 119.6005)
    unchanged = ("name", "card_id", "qr_version", "workshop_id")
    assert {k: after[k] for k in unchanged} == {k: before[k] for k in unchanged}


def test_the_last_location_stands(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    first = phone.event(E.POST_LOCATED, "P-STOVE", base=0, payload=HARBOUR)
    moved = {"latitude": 39.94, "longitude": 119.61}
    again = phone.event(E.POST_LOCATED, "P-STOVE", base=1, payload=moved)
    assert push(client, "manager1", "phone-m", [first, again]) == [("accepted", None)] * 2
    assert (stove(client)["latitude"], stove(client)["longitude"]) == (39.94, 119.61)


def test_another_enterprises_post_cannot_be_located(world, client):
    phone = Device("phone-l", LATHE_MANAGER, tenant=LATHES)
    grab = phone.event(E.POST_LOCATED, "P-STOVE", base=0, payload=HARBOUR)
    assert push(client, "manager2", "phone-l", [grab]) == [("rejected", "ref.unknown")]
    assert stove(client).get("latitude") is None


def test_a_worker_cannot_locate_a_post(world, client):
    phone = Device("phone-w", Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN))
    made = phone.event(E.POST_LOCATED, "P-STOVE", base=0, payload=HARBOUR)
    assert push(client, "worker1", "phone-w", [made]) == [("rejected", "auth.not_permitted")]


@pytest.mark.parametrize(
    "payload",
    [
        {"latitude": 91.0, "longitude": 119.6},
        {"latitude": 39.9, "longitude": -180.5},
        {"latitude": 39.9},
        {"latitude": "NaN", "longitude": 119.6},
    ],
    ids=["latitude past 90", "longitude past 180", "no longitude", "not a number"],
)
def test_coordinates_out_of_range_are_refused_with_a_stable_code_and_nothing_changes(
    world, client, payload
):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    wire = phone.event(E.POST_LOCATED, "P-STOVE", base=0, payload=HARBOUR).model_dump(mode="json")
    wire["payload"] = payload
    answer = client.post(
        "/v1/sync/push",
        json={"device_id": "phone-m", "events": [wire]},
        headers=sign_in(client, "manager1"),
    )
    assert answer.status_code == 200, answer.text
    [result] = answer.json()["results"]
    assert (result["status"], result["code"]) == ("rejected", "invalid_input")
    assert stove(client).get("latitude") is None
