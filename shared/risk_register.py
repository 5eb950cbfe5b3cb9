"""A risk point's current state as a pure fold of its events, the same on phone and server.

Like hazards, the fold sorts events canonically (hlc, device, id), so arrival order never
matters, and nothing is dropped: every event ends in the timeline as applied, merged or refused
with its reason. A review (``risk_list.reviewed``) is its own aggregate, since one review covers
the whole list; each risk point's fold takes in the reviews that name it.

Concurrency is simpler than a hazard's: measures, reassessments and reviews only add to the
record, so concurrent ones all stand. Two concurrent regradings are the one real conflict, and
it is settled the way a hazard's grade is: the graver colour stays (caution wins).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.errors import NotPermitted, RiskStepRefused
from shared.events import AggregateType, Event, EventType, canonical_order
from shared.hazard_rules import TENANT_ROLES
from shared.hazards import Outcome
from shared.ids import EventId, PostId, RiskPointId, TenantId, UserId, WorkshopId
from shared.lifecycle import PERMITTED_ROLES
from shared.org import RiskPoint
from shared.payloads import (
    Grading,
    ItemLink,
    MeasureKind,
    PhotoRef,
    ReassessDecision,
    ReviewReason,
    ReviewResult,
    RiskIdentified,
    RiskListReviewed,
    RiskMeasureAdded,
    RiskReassessed,
    RiskRegraded,
    RiskSubject,
)
from shared.risk import (
    ACCIDENT_TYPE_NAMES,
    AccidentType,
    ControlLevel,
    FiveHigh,
    LecAssessment,
    LsAssessment,
    RiskColour,
    graver,
)
from shared.roles import Actor

__all__ = [
    "RISK_TRANSITIONS",
    "Risk",
    "RiskStatus",
    "fold_risk",
    "fold_risks",
    "reviews_naming",
]

E = EventType


class RiskStatus(StrEnum):
    """Where a risk point stands."""

    ACTIVE = "active"  # listed and controlled
    RETIRED = "retired"  # a review found it gone (equipment removed): kept, no longer listed


RISK_TRANSITIONS: dict[tuple[RiskStatus | None, EventType], RiskStatus] = {
    (None, E.RISK_IDENTIFIED): RiskStatus.ACTIVE,
    (RiskStatus.ACTIVE, E.RISK_REGRADED): RiskStatus.ACTIVE,
    (RiskStatus.ACTIVE, E.RISK_MEASURE_ADDED): RiskStatus.ACTIVE,
    (RiskStatus.ACTIVE, E.RISK_REASSESSED): RiskStatus.ACTIVE,
    (RiskStatus.ACTIVE, E.RISK_LIST_REVIEWED): RiskStatus.ACTIVE,
}
"""(state before, event) → state after; a pair not in the table is refused.

A retired point takes nothing more: should it come back, it is identified anew.
"""

REVIEW_STATUS = MappingProxyType(
    {
        ReviewResult.UNCHANGED: RiskStatus.ACTIVE,
        ReviewResult.CHANGED: RiskStatus.ACTIVE,
        ReviewResult.RETIRED: RiskStatus.RETIRED,
    }
)
"""The state a review's verdict leaves an active point in."""


class Grade(BaseModel):
    """评估 + 分级 as folded: the assessments, the colour and the 管控层级."""

    model_config = ConfigDict(frozen=True)

    colour: RiskColour
    control_level: ControlLevel
    lec: LecAssessment | None = None
    ls: LsAssessment | None = None

    @classmethod
    def of(cls, grading: Grading) -> Grade:
        """The folded grade of a grading as a phone sent it."""
        return cls(
            colour=grading.colour(),
            control_level=grading.level(),
            lec=grading.lec_assessment(),
            ls=grading.ls_assessment(),
        )


class Measure(BaseModel):
    """A control measure (管控措施) and the card items that check it."""

    model_config = ConfigDict(frozen=True)

    id: str
    kind: MeasureKind
    text: str
    checks: tuple[ItemLink, ...] = ()
    added_by: UserId
    added_at: datetime


