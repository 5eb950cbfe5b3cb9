"""Cards defined on a manager's phone (``card.defined``) become reference data for its workers.

Onboarding builds a post's card from the standards library on the phone; the server folds the
definition into the reference cards and points the post at it, so the worker's phone shows the
new card after its next reference read. Runs on SQLite and PostgreSQL like every server test.
"""

from __future__ import annotations

from datetime import timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared.events import Event, EventType
from shared.ids import UserId
from shared.org import SmallPlaceKind
from shared.roles import Actor, Role
from shared.standards import card_items
from sync_server.demo import KITCHEN, LATHES, seed_demo
from sync_server.projections import rebuild_all
from sync_server.standards import shipped_library
from tests.factories import Device

E = EventType
MANAGER = Actor(user_id=UserId("manager1"), role=Role.SAFETY_MANAGER, tenant=KITCHEN)
WORKER = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)
LATHE_MANAGER = Actor(user_id=UserId("manager2"), role=Role.SAFETY_MANAGER, tenant=LATHES)


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def sign_in(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/v1/auth/login", json={"username": username, "password": "demo1234"})
    return {"authorization": f"Bearer {answer.json()['access_token']}"}


def push(client: TestClient, username: str, device: str, batch: list[Event]) -> list[Any]:
    body = {"device_id": device, "events": [event.model_dump(mode="json") for event in batch]}
    answer = client.post("/v1/sync/push", json=body, headers=sign_in(client, username))
    assert answer.status_code == 200, answer.text
    return [(r["status"], r["code"]) for r in answer.json()["results"]]


def restaurant_card(post_id: str = "P-STOVE", name: str = "灶台岗检查卡") -> dict[str, Any]:
    library = shipped_library()
    chosen = library.for_small_place(SmallPlaceKind.RESTAURANT)[:3]
    items = card_items(chosen, library.version, ["厨师"] * len(chosen))
    return {
        "post_id": post_id,
        "name": name,
        "items": [item.model_dump(mode="json") for item in items],
        "library_version": library.version,
    }


def reference(client: TestClient, username: str) -> dict[str, Any]:
    answer = client.get("/v1/reference", headers=sign_in(client, username))
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_a_card_a_manager_defines_reaches_the_workers_reference_with_its_standards(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    defined = phone.event(E.CARD_DEFINED, "C-NEW-1", base=0, payload=restaurant_card())
    assert push(client, "manager1", "phone-m", [defined]) == [("accepted", None)]
    seen = reference(client, "worker1")
    [card] = [c for c in seen["card"] if c["id"] == "C-NEW-1"]
    [stove] = [p for p in seen["post"] if p["id"] == "P-STOVE"]
    assert stove["card_id"] == "C-NEW-1"
    assert (card["tenant"], card["version"], card["name"]) == (KITCHEN, 1, "灶台岗检查卡")
    version = shipped_library().version
    assert [(i["standard"][:3], i["standard_version"]) for i in card["items"]] == [
        ("SX-", version)
    ] * 3
    assert all(item["five_high"] for item in card["items"])


def test_defining_a_card_again_makes_its_next_version(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    first = phone.event(E.CARD_DEFINED, "C-NEW-1", base=0, payload=restaurant_card())
    second = phone.event(
        E.CARD_DEFINED, "C-NEW-1", base=1, payload=restaurant_card(name="灶台岗检查卡（修订）")
    )
    assert push(client, "manager1", "phone-m", [first, second]) == [("accepted", None)] * 2
    [card] = [c for c in reference(client, "worker1")["card"] if c["id"] == "C-NEW-1"]
    assert (card["version"], card["name"]) == (2, "灶台岗检查卡（修订）")


@pytest.mark.parametrize(
    ("who", "actor", "tenant", "card_id", "post_id", "code"),
    [
        ("worker1", WORKER, KITCHEN, "C-NEW-1", "P-STOVE", "auth.not_permitted"),
        ("manager1", MANAGER, KITCHEN, "CARD-STOVE", "P-STOVE", "auth.not_permitted"),
        ("manager2", LATHE_MANAGER, LATHES, "C-NEW-1", "P-STOVE", "ref.unknown"),
        ("manager1", MANAGER, KITCHEN, "C-" + "9" * 80, "P-STOVE", "invalid_input"),
    ],
    ids=["a worker", "an imported card's id", "another enterprise's post", "a too long id"],
)
def test_a_definition_is_refused_and_changes_nothing(
    world, client, who, actor, tenant, card_id, post_id, code
):
    before = reference(client, "worker1")
    phone = Device("phone-x", actor, tenant=tenant)
    defined = phone.event(E.CARD_DEFINED, card_id, base=0, payload=restaurant_card(post_id))
    assert push(client, who, "phone-x", [defined]) == [("rejected", code)]
    assert reference(client, "worker1") == before


def test_after_a_rebuild_the_post_keeps_its_newest_card_whatever_the_fold_order(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    older = phone.event(E.CARD_DEFINED, "C-B", base=0, payload=restaurant_card())
    newer = phone.event(E.CARD_DEFINED, "C-A", base=0, payload=restaurant_card())
    assert push(client, "manager1", "phone-m", [older, newer]) == [("accepted", None)] * 2
    with world.state.engine.begin() as conn:
        rebuild_all(conn)  # folds C-A before C-B, by id
    [stove] = [p for p in reference(client, "worker1")["post"] if p["id"] == "P-STOVE"]
    assert stove["card_id"] == "C-A"


def test_a_defined_card_is_in_force_from_the_local_day_it_was_defined(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    defined = phone.event(E.CARD_DEFINED, "C-NEW-1", base=0, payload=restaurant_card())
    push(client, "manager1", "phone-m", [defined])
    [card] = [c for c in reference(client, "worker1")["card"] if c["id"] == "C-NEW-1"]
    local_day = defined.at.astimezone(timezone(timedelta(hours=8))).date()
    assert card["in_force_from"] == local_day.isoformat()
