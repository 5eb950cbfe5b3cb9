"""Classified supervision for an actor's scope: classes, yearly quotas and the due list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Connection, select
from sqlalchemy.sql.elements import KeyedColumnElement

from shared.events import EventType
from shared.ids import TenantId
from shared.org import Enterprise, RiskPoint
from shared.risk import RiskColour
from shared.roles import Actor, Role
from shared.scoring import ScoreWeights
from shared.supervision import (
    SupervisionRules,
    VisitStatus,
    due_list,
    green_month_streak,
    last_month_tier,
    supervision_class,
)
from shared.text import STORED
from sync_server.schema import daily_scores, events, reference, users
from sync_server.scope import in_scope

HISTORY_DAYS = 400
"""How far back visits and lights are read: a year's plan and the months before it."""
VISIT_TYPES = (EventType.INSPECTION_RECORDED.value, EventType.HAZARD_REPORTED.value)
"""An inspector on site records an inspection or reports a hazard: either is a visit."""

Scope = Callable[[KeyedColumnElement[str]], ColumnElement[bool]]
"""The actor's scope as a WHERE clause on a table's tenant column."""


class PlanLine(BaseModel):
    """One enterprise on an inspector's due list."""

    tenant: str
    name: str
    grid_unit: str
    supervision_class: str
    class_reason: str
    due_on: date
    reasons: list[str]
    overdue: bool
    visits_this_year: int
    quota: int
    quota_reason: str
    """The row of the class × tier table behind ``quota``: ``B 类、上月较差：每年 4 次``."""


def _reference(
    conn: Connection, scope: Scope
) -> tuple[dict[TenantId, Enterprise], dict[TenantId, set[RiskColour]]]:
    companies: dict[TenantId, Enterprise] = {}
    colours: dict[TenantId, set[RiskColour]] = defaultdict(set)
    rows = conn.execute(
        select(reference.c.kind, reference.c.tenant, reference.c.body).where(
            scope(reference.c.tenant), reference.c.kind.in_(["enterprise", "risk_point"])
        )
    )
    for row in rows:
        tenant = TenantId(row.tenant)
        if row.kind == "enterprise":
            companies[tenant] = Enterprise.model_validate(row.body, context=STORED)
        else:
            colours[tenant].add(RiskPoint.model_validate(row.body, context=STORED).colour)
    return companies, colours


def _visits(
    conn: Connection, scope: Scope, since: date, zone: ZoneInfo
) -> dict[TenantId, set[date]]:
    """Local days an inspector recorded something at each enterprise."""
    inspectors = select(users.c.id).where(users.c.role == Role.INSPECTOR.value)
    floor = (
        f"{int(datetime.combine(since, datetime.min.time(), tzinfo=UTC).timestamp() * 1000):013d}"
    )
    rows = conn.execute(
        select(events.c.tenant, events.c.hlc).where(
            scope(events.c.tenant),
            events.c.status == "accepted",
            events.c.type.in_(VISIT_TYPES),
            events.c.pushed_by.in_(inspectors),
            events.c.hlc >= floor,
        )
    )
    visits: dict[TenantId, set[date]] = defaultdict(set)
    for tenant, hlc in rows:
        wall = datetime.fromtimestamp(int(hlc.split("-", 1)[0]) / 1000, tz=UTC)
        visits[TenantId(tenant)].add(wall.astimezone(zone).date())
    return visits


UNUSED = "unused_system"
"""The light code of 未使用系统: its own reason on the due list, not a plain red light."""


def _scores(
    conn: Connection, scope: Scope, since: date
) -> dict[TenantId, list[tuple[date, float, str | None]]]:
    """Each day's total and gravest light, oldest first.

    A red day whose only red light is 未使用系统 reads as ``unused_system``, so the plan can
    say why the enterprise is due.
    """
    rows = conn.execute(
        select(
            daily_scores.c.tenant,
            daily_scores.c.day,
            daily_scores.c.total,
            daily_scores.c.light,
            daily_scores.c.lights,
        )
        .where(scope(daily_scores.c.tenant), daily_scores.c.day >= since)
        .order_by(daily_scores.c.day)
    )
    found: dict[TenantId, list[tuple[date, float, str | None]]] = defaultdict(list)
    for tenant, day, total, light, lights in rows:
        found[TenantId(tenant)].append((day, float(total), _light_of(light, lights or [])))
    return found


def _light_of(light: str | None, lights: list[dict[str, str]]) -> str | None:
    reds = {lit.get("code") for lit in lights if lit.get("colour") == "red"}
    return UNUSED if light == "red" and reds == {UNUSED} else light


def _month_scores(days: list[tuple[date, float, str | None]]) -> dict[tuple[int, int], float]:
    by_month: dict[tuple[int, int], list[float]] = defaultdict(list)
    for day, total, _ in days:
        by_month[(day.year, day.month)].append(total)
    return {month: round(sum(t) / len(t), 1) for month, t in by_month.items()}


def _first_light(
    days: list[tuple[date, float, str | None]], colour: str, after: date | None
) -> date | None:
    return next(
        (day for day, _, light in days if light == colour and (after is None or day > after)),
        None,
    )


def due_plan(
    conn: Connection,
    actor: Actor,
    today: date,
    *,
    zone: ZoneInfo,
    rules: SupervisionRules,
    weights: ScoreWeights,
) -> list[PlanLine]:
    """The visits owed in the actor's scope on ``today``, the most pressing first."""
    since = today - timedelta(days=HISTORY_DAYS)

    def scope(column: KeyedColumnElement[str]) -> ColumnElement[bool]:
        return in_scope(conn, actor, column)  # a sub-select: no bind per enterprise in scope

    companies, colours = _reference(conn, scope)
    visits = _visits(conn, scope, since, zone)
    scores = _scores(conn, scope, since)
    statuses = []
    for tenant, company in companies.items():
        seen = tuple(sorted(d for d in visits.get(tenant, ()) if d <= today))
        last = seen[-1] if seen else None
        days = [d for d in scores.get(tenant, []) if d[0] <= today]
        months = _month_scores(days)
        statuses.append(
            VisitStatus(
                tenant=tenant,
                decision=supervision_class(company, colours.get(tenant, ()), rules),
                visits=seen,
                red_since=_first_light(days, "red", last),
                yellow_since=_first_light(days, "yellow", last),
                green_months=green_month_streak(months, today, weights),
                unused_since=_first_light(days, UNUSED, last),
                month_tier=last_month_tier(months, today, weights),
            )
        )
    decisions = {s.tenant: s.decision for s in statuses}
    return [
        PlanLine(
            tenant=visit.tenant,
            name=companies[visit.tenant].name,
            grid_unit=companies[visit.tenant].grid_unit_id,
            supervision_class=visit.supervision_class.value,
            class_reason=decisions[visit.tenant].reason_zh,
            due_on=visit.due_on,
            reasons=list(visit.reasons),
            overdue=visit.overdue,
            visits_this_year=visit.visits_this_year,
            quota=visit.quota,
            quota_reason=visit.quota_rule.reason_zh if visit.quota_rule else "",
        )
        for visit in due_list(statuses, today, rules)
    ]
