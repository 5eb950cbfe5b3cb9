"""Projections: the shared folds over stored events, kept in tables for queries, rebuildable."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta, timezone

from sqlalchemy import Connection, delete, insert, select, update

from shared.card_ticks import fold_card_records
from shared.cards import CheckCard
from shared.events import AggregateType, Event, canonical_order
from shared.hazards import fold_hazard
from shared.ids import CardId
from shared.payloads import CardDefined
from sync_server import reference_counter
from sync_server.risk_projection import refresh_risks
from sync_server.schema import card_records, events, hazards, reference, risks
from sync_server.workshop_projection import store_post_positions, store_workshops

PRODUCT_ZONE = timezone(timedelta(hours=8))
"""Asia/Shanghai, the zone of every enterprise's days (``shared/schedule.py``)."""

REBUILD_CHUNK = 500
"""Aggregates folded per query: stays far below SQLite's limit on bound parameters."""


def refresh_projections(conn: Connection, aggregates: Iterable[tuple[AggregateType, str]]) -> None:
    """Fold again every named aggregate from its accepted events and store the result."""
    wanted = set(aggregates)
    stored = _accepted_events(conn, wanted)
    hazard_ids = sorted(i for kind, i in wanted if kind is AggregateType.HAZARD)
    card_ids = sorted(i for kind, i in wanted if kind is AggregateType.CARD_INSTANCE)
    _store_hazards(conn, hazard_ids, stored)
    _store_card_records(conn, card_ids, stored)
    # Workshops first: a card or risk point folded in the same pass may name their posts.
    store_workshops(conn, sorted(i for kind, i in wanted if kind is AggregateType.WORKSHOP), stored)
    store_post_positions(
        conn, sorted(i for kind, i in wanted if kind is AggregateType.POST), stored
    )
    defined = sorted(i for kind, i in wanted if kind is AggregateType.CARD)
    _store_defined_cards(conn, defined, stored)
    reviews = {i: stored[(kind, i)] for kind, i in wanted if kind is AggregateType.RISK_LIST}
    refresh_risks(conn, wanted, reviews)


def rebuild_all(conn: Connection) -> int:
    """Drop every projection row and fold all aggregates again; returns how many."""
    conn.execute(delete(hazards))
    conn.execute(delete(card_records))
    conn.execute(delete(risks))
    rows = conn.execute(
        select(events.c.aggregate_type, events.c.aggregate_id)
        .where(events.c.status == "accepted")
        .distinct()
    ).all()
    aggregates = [(AggregateType(row.aggregate_type), row.aggregate_id) for row in rows]
    for start in range(0, len(aggregates), REBUILD_CHUNK):
        refresh_projections(conn, aggregates[start : start + REBUILD_CHUNK])
    return len(aggregates)


Stored = dict[tuple[AggregateType, str], list[Event]]


def _accepted_events(conn: Connection, wanted: set[tuple[AggregateType, str]]) -> Stored:
    """The accepted events of every wanted aggregate, read in one query."""
    found: Stored = {key: [] for key in wanted}
    ids = sorted({aggregate_id for _, aggregate_id in wanted})
    if not ids:
        return found
    rows = conn.execute(
        select(events.c.aggregate_type, events.c.aggregate_id, events.c.body).where(
            events.c.aggregate_id.in_(ids), events.c.status == "accepted"
        )
    )
    for row in rows:
        key = (AggregateType(row.aggregate_type), row.aggregate_id)
        if key in found:
            found[key].append(Event.stored(row.body))
    return found


def _store_hazards(conn: Connection, ids: list[str], stored: Stored) -> None:
    if not ids:
        return
    conn.execute(delete(hazards).where(hazards.c.id.in_(ids)))
    folded = (fold_hazard(stored[(AggregateType.HAZARD, i)]) for i in ids)
    rows = [
        {
            "id": hazard.id,
            "tenant": hazard.tenant,
            "status": hazard.status.value,
            "grade": hazard.grade.value,
            "deadline": hazard.deadline,
            "open_conflicts": len(hazard.open_conflicts()),
            "body": hazard.model_dump(mode="json"),
        }
        for hazard in folded
        if hazard is not None
    ]
    if rows:
        conn.execute(insert(hazards), rows)


def _store_card_records(conn: Connection, ids: list[str], stored: Stored) -> None:
    if not ids:
        return
    conn.execute(delete(card_records).where(card_records.c.id.in_(ids)))
    records = (fold_card_records(stored[(AggregateType.CARD_INSTANCE, i)]).get(i) for i in ids)
    rows = [
        {
            "id": record.id,
            "tenant": record.tenant,
            "post_id": record.post_id,
            "period": record.period,
            "body": record.model_dump(mode="json"),
        }
        for record in records
        if record is not None
    ]
    if rows:
        conn.execute(insert(card_records), rows)


def fold_defined_card(stored: list[Event]) -> tuple[CheckCard, str, Event] | None:
    """A card defined on phones, its post, and its last definition (which the card shows).

    Every definition of one card id is a new version, so ticks made against an earlier one
    stay readable by their ``card_version``.
    """
    ordered = canonical_order(stored)
    if not ordered:
        return None
    last = ordered[-1]
    payload = CardDefined.model_validate(last.payload)
    card = CheckCard(
        id=CardId(last.aggregate.id),
        tenant=last.tenant,
        name=payload.name,
        version=len(ordered),
        items=payload.items,
        in_force_from=last.at.astimezone(PRODUCT_ZONE).date(),
    )
    return card, payload.post_id, last


def _store_defined_cards(conn: Connection, ids: list[str], stored: Stored) -> None:
    """Write each defined card into the reference data and point its post at it."""
    for card_id in ids:
        folded = fold_defined_card(stored[(AggregateType.CARD, card_id)])
        if folded is None:
            continue
        card, post_id, last = folded
        body = card.model_dump(mode="json")
        conn.execute(delete(reference).where(reference.c.kind == "card", reference.c.id == card.id))
        conn.execute(
            insert(reference).values(
                kind="card",
                id=card.id,
                tenant=card.tenant,
                body=body,
                seq=reference_counter.take(conn),
            )
        )
        post = conn.execute(
            select(reference.c.body).where(
                reference.c.kind == "post",
                reference.c.id == post_id,
                reference.c.tenant == card.tenant,
            )
        ).first()
        current = post.body.get("card_id") if post is not None else None
        if post is None or current == card.id or _defined_later(conn, current, last):
            continue
        conn.execute(
            update(reference)
            .where(reference.c.kind == "post", reference.c.id == post_id)
            .values(body={**post.body, "card_id": card.id}, seq=reference_counter.take(conn))
        )


def _defined_later(conn: Connection, card_id: str | None, than: Event) -> bool:
    """Whether the post's current card was defined after ``than``: then it stays the post's.

    Folds run in any order (a rebuild goes by id), so the newest definition must win by its
    stamp, not by which card was folded last. An imported card has no definition: it yields.
    """
    if not card_id:
        return False
    rows = conn.execute(
        select(events.c.body).where(
            events.c.aggregate_type == AggregateType.CARD.value,
            events.c.aggregate_id == card_id,
            events.c.status == "accepted",
        )
    )
    keys = [Event.model_validate(row.body).order_key() for row in rows]
    return bool(keys) and max(keys) > than.order_key()
