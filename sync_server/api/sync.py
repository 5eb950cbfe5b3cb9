"""Push, pull, reference data and device status."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from sqlalchemy import Connection, select

from shared.errors import BadText
from shared.events import MAX_COUNTER_VALUE
from shared.ids import TenantId
from shared.protocol import MAX_BATCH, HazardRecord, PullPage, PushRequest, PushResponse
from shared.roles import Actor
from shared.text import ONE_LINE, lone_surrogate_at
from sync_server import feed, merge, reference_feed
from sync_server.deps import ActorDep, EngineDep, ReaderDep, SettingsDep
from sync_server.hazard_record import hazard_record
from sync_server.people import reference_people
from sync_server.problems import NotFound, TooLarge
from sync_server.schema import devices
from sync_server.scope import is_wide, visible_tenants

router = APIRouter(prefix="/v1", tags=["sync"])


@router.post("/sync/push")
def push(
    body: PushRequest, actor: ActorDep, engine: EngineDep, settings: SettingsDep
) -> PushResponse:
    """Store a batch of events; every event gets a final status (see docs/sync-protocol.md)."""
    if len(body.events) > min(settings.max_batch, MAX_BATCH):
        raise TooLarge(f"at most {MAX_BATCH} events per push", limit=MAX_BATCH)
    if (where := lone_surrogate_at(body.events, "events")) is not None:
        # Not text at all: it could be neither hashed nor kept in quarantine, so nothing is.
        raise BadText(f"{where}: a lone surrogate is not text", field=where)
    with engine.begin() as conn:
        return merge.push(conn, actor, body.device_id, body.events)


@router.get("/sync/pull")
def pull(
    actor: ActorDep,
    engine: ReaderDep,
    settings: SettingsDep,
    cursor: Annotated[int, Query(ge=0, le=MAX_COUNTER_VALUE)] = 0,
    limit: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> PullPage:
    """Events you may see with server_seq above the cursor, oldest first."""
    with engine.connect() as conn:
        return feed.pull(conn, actor, cursor, limit or settings.pull_page)


@router.get("/reference")
def reference_data(
    actor: ActorDep,
    engine: ReaderDep,
    settings: SettingsDep,
    cursor: Annotated[str | None, Query(pattern=reference_feed.CURSOR_PATTERN)] = None,
    limit: Annotated[int, Query(ge=1, le=reference_feed.MAX_PAGE)] = reference_feed.MAX_PAGE,
) -> dict[str, Any]:
    """Grid units, enterprises, workshops, posts, cards and risk points in your scope.

    Also the QR keys of the enterprises sent, so a phone verifies a post's code offline. With
    the ``cursor`` of your last answer, only the rows changed since (see docs/sync-protocol.md,
    "Reference data by delta"); ``full: true`` means replace what you hold. Every answer also
    lists the people the phone shows by name (``person``, see :func:`_people_of`): all of them
    in a full answer, those changed since the cursor in a delta.
    """
    with engine.connect() as conn:
        page = reference_feed.reference_page(conn, actor, cursor, limit, settings.signing_secret())
        since = None if page["full"] or cursor is None else reference_feed.cursor_number(cursor)
        page["person"] = reference_people(conn, _people_of(conn, actor), since)
    return page


def _people_of(conn: Connection, actor: Actor) -> frozenset[TenantId]:
    """Whose people a phone keeps, besides the inspectors and regulators everyone sees.

    An enterprise's own; an inspector's township's (its records name them); none for a county
    or a city, whose people are hundreds of thousands and whose screens read the server.
    """
    if is_wide(conn, actor):
        return frozenset()
    return visible_tenants(conn, actor)


@router.get("/hazards/{hazard_id}")
def hazard(
    hazard_id: Annotated[str, Path(min_length=1, max_length=200), ONE_LINE],
    actor: ActorDep,
    engine: ReaderDep,
) -> HazardRecord:
    """One hazard: its state, every step with its full content, and its conflicts.

    Scoped like pull: a hazard outside your scope is 404, as one that does not exist.
    """
    with engine.connect() as conn:
        return hazard_record(conn, actor, hazard_id)


@router.get("/devices/{device_id}")
def device_status(
    device_id: Annotated[str, Path(min_length=1, max_length=128), ONE_LINE],
    actor: ActorDep,
    engine: ReaderDep,
) -> dict[str, Any]:
    """What the server has of one of your devices: highest sequence, gaps, clock skew."""
    with engine.connect() as conn:
        row = conn.execute(select(devices).where(devices.c.id == device_id)).first()
        if row is None or row.user_id != actor.user_id:
            raise NotFound("no such device of yours")
        missing = merge.missing_seqs(conn, device_id, int(row.max_seq), int(row.seq_count))
    return {
        "device_id": row.id,
        "max_seq": row.max_seq,
        "seq_count": row.seq_count,
        "missing_seqs": missing,
        "max_skew_ms": row.max_skew_ms,
    }
