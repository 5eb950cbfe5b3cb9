"""Data migrations run on every start: idempotent rewrites of stored records to current words.

Events are never rewritten (they are the legal record); reading them through the shared models
already maps old words. Reference data is rewritten so that exports, imports and comparisons
see one word for one thing.
"""

from __future__ import annotations

from sqlalchemy import Connection, select, update

from shared.org import migrate_small_place_kind
from sync_server.schema import reference


def migrate_small_place_kinds(conn: Connection) -> int:
    """Move enterprises stored with a kind the city no longer has to its new kind (issue 21).

    Returns:
        How many enterprises were rewritten; 0 once done, so every replica may run it.
    """
    rows = conn.execute(
        select(reference.c.id, reference.c.body).where(reference.c.kind == "enterprise")
    ).all()
    moved = 0
    for row in rows:
        kind = row.body.get("small_place_kind")
        current = migrate_small_place_kind(kind)
        if current != kind:
            body = {**row.body, "small_place_kind": current}
            conn.execute(
                update(reference)
                .where(reference.c.kind == "enterprise", reference.c.id == row.id)
                .values(body=body)
            )
            moved += 1
    return moved
