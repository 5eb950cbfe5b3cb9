"""The risk loop on the phone: identify and grade a risk point, control it, review the list.

Every step is an event folded by ``shared.risk_register`` here exactly as on the server, so a
manager sees their own steps at once, offline, and the server agrees later. The 待办 part asks
for what ``shared.risk_loops`` finds: 🟥/🟧 points no card item checks, closed hazards of a
failed control to re-assess, and controls that keep failing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mobile.local_record import LocalRecord
from mobile.reference import rows_of
from mobile.services.actions import Action, record_action
from mobile.services.risk_proposals import open_proposals
from mobile.store import Store
from shared.cards import CheckCard
from shared.errors import InvalidInput
from shared.events import AggregateType, Event
from shared.events import EventType as E
from shared.hazards import Hazard
from shared.ids import RiskPointId, TenantId
from shared.payloads import (
    Grading,
    MeasureKind,
    ReassessDecision,
    ReviewReason,
    ReviewResult,
    RiskSubject,
)
from shared.risk import (
    ACCIDENT_TYPE_NAMES,
    CONTROL_LEVEL_NAMES,
    RISK_LEVEL_NAMES,
    AccidentType,
    ControlLevel,
    FiveHigh,
    LecAssessment,
    LsAssessment,
    RiskColour,
)
from shared.risk_loops import (
    FailingControl,
    control_checked_by,
    failing_controls,
    reassessments_due,
    uncovered_serious,
)
from shared.risk_proposals import Proposal
from shared.risk_register import Risk, fold_risks
from shared.roles import Actor

__all__ = [
    "GradeExplained",
    "MeasureDraft",
    "ReassessDraft",
    "RiskDraft",
    "RiskTodos",
    "add_measure",
    "control_of_item",
    "explain",
    "identify_risk",
    "local_risks",
    "reassess",
    "regrade_risk",
    "review_list",
    "risk_todos",
]


def local_risks(record: LocalRecord) -> dict[RiskPointId, Risk]:
    """Every risk point this phone knows of, folded from its events and the reviews."""
    found = record.projections
    events = [
        Event.stored(body)
        for kind in (AggregateType.RISK, AggregateType.RISK_LIST)
        for aggregate_id in found.aggregate_ids(kind)
        for body in found.bodies(kind, aggregate_id)
    ]
    return fold_risks(events)


def control_of_item(record: LocalRecord, card_id: str, item_id: str) -> tuple[str, str] | None:
    """The risk point and measure a failed card item checks (loop 3), if any names it."""
    return control_checked_by(local_risks(record).values(), card_id, item_id)


# --- 评估 + 分级: the calculator --------------------------------------------------------------


@dataclass(frozen=True)
class GradeExplained:
    """What the calculator shows: the number, the band and why, and who leads the control."""

    number: str  # "D = 3 × 6 × 15 = 270" or "R = 4 × 4 = 16"
    colour_name: str  # 较大风险
    why: str  # "160 ≤ D < 320"
    level_name: str  # 车间级
    colour: RiskColour
    level: ControlLevel


_LEC_BANDS = ((320, None, "D ≥ 320"), (160, 320, "160 ≤ D < 320"), (70, 160, "70 ≤ D < 160"))
_LS_BANDS = ((20, "R ≥ 20"), (15, "15 ≤ R < 20"), (9, "9 ≤ R < 15"), (1, "R < 9"))


def explain(grading: Grading) -> GradeExplained:
    """The number, the band and why, for the gravest method used (the one that decides)."""
    lec, ls = grading.lec_assessment(), grading.ls_assessment()
    colour = grading.colour()
    if lec is not None and (ls is None or lec.colour is colour):
        number, why = _lec_text(lec)
    else:
        assert ls is not None
        number, why = _ls_text(ls)
    return GradeExplained(
        number=number,
        colour_name=RISK_LEVEL_NAMES[colour],
        why=why,
        level_name=CONTROL_LEVEL_NAMES[grading.level()],
        colour=colour,
        level=grading.level(),
    )


def _lec_text(lec: LecAssessment) -> tuple[str, str]:
    number = f"D = {lec.l:g} × {lec.e:g} × {lec.c:g} = {lec.d:g}"
    why = next((text for low, _, text in _LEC_BANDS if lec.d >= low), "D < 70")
    return number, why


def _ls_text(ls: LsAssessment) -> tuple[str, str]:
    number = f"R = {ls.l} × {ls.s} = {ls.r}"
    return number, next(text for low, text in _LS_BANDS if ls.r >= low)


# --- The six steps as a draft ----------------------------------------------------------------


@dataclass(frozen=True)
class MeasureDraft:
    """管控: one measure and the card items (card id, item id) that check it."""

    kind: MeasureKind
    text: str
    checks: tuple[tuple[str, str], ...] = ()

    def payload(self, measure_id: str) -> dict[str, Any]:
        """The ``risk.measure_added`` payload under a new measure id."""
        checks = [{"card_id": card, "item_id": item} for card, item in self.checks]
        return {
            "measure_id": measure_id,
            "kind": self.kind.value,
            "text": self.text.strip(),
            "checks": checks,
        }


@dataclass(frozen=True)
class RiskDraft:
    """What the six-step flow holds when the manager saves it."""

    subject: RiskSubject
    name: str
    five_high: FiveHigh
    accident_types: tuple[AccidentType, ...]
    grading: Grading
    post_id: str | None = None
    workshop_id: str | None = None
    hazard_factors: str = ""
    control_goal: str = ""
    location: str = ""
    photos: tuple[dict[str, Any], ...] = ()
    measures: tuple[MeasureDraft, ...] = ()
    responsible: str | None = None  # 责任人: a user id of the enterprise


def identify_risk(
    record: LocalRecord, actor: Actor, draft: RiskDraft
) -> tuple[RiskPointId, list[Event]]:
    """Save the point (排查…建档) and its measures (管控); returns its id and the events.

    Raises:
        InvalidInput: Something does not fit (an empty name, no accident type); nothing of
            this point is saved when its identification is refused.
    """
    risk_id = RiskPointId(f"R-{uuid.uuid4().hex[:12]}")
    payload: dict[str, Any] = {
        "subject": draft.subject.value,
        "name": draft.name.strip(),
        "five_high": draft.five_high.value,
        "accident_types": [kind.value for kind in draft.accident_types],
        "hazard_factors": draft.hazard_factors.strip(),
        "grading": draft.grading.model_dump(mode="json", exclude_none=True),
        "control_goal": draft.control_goal.strip(),
        "location": draft.location.strip(),
        "photos": list(draft.photos),
    }
    for name in ("post_id", "workshop_id", "responsible"):
        if getattr(draft, name):
            payload[name] = getattr(draft, name)
    made = [_record(record, actor, risk_id, E.RISK_IDENTIFIED, payload)]
    for measure in draft.measures:
        made.append(add_measure(record, actor, risk_id, measure))
    return risk_id, made


def add_measure(record: LocalRecord, actor: Actor, risk_id: str, measure: MeasureDraft) -> Event:
    """管控: one more measure on a point, with the card items that check it."""
    payload = measure.payload(f"M-{uuid.uuid4().hex[:8]}")
    return _record(record, actor, risk_id, E.RISK_MEASURE_ADDED, payload)


def regrade_risk(
    record: LocalRecord, actor: Actor, risk_id: str, grading: Grading, reason: str
) -> Event:
    """分级 again with why; the fold keeps the grade before and after."""
    payload = {
        "grading": grading.model_dump(mode="json", exclude_none=True),
        "reason": reason.strip(),
    }
    return _record(record, actor, risk_id, E.RISK_REGRADED, payload)


@dataclass(frozen=True)
class ReassessDraft:
    """The manager's answer after a hazard of a control closed: keep, regrade, add a measure."""

    decision: ReassessDecision
    note: str = ""
    grading: Grading | None = None  # with REGRADE
    reason: str = ""  # why the grade changes
    measure: MeasureDraft | None = None  # with ADD_MEASURE (or beside a regrade)


