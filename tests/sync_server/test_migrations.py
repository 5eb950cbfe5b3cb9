"""Start-up data migrations: enterprises stored with the old 十小 kinds move to the city's ten."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from sync_server.db import make_engine
from sync_server.lists.store import load_reference
from sync_server.schema import reference


def store(conn, tenant: str, kind: str | None) -> None:
    body = {
        "id": tenant,
        "name": f"店 {tenant}",
        "credit_code": "92130302MA0A00000W",
        "grid_unit_id": "V-1",
        "industry": "small_place" if kind else "metalworking",
        "small_place_kind": kind,
        "staff_count": 3,
    }
    conn.execute(insert(reference).values(kind="enterprise", id=tenant, tenant=tenant, body=body))


def stored_kinds(engine) -> dict[str, str | None]:
    with engine.connect() as conn:
        rows = conn.execute(select(reference.c.id, reference.c.body)).all()
    return {row.id: row.body["small_place_kind"] for row in rows}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("beauty_salon", "wellness"),
        ("internet_cafe", "entertainment"),
        ("workshop", "processing"),
        ("lodging", "lodging"),
        (None, None),
    ],
)
def test_a_restart_moves_an_enterprise_with_an_old_kind_to_the_citys_kind(settings, old, new):
    engine = make_engine(settings)
    with engine.begin() as conn:
        store(conn, "T-OLD", old)
    engine.dispose()

    restarted = make_engine(settings)
    assert stored_kinds(restarted) == {"T-OLD": new}
    with restarted.connect() as conn:
        assert [e.small_place_kind for e in load_reference(conn).enterprise] == [new]
    restarted.dispose()
