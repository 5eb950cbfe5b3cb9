"""The hazard's closed loop as data: states, the transition table and who may do what.

排查→整改→验收→销号, with the 重大隐患 detour through 上报, 治理方案 and 挂牌督办. Reading the
two tables below is reading the rules; tests are generated from them.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from shared.cards import HazardGrade
from shared.events import EventType
from shared.roles import Role

__all__ = [
    "ATTRIBUTE_EVENTS",
    "FINISHED",
    "PERMITTED_ROLES",
    "TRANSITIONS",
    "HazardStatus",
    "is_overdue",
    "next_status",
]


class HazardStatus(StrEnum):
    """Where a hazard stands; 逾期 (overdue) is derived from the deadline, not a state."""

    REGISTERED = "registered"  # 登记: found and recorded, nobody assigned yet
    REPORTED = "reported"  # 已上报: a 重大隐患 reported to the authority
    PLANNED = "planned"  # 治理方案: its treatment plan is attached
    SUPERVISED = "supervised"  # 挂牌督办: the authority supervises it with a deadline
    TO_RECTIFY = "to_rectify"  # 待整改: assigned, work not begun
    RECTIFYING = "rectifying"  # 整改中: being fixed (or rejected at acceptance: fix again)
    AWAITING_ACCEPTANCE = "awaiting_acceptance"  # 待验收: fixed, waiting for a manager
    ACCEPTED = "accepted"  # 已验收: a manager signed it off
    CLOSED = "closed"  # 已销号: closed; may be reopened if found unfixed
    VOIDED = "voided"  # 已作废: reported in error; kept, no longer counted


S = HazardStatus
E = EventType
_OPEN_WORK = (S.TO_RECTIFY, S.RECTIFYING, S.AWAITING_ACCEPTANCE)

TRANSITIONS: dict[tuple[HazardStatus | None, EventType], HazardStatus] = {
    (None, E.HAZARD_REPORTED): S.REGISTERED,
    # 一般隐患: assign, or fix on the spot (即查即改) straight to acceptance.
    (S.REGISTERED, E.HAZARD_ASSIGNED): S.TO_RECTIFY,
    (S.REGISTERED, E.HAZARD_RECTIFIED): S.AWAITING_ACCEPTANCE,
    # 重大隐患: report within 24 h, attach a plan, possibly supervised, then assign.
    (S.REGISTERED, E.HAZARD_MAJOR_REPORTED): S.REPORTED,
    (S.REPORTED, E.HAZARD_PLAN_ATTACHED): S.PLANNED,
    (S.REPORTED, E.HAZARD_SUPERVISED): S.SUPERVISED,
    (S.PLANNED, E.HAZARD_SUPERVISED): S.SUPERVISED,
    (S.SUPERVISED, E.HAZARD_PLAN_ATTACHED): S.SUPERVISED,
    (S.PLANNED, E.HAZARD_ASSIGNED): S.TO_RECTIFY,
    (S.SUPERVISED, E.HAZARD_ASSIGNED): S.TO_RECTIFY,
    # Rectification and acceptance.
    (S.TO_RECTIFY, E.HAZARD_ASSIGNED): S.TO_RECTIFY,
    (S.TO_RECTIFY, E.HAZARD_STARTED): S.RECTIFYING,
    (S.TO_RECTIFY, E.HAZARD_RECTIFIED): S.AWAITING_ACCEPTANCE,
    (S.RECTIFYING, E.HAZARD_ASSIGNED): S.RECTIFYING,
    (S.RECTIFYING, E.HAZARD_RECTIFIED): S.AWAITING_ACCEPTANCE,
    (S.AWAITING_ACCEPTANCE, E.HAZARD_ACCEPTED): S.ACCEPTED,
    (S.AWAITING_ACCEPTANCE, E.HAZARD_REJECTED): S.RECTIFYING,
    (S.ACCEPTED, E.HAZARD_CLOSED): S.CLOSED,
    (S.ACCEPTED, E.HAZARD_REOPENED): S.TO_RECTIFY,
    (S.CLOSED, E.HAZARD_REOPENED): S.TO_RECTIFY,
    # Supervision can start after the work has: the state stays, the flag is set.
    **{(status, E.HAZARD_SUPERVISED): status for status in _OPEN_WORK},
    # The authority's word on an open 重大隐患: a confirmation changes nothing of the state; a
    # refutation makes it a 一般隐患, and one not yet assigned goes back to 登记 (the fold).
    **{
        (status, E.HAZARD_MAJOR_REVIEWED): status
        for status in (S.REGISTERED, S.REPORTED, S.PLANNED, S.SUPERVISED, *_OPEN_WORK)
    },
    # Voiding is for mistakes, so only before acceptance and never once the authority has it.
    **{(status, E.HAZARD_VOIDED): S.VOIDED for status in (S.REGISTERED, *_OPEN_WORK)},
}
"""(state before, event) → state after. A pair not in the table is an illegal transition."""

ATTRIBUTE_EVENTS: dict[EventType, frozenset[HazardStatus]] = {
    E.HAZARD_EDITED: frozenset(S) - {S.CLOSED, S.VOIDED},
    E.HAZARD_REGRADED: frozenset(S) - {S.ACCEPTED, S.CLOSED, S.VOIDED},
    E.HAZARD_ANNOTATED: frozenset(S),
    E.CONFLICT_RESOLVED: frozenset(S),
    # 解除督办 confirms a 销号, so only a closed hazard's supervision is lifted.
    E.HAZARD_SUPERVISION_LIFTED: frozenset({S.CLOSED}),
}
"""Events that change fields, not the state, and the states in which they are allowed."""

MAJOR_ONLY = frozenset(
    {
        E.HAZARD_MAJOR_REPORTED,
        E.HAZARD_PLAN_ATTACHED,
        E.HAZARD_SUPERVISED,
        E.HAZARD_MAJOR_REVIEWED,
    }
)
"""Steps that exist only for a 重大隐患."""

GENERAL_ONLY_FROM_REGISTERED = frozenset({E.HAZARD_ASSIGNED, E.HAZARD_RECTIFIED})
"""A 重大隐患 may not skip 上报 and 治理方案 by being assigned or fixed straight away."""

FINISHED = frozenset({S.ACCEPTED, S.CLOSED, S.VOIDED})
"""States in which a deadline no longer runs."""

_MANAGERS = frozenset({Role.SAFETY_MANAGER, Role.INSPECTOR})
PERMITTED_ROLES: dict[EventType, frozenset[Role]] = {
    E.HAZARD_REPORTED: frozenset({Role.WORKER, Role.SAFETY_MANAGER, Role.INSPECTOR}),
    E.HAZARD_ASSIGNED: _MANAGERS,
    E.HAZARD_STARTED: frozenset({Role.WORKER, Role.SAFETY_MANAGER}),
    E.HAZARD_RECTIFIED: frozenset({Role.WORKER, Role.SAFETY_MANAGER}),
    E.HAZARD_ACCEPTED: _MANAGERS,
    E.HAZARD_REJECTED: _MANAGERS,
    E.HAZARD_CLOSED: _MANAGERS,
    E.HAZARD_REOPENED: _MANAGERS | {Role.REGULATOR},
    E.HAZARD_VOIDED: frozenset({Role.SAFETY_MANAGER}),
    E.HAZARD_EDITED: frozenset({Role.WORKER, Role.SAFETY_MANAGER, Role.INSPECTOR}),
    E.HAZARD_REGRADED: _MANAGERS | {Role.REGULATOR},
    E.HAZARD_ANNOTATED: frozenset(Role) - {Role.ADMIN},
    E.HAZARD_MAJOR_REPORTED: frozenset({Role.SAFETY_MANAGER}),
    E.HAZARD_PLAN_ATTACHED: frozenset({Role.SAFETY_MANAGER}),
    E.HAZARD_SUPERVISED: frozenset({Role.REGULATOR, Role.INSPECTOR}),
    E.HAZARD_SUPERVISION_LIFTED: frozenset({Role.REGULATOR, Role.INSPECTOR}),
    E.HAZARD_MAJOR_REVIEWED: frozenset({Role.REGULATOR, Role.INSPECTOR}),
    E.CONFLICT_RESOLVED: _MANAGERS,
    E.CARD_SUBMITTED: frozenset({Role.WORKER, Role.SAFETY_MANAGER}),
    E.INSPECTION_RECORDED: frozenset({Role.INSPECTOR}),
    E.CARD_DEFINED: frozenset({Role.SAFETY_MANAGER}),
    # The risk list is the enterprise's own (风险分级管控 is the enterprise's duty).
    E.RISK_IDENTIFIED: frozenset({Role.SAFETY_MANAGER}),
    E.RISK_REGRADED: frozenset({Role.SAFETY_MANAGER}),
    E.RISK_MEASURE_ADDED: frozenset({Role.SAFETY_MANAGER}),
    E.RISK_REASSESSED: frozenset({Role.SAFETY_MANAGER}),
    E.RISK_LIST_REVIEWED: frozenset({Role.SAFETY_MANAGER}),
    E.WORKSHOP_DEFINED: frozenset({Role.SAFETY_MANAGER}),
    E.RISK_MAP_PLAN_SET: frozenset({Role.SAFETY_MANAGER}),
    E.RISK_MAP_PINNED: frozenset({Role.SAFETY_MANAGER}),
    E.RISK_MAP_UNPINNED: frozenset({Role.SAFETY_MANAGER}),
    # Anyone of the enterprise may propose a risk point; the manager decides (issue 17).
    E.RISK_PROPOSED: frozenset({Role.WORKER, Role.SAFETY_MANAGER}),
    E.RISK_PROPOSAL_CONFIRMED: frozenset({Role.SAFETY_MANAGER}),
    E.RISK_PROPOSAL_DECLINED: frozenset({Role.SAFETY_MANAGER}),
    E.POST_LOCATED: frozenset({Role.SAFETY_MANAGER}),
}
"""Which roles may make each event at all; relations (assignee, own work) are checked on top.

Admins operate the system and make no entries in the legal record.
"""


def next_status(
    status: HazardStatus | None, event: EventType, grade: HazardGrade
) -> HazardStatus | None:
    """The state after ``event``, or None when the rules do not allow it from ``status``."""
    if event in ATTRIBUTE_EVENTS:
        return status if status in ATTRIBUTE_EVENTS[event] else None
    if event in MAJOR_ONLY and grade is not HazardGrade.MAJOR:
        return None
    if (
        status is S.REGISTERED
        and event in GENERAL_ONLY_FROM_REGISTERED
        and grade is HazardGrade.MAJOR
    ):
        return None
    return TRANSITIONS.get((status, event))


def is_overdue(status: HazardStatus, deadline: datetime | None, now: datetime) -> bool:
    """逾期: past its deadline and not yet accepted, closed or voided."""
    return deadline is not None and status not in FINISHED and now > deadline
