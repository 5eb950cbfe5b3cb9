"""Signed links to a regulator's or inspector's workbooks, for the phone's browser (issue 18).

A phone opens a file in the system browser, which has no bearer token (as for a notice PDF,
``sync_server.lists.links``). A signed-in user who may have the workbook asks for a link; the
link names the workbook, the user and an expiry, signed with the server's secret. Opened, it
makes the workbook as that user sees it now: a user disabled since, or moved out of the unit,
gets a 404 like a wrong or expired link.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel
from sqlalchemy import Connection, select

from shared.errors import DomainError, InvalidInput, NotPermitted
from shared.ids import GridUnitId, TenantId, UserId
from shared.roles import Actor, Role
from sync_server.clock import ClockDep
from sync_server.deps import ActorDep, ReaderDep, SettingsDep
from sync_server.lists import links
from sync_server.problems import NotFound
from sync_server.schema import users
from sync_server.scoring import export, views
from sync_server.scoring.config import ScoringConfig, load_scoring_config
from sync_server.supervision_export import due_workbook
from sync_server.supervision_plan import due_plan

router = APIRouter(prefix="/v1/exports", tags=["exports"])

KIND = "export"
"""The link kind in the signature: a notice link's signature never opens a workbook."""
GRID_ROLES = (Role.INSPECTOR, Role.REGULATOR)


class Workbook(StrEnum):
    """The workbooks a phone opens by link."""

    RANKING = "ranking"  # a unit's ranking, lights and hazard counts (scores/grid/…/export.xlsx)
    DUE = "due"  # the user's due list (supervision/due.xlsx)


class ExportLink(BaseModel):
    """A signed link that opens a workbook without a token until it expires."""

    path: str
    expires_at: datetime


Unit = Annotated[str | None, Query(max_length=64, description="the grid unit (ranking)")]
_FILE = {
    200: {
        "description": "The workbook",
        "content": {export.XLSX: {"schema": {"type": "string", "format": "binary"}}},
    }
}


@router.get("/link")
def export_link(
    doc: Workbook,
    actor: ActorDep,
    engine: ReaderDep,
    settings: SettingsDep,
    clock: ClockDep,
    unit: Unit = None,
) -> ExportLink:
    """A link to a workbook you may have now: a unit's ranking, or your due list."""
    with engine.connect() as conn:
        _check(conn, actor, doc, unit)
    now = clock.now()
    target = _target(doc, actor.user_id, unit)
    query = links.link_query(settings.signing_secret(), KIND, target, now)
    return ExportLink(
        path=f"/v1/exports/shared/{doc.value}.xlsx?{query}",
        expires_at=now + links.LINK_LIFETIME,
    )


@router.get("/shared/{doc}.xlsx", response_class=Response, responses=_FILE)  # type: ignore[arg-type]
def shared_export(  # noqa: PLR0913 - the query parameters of a signed link
    doc: Workbook,
    engine: ReaderDep,
    settings: SettingsDep,
    clock: ClockDep,
    expires: Annotated[int, Query(ge=0)],
    sig: Annotated[str, Query(max_length=64, pattern="^[0-9a-f]{1,64}$")],
    target: Annotated[str, Query(alias=KIND, max_length=200)],
) -> Response:
    """A workbook by signed link (no token); a bad or old link, or a user gone, is 404."""
    valid = links.link_valid(
        settings.signing_secret(), kind=KIND, target=target, expires=expires, sig=sig,
        now=clock.now(),
    )  # fmt: skip
    named, user_id, unit = _parts(target)
    if not valid or named != doc.value:
        raise NotFound("this link is wrong or has expired")
    config = load_scoring_config(settings)
    with engine.connect() as conn:
        actor = _actor_now(conn, user_id)
        try:
            _check(conn, actor, doc, unit)
            name, data = _make(conn, actor, doc, unit, clock.now(), config)
        except DomainError:  # moved out of scope since the link was made: as a wrong link
            raise NotFound("this link is wrong or has expired") from None
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=export.XLSX, headers={"Content-Disposition": disposition})


def _check(conn: Connection, actor: Actor, doc: Workbook, unit: str | None) -> None:
    """Refuse a link to what ``actor`` could not download with their token."""
    if actor.role not in GRID_ROLES:
        raise NotPermitted("these workbooks are for inspectors and regulators")
    if doc is Workbook.RANKING:
        if unit is None:
            raise InvalidInput("a ranking names its grid unit", field="unit")
        views.grid_unit_in_scope(conn, actor, unit)


def _make(
    conn: Connection,
    actor: Actor,
    doc: Workbook,
    unit: str | None,
    now: datetime,
    config: ScoringConfig,
) -> tuple[str, bytes]:
    if doc is Workbook.RANKING:
        assert unit is not None
        return export.ranking_workbook(conn, actor, unit, views.latest_day(conn), config.weights)
    today = now.astimezone(config.tz).date()
    lines = due_plan(
        conn, actor, today, zone=config.tz, rules=config.supervision, weights=config.weights
    )
    own = actor.grid_unit
    whose = views.grid_unit_in_scope(conn, actor, own).name if own else str(actor.user_id)
    return due_workbook(lines, whose, today)


def _target(doc: Workbook, user_id: str, unit: str | None) -> str:
    return f"{doc.value}|{user_id}|{unit or ''}"


def _parts(target: str) -> tuple[str, str, str | None]:
    parts = target.split("|")
    if len(parts) != 3:
        raise NotFound("this link is wrong or has expired")
    return parts[0], parts[1], parts[2] or None


def _actor_now(conn: Connection, user_id: str) -> Actor:
    """The user as the users table says now; a removed or disabled one opens nothing."""
    row = conn.execute(
        select(users.c.role, users.c.tenant, users.c.grid_unit, users.c.disabled).where(
            users.c.id == user_id
        )
    ).first()
    if row is None or row.disabled:
        raise NotFound("this link is wrong or has expired")
    return Actor(
        user_id=UserId(user_id),
        role=Role(row.role),
        tenant=TenantId(row.tenant) if row.tenant else None,
        grid_unit=GridUnitId(row.grid_unit) if row.grid_unit else None,
    )
