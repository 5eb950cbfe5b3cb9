"""What a risk event (or a hazard of a failed control) names must exist in its enterprise.

A worker's risk proposal names its place like a risk point does; its answer names a proposal
of the enterprise not answered yet, and a confirmation the risk point it became.

Checked at push, event by event, so a measure linked to a card item that is not there, a
regrading of a point nobody identified, or a hazard naming another enterprise's risk is refused
alone with a catalogued code, and the rest of the batch is stored. Everything a batch names is
read in a few queries up front; what the batch itself identifies counts for its later events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from shared.errors import InvalidInput, RiskStepRefused, UnknownReference
from shared.events import AggregateType, Event, EventType
from shared.payloads import (
    HazardReported,
    ItemLink,
    RiskIdentified,
    RiskListReviewed,
    RiskMapPinned,
    RiskMapUnpinned,
    RiskMeasureAdded,
    RiskProposalConfirmed,
    RiskProposed,
    RiskReassessed,
)
from sync_server.schema import events, hazards, reference, risks

__all__ = ["MAX_RISK_ID", "RiskReferences"]

E = EventType
MAX_RISK_ID = 64
"""A risk point's id becomes a reference row's id (64 characters)."""


@dataclass
class _Point:
    tenant: str
    measures: set[str]
    by_events: bool  # identified on a phone; an imported point has no measure ids


@dataclass
class RiskReferences:
    """The risk points, cards, places and hazards one batch names, with their enterprises."""

    points: dict[str, _Point] = field(default_factory=dict)
    items: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)  # card → items
    places: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, id) → tenant
    hazards: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # id → tenant, risk
    proposals: dict[str, str] = field(default_factory=dict)  # 风险点建议 id → tenant
    decided: set[str] = field(default_factory=set)  # proposals answered already

    @classmethod
    def load(cls, conn: Connection, raw_events: Iterable[Any]) -> RiskReferences:
        """Read what the batch's risk events and risk-naming hazard reports refer to."""
        names = _Named()
        for raw in raw_events:
            names.add(raw)
        found = cls()
        if names.empty():
            return found
        found._load_points(conn, names.risks)
        found._load_reference(conn, names)
        if names.hazards:
            rows = conn.execute(
                select(hazards.c.id, hazards.c.tenant, hazards.c.body).where(
                    hazards.c.id.in_(sorted(names.hazards))
                )
            )
            found.hazards = {r.id: (r.tenant, r.body.get("risk_id")) for r in rows}
        found._load_proposals(conn, names.proposals)
        return found

    def _load_proposals(self, conn: Connection, ids: set[str]) -> None:
        if not ids:
            return
        rows = conn.execute(
            select(events.c.aggregate_id, events.c.tenant, events.c.type).where(
                events.c.aggregate_id.in_(sorted(ids)),
                events.c.aggregate_type == AggregateType.RISK_PROPOSAL.value,
            )
        )
        for r in rows:
            if r.type == E.RISK_PROPOSED.value:
                self.proposals.setdefault(r.aggregate_id, r.tenant)
            else:
                self.decided.add(r.aggregate_id)

    def _load_points(self, conn: Connection, ids: set[str]) -> None:
        if not ids:
            return
        rows = conn.execute(
            select(reference.c.id, reference.c.tenant).where(
                reference.c.kind == "risk_point", reference.c.id.in_(sorted(ids))
            )
        )
        self.points = {r.id: _Point(r.tenant, set(), by_events=False) for r in rows}
        rows = conn.execute(
            select(risks.c.id, risks.c.tenant, risks.c.body).where(risks.c.id.in_(sorted(ids)))
        )
        for r in rows:
            measures = {m["id"] for m in r.body.get("measures", [])}
            self.points[r.id] = _Point(r.tenant, measures, by_events=True)

    def _load_reference(self, conn: Connection, names: _Named) -> None:
        wanted = sorted(names.cards | names.places)
        if not wanted:
            return
        rows = conn.execute(
            select(reference.c.kind, reference.c.id, reference.c.tenant, reference.c.body).where(
                reference.c.kind.in_(["card", "post", "workshop"]), reference.c.id.in_(wanted)
            )
        )
        for r in rows:
            if r.kind == "card":
                items = frozenset(str(item["id"]) for item in r.body.get("items", []))
                self.items[r.id] = (r.tenant, items)
            else:
                self.places[(r.kind, r.id)] = r.tenant

    def check(self, event: Event) -> None:
        """Refuse the event if it names something its enterprise does not have.

        Raises:
            UnknownReference: A risk point, card item, post, workshop or hazard is not there.
            RiskStepRefused: The point is identified already (or is an imported one).
            InvalidInput: The new point's id is too long to list.
        """
        payload = event.parsed()
        if isinstance(payload, HazardReported):
            self._check_control(event.tenant, payload.risk_id, payload.measure_id)
        elif isinstance(payload, RiskIdentified):
            self._check_new(event, payload)
        elif isinstance(payload, RiskListReviewed):
            for risk_id in payload.results:
                self._point(event.tenant, risk_id)
        elif isinstance(payload, RiskMapPinned | RiskMapUnpinned):
            self._point(event.tenant, payload.risk_id)
        elif isinstance(payload, RiskProposed):
            self._check_places(event.tenant, payload.post_id, payload.workshop_id)
        elif event.aggregate.type is AggregateType.RISK_PROPOSAL:
            self._check_decision(event, payload)
        elif event.aggregate.type is AggregateType.RISK:
            self._point(event.tenant, event.aggregate.id)
            self._check_later_step(event, payload)

    def note(self, event: Event) -> None:
        """Count an accepted event for the rest of the batch (a new point, a new measure)."""
        payload = event.parsed()
        if isinstance(payload, RiskIdentified):
            self.points[event.aggregate.id] = _Point(event.tenant, set(), by_events=True)
        if isinstance(payload, RiskProposed):
            self.proposals.setdefault(event.aggregate.id, event.tenant)
        elif event.aggregate.type is AggregateType.RISK_PROPOSAL:
            self.decided.add(event.aggregate.id)
        point = self.points.get(event.aggregate.id)
        if point is None:
            return
        if isinstance(payload, RiskMeasureAdded):
            point.measures.add(payload.measure_id)
        if isinstance(payload, RiskReassessed) and payload.measure is not None:
            point.measures.add(payload.measure.measure_id)

    def _check_new(self, event: Event, p: RiskIdentified) -> None:
        if len(event.aggregate.id) > MAX_RISK_ID:
            raise InvalidInput(
                f"a risk point id has at most {MAX_RISK_ID} characters", field="aggregate.id"
            )
        if event.aggregate.id in self.points:
            raise RiskStepRefused(
                f"risk point {event.aggregate.id} exists already; identify a new id instead"
            )
        self._check_places(event.tenant, p.post_id, p.workshop_id)

    def _check_places(self, tenant: str, post_id: str | None, workshop_id: str | None) -> None:
        for kind, place in (("post", post_id), ("workshop", workshop_id)):
            if place is not None and self.places.get((kind, place)) != tenant:
                raise UnknownReference(f"no {kind} {place} in this enterprise", field=f"{kind}_id")

    def _check_decision(self, event: Event, payload: Any) -> None:
        """A proposal is answered once, and a confirmation names the point it became."""
        proposal = event.aggregate.id
        if self.proposals.get(proposal) != event.tenant:
            raise UnknownReference(
                f"no risk proposal {proposal} in this enterprise", field="aggregate.id"
            )
        if proposal in self.decided:
            raise RiskStepRefused(f"risk proposal {proposal} is answered already")
        if isinstance(payload, RiskProposalConfirmed):
            self._point(event.tenant, payload.risk_id)

    def _check_later_step(self, event: Event, payload: Any) -> None:
        measure = payload.measure if isinstance(payload, RiskReassessed) else payload
        if isinstance(measure, RiskMeasureAdded):
            self._check_links(event.tenant, measure.checks)
        if isinstance(payload, RiskReassessed):
            tenant, risk_id = self.hazards.get(payload.hazard_id, (None, None))
            if tenant != event.tenant or risk_id != event.aggregate.id:
                raise UnknownReference(
                    f"no hazard {payload.hazard_id} of this risk point's controls",
                    field="hazard_id",
                )

    def _check_links(self, tenant: str, links: Iterable[ItemLink]) -> None:
        for link in links:
            owner, items = self.items.get(link.card_id, (None, frozenset()))
            if owner != tenant or link.item_id not in items:
                raise UnknownReference(
                    f"no item {link.item_id} on card {link.card_id} in this enterprise",
                    field="checks",
                )

    def _check_control(self, tenant: str, risk_id: str | None, measure_id: str | None) -> None:
        if risk_id is None:
            return
        point = self._point(tenant, risk_id)
        if measure_id is not None and measure_id not in point.measures:
            raise UnknownReference(
                f"no control measure {measure_id} on risk point {risk_id}", field="measure_id"
            )

    def _point(self, tenant: str, risk_id: str) -> _Point:
        point = self.points.get(risk_id)
        if point is None or point.tenant != tenant:
            raise UnknownReference(f"no risk point {risk_id} in this enterprise", field="risk_id")
        return point


