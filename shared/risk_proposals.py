"""A worker's proposal of a risk point (风险点建议) as a pure fold, the same on phone and server.

Issue 17: any worker may propose a risk point; the safety manager confirms it (walking the six
steps, prefilled from the proposal, so the point itself is an ordinary ``risk.identified``) or
declines it with a reason, and the proposer sees which. The fold is a function of the *set* of
events: the proposal is its first ``risk_proposal.made`` and the decision its first decision,
both in canonical order (hlc, device, id), so two managers deciding concurrently offline end
with the same answer on every phone whatever order the events arrived in. Events a role may not
make, or of another enterprise, change nothing (the server refuses them at push).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from shared.events import AggregateType, Event, EventType, canonical_order
from shared.hazard_rules import TENANT_ROLES
from shared.ids import DeviceId, PostId, RiskPointId, TenantId, UserId, WorkshopId
from shared.lifecycle import PERMITTED_ROLES
from shared.payloads import (
    PhotoRef,
    RiskProposalConfirmed,
    RiskProposalDeclined,
    RiskProposed,
    RiskSubject,
)
from shared.risk import AccidentType, FiveHigh

__all__ = ["DECISIONS", "Proposal", "ProposalStatus", "fold_proposal", "fold_proposals"]

E = EventType


class ProposalStatus(StrEnum):
    """Where a proposal stands, as the proposer and the manager see it."""

    PENDING = "pending"  # 待确认: in the manager's 待办
    CONFIRMED = "confirmed"  # 已确认: it became a risk point
    DECLINED = "declined"  # 未采纳: declined, with the reason


DECISIONS = frozenset({E.RISK_PROPOSAL_CONFIRMED, E.RISK_PROPOSAL_DECLINED})
"""The events that answer a proposal; only the first (canonical order) counts."""


class Proposal(BaseModel):
    """One proposal: who proposed what, where and when, and the manager's answer."""

    model_config = ConfigDict(frozen=True)

    id: str
    tenant: TenantId
    by: UserId
    at: datetime
    device_id: DeviceId
    subject: RiskSubject
    seen: str
    workshop_id: WorkshopId | None = None
    post_id: PostId | None = None
    location: str = ""
    photos: tuple[PhotoRef, ...] = ()
    five_high: FiveHigh | None = None
    accident_types: tuple[AccidentType, ...] = ()
    status: ProposalStatus = ProposalStatus.PENDING
    decided_by: UserId | None = None
    decided_at: datetime | None = None
    risk_id: RiskPointId | None = None  # the point it became, when confirmed
    answer: str = ""  # the decline's reason, or the confirmation's note


def fold_proposals(events: Iterable[Event]) -> dict[str, Proposal]:
    """Every proposal among these events, by its id (events of other aggregates are skipped)."""
    grouped: dict[str, list[Event]] = {}
    for event in events:
        if event.aggregate.type is AggregateType.RISK_PROPOSAL:
            grouped.setdefault(event.aggregate.id, []).append(event)
    folded = {key: fold_proposal(group) for key, group in grouped.items()}
    return {key: proposal for key, proposal in folded.items() if proposal is not None}


def fold_proposal(events: Iterable[Event]) -> Proposal | None:
    """One proposal from its events, in any order; None until its ``made`` event is there.

    A decision that arrives before the proposal it answers waits in the set and counts once the
    proposal is there, so the answer never depends on which reached a phone first.
    """
    counted = [e for e in canonical_order(list(events)) if _counts(e)]
    made = next((e for e in counted if e.type is E.RISK_PROPOSED), None)
    if made is None:
        return None
    counted = [e for e in counted if e.tenant == made.tenant]
    proposal = _proposal(made)
    decision = next((e for e in counted if e.type in DECISIONS), None)
    return proposal if decision is None else _decided(proposal, decision)


def _counts(event: Event) -> bool:
    actor = event.actor
    return (
        event.aggregate.type is AggregateType.RISK_PROPOSAL
        and actor.role in PERMITTED_ROLES[event.type]
        and not (actor.role in TENANT_ROLES and actor.tenant != event.tenant)
    )


def _proposal(made: Event) -> Proposal:
    p = made.parsed()
    assert isinstance(p, RiskProposed)
    return Proposal(
        id=made.aggregate.id,
        tenant=made.tenant,
        by=made.actor.user_id,
        at=made.at,
        device_id=made.device_id,
        subject=p.subject,
        seen=p.seen,
        workshop_id=p.workshop_id,
        post_id=p.post_id,
        location=p.location,
        photos=p.photos,
        five_high=p.five_high,
        accident_types=p.accident_types,
    )


def _decided(proposal: Proposal, decision: Event) -> Proposal:
    p = decision.parsed()
    common = {"decided_by": decision.actor.user_id, "decided_at": decision.at}
    if isinstance(p, RiskProposalConfirmed):
        return proposal.model_copy(
            update=common
            | {"status": ProposalStatus.CONFIRMED, "risk_id": p.risk_id, "answer": p.note}
        )
    assert isinstance(p, RiskProposalDeclined)
    return proposal.model_copy(
        update=common | {"status": ProposalStatus.DECLINED, "answer": p.reason}
    )
