"""Reads for the score dashboards: one enterprise's days, a grid unit's ranking, the lights.

Who sees what (docs/sync-protocol.md, "Scores"): regulators and inspectors every enterprise
in their grid unit and the units below it; a safety manager their enterprise in full; a
worker their enterprise's summary (total, tier, month score, lights) without the lines that
explain it; an admin nothing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import Connection, false, select

from shared.cards import HazardGrade
from shared.errors import NotPermitted
from shared.hazards import Hazard
from shared.ids import GridUnitId
from shared.lifecycle import FINISHED, HazardStatus
from shared.org import GridLevel, GridUnit, RiskPoint
from shared.roles import Actor, Role
from shared.schedule import OutcomeCounts
from shared.scoring import Light, ScoreComponent, ScoreTier
from shared.text import STORED
from sync_server.problems import NotFound
from sync_server.schema import daily_scores, grid_rollups, hazards, reference, score_runs
from sync_server.scope import in_scope, is_wide, may_see
from sync_server.scoring.explanation import unpack
from sync_server.scoring.weights import day_versions

GRID_ROLES = frozenset({Role.INSPECTOR, Role.REGULATOR})


class EnterpriseDay(BaseModel):
    """One enterprise's score on one day, as a dashboard shows it."""

    tenant: str
    name: str
    grid_unit: str
    day: date
    total: float
    tier: str
    month_score: float
    light: str | None
    lights: list[Light]
    ranks: dict[str, list[int]]
    """{grid unit: [place, out of]} by month score, the enterprise's own unit up to the city."""
    components: list[ScoreComponent] | None = None
    """The explanation: None for workers, who see the summary."""
    deductions: list[ScoreComponent] | None = None
    weights_version: int | None = None
    """The version of the weights the day was scored with (``/v1/scores/weights``); None for
    days scored before versions were recorded, and in lists."""


class UnitSummary(BaseModel):
    """A grid unit on one day: how many enterprises, how they rate, how many lights."""

    unit: GridUnit
    enterprises: int
    mean_month_score: float | None
    tiers: dict[str, int]
    red: int
    yellow: int


RANKED_SHOWN = 20
"""A unit's dashboard names at most this many ranked enterprises: the best and worst half each."""
LIT_SHOWN = 50
"""A unit's dashboard names at most this many lit enterprises (its summary counts them all)."""


class GridView(BaseModel):
    """A grid unit's dashboard: its summary and its child units' (from the day's rollups).

    Enterprises are named only where a regulator acts: the best and the worst of the ranking
    and the lit ones, each bounded; the whole ranking pages (``/grid/{unit}/enterprises``).
    """

    day: date
    summary: UnitSummary
    children: list[UnitSummary]
    best: list[EnterpriseDay]
    """The top of the ranking; the whole of it when the unit has at most ``RANKED_SHOWN``."""
    worst: list[EnterpriseDay]
    """The bottom of the ranking, best first; empty when ``best`` holds them all."""
    lit: list[EnterpriseDay]
    """Enterprises with a light, red first then the lowest month score; at most ``LIT_SHOWN``."""


class EnterprisePage(BaseModel):
    """One page of a unit's ranking, best first; ``next_offset`` is None on the last page."""

    day: date
    total: int
    enterprises: list[EnterpriseDay]
    next_offset: int | None


def latest_day(conn: Connection) -> date:
    """The last day whose run finished: what dashboards show by default."""
    row = conn.execute(
        select(score_runs.c.day)
        .where(score_runs.c.status == "done")
        .order_by(score_runs.c.day.desc())
        .limit(1)
    ).first()
    if row is None:
        raise NotFound("no day has been scored yet")
    return row.day  # type: ignore[no-any-return]


def _names(conn: Connection, tenants: list[str]) -> dict[str, str]:
    rows = conn.execute(
        select(reference.c.id, reference.c.body).where(
            reference.c.kind == "enterprise", reference.c.id.in_(tenants)
        )
    )
    return {row.id: row.body.get("name", row.id) for row in rows}


SUMMARY = (
    daily_scores.c.tenant,
    daily_scores.c.grid_unit,
    daily_scores.c.day,
    daily_scores.c.total,
    daily_scores.c.tier,
    daily_scores.c.month_score,
    daily_scores.c.light,
    daily_scores.c.lights,
    daily_scores.c.ranks,
)
"""The columns of a summary: lists never read the explanation (``body``) of every row."""


def _view(row: Any, name: str, *, full: bool) -> EnterpriseDay:  # a daily_scores Row
    lines = unpack(row.body) if full else None
    return EnterpriseDay(
        tenant=row.tenant,
        name=name,
        grid_unit=row.grid_unit,
        day=row.day,
        total=row.total,
        tier=row.tier,
        month_score=row.month_score,
        light=row.light,
        lights=row.lights,
        ranks=row.ranks,
        components=lines["components"] if lines else None,
        deductions=lines["deductions"] if lines else None,
    )


