"""Import and export of reference lists, and printable documents, each by role and scope."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Response, UploadFile
from pydantic import BaseModel
from sqlalchemy import Connection

from shared.errors import InvalidInput, NotPermitted
from shared.ids import GridUnitId
from shared.org import is_within
from shared.roles import Actor, Role
from sync_server.clock import ClockDep
from sync_server.deps import ActorDep, Day, EngineDep, ReaderDep, SettingsDep
from sync_server.lists import documents, links, queries
from sync_server.lists.documents import Visible
from sync_server.lists.export import export_workbook, template_workbook
from sync_server.lists.importer import import_tables
from sync_server.lists.store import ImportSummary, load_reference
from sync_server.lists.workbook import read_tables
from sync_server.problems import NotFound, TooLarge
from sync_server.scope import grid_units, visible_tenants

router = APIRouter(prefix="/v1", tags=["lists"])

MAX_IMPORT_BYTES = 10 * 1024 * 1024
"""The largest import file; a city's lists are a few hundred kilobytes."""

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
_GRID_ROLES = (Role.INSPECTOR, Role.REGULATOR)

Tenant = Annotated[str | None, Query(max_length=64, description="the enterprise")]
Unit = Annotated[str | None, Query(max_length=64, description="a grid unit")]


def _files(*media_types: str) -> dict[int | str, dict[str, Any]]:
    """Declare a file as the 200 answer, so the OpenAPI document says what comes back.

    Found by schemathesis: without it the document promised JSON for every download.
    """
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {200: {"description": "The file", "content": dict.fromkeys(media_types, binary)}}


def _require(actor: Actor, *roles: Role) -> None:
    if actor.role not in roles:
        raise NotPermitted(f"a {actor.role} may not do this")


def _file(data: bytes, name: str, media_type: str) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


def _scope(conn: Connection, actor: Actor) -> Visible:
    """Whose records the actor may print: an administrator's is everyone's (None)."""
    return None if actor.role is Role.ADMIN else visible_tenants(conn, actor)


def _own_or_all(conn: Connection, actor: Actor, tenant: str | None) -> list[str] | None:
    """The named enterprise if visible, else every visible one; None means all (admin)."""
    visible = _scope(conn, actor)
    if tenant is None:
        return None if visible is None else sorted(visible)
    if visible is not None and tenant not in visible:
        raise NotFound(f"no enterprise {tenant}")
    return [queries.enterprise(conn, tenant).id]


@router.post("/import")
def import_lists(
    file: UploadFile,
    actor: ActorDep,
    engine: EngineDep,
    reader: ReaderDep,
    dry_run: bool = False,
) -> ImportSummary:
    """Import grid units, enterprises, workshops, cards, posts and risk points (.xlsx or CSV).

    Administrators import anything; a safety manager only their own enterprise's records. All
    or nothing: any bad row rejects the file with ``import.rejected`` and the full report in
    ``details.errors`` (sheet, row, column, cell, code, reason). See docs/import.md.
    """
    _require(actor, Role.ADMIN, Role.SAFETY_MANAGER)
    data = file.file.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise TooLarge(f"an import file may have at most {MAX_IMPORT_BYTES} bytes")
    scope = actor.tenant if actor.role is Role.SAFETY_MANAGER else None
    name = file.filename or "upload"
    tables = read_tables(data, name)  # before the writer: a slow file must not hold it
    with (reader if dry_run else engine).begin() as conn:
        return import_tables(conn, tables, name, by=actor.user_id, scope=scope, dry_run=dry_run)


@router.get("/import/template.xlsx", response_class=Response, responses=_files(XLSX))
def import_template(actor: ActorDep) -> Response:
    """The blank import workbook, with a 说明 sheet explaining every column."""
    return _file(template_workbook(), "双控巡检导入模板.xlsx", XLSX)


@router.get("/export.xlsx", response_class=Response, responses=_files(XLSX))
def export_lists(actor: ActorDep, engine: ReaderDep, tenant: Tenant = None) -> Response:
    """The reference lists in the import format: one enterprise, or everything you may see."""
    _require(actor, Role.ADMIN, Role.SAFETY_MANAGER, *_GRID_ROLES)
    with engine.connect() as conn:
        refs = load_reference(conn, _own_or_all(conn, actor, tenant))
    return _file(export_workbook(refs), f"清单导出-{tenant or '全部'}.xlsx", XLSX)


