"""An import from upload to database: read, check every row, write all in one transaction."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, insert

from sync_server.lists.store import ImportSummary, save_reference, stored_bodies
from sync_server.lists.validate import validate
from sync_server.lists.workbook import read_tables
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
        ImportRejected: Bad rows; nothing was written.
    """
    refs = validate(read_tables(data, filename), stored_bodies(conn), scope)
    summary = save_reference(conn, refs, write=not dry_run)
    if not dry_run:
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
