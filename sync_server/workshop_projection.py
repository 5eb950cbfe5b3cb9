"""Workshops and posts set up on phones (``workshop.defined``), folded into the reference data.

Onboarding makes a new enterprise's places on the manager's phone; once folded here they are
reference rows like imported ones, so cards can be defined for the posts, risk points can name
them, and the posts reach the workers' 今日 with the next reference read. The last definition
of a workshop (by the canonical order) names it and its posts; a post keeps its card and its
QR version when renamed or moved, and a post a later definition leaves out stays, since its
cards and ticks are records.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, insert, select, update

from shared.events import AggregateType, Event, canonical_order
from shared.ids import PostId, TenantId, WorkshopId
from shared.org import Post, Workshop
from shared.payloads import PostLocated, WorkshopDefined
from sync_server import reference_counter
from sync_server.schema import reference

__all__ = ["fold_workshop", "store_post_positions", "store_workshops"]


def fold_workshop(stored: Sequence[Event]) -> tuple[Workshop, list[Post]] | None:
    """The workshop and its posts as its last definition names them (posts without cards)."""
    ordered = canonical_order(list(stored))
    if not ordered:
        return None
    last = ordered[-1]
    payload = WorkshopDefined.model_validate(last.payload)
    shop = Workshop(id=WorkshopId(last.aggregate.id), tenant=last.tenant, name=payload.name)
    posts = [
        Post(
            id=PostId(line.id),
            tenant=TenantId(last.tenant),
            workshop_id=shop.id,
            name=line.name,
            responsible=line.responsible,
        )
        for line in payload.posts
    ]
    return shop, posts


def store_workshops(
    conn: Connection, ids: Sequence[str], stored: Mapping[tuple[AggregateType, str], list[Event]]
) -> None:
    """Write each defined workshop and its posts into the reference data."""
    for workshop_id in ids:
        folded = fold_workshop(stored.get((AggregateType.WORKSHOP, workshop_id), []))
        if folded is None:
            continue
        shop, posts = folded
        _upsert(conn, "workshop", shop.id, shop.tenant, shop.model_dump(mode="json"))
        for post in posts:
            _upsert_post(conn, post)


def store_post_positions(
    conn: Connection, ids: Sequence[str], stored: Mapping[tuple[AggregateType, str], list[Event]]
) -> None:
    """Each located post's coordinates, from its last ``post.located``, into its reference row.

    Only the coordinates change: the post keeps its name, card and QR version. A post the
    reference data does not hold is skipped (the push refuses such an event before this).
    """
    for post_id in ids:
        ordered = canonical_order(list(stored.get((AggregateType.POST, post_id), [])))
        found = _body(conn, "post", post_id)
        if not ordered or found is None:
            continue
        where = PostLocated.model_validate(ordered[-1].payload)
        body = {**found, "latitude": where.latitude, "longitude": where.longitude}
        if body != found:
            _upsert(conn, "post", post_id, ordered[-1].tenant, body)


def _upsert_post(conn: Connection, post: Post) -> None:
    """A new post, or an existing one renamed, moved or given another 责任人.

    It keeps its card, QR version and position: those are set elsewhere (cards, the import).
    """
    found = _body(conn, "post", post.id)
    body = post.model_dump(mode="json")
    if found is not None:
        kept = {key: body[key] for key in ("name", "workshop_id", "responsible")}
        body = {**found, **kept}
        if body == found:
            return
    _upsert(conn, "post", post.id, post.tenant, body)


def _body(conn: Connection, kind: str, row_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        select(reference.c.body).where(reference.c.kind == kind, reference.c.id == row_id)
    ).first()
    return None if row is None else dict(row.body)


def _upsert(conn: Connection, kind: str, row_id: str, tenant: str, body: dict[str, Any]) -> None:
    if _body(conn, kind, row_id) is None:
        conn.execute(
            insert(reference).values(
                kind=kind, id=row_id, tenant=tenant, body=body, seq=reference_counter.take(conn)
            )
        )
        return
    conn.execute(
        update(reference)
        .where(reference.c.kind == kind, reference.c.id == row_id)
        .values(body=body, seq=reference_counter.take(conn))
    )
