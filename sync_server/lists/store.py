"""Reading and writing reference data in the ``reference`` table, updating records by code."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, insert, select, update

from shared.cards import CheckCard
from shared.ids import GridUnitId
from shared.org import GridUnit, ancestors
from shared.text import STORED
from sync_server import reference_counter
from sync_server.lists.model import KINDS, MODELS, ReferenceSet
from sync_server.risk_rollup import unit_paths, update_after_import
from sync_server.schema import reference
from sync_server.scope import refresh_paths


class ImportSummary(BaseModel):
    """How many records of each kind an import created, updated or left as they were."""

    created: dict[str, int]
    updated: dict[str, int]
    unchanged: dict[str, int]

    @classmethod
    def empty(cls) -> ImportSummary:
        """Zero of everything."""
        zero = dict.fromkeys(KINDS, 0)
        return cls(created=dict(zero), updated=dict(zero), unchanged=dict(zero))


def stored_bodies(conn: Connection) -> dict[tuple[str, str], tuple[str | None, dict[str, Any]]]:
    """Every stored record as (kind, id) → (tenant, JSON body), for validation and comparison."""
    rows = conn.execute(
        select(reference.c.kind, reference.c.id, reference.c.tenant, reference.c.body)
    )
    return {(row.kind, row.id): (row.tenant, row.body) for row in rows}


def load_reference(conn: Connection, tenants: Collection[str] | None = None) -> ReferenceSet:
    """The stored reference data, for every enterprise or only some.

    With ``tenants``, grid units are those the enterprises sit in and their ancestors, so the
    export of one enterprise still imports into an empty database.
    """
    found = ReferenceSet()
    for (kind, _), (tenant, body) in sorted(stored_bodies(conn).items()):
        if kind == "grid_unit" or tenants is None or tenant in tenants:
            found.of(kind).append(MODELS[kind].model_validate(body, context=STORED))
    if tenants is not None:
        found.grid_unit = _units_above(found)
    return found


def _units_above(found: ReferenceSet) -> list[GridUnit]:
    units = {unit.id: unit for unit in found.grid_unit}
    wanted: dict[GridUnitId, GridUnit] = {}
    for company in found.enterprise:
        if company.grid_unit_id in units:
            chain = [units[company.grid_unit_id], *ancestors(company.grid_unit_id, units)]
            wanted.update((unit.id, unit) for unit in chain)
    return sorted(wanted.values(), key=lambda unit: (unit.level.depth, unit.id))


def save_reference(conn: Connection, refs: ReferenceSet, *, write: bool = True) -> ImportSummary:
    """Create or update every record by its code; identical records are not written.

    A card whose items changed gets a version above the stored one even when the file kept the
    old number, so ticks made against the old card stay tied to the version they saw. With
    ``write=False`` only the summary is made (a dry run).
    """
    summary = ImportSummary.empty()
    stored = stored_bodies(conn)
    writes: list[_Write] = []
    for kind, key, tenant, model in refs.rows():
        before = stored.get((kind, key))
        body = model.model_dump(mode="json")
        if before is not None and isinstance(model, CheckCard):
            body = _card_version(body, before[1])
        if before is not None and kind in ("post", "enterprise"):
            body = _kept_position(body, before[1])
        if before == (tenant, body):
            summary.unchanged[kind] += 1
            continue
        (summary.created if before is None else summary.updated)[kind] += 1
        writes.append((kind, key, tenant, body, before is None))
    if write and writes:
        _write(conn, writes)
    return summary


_Write = tuple[str, str, str | None, dict[str, Any], bool]
"""kind, id, tenant, body, and whether the row is new."""


def _write(conn: Connection, writes: list[_Write]) -> None:
    """Write rows, each with the next reference number (phones sync by it).

    The grid paths follow when a unit or an enterprise was among them.
    """
    units = [key for kind, key, *_ in writes if kind == "grid_unit"]
    units_before = unit_paths(conn, units)
    first = reference_counter.take(conn, len(writes))
    for n, (kind, key, tenant, body, new) in enumerate(writes):
        values = {"tenant": tenant, "body": body, "seq": first + n}
        if new:
            conn.execute(insert(reference).values(kind=kind, id=key, **values))
        else:
            conn.execute(
                update(reference)
                .where(reference.c.kind == kind, reference.c.id == key)
                .values(**values)
            )
    if any(kind in ("grid_unit", "enterprise") for kind, *_ in writes):
        refresh_paths(conn)
    # The regulator's 四色图: only the units of what was written (unless a unit moved).
    touched = {tenant for kind, _, tenant, *_ in writes if kind in ("enterprise", "risk_point")}
    if units or touched:
        update_after_import(conn, {t for t in touched if t}, units_before, units)


def _kept_position(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """A post or enterprise the file gives no 纬度/经度 keeps its position; a file's wins.

    A manager may have located the post on the phone (``post.located``) since the last export,
    and a sheet without the columns (an older template, or left empty) must not erase it.
    """
    if new.get("latitude") is not None or new.get("longitude") is not None:
        return new
    if old.get("latitude") is None or old.get("longitude") is None:
        return new
    return {**new, "latitude": old["latitude"], "longitude": old["longitude"]}


def _card_version(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    same = {**new, "version": 0} == {**old, "version": 0}
    if same:
        return {**new, "version": max(new["version"], old["version"])}
    if new["version"] <= old["version"]:
        return {**new, "version": old["version"] + 1}
    return new
