"""Risk points (风险分级管控): one point's record with its timeline and linked hazards."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Response
from sqlalchemy import Connection

from shared.errors import NotPermitted
from shared.protocol import GridEnterpriseMap, GridRiskMap, RiskLoopDue, RiskRecord
from shared.roles import Actor, Role
from shared.text import ONE_LINE
from sync_server.api.lists import DocumentLink
from sync_server.clock import ClockDep
from sync_server.deps import ActorDep, ReaderDep, SettingsDep
from sync_server.grid_map import MAP_PAGE, grid_enterprise_map
from sync_server.lists import links, queries
from sync_server.lists.four_colour import load_picture
from sync_server.lists.four_colour_pdf import four_colour_pdf
from sync_server.lists.risk_ledger import risk_ledger, risk_ledger_pdf, risk_ledger_xlsx
from sync_server.problems import NotFound
from sync_server.risk_due import risk_loop_due
from sync_server.risk_projection import risk_record
from sync_server.risk_rollup import grid_risk_map
from sync_server.scope import visible_tenants
from sync_server.scoring.views import grid_unit_in_scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
READERS = frozenset({Role.SAFETY_MANAGER, Role.INSPECTOR, Role.REGULATOR})
"""Who prints a risk ledger: the enterprise's manager and the grid's people, as the hazards'."""

router = APIRouter(prefix="/v1", tags=["risks"])


@router.get("/risks/{risk_id}")
def risk(
    risk_id: Annotated[str, Path(min_length=1, max_length=200), ONE_LINE],
    actor: ActorDep,
    engine: ReaderDep,
) -> RiskRecord:
    """One risk point: its state, every step, its reviews and the hazards it produced.

    Each step says who, when, the grade before and after, and why.

    Scoped like pull: a point outside your scope is 404, as one that does not exist.
    """
    with engine.connect() as conn:
        return risk_record(conn, actor, risk_id)


@router.get("/risk-map/grid/{unit_id}")
def grid_risks(
    unit_id: Annotated[str, Path(min_length=1, max_length=64), ONE_LINE],
    actor: ActorDep,
    engine: ReaderDep,
) -> GridRiskMap:
    """The regulator's 四色图 of a grid unit and of each of its child units.

    Enterprises by their highest risk colour, and risk points by colour, read from the rollup
    kept as points change (a few rows, whatever the size of the city).
    """
    with engine.connect() as conn:
        unit = grid_unit_in_scope(conn, actor, unit_id)
        return grid_risk_map(conn, unit)


@router.get("/risk-map/grid/{unit_id}/enterprises")
def grid_enterprise_pins(
    unit_id: Annotated[str, Path(min_length=1, max_length=64), ONE_LINE],
    actor: ActorDep,
    engine: ReaderDep,
    offset: Annotated[int, Query(ge=0, le=10**7)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAP_PAGE)] = MAP_PAGE,
) -> GridEnterpriseMap:
    """The enterprises at or below a grid unit to draw on a map, by unit then code, a page a time.

    Each with its position (typed on import, else the centre of its located posts, else none),
    its highest risk colour and its light on the last scored day. Scoped like the grid
    dashboards: for regulators and inspectors, a unit outside their own is 404.
    """
    with engine.connect() as conn:
        unit = grid_unit_in_scope(conn, actor, unit_id)
        return grid_enterprise_map(conn, unit, offset=offset, limit=limit)


@router.get("/risk-loop/due")
def risk_due(
    actor: ActorDep,
    engine: ReaderDep,
    clock: ClockDep,
    tenant: Annotated[str | None, Query(max_length=64, description="the enterprise")] = None,
) -> RiskLoopDue:
    """The risk loop's 待办 of one enterprise (a manager's own by default), as the phone's.

    🟥/🟧 points no card item checks, closed hazards of a failed control whose point awaits
    re-assessment, and controls with three or more hazards reported in the last 90 days.
    """
    with engine.connect() as conn:
        wanted = _enterprise(conn, actor, tenant)
        return risk_loop_due(conn, wanted, clock.now())


