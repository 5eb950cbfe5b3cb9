"""Which enterprises an actor may see: their own, or every one within their grid unit.

Scope is a stored, indexed fact (issue 16): each enterprise's grid path (``/C/X0/V0-1/``, the
unit ids from the city down) in ``enterprises.grid_path``, so "every enterprise within unit U"
is the index range of U's path and never a walk over the city's reference data. The paths are
kept here whenever reference data is written (:func:`refresh_paths`).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import (
    ColumnElement,
    Connection,
    Table,
    and_,
    delete,
    exists,
    false,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.sql.elements import KeyedColumnElement

from shared.ids import GridUnitId, TenantId
from shared.org import GridUnit
from shared.roles import Actor, Role
from shared.text import STORED
from sync_server import reference_counter
from sync_server.schema import enterprises, grid_unit_paths, reference

__all__ = [
    "grid_units",
    "in_scope",
    "is_wide",
    "may_see",
    "path_units",
    "refresh_paths",
    "scope_path",
    "unit_path",
    "visible_among",
    "visible_tenants",
    "within",
]


def _segment(unit_id: str) -> str:
    """A unit id as a path segment: '/' (the separator) and '%' (the escape) are escaped."""
    return unit_id.replace("%", "%25").replace("/", "%2F")


def _unsegment(segment: str) -> str:
    return segment.replace("%2F", "/").replace("%25", "%")


def path_units(path: str) -> list[GridUnitId]:
    """The unit ids of a path, the city first: the unit's ancestors and the unit itself."""
    return [GridUnitId(_unsegment(part)) for part in path.strip("/").split("/") if part]


def within(column: KeyedColumnElement[str], path: str) -> ColumnElement[bool]:
    """``column`` starts with ``path``, as an index range.

    LIKE would not use the index on both databases; every string starting with ``…/`` sorts
    before the same prefix with ``…0``, so the range holds exactly the paths below.
    """
    return and_(column >= path, column < path[:-1] + "0")


def unit_path(conn: Connection, unit_code: str) -> str | None:
    """The grid unit's materialised path (``/C/X0/``), or None for an unknown unit.

    Another part of the server may use it to select "within unit U" on any table that has a
    path: ``within(table.c.grid_path, unit_path(conn, U))``.
    """
    found = conn.execute(
        select(grid_unit_paths.c.grid_path).where(grid_unit_paths.c.id == unit_code)
    ).scalar_one_or_none()
    return None if found is None else str(found)


def scope_path(conn: Connection, actor: Actor) -> str | None:
    """The grid path an inspector or regulator sees within; None for every other actor."""
    if actor.role not in (Role.INSPECTOR, Role.REGULATOR) or actor.grid_unit is None:
        return None
    return unit_path(conn, actor.grid_unit)


def in_scope(
    conn: Connection, actor: Actor, tenant: KeyedColumnElement[str], *, by_rows: bool = False
) -> ColumnElement[bool]:
    """A WHERE clause: the row's ``tenant`` column names an enterprise the actor may see.

    A constant number of bind parameters whatever the size of the scope (PostgreSQL allows
    65,535 in one statement). By default a sub-select on the indexed path range, which the
    database walks enterprise by enterprise (cheap for a township, whatever the city's size).
    ``by_rows`` makes it a per-row check of the row's enterprise by its key instead, for a
    query walking another index in order with a limit (events after a cursor): "nothing
    new" then costs nothing, where the sub-select would visit every enterprise of a city.
    """
    if actor.role in (Role.WORKER, Role.SAFETY_MANAGER):
        return tenant == actor.tenant if actor.tenant else false()
    path = scope_path(conn, actor)
    if path is None:
        return false()
    if by_rows:
        home = enterprises.alias("home")  # its own name: ``tenant`` may be enterprises.id
        return exists().where(home.c.id == tenant, within(home.c.grid_path, path))
    return tenant.in_(select(enterprises.c.id).where(within(enterprises.c.grid_path, path)))


WIDE_DEPTH = 2
"""A city's or a county's path: a scope of a tenth of the city or more."""


def is_wide(conn: Connection, actor: Actor) -> bool:
    """Whether the actor's scope is a city or a county, where walking it costs the most."""
    path = scope_path(conn, actor)
    return path is not None and len(path_units(path)) <= WIDE_DEPTH


def visible_tenants(conn: Connection, actor: Actor) -> frozenset[TenantId]:
    """The enterprises whose records the actor may read (and, by role, write).

    Tenant roles see their enterprise; inspectors and regulators the enterprises registered in
    their grid unit or below; admins see none of the legal record. Reads only the index of
    paths; a query over a city should filter with :func:`in_scope` instead of this list.
    """
    if actor.role in (Role.WORKER, Role.SAFETY_MANAGER):
        return frozenset({actor.tenant}) if actor.tenant else frozenset()
    path = scope_path(conn, actor)
    if path is None:
        return frozenset()
    rows = conn.scalars(select(enterprises.c.id).where(within(enterprises.c.grid_path, path)))
    return frozenset(TenantId(row) for row in rows)


