"""What simulated users do: mostly what their role and the hazard's state allow, sometimes not.

A user acts on what their phone shows (its local folds), as a person would. Most actions follow
the role table and the transition table; some break them on purpose (a role that may not make
the event, a step the state does not allow, someone else's rectification, another enterprise's
record, a hazard nobody reported). The server must refuse those, or the fold must show them as
refused, the same way on every phone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from mobile.services.actions import Action
from shared.cards import HazardGrade, ItemResult
from shared.events import AGGREGATE_OF, AggregateType, EventType
from shared.hazards import Hazard
from shared.ids import TenantId
from shared.lifecycle import ATTRIBUTE_EVENTS, PERMITTED_ROLES, HazardStatus, next_status
from shared.payloads import HazardSource, risk_map_id
from shared.roles import Actor, Role
from shared.schedule import card_instance_id
from sync_server.demo import KITCHEN, LATHES

E = EventType
TENANTS = (KITCHEN, LATHES)
WORKER_OF = {KITCHEN: "worker1", LATHES: "worker2"}
POST_OF = {KITCHEN: ("P-STOVE", "CARD-STOVE"), LATHES: ("P-LATHE-1", "CARD-LATHE")}
HAZARD_TYPES = tuple(t for t in EventType if AGGREGATE_OF[t] is AggregateType.HAZARD)
ILLEGAL = 0.2
"""The share of actions that break a rule on purpose."""
RARE = frozenset({*ATTRIBUTE_EVENTS, E.HAZARD_VOIDED, E.HAZARD_MAJOR_REVIEWED}) - {
    E.CONFLICT_RESOLVED,
    E.HAZARD_SUPERVISION_LIFTED,  # the end of a supervised hazard's road, already rare enough
}
"""Legal steps taken less often than those that move a hazard along.

解除督办 is an attribute event but not rare: it is possible only on a hazard that was
supervised and then closed, and at the rare weight 200 seeds went by without an inspector's."""


@dataclass(frozen=True)
class Choice:
    """An action and whether the simulation meant it to break a rule."""

    action: Action
    illegal: bool
    photo: bool = False  # attach a fresh photo (reports, rectifications)


@dataclass
class Desk:
    """What one user sees and uses to act: their phone's folds, clock and id counter."""

    actor: Actor
    hazards: dict[str, Hazard]
    now_ms: int
    rng: random.Random
    prefix: str  # unique per phone and seed, for the ids of new hazards and inspections
    counter: int = 0
    risks: tuple[str, ...] = ()  # the risk points this phone identified (issue 17)
    proposals: tuple[str, ...] = ()  # 风险点建议 this phone shows unanswered

    def new_id(self, kind: str) -> str:
        self.counter += 1
        return f"{kind}-{self.prefix}-{self.counter}"

    def at(self, days: float = 0) -> str:
        moment = datetime.fromtimestamp(self.now_ms / 1000, tz=UTC) + timedelta(days=days)
        return moment.isoformat()

    def tenants(self) -> tuple[TenantId, ...]:
        """The enterprises this user may act in (of the two the simulation uses)."""
        if self.actor.tenant is not None:
            return (self.actor.tenant,)
        return TENANTS


def choose(desk: Desk) -> Choice:
    """One action for this user now: a few hazards, taken far through their lives."""
    rng = desk.rng
    if rng.random() < ILLEGAL:
        return _illegal(desk)
    role = desk.actor.role
    roll = rng.random()
    if role in (Role.WORKER, Role.SAFETY_MANAGER) and roll < 0.15:
        return _tick(desk, desk.tenants()[0], illegal=False)
    if role is Role.SAFETY_MANAGER and roll < 0.18:  # onboarding: a post's card redefined
        return _define(desk, desk.tenants()[0], illegal=False)
    if role is Role.SAFETY_MANAGER and roll < 0.2:  # onboarding: a workshop and a new post
        return _workshop(desk, desk.tenants()[0], illegal=False)
    if role is Role.SAFETY_MANAGER and roll < 0.21:  # a post's position set at the post
        return _locate(desk, desk.tenants()[0], illegal=False)
    if role is Role.SAFETY_MANAGER and roll < 0.4:  # the risk loop: a point and its steps
        return _risk(desk, desk.tenants()[0], illegal=False)
    low, high = PROPOSAL_ROLLS.get(role, (0.0, 0.0))
    if low <= roll < high:  # 风险点建议 (a worker's) and the manager's answers
        return _proposal(desk, desk.tenants()[0], illegal=False)
    if role is Role.INSPECTOR and roll < 0.1:
        return _inspection(desk, rng.choice(desk.tenants()))
    report_share = 0.4 if len(desk.hazards) < 2 else 0.08
    if role is not Role.REGULATOR and roll < report_share:
        return _report(desk, rng.choice(desk.tenants()), illegal=False)
    step = _legal_step(desk)
    return step if step is not None else _report_or_tick(desk)


