"""``GET /v1/reference`` by delta: the rows in a caller's scope changed since their cursor.

Every reference row carries the number it took from the reference counter when last written
(``reference.seq``). A phone keeps the cursor of its last answer and gets only what changed
after it, in pages; with no cursor, a cursor of another scope, or one older than a change of
the grid paths (an enterprise or a unit moved), the answer is full (``full: true``) and the
phone replaces its copy once the last page arrives. Everything is selected in SQL by the
indexed scope (sync_server/scope.py): no request reads the city's reference table.

A regulator gets the grid units and the enterprises of their scope only (``REGULATOR_KINDS``),
without QR keys (they scan no post): their screens read the server's aggregates, and one
enterprise's details (risk points, scores, hazards) from the profile routes on demand, so the
city's workshops, posts, cards and risk points never travel to their phone, and a change to
one of them sends them nothing.
"""

from __future__ import annotations

import hashlib
from typing import Any

from sqlalchemy import ColumnElement, Connection, Row, false, or_, select, true

from shared.qr import derive_tenant_key
from shared.roles import Actor, Role
from sync_server import reference_counter
from sync_server.schema import enterprises, grid_unit_paths, reference
from sync_server.scope import in_scope, path_units, scope_path, within

CURSOR_VERSION = "r1"
MAX_PAGE = 5000
"""Rows in one answer at most (the default too): a regulator's city comes in several pages."""
CURSOR_PATTERN = r"^r1\.[0-9]{1,19}\.[0-9a-f]{12}$"
REGULATOR_KINDS = ("enterprise",)
"""The rows of an enterprise a regulator's phone keeps (besides the grid units): names, units,
classes, for the grid tree and the profile's head."""


def scope_key(actor: Actor) -> str:
    """A short fingerprint of what the actor's scope is: a cursor only serves the same scope."""
    text = f"{actor.role.value}|{actor.tenant or ''}|{actor.grid_unit or ''}"
    if actor.role is Role.REGULATOR:
        # What a regulator is sent changed (REGULATOR_KINDS): a cursor of before is answered in
        # full, so their phone replaces the city's workshops, posts, cards and points it held.
        text += "|" + ",".join(REGULATOR_KINDS)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def make_cursor(actor: Actor, seq: int) -> str:
    """The opaque cursor a phone sends back."""
    return f"{CURSOR_VERSION}.{seq}.{scope_key(actor)}"


def cursor_number(cursor: str) -> int:
    """The reference number a well-formed cursor stands at (people changed after it are sent)."""
    return int(cursor.split(".")[1])


def cursor_seq(conn: Connection, actor: Actor, cursor: str | None, counted: int) -> int | None:
    """The number after which to answer, or None for a full answer.

    A cursor beyond the counter (``counted``) comes from another database (restored from a
    backup, say): it is answered in full, and never reaches a query as a number too large.
    """
    if cursor is None:
        return None
    version, seq, key = cursor.split(".")
    if version != CURSOR_VERSION or key != scope_key(actor):
        return None
    after = int(seq)
    if after > counted:
        return None
    if after < reference_counter.current(conn, reference_counter.SCOPE_CHANGED_ROW):
        return None
    return after


def reference_page(
    conn: Connection, actor: Actor, cursor: str | None, limit: int, secret: bytes
) -> dict[str, Any]:
    """One page of reference rows in the actor's scope, oldest change first.

    The counter is read before the rows: every row numbered up to it had committed, so when
    the page is the last one the next cursor may jump to it, and a quiet scope stays cheap.
    """
    counted = reference_counter.current(conn)
    after = cursor_seq(conn, actor, cursor, counted)
    full = after is None
    since = after or 0
    # A full answer walks the scope's enterprises; a delta walks the rows changed since.
    tenant_rows = _tenant_rows(conn, actor, since, limit + 1, by_rows=not full)
    rows = sorted(
        [*tenant_rows, *_unit_rows(conn, actor, since, limit + 1)],
        key=lambda row: int(row.seq),
    )
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = int(rows[-1].seq) if rows else since
    found: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        found.setdefault(row.kind, []).append(row.body)
    keys = {
        company["id"]: derive_tenant_key(secret, company["id"]).hex()
        for company in found.get("enterprise", [])
        if actor.role is not Role.REGULATOR  # scans no post: 32 random bytes an enterprise
    }
    return {
        **found,
        "qr_keys": keys,
        "cursor": make_cursor(actor, last if has_more else max(last, counted)),
        "full": full,
        "has_more": has_more,
    }


def _tenant_rows(
    conn: Connection, actor: Actor, since: int, limit: int, *, by_rows: bool
) -> list[Row[Any]]:
    scope = in_scope(conn, actor, reference.c.tenant, by_rows=by_rows)
    kinds = reference.c.kind.in_(REGULATOR_KINDS) if actor.role is Role.REGULATOR else true()
    return list(
        conn.execute(
            select(reference.c.kind, reference.c.body, reference.c.seq)
            .where(reference.c.seq > since, scope, kinds)
            .order_by(reference.c.seq)
            .limit(limit)
        )
    )


def _unit_rows(conn: Connection, actor: Actor, since: int, limit: int) -> list[Row[Any]]:
    """The units above the scope (to name where things are) and, for a grid scope, below it."""
    return list(
        conn.execute(
            select(reference.c.kind, reference.c.body, reference.c.seq)
            .where(
                reference.c.kind == "grid_unit",
                reference.c.seq > since,
                _units_of(conn, actor),
            )
            .order_by(reference.c.seq)
            .limit(limit)
        )
    )


def _units_of(conn: Connection, actor: Actor) -> ColumnElement[bool]:
    if actor.role in (Role.WORKER, Role.SAFETY_MANAGER):
        home = conn.execute(
            select(enterprises.c.grid_path).where(enterprises.c.id == actor.tenant)
        ).scalar_one_or_none()
        return reference.c.id.in_(path_units(home)) if home else false()
    path = scope_path(conn, actor)
    if path is None:
        return false()
    below = select(grid_unit_paths.c.id).where(within(grid_unit_paths.c.grid_path, path))
    return or_(reference.c.id.in_(path_units(path)[:-1]), reference.c.id.in_(below))