def _check_tenant(conn: Connection, actor: Actor, tenant: str) -> bool:
    """Whether the actor may see the tenant, and in full; a hidden one is simply not found."""
    if not may_see(conn, actor, tenant):
        raise NotFound("no scores of this enterprise in your scope")
    return actor.role is not Role.WORKER


def enterprise_days(
    conn: Connection, actor: Actor, tenant: str, first: date, last: date
) -> list[EnterpriseDay]:
    """One enterprise's scored days from ``first`` to ``last``, oldest first."""
    full = _check_tenant(conn, actor, tenant)
    rows = conn.execute(
        select(daily_scores)
        .where(
            daily_scores.c.tenant == tenant,
            daily_scores.c.day >= first,
            daily_scores.c.day <= last,
        )
        .order_by(daily_scores.c.day)
    ).all()
    name = _names(conn, [tenant]).get(tenant, tenant)
    versions = day_versions(conn, first, last)
    return [
        _view(row, name, full=full).model_copy(update={"weights_version": versions.get(row.day)})
        for row in rows
    ]


def grid_unit_in_scope(conn: Connection, actor: Actor, unit_id: str) -> GridUnit:
    """The unit, if it lies within the actor's: read up its parents, a few rows by key."""
    if actor.role not in GRID_ROLES or actor.grid_unit is None:
        raise NotPermitted("grid dashboards are for regulators and inspectors")
    chain = _chain(conn, GridUnitId(unit_id))
    if not chain or actor.grid_unit not in {u.id for u in chain}:
        raise NotFound("no such grid unit in your scope")
    return chain[0]


def _unit_rows(conn: Connection, ids: list[str]) -> dict[GridUnitId, GridUnit]:
    rows = conn.execute(
        select(reference.c.body).where(reference.c.kind == "grid_unit", reference.c.id.in_(ids))
    )
    units = (GridUnit.model_validate(row.body, context=STORED) for row in rows)
    return {unit.id: unit for unit in units}


def _chain(conn: Connection, unit_id: GridUnitId) -> list[GridUnit]:
    """The unit and its parents up to the city, nearest first; empty for an unknown unit."""
    chain: list[GridUnit] = []
    current: GridUnitId | None = unit_id
    while current is not None and len(chain) <= len(GridLevel):
        found = _unit_rows(conn, [current]).get(current)
        if found is None or found in chain:
            break
        chain.append(found)
        current = found.parent_id
    return chain


def _rollup_summary(unit: GridUnit, row: Any) -> UnitSummary:  # a grid_rollups Row or None
    if row is None or not row.enterprises:
        return UnitSummary(
            unit=unit,
            enterprises=0,
            mean_month_score=None,
            tiers={t.value: 0 for t in ScoreTier},
            red=0,
            yellow=0,
        )
    return UnitSummary(
        unit=unit,
        enterprises=row.enterprises,
        mean_month_score=round(row.sum_month_score / row.enterprises, 1),
        tiers=row.tiers,
        red=row.red,
        yellow=row.yellow,
    )


def _within(day: date, unit: GridUnit, conn: Connection) -> Any:
    """``daily_scores`` of the day at or below ``unit``: the day's rollup paths as a subquery."""
    path = conn.execute(
        select(grid_rollups.c.path).where(grid_rollups.c.day == day, grid_rollups.c.unit == unit.id)
    ).scalar()
    if path is None:  # the unit was not in the grid that day
        return (false(),)
    if unit.parent_id is None:  # the city: every enterprise of the day, in the day's index order
        return (daily_scores.c.day == day,)
    below = select(grid_rollups.c.unit).where(
        grid_rollups.c.day == day, grid_rollups.c.path.startswith(path, autoescape=True)
    )
    return (daily_scores.c.day == day, daily_scores.c.grid_unit.in_(below))


def _ranked(
    conn: Connection, where: Any, *, best: bool, limit: int, offset: int = 0
) -> list[EnterpriseDay]:
    order = (
        (daily_scores.c.month_score.desc(), daily_scores.c.tenant)
        if best
        else (daily_scores.c.month_score, daily_scores.c.tenant.desc())
    )
    rows = conn.execute(
        select(*SUMMARY).where(*where).order_by(*order).limit(limit).offset(offset)
    ).all()
    names = _names(conn, [r.tenant for r in rows])
    return [_view(r, names.get(r.tenant, r.tenant), full=False) for r in rows]


