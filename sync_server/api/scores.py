"""Scores and lights for the dashboards: by enterprise, by grid unit, by light."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel

from shared.errors import NotPermitted
from shared.hazards import Hazard
from shared.org import RiskPoint
from shared.roles import Role
from shared.scoring import ScoreWeights
from sync_server.clock import ClockDep
from sync_server.deps import ActorDep, Day, EngineDep, ReaderDep, SettingsDep
from sync_server.scoring import export, rewards, views, weights
from sync_server.scoring.config import load_scoring_config
from sync_server.scoring.views import (
    EnterpriseDay,
    EnterprisePage,
    GridView,
    UnitDay,
    UnitHazards,
)
from sync_server.scoring.weights import ChangeRequest, WeightsChange

router = APIRouter(prefix="/v1/scores", tags=["scores"])

MAX_DAYS = 366
"""The longest series one request returns."""


@router.get("/latest")
def latest(actor: ActorDep, engine: ReaderDep) -> dict[str, date]:
    """The last day scored to the end: the default day of every dashboard."""
    with engine.connect() as conn:
        return {"day": views.latest_day(conn)}


@router.get("/enterprises/{tenant}")
def enterprise(
    tenant: str,
    actor: ActorDep,
    engine: ReaderDep,
    first: Annotated[Day, Query(alias="from")] = None,
    last: Annotated[Day, Query(alias="to")] = None,
) -> list[EnterpriseDay]:
    """One enterprise's daily scores, oldest first (by default the 30 days to the latest)."""
    with engine.connect() as conn:
        last = last or views.latest_day(conn)
        first = max(first or last - timedelta(days=29), last - timedelta(days=MAX_DAYS - 1))
        return views.enterprise_days(conn, actor, tenant, first, last)


@router.get("/enterprises/{tenant}/hazards")
def enterprise_hazards(
    tenant: str, actor: ActorDep, engine: ReaderDep, clock: ClockDep
) -> list[Hazard]:
    """The enterprise's open hazards now, overdue first: what a regulator's phone cannot fold."""
    with engine.connect() as conn:
        return views.open_hazards(conn, actor, tenant, clock.now())


@router.get("/enterprises/{tenant}/risk-points")
def enterprise_risk_points(tenant: str, actor: ActorDep, engine: ReaderDep) -> list[RiskPoint]:
    """The enterprise's risk points: a regulator's reference data carries none (by id)."""
    with engine.connect() as conn:
        return views.enterprise_risk_points(conn, actor, tenant)


@router.get("/grid/{unit_id}")
def grid(unit_id: str, actor: ActorDep, engine: ReaderDep, day: Day = None) -> GridView:
    """A grid unit's summary and its child units', the best and worst ranked, the lit ones."""
    with engine.connect() as conn:
        return views.grid_view(conn, actor, unit_id, day or views.latest_day(conn))


PAGE = 50
"""Enterprises per page of a unit's ranking, unless asked for fewer."""


@router.get("/grid/{unit_id}/enterprises")
def grid_enterprises(
    unit_id: str,
    actor: ActorDep,
    engine: ReaderDep,
    day: Day = None,
    offset: Annotated[int, Query(ge=0, le=10**7)] = 0,
    limit: Annotated[int, Query(ge=1, le=PAGE)] = PAGE,
) -> EnterprisePage:
    """The enterprises at or below a grid unit by month score, best first, a page at a time."""
    with engine.connect() as conn:
        shown = day or views.latest_day(conn)
        return views.grid_enterprises(conn, actor, unit_id, shown, offset=offset, limit=limit)


@router.get("/grid/{unit_id}/trend")
def grid_trend(
    unit_id: str,
    actor: ActorDep,
    engine: ReaderDep,
    settings: SettingsDep,
    first: Annotated[Day, Query(alias="from")] = None,
    last: Annotated[Day, Query(alias="to")] = None,
) -> list[UnitDay]:
    """A grid unit's scored days for its trend lines, oldest first (30 to the latest by default).

    Each day: mean scores, red and yellow lights, card completion.
    """
    late_credit = load_scoring_config(settings).weights.late_credit
    with engine.connect() as conn:
        last = last or views.latest_day(conn)
        first = max(first or last - timedelta(days=29), last - timedelta(days=MAX_DAYS - 1))
        return views.unit_days(conn, actor, unit_id, first, last, late_credit=late_credit)


@router.get("/grid/{unit_id}/hazards")
def grid_hazards(
    unit_id: str, actor: ActorDep, engine: ReaderDep, clock: ClockDep, settings: SettingsDep
) -> UnitHazards:
    """The hazards of a grid unit's enterprises at the latest scored day's end.

    By state and grade, and the overdue ones (counted by the nightly job).
    """
    zone = load_scoring_config(settings).tz
    with engine.connect() as conn:
        return views.unit_hazards(conn, actor, unit_id, clock.now(), zone)


