"""The regulator's map of a grid unit: its enterprises where they are, by colour and light.

A page of the unit's enterprises in grid-path order, then by credit code (the path index walked
in order: no sort of all the unit's enterprises), and for that page only: their names and typed
positions, the posts of those without one (their centre places them), their highest risk
colour from the kept 四色图 counts, and their light on the last scored day. Nothing reads the
city.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from sqlalchemy import Connection, func, select

from shared.geo import Position
from shared.org import GridUnit
from shared.protocol import EnterprisePin, GridEnterpriseMap
from sync_server.risk_rollup import NONE
from sync_server.schema import (
    daily_scores,
    enterprise_risk_counts,
    enterprises,
    reference,
    score_runs,
)
from sync_server.scope import unit_path, within

__all__ = ["MAP_PAGE", "centre", "grid_enterprise_map"]

MAP_PAGE = 200
"""Enterprises per page of a unit's map: a village or township in one, a county in a few."""


def centre(points: list[Position]) -> Position | None:
    """The mean of the posts' positions: an enterprise's spot when none was typed.

    Posts of one enterprise lie within a few hundred metres, so the plain mean of degrees is
    the centre to well under a metre (no antimeridian in the grid this app serves).
    """
    if not points:
        return None
    return Position(
        latitude=sum(p.latitude for p in points) / len(points),
        longitude=sum(p.longitude for p in points) / len(points),
    )


def grid_enterprise_map(
    conn: Connection, unit: GridUnit, *, offset: int, limit: int
) -> GridEnterpriseMap:
    """One page of the unit's enterprises (the unit must already be in the actor's scope)."""
    path = unit_path(conn, unit.id)
    if path is None:
        return GridEnterpriseMap(
            unit=unit.id, name=unit.name, day=None, total=0, enterprises=[], next_offset=None
        )
    inside = within(enterprises.c.grid_path, path)
    total = int(conn.execute(select(func.count()).where(inside)).scalar_one())
    page = conn.execute(
        select(enterprises.c.id, enterprises.c.grid_unit, enterprise_risk_counts.c.highest)
        .select_from(
            enterprises.outerjoin(
                enterprise_risk_counts, enterprise_risk_counts.c.tenant == enterprises.c.id
            )
        )
        .where(inside)
        .order_by(enterprises.c.grid_path, enterprises.c.id)
        .offset(offset)
        .limit(limit)
    ).all()
    tenants = [row.id for row in page]
    bodies = _bodies(conn, tenants)
    posts = _post_positions(conn, [t for t in tenants if _typed(bodies.get(t, {})) is None])
    day = _last_scored(conn)
    lights = _lights(conn, tenants, day)
    pins = []
    for row in page:
        body = bodies.get(row.id, {})
        typed = _typed(body)
        where = typed or centre(posts.get(row.id, []))
        pins.append(
            EnterprisePin(
                tenant=row.id,
                name=str(body.get("name", row.id)),
                grid_unit=row.grid_unit,
                latitude=where.latitude if where else None,
                longitude=where.longitude if where else None,
                placed="typed" if typed else "posts" if where else None,
                highest=row.highest or NONE,
                light=lights.get(row.id),
            )
        )
    more = offset + len(page) < total
    return GridEnterpriseMap(
        unit=unit.id,
        name=unit.name,
        day=day,
        total=total,
        enterprises=pins,
        next_offset=offset + len(page) if more and page else None,
    )


def _bodies(conn: Connection, tenants: list[str]) -> dict[str, dict[str, object]]:
    rows = conn.execute(
        select(reference.c.id, reference.c.body).where(
            reference.c.kind == "enterprise", reference.c.id.in_(tenants)
        )
    )
    return {row.id: dict(row.body) for row in rows}


def _typed(body: dict[str, object]) -> Position | None:
    latitude, longitude = body.get("latitude"), body.get("longitude")
    if not isinstance(latitude, int | float) or not isinstance(longitude, int | float):
        return None
    return Position(latitude=latitude, longitude=longitude)


def _post_positions(conn: Connection, tenants: list[str]) -> dict[str, list[Position]]:
    """The located posts of these enterprises (only those with no typed position)."""
    found: dict[str, list[Position]] = defaultdict(list)
    if not tenants:
        return found
    rows = conn.execute(
        select(reference.c.tenant, reference.c.body).where(
            reference.c.kind == "post", reference.c.tenant.in_(tenants)
        )
    )
    for row in rows:
        where = _typed(row.body)
        if where is not None:
            found[row.tenant].append(where)
    return found


def _last_scored(conn: Connection) -> date | None:
    """The last day scored to the end, as the dashboards show; None before the first."""
    found = conn.execute(
        select(func.max(score_runs.c.day)).where(score_runs.c.status == "done")
    ).scalar()
    return found if isinstance(found, date) else None


def _lights(conn: Connection, tenants: list[str], day: date | None) -> dict[str, str | None]:
    if day is None or not tenants:
        return {}
    rows = conn.execute(
        select(daily_scores.c.tenant, daily_scores.c.light).where(
            daily_scores.c.day == day, daily_scores.c.tenant.in_(tenants)
        )
    )
    return {row.tenant: row.light for row in rows}
