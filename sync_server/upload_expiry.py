"""Unfinished photo uploads: dropped once abandoned, and a cap on how many one enterprise holds.

An upload is abandoned when its newest chunk is older than ``upload_max_age_seconds`` (7 days
by default: a phone offline for a week resumes from zero, which costs it one photo's bytes).
Abandoned uploads are swept when the server starts and whenever an enterprise begins a new
upload, so no timer thread is needed. Until then an enterprise holds at most
``uploads_in_progress_per_tenant`` unfinished uploads; a new one past the cap is refused with
``429 media.quota`` (issue 13: partial uploads were kept for ever, without a bound).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, Engine, and_, delete, func, select, tuple_

from sync_server.problems import ServerProblem
from sync_server.schema import uploads
from sync_server.settings import Settings


class UploadQuota(ServerProblem):
    """The enterprise has as many unfinished uploads as it may: finish one, or wait."""

    code = "media.quota"


def sweep_abandoned(
    conn: Connection, settings: Settings, *, tenant: str | None = None, now: datetime | None = None
) -> int:
    """Drop every upload (of ``tenant``, or all) whose newest chunk is too old; how many."""
    cutoff = (now or datetime.now(UTC)) - timedelta(seconds=settings.upload_max_age_seconds)
    scope = [uploads.c.tenant == tenant] if tenant is not None else []
    stale = (
        select(uploads.c.tenant, uploads.c.sha256)
        .where(*scope)
        .group_by(uploads.c.tenant, uploads.c.sha256)
        .having(func.max(uploads.c.received_at) < cutoff)
    )
    keys = conn.execute(stale).all()
    for key in keys:
        conn.execute(
            delete(uploads).where(and_(uploads.c.tenant == key[0], uploads.c.sha256 == key[1]))
        )
    return len(keys)


def sweep_on_start(engine: Engine, settings: Settings) -> int:
    """The sweep a starting server runs once over every enterprise."""
    with engine.begin() as conn:
        return sweep_abandoned(conn, settings)


def check_quota(conn: Connection, settings: Settings, tenant: str) -> None:
    """Before a new upload of ``tenant``: sweep its abandoned ones, then count the rest.

    Raises:
        UploadQuota: The enterprise already holds its cap of unfinished uploads.
    """
    sweep_abandoned(conn, settings, tenant=tenant)
    held = conn.execute(
        select(func.count()).select_from(
            select(tuple_(uploads.c.sha256)).where(uploads.c.tenant == tenant).distinct().subquery()
        )
    ).scalar_one()
    if held >= settings.uploads_in_progress_per_tenant:
        raise UploadQuota(
            f"this enterprise has {held} unfinished photo uploads, the most it may hold: "
            "finish one first (an abandoned one is dropped after "
            f"{settings.upload_max_age_seconds // 86400} days)",
            limit=settings.uploads_in_progress_per_tenant,
            retry_after=60,
        )
