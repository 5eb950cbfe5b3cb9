"""Classified supervision: each inspector's due list for their grid."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from shared.errors import NotPermitted
from shared.roles import Role
from sync_server.clock import ClockDep
from sync_server.deps import ActorDep, Day, ReaderDep, SettingsDep
from sync_server.scoring.config import load_scoring_config
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
    if actor.role not in (Role.INSPECTOR, Role.REGULATOR):
        raise NotPermitted("the due list is for inspectors and regulators")
    config = load_scoring_config(settings)
    today = on or clock.now().astimezone(config.tz).date()
    with engine.connect() as conn:
        plan = due_plan(
            conn,
            actor,
            today,
            zone=config.tz,
            rules=config.supervision,
            weights=config.weights,
        )
    return plan[offset : offset + limit]
