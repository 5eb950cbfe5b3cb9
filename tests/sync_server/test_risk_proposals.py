"""A worker's risk proposal on the server: pushed, answered once, refused when it names nothing.

Runs on SQLite and PostgreSQL like every server test.
"""

from __future__ import annotations

from typing import Any

import pytest

from shared.events import EventType
from sync_server.demo import KITCHEN, seed_demo
from tests.factories import PAYLOADS, Device
from tests.sync_server.test_risks import results
from tests.sync_server.test_sync import MANAGER, WORKER, push, sign_in, wire

E = EventType
ACCEPTED = ("accepted", None)


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def proposed(phone: Device, proposal: str = "RP-1", **change: Any) -> dict[str, Any]:
    payload = {**PAYLOADS[E.RISK_PROPOSED], "post_id": "P-STOVE"} | change
    return wire(phone.event(E.RISK_PROPOSED, proposal, base=0, payload=payload))


def answer(phone: Device, kind: E, proposal: str = "RP-1", **payload: Any) -> dict[str, Any]:
    return wire(phone.event(kind, proposal, base=1, payload=payload))


def identified(phone: Device, risk_id: str) -> dict[str, Any]:
    payload = {**PAYLOADS[E.RISK_IDENTIFIED], "post_id": "P-STOVE"}
    return wire(phone.event(E.RISK_IDENTIFIED, risk_id, base=0, payload=payload))


def test_a_workers_proposal_is_confirmed_by_the_manager_with_the_point_it_became(world, client):
    worker, manager = sign_in(client, "worker1"), sign_in(client, "manager1")
    assert results(
        push(client, worker, "phone-w", [proposed(Device("phone-w", WORKER, tenant=KITCHEN))])
    ) == [ACCEPTED]
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    batch = [
        identified(phone, "R-NEW-1"),
        answer(phone, E.RISK_PROPOSAL_CONFIRMED, risk_id="R-NEW-1"),
    ]
    assert results(push(client, manager, "phone-m", batch)) == [ACCEPTED] * 2
    # Answered once: a later decline (from the same or another phone) is refused alone.
    again = answer(phone, E.RISK_PROPOSAL_DECLINED, reason="重复")
    assert results(push(client, manager, "phone-m", [again])) == [
        ("rejected", "risk.illegal_transition")
    ]


def test_a_proposal_and_its_decline_in_one_batch_are_both_taken(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    batch = [proposed(phone), answer(phone, E.RISK_PROPOSAL_DECLINED, reason="已在清单中")]
    assert results(push(client, sign_in(client, "manager1"), "phone-m", batch)) == [ACCEPTED] * 2


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (lambda p: proposed(p, post_id="P-LATHE-1"), "ref.unknown"),  # another enterprise's post
        (lambda p: proposed(p) | {"payload": {"subject": "place", "seen": ""}}, "invalid_input"),
        (lambda p: answer(p, E.RISK_PROPOSAL_DECLINED, "RP-NONE", reason="无"), "ref.unknown"),
        (
            lambda p: answer(p, E.RISK_PROPOSAL_CONFIRMED, risk_id="R-NOWHERE"),
            "ref.unknown",
        ),
    ],
    ids=[
        "a proposal on another enterprise's post",
        "a proposal that says nothing of what was seen",
        "an answer to no proposal",
        "a confirmation naming no risk point",
    ],
)
def test_a_proposal_or_answer_naming_nothing_is_refused_alone(world, client, bad, code):
    manager = sign_in(client, "manager1")
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    assert results(push(client, manager, "phone-m", [proposed(phone)])) == [ACCEPTED]
    good = answer(phone, E.RISK_PROPOSAL_DECLINED, reason="已在清单中")
    assert results(push(client, manager, "phone-m", [bad(phone), good])) == [
        ("rejected", code),
        ACCEPTED,
    ]


def test_a_workers_answer_to_a_proposal_is_not_permitted(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    batch = [proposed(phone), answer(phone, E.RISK_PROPOSAL_DECLINED, reason="算了")]
    assert results(push(client, sign_in(client, "worker1"), "phone-w", batch)) == [
        ACCEPTED,
        ("rejected", "auth.not_permitted"),
    ]
