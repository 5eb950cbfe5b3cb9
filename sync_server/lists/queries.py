"""Database reads behind the documents: cards with their QR codes, hazards, inspections, photos."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, select
from sqlalchemy.sql.elements import KeyedColumnElement

from shared.errors import InvalidInput
from shared.events import Event
from shared.hazards import Hazard
from shared.ids import GridUnitId, HazardId, TenantId
from shared.org import INDUSTRY_NAMES, SMALL_PLACE_NAMES, Enterprise, ancestors
from shared.qr import QrKind, QrPayload, derive_tenant_key, manual_code, sign_qr
from shared.text import STORED
from sync_server.lists.pdf_cards import EnterpriseCard, PostCard
from sync_server.lists.store import load_reference
from sync_server.problems import NotFound
from sync_server.schema import blobs, events, hazards, reference, users
from sync_server.schema import enterprises as enterprise_paths
from sync_server.scope import grid_units, unit_path, within

CHINA = timezone(timedelta(hours=8))
"""Documents show local time; China has one zone and no daylight saving."""


def enterprises(conn: Connection) -> dict[TenantId, Enterprise]:
    """Every enterprise by tenant id."""
    rows = conn.execute(select(reference.c.body).where(reference.c.kind == "enterprise"))
    found = (Enterprise.model_validate(row.body, context=STORED) for row in rows)
    return {company.id: company for company in found}


def enterprise(conn: Connection, tenant: str) -> Enterprise:
    """One enterprise; NotFound when there is none by that id."""
    company = enterprises(conn).get(TenantId(tenant))
    if company is None:
        raise NotFound(f"no enterprise {tenant}")
    return company


def find_enterprise(conn: Connection, text: str) -> Enterprise:
    """The enterprise whose tenant id, credit code or exact name is ``text``.

    People know an enterprise by its name; the records know it by its credit code. NotFound
    lists the names that contain ``text``, so a partial name leads to the right one.
    """
    wanted = text.strip()
    companies = enterprises(conn).values()
    exact = [c for c in companies if wanted in (c.id, c.credit_code, c.name)]
    if len(exact) == 1:
        return exact[0]
    if exact:
        codes = ", ".join(sorted(c.credit_code for c in exact))
        raise InvalidInput(f"{len(exact)} enterprises are called {wanted}: use a code ({codes})")
    near = sorted(c.name for c in companies if wanted and wanted in c.name)
    hint = f"; did you mean {'、'.join(near)}?" if near else ""
    raise NotFound(f"no enterprise {wanted}{hint}")


@dataclass(frozen=True, slots=True)
class Covered:
    """Every enterprise within a grid unit, as SQL on its stored path.

    Never a list of binds: PostgreSQL takes at most 65,535 in one statement and a city has
    more enterprises than that; the path range is one bind whatever the unit's size.
    """

    path: str

    def ids(self) -> Select[Any]:
        """The sub-select of the enterprises' ids (one index range)."""
        return select(enterprise_paths.c.id).where(within(enterprise_paths.c.grid_path, self.path))

    def tenants(self, conn: Connection) -> list[TenantId]:
        """The enterprises' ids, in order (for a document that prints one page each)."""
        return [TenantId(row) for row in conn.scalars(self.ids().order_by(enterprise_paths.c.id))]


Tenants = Collection[str] | Covered
"""The enterprises a document covers: the named ones, or every one within a grid unit."""


def covers(column: KeyedColumnElement[str], tenants: Tenants) -> ColumnElement[bool]:
    """A WHERE clause: the row's tenant ``column`` is one of ``tenants``."""
    if isinstance(tenants, Covered):
        return column.in_(tenants.ids())
    return column.in_(sorted(tenants))


def enterprise_names(conn: Connection, tenants: Tenants) -> dict[str, str]:
    """The names of these enterprises, by tenant id: a ledger prints names, not codes.

    Reads the name alone, of the covered enterprises only (not every body of the city).
    """
    rows = conn.execute(
        select(reference.c.id, reference.c.body["name"].as_string()).where(
            reference.c.kind == "enterprise", covers(reference.c.id, tenants)
        )
    )
    return {str(tenant): str(name) for tenant, name in rows}


def covered(conn: Connection, unit: str) -> Covered:
    """The enterprises registered in a grid unit or below it; NotFound for an unknown unit."""
    path = unit_path(conn, unit)
    if path is None:
        raise NotFound(f"no grid unit {unit}")
    return Covered(path)


def grid_path(conn: Connection, unit: GridUnitId) -> str:
    """The unit's place in the grid, city first: 秦海市 / 海港区 / 西港镇 / 东里村."""
    units = grid_units(conn)
    if unit not in units:
        return unit
    chain = [units[unit], *ancestors(unit, units)]
    return " / ".join(u.name for u in reversed(chain))