def _report_or_tick(desk: Desk) -> Choice:
    if desk.actor.role is Role.REGULATOR:  # may neither report nor tick: tries, and is refused
        return _report(desk, desk.rng.choice(TENANTS), illegal=True)
    return _report(desk, desk.rng.choice(desk.tenants()), illegal=False)


def legal_steps(actor: Actor, hazards: dict[str, Hazard]) -> list[tuple[Hazard, EventType]]:
    """Steps the role, the hazards' states and the user's relation to them allow."""
    options = [
        (hazard, kind)
        for hazard in hazards.values()
        for kind in HAZARD_TYPES
        if kind is not E.HAZARD_REPORTED
        and actor.role in PERMITTED_ROLES[kind]
        and next_status(hazard.status, kind, hazard.grade) is not None
        and _relation_allows(actor, hazard, kind)
    ]
    return sorted(options, key=lambda o: (o[0].id, o[1].value))


def moves_on(actor: Actor, hazards: dict[str, Hazard]) -> bool:
    """Whether this user can take some hazard a step further in its life now."""
    return any(kind not in RARE for _, kind in legal_steps(actor, hazards))


def step_on(desk: Desk) -> Choice:
    """A legal step on one of the hazards of ``desk`` (the caller made sure there is one)."""
    step = _legal_step(desk)
    assert step is not None, "no legal step on these hazards"
    return step


def _legal_step(desk: Desk) -> Choice | None:
    """A step the role and the hazard's state allow, on a hazard this phone shows."""
    options = legal_steps(desk.actor, desk.hazards)
    if not options:
        return None
    weights = [1 if kind in RARE else 6 for _, kind in options]  # hazards go far in life
    [(hazard, kind)] = desk.rng.choices(options, weights)
    return _step(desk, hazard.id, hazard.tenant, kind, hazard, illegal=False)


def _relation_allows(actor: Actor, hazard: Hazard, kind: EventType) -> bool:
    if kind is E.CONFLICT_RESOLVED:
        return bool(hazard.open_conflicts())
    if actor.role is Role.WORKER and kind in (E.HAZARD_STARTED, E.HAZARD_RECTIFIED):
        responsible = (
            hazard.reporter if hazard.status is HazardStatus.REGISTERED else hazard.assignee
        )
        return actor.user_id == responsible
    if kind in (E.HAZARD_ACCEPTED, E.HAZARD_REJECTED):
        return actor.user_id != hazard.rectified_by
    if kind is E.HAZARD_EDITED and actor.role is Role.WORKER:
        return actor.user_id == hazard.reporter
    if kind is E.HAZARD_SUPERVISION_LIFTED:  # only a supervision in force is lifted
        return hazard.supervision_level is not None and hazard.supervision_lifted_at is None
    return True


def _illegal(desk: Desk) -> Choice:
    """Break a rule: wrong role, wrong state, wrong person, wrong enterprise, no such hazard."""
    rng = desk.rng
    roll = rng.random()
    if roll < 0.15:
        return _report(desk, rng.choice(TENANTS), illegal=True)  # maybe another enterprise
    if roll < 0.25:  # another enterprise's card, under either enterprise
        return _tick(desk, rng.choice(TENANTS), illegal=True, post_of=rng.choice(TENANTS))
    if roll < 0.35:
        return _inspection(desk, rng.choice(TENANTS), illegal=True)
    if roll < 0.4:  # a card for another enterprise's post (or by a role that may not)
        tenant = rng.choice(desk.tenants())
        return _define(desk, tenant, illegal=True, post_of=_other(tenant))
    if roll < 0.43:  # a workshop set up by a role that may not, or in another enterprise
        tenant = rng.choice(desk.tenants())
        other = tenant if desk.actor.role is not Role.SAFETY_MANAGER else _other(tenant)
        return _workshop(desk, other, illegal=True)
    if roll < 0.45:  # a post located by a role that may not, or another enterprise's post
        tenant = rng.choice(desk.tenants())
        post_of = tenant if desk.actor.role is not Role.SAFETY_MANAGER else _other(tenant)
        return _locate(desk, tenant, illegal=True, post_of=post_of)
    if roll < 0.5:  # a risk step by a role that may not, or in another enterprise
        tenant = rng.choice(desk.tenants())
        other = tenant if desk.actor.role is not Role.SAFETY_MANAGER else _other(tenant)
        return _risk(desk, other, illegal=True)
    if roll < 0.52:  # a proposal or answer by a role that may not, or in another enterprise
        tenant = rng.choice(desk.tenants())
        own = desk.actor.role in (Role.WORKER, Role.SAFETY_MANAGER)
        return _proposal(desk, _other(tenant) if own else tenant, illegal=True)
    kind = rng.choice([k for k in HAZARD_TYPES if k is not E.HAZARD_REPORTED])
    if roll < 0.55 or not desk.hazards:
        ghost = f"H-ghost-{desk.prefix}"  # a hazard nobody reported: held for ever
        return _step(desk, ghost, rng.choice(TENANTS), kind, None, illegal=True)
    hazard = desk.hazards[rng.choice(sorted(desk.hazards))]
    tenant = hazard.tenant if rng.random() < 0.8 else rng.choice(TENANTS)
    return _step(desk, hazard.id, tenant, kind, hazard, illegal=True)