@router.get("/documents/post-cards.pdf", response_class=Response, responses=_files(PDF))
def post_cards(
    actor: ActorDep,
    engine: ReaderDep,
    settings: SettingsDep,
    tenant: Annotated[str, Query(max_length=64)],
    post: Annotated[list[str] | None, Query(max_length=500)] = None,
) -> Response:
    """QR post-card sheets (A4, six cards a page) of an enterprise, or of the named posts."""
    _require(actor, Role.ADMIN, Role.SAFETY_MANAGER)
    with engine.connect() as conn:
        data = documents.post_cards_pdf(
            conn, tenant, settings.signing_secret(), posts=post or (), visible=_scope(conn, actor)
        )
    return _file(data, f"岗位二维码-{tenant}.pdf", PDF)


@router.get("/documents/enterprise-cards.pdf", response_class=Response, responses=_files(PDF))
def enterprise_cards(
    actor: ActorDep,
    engine: ReaderDep,
    settings: SettingsDep,
    tenant: Tenant = None,
    grid_unit: Unit = None,
) -> Response:
    """Enterprise QR cards for inspectors' visits: one enterprise, or every one in a grid unit."""
    _require(actor, Role.ADMIN, Role.SAFETY_MANAGER, *_GRID_ROLES)
    if tenant is None and grid_unit is None and actor.role is Role.SAFETY_MANAGER:
        tenant = actor.tenant
    with engine.connect() as conn:
        visible = _scope(conn, actor)
        tenants, _ = documents.ledger_scope(
            conn, tenant=tenant, grid_unit=_unit_in_scope(conn, actor, grid_unit), visible=visible
        )
        data = documents.enterprise_cards_pdf(
            conn, tenants, settings.signing_secret(), visible=visible
        )
    return _file(data, f"企业二维码-{tenant or grid_unit}.pdf", PDF)


