"""Projections: the shared folds over stored events, kept in tables for queries, rebuildable."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert, select

from shared.card_ticks import fold_card_records
from shared.events import AggregateType, Event
from shared.hazards import fold_hazard
from sync_server.schema import card_records, events, hazards


def refresh_projections(conn: Connection, aggregates: Iterable[tuple[AggregateType, str]]) -> None:
    """Fold again every named aggregate from its accepted events and store the result."""
    for kind, aggregate_id in sorted(set(aggregates)):
        stored = _accepted_events(conn, kind, aggregate_id)
        if kind is AggregateType.HAZARD:
            _store_hazard(conn, aggregate_id, stored)
        elif kind is AggregateType.CARD_INSTANCE:
            _store_card_record(conn, aggregate_id, stored)


def rebuild_all(conn: Connection) -> int:
    """Drop every projection row and fold all aggregates again; returns how many."""
    conn.execute(delete(hazards))
    conn.execute(delete(card_records))
    rows = conn.execute(
        select(events.c.aggregate_type, events.c.aggregate_id)
        .where(events.c.status == "accepted")
        .distinct()
    ).all()
    aggregates = [(AggregateType(row.aggregate_type), row.aggregate_id) for row in rows]
    refresh_projections(conn, aggregates)
    return len(aggregates)


def _accepted_events(conn: Connection, kind: AggregateType, aggregate_id: str) -> list[Event]:
    rows = conn.execute(
        select(events.c.body).where(
            events.c.aggregate_type == kind.value,
            events.c.aggregate_id == aggregate_id,
            events.c.status == "accepted",
        )
    )
    return [Event.model_validate(row.body) for row in rows]


def _store_hazard(conn: Connection, aggregate_id: str, stored: list[Event]) -> None:
    conn.execute(delete(hazards).where(hazards.c.id == aggregate_id))
    hazard = fold_hazard(stored)
    if hazard is None:
        return
    conn.execute(
        insert(hazards).values(
            id=hazard.id,
            tenant=hazard.tenant,
            status=hazard.status.value,
            grade=hazard.grade.value,
            deadline=hazard.deadline,
            open_conflicts=len(hazard.open_conflicts()),
            body=hazard.model_dump(mode="json"),
        )
    )


def _store_card_record(conn: Connection, aggregate_id: str, stored: list[Event]) -> None:
    conn.execute(delete(card_records).where(card_records.c.id == aggregate_id))
    record = fold_card_records(stored).get(aggregate_id)
    if record is None:
        return
    conn.execute(
        insert(card_records).values(
            id=record.id,
            tenant=record.tenant,
            post_id=record.post_id,
            period=record.period,
            body=record.model_dump(mode="json"),
        )
    )