def _report(desk: Desk, tenant: TenantId, *, illegal: bool) -> Choice:
    rng = desk.rng
    inspector = desk.actor.role is Role.INSPECTOR
    payload: dict[str, Any] = {
        "title": rng.choice(["灭火器压力不足", "燃气软管老化", "防护罩缺失", "配电箱未上锁"]),
        "grade": HazardGrade.MAJOR.value if rng.random() < 0.2 else HazardGrade.GENERAL.value,
        "source": (HazardSource.ENFORCEMENT if inspector else HazardSource.ROUTINE).value,
        "location": rng.choice(["", "后厨", "1号车床"]),
    }
    if inspector and rng.random() < 0.5:
        payload["deadline"] = desk.at(days=7)
    if desk.risks and not illegal and rng.random() < 0.5:  # loop 3: a control failed
        payload["risk_id"] = rng.choice(desk.risks)
        payload["source"] = HazardSource.CONTROL_FAILURE.value
    hazard_id = desk.new_id("H")
    photo = rng.random() < 0.15
    if not photo:
        payload["no_photo_reason"] = "未带相机"  # a report needs a photo or a reason (issue 19)
    return Choice(_action(desk, tenant, hazard_id, E.HAZARD_REPORTED, payload), illegal, photo)


_EVIDENCE_FREE = [ItemResult.PASS, ItemResult.NOT_APPLICABLE]


def _tick(
    desk: Desk, tenant: TenantId, *, illegal: bool, post_of: TenantId | None = None
) -> Choice:
    rng = desk.rng
    post, card = POST_OF[post_of or tenant]
    period = desk.at()[:10]
    items = {
        # No 不合格: a failed tick needs its photo (issue 19), which these ticks do not carry.
        str(item): {"result": rng.choice(_EVIDENCE_FREE).value, "note": ""}
        for item in rng.sample(range(1, 6), rng.randint(1, 4))
    }
    payload = {
        "post_id": post,
        "card_id": card,
        "card_version": 1,
        "period": period,
        "items": items,
        "started_at": desk.at(),
        "completed_at": desk.at(),
        "scanned": rng.random() < 0.5,
    }
    aggregate = card_instance_id(post, card, period)
    return Choice(_action(desk, tenant, aggregate, E.CARD_SUBMITTED, payload), illegal)


def _other(tenant: TenantId) -> TenantId:
    return next(other for other in TENANTS if other != tenant)


def _define(
    desk: Desk, tenant: TenantId, *, illegal: bool, post_of: TenantId | None = None
) -> Choice:
    post, _ = POST_OF[post_of or tenant]
    item = {
        "id": "1",
        "what": "灭火器",
        "how": "看压力表",
        "pass_criterion": "指针在绿区",
        "typical_hazard": "压力不足",
        "frequency": "daily",
        "responsible_role": "岗位员工",
        "standard": "SX-18",
        "standard_version": "2026.1",
    }
    payload = {"post_id": post, "name": f"检查卡 {desk.rng.randint(1, 99)}", "items": [item]}
    return Choice(_action(desk, tenant, desk.new_id("C"), E.CARD_DEFINED, payload), illegal)


def _locate(
    desk: Desk, tenant: TenantId, *, illegal: bool, post_of: TenantId | None = None
) -> Choice:
    post, _ = POST_OF[post_of or tenant]
    rng = desk.rng
    payload = {"latitude": rng.uniform(39.9, 40.0), "longitude": rng.uniform(119.5, 119.7)}
    return Choice(_action(desk, tenant, post, E.POST_LOCATED, payload), illegal)


