"""The reference counter: every written reference row takes the next number, a phone's cursor.

It lives in the ``sequence`` table beside the events' counter (row 1) and is bumped inside the
writing transaction, so on PostgreSQL too a later number never commits before an earlier one
(the row lock serialises writers), and a cursor never skips a row that commits late.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from sync_server.schema import sequence

REFERENCE_ROW = 2
"""The counter of reference rows."""
SCOPE_CHANGED_ROW = 3
"""The reference counter's value when a grid path last changed (a unit or an enterprise moved):
a cursor older than it gets the full answer, since what is in a phone's scope may have changed."""


def ensure_rows(conn: Connection) -> None:
    """Create the counters' rows in a new database (or one made before them)."""
    have = set(conn.scalars(select(sequence.c.id)))
    for row in (REFERENCE_ROW, SCOPE_CHANGED_ROW):
        if row not in have:
            conn.execute(insert(sequence).values(id=row, value=0))


def take(conn: Connection, count: int = 1) -> int:
    """Reserve ``count`` numbers and return the first; the caller's transaction holds the row."""
    conn.execute(
        update(sequence)
        .where(sequence.c.id == REFERENCE_ROW)
        .values(value=sequence.c.value + count)
    )
    last = conn.execute(select(sequence.c.value).where(sequence.c.id == REFERENCE_ROW))
    return int(last.scalar_one()) - count + 1


def current(conn: Connection, row: int = REFERENCE_ROW) -> int:
    """The counter's value now (the last number taken)."""
    found = conn.execute(select(sequence.c.value).where(sequence.c.id == row)).scalar_one_or_none()
    return int(found or 0)


def mark_scope_changed(conn: Connection) -> None:
    """Note that grid paths changed as of the next reference number."""
    value = take(conn)
    conn.execute(update(sequence).where(sequence.c.id == SCOPE_CHANGED_ROW).values(value=value))
