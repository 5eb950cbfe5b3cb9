"""The regulator's 四色图: risk points and enterprises by colour per grid unit, kept as they change.

When an enterprise's listed points change (a risk event folded, an import), its counts are
taken again and the difference is added to every unit on its path (a handful of rows), so a
unit's picture is one row and its children's, whatever the size of the city. An import does the
same for the enterprises it wrote (or whose points it wrote), moved ones included: their old
path loses them, their new one gains them, and every other unit's row stays as it is. Only an
import that moves a grid unit under another parent (a whole subtree's paths change) rebuilds
the rollup from the reference data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from shared.org import GridUnit, RiskPoint
from shared.protocol import GridRiskMap, UnitRiskCounts
from shared.risk import RiskColour, gravity
from shared.text import STORED
from sync_server.schema import (
    enterprise_risk_counts,
    enterprises,
    grid_risk_rollups,
    grid_unit_paths,
    reference,
)
from sync_server.scope import path_units

__all__ = [
    "NONE",
    "grid_risk_map",
    "rebuild_risk_rollups",
    "refresh_risk_counts",
    "risk_rollups_are_stale",
    "unit_paths",
    "update_after_import",
]

NONE = "none"
"""The highest colour of an enterprise with no listed risk point."""


def _counts(conn: Connection, tenants: list[str]) -> dict[str, Counter[str]]:
    """Each enterprise's listed points by colour (the reference data's ``risk_point`` rows).

    Asked for many enterprises (a rebuild), every point is read once rather than by tenant.
    """
    found: dict[str, Counter[str]] = {tenant: Counter() for tenant in tenants}
    query = select(reference.c.tenant, reference.c.body).where(reference.c.kind == "risk_point")
    if len(tenants) <= 500:
        query = query.where(reference.c.tenant.in_(tenants))
    for row in conn.execute(query):
        if row.tenant not in found:
            continue
        point = RiskPoint.model_validate(row.body, context=STORED)
        found[row.tenant][point.colour.value] += 1
    return found


def _highest(points: Counter[str]) -> str:
    present = [RiskColour(c) for c, n in points.items() if n > 0]
    return max(present, key=gravity).value if present else NONE


def refresh_risk_counts(conn: Connection, tenants: Iterable[str]) -> None:
    """Count the enterprises' points again; add the difference to each unit on their path."""
    wanted = sorted(set(tenants))
    if not wanted:
        return
    paths = dict(
        conn.execute(
            select(enterprises.c.id, enterprises.c.grid_path).where(enterprises.c.id.in_(wanted))
        ).all()
    )
    old = {
        row.tenant: row
        for row in conn.execute(
            select(enterprise_risk_counts).where(enterprise_risk_counts.c.tenant.in_(wanted))
        )
    }
    for tenant, points in _counts(conn, wanted).items():
        path = paths.get(tenant)
        if path is None:
            continue  # not an enterprise of the grid (yet): the next import counts it
        before = old.get(tenant)
        if before is not None:
            _add(conn, before.grid_path, before.highest or NONE, Counter(before.points), -1)
            conn.execute(
                delete(enterprise_risk_counts).where(enterprise_risk_counts.c.tenant == tenant)
            )
        highest = _highest(points)
        conn.execute(
            insert(enterprise_risk_counts).values(
                tenant=tenant, grid_path=path, highest=highest, points=_kept(points)
            )
        )
        _add(conn, path, highest, points, +1)


def _add(conn: Connection, path: str, highest: str, points: Counter[str], sign: int) -> None:
    """Add (or take away) one enterprise's counts at every unit on its path."""
    units = path_units(path)
    rows = {
        row.unit: row
        for row in conn.execute(
            select(grid_risk_rollups).where(grid_risk_rollups.c.unit.in_(units))
        )
    }
    for depth, unit in enumerate(units):
        row = rows.get(unit)
        companies = Counter(row.enterprises if row else {})
        companies[highest] += sign
        totals = Counter(row.points if row else {})
        for colour, count in points.items():
            totals[colour] += sign * count
        values: dict[str, Any] = {"enterprises": _kept(companies), "points": _kept(totals)}
        if row is None:
            parent = units[depth - 1] if depth else None
            conn.execute(insert(grid_risk_rollups).values(unit=unit, parent=parent, **values))
        else:
            conn.execute(
                update(grid_risk_rollups).where(grid_risk_rollups.c.unit == unit).values(**values)
            )


def _kept(counts: Counter[str]) -> dict[str, int]:
    """Counts as stored: zeros left out, so kept-as-it-goes and rebuilt rows are equal."""
    return {key: count for key, count in sorted(counts.items()) if count}


def unit_paths(conn: Connection, units: Iterable[str]) -> dict[str, str]:
    """The stored paths of these grid units (read before and after an import's writes)."""
    wanted = sorted(set(units))
    if not wanted:
        return {}
    rows = conn.execute(
        select(grid_unit_paths.c.id, grid_unit_paths.c.grid_path).where(
            grid_unit_paths.c.id.in_(wanted)
        )
    )
    return {row.id: row.grid_path for row in rows}


