"""Risk points folded from their events: the ``risks`` table, the reference list, the record.

A point identified on a phone joins the enterprise's reference data as a ``risk_point`` row,
so the 风险告知卡, the scoring and every phone list it beside the imported ones; a point a
review retired leaves that list and keeps its record. ``GET /v1/risks/{id}`` reads the events
again, like a hazard's record, and shows each step with what it said.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, delete, insert, select

from shared.events import AggregateType, Event, EventType
from shared.hazards import Hazard
from shared.protocol import LinkedHazard, RiskRecord, RiskStep
from shared.risk_register import Risk, RiskStatus, fold_risk, reviews_naming
from shared.roles import Actor
from shared.text import STORED
from sync_server import reference_counter
from sync_server.problems import NotFound
from sync_server.risk_rollup import refresh_risk_counts
from sync_server.schema import events, hazards, reference, risks
from sync_server.scope import visible_tenants

__all__ = ["refresh_risks", "risk_record"]

E = EventType


def refresh_risks(
    conn: Connection, touched: Iterable[tuple[AggregateType, str]], stored: dict[str, list[Event]]
) -> None:
    """Fold again the risk points named: by their own events, or by a review's results.

    ``stored`` holds the accepted events of the touched aggregates, by aggregate id.
    """
    ids: set[str] = set()
    for kind, aggregate_id in touched:
        if kind is AggregateType.RISK:
            ids.add(aggregate_id)
        elif kind is AggregateType.RISK_LIST:
            for review in stored.get(aggregate_id, []):
                ids |= set(review.payload.get("results", {}))
    if ids:
        _store(conn, sorted(ids))


def _store(conn: Connection, ids: list[str]) -> None:
    by_risk = _risk_events(conn, ids)
    conn.execute(delete(risks).where(risks.c.id.in_(ids)))
    tenants: set[str] = set()
    for risk_id in ids:
        risk = fold_risk(by_risk.get(risk_id, []))
        if risk is None:
            continue  # a review named an imported point: its list row stays as imported
        tenants.add(risk.tenant)
        conn.execute(
            insert(risks).values(
                id=risk.id,
                tenant=risk.tenant,
                status=risk.status.value,
                colour=risk.grade.colour.value,
                body=risk.model_dump(mode="json"),
            )
        )
        _list(conn, risk)
    refresh_risk_counts(conn, tenants)  # the regulator's 四色图 follows the list


def _list(conn: Connection, risk: Risk) -> None:
    """Put the point in its enterprise's reference data, or take a retired one out.

    Written under the next reference number, so phones get it in their next delta; a removal
    cannot travel in a delta, so taking a point out makes every phone's next answer full
    (rare: a point is retired once).
    """
    removed = conn.execute(
        delete(reference).where(
            reference.c.kind == "risk_point",
            reference.c.id == risk.id,
            reference.c.tenant == risk.tenant,
        )
    ).rowcount
    if risk.status is RiskStatus.ACTIVE:
        body = risk.point().model_dump(mode="json")
        conn.execute(
            insert(reference).values(
                kind="risk_point",
                id=risk.id,
                tenant=risk.tenant,
                body=body,
                seq=reference_counter.take(conn),
            )
        )
    elif removed:
        reference_counter.mark_scope_changed(conn)


def _risk_events(conn: Connection, ids: list[str]) -> dict[str, list[Event]]:
    """Each point's accepted events and the reviews of its enterprise that name it."""
    rows = conn.execute(
        select(events.c.body).where(
            events.c.aggregate_type == AggregateType.RISK.value,
            events.c.aggregate_id.in_(ids),
            events.c.status == "accepted",
        )
    )
    by_risk: dict[str, list[Event]] = defaultdict(list)
    for row in rows:
        event = Event.stored(row.body)
        by_risk[event.aggregate.id].append(event)
    tenants = sorted({e.tenant for found in by_risk.values() for e in found})
    reviews = [
        Event.stored(row.body)
        for row in conn.execute(
            select(events.c.body).where(
                events.c.type == E.RISK_LIST_REVIEWED.value,
                events.c.tenant.in_(tenants),
                events.c.status == "accepted",
            )
        )
    ]
    for risk_id, found in by_risk.items():
        found.extend(reviews_naming(reviews, risk_id))
    return by_risk


def risk_record(conn: Connection, actor: Actor, risk_id: str) -> RiskRecord:
    """One risk point's record in the actor's scope; NotFound as for one that does not exist."""
    tenants = sorted(visible_tenants(conn, actor))
    own = conn.execute(
        select(events.c.server_seq, events.c.body).where(
            events.c.aggregate_type == AggregateType.RISK.value,
            events.c.aggregate_id == risk_id,
            events.c.status == "accepted",
            events.c.tenant.in_(tenants),
        )
    ).all()
    reviews = conn.execute(
        select(events.c.server_seq, events.c.body).where(
            events.c.type == E.RISK_LIST_REVIEWED.value,
            events.c.tenant.in_({row.body["tenant"] for row in own}),
            events.c.status == "accepted",
        )
    ).all()
    naming = [row for row in reviews if risk_id in row.body["payload"].get("results", {})]
    stored = {row.body["event_id"]: (int(row.server_seq), row.body) for row in [*own, *naming]}
    risk = fold_risk(Event.stored(body) for _, body in stored.values())
    if risk is None or risk.tenant not in tenants:
        raise NotFound("no such risk point in your scope")
    steps = [
        RiskStep(
            event_id=entry.event_id,
            type=entry.type.value,
            actor=entry.actor,
            device_id=entry.device_id,
            hlc=stored[entry.event_id][1]["hlc"],
            server_seq=stored[entry.event_id][0],
            payload=stored[entry.event_id][1]["payload"],
            entry=entry,
        )
        for entry in risk.timeline
    ]
    return RiskRecord(
        state=risk.model_copy(update={"timeline": ()}),
        timeline=steps,
        hazards=_linked(conn, risk),
    )


def _linked(conn: Connection, risk: Risk) -> list[LinkedHazard]:
    rows = conn.execute(select(hazards.c.body).where(hazards.c.tenant == risk.tenant))
    found = [Hazard.model_validate(row.body, context=STORED) for row in rows]
    return sorted(
        (
            LinkedHazard(
                id=h.id,
                title=h.title,
                status=h.status,
                measure_id=h.measure_id,
                reported_at=h.reported_at,
            )
            for h in found
            if h.risk_id == risk.id
        ),
        key=lambda h: (h.reported_at, h.id),
    )