def grid_view(conn: Connection, actor: Actor, unit_id: str, day: date) -> GridView:
    """A grid unit's dashboard on ``day``, for the regulators and inspectors above it."""
    unit = grid_unit_in_scope(conn, actor, unit_id)
    mine = conn.execute(
        select(grid_rollups).where(grid_rollups.c.day == day, grid_rollups.c.unit == unit.id)
    ).first()
    below = {
        row.unit: row
        for row in conn.execute(
            select(grid_rollups).where(grid_rollups.c.day == day, grid_rollups.c.parent == unit.id)
        )
    }
    children = _unit_rows(conn, sorted(below))
    summary = _rollup_summary(unit, mine)
    where = _within(day, unit, conn)
    best = _ranked(conn, where, best=True, limit=RANKED_SHOWN)
    worst: list[EnterpriseDay] = []
    if summary.enterprises > RANKED_SHOWN:
        best = best[: RANKED_SHOWN // 2]
        worst = _ranked(conn, where, best=False, limit=RANKED_SHOWN // 2)[::-1]
    lit_rows = conn.execute(
        select(*SUMMARY)
        .where(*where, daily_scores.c.light.is_not(None))
        .order_by(daily_scores.c.light != "red", daily_scores.c.month_score, daily_scores.c.tenant)
        .limit(LIT_SHOWN)
    ).all()
    names = _names(conn, [r.tenant for r in lit_rows])
    return GridView(
        day=day,
        summary=summary,
        children=[_rollup_summary(children[u], below[u]) for u in sorted(children)],
        best=best,
        worst=worst,
        lit=[_view(r, names.get(r.tenant, r.tenant), full=False) for r in lit_rows],
    )


def grid_enterprises(
    conn: Connection, actor: Actor, unit_id: str, day: date, *, offset: int, limit: int
) -> EnterprisePage:
    """One page of the enterprises at or below a unit, ranked by month score, best first."""
    unit = grid_unit_in_scope(conn, actor, unit_id)
    total = conn.execute(
        select(grid_rollups.c.enterprises).where(
            grid_rollups.c.day == day, grid_rollups.c.unit == unit.id
        )
    ).scalar()
    page = _ranked(conn, _within(day, unit, conn), best=True, limit=limit, offset=offset)
    count = int(total or 0)
    more = offset + len(page) < count and len(page) == limit
    return EnterprisePage(
        day=day, total=count, enterprises=page, next_offset=offset + limit if more else None
    )


MAX_LIGHTS = 1000
"""Lit enterprises in one answer at most: a city's bad day is paged."""


def lights_in_scope(
    conn: Connection, actor: Actor, day: date, *, limit: int = MAX_LIGHTS, offset: int = 0
) -> list[EnterpriseDay]:
    """The enterprises in the actor's scope with a light on ``day`` (summaries), red first."""
    named = reference.c.body["name"].as_string().label("name")
    rows = conn.execute(
        select(*SUMMARY, named)
        .select_from(
            daily_scores.outerjoin(
                reference,
                (reference.c.kind == "enterprise") & (reference.c.id == daily_scores.c.tenant),
            )
        )
        .where(
            daily_scores.c.day == day,
            # no bind per enterprise; a city's or county's lit rows are checked one by one
            in_scope(conn, actor, daily_scores.c.tenant, by_rows=is_wide(conn, actor)),
            daily_scores.c.light.is_not(None),
        )
        .order_by(daily_scores.c.light != "red", daily_scores.c.month_score, daily_scores.c.tenant)
        .limit(limit)
        .offset(offset)
    ).all()
    return [_view(r, r.name or r.tenant, full=False) for r in rows]


class UnitDay(BaseModel):
    """A grid unit on one scored day, for its trend lines: scores, lights, card completion."""

    day: date
    enterprises: int
    mean_total: float | None
    mean_month_score: float | None
    red: int
    yellow: int
    cards: OutcomeCounts
    """Settled card instances of the unit's enterprises in their 30-day windows, summed."""
    completion: float | None
    """(on time + late credit × late) ÷ settled, 0..1; None when no card was due."""


def unit_days(
    conn: Connection,
    actor: Actor,
    unit_id: str,
    first: date,
    last: date,
    *,
    late_credit: float,
) -> list[UnitDay]:
    """A grid unit's scored days from ``first`` to ``last``, oldest first; unscored ones skipped."""
    unit = grid_unit_in_scope(conn, actor, unit_id)
    rows = conn.execute(
        select(grid_rollups)
        .where(
            grid_rollups.c.unit == unit.id,
            grid_rollups.c.day >= first,
            grid_rollups.c.day <= last,
        )
        .order_by(grid_rollups.c.day)
    ).all()
    return [_unit_day(row, late_credit) for row in rows]


def _unit_day(row: Any, late_credit: float) -> UnitDay:  # a grid_rollups Row
    cards = OutcomeCounts(on_time=row.cards_on_time, late=row.cards_late, missed=row.cards_missed)
    ratio = cards.ratio(late_credit)
    count = row.enterprises
    return UnitDay(
        day=row.day,
        enterprises=count,
        mean_total=round(row.sum_total / count, 1) if count else None,
        mean_month_score=round(row.sum_month_score / count, 1) if count else None,
        red=row.red,
        yellow=row.yellow,
        cards=cards,
        completion=None if ratio is None else round(ratio, 3),
    )


class OverdueHazard(BaseModel):
    """One hazard past its deadline (or the authority's) and still open."""

    id: str
    tenant: str
    name: str
    title: str
    grade: str
    status: str
    deadline: datetime
    """The deadline that ran out: the earlier of the enterprise's and the authority's."""


class UnitHazards(BaseModel):
    """The hazards of a grid unit's enterprises as at the end of a scored day.

    Counted by the nightly job with the day's scores (the grid rollups), so a city's page is
    one row; what happened since shows after the next midnight.
    """

    day: date | None
    """The scored day counted; None before any day was scored."""
    at: datetime
    """The moment counted: the end of ``day`` (or now, when nothing was scored yet)."""
    by_status: dict[str, dict[str, int]]
    """{status: {grade: count}}; voided hazards are left out."""
    overdue: dict[str, int]
    """{grade: count} of overdue hazards."""
    overdue_hazards: list[OverdueHazard]
    """The overdue hazards, 重大 first, then the longest overdue; at most ``OVERDUE_LISTED``."""


def unit_hazards(
    conn: Connection, actor: Actor, unit_id: str, now: datetime, zone: ZoneInfo
) -> UnitHazards:
    """The hazards of every enterprise at or below a grid unit, at the latest scored day's end."""
    unit = grid_unit_in_scope(conn, actor, unit_id)
    try:
        day = latest_day(conn)
    except NotFound:
        return UnitHazards(
            day=None,
            at=now,
            by_status={},
            overdue={g.value: 0 for g in HazardGrade},
            overdue_hazards=[],
        )
    row = conn.execute(
        select(grid_rollups).where(grid_rollups.c.day == day, grid_rollups.c.unit == unit.id)
    ).first()
    end = datetime.combine(day + timedelta(days=1), time()).replace(tzinfo=zone)
    return UnitHazards(
        day=day,
        at=end.astimezone(UTC),
        by_status=row.hazards if row is not None else {},
        overdue=row.overdue if row is not None else {g.value: 0 for g in HazardGrade},
        overdue_hazards=row.overdue_hazards if row is not None else [],
    )


OPEN_LISTED = 50
"""An enterprise's open hazards listed at most (the overdue and the oldest first)."""


def open_hazards(conn: Connection, actor: Actor, tenant: str, now: datetime) -> list[Hazard]:
    """The enterprise's hazards not yet accepted, closed or voided, now; overdue, then oldest.

    For a regulator's phone, which keeps no events to fold them from; scoped like the scores.
    """
    if actor.role not in GRID_ROLES:
        raise NotPermitted("an enterprise's open hazards are read here by the grid roles")
    _check_tenant(conn, actor, tenant)
    rows = conn.execute(
        select(hazards.c.body).where(
            hazards.c.tenant == tenant,
            hazards.c.status.not_in([s.value for s in FINISHED]),
        )
    ).all()
    found = [Hazard.model_validate(row.body, context=STORED) for row in rows]
    found += _awaiting_authority(conn, tenant)
    found.sort(key=lambda h: (not h.is_overdue(now), h.reported_at, h.id))
    return found[:OPEN_LISTED]


def enterprise_risk_points(conn: Connection, actor: Actor, tenant: str) -> list[RiskPoint]:
    """The enterprise's risk points, by id: a regulator's reference data carries none.

    A regulator's phone keeps only the grid and the enterprises (sync_server/reference_feed.py),
    so their profile of one enterprise reads its points here, on demand; scoped like the scores.
    """
    if actor.role not in GRID_ROLES:
        raise NotPermitted("an enterprise's risk points are read here by the grid roles")
    _check_tenant(conn, actor, tenant)
    rows = conn.execute(
        select(reference.c.body)
        .where(reference.c.tenant == tenant, reference.c.kind == "risk_point")
        .order_by(reference.c.id)
    ).all()
    return [RiskPoint.model_validate(row.body, context=STORED) for row in rows]


def _awaiting_authority(conn: Connection, tenant: str) -> list[Hazard]:
    """Closed 重大隐患 whose 挂牌督办 waits for the authority to confirm the 销号 (解除督办).

    Closed major hazards of one enterprise are few; the supervision is read from the body.
    """
    rows = conn.execute(
        select(hazards.c.body).where(
            hazards.c.tenant == tenant,
            hazards.c.status == HazardStatus.CLOSED.value,
            hazards.c.grade == HazardGrade.MAJOR.value,
        )
    ).all()
    closed = (Hazard.model_validate(row.body, context=STORED) for row in rows)
    return [hazard for hazard in closed if hazard.awaits_authority()]
