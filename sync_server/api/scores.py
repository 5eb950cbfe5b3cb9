"""Scores and lights for the dashboards: by enterprise, by grid unit, by light."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Query

from sync_server import score_views
from sync_server.clock import ClockDep
from sync_server.deps import ActorDep, Day, ReaderDep, SettingsDep
from sync_server.score_config import load_scoring_config
from sync_server.score_views import EnterpriseDay, GridView, UnitDay, UnitHazards

router = APIRouter(prefix="/v1/scores", tags=["scores"])

MAX_DAYS = 366
"""The longest series one request returns."""


@router.get("/latest")
def latest(actor: ActorDep, engine: ReaderDep) -> dict[str, date]:
    """The last day scored to the end: the default day of every dashboard."""
    with engine.connect() as conn:
        return {"day": score_views.latest_day(conn)}


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
        last = last or score_views.latest_day(conn)
        first = max(first or last - timedelta(days=29), last - timedelta(days=MAX_DAYS - 1))
        return score_views.enterprise_days(conn, actor, tenant, first, last)


@router.get("/grid/{unit_id}")
def grid(unit_id: str, actor: ActorDep, engine: ReaderDep, day: Day = None) -> GridView:
    """A grid unit's summary, its child units' and its enterprises ranked by month score."""
    with engine.connect() as conn:
        return score_views.grid_view(conn, actor, unit_id, day or score_views.latest_day(conn))


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
        last = last or score_views.latest_day(conn)
        first = max(first or last - timedelta(days=29), last - timedelta(days=MAX_DAYS - 1))
        return score_views.unit_days(conn, actor, unit_id, first, last, late_credit=late_credit)


@router.get("/grid/{unit_id}/hazards")
def grid_hazards(unit_id: str, actor: ActorDep, engine: ReaderDep, clock: ClockDep) -> UnitHazards:
    """The hazards of a grid unit's enterprises now: by state and grade, and the overdue ones."""
    with engine.connect() as conn:
        return score_views.unit_hazards(conn, actor, unit_id, clock.now())


@router.get("/lights")
def lights(
    actor: ActorDep,
    engine: ReaderDep,
    day: Day = None,
    limit: Annotated[int, Query(ge=1, le=score_views.MAX_LIGHTS)] = score_views.MAX_LIGHTS,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[EnterpriseDay]:
    """The enterprises in your scope with a red or yellow light on the day, red first.

    Paged: at most ``limit`` (1,000 at most and by default), from ``offset`` in that order.
    """
    with engine.connect() as conn:
        when = day or score_views.latest_day(conn)
        return score_views.lights_in_scope(conn, actor, when, limit=limit, offset=offset)
