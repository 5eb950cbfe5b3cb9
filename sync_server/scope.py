"""Which enterprises an actor may see: their own, or every one within their grid unit."""

from __future__ import annotations

from sqlalchemy import Connection, select

from shared.ids import GridUnitId, TenantId
from shared.org import GridUnit, is_within
from shared.roles import Actor, Role
from shared.text import STORED
from sync_server.schema import reference


def visible_tenants(conn: Connection, actor: Actor) -> frozenset[TenantId]:
    """The enterprises whose records the actor may read (and, by role, write).

    Tenant roles see their enterprise; inspectors and regulators the enterprises registered in
    their grid unit or below; admins see none of the legal record.
    """
    if actor.role in (Role.WORKER, Role.SAFETY_MANAGER):
        return frozenset({actor.tenant}) if actor.tenant else frozenset()
    if actor.role is Role.ADMIN or actor.grid_unit is None:
        return frozenset()
    units = grid_units(conn)
    rows = conn.execute(
        select(reference.c.id, reference.c.body).where(reference.c.kind == "enterprise")
    )
    return frozenset(
        TenantId(row.id)
        for row in rows
        if is_within(GridUnitId(row.body["grid_unit_id"]), actor.grid_unit, units)
    )


def grid_units(conn: Connection) -> dict[GridUnitId, GridUnit]:
    """Every grid unit by id."""
    rows = conn.execute(select(reference.c.body).where(reference.c.kind == "grid_unit"))
    units = (GridUnit.model_validate(row.body, context=STORED) for row in rows)
    return {unit.id: unit for unit in units}


def may_see(conn: Connection, actor: Actor, tenant: str) -> bool:
    """Whether one enterprise is in the actor's scope."""
    return TenantId(tenant) in visible_tenants(conn, actor)
