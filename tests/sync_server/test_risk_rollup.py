"""The regulator's 四色图: enterprises by highest colour and points by colour, per grid unit.

Kept as risk points change (a risk event folded, an import) and read as a unit's row and its
children's. Runs on SQLite and PostgreSQL like every server test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, update

from shared.events import EventType
from shared.ids import GridUnitId, RiskPointId, TenantId
from shared.org import GridLevel, GridUnit, RiskPoint
from shared.risk import ControlLevel, FiveHigh, LecAssessment, grade_lec
from sync_server.demo import KITCHEN, seed_demo
from sync_server.lists.model import ReferenceSet
from sync_server.lists.store import load_reference, save_reference
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


# --- a reference import updates only the units of what it wrote ------------------------------

RED = LecAssessment.model_validate(grade_lec(6, 6, 15).model_dump())
KITCHEN_UNITS = ("C-QH", "X-HG", "Z-XC", "V-DL")


def red_point(tenant: str, risk_id: str) -> RiskPoint:
    return RiskPoint(
        id=RiskPointId(risk_id),
        tenant=TenantId(tenant),
        name="油炸锅",
        lec=RED,
        control_level=ControlLevel.COMPANY,
        five_high=FiveHigh.EQUIPMENT,
    )


def import_(app: Any, change: Callable[[ReferenceSet], None]) -> None:
    """An import of the kitchen's own records (as its export), changed as the test says."""
    with app.state.engine.begin() as conn:
        refs = load_reference(conn, [KITCHEN])
        change(refs)
        save_reference(conn, refs)


def a_red_point(refs: ReferenceSet) -> None:
    refs.risk_point.append(red_point(KITCHEN, "R-IMPORTED-FRYER"))


def kitchen_moves_to_jingan(refs: ReferenceSet) -> None:
    refs.enterprise = [
        e.model_copy(update={"grid_unit_id": "V-JA"}) if e.id == KITCHEN else e
        for e in refs.enterprise
    ]


def a_new_village_with_a_new_enterprise(refs: ReferenceSet) -> None:
    refs.grid_unit.append(
        GridUnit(id=GridUnitId("V-NEW"), name="新村", level=GridLevel.VILLAGE, parent_id="Z-XC")
    )
    [kitchen] = [e for e in refs.enterprise if e.id == KITCHEN]
    refs.enterprise.append(
        kitchen.model_copy(
            update={"id": "NEW-SHOP", "name": "新开小店", "credit_code": "91350100MA0000NEWX"}
        )
    )
    refs.risk_point.append(red_point("NEW-SHOP", "R-NEW-SHOP"))


def the_township_moves_under_changning(refs: ReferenceSet) -> None:
    refs.grid_unit = [
        u.model_copy(update={"parent_id": "X-CN"}) if u.id == "Z-XC" else u for u in refs.grid_unit
    ]


def test_an_import_of_one_enterprise_writes_the_rows_of_its_units_only(world):
    with world.state.engine.begin() as conn:  # a mark on every other unit's row
        conn.execute(
            update(grid_risk_rollups)
            .where(grid_risk_rollups.c.unit.not_in(KITCHEN_UNITS))
            .values(points={"untouched": 1})
        )
        before = {r.unit: r.points for r in conn.execute(select(grid_risk_rollups))}
    import_(world, a_red_point)
    with world.state.engine.connect() as conn:
        after = {r.unit: r.points for r in conn.execute(select(grid_risk_rollups))}
    others = set(before) - set(KITCHEN_UNITS)
    assert others and all(after[unit] == {"untouched": 1} for unit in others)
    for unit in KITCHEN_UNITS:
        assert after[unit].get("red", 0) == before[unit].get("red", 0) + 1, unit


@pytest.mark.parametrize(
    "change",
    [
        a_red_point,
        kitchen_moves_to_jingan,
        a_new_village_with_a_new_enterprise,
        the_township_moves_under_changning,
    ],
    ids=[
        "a new red point",
        "the enterprise moved to another village",
        "a new village and a new enterprise in it",
        "a township moved under another county (rebuilt)",
    ],
)
def test_after_an_import_the_rollup_equals_one_counted_afresh(world, change):
    import_(world, change)
    updated = stored(world)
    with world.state.engine.begin() as conn:
        rebuild_risk_rollups(conn)
    assert stored(world) == updated
