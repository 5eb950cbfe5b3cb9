"""责任人 as a person: a card item or risk point names an account the server checks (issue 21).

The rules are a rectification's assignee's (``hazard.bad_assignee``): an active worker or
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


def test_a_workshop_definition_is_not_checked_for_people(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    shop = phone.event(E.WORKSHOP_DEFINED, "W-HALL", base=0, payload=hall(("P-TILL", "收银岗")))
    assert push(client, "manager1", "phone-m", [shop]) == [("accepted", None)]