def post_cards(
    conn: Connection, tenant: str, secret: bytes, post_ids: Collection[str] = ()
) -> list[PostCard]:
    """The printable card of every post of an enterprise (or the named ones), with signed QRs."""
    company = enterprise(conn, tenant)
    refs = load_reference(conn, [company.id])
    workshops = {w.id: w.name for w in refs.workshop}
    cards = {c.id: c for c in refs.card}
    key = derive_tenant_key(secret, company.id)
    chosen = [p for p in refs.post if not post_ids or p.id in post_ids]
    if post_ids and len(chosen) < len(set(post_ids)):
        raise NotFound("no such post in this enterprise")
    found = []
    for post in sorted(chosen, key=lambda p: (p.workshop_id, p.id)):
        payload = QrPayload(
            kind=QrKind.POST, tenant=company.id, target_id=post.id, version=post.qr_version
        )
        found.append(
            PostCard(
                enterprise=company.name,
                workshop=workshops.get(post.workshop_id, post.workshop_id),
                post=post.name,
                post_id=post.id,
                card=cards.get(post.card_id) if post.card_id else None,
                qr_text=sign_qr(payload, key),
                manual_code=manual_code(payload, key),
            )
        )
    return found


def enterprise_cards(
    conn: Connection, tenants: Collection[str], secret: bytes
) -> list[EnterpriseCard]:
    """The printable enterprise card of each tenant, with its signed enterprise QR.

    The enterprises are read once, not once a card: a county's sheet has thousands.
    """
    companies = enterprises(conn)
    found = []
    for tenant in sorted(tenants):
        company = companies.get(TenantId(tenant))
        if company is None:
            raise NotFound(f"no enterprise {tenant}")
        key = derive_tenant_key(secret, company.id)
        payload = QrPayload(kind=QrKind.ENTERPRISE, tenant=company.id, target_id="", version=1)
        industry = INDUSTRY_NAMES[company.industry]
        if company.small_place_kind is not None:
            industry += f"（{SMALL_PLACE_NAMES[company.small_place_kind]}）"
        found.append(
            EnterpriseCard(
                enterprise=company.name,
                credit_code=company.credit_code,
                industry=industry,
                grid_path=grid_path(conn, company.grid_unit_id),
                qr_text=sign_qr(payload, key),
                manual_code=manual_code(payload, key),
            )
        )
    return found


def display_names(conn: Connection) -> dict[str, str]:
    """Every user's display name, to print people as people."""
    return {
        row.id: row.display_name for row in conn.execute(select(users.c.id, users.c.display_name))
    }


def hazard(conn: Connection, hazard_id: str) -> Hazard:
    """One hazard's projection; NotFound when there is none."""
    body = conn.execute(select(hazards.c.body).where(hazards.c.id == hazard_id)).scalar()
    if body is None:
        raise NotFound(f"no hazard {hazard_id}")
    return Hazard.model_validate(body, context=STORED)


def hazards_by_id(conn: Connection, hazard_ids: Collection[str]) -> list[Hazard]:
    """The hazards with these ids that the server holds, in the order asked."""
    rows = conn.execute(select(hazards.c.body).where(hazards.c.id.in_(sorted(set(hazard_ids)))))
    found = {h.id: h for h in (Hazard.model_validate(row.body, context=STORED) for row in rows)}
    return [found[HazardId(i)] for i in dict.fromkeys(hazard_ids) if HazardId(i) in found]


def hazards_of(conn: Connection, tenants: Tenants, start: date, end: date) -> list[Hazard]:
    """Hazards of the enterprises reported from ``start`` to ``end`` (local dates, inclusive)."""
    rows = conn.execute(
        select(hazards.c.body).where(covers(hazards.c.tenant, tenants)).order_by(hazards.c.id)
    )
    found = [Hazard.model_validate(row.body, context=STORED) for row in rows]
    return sorted(
        (h for h in found if start <= h.reported_at.astimezone(CHINA).date() <= end),
        key=lambda h: (h.reported_at, h.id),
    )


def inspection(conn: Connection, inspection_id: str) -> Event:
    """The recorded inspection (its first accepted event); NotFound when there is none."""
    body = conn.execute(
        select(events.c.body)
        .where(
            events.c.aggregate_type == "inspection",
            events.c.aggregate_id == inspection_id,
            events.c.status == "accepted",
        )
        .order_by(events.c.server_seq)
    ).scalar()
    if body is None:
        raise NotFound(f"no inspection {inspection_id}")
    return Event.stored(body)


def photo(conn: Connection, tenant: str, sha256: str) -> bytes | None:
    """A verified photo's display image (JPEG), or None when it has not arrived yet."""
    data: bytes | None = conn.execute(
        select(blobs.c.display).where(blobs.c.tenant == tenant, blobs.c.sha256 == sha256)
    ).scalar()
    return data


def local(moment: datetime | None, with_time: bool = False) -> str:
    """A stored instant as the local date (and time) people read on paper; "" for none."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=CHINA)
    shown = aware.astimezone(CHINA)
    return f"{shown:%Y-%m-%d %H:%M}" if with_time else f"{shown:%Y-%m-%d}"