class Reassessment(BaseModel):
    """Loop 3: what the manager decided about the point after a hazard of its control closed."""

    model_config = ConfigDict(frozen=True)

    hazard_id: str
    decision: ReassessDecision
    note: str
    by: UserId
    at: datetime


class ReviewMark(BaseModel):
    """A 风险清单复核's verdict on this point."""

    model_config = ConfigDict(frozen=True)

    review_id: str
    reason: ReviewReason
    result: ReviewResult
    note: str
    by: UserId
    at: datetime


class RiskTimelineEntry(BaseModel):
    """One line of a risk's record: who did what, when, and the grade before and after."""

    model_config = ConfigDict(frozen=True)

    event_id: EventId
    type: EventType
    actor: Actor
    device_id: str
    at: datetime
    version: int
    outcome: Outcome
    status: RiskStatus
    colour_before: RiskColour | None = None
    colour_after: RiskColour | None = None
    detail: str = ""  # why (a regrading), the measure, the hazard, the review's verdict
    reason_code: str | None = None
    reason: str | None = None


class Risk(BaseModel):
    """The projection of one risk point; rebuildable from its events at any time."""

    model_config = ConfigDict(frozen=True)

    id: RiskPointId
    tenant: TenantId
    status: RiskStatus
    subject: RiskSubject
    name: str
    workshop_id: WorkshopId | None
    post_id: PostId | None
    five_high: FiveHigh
    accident_types: tuple[AccidentType, ...]
    hazard_factors: str
    grade: Grade
    control_goal: str
    location: str
    photos: tuple[PhotoRef, ...]
    identified_by: UserId
    identified_at: datetime
    responsible: str | None = None  # 责任人, a user id of the enterprise
    measures: tuple[Measure, ...] = ()
    reassessments: tuple[Reassessment, ...] = ()
    reviews: tuple[ReviewMark, ...] = ()
    version: int = 0
    timeline: tuple[RiskTimelineEntry, ...] = ()

    def point(self) -> RiskPoint:
        """The point as the reference data lists it (风险告知卡, scoring, the phones' lists)."""
        return RiskPoint(
            id=self.id,
            tenant=self.tenant,
            workshop_id=self.workshop_id,
            post_id=self.post_id,
            name=self.name,
            hazard_factors=_factors(self),
            lec=self.grade.lec,
            ls=self.grade.ls,
            control_level=self.grade.control_level,
            measures=tuple(measure.text for measure in self.measures),
            five_high=self.five_high,
            control_goal=self.control_goal,
            responsible=self.responsible,
        )

    def checked_items(self) -> frozenset[tuple[str, str]]:
        """Every (card, item) that checks one of its measures."""
        return frozenset(
            (link.card_id, link.item_id) for measure in self.measures for link in measure.checks
        )


def _factors(risk: Risk) -> tuple[str, ...]:
    names = tuple(ACCIDENT_TYPE_NAMES[kind] for kind in risk.accident_types)
    return (*names, risk.hazard_factors) if risk.hazard_factors else names


# --- The fold -----------------------------------------------------------------------------------


def fold_risks(events: Iterable[Event]) -> dict[RiskPointId, Risk]:
    """Every risk point named by the events, each with the reviews that name it."""
    grouped: dict[str, list[Event]] = {}
    reviews: list[Event] = []
    for event in events:
        if event.aggregate.type is AggregateType.RISK:
            grouped.setdefault(event.aggregate.id, []).append(event)
        elif event.type is E.RISK_LIST_REVIEWED:
            reviews.append(event)
    folded = {
        RiskPointId(key): fold_risk([*group, *reviews_naming(reviews, key)])
        for key, group in grouped.items()
    }
    return {key: risk for key, risk in folded.items() if risk is not None}


