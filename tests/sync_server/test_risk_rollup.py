"""The regulator's 四色图: enterprises by highest colour and points by colour, per grid unit.

Kept as risk points change (a risk event folded, an import) and read as a unit's row and its
children's. Runs on SQLite and PostgreSQL like every server test.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from shared.events import EventType
from sync_server.demo import KITCHEN, seed_demo
from sync_server.risk_rollup import rebuild_risk_rollups
from sync_server.schema import enterprise_risk_counts, grid_risk_rollups
from tests.factories import Device
from tests.sync_server.test_risks import identified, results
from tests.sync_server.test_sync import MANAGER, push, sign_in, wire

E = EventType


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def grid(client: Any, who: str, unit: str) -> Any:
    answer = client.get(f"/v1/risk-map/grid/{unit}", headers=sign_in(client, who))
    assert answer.status_code == 200, answer.text
    return answer.json()


def stored(app: Any) -> tuple[list[Any], list[Any]]:
    with app.state.engine.connect() as conn:
        counts = conn.execute(
            select(enterprise_risk_counts).order_by(enterprise_risk_counts.c.tenant)
        ).all()
        units = conn.execute(select(grid_risk_rollups).order_by(grid_risk_rollups.c.unit)).all()
    return [tuple(r) for r in counts], [tuple(r) for r in units]


def test_a_red_point_identified_on_a_phone_moves_its_enterprise_up_at_every_level(world, client):
    before = grid(client, "regulator1", "X-HG")
    assert set(before["summary"]["enterprises"]) == {"red", "orange", "yellow", "blue", "none"}
    assert sum(before["summary"]["enterprises"].values()) >= 1
    assert "西港镇" in {c["name"] for c in before["children"]}
    kitchen_units = [c for c in before["children"] if c["enterprises"]["orange"]]
    assert kitchen_units, before  # the kitchen's imported gas point is orange

    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    red = identified(phone, "R-FRYER", name="油炸锅", grading={"lec": {"l": 6, "e": 6, "c": 15}})
    assert results(push(client, sign_in(client, "manager1"), "phone-m", [wire(red)])) == [
        ("accepted", None)
    ]
    after = grid(client, "regulator1", "X-HG")
    moved = {
        k: after["summary"]["enterprises"][k] - before["summary"]["enterprises"][k]
        for k in before["summary"]["enterprises"]
    }
    assert moved == {"red": 1, "orange": -1, "yellow": 0, "blue": 0, "none": 0}
    assert after["summary"]["points"]["red"] == before["summary"]["points"]["red"] + 1
    assert grid(client, "inspector1", "X-HG")["summary"] == after["summary"]

    incremental = stored(world)
    with world.state.engine.begin() as conn:
        rebuild_risk_rollups(conn)
    assert stored(world) == incremental  # kept as it goes = counted afresh


@pytest.mark.parametrize(
    ("who", "status"), [("manager1", 403), ("worker1", 403), ("regulator2", 404)]
)
def test_only_the_grid_above_a_unit_reads_its_picture(world, client, who, status):
    answer = client.get("/v1/risk-map/grid/X-HG", headers=sign_in(client, who))
    assert answer.status_code == status
