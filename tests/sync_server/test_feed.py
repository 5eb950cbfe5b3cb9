"""Pull: where a tick was scanned reaches only its maker and the enterprise's manager.

The position at scan time is for the 200 m check (疑似虚假打卡); an inspector who pulls the
enterprise's ticks sees that a card was scanned, never where the worker stood. Runs on SQLite
and PostgreSQL like every server test.
"""

from __future__ import annotations

from typing import Any

import pytest

from shared.events import EventType
from sync_server.demo import KITCHEN
from tests.factories import Device
from tests.sync_server.test_merge import WORKER, answers, push, sign_in, world
from tests.sync_server.test_merge_evidence import stove_card, tick

__all__ = ["world"]

HERE = {"latitude": 39.935, "longitude": 119.6, "accuracy_m": 12.5}


def pulled_tick(client: Any, username: str, event_id: str) -> dict[str, Any]:
    page = client.get("/v1/sync/pull", headers=sign_in(client, username)).json()
    [found] = [e for e in page["events"] if e["event_id"] == event_id]
    assert found["type"] == EventType.CARD_SUBMITTED.value
    return dict(found["payload"])


@pytest.mark.parametrize(
    ("username", "sees_where"),
    [("worker1", True), ("manager1", True), ("inspector1", False)],
    ids=["its maker", "the enterprise's manager", "an inspector"],
)
def test_where_a_tick_was_scanned_is_pulled_only_by_its_maker_and_the_manager(
    world, client, username, sees_where
):
    card = stove_card(world)
    phone = Device("phone-w", WORKER, tenant=KITCHEN)
    ticked = tick(phone, card, {card.items[0].id: {"result": "pass"}}, "2026-11-02")
    ticked = ticked.model_copy(
        update={"payload": {**ticked.payload, "scanned": True, "location": HERE}}
    )
    assert answers(push(client, "worker1", "phone-w", [ticked])) == [("accepted", None)]
    payload = pulled_tick(client, username, str(ticked.event_id))
    assert payload["scanned"] is True
    assert ("location" in payload) is sees_where