def _workshop(desk: Desk, tenant: TenantId, *, illegal: bool) -> Choice:
    post = {"id": desk.new_id("P"), "name": f"岗位 {desk.rng.randint(1, 99)}"}
    payload = {"name": f"车间 {desk.rng.randint(1, 99)}", "posts": [post]}
    aggregate = desk.new_id("W")
    return Choice(_action(desk, tenant, aggregate, E.WORKSHOP_DEFINED, payload), illegal)


RISK_TYPES = tuple(
    t
    for t in EventType
    if AGGREGATE_OF[t] in (AggregateType.RISK, AggregateType.RISK_LIST, AggregateType.RISK_MAP)
)
GRADINGS = (
    {"lec": {"l": 3, "e": 6, "c": 15}},
    {"lec": {"l": 6, "e": 6, "c": 15}},
    {"ls": {"l": 2, "s": 3}},
)


def _risk(desk: Desk, tenant: TenantId, *, illegal: bool) -> Choice:
    """A risk event: a new point, or a step on one this phone identified (any, when illegal)."""
    rng = desk.rng
    kind = rng.choice(RISK_TYPES) if desk.risks or illegal else E.RISK_IDENTIFIED
    if not illegal and desk.risks:  # one point per phone, taken through many steps
        kind = rng.choice([k for k in RISK_TYPES if k is not E.RISK_IDENTIFIED])
    risk = rng.choice(desk.risks) if desk.risks else f"R-{desk.prefix}-none"
    grading = rng.choice(GRADINGS)
    if kind is E.RISK_IDENTIFIED:
        payload: dict[str, Any] = {
            "subject": "equipment",
            "name": rng.choice(["燃气灶具", "车床", "配电箱"]),
            "five_high": "equipment",
            "accident_types": ["fire"],
            "grading": grading,
        }
        return Choice(_action(desk, tenant, desk.new_id("R"), kind, payload), illegal)
    if kind is E.RISK_LIST_REVIEWED:
        payload = {"reason": "annual", "results": {risk: {"result": "unchanged"}}}
        return Choice(_action(desk, tenant, desk.new_id("V"), kind, payload), illegal)
    if AGGREGATE_OF[kind] is AggregateType.RISK_MAP:
        payload = {"risk_id": risk, "x": rng.random(), "y": rng.random()}
        if kind is E.RISK_MAP_UNPINNED:
            payload = {"risk_id": risk}
        plan = kind is E.RISK_MAP_PLAN_SET
        if plan:  # the site plan is a photo the phone takes, keeps and uploads
            payload = {"photo": {"sha256": "0" * 64, "size": 1}}
        return Choice(_action(desk, tenant, risk_map_id(tenant), kind, payload), illegal, plan)
    measure = {"measure_id": desk.new_id("M"), "kind": "management", "text": "班前检查"}
    steps: dict[EventType, dict[str, Any]] = {
        E.RISK_REGRADED: {"grading": grading, "reason": "复查"},
        E.RISK_MEASURE_ADDED: measure,
        E.RISK_REASSESSED: {"hazard_id": _hazard_of(desk, risk), "decision": "keep"},
    }
    return Choice(_action(desk, tenant, risk, kind, steps[kind]), illegal)


ANSWERS = (E.RISK_PROPOSAL_CONFIRMED, E.RISK_PROPOSAL_DECLINED)
PROPOSAL_ROLLS = {Role.WORKER: (0.15, 0.19), Role.SAFETY_MANAGER: (0.4, 0.5)}
"""The band of a user's roll that proposes or answers: a few actions, the rest as before."""


def _proposal(desk: Desk, tenant: TenantId, *, illegal: bool) -> Choice:
    """A worker's 风险点建议, or a manager's answer to one this phone shows.

    When illegal, the caller picks a role or an enterprise that makes either one wrong.
    """
    rng = desk.rng
    answering = desk.actor.role is Role.SAFETY_MANAGER and desk.proposals and rng.random() < 0.9
    if (illegal and rng.random() < 0.6) or (answering and not illegal):
        # Confirming needs a point to name; at an even choice 200 seeds once made no legal one.
        kind = ANSWERS[0] if rng.random() < 0.7 else ANSWERS[1]
        proposal = rng.choice(desk.proposals) if desk.proposals else f"RP-{desk.prefix}-none"
        if kind is E.RISK_PROPOSAL_CONFIRMED and (desk.risks or illegal):
            risk = rng.choice(desk.risks) if desk.risks else f"R-{desk.prefix}-none"
            payload: dict[str, Any] = {"risk_id": risk, "note": "已建风险点"}
        else:
            kind, payload = E.RISK_PROPOSAL_DECLINED, {"reason": "已在清单中"}
        return Choice(_action(desk, tenant, proposal, kind, payload), illegal)
    post, _ = POST_OF[tenant]
    payload = {
        "subject": rng.choice(["place", "equipment", "activity", "post"]),
        "seen": rng.choice(["油烟机管道积油", "地面湿滑", "插线板过载"]),
        "post_id": post,
        "accident_types": rng.choice([[], ["fire"], ["electrocution", "fire"]]),
    }
    return Choice(_action(desk, tenant, desk.new_id("RP"), E.RISK_PROPOSED, payload), illegal)


