"""Start-up data migrations: enterprises stored with the old 十小 kinds move to the city's ten."""

from __future__ import annotations

import pytest
from sqlalchemy import insert, select

from shared.roles import Role
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


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_database_made_before_reference_cursors_gains_the_column_the_numbers_and_indexes(
    settings,
):
    """``create_all`` adds no column or index to a table that exists: the start does."""
    import sqlite3

    from sqlalchemy import inspect

    from sync_server.scope import visible_tenants
    from tests.sync_server.test_scope import grid_actor

    settings.prepare_data_dir()
    old = sqlite3.connect(settings.data_dir / "shuangkong.sqlite3")
    old.execute(
        "CREATE TABLE reference (kind VARCHAR(20), id VARCHAR(64), tenant VARCHAR(64),"
        " body JSON NOT NULL, PRIMARY KEY (kind, id))"
    )
    old.execute(
        "CREATE TABLE users (id VARCHAR(64) PRIMARY KEY, password_hash VARCHAR(200) NOT NULL,"
        " role VARCHAR(20) NOT NULL, tenant VARCHAR(64), grid_unit VARCHAR(64),"
        " display_name VARCHAR(100) NOT NULL, created_at DATETIME NOT NULL,"
        " disabled BOOLEAN NOT NULL)"
    )
    old.execute(
        "INSERT INTO reference VALUES ('grid_unit', 'V-1', NULL, ?)",
        ('{"id": "V-1", "name": "村", "level": "city", "parent_id": null}',),
    )
    old.commit()
    old.close()
    engine = make_engine(settings)
    with engine.begin() as conn:
        store(conn, "T-OLD", None)  # written around the start's upkeep, as an old build did
    engine.dispose()

    engine = make_engine(settings)
    with engine.connect() as conn:
        assert conn.execute(select(reference.c.seq).where(reference.c.seq.is_(None))).all() == []
        assert visible_tenants(conn, grid_actor(Role.REGULATOR, "V-1")) == {"T-OLD"}
        found = inspect(conn)
        assert "ix_users_tenant" in {i["name"] for i in found.get_indexes("users")}
        assert "ix_reference_tenant_seq" in {i["name"] for i in found.get_indexes("reference")}
    engine.dispose()
