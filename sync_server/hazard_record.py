"""One hazard's full record, so "a defined winner plus a recorded conflict" can be checked.

The projection table keeps the fold's result; this reads the hazard's accepted events again,
folds them with the same fold the phones run, and joins each timeline step to what its event
said and the ``server_seq`` it was given.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from shared.events import AggregateType, Event
from shared.hazards import Severity, TimelineEntry, fold_hazard
from shared.protocol import HazardRecord, HazardStep
from shared.roles import Actor
from sync_server.problems import NotFound
from sync_server.schema import events
from sync_server.scope import in_scope


def hazard_record(conn: Connection, actor: Actor, hazard_id: str) -> HazardRecord:
    """The record of one hazard in the actor's scope; NotFound as for one that does not exist."""
    rows = conn.execute(
        select(events.c.server_seq, events.c.body).where(
            events.c.aggregate_type == AggregateType.HAZARD.value,
            events.c.aggregate_id == hazard_id,
            events.c.status == "accepted",
            in_scope(conn, actor, events.c.tenant, by_rows=True),  # one hazard's few rows
        )
    ).all()
    stored = {row.body["event_id"]: (int(row.server_seq), row.body) for row in rows}
    hazard = fold_hazard(Event.stored(body) for _, body in stored.values())
    if hazard is None:
        raise NotFound("no such hazard in your scope")
    raised: dict[str, str] = {c.event_ids[-1]: c.id for c in hazard.conflicts}
    hard = [c for c in hazard.conflicts if c.severity is Severity.HARD]
    return HazardRecord(
        state=hazard.model_copy(update={"timeline": (), "conflicts": ()}),
        timeline=[_step(entry, *stored[entry.event_id], raised) for entry in hazard.timeline],
        open_conflicts=[c for c in hard if c.resolved_by is None],
        resolved_conflicts=[c for c in hard if c.resolved_by is not None],
        soft_conflicts=[c for c in hazard.conflicts if c.severity is not Severity.HARD],
    )


def _step(
    entry: TimelineEntry, server_seq: int, body: dict[str, Any], raised: dict[str, str]
) -> HazardStep:
    return HazardStep(
        event_id=entry.event_id,
        type=entry.type.value,
        actor=entry.actor,
        device_id=entry.device_id,
        device_seq=body["device_seq"],
        hlc=body["hlc"],
        server_seq=server_seq,
        base_version=body["base_version"],
        payload=body["payload"],
        version=entry.version,
        outcome=entry.outcome,
        status=entry.status,
        reason_code=entry.reason_code,
        reason=entry.reason,
        conflict_id=raised.get(entry.event_id),
        at=entry.at,
    )
