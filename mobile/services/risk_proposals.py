"""A worker's proposal of a risk point on the phone: made by anyone, answered by the manager.

The proposal, its confirmation and its decline are events folded by ``shared.risk_proposals``
here as on the server, so the worker sees the manager's answer once it is synced, and the
manager's 待办 lists what still waits. Confirming walks the ordinary six steps (prefilled from
the proposal): the point is a ``risk.identified`` of its own, and the confirmation names it.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mobile.local_record import LocalRecord
from mobile.services.actions import Action, record_action
from shared.events import AggregateType, Event
from shared.events import EventType as E
from shared.ids import TenantId
from shared.payloads import PhotoRef, RiskSubject
from shared.risk import AccidentType, FiveHigh
from shared.risk_proposals import Proposal, ProposalStatus, fold_proposal
from shared.roles import Actor

__all__ = [
    "ProposalDraft",
    "confirm_proposal",
    "decline_proposal",
    "local_proposals",
    "open_proposals",
    "propose_risk",
]


def local_proposals(record: LocalRecord, tenant: str) -> list[Proposal]:
    """The enterprise's proposals this phone holds, newest first."""
    found = []
    for proposal_id in record.projections.aggregate_ids(AggregateType.RISK_PROPOSAL):
        bodies = record.projections.bodies(AggregateType.RISK_PROPOSAL, proposal_id)
        proposal = fold_proposal(Event.stored(body) for body in bodies)
        if proposal is not None and proposal.tenant == tenant:
            found.append(proposal)
    return sorted(found, key=lambda p: (p.at, p.id), reverse=True)


def open_proposals(record: LocalRecord, tenant: str) -> list[Proposal]:
    """Those still waiting for the manager's answer (待确认), oldest first: the 待办."""
    waiting = [p for p in local_proposals(record, tenant) if p.status is ProposalStatus.PENDING]
    return sorted(waiting, key=lambda p: (p.at, p.id))


@dataclass(frozen=True)
class ProposalDraft:
    """What the worker's 建议风险点 form holds when they send it."""

    subject: RiskSubject
    seen: str
    post_id: str | None = None
    workshop_id: str | None = None
    location: str = ""
    photos: Sequence[PhotoRef] = ()
    five_high: FiveHigh | None = None
    accident_types: tuple[AccidentType, ...] = ()

    def payload(self) -> dict[str, Any]:
        """The ``risk_proposal.made`` payload."""
        payload: dict[str, Any] = {
            "subject": self.subject.value,
            "seen": self.seen.strip(),
            "location": self.location.strip(),
            "photos": [p.model_dump(mode="json", exclude_none=True) for p in self.photos],
            "accident_types": [kind.value for kind in self.accident_types],
        }
        if self.five_high is not None:
            payload["five_high"] = self.five_high.value
        for name in ("post_id", "workshop_id"):
            if getattr(self, name):
                payload[name] = getattr(self, name)
        return payload


def propose_risk(record: LocalRecord, actor: Actor, draft: ProposalDraft) -> Event:
    """Save a proposal under a new id.

    Raises:
        InvalidInput: Nothing said of what was seen, or a field too long (nothing is saved).
    """
    return _record(record, actor, f"RP-{uuid.uuid4().hex[:12]}", E.RISK_PROPOSED, draft.payload())


def confirm_proposal(
    record: LocalRecord, actor: Actor, proposal_id: str, risk_id: str, note: str = ""
) -> Event:
    """Answer a proposal with the risk point it became (identified just before)."""
    payload = {"risk_id": risk_id, "note": note.strip()}
    return _record(record, actor, proposal_id, E.RISK_PROPOSAL_CONFIRMED, payload)


def decline_proposal(record: LocalRecord, actor: Actor, proposal_id: str, reason: str) -> Event:
    """Decline a proposal with the reason the proposer will read.

    Raises:
        InvalidInput: No reason given (nothing is saved).
    """
    payload = {"reason": reason.strip()}
    return _record(record, actor, proposal_id, E.RISK_PROPOSAL_DECLINED, payload)


def _record(
    record: LocalRecord, actor: Actor, aggregate_id: str, kind: E, payload: dict[str, Any]
) -> Event:
    action = Action(actor, TenantId(actor.tenant or ""), aggregate_id, kind, payload)
    return record_action(record, action)