def reassess(record: LocalRecord, actor: Actor, hazard: Hazard, answer: ReassessDraft) -> Event:
    """Loop 3: answer for the point once a hazard of its control is closed.

    Raises:
        InvalidInput: The hazard names no risk point, or the answer lacks what it decides.
    """
    if hazard.risk_id is None:
        raise InvalidInput("this hazard names no risk point", field="hazard")
    payload: dict[str, Any] = {
        "hazard_id": hazard.id,
        "decision": answer.decision.value,
        "note": answer.note.strip(),
    }
    if answer.grading is not None:
        grading = answer.grading.model_dump(mode="json", exclude_none=True)
        payload["regrade"] = {"grading": grading, "reason": answer.reason.strip()}
    if answer.measure is not None:
        payload["measure"] = answer.measure.payload(f"M-{uuid.uuid4().hex[:8]}")
    return _record(record, actor, hazard.risk_id, E.RISK_REASSESSED, payload)


def review_list(
    record: LocalRecord,
    actor: Actor,
    reason: ReviewReason,
    results: dict[str, ReviewResult],
    note: str = "",
) -> Event:
    """风险清单复核: one action with a verdict per risk point (the score reads its day)."""
    payload = {
        "reason": reason.value,
        "note": note,
        "results": {risk_id: {"result": result.value} for risk_id, result in results.items()},
    }
    return _record(record, actor, f"V-{uuid.uuid4().hex[:12]}", E.RISK_LIST_REVIEWED, payload)


