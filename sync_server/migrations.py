"""Data migrations run on every start: idempotent rewrites of stored records to current words.

Events are never rewritten (they are the legal record); reading them through the shared models
already maps old words. Reference data is rewritten so that exports, imports and comparisons
see one word for one thing.
"""

from __future__ import annotations

from sqlalchemy import Connection, bindparam, inspect, select, update

from shared.org import migrate_small_place_kind
from sync_server import reference_counter
from sync_server.schema import audit, card_records, daily_scores, events, reference, users


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
                .values(body=body, seq=reference_counter.take(conn))
            )
            moved += 1
    return moved


def add_reference_seq(conn: Connection) -> None:
    """Give a database made before reference cursors the ``seq`` column and its numbers.

    ``create_all`` makes missing tables only: a column or index added to an existing table
    (``reference.seq``, indexes on ``users.tenant``, ``audit.action``, a day's lights, the
    nightly score's ``events (tenant, type)`` and ``card_records (tenant, period)``) is added
    here, once.
    """
    columns = {column["name"] for column in inspect(conn).get_columns("reference")}
    if "seq" not in columns:
        conn.exec_driver_sql("ALTER TABLE reference ADD COLUMN seq BIGINT")
    for table in (reference, users, audit, daily_scores, events, card_records):
        for index in table.indexes:
            index.create(conn, checkfirst=True)
    unnumbered = conn.execute(
        select(reference.c.kind, reference.c.id).where(reference.c.seq.is_(None))
    ).all()
    if unnumbered:
        first = reference_counter.take(conn, len(unnumbered))
        conn.execute(
            update(reference)
            .where(reference.c.kind == bindparam("k"), reference.c.id == bindparam("i"))
            .values(seq=bindparam("s")),
            [{"k": r.kind, "i": r.id, "s": first + n} for n, r in enumerate(unnumbered)],
        )


def analyze(conn: Connection) -> None:
    """Refresh the planner's statistics (at start and after an import).

    SQLite keeps none until asked, and without them it may pick a poor index for a city's
    queries. ``analysis_limit`` samples each index, so a start over 10^7 events stays quick.
    """
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
        conn.exec_driver_sql("ANALYZE")
    else:
        conn.exec_driver_sql("ANALYZE")
