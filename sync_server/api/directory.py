"""An admin's directory: the enterprises, their posts and the grid units, to manage people by.

An admin sees none of the legal record, so their phone's reference data is empty; yet to add
a worker to an enterprise, or an inspector to a grid unit, they must find it. These routes
answer names and ids only (no records), searched and paged, since a city has tens of
thousands of enterprises. Every other role has its own reference data and gets 403.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel
from sqlalchemy import ColumnElement, select, true

from shared.errors import NotPermitted
from shared.roles import Actor, Role
from shared.text import ONE_LINE
from sync_server.deps import ActorDep, ReaderDep
from sync_server.problems import NotFound
from sync_server.schema import reference

router = APIRouter(prefix="/v1/users", tags=["users"])

MAX_PAGE = 200
"""The longest page of enterprises or grid units: a search narrows, a page is read by eye."""

Search = Annotated[str, Query(max_length=64, description="part of the name or id"), ONE_LINE]
Limit = Annotated[int, Query(ge=1, le=MAX_PAGE)]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


class Place(BaseModel):
    """An enterprise or a grid unit as the admin picks it: id, name, and where it sits."""

    id: str
    name: str
    within: str = ""  # an enterprise's grid unit, a grid unit's level


class PostPlace(BaseModel):
    """A post an enterprise's worker may hold, named as the phone names it (车间 · 岗位)."""

    id: str
    place: str


@router.get("/enterprises")
def enterprises(
    actor: ActorDep, reader: ReaderDep, q: Search = "", limit: Limit = 50, offset: Offset = 0
) -> list[Place]:
    """Enterprises whose name or id holds ``q``, by id, paged (an admin's only)."""
    _admin(actor)
    rows = _search(reader, "enterprise", q, limit, offset)
    return [Place(id=id_, name=b["name"], within=b.get("grid_unit_id", "")) for id_, b in rows]


@router.get("/grid-units")
def grid_units(
    actor: ActorDep, reader: ReaderDep, q: Search = "", limit: Limit = 50, offset: Offset = 0
) -> list[Place]:
    """Grid units whose name or id holds ``q``, by id, paged: an official's scope to pick."""
    _admin(actor)
    rows = _search(reader, "grid_unit", q, limit, offset)
    return [Place(id=id_, name=b["name"], within=b.get("level", "")) for id_, b in rows]


@router.get("/enterprises/{tenant}/posts")
def enterprise_posts(
    tenant: Annotated[str, Path(min_length=1, max_length=64)], actor: ActorDep, reader: ReaderDep
) -> list[PostPlace]:
    """The posts of one enterprise, 车间 · 岗位, for placing its workers (an admin's only)."""
    _admin(actor)
    with reader.connect() as conn:
        known = conn.execute(
            select(reference.c.id).where(reference.c.kind == "enterprise", reference.c.id == tenant)
        ).first()
        if known is None:
            raise NotFound(f"no enterprise {tenant}")
        rows = conn.execute(
            select(reference.c.kind, reference.c.id, reference.c.body)
            .where(reference.c.tenant == tenant, reference.c.kind.in_(("workshop", "post")))
            .order_by(reference.c.id)
        ).all()
    workshops = {row.id: row.body["name"] for row in rows if row.kind == "workshop"}
    return [
        PostPlace(id=row.id, place=_place(workshops.get(row.body.get("workshop_id")), row.body))
        for row in rows
        if row.kind == "post"
    ]


def _place(workshop: str | None, post: dict[str, str]) -> str:
    return f"{workshop} · {post['name']}" if workshop else post["name"]


def _search(
    reader: ReaderDep, kind: str, q: str, limit: int, offset: int
) -> list[tuple[str, dict[str, str]]]:
    """One page of a kind of reference row whose id or name holds ``q`` (the JSON's name)."""
    name = reference.c.body["name"].as_string()
    found: ColumnElement[bool] = true()
    if q.strip():
        needle = q.strip()
        found = reference.c.id.contains(needle, autoescape=True) | name.contains(
            needle, autoescape=True
        )
    with reader.connect() as conn:
        rows = conn.execute(
            select(reference.c.id, reference.c.body)
            .where(reference.c.kind == kind, found)
            .order_by(reference.c.id)
            .limit(limit)
            .offset(offset)
        ).all()
    return [(row.id, row.body) for row in rows]


def _admin(actor: Actor) -> None:
    if actor.role is not Role.ADMIN:
        raise NotPermitted(f"a {actor.role} has the reference data of their own scope")


__all__ = ["MAX_PAGE", "Place", "PostPlace", "router"]
