"""The engine: SQLite in WAL mode by default, PostgreSQL through psycopg 3 when configured."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, select
from sqlalchemy.pool import NullPool

from sync_server.schema import metadata, sequence
from sync_server.settings import Settings


def make_engine(settings: Settings) -> Engine:
    """Create the engine and the schema; idempotent, so every replica may call it on start."""
    url = settings.url
    if url.startswith("sqlite"):
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, poolclass=NullPool, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin_immediate)
    else:
        engine = create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)
    metadata.create_all(engine)
    with engine.begin() as conn:
        if conn.execute(select(sequence.c.value).where(sequence.c.id == 1)).first() is None:
            conn.execute(insert(sequence).values(id=1, value=0))
    return engine


@contextmanager
def one_transaction(settings: Settings) -> Iterator[Connection]:
    """One transaction on a short-lived engine, for commands that do one thing and exit."""
    engine = make_engine(settings)
    try:
        with engine.begin() as conn:
            yield conn
    finally:
        engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
    # The driver's own transaction handling is turned off so that BEGIN IMMEDIATE is ours.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


READ_ONLY = "shuangkong_read_only"
"""Execution option of the reader engine: its transactions begin deferred, never locking."""


def reader(engine: Engine) -> Engine:
    """The same pool for reads only: on SQLite (WAL) they never wait for a writer."""
    return engine.execution_options(**{READ_ONLY: True})


def _sqlite_begin_immediate(conn: Any) -> None:
    # One writer at a time, taken at BEGIN: server_seq then follows commit order, and two
    # writers never deadlock upgrading a read lock. Reads see a consistent WAL snapshot.
    read_only = conn.get_execution_options().get(READ_ONLY, False)
    conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")