@dataclass
class _Named:
    """Ids a batch names, read from the raw bodies before validation (each looked up once)."""

    risks: set[str] = field(default_factory=set)
    cards: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    hazards: set[str] = field(default_factory=set)
    proposals: set[str] = field(default_factory=set)

    def empty(self) -> bool:
        return not (self.risks or self.cards or self.places or self.hazards or self.proposals)

    def add(self, raw: Any) -> None:
        if not isinstance(raw, dict) or not isinstance(raw.get("payload"), dict):
            return
        kind, payload, aggregate = raw.get("type"), raw["payload"], raw.get("aggregate")
        aggregate_id = aggregate.get("id") if isinstance(aggregate, dict) else None
        if kind in (E.HAZARD_REPORTED.value, E.RISK_MAP_PINNED.value, E.RISK_MAP_UNPINNED.value):
            self.risks |= _texts([payload.get("risk_id")])
        elif isinstance(kind, str) and kind.startswith("risk_proposal."):
            self.proposals |= _texts([aggregate_id])
            self.risks |= _texts([payload.get("risk_id")])
            self.places |= _texts([payload.get("post_id"), payload.get("workshop_id")])
        elif kind == E.RISK_LIST_REVIEWED.value:
            results = payload.get("results")
            self.risks |= _texts(list(results) if isinstance(results, dict) else [])
        elif isinstance(kind, str) and kind.startswith("risk."):
            self.risks |= _texts([aggregate_id])
            self.places |= _texts([payload.get("post_id"), payload.get("workshop_id")])
            self.hazards |= _texts([payload.get("hazard_id")])
            measure = payload.get("measure") if kind == E.RISK_REASSESSED.value else payload
            checks = measure.get("checks") if isinstance(measure, dict) else None
            for link in checks if isinstance(checks, list) else []:
                self.cards |= _texts([link.get("card_id")] if isinstance(link, dict) else [])


def _texts(values: list[Any]) -> set[str]:
    """Plain one-line ids only: anything else names nothing, and its event is refused alone."""
    return {v for v in values if isinstance(v, str) and v.isprintable() and len(v) <= 200}