def reviews_naming(reviews: Iterable[Event], risk_id: str) -> list[Event]:
    """The review events that give a verdict on ``risk_id``."""
    return [
        e
        for e in reviews
        if e.type is E.RISK_LIST_REVIEWED and risk_id in e.payload.get("results", {})
    ]


def fold_risk(events: Iterable[Event]) -> Risk | None:
    """One risk point from its events (and reviews naming it) in any order.

    None until its identification is among them. The first valid identification folds first
    even if a skewed clock stamped something earlier: nothing about a point can precede it.
    """
    ordered = canonical_order(list(events))
    starts = [e for e in ordered if e.type is E.RISK_IDENTIFIED and _refusal(None, e) is None]
    if not starts:
        return None
    risk = _create(starts[0])
    for event in ordered:
        if event is not starts[0]:
            risk = _apply(risk, event)
    return risk


def _refusal(risk: Risk | None, event: Event) -> NotPermitted | RiskStepRefused | None:
    actor = event.actor
    if actor.role not in PERMITTED_ROLES[event.type]:
        return NotPermitted(f"a {actor.role} may not make {event.type} events")
    if actor.role in TENANT_ROLES and actor.tenant != event.tenant:
        return NotPermitted("this record belongs to another enterprise")
    if risk is None:
        return None
    if event.tenant != risk.tenant:
        return NotPermitted("this record belongs to another enterprise")
    if (risk.status, event.type) not in RISK_TRANSITIONS:
        return RiskStepRefused(f"{event.type} is not allowed when the risk point is {risk.status}")
    return None


def _create(event: Event) -> Risk:
    p: RiskIdentified = event.parsed()  # type: ignore[assignment]
    grade = Grade.of(p.grading)
    risk = Risk(
        id=RiskPointId(event.aggregate.id),
        tenant=event.tenant,
        status=RISK_TRANSITIONS[(None, E.RISK_IDENTIFIED)],
        subject=p.subject,
        name=p.name,
        workshop_id=p.workshop_id,
        post_id=p.post_id,
        five_high=p.five_high,
        accident_types=p.accident_types,
        hazard_factors=p.hazard_factors,
        grade=grade,
        control_goal=p.control_goal,
        location=p.location,
        photos=p.photos,
        identified_by=event.actor.user_id,
        identified_at=event.at,
        responsible=p.responsible,
    )
    return _record(risk, event, Outcome.APPLIED, before=None, detail=_grade_text(grade))


def _apply(risk: Risk, event: Event) -> Risk:
    if event.type is E.RISK_IDENTIFIED:
        reason = RiskStepRefused("this risk point is identified already")
        return _record(risk, event, Outcome.REFUSED, reason=reason)
    refusal = _refusal(risk, event)
    if refusal is not None:
        return _record(risk, event, Outcome.REFUSED, reason=refusal)
    payload = event.parsed()
    if isinstance(payload, RiskRegraded):
        return _regrade(risk, event, payload, detail=payload.reason)
    if isinstance(payload, RiskMeasureAdded):
        return _add_measure(risk, event, payload)
    if isinstance(payload, RiskReassessed):
        return _reassess(risk, event, payload)
    assert isinstance(payload, RiskListReviewed)
    return _review(risk, event, payload)


def _regrade(risk: Risk, event: Event, p: RiskRegraded, *, detail: str) -> Risk:
    """A new grade; concurrent with an unseen regrading, the graver of the two stays."""
    new = Grade.of(p.grading)
    outcome = Outcome.APPLIED
    if _concurrent_regrade(risk, event):
        outcome = Outcome.MERGED
        if graver(risk.grade.colour, new.colour) != new.colour:
            new = risk.grade
    changed = risk.model_copy(update={"grade": new})
    return _record(changed, event, outcome, before=risk.grade.colour, detail=detail)


def _concurrent_regrade(risk: Risk, event: Event) -> bool:
    return any(
        entry.version > event.base_version
        and entry.colour_after is not None
        and entry.type is not E.RISK_IDENTIFIED
        and entry.outcome in (Outcome.APPLIED, Outcome.MERGED)
        for entry in risk.timeline
    )


