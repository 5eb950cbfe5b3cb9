"""What the 四色图 of an enterprise shows, read in a few queries of that enterprise alone.

The listed risk points (imported or identified on phones; a retired point is not listed), the
map folded from the enterprise's ``risk_map`` events, and the plan's served derivative (a
re-encoded JPEG without EXIF). A plan whose photo has not arrived yet is drawn as the plain grid,
and the picture says so, rather than failing: the wall copy is still worth printing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from shared.events import AggregateType, Event
from shared.ids import TenantId
from shared.org import RiskPoint
from shared.payloads import risk_map_id
from shared.risk_map import MapEntry, RiskMap, fold_risk_map, map_entries
from shared.text import STORED
from sync_server.schema import blobs, events, reference

__all__ = ["Picture", "load_picture"]


@dataclass(frozen=True)
class Picture:
    """One enterprise's four-colour picture, ready to draw.

    ``plan`` holds the site plan's JPEG bytes, or None for the plain grid; ``plan_pending``
    says a plan was set whose photo the server does not hold yet.
    """

    enterprise: str
    day: date
    entries: list[MapEntry]
    plan: bytes | None
    plan_pending: bool = False


def load_picture(conn: Connection, tenant: str, *, name: str, day: date) -> Picture:
    """The picture of ``tenant`` (called ``name``) as of today, ``day``."""
    drawn = load_map(conn, tenant)
    points = [
        RiskPoint.model_validate(row.body, context=STORED)
        for row in conn.execute(
            select(reference.c.body).where(
                reference.c.kind == "risk_point", reference.c.tenant == tenant
            )
        )
    ]
    plan = None
    if drawn.plan is not None:
        plan = conn.execute(
            select(blobs.c.display).where(
                blobs.c.tenant == tenant, blobs.c.sha256 == drawn.plan.sha256
            )
        ).scalar()
    return Picture(
        enterprise=name,
        day=day,
        entries=map_entries(points, drawn.pins),
        plan=plan,
        plan_pending=drawn.plan is not None and plan is None,
    )


def load_map(conn: Connection, tenant: str) -> RiskMap:
    """The enterprise's map: its accepted ``risk_map`` events folded (found by aggregate id)."""
    rows = conn.execute(
        select(events.c.body).where(
            events.c.aggregate_id == risk_map_id(tenant),
            events.c.aggregate_type == AggregateType.RISK_MAP.value,
            events.c.status == "accepted",
        )
    )
    return fold_risk_map(TenantId(tenant), (Event.stored(row.body) for row in rows))
