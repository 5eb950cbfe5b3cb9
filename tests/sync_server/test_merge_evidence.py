"""The push refuses a 不合格 tick or a hazard report without its evidence; the record is kept.

The rule is ``shared.evidence``, the same the phone applies before saving. It judges new
pushes only: an event stored before the rule (the demo's history, a phone's old outbox already
accepted) stays in the record, folds and is answered ``duplicate`` when resent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import insert, select

from shared.cards import CheckCard
from shared.events import Event, EventType
from shared.protocol import PushStatus
from shared.schedule import card_instance_id
from sync_server.demo import KITCHEN
from sync_server.merge import allocate_server_seqs, event_row
from sync_server.schema import events, quarantine, reference
from tests.factories import Device
from tests.sync_server.test_merge import MANAGER, WORKER, answers, count, push, sign_in, world

__all__ = ["world"]

E = EventType
PHOTO = {"sha256": "c" * 64, "size": 1234}


def stove_card(app: Any) -> CheckCard:
    with app.state.engine.connect() as conn:
        body = conn.execute(
            select(reference.c.body).where(
                reference.c.kind == "card", reference.c.id == "CARD-STOVE"
            )
        ).scalar_one()
    return CheckCard.model_validate(body)


def tick(phone: Device, card: CheckCard, items: dict[str, Any], period: str) -> Event:
    payload = {
        "post_id": "P-STOVE",
        "card_id": card.id,
        "card_version": card.version,
        "period": period,
        "items": items,
        "started_at": "2026-11-02T08:00:00+00:00",
        "completed_at": "2026-11-02T08:05:00+00:00",
    }
    instance = card_instance_id("P-STOVE", card.id, period)
    return phone.event(E.CARD_SUBMITTED, instance, base=0, payload=payload)


@pytest.mark.parametrize(
    ("evidence", "status", "code"),
    [
        ({"note": "接头有气泡"}, "rejected", "evidence.missing"),  # the item asks for a photo
        ({}, "rejected", "evidence.missing"),
        ({"photos": [PHOTO]}, "accepted", None),
    ],
)
def test_a_failed_tick_is_judged_by_what_its_item_asks(world, client, evidence, status, code):
    card = stove_card(world)
    item = card.items[0]
    assert item.evidence == "photo"
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    ticked = tick(phone, card, {item.id: {"result": "fail", **evidence}}, "2026-11-02")
    answer = push(client, "worker1", "phone-w", [ticked])
    assert answers(answer) == [(status, code)]
    if code is not None:
        [result] = answer["results"]
        assert item.id in result["reason"]
        assert count(world, quarantine, quarantine.c.reason_code == code) == 1


def test_a_report_without_a_photo_or_a_reason_is_refused_alone_and_kept_apart(world, client):
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    bare = phone.event(E.HAZARD_REPORTED, "H-BARE", base=0, payload={"title": "出口堵塞"})
    told = phone.event(
        E.HAZARD_REPORTED,
        "H-TOLD",
        base=0,
        payload={"title": "出口堵塞", "no_photo_reason": "没电"},
    )
    shown = phone.event(
        E.HAZARD_REPORTED, "H-SHOWN", base=0, payload={"title": "出口堵塞", "photos": [PHOTO]}
    )
    answer = push(client, "worker1", "phone-w", [bare, told, shown])
    assert answers(answer) == [
        ("rejected", "evidence.missing"),
        ("accepted", None),
        ("accepted", None),
    ]
    assert count(world, quarantine, quarantine.c.event_id == bare.event_id) == 1


def test_an_event_stored_before_the_rule_is_never_judged_again(world, client):
    """Stored as the demo stores its history (and as the record held it before issue 19)."""
    phone = Device("phone-old", MANAGER, tenant=KITCHEN)
    old = phone.event(E.HAZARD_REPORTED, "H-OLD", base=0, payload={"title": "规则之前的隐患"})
    with world.state.engine.begin() as conn:
        seq = allocate_server_seqs(conn, 1)
        row = event_row(
            old,
            status=PushStatus.ACCEPTED,
            server_seq=seq,
            received_at=datetime(2026, 11, 2, tzinfo=UTC),
            pushed_by="manager1",
        )
        conn.execute(insert(events).values(**row))
    assert answers(push(client, "manager1", "phone-old", [old])) == [("duplicate", None)]
    pulled = client.get("/v1/sync/pull", headers=sign_in(client, "manager1")).json()
    assert old.event_id in {event["event_id"] for event in pulled["events"]}
    record = client.get("/v1/hazards/H-OLD", headers=sign_in(client, "manager1"))
    assert record.status_code == 200 and record.json()["state"]["title"] == "规则之前的隐患"


@pytest.mark.parametrize(
    ("location", "status"),
    [
        (None, "accepted"),  # the worker did not allow location
        ({"latitude": 39.935, "longitude": 119.6, "accuracy_m": 12.5}, "accepted"),
        ({"latitude": 95.0, "longitude": 119.6}, "rejected"),  # beyond the pole
        ({"latitude": 39.935, "longitude": 119.6, "accuracy_m": 50_000}, "rejected"),
        ({"latitude": 39.935}, "rejected"),
    ],
    ids=["none", "in range", "latitude", "vague", "half"],
)
def test_a_ticks_scan_location_is_optional_and_checked_for_range(world, client, location, status):
    card = stove_card(world)
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    ticked = tick(phone, card, {card.items[0].id: {"result": "pass"}}, "2026-11-02")
    if location is not None:
        ticked = ticked.model_copy(
            update={"payload": {**ticked.payload, "scanned": True, "location": location}}
        )
    answer = push(client, "worker1", "phone-w", [ticked])
    assert answers(answer) == [(status, None if status == "accepted" else "invalid_input")]
