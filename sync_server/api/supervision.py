"""Classified supervision: each inspector's due list for their grid."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Response
from sqlalchemy import Connection

from shared.errors import NotPermitted
from shared.roles import Actor, Role
from sync_server.clock import ClockDep
from sync_server.deps import ActorDep, Day, ReaderDep, SettingsDep
from sync_server.scoring.config import ScoringConfig, load_scoring_config
from sync_server.scoring.export import XLSX
from sync_server.scoring.views import grid_unit_in_scope
from sync_server.supervision_export import due_workbook
from sync_server.supervision_plan import PlanLine, due_plan

router = APIRouter(prefix="/v1/supervision", tags=["supervision"])

MAX_DUE = 1000
"""The longest page of a due list: a township's enterprises fit in one, a city's do not."""


@router.get("/due")
def due(  # noqa: PLR0913 - the query parameters of one list
    actor: ActorDep,
    engine: ReaderDep,
    settings: SettingsDep,
    clock: ClockDep,
    on: Day = None,
    limit: Annotated[int, Query(ge=1, le=MAX_DUE)] = MAX_DUE,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> list[PlanLine]:
    """The visits owed in your grid: class A–D, quota a year, and why each is due.

    A visit is owed for the year's quota (the k-th by the end of the k-th part of the year),
    within 30 days of a red light and within 15 days of a yellow one since the last visit.
    Paged: at most ``limit`` lines (1,000 at most and by default) from ``offset``, most
    pressing first; a full page means there may be more.
    """
    config = load_scoring_config(settings)
    today = on or clock.now().astimezone(config.tz).date()
    with engine.connect() as conn:
        plan = _plan(conn, actor, today, config)
    return plan[offset : offset + limit]


@router.get(
    "/due.xlsx",
    responses={
        200: {
            "description": "The workbook",
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
    response_class=Response,
)
def due_export(
    actor: ActorDep, engine: ReaderDep, settings: SettingsDep, clock: ClockDep, on: Day = None
) -> Response:
    """The whole due list as .xlsx, most pressing first, every reason in words (issue 18)."""
    config = load_scoring_config(settings)
    today = on or clock.now().astimezone(config.tz).date()
    with engine.connect() as conn:
        name, data = due_workbook(_plan(conn, actor, today, config), _whose(conn, actor), today)
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=XLSX, headers={"Content-Disposition": disposition})


def _plan(conn: Connection, actor: Actor, today: date, config: ScoringConfig) -> list[PlanLine]:
    if actor.role not in (Role.INSPECTOR, Role.REGULATOR):
        raise NotPermitted("the due list is for inspectors and regulators")
    return due_plan(
        conn, actor, today, zone=config.tz, rules=config.supervision, weights=config.weights
    )


def _whose(conn: Connection, actor: Actor) -> str:
    """The grid unit the list covers, by name (the user's own)."""
    if actor.grid_unit is None:
        return str(actor.user_id)
    return grid_unit_in_scope(conn, actor, actor.grid_unit).name
