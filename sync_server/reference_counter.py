"""The reference counter: every written reference row takes the next number, a phone's cursor.

It lives in the ``counters`` table and is bumped inside the writing transaction, so on
PostgreSQL too a later number never commits before an earlier one (the row lock serialises
writers), and a cursor never skips a row that commits late.
"""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from sync_server.schema import counters

REFERENCE_ROW = "reference"
"""The counter of reference rows."""
SCOPE_CHANGED_ROW = "scope_changed"
"""The reference counter's value when a grid path last changed (a unit or an enterprise moved):
a cursor older than it gets the full answer, since what is in a phone's scope may have changed."""


def ensure_rows(conn: Connection) -> None:
    """Create the counters' rows in a new database (or one made before them)."""
    have = set(conn.scalars(select(counters.c.name)))
    for row in (REFERENCE_ROW, SCOPE_CHANGED_ROW):
        if row not in have:
            conn.execute(insert(counters).values(name=row, value=0))


def take(conn: Connection, count: int = 1) -> int:
    """Reserve ``count`` numbers and return the first; the caller's transaction holds the row."""
    conn.execute(
        update(counters)
        .where(counters.c.name == REFERENCE_ROW)
        .values(value=counters.c.value + count)
    )
    last = conn.execute(select(counters.c.value).where(counters.c.name == REFERENCE_ROW))
    return int(last.scalar_one()) - count + 1


def current(conn: Connection, row: str = REFERENCE_ROW) -> int:
    """The counter's value now (the last number taken)."""
    query = select(counters.c.value).where(counters.c.name == row)
    found = conn.execute(query).scalar_one_or_none()
    return int(found or 0)


def mark_scope_changed(conn: Connection) -> None:
    """Note that grid paths changed as of the next reference number."""
    value = take(conn)
    conn.execute(update(counters).where(counters.c.name == SCOPE_CHANGED_ROW).values(value=value))