def _hazard_of(desk: Desk, risk: str) -> str:
    """A hazard this phone shows as the risk point's control failing, if there is one."""
    linked = sorted(key for key, hazard in desk.hazards.items() if hazard.risk_id == risk)
    return linked[0] if linked else "H-none"


def _inspection(desk: Desk, tenant: TenantId, *, illegal: bool = False) -> Choice:
    rng = desk.rng
    findings = [
        {"standard_item": item, "result": rng.choice(list(ItemResult)).value}
        for item in rng.sample(["消防通道", "燃气报警器", "安全出口", "特种作业证"], 2)
    ]
    payload = {"findings": findings, "notice_no": f"N{desk.counter}"}
    inspection = desk.new_id("I")
    return Choice(_action(desk, tenant, inspection, E.INSPECTION_RECORDED, payload), illegal)


def _step(
    desk: Desk,
    hazard_id: str,
    tenant: TenantId,
    kind: EventType,
    hazard: Hazard | None,
    *,
    illegal: bool,
) -> Choice:
    payload = _payload(desk, kind, tenant, hazard)
    photo = kind is E.HAZARD_RECTIFIED and desk.rng.random() < 0.15
    return Choice(_action(desk, tenant, hazard_id, kind, payload), illegal, photo)


def _payload(
    desk: Desk, kind: EventType, tenant: TenantId, hazard: Hazard | None
) -> dict[str, Any]:
    rng = desk.rng
    if kind is E.HAZARD_ASSIGNED:
        # The enterprise's own worker: the server rejects another enterprise's (issue 19).
        assignee = WORKER_OF[tenant]
        return {"assignee": assignee, "deadline": desk.at(days=rng.randint(1, 10))}
    if kind is E.HAZARD_EDITED:
        fields = rng.sample(["title", "description", "location", "measures"], rng.randint(1, 2))
        return {name: f"{name} {rng.randint(1, 99)}" for name in fields}
    if kind is E.HAZARD_REGRADED:
        return {"grade": rng.choice(list(HazardGrade)).value}
    if kind is E.HAZARD_PLAN_ATTACHED:
        return {"summary": "分区整改", "target_date": desk.at(days=30)}
    if kind is E.HAZARD_SUPERVISED:
        unit = rng.choice(["", "海港区应急管理局"])
        return {
            "level": rng.choice(["市级", "县级"]),
            "deadline": desk.at(days=20),
            "responsible_unit": unit,
        }
    if kind is E.HAZARD_MAJOR_REVIEWED:
        # A supervised hazard is only confirmed (the fold refuses refuting it).
        supervised = hazard is not None and hazard.supervision_level is not None
        verdict = "confirmed" if supervised or rng.random() < 0.5 else "refuted"
        return {"verdict": verdict, "reason": "现场核实"}
    if kind is E.CONFLICT_RESOLVED:
        open_ids = [c.id for c in hazard.open_conflicts()] if hazard is not None else []
        conflict = rng.choice(sorted(open_ids)) if open_ids else "no-such-conflict"
        return {"conflict_id": conflict, "reason": "已核实"}
    return dict(FIXED_PAYLOADS.get(kind, {}))


FIXED_PAYLOADS: dict[EventType, dict[str, Any]] = {
    E.HAZARD_RECTIFIED: {"note": "已整改"},
    E.HAZARD_ACCEPTED: {"comment": "合格"},
    E.HAZARD_REJECTED: {"reason": "照片不清"},
    E.HAZARD_REOPENED: {"reason": "复查未整改"},
    E.HAZARD_VOIDED: {"reason": "误报"},
    E.HAZARD_ANNOTATED: {"note": "补充说明"},
    E.HAZARD_MAJOR_REPORTED: {"authority": "海港区应急管理局"},
    E.HAZARD_SUPERVISION_LIFTED: {"note": "现场核查已整改到位"},
}


def _action(
    desk: Desk, tenant: TenantId, aggregate_id: str, kind: EventType, payload: dict[str, Any]
) -> Action:
    return Action(desk.actor, tenant, aggregate_id, kind, payload)
