"""Who may act on a hazard: the role table plus the relations a role alone cannot express.

Checked in the fold, so the phone and the server refuse the same events for the same reasons.
Grid scope (an inspector's or a regulator's area) needs the grid tree and is checked by the
server before an event is stored.
"""

from __future__ import annotations

from typing import Protocol

from shared.errors import NotPermitted
from shared.events import Event, EventType
from shared.ids import TenantId, UserId
from shared.lifecycle import PERMITTED_ROLES, HazardStatus
from shared.roles import Role

__all__ = ["TENANT_ROLES", "Parties", "refusal_for"]

E = EventType

TENANT_ROLES = frozenset({Role.WORKER, Role.SAFETY_MANAGER})
"""Roles scoped to one enterprise: they act only on their own enterprise's records."""


class Parties(Protocol):
    """What the rules read of a hazard: whose it is, where it stands and who did what.

    A protocol, so the rules need not know the hazard model (``shared.hazards`` folds events
    and asks these rules; the two modules do not import each other).
    """

    @property
    def tenant(self) -> TenantId:
        """The enterprise the hazard belongs to."""
        ...

    @property
    def status(self) -> HazardStatus:
        """Where it stands in the loop."""
        ...

    @property
    def reporter(self) -> UserId:
        """Who found it."""
        ...

    @property
    def assignee(self) -> UserId | None:
        """Who is to rectify it."""
        ...

    @property
    def rectified_by(self) -> UserId | None:
        """Who said it is fixed."""
        ...


def refusal_for(hazard: Parties | None, event: Event) -> NotPermitted | None:
    """Why ``event``'s actor may not make it on this hazard, or None when they may."""
    actor = event.actor
    if actor.role not in PERMITTED_ROLES[event.type]:
        return NotPermitted(f"a {actor.role} may not make {event.type} events")
    if actor.role in TENANT_ROLES and actor.tenant != event.tenant:
        return NotPermitted("this record belongs to another enterprise")
    if hazard is None:
        return None
    if event.tenant != hazard.tenant:
        return NotPermitted("this record belongs to another enterprise")
    return _relation_refusal(hazard, event)


def _relation_refusal(hazard: Parties, event: Event) -> NotPermitted | None:
    actor = event.actor
    if event.type in (E.HAZARD_STARTED, E.HAZARD_RECTIFIED) and actor.role is Role.WORKER:
        # 即查即改: before anyone is assigned, the finder may fix it; afterwards, the assignee.
        responsible = (
            hazard.reporter if hazard.status is HazardStatus.REGISTERED else hazard.assignee
        )
        if actor.user_id != responsible:
            return NotPermitted("only the person responsible for the rectification may submit it")
    if (
        event.type in (E.HAZARD_ACCEPTED, E.HAZARD_REJECTED)
        and actor.user_id == hazard.rectified_by
    ):
        return NotPermitted("nobody may accept or reject their own rectification")
    edits_others = event.type is E.HAZARD_EDITED and actor.user_id != hazard.reporter
    if edits_others and actor.role is Role.WORKER:
        return NotPermitted("a worker may correct only the hazards they reported")
    return None