def _record(
    record: LocalRecord, actor: Actor, aggregate_id: str, kind: E, payload: dict[str, Any]
) -> Event:
    action = Action(actor, TenantId(actor.tenant or ""), aggregate_id, kind, payload)
    return record_action(record, action)


# --- 待办 -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RiskTodos:
    """What the risk loop asks of the manager, beside the hazards of the inbox."""

    uncovered: tuple[Risk, ...]  # 🟥/🟧 points no card item checks
    reassess: tuple[tuple[Hazard, Risk], ...]  # closed hazards whose point to re-assess
    failing: tuple[tuple[FailingControl, Risk], ...]  # a control that does not work
    proposals: tuple[Proposal, ...] = ()  # workers' 风险点建议 to confirm or decline

    @property
    def count(self) -> int:
        """How many things wait, for the tab's badge."""
        return len(self.uncovered) + len(self.reassess) + len(self.failing) + len(self.proposals)


def risk_todos(record: LocalRecord, store: Store, actor: Actor, now: datetime) -> RiskTodos:
    """The manager's enterprise's risk loop 待办, from what this phone holds."""
    tenant = TenantId(actor.tenant or "")
    risks = {key: r for key, r in local_risks(record).items() if r.tenant == tenant}
    hazards = [h for h in record.projections.hazards().values() if h.tenant == tenant]
    cards: Sequence[CheckCard] = rows_of(store, tenant, "card", CheckCard)
    due = reassessments_due(hazards, risks)
    return RiskTodos(
        uncovered=tuple(sorted(uncovered_serious(risks.values(), cards), key=lambda r: r.name)),
        reassess=tuple((h, risks[h.risk_id]) for h in due if h.risk_id is not None),
        failing=tuple(
            (control, risks[control.risk_id])
            for control in failing_controls(hazards, now)
            if control.risk_id in risks
        ),
        proposals=tuple(open_proposals(record, tenant)),
    )


ACCIDENT_CHOICES = tuple((kind, ACCIDENT_TYPE_NAMES[kind]) for kind in AccidentType)
"""The GB 6441 accident types with their names, for the 辨识 step's choices."""