def _add_measure(risk: Risk, event: Event, p: RiskMeasureAdded) -> Risk:
    if any(measure.id == p.measure_id for measure in risk.measures):
        reason = RiskStepRefused(f"measure {p.measure_id} is on this risk point already")
        return _record(risk, event, Outcome.REFUSED, reason=reason)
    return _record(_with_measure(risk, event, p), event, Outcome.APPLIED, detail=p.text)


def _with_measure(risk: Risk, event: Event, p: RiskMeasureAdded) -> Risk:
    measure = Measure(
        id=p.measure_id,
        kind=p.kind,
        text=p.text,
        checks=p.checks,
        added_by=event.actor.user_id,
        added_at=event.at,
    )
    return risk.model_copy(update={"measures": (*risk.measures, measure)})


def _reassess(risk: Risk, event: Event, p: RiskReassessed) -> Risk:
    if p.measure is not None and any(m.id == p.measure.measure_id for m in risk.measures):
        reason = RiskStepRefused(f"measure {p.measure.measure_id} is on this risk point already")
        return _record(risk, event, Outcome.REFUSED, reason=reason)
    mark = Reassessment(
        hazard_id=p.hazard_id,
        decision=p.decision,
        note=p.note,
        by=event.actor.user_id,
        at=event.at,
    )
    risk = risk.model_copy(update={"reassessments": (*risk.reassessments, mark)})
    detail = f"{p.hazard_id}: {p.decision.value}"
    if p.regrade is not None:
        risk = _regrade(risk, event, p.regrade, detail=f"{detail} · {p.regrade.reason}")
    if p.measure is not None:
        risk = _with_measure(risk, event, p.measure)
        detail = f"{detail} · {p.measure.text}"
    if p.regrade is not None:
        return risk  # the regrading wrote the line, with the grade before and after
    return _record(risk, event, Outcome.APPLIED, detail=detail)


def _review(risk: Risk, event: Event, p: RiskListReviewed) -> Risk:
    verdict = p.results[risk.id]
    mark = ReviewMark(
        review_id=event.aggregate.id,
        reason=p.reason,
        result=verdict.result,
        note=verdict.note,
        by=event.actor.user_id,
        at=event.at,
    )
    changed = risk.model_copy(
        update={"reviews": (*risk.reviews, mark), "status": REVIEW_STATUS[verdict.result]}
    )
    detail = f"{p.reason.value}: {verdict.result.value}"
    return _record(changed, event, Outcome.APPLIED, detail=f"{detail} {verdict.note}".strip())


_UNSET: Any = object()


def _record(
    risk: Risk,
    event: Event,
    outcome: Outcome,
    *,
    before: RiskColour | None = _UNSET,
    detail: str = "",
    reason: NotPermitted | RiskStepRefused | None = None,
) -> Risk:
    """Append the event's timeline line; ``before`` is given only when the grade was set."""
    version = risk.version + 1
    graded = before is not _UNSET and outcome is not Outcome.REFUSED
    entry = RiskTimelineEntry(
        event_id=event.event_id,
        type=event.type,
        actor=event.actor,
        device_id=event.device_id,
        at=event.at,
        version=version,
        outcome=outcome,
        status=risk.status,
        colour_before=before if graded else None,
        colour_after=risk.grade.colour if graded else None,
        detail=detail,
        reason_code=reason.code if reason else None,
        reason=reason.message if reason else None,
    )
    return risk.model_copy(update={"version": version, "timeline": (*risk.timeline, entry)})


def _grade_text(grade: Grade) -> str:
    parts = []
    if grade.lec is not None:
        parts.append(f"LEC D={grade.lec.d:g}")
    if grade.ls is not None:
        parts.append(f"LS R={grade.ls.r}")
    return " · ".join(parts)
