"""The engine: SQLite in WAL mode by default, PostgreSQL through psycopg 3 when configured."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, insert, select
from sqlalchemy.pool import QueuePool

from sync_server import reference_counter
from sync_server.migrations import add_reference_seq, analyze, migrate_small_place_kinds
from sync_server.notice_numbers import remember_numbers_on_record
from sync_server.risk_rollup import rebuild_risk_rollups, risk_rollups_are_stale
from sync_server.schema import metadata, sequence
from sync_server.scope import paths_are_stale, refresh_paths
from sync_server.settings import Settings

SQLITE_POOL = 8
SQLITE_OVERFLOW = 32
"""Pooled SQLite connections: enough for the request threads (one writer at a time anyway)."""


def make_engine(settings: Settings) -> Engine:
    """Create the engine and the schema; idempotent, so every replica may call it on start."""
    url = settings.url
    if url.startswith("sqlite"):
        settings.prepare_data_dir()  # 0700 folder, 0600 database: it holds password hashes
        # Pooled: opening a connection and setting its pragmas cost more than a small push.
        engine = create_engine(
            url,
            poolclass=QueuePool,
            pool_size=SQLITE_POOL,
            max_overflow=SQLITE_OVERFLOW,
            connect_args={"check_same_thread": False},
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        _one_writer_at_a_time(engine)
    else:
        engine = create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)
    metadata.create_all(engine)
    with engine.begin() as conn:
        if conn.execute(select(sequence.c.value).where(sequence.c.id == 1)).first() is None:
            conn.execute(insert(sequence).values(id=1, value=0))
        reference_counter.ensure_rows(conn)
        add_reference_seq(conn)
        migrate_small_place_kinds(conn)
        remember_numbers_on_record(conn)
        if paths_are_stale(conn):
            refresh_paths(conn)
        if risk_rollups_are_stale(conn):
            rebuild_risk_rollups(conn)
    with engine.begin() as conn:
        analyze(conn)
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


WRITE_LOCK = "shuangkong_write_lock"
"""Key in a connection's ``info``: it holds its engine's writer lock."""
WRITE_WAIT_S = 30.0
"""As long as SQLite's own busy timeout; past it SQLite decides, as it did before the lock."""


_WRITE_LOCKS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()


def write_lock(engine: Engine) -> threading.Lock:
    """The lock a SQLite engine's writers queue on (tests look at it)."""
    return _WRITE_LOCKS[engine]


def _one_writer_at_a_time(engine: Engine) -> None:
    """Writers take the write lock at BEGIN, and queue for it on a lock in this process.

    BEGIN IMMEDIATE means one writer at a time: server_seq then follows commit order, and two
    writers never deadlock upgrading a read lock. Reads begin deferred and see a consistent WAL
    snapshot. Writers used to wait in SQLite's busy handler, which sleeps (up to 100 ms a
    try) instead of waking when the lock is free: under 200 phones the lock sat idle while
    pushes slept, and pushes took seconds (bench/load.py). A lock in the process hands over
    at once; SQLite's busy handler is left for other processes.
    """
    lock = _WRITE_LOCKS[engine] = threading.Lock()

    def begin(conn: Any) -> None:
        if conn.get_execution_options().get(READ_ONLY, False):
            conn.exec_driver_sql("BEGIN")
            return
        conn.info[WRITE_LOCK] = lock.acquire(timeout=WRITE_WAIT_S)
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            release(conn)
            raise

    def release(conn: Any) -> None:
        # Called as the commit or rollback starts: the next writer may meet SQLite's lock for
        # the moment the commit takes, and then waits in the busy handler, briefly.
        if conn.info.pop(WRITE_LOCK, False):
            lock.release()

    event.listen(engine, "begin", begin)
    event.listen(engine, "commit", release)
    event.listen(engine, "rollback", release)
