"""An import from upload to database: read, check every row, write all in one transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, insert

from sync_server.lists.store import ImportSummary, save_reference, stored_bodies
from sync_server.lists.validate import validate
from sync_server.lists.workbook import Table, read_tables
from sync_server.migrations import analyze
from sync_server.people import people_named
from sync_server.schema import audit


def import_file(
    conn: Connection,
    data: bytes,
    filename: str,
    *,
    by: str | None = None,
    scope: str | None = None,
    dry_run: bool = False,
) -> ImportSummary:
    """Import a workbook or CSV file, all or nothing; records are updated by their codes.

    Nothing is written unless every row is good, so a failed import leaves the database as it
    was and its report lists every problem at once. Importing the same file again changes
    nothing. Records missing from the file are kept (an import never deletes).

    Args:
        conn: A connection in the transaction that commits the whole import.
        data: The uploaded bytes.
        filename: The upload's name (a CSV file's name may say which list it holds).
        by: Who imports, for the audit trail; None for the command line.
        scope: A safety manager's enterprise; None for an administrator or the command line.
        dry_run: Check and count, write nothing.

    Raises:
        BadFile: Not a readable .xlsx or CSV file.
        ImportTooLarge: Past the row, cell or size budget of ``workbook``.
        ImportRejected: Bad rows; nothing was written.
    """
    tables = read_tables(data, filename)
    return import_tables(conn, tables, filename, by=by, scope=scope, dry_run=dry_run)


def import_tables(
    conn: Connection,
    tables: list[Table],
    filename: str,
    *,
    by: str | None = None,
    scope: str | None = None,
    dry_run: bool = False,
) -> ImportSummary:
    """Import tables already read from a file (see ``import_file``).

    The server reads the file first, outside any transaction, so a slow or hostile file never
    holds the single writer while other enterprises' pushes wait.
    """
    refs = validate(
        tables, stored_bodies(conn), scope, people=lambda names: people_named(conn, names)
    )
    summary = save_reference(conn, refs, write=not dry_run)
    if not dry_run:
        analyze(conn)  # a city's import changes the statistics the planner picks indexes by
        conn.execute(
            insert(audit).values(
                at=datetime.now(UTC),
                actor=by,
                action="reference.imported",
                subject=filename[:200],
                detail=summary.model_dump(),
            )
        )
    return summary
