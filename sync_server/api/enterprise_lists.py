"""一企一清单、一车间一表格、一岗一卡: an enterprise's 风险清单, 隐患排查清单 and 岗位风险告知卡."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Response
from sqlalchemy import Connection

from shared.errors import NotPermitted
from shared.roles import Actor, Role
from sync_server.deps import ActorDep, ReaderDep, SettingsDep
from sync_server.lists import queries
from sync_server.lists.enterprise_lists import (
    EnterpriseLists,
    check_list_pdf,
    check_list_xlsx,
    enterprise_lists,
    risk_list_pdf,
    risk_list_xlsx,
)
from sync_server.lists.risk_cards import risk_cards_pdf
from sync_server.problems import NotFound
from sync_server.scope import visible_tenants

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
READERS = frozenset({Role.SAFETY_MANAGER, Role.INSPECTOR, Role.REGULATOR})
"""Who prints an enterprise's lists: its manager and the grid's people, as the risk ledger."""
Tenant = Annotated[str | None, Query(max_length=64, description="the enterprise")]
Format = Literal["xlsx", "pdf"]

router = APIRouter(prefix="/v1", tags=["lists"])


def _files(*media_types: str) -> dict[int | str, dict[str, Any]]:
    binary = {"schema": {"type": "string", "format": "binary"}}
    return {200: {"description": "The file", "content": dict.fromkeys(media_types, binary)}}


def _lists(conn: Connection, actor: Actor, tenant: str | None) -> EnterpriseLists:
    """The lists of one enterprise in the actor's scope (a manager's own by default)."""
    if actor.role not in READERS:
        raise NotPermitted(f"a {actor.role} may not do this")
    wanted = tenant or actor.tenant
    if wanted is None or wanted not in visible_tenants(conn, actor):
        raise NotFound(f"no enterprise {wanted} in your scope")
    return enterprise_lists(conn, queries.enterprise(conn, wanted), queries.display_names(conn))


def _file(data: bytes, name: str, media_type: str) -> Response:
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media_type, headers={"Content-Disposition": disposition})


@router.get("/documents/risk-list.{fmt}", response_class=Response, responses=_files(PDF, XLSX))
def risk_list(fmt: Format, actor: ActorDep, engine: ReaderDep, tenant: Tenant = None) -> Response:
    """The 风险清单: every listed risk point, gravest first, with its measures and 责任人."""
    with engine.connect() as conn:
        lists = _lists(conn, actor, tenant)
    data = risk_list_xlsx(lists) if fmt == "xlsx" else risk_list_pdf(lists)
    media = XLSX if fmt == "xlsx" else PDF
    return _file(data, f"风险清单-{lists.enterprise.name}.{fmt}", media)


@router.get("/documents/check-list.{fmt}", response_class=Response, responses=_files(PDF, XLSX))
def check_list(fmt: Format, actor: ActorDep, engine: ReaderDep, tenant: Tenant = None) -> Response:
    """The 隐患排查清单: every item of every post's card; the PDF has a table per workshop."""
    with engine.connect() as conn:
        lists = _lists(conn, actor, tenant)
    data = check_list_xlsx(lists) if fmt == "xlsx" else check_list_pdf(lists)
    media = XLSX if fmt == "xlsx" else PDF
    return _file(data, f"隐患排查清单-{lists.enterprise.name}.{fmt}", media)


@router.get("/documents/risk-cards.pdf", response_class=Response, responses=_files(PDF))
def risk_cards(
    actor: ActorDep,
    engine: ReaderDep,
    settings: SettingsDep,
    tenant: Tenant = None,
    post: Annotated[list[str] | None, Query(max_length=500)] = None,
) -> Response:
    """岗位风险告知卡: a page per post (or the named posts) with its risks and the post QR."""
    with engine.connect() as conn:
        lists = _lists(conn, actor, tenant)
        posts = queries.post_cards(conn, lists.enterprise.id, settings.signing_secret(), post or ())
    data = risk_cards_pdf(lists, posts)
    return _file(data, f"岗位风险告知卡-{lists.enterprise.name}.pdf", PDF)