def visible_among(conn: Connection, actor: Actor, tenants: Collection[str]) -> frozenset[TenantId]:
    """Which of these enterprises the actor may see (a push names a few; the city is not read)."""
    if not tenants:
        return frozenset()
    if actor.role in (Role.WORKER, Role.SAFETY_MANAGER):
        return frozenset({actor.tenant}) & frozenset(tenants) if actor.tenant else frozenset()
    found = conn.scalars(
        select(enterprises.c.id).where(
            enterprises.c.id.in_(sorted(tenants)), in_scope(conn, actor, enterprises.c.id)
        )
    )
    return frozenset(TenantId(row) for row in found)


def may_see(conn: Connection, actor: Actor, tenant: str) -> bool:
    """Whether one enterprise is in the actor's scope."""
    return tenant in visible_among(conn, actor, [tenant])


def grid_units(conn: Connection) -> dict[GridUnitId, GridUnit]:
    """Every grid unit by id (for the grid's tree views; scope checks use the paths)."""
    rows = conn.execute(select(reference.c.body).where(reference.c.kind == "grid_unit"))
    units = (GridUnit.model_validate(row.body, context=STORED) for row in rows)
    return {unit.id: unit for unit in units}


def refresh_paths(conn: Connection) -> int:
    """Bring the stored paths in line with the reference data; return how many changed.

    Run after every write of grid units or enterprises (import, seed) and at start when the
    counts differ (a database made before the paths). A changed path of a unit or enterprise
    already stored marks the scope changed, so phones' reference cursors start over.
    """
    units = _parents(conn)
    paths: dict[str, str] = {unit: _path(unit, units) for unit in units}
    changed = _sync_rows(conn, grid_unit_paths, paths, {})
    homes = {
        row.id: str(row.unit)
        for row in conn.execute(
            select(
                reference.c.id, reference.c.body["grid_unit_id"].as_string().label("unit")
            ).where(reference.c.kind == "enterprise")
        )
    }
    company_paths = {
        tenant: paths.get(GridUnitId(unit), "/" + _segment(unit) + "/")
        for tenant, unit in homes.items()
    }
    changed += _sync_rows(conn, enterprises, company_paths, homes)
    return changed


def paths_are_stale(conn: Connection) -> bool:
    """Whether the stored paths miss a unit or an enterprise (cheap counts, run at start)."""

    def count(kind: str) -> int:
        query = select(func.count()).select_from(reference).where(reference.c.kind == kind)
        return int(conn.execute(query).scalar_one())

    stored_units = conn.execute(select(func.count()).select_from(grid_unit_paths)).scalar_one()
    stored = conn.execute(select(func.count()).select_from(enterprises)).scalar_one()
    return count("grid_unit") != stored_units or count("enterprise") != stored


def _parents(conn: Connection) -> dict[GridUnitId, GridUnitId | None]:
    rows = conn.execute(
        select(reference.c.id, reference.c.body["parent_id"].as_string().label("parent")).where(
            reference.c.kind == "grid_unit"
        )
    )
    return {GridUnitId(row.id): GridUnitId(row.parent) if row.parent else None for row in rows}


def _path(unit: GridUnitId, parents: dict[GridUnitId, GridUnitId | None]) -> str:
    chain: list[GridUnitId] = []
    current: GridUnitId | None = unit
    while current is not None and current not in chain:  # a loop cannot hang the walk
        chain.append(current)
        current = parents.get(current)
    return "/" + "/".join(_segment(u) for u in reversed(chain)) + "/"


def _sync_rows(
    conn: Connection,
    table: Table,
    paths: dict[str, str],
    homes: dict[str, str],
) -> int:
    stored = {row.id: row.grid_path for row in conn.execute(select(table.c.id, table.c.grid_path))}
    new = [key for key in paths if key not in stored]
    moved = [key for key in paths if key in stored and stored[key] != paths[key]]
    gone = [key for key in stored if key not in paths]
    company = "grid_unit" in table.c
    if moved or gone:
        reference_counter.mark_scope_changed(conn)
        mark = reference_counter.current(conn)
    for start in range(0, len(new), 5000):
        rows = [
            {"id": key, "grid_path": paths[key]}
            | ({"grid_unit": homes[key], "moved_seq": 0} if company else {})
            for key in new[start : start + 5000]
        ]
        conn.execute(insert(table), rows)
    for key in moved:
        values: dict[str, object] = {"grid_path": paths[key]}
        if company:
            values |= {"grid_unit": homes[key], "moved_seq": mark}
        conn.execute(update(table).where(table.c.id == key).values(**values))
    for start in range(0, len(gone), 5000):
        conn.execute(delete(table).where(table.c.id.in_(gone[start : start + 5000])))
    return len(new) + len(moved) + len(gone)
