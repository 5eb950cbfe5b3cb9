"""The scoring job reads where a card was scanned and where its post is (the 200 m check).

A manager locates the stove (``post.located``) and a worker's tick is scanned a kilometre away:
the chunk reader gives the facts both positions (``shared.completion.card_facts`` then counts
the tick as 疑似虚假打卡, tests/shared/test_facts.py). Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from shared.events import EventType
from shared.geo import Position
from shared.ids import PostId
from shared.window import Window
from sync_server.demo import KITCHEN
from sync_server.scoring.inputs import ChunkReader
from tests.factories import Device
from tests.sync_server.test_merge import MANAGER, WORKER, answers, push, world
from tests.sync_server.test_merge_evidence import stove_card, tick

__all__ = ["world"]

DAY = date(2026, 11, 2)
STOVE = {"latitude": 39.9354, "longitude": 119.6005}
FAR = {"latitude": 39.9454, "longitude": 119.6005, "accuracy_m": 20.0}  # about 1.1 km north


def test_the_scoring_reader_gives_the_facts_the_posts_and_the_scans_positions(world, client):
    manager = Device("phone-m", MANAGER, tenant=KITCHEN)
    located = manager.event(EventType.POST_LOCATED, "P-STOVE", base=0, payload=STOVE)
    assert answers(push(client, "manager1", "phone-m", [located])) == [("accepted", None)]
    card = stove_card(world)
    worker = Device("phone-w", WORKER, tenant=KITCHEN)
    items: dict[str, Any] = {str(item.id): {"result": "pass"} for item in card.items}
    ticked = tick(worker, card, items, DAY.isoformat())
    ticked = ticked.model_copy(
        update={"payload": {**ticked.payload, "scanned": True, "location": FAR}}
    )
    assert answers(push(client, "worker1", "phone-w", [ticked])) == [("accepted", None)]

    with world.state.engine.connect() as conn:
        [kitchen] = ChunkReader(conn, Window(DAY), ZoneInfo("Asia/Shanghai")).records([KITCHEN])
    [stove] = [p for p in kitchen.posts if p.id == "P-STOVE"]
    assert stove.position == Position(**STOVE)
    assert kitchen.ticks[(PostId("P-STOVE"), DAY.isoformat())].locations == (Position(**FAR),)