def update_after_import(
    conn: Connection, tenants: Iterable[str], units_before: dict[str, str], units: Iterable[str]
) -> None:
    """Bring the rollup in line with an import's writes, touching only what it wrote.

    Args:
        conn: In the import's transaction, after the paths were refreshed.
        tenants: The enterprises written, or whose risk points were.
        units_before: The written grid units' paths before the import (absent: new units).
        units: Every grid unit written.
    """
    after = unit_paths(conn, units)
    if any(after.get(unit) != path for unit, path in units_before.items()):
        rebuild_risk_rollups(conn)  # a unit moved: every enterprise below it moved too
        return
    _add_unit_rows(conn, [(unit, path) for unit, path in after.items() if unit not in units_before])
    refresh_risk_counts(conn, tenants)


def _add_unit_rows(conn: Connection, units: list[tuple[str, str]]) -> None:
    """A zero row for each new unit, so the regulator's picture lists it before it has any."""
    have = {
        row.unit
        for row in conn.execute(
            select(grid_risk_rollups.c.unit).where(
                grid_risk_rollups.c.unit.in_([unit for unit, _ in units])
            )
        )
    }
    for unit, path in units:
        if unit in have:
            continue
        chain = path_units(path)
        parent = chain[-2] if len(chain) > 1 else None
        conn.execute(
            insert(grid_risk_rollups).values(unit=unit, parent=parent, enterprises={}, points={})
        )


def rebuild_risk_rollups(conn: Connection) -> None:
    """Every unit's row from scratch: at start when stale, or after an import moved a unit.

    Summed in memory from one read of the city's points and paths (an import reads the city
    anyway), then written in bulk. Every unit gets a row, zeros included, so the regulator's
    picture lists every child unit.
    """
    conn.execute(delete(enterprise_risk_counts))
    conn.execute(delete(grid_risk_rollups))
    paths = dict(conn.execute(select(enterprises.c.id, enterprises.c.grid_path)).all())
    counts = _counts(conn, list(paths))
    companies: dict[str, Counter[str]] = {}
    totals: dict[str, Counter[str]] = {}
    rows = []
    for tenant, path in paths.items():
        highest = _highest(counts[tenant])
        rows.append(
            {
                "tenant": tenant,
                "grid_path": path,
                "highest": highest,
                "points": dict(counts[tenant]),
            }
        )
        for unit in path_units(path):
            companies.setdefault(unit, Counter())[highest] += 1
            totals.setdefault(unit, Counter()).update(counts[tenant])
    for start in range(0, len(rows), 5000):
        conn.execute(insert(enterprise_risk_counts), rows[start : start + 5000])
    units = []
    for row in conn.execute(select(grid_unit_paths.c.id, grid_unit_paths.c.grid_path)):
        chain = path_units(row.grid_path)
        units.append(
            {
                "unit": row.id,
                "parent": chain[-2] if len(chain) > 1 else None,
                "enterprises": _kept(companies.get(row.id, Counter())),
                "points": _kept(totals.get(row.id, Counter())),
            }
        )
    for start in range(0, len(units), 5000):
        conn.execute(insert(grid_risk_rollups), units[start : start + 5000])


def risk_rollups_are_stale(conn: Connection) -> bool:
    """Whether enterprises are in the grid but not counted (a database made before the rollup)."""
    counted = conn.execute(select(func.count()).select_from(enterprise_risk_counts)).scalar_one()
    known = conn.execute(select(func.count()).select_from(enterprises)).scalar_one()
    return bool(counted != known)


def grid_risk_map(conn: Connection, unit: GridUnit) -> GridRiskMap:
    """The unit's row and its children's (by the parent index), every colour filled in."""
    mine = conn.execute(
        select(grid_risk_rollups).where(grid_risk_rollups.c.unit == unit.id)
    ).first()
    below = conn.execute(
        select(grid_risk_rollups).where(grid_risk_rollups.c.parent == unit.id)
    ).all()
    names: dict[str, str] = {
        row.id: row.name
        for row in conn.execute(
            select(reference.c.id, reference.c.body["name"].as_string().label("name")).where(
                reference.c.kind == "grid_unit", reference.c.id.in_([row.unit for row in below])
            )
        )
    }
    return GridRiskMap(
        summary=_unit_counts(unit.id, unit.name, mine),
        children=sorted(
            (_unit_counts(row.unit, names.get(row.unit, row.unit), row) for row in below),
            key=lambda counts: counts.unit,
        ),
    )


_COLOURS = [c.value for c in sorted(RiskColour, key=gravity, reverse=True)]


def _unit_counts(unit: str, name: str, row: Any) -> UnitRiskCounts:
    companies = row.enterprises if row is not None else {}
    points = row.points if row is not None else {}
    return UnitRiskCounts(
        unit=unit,
        name=name,
        enterprises={c: int(companies.get(c, 0)) for c in [*_COLOURS, NONE]},
        points={c: int(points.get(c, 0)) for c in _COLOURS},
    )