@router.get("/lights")
def lights(
    actor: ActorDep,
    engine: ReaderDep,
    day: Day = None,
    limit: Annotated[int, Query(ge=1, le=views.MAX_LIGHTS)] = views.MAX_LIGHTS,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[EnterpriseDay]:
    """The enterprises in your scope with a red or yellow light on the day, red first.

    Paged: at most ``limit`` (1,000 at most and by default), from ``offset`` in that order.
    """
    with engine.connect() as conn:
        when = day or views.latest_day(conn)
        return views.lights_in_scope(conn, actor, when, limit=limit, offset=offset)


class WeightsAnswer(BaseModel):
    """The weights in force, the version a day used (when asked), and every change."""

    version: int
    weights: ScoreWeights
    day_version: int | None = None
    history: list[WeightsChange]


@router.get("/weights")
def get_weights(
    actor: ActorDep, engine: ReaderDep, settings: SettingsDep, day: Day = None
) -> WeightsAnswer:
    """The score's weights now, which version scored ``day``, and who changed them when and why.

    Open to everyone signed in: an enterprise may see by what rules it is scored.
    """
    base = load_scoring_config(settings).weights
    with engine.connect() as conn:
        now = weights.current(conn, base)
        used = weights.day_versions(conn, day, day).get(day) if day else None
        return WeightsAnswer(
            version=now.version,
            weights=now.weights,
            day_version=used,
            history=weights.history(conn),
        )


@router.put("/weights")
def put_weights(
    request: ChangeRequest,
    actor: ActorDep,
    engine: EngineDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> WeightsChange:
    """Change some weights (the city's regulator or an admin), with a reason; recorded.

    The next nightly run scores with them; past days keep theirs unless rescored on demand.
    """
    base = load_scoring_config(settings).weights
    with engine.begin() as conn:
        return weights.change(conn, actor, request, clock.now(), base)


@router.get(
    "/grid/{unit_id}/export.xlsx",
    responses={
        200: {
            "description": "The workbook",
            "content": {export.XLSX: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
    response_class=Response,
)
def grid_export(
    unit_id: str, actor: ActorDep, engine: ReaderDep, settings: SettingsDep, day: Day = None
) -> Response:
    """The unit's enterprises by month score as .xlsx: tier, light and why, hazard counts.

    For the regulators and inspectors above the unit, as its dashboard; the latest scored day
    by default.
    """
    base = load_scoring_config(settings).weights
    with engine.connect() as conn:
        name, data = export.ranking_workbook(
            conn, actor, unit_id, day or views.latest_day(conn), base
        )
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=export.XLSX, headers={"Content-Disposition": disposition})


MONTH = r"^(19|20)\d{2}-(0[1-9]|1[0-2])$"
"""A calendar month, ``YYYY-MM``."""
Month = Annotated[str | None, Query(pattern=MONTH, description="YYYY-MM; this month by default")]


def _rewards(
    actor: ActorDep, engine: ReaderDep, settings: SettingsDep, clock: ClockDep, month: Month
) -> rewards.RewardsMonth:
    config = load_scoring_config(settings)
    today = clock.now().astimezone(config.tz).date()
    with engine.connect() as conn:
        return rewards.rewards_month(
            conn, actor, rewards.parse_month(month, today), today, config.tz, config.rewards
        )


@router.get("/rewards")
def rewards_table(
    actor: ActorDep,
    engine: ReaderDep,
    settings: SettingsDep,
    clock: ClockDep,
    month: Month = None,
) -> rewards.RewardsMonth:
    """Your enterprise's 奖惩 month: each person's deeds and points, best first.

    A safety manager sees everyone; a worker their own row. Nobody outside the enterprise.
    """
    return _rewards(actor, engine, settings, clock, month)


@router.get(
    "/rewards.xlsx",
    responses={
        200: {
            "description": "The workbook",
            "content": {rewards.XLSX: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
    response_class=Response,
)
def rewards_export(
    actor: ActorDep,
    engine: ReaderDep,
    settings: SettingsDep,
    clock: ClockDep,
    month: Month = None,
) -> Response:
    """Your enterprise's 奖惩 month as .xlsx, for its own 奖惩制度 (the safety manager only)."""
    if actor.role is not Role.SAFETY_MANAGER:
        raise NotPermitted("the 奖惩 table is exported by the enterprise's safety manager")
    name, data = rewards.rewards_workbook(_rewards(actor, engine, settings, clock, month))
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=rewards.XLSX, headers={"Content-Disposition": disposition})
