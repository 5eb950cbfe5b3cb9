"""Reads for the score dashboards: one enterprise's days, a grid unit's ranking, the lights.

Who sees what (docs/sync-protocol.md, "Scores"): regulators and inspectors every enterprise
in their grid unit and the units below it; a safety manager their enterprise in full; a
worker their enterprise's summary (total, tier, month score, lights) without the lines that
explain it; an admin nothing.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel
from sqlalchemy import Connection, select

from shared.cards import HazardGrade
from shared.errors import NotPermitted
from shared.hazards import Hazard
from shared.ids import GridUnitId
from shared.lifecycle import FINISHED, HazardStatus
from shared.org import GridUnit, is_within
from shared.roles import Actor, Role
from shared.schedule import OutcomeCounts
from shared.scoring import Light, ScoreComponent
from shared.text import STORED
from sync_server.problems import NotFound
from sync_server.schema import daily_scores, hazards, reference, score_runs
from sync_server.scope import grid_units, in_scope, is_wide, may_see

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


class UnitSummary(BaseModel):
    """A grid unit on one day: how many enterprises, how they rate, how many lights."""

    unit: GridUnit
    enterprises: int
    mean_month_score: float | None
    tiers: dict[str, int]
    red: int
    yellow: int


class GridView(BaseModel):
    """A grid unit's dashboard: its summary, its child units', its enterprises ranked.

    Enterprises come as summaries; each one's explanation is one ``/enterprises`` call away.
    """

    day: date
    summary: UnitSummary
    children: list[UnitSummary]
    enterprises: list[EnterpriseDay]


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
        components=row.body["components"] if full else None,
        deductions=row.body["deductions"] if full else None,
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
    return [_view(row, name, full=full) for row in rows]


def _summary(unit: GridUnit, rows: list[EnterpriseDay]) -> UnitSummary:
    tiers = {tier: sum(1 for r in rows if r.tier == tier) for tier in ("green", "yellow")}
    tiers |= {tier: sum(1 for r in rows if r.tier == tier) for tier in ("orange", "red")}
    mean = round(sum(r.month_score for r in rows) / len(rows), 1) if rows else None
    return UnitSummary(
        unit=unit,
        enterprises=len(rows),
        mean_month_score=mean,
        tiers=tiers,
        red=sum(1 for r in rows if r.light == "red"),
        yellow=sum(1 for r in rows if r.light == "yellow"),
    )


def _grid_scope(
    conn: Connection, actor: Actor, unit_id: str
) -> tuple[GridUnit, list[GridUnitId], dict[GridUnitId, GridUnit]]:
    """The unit (within the actor's), every unit at or below it, and every unit by id."""
    if actor.role not in GRID_ROLES or actor.grid_unit is None:
        raise NotPermitted("grid dashboards are for regulators and inspectors")
    units = grid_units(conn)
    unit = units.get(GridUnitId(unit_id))
    if unit is None or not is_within(unit.id, actor.grid_unit, units):
        raise NotFound("no such grid unit in your scope")
    return unit, [u for u in units if is_within(u, unit.id, units)], units


def grid_view(conn: Connection, actor: Actor, unit_id: str, day: date) -> GridView:
    """A grid unit's dashboard on ``day``, for the regulators and inspectors above it."""
    unit, below, units = _grid_scope(conn, actor, unit_id)
    inside = conn.execute(
        select(*SUMMARY).where(daily_scores.c.day == day, daily_scores.c.grid_unit.in_(below))
    ).all()
    names = _names(conn, [r.tenant for r in inside])
    views = [_view(r, names.get(r.tenant, r.tenant), full=False) for r in inside]
    views.sort(key=lambda v: (v.ranks.get(unit.id, [10**9])[0], v.tenant))
    children = [u for u in units.values() if u.parent_id == unit.id]
    return GridView(
        day=day,
        summary=_summary(unit, views),
        children=[
            _summary(
                child, [v for v in views if is_within(GridUnitId(v.grid_unit), child.id, units)]
            )
            for child in sorted(children, key=lambda u: u.id)
        ],
        enterprises=views,
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
    _, below, _ = _grid_scope(conn, actor, unit_id)
    rows = conn.execute(
        select(
            daily_scores.c.day,
            daily_scores.c.total,
            daily_scores.c.month_score,
            daily_scores.c.light,
            daily_scores.c.facts["card_outcomes_30d"].label("cards"),  # not the whole facts
        ).where(
            daily_scores.c.day >= first,
            daily_scores.c.day <= last,
            daily_scores.c.grid_unit.in_(below),
        )
    ).all()
    by_day: dict[date, list[Any]] = {}
    for row in rows:
        by_day.setdefault(row.day, []).append(row)
    return [_unit_day(day, by_day[day], late_credit) for day in sorted(by_day)]


def _unit_day(day: date, rows: list[Any], late_credit: float) -> UnitDay:
    counts = [OutcomeCounts.model_validate(r.cards) for r in rows]
    cards = OutcomeCounts(
        on_time=sum(c.on_time for c in counts),
        late=sum(c.late for c in counts),
        missed=sum(c.missed for c in counts),
    )
    ratio = cards.ratio(late_credit)
    return UnitDay(
        day=day,
        enterprises=len(rows),
        mean_total=round(sum(r.total for r in rows) / len(rows), 1),
        mean_month_score=round(sum(r.month_score for r in rows) / len(rows), 1),
        red=sum(1 for r in rows if r.light == "red"),
        yellow=sum(1 for r in rows if r.light == "yellow"),
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
    """The hazards of a grid unit's enterprises now: counts by state and grade, overdue ones."""

    at: datetime
    by_status: dict[str, dict[str, int]]
    """{status: {grade: count}}; voided hazards are left out."""
    overdue: dict[str, int]
    """{grade: count} of overdue hazards."""
    overdue_hazards: list[OverdueHazard]
    """The overdue hazards, 重大 first, then the longest overdue; at most ``OVERDUE_LISTED``."""


OVERDUE_LISTED = 50


def unit_hazards(conn: Connection, actor: Actor, unit_id: str, now: datetime) -> UnitHazards:
    """The current hazards of every enterprise at or below a grid unit."""
    _, below, _ = _grid_scope(conn, actor, unit_id)
    tenants = [
        row.id
        for row in conn.execute(
            select(reference.c.id, reference.c.body).where(reference.c.kind == "enterprise")
        )
        if row.body.get("grid_unit_id") in below
    ]
    rows = conn.execute(
        select(hazards.c.status, hazards.c.grade, hazards.c.body).where(
            hazards.c.tenant.in_(tenants), hazards.c.status != HazardStatus.VOIDED.value
        )
    ).all()
    by_status: dict[str, dict[str, int]] = {}
    late: list[Hazard] = []
    for row in rows:
        grades = by_status.setdefault(row.status, {})
        grades[row.grade] = grades.get(row.grade, 0) + 1
        if HazardStatus(row.status) not in FINISHED:
            hazard = Hazard.model_validate(row.body, context=STORED)
            if hazard.is_overdue(now):
                late.append(hazard)
    names = _names(conn, sorted({h.tenant for h in late}))
    listed = sorted(late, key=lambda h: (h.grade is not HazardGrade.MAJOR, _ran_out(h), h.id))
    return UnitHazards(
        at=now,
        by_status=by_status,
        overdue={g.value: sum(1 for h in late if h.grade is g) for g in HazardGrade},
        overdue_hazards=[
            OverdueHazard(
                id=h.id,
                tenant=h.tenant,
                name=names.get(h.tenant, h.tenant),
                title=h.title,
                grade=h.grade.value,
                status=h.status.value,
                deadline=_ran_out(h),
            )
            for h in listed[:OVERDUE_LISTED]
        ],
    )


def _ran_out(hazard: Hazard) -> datetime:
    return min(d for d in (hazard.deadline, hazard.supervision_deadline) if d is not None)
