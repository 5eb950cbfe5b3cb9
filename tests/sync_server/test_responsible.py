"""责任人 as a person: a card item, risk point or post names an account the server checks.

Issue 21. The rules are a rectification's assignee's (``hazard.bad_assignee``): an active worker or
safety manager of the enterprise. Runs on SQLite and PostgreSQL like every server test.
"""

from __future__ import annotations

from typing import Any

import pytest

from shared.events import EventType
from sync_server.demo import KITCHEN
from tests.factories import Device
from tests.sync_server.test_defined_cards import MANAGER, push, reference, restaurant_card, world
from tests.sync_server.test_workshops import hall

__all__ = ["world"]  # the fixture, shared with the defined cards' tests

E = EventType


def card_naming(responsible: str | None) -> dict[str, Any]:
    card = restaurant_card()
    card["items"] = [{**item, "responsible": responsible} for item in card["items"]]
    return card


def risk_naming(responsible: str | None) -> dict[str, Any]:
    return {
        "subject": "equipment",
        "name": "瓶装液化气及燃气管路",
        "five_high": "material",
        "accident_types": ["other_explosion"],
        "grading": {"ls": {"l": 3, "s": 5}},
        "responsible": responsible,
    }


@pytest.mark.parametrize(
    ("responsible", "why"),
    [
        ("worker1", None),  # the kitchen's worker
        ("manager1", None),  # the kitchen's safety manager
        (None, None),  # a job title only, as before
        ("nobody", "unknown"),
        ("worker2", "other_enterprise"),  # the lathe shop's worker
        ("inspector1", "role"),
    ],
)
def test_a_cards_responsible_person_must_be_one_of_the_enterprises_people(
    world, client, responsible, why
):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    defined = phone.event(E.CARD_DEFINED, "C-NEW-1", base=0, payload=card_naming(responsible))
    [(status, code)] = push(client, "manager1", "phone-m", [defined])
    assert (status, code) == (
        ("accepted", None) if why is None else ("rejected", "list.bad_responsible")
    )
    cards = [c for c in reference(client, "worker1")["card"] if c["id"] == "C-NEW-1"]
    if why is None:
        assert {item["responsible"] for item in cards[0]["items"]} == {responsible}
    else:
        assert cards == []  # nothing of the refused card is stored


def test_a_risk_points_responsible_person_is_kept_and_an_unknown_one_refused(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    kept = phone.event(E.RISK_IDENTIFIED, "R-GAS", base=0, payload=risk_naming("worker1"))
    wrong = phone.event(E.RISK_IDENTIFIED, "R-GAS-2", base=0, payload=risk_naming("nobody"))
    assert push(client, "manager1", "phone-m", [kept, wrong]) == [
        ("accepted", None),
        ("rejected", "list.bad_responsible"),
    ]
    points = {p["id"]: p for p in reference(client, "manager1")["risk_point"]}
    assert points["R-GAS"]["responsible"] == "worker1"
    assert "R-GAS-2" not in points


def test_a_workshop_definition_naming_nobody_is_accepted_as_before(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    shop = phone.event(E.WORKSHOP_DEFINED, "W-HALL", base=0, payload=hall(("P-TILL", "收银岗")))
    assert push(client, "manager1", "phone-m", [shop]) == [("accepted", None)]
    [till] = [p for p in reference(client, "worker1")["post"] if p["id"] == "P-TILL"]
    assert till["responsible"] is None


def post_naming(responsible: str | None) -> dict[str, Any]:
    shop = hall(("P-TILL", "收银岗"), ("P-DOOR", "迎宾岗"))
    shop["posts"][0]["responsible"] = responsible
    return shop


@pytest.mark.parametrize(
    ("responsible", "why"),
    [
        ("worker1", None),
        ("manager1", None),
        ("nobody", "unknown"),
        ("worker2", "other_enterprise"),
        ("inspector1", "role"),
    ],
)
def test_a_posts_responsible_person_must_be_one_of_the_enterprises_people(
    world, client, responsible, why
):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    shop = phone.event(E.WORKSHOP_DEFINED, "W-HALL", base=0, payload=post_naming(responsible))
    [(status, code)] = push(client, "manager1", "phone-m", [shop])
    assert (status, code) == (
        ("accepted", None) if why is None else ("rejected", "list.bad_responsible")
    )
    posts = {p["id"]: p for p in reference(client, "worker1")["post"]}
    if why is None:
        assert (posts["P-TILL"]["responsible"], posts["P-DOOR"]["responsible"]) == (
            responsible,
            None,
        )
    else:
        assert "P-TILL" not in posts and "P-DOOR" not in posts  # nothing of the workshop


def test_a_later_definition_gives_a_post_another_responsible_person(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    first = phone.event(E.WORKSHOP_DEFINED, "W-HALL", base=0, payload=post_naming("worker1"))
    second = phone.event(E.WORKSHOP_DEFINED, "W-HALL", base=1, payload=post_naming("manager1"))
    assert push(client, "manager1", "phone-m", [first, second]) == [("accepted", None)] * 2
    [till] = [p for p in reference(client, "worker1")["post"] if p["id"] == "P-TILL"]
    assert till["responsible"] == "manager1"
