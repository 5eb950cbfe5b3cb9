"""Workshops and posts set up on a manager's phone (``workshop.defined``) become reference data.

A new enterprise's manager names a workshop and its posts; the server folds it into the
reference data so cards and risk points can name the posts, in the same push or a later one.
Runs on SQLite and PostgreSQL like every server test.
"""

from __future__ import annotations

from typing import Any

from shared.events import EventType
from shared.ids import UserId
from shared.roles import Actor, Role
from sync_server.demo import KITCHEN, LATHES
from tests.factories import Device
from tests.sync_server.test_defined_cards import push, reference, restaurant_card, world

__all__ = ["world"]  # the fixture, shared with the defined cards' tests

E = EventType
MANAGER = Actor(user_id=UserId("manager1"), role=Role.SAFETY_MANAGER, tenant=KITCHEN)
LATHE_MANAGER = Actor(user_id=UserId("manager2"), role=Role.SAFETY_MANAGER, tenant=LATHES)


def hall(*posts: tuple[str, str], name: str = "前厅") -> dict[str, Any]:
    return {"name": name, "posts": [{"id": i, "name": n} for i, n in posts]}


def test_a_workshop_and_its_posts_reach_the_workers_reference(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    defined = phone.event(
        E.WORKSHOP_DEFINED,
        "W-HALL",
        base=0,
        payload=hall(("P-TILL", "收银岗"), ("P-DOOR", "迎宾岗")),
    )
    assert push(client, "manager1", "phone-m", [defined]) == [("accepted", None)]
    seen = reference(client, "worker1")
    assert {"id": "W-HALL", "tenant": KITCHEN, "name": "前厅"} in seen["workshop"]
    posts = {p["id"]: (p["name"], p["workshop_id"], p["card_id"]) for p in seen["post"]}
    assert posts["P-TILL"] == ("收银岗", "W-HALL", None)
    assert posts["P-DOOR"] == ("迎宾岗", "W-HALL", None)


def test_a_card_and_a_risk_point_may_name_a_new_post_in_the_same_push(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    shop = phone.event(E.WORKSHOP_DEFINED, "W-HALL", base=0, payload=hall(("P-TILL", "收银岗")))
    card = phone.event(E.CARD_DEFINED, "C-TILL", base=0, payload=restaurant_card("P-TILL"))
    risk = phone.event(
        E.RISK_IDENTIFIED,
        "R-TILL",
        base=0,
        payload={
            "subject": "place",
            "name": "电气线路与用电设备",
            "workshop_id": "W-HALL",
            "post_id": "P-TILL",
            "five_high": "equipment",
            "accident_types": ["fire"],
            "grading": {"ls": {"l": 3, "s": 4}},
        },
    )
    assert push(client, "manager1", "phone-m", [shop, card, risk]) == [("accepted", None)] * 3
    [till] = [p for p in reference(client, "worker1")["post"] if p["id"] == "P-TILL"]
    assert till["card_id"] == "C-TILL"


def test_renaming_a_workshop_keeps_its_posts_card_and_qr_version(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    first = phone.event(E.WORKSHOP_DEFINED, "W-HALL", base=0, payload=hall(("P-TILL", "收银岗")))
    card = phone.event(E.CARD_DEFINED, "C-TILL", base=0, payload=restaurant_card("P-TILL"))
    again = phone.event(
        E.WORKSHOP_DEFINED, "W-HALL", base=1, payload=hall(("P-TILL", "收银台"), name="大堂")
    )
    assert push(client, "manager1", "phone-m", [first, card, again]) == [("accepted", None)] * 3
    seen = reference(client, "worker1")
    [till] = [p for p in seen["post"] if p["id"] == "P-TILL"]
    assert (till["name"], till["card_id"], till["qr_version"]) == ("收银台", "C-TILL", 1)
    assert {"id": "W-HALL", "tenant": KITCHEN, "name": "大堂"} in seen["workshop"]


def test_another_enterprises_post_cannot_be_taken_into_a_workshop(world, client):
    phone = Device("phone-l", LATHE_MANAGER, tenant=LATHES)
    grab = phone.event(E.WORKSHOP_DEFINED, "W-GRAB", base=0, payload=hall(("P-STOVE", "车床")))
    assert push(client, "manager2", "phone-l", [grab]) == [("rejected", "auth.not_permitted")]
    [stove] = [p for p in reference(client, "worker1")["post"] if p["id"] == "P-STOVE"]
    assert stove["name"] == "灶台岗"


def test_a_workshop_id_too_long_for_the_reference_data_is_refused_alone(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    long = phone.event(E.WORKSHOP_DEFINED, "W-" + "X" * 70, base=0, payload=hall(("P-A", "a")))
    fine = phone.event(E.WORKSHOP_DEFINED, "W-OK", base=0, payload=hall(("P-B", "b")))
    assert push(client, "manager1", "phone-m", [long, fine]) == [
        ("rejected", "invalid_input"),
        ("accepted", None),
    ]


def test_a_worker_cannot_set_up_workshops(world, client):
    phone = Device("phone-w", Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN))
    made = phone.event(E.WORKSHOP_DEFINED, "W-HALL", base=0, payload=hall(("P-TILL", "收银岗")))
    assert push(client, "worker1", "phone-w", [made]) == [("rejected", "auth.not_permitted")]