@router.get(
    "/documents/risk-ledger.xlsx",
    response_class=Response,
    responses={
        200: {
            "description": "The file",
            "content": {XLSX: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def ledger(
    actor: ActorDep,
    engine: ReaderDep,
    tenant: Annotated[str | None, Query(max_length=64, description="the enterprise")] = None,
) -> Response:
    """The 风险台账 of one enterprise (a manager's own by default).

    Every risk point with its grade history, measures, linked hazards and reviews.
    """
    with engine.connect() as conn:
        wanted = _enterprise(conn, actor, tenant)
        name = queries.enterprise(conn, wanted).name
        data = risk_ledger_xlsx(risk_ledger(conn, wanted, name, queries.display_names(conn)))
    return _attachment(data, f"风险台账-{name}.xlsx", XLSX)


@router.get(
    "/documents/risk-ledger.pdf",
    response_class=Response,
    responses={
        200: {
            "description": "The file",
            "content": {PDF: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def ledger_pdf(
    actor: ActorDep,
    engine: ReaderDep,
    tenant: Annotated[str | None, Query(max_length=64, description="the enterprise")] = None,
) -> Response:
    """The 风险台账 of one enterprise as PDF, landscape A4: the workbook's record, printed."""
    with engine.connect() as conn:
        wanted = _enterprise(conn, actor, tenant)
        name = queries.enterprise(conn, wanted).name
        data = risk_ledger_pdf(risk_ledger(conn, wanted, name, queries.display_names(conn)))
    return _attachment(data, f"风险台账-{name}.pdf", PDF)


@router.get(
    "/documents/risk-map.pdf",
    response_class=Response,
    responses={
        200: {
            "description": "The file",
            "content": {PDF: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def risk_map(
    actor: ActorDep,
    engine: ReaderDep,
    clock: ClockDep,
    tenant: Annotated[str | None, Query(max_length=64, description="the enterprise")] = None,
    paper: Annotated[Literal["A4", "A3"], Query(description="the sheet: A4 or A3")] = "A4",
) -> Response:
    """The 安全风险四色分布图 of one enterprise (a manager's own by default), landscape.

    The site plan with each placed risk point as a numbered pin coloured 红橙黄蓝, the legend
    and the numbered list of points; without a plan, the points are drawn on a plain grid.
    """
    today = clock.now().astimezone(queries.CHINA).date()
    with engine.connect() as conn:
        wanted = _enterprise(conn, actor, tenant)
        name = queries.enterprise(conn, wanted).name
        picture = load_picture(conn, wanted, name=name, day=today)
    data = four_colour_pdf(picture, paper)
    return _attachment(data, f"四色图-{name}-{paper}.pdf", PDF)


Paper = Annotated[Literal["A4", "A3"], Query(description="the sheet: A4 or A3")]
MAP_LINK = "risk_map"
"""The kind a 四色图 link is signed as: never a notice's (hazard, inspection)."""


@router.get("/documents/risk-map-link")
def risk_map_link(
    actor: ActorDep,
    engine: ReaderDep,
    settings: SettingsDep,
    clock: ClockDep,
    tenant: Annotated[str | None, Query(max_length=64, description="the enterprise")] = None,
    paper: Paper = "A4",
) -> DocumentLink:
    """A link that opens the 四色图 PDF in a browser or the phone's viewer, without a token.

    Scoped like the PDF itself; the link names the enterprise and expires in minutes, so a
    manager prints the wall copy from the phone (the browser has no bearer token).
    """
    with engine.connect() as conn:
        wanted = _enterprise(conn, actor, tenant)
    now = clock.now()
    query = links.link_query(settings.signing_secret(), MAP_LINK, wanted, now)
    return DocumentLink(
        path=f"/v1/documents/shared/risk-map.pdf?{query}&paper={paper}",
        expires_at=now + links.LINK_LIFETIME,
    )


@router.get(
    "/documents/shared/risk-map.pdf",
    response_class=Response,
    responses={
        200: {
            "description": "The file",
            "content": {PDF: {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def shared_risk_map(  # noqa: PLR0913 - the query parameters of a signed link
    engine: ReaderDep,
    settings: SettingsDep,
    clock: ClockDep,
    risk_map: Annotated[str, Query(max_length=64, description="the enterprise")],
    expires: Annotated[int, Query(ge=0)],
    sig: Annotated[str, Query(max_length=64, pattern="^[0-9a-f]{1,64}$")],
    paper: Paper = "A4",
) -> Response:
    """The 四色图 by signed link (no token), shown inline; a bad or old link is 404."""
    valid = links.link_valid(
        settings.signing_secret(),
        kind=MAP_LINK,
        target=risk_map,
        expires=expires,
        sig=sig,
        now=clock.now(),
    )
    if not valid:
        raise NotFound("this link is wrong or has expired")
    today = clock.now().astimezone(queries.CHINA).date()
    with engine.connect() as conn:
        name = queries.enterprise(conn, risk_map).name
        picture = load_picture(conn, risk_map, name=name, day=today)
    data = four_colour_pdf(picture, paper)
    disposition = f"inline; filename*=UTF-8''{quote(f'四色图-{name}-{paper}.pdf')}"
    return Response(data, media_type=PDF, headers={"Content-Disposition": disposition})


def _attachment(data: bytes, name: str, media_type: str) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


def _enterprise(conn: Connection, actor: Actor, tenant: str | None) -> str:
    """The enterprise a risk document is of: asked for, else the manager's own; in scope."""
    if actor.role not in READERS:
        raise NotPermitted(f"a {actor.role} may not do this")
    wanted = tenant or actor.tenant
    if wanted is None or wanted not in visible_tenants(conn, actor):
        raise NotFound(f"no enterprise {wanted} in your scope")
    return wanted