@router.get("/documents/notice.pdf", response_class=Response, responses=_files(PDF))
def notice(
    actor: ActorDep,
    engine: ReaderDep,
    hazard: Annotated[str | None, Query(max_length=200)] = None,
    inspection: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The 整改通知书 of one hazard or one inspection, with its photos, if you may see it."""
    if (hazard is None) == (inspection is None):
        raise InvalidInput("give one hazard or one inspection", field="hazard")
    with engine.connect() as conn:
        visible = visible_tenants(conn, actor)
        if hazard is not None:
            data = documents.hazard_notice(conn, hazard, visible=visible)
        else:
            data = documents.inspection_notice(conn, str(inspection), visible=visible)
    return _file(data, f"整改通知书-{hazard or inspection}.pdf", PDF)


class DocumentLink(BaseModel):
    """A signed link that opens a document without a token until it expires."""

    path: str
    expires_at: datetime


@router.get("/documents/notice-link")
def notice_link(
    actor: ActorDep,
    engine: ReaderDep,
    settings: SettingsDep,
    clock: ClockDep,
    hazard: Annotated[str | None, Query(max_length=200)] = None,
    inspection: Annotated[str | None, Query(max_length=200)] = None,
) -> DocumentLink:
    """A link to the 整改通知书 of a hazard or an inspection you may see, for a browser."""
    kind, target = _one_notice(hazard, inspection)
    with engine.connect() as conn:
        documents.check_notice(conn, kind, target, visible=visible_tenants(conn, actor))
    now = clock.now()
    query = links.link_query(settings.signing_secret(), kind, target, now)
    return DocumentLink(
        path=f"/v1/documents/shared/notice.pdf?{query}", expires_at=now + links.LINK_LIFETIME
    )


@router.get("/documents/shared/notice.pdf", response_class=Response, responses=_files(PDF))
def shared_notice(  # noqa: PLR0913 - the query parameters of a signed link
    engine: ReaderDep,
    settings: SettingsDep,
    clock: ClockDep,
    expires: Annotated[int, Query(ge=0)],
    sig: Annotated[str, Query(max_length=64, pattern="^[0-9a-f]{1,64}$")],
    hazard: Annotated[str | None, Query(max_length=200)] = None,
    inspection: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """A notice by signed link (no token): shown in the browser; a bad or old link is 404."""
    kind, target = _one_notice(hazard, inspection)
    secret = settings.signing_secret()
    if not links.link_valid(
        secret, kind=kind, target=target, expires=expires, sig=sig, now=clock.now()
    ):
        raise NotFound("this link is wrong or has expired")
    with engine.connect() as conn:
        if kind == "hazard":
            data = documents.hazard_notice(conn, target, visible=None)
        else:
            data = documents.inspection_notice(conn, target, visible=None)
    disposition = f"inline; filename*=UTF-8''{quote(f'整改通知书-{target}.pdf')}"
    return Response(data, media_type=PDF, headers={"Content-Disposition": disposition})


def _one_notice(hazard: str | None, inspection: str | None) -> tuple[str, str]:
    if (hazard is None) == (inspection is None):
        raise InvalidInput("give one hazard or one inspection", field="hazard")
    return ("hazard", hazard) if hazard is not None else ("inspection", str(inspection))


@router.get("/documents/ledger.{fmt}", response_class=Response, responses=_files(PDF, XLSX))
def ledger(  # noqa: PLR0913 - query parameters of one document
    fmt: Literal["xlsx", "pdf"],
    actor: ActorDep,
    engine: ReaderDep,
    tenant: Tenant = None,
    grid_unit: Unit = None,
    start: Annotated[Day, Query(alias="from")] = None,
    end: Annotated[Day, Query(alias="to")] = None,
) -> Response:
    """The 隐患台账 of an enterprise or grid unit for a date range (default: the last 30 days)."""
    _require(actor, Role.SAFETY_MANAGER, *_GRID_ROLES)
    last = end or datetime.now(queries.CHINA).date()
    first = start or last - timedelta(days=30)
    if first > last:
        raise InvalidInput("from must not be after to", field="from")
    if tenant is None and grid_unit is None and actor.role is Role.SAFETY_MANAGER:
        tenant = actor.tenant
    with engine.connect() as conn:
        tenants, scope = documents.ledger_scope(
            conn,
            tenant=tenant,
            grid_unit=_unit_in_scope(conn, actor, grid_unit),
            visible=visible_tenants(conn, actor),
        )
        data = documents.ledger(conn, tenants, scope=scope, start=first, end=last, fmt=fmt)
    media = XLSX if fmt == "xlsx" else PDF
    return _file(data, f"隐患台账-{first:%Y%m%d}-{last:%Y%m%d}.{fmt}", media)


@router.get("/documents/check-ledger.{fmt}", response_class=Response, responses=_files(PDF, XLSX))
def check_ledger(  # noqa: PLR0913 - query parameters of one document
    fmt: Literal["xlsx", "pdf"],
    actor: ActorDep,
    engine: ReaderDep,
    tenant: Tenant = None,
    grid_unit: Unit = None,
    post: Annotated[str | None, Query(max_length=64, description="one post")] = None,
    start: Annotated[Day, Query(alias="from")] = None,
    end: Annotated[Day, Query(alias="to")] = None,
    workshop: Annotated[str | None, Query(max_length=64, description="one 车间")] = None,
) -> Response:
    """The 排查记录台账: every card instance ticked (who, when, results, photos, scanned).

    Of a post or a 车间 (with its enterprise), an enterprise or a grid unit, for a date range
    (default: the last 30 days); rows are grouped by enterprise and 车间.
    """
    _require(actor, Role.SAFETY_MANAGER, *_GRID_ROLES)
    last = end or datetime.now(queries.CHINA).date()
    first = start or last - timedelta(days=30)
    if first > last:
        raise InvalidInput("from must not be after to", field="from")
    if tenant is None and grid_unit is None and actor.role is Role.SAFETY_MANAGER:
        tenant = actor.tenant
    with engine.connect() as conn:
        tenants, scope = documents.ledger_scope(
            conn,
            tenant=tenant,
            grid_unit=_unit_in_scope(conn, actor, grid_unit),
            visible=visible_tenants(conn, actor),
        )
        data = documents.check_ledger(
            conn,
            tenants,
            scope=scope,
            start=first,
            end=last,
            fmt=fmt,
            post=post,
            workshop=workshop,
        )
    media = XLSX if fmt == "xlsx" else PDF
    return _file(data, f"排查记录台账-{first:%Y%m%d}-{last:%Y%m%d}.{fmt}", media)


def _unit_in_scope(conn: Connection, actor: Actor, unit: str | None) -> str | None:
    """A grid unit the actor may ask about: their own or below (any for an administrator)."""
    if unit is None or actor.role is Role.ADMIN:
        return unit
    units = grid_units(conn)
    home = actor.grid_unit
    if (
        home is None
        or GridUnitId(unit) not in units
        or not is_within(GridUnitId(unit), home, units)
    ):
        raise NotFound(f"no grid unit {unit}")
    return unit
