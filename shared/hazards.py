"""A hazard's current state as a pure fold of its events, the same wherever it is computed.

The fold sorts events canonically (hlc, device, id), so arrival order never matters. Concurrent
events (the author had not seen everything before it: ``base_version`` below the number of events
already folded) are resolved by the table in architecture.md, conservatively, and flagged for a
person. Nothing is dropped: every event ends in the timeline as applied, merged, overrode,
superseded or refused, with its reason.

``version`` counts every event folded into the hazard, whatever its outcome, so a version names
the same set of events on every phone and on the server, however conflicts were resolved.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from shared.cards import HazardGrade
from shared.errors import IllegalTransition, NotPermitted, UnknownReference
from shared.events import AggregateType, Event, EventType, canonical_order
from shared.hazard_rules import refusal_for
from shared.ids import CardId, EventId, HazardId, ItemId, PostId, RiskPointId, TenantId, UserId
from shared.lifecycle import HazardStatus, is_overdue, next_status
from shared.payloads import (
    ConflictResolved,
    HazardAccepted,
    HazardAnnotated,
    HazardAssigned,
    HazardCategory,
    HazardEdited,
    HazardMajorReported,
    HazardMajorReviewed,
    HazardPlanAttached,
    HazardRectified,
    HazardRegraded,
    HazardRejected,
    HazardReported,
    HazardSource,
    HazardSupervised,
    HazardSupervisionLifted,
    MajorVerdict,
    ManagementClass,
    PhotoRef,
)
from shared.roles import Actor

__all__ = [
    "Conflict",
    "Hazard",
    "MajorReview",
    "Outcome",
    "Severity",
    "TimelineEntry",
    "fold_hazard",
    "fold_hazards",
    "oversight_refusal",
    "plan_missing",
]

E = EventType


class Outcome(StrEnum):
    """What became of an event in the fold."""

    APPLIED = "applied"  # took effect in sequence
    MERGED = "merged"  # concurrent and combined: a second signature, the graver grade
    OVERRODE = "overrode"  # concurrent and won: a reject over an accept, progress over a void
    SUPERSEDED = "superseded"  # concurrent and lost; kept in the record with its conflict
    REFUSED = "refused"  # not allowed by the rules or roles; kept with its reason


class Severity(StrEnum):
    """How loudly a conflict asks for a person (ODK Central's vocabulary)."""

    SOFT = "soft"  # merged automatically; shown, needs no decision
    HARD = "hard"  # a decision was made conservatively; a manager should confirm it


class Conflict(BaseModel):
    """A flag left by concurrent events; a ``hazard.conflict_resolved`` event clears it."""

    model_config = ConfigDict(frozen=True)

    id: str
    severity: Severity
    code: str
    event_ids: tuple[EventId, ...]
    resolved_by: EventId | None = None
    resolution: str | None = None


class TimelineEntry(BaseModel):
    """One line of the traceable record: who did what on which device, and what came of it."""

    model_config = ConfigDict(frozen=True)

    event_id: EventId
    type: EventType
    actor: Actor
    device_id: str
    at: datetime
    version: int
    outcome: Outcome
    status: HazardStatus
    reason_code: str | None = None
    reason: str | None = None
    fields: tuple[str, ...] = ()  # for edits: which fields it set, to classify concurrent edits


class Signature(BaseModel):
    """An acceptance (验收) signature."""

    model_config = ConfigDict(frozen=True)

    user_id: UserId
    at: datetime
    comment: str


class MajorReview(BaseModel):
    """The authority's confirmation or refutation of a 重大隐患: who, when, what and why."""

    model_config = ConfigDict(frozen=True)

    verdict: MajorVerdict
    by: Actor
    at: datetime
    reason: str


class Hazard(BaseModel):
    """The projection of one hazard; rebuildable from its events at any time."""

    model_config = ConfigDict(frozen=True)

    id: HazardId
    tenant: TenantId
    status: HazardStatus
    grade: HazardGrade
    title: str
    description: str
    category: HazardCategory
    management_class: ManagementClass
    source: HazardSource
    location: str
    post_id: PostId | None
    card_id: CardId | None
    item_id: ItemId | None
    reporter: UserId
    # Loop 3: the risk point and control measure whose failure this hazard is.
    risk_id: RiskPointId | None = None
    measure_id: str | None = None
    reported_at: datetime
    assignee: UserId | None = None
    deadline: datetime | None = None
    measures: str = ""
    budget_yuan: Decimal | None = None
    photos_before: tuple[PhotoRef, ...] = ()
    photos_after: tuple[PhotoRef, ...] = ()
    notes: tuple[str, ...] = ()
    rectified_by: UserId | None = None
    acceptances: tuple[Signature, ...] = ()
    rejection_reasons: tuple[str, ...] = ()
    authority_report: str | None = None
    plan_summary: str | None = None
    plan_target_date: datetime | None = None
    supervision_level: str | None = None
    supervision_deadline: datetime | None = None
    supervision_unit: str = ""
    # 解除督办: when and by whom the authority confirmed the 销号 of a supervised hazard.
    supervision_lifted_at: datetime | None = None
    supervision_lifted_by: UserId | None = None
    major_reviews: tuple[MajorReview, ...] = ()
    version: int = 1
    timeline: tuple[TimelineEntry, ...] = ()
    conflicts: tuple[Conflict, ...] = ()

    def open_conflicts(self) -> tuple[Conflict, ...]:
        """Conflicts nobody has resolved yet."""
        return tuple(c for c in self.conflicts if c.resolved_by is None)

    def awaits_authority(self) -> bool:
        """销号 under 挂牌督办, not yet confirmed: still the authority's work (解除督办)."""
        return (
            self.status is HazardStatus.CLOSED
            and self.supervision_level is not None
            and self.supervision_lifted_at is None
        )

    def is_overdue(self, now: datetime) -> bool:
        """逾期: the deadline (or the authority's, if earlier) has passed while still open."""
        deadlines = [d for d in (self.deadline, self.supervision_deadline) if d is not None]
        return is_overdue(self.status, min(deadlines) if deadlines else None, now)


# --- Field updates per event type --------------------------------------------------------------

Updater = Callable[[Hazard, Event, Any], dict[str, Any]]


def _assigned(_: Hazard, __: Event, p: HazardAssigned) -> dict[str, Any]:
    return {
        "assignee": p.assignee,
        "deadline": p.deadline,
        "measures": p.measures,
        "budget_yuan": p.budget_yuan,
    }


def _rectified(h: Hazard, e: Event, p: HazardRectified) -> dict[str, Any]:
    return {
        "photos_after": h.photos_after + p.photos,
        "notes": _with_note(h.notes, p.note),
        "rectified_by": e.actor.user_id,
    }


def _accepted(h: Hazard, e: Event, p: HazardAccepted) -> dict[str, Any]:
    signature = Signature(user_id=e.actor.user_id, at=e.at, comment=p.comment)
    return {"acceptances": (*h.acceptances, signature)}


def _rejected(h: Hazard, _: Event, p: HazardRejected) -> dict[str, Any]:
    return {"rejection_reasons": (*h.rejection_reasons, p.reason), "acceptances": ()}


def _reopened(h: Hazard, _: Event, p: Any) -> dict[str, Any]:
    return {"notes": _with_note(h.notes, p.reason), "acceptances": ()}


def _edited(_: Hazard, __: Event, p: HazardEdited) -> dict[str, Any]:
    return p.changed()


def _regraded(_: Hazard, __: Event, p: HazardRegraded) -> dict[str, Any]:
    return {"grade": p.grade}


def _annotated(h: Hazard, _: Event, p: HazardAnnotated) -> dict[str, Any]:
    return {"photos_before": h.photos_before + p.photos, "notes": _with_note(h.notes, p.note)}


def _major_reported(_: Hazard, __: Event, p: HazardMajorReported) -> dict[str, Any]:
    return {"authority_report": f"{p.authority} {p.reference}".strip()}


def _plan_attached(_: Hazard, __: Event, p: HazardPlanAttached) -> dict[str, Any]:
    return {"plan_summary": p.summary, "plan_target_date": p.target_date}


def _supervised(_: Hazard, __: Event, p: HazardSupervised) -> dict[str, Any]:
    return {
        "supervision_level": p.level,
        "supervision_deadline": p.deadline,
        "supervision_unit": p.responsible_unit,
        # A reopened hazard supervised again is under a new supervision, not yet lifted.
        "supervision_lifted_at": None,
        "supervision_lifted_by": None,
    }


def _supervision_lifted(_: Hazard, e: Event, __: HazardSupervisionLifted) -> dict[str, Any]:
    return {"supervision_lifted_at": e.at, "supervision_lifted_by": e.actor.user_id}


BACK_TO_REGISTERED = frozenset({HazardStatus.REPORTED, HazardStatus.PLANNED})
"""States of the 重大隐患 detour: a refuted hazard leaves it and is handled as a 一般隐患."""


def _major_reviewed(h: Hazard, e: Event, p: HazardMajorReviewed) -> dict[str, Any]:
    review = MajorReview(verdict=p.verdict, by=e.actor, at=e.at, reason=p.reason)
    update: dict[str, Any] = {"major_reviews": (*h.major_reviews, review)}
    if p.verdict is MajorVerdict.REFUTED:
        update["grade"] = HazardGrade.GENERAL
        if h.status in BACK_TO_REGISTERED:
            update["status"] = HazardStatus.REGISTERED
    return update


def _with_note(notes: tuple[str, ...], note: str) -> tuple[str, ...]:
    return (*notes, note) if note else notes


def _no_fields(_: Hazard, __: Event, ___: Any) -> dict[str, Any]:
    return {}


UPDATERS: dict[EventType, Updater] = {
    E.HAZARD_ASSIGNED: _assigned,
    E.HAZARD_RECTIFIED: _rectified,
    E.HAZARD_ACCEPTED: _accepted,
    E.HAZARD_REJECTED: _rejected,
    E.HAZARD_REOPENED: _reopened,
    E.HAZARD_EDITED: _edited,
    E.HAZARD_REGRADED: _regraded,
    E.HAZARD_ANNOTATED: _annotated,
    E.HAZARD_MAJOR_REPORTED: _major_reported,
    E.HAZARD_PLAN_ATTACHED: _plan_attached,
    E.HAZARD_SUPERVISED: _supervised,
    E.HAZARD_SUPERVISION_LIFTED: _supervision_lifted,
    E.HAZARD_MAJOR_REVIEWED: _major_reviewed,
}
"""How each event type changes fields besides the status; absent types change none."""


# --- The concurrency table ----------------------------------------------------------------------


class Rule(StrEnum):
    """What happens to an incoming event that is concurrent with an applied one."""

    LOSES = "loses"  # the applied event stands; the incoming one is superseded
    WINS = "wins"  # the incoming one takes effect; the applied one is superseded
    MERGES = "merges"  # both stand


PROGRESS = frozenset(
    {
        E.HAZARD_ASSIGNED,
        E.HAZARD_STARTED,
        E.HAZARD_RECTIFIED,
        E.HAZARD_ACCEPTED,
        E.HAZARD_REJECTED,
        E.HAZARD_CLOSED,
        E.HAZARD_REOPENED,
        E.HAZARD_MAJOR_REPORTED,
        E.HAZARD_PLAN_ATTACHED,
        E.HAZARD_SUPERVISED,
    }
)
"""Events that move a hazard's work forward; a concurrent void never cancels them."""

CONCURRENCY: dict[tuple[EventType, EventType], tuple[Rule, Severity | None, str]] = {
    (E.HAZARD_ACCEPTED, E.HAZARD_ACCEPTED): (Rule.MERGES, None, "accept_vs_accept"),
    (E.HAZARD_ACCEPTED, E.HAZARD_REJECTED): (Rule.LOSES, Severity.HARD, "accept_vs_reject"),
    (E.HAZARD_REJECTED, E.HAZARD_ACCEPTED): (Rule.WINS, Severity.HARD, "accept_vs_reject"),
    (E.HAZARD_CLOSED, E.HAZARD_REOPENED): (Rule.LOSES, Severity.HARD, "close_vs_reopen"),
    (E.HAZARD_REOPENED, E.HAZARD_CLOSED): (Rule.WINS, Severity.HARD, "close_vs_reopen"),
    (E.HAZARD_REGRADED, E.HAZARD_REGRADED): (Rule.MERGES, Severity.SOFT, "grade_change"),
    **{(E.HAZARD_VOIDED, p): (Rule.LOSES, Severity.HARD, "void_vs_progress") for p in PROGRESS},
    **{(p, E.HAZARD_VOIDED): (Rule.WINS, Severity.HARD, "void_vs_progress") for p in PROGRESS},
}
"""(incoming, already applied) → rule, flag and code; architecture.md's table row by row.

Concurrent edits are handled apart: both apply in stamp order (newest wins), flagged soft when
they touch different fields and hard when the same one.
"""

APPLIED_LIKE = frozenset({Outcome.APPLIED, Outcome.MERGED, Outcome.OVERRODE})


# --- The fold -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ruling:
    """A decision about one event taken in an earlier pass of the fold."""

    outcome: Outcome
    conflict: Conflict | None = None


class _Restart(Exception):
    """An incoming event won over applied ones: fold again with these rulings."""

    def __init__(self, rulings: dict[EventId, _Ruling]) -> None:
        super().__init__("restart")
        self.rulings = rulings


def fold_hazards(events: Iterable[Event]) -> dict[HazardId, Hazard]:
    """Every hazard named by the events, each folded from its own events."""
    grouped: dict[str, list[Event]] = {}
    for event in events:
        if event.aggregate.type is AggregateType.HAZARD:
            grouped.setdefault(event.aggregate.id, []).append(event)
    folded = {HazardId(key): fold_hazard(group) for key, group in grouped.items()}
    return {key: hazard for key, hazard in folded.items() if hazard is not None}


def fold_hazard(events: Iterable[Event]) -> Hazard | None:
    """One hazard's state from its events in any order; None until its report is among them.

    The first report folds first even if a skewed clock stamped something before it: an event
    about a hazard cannot precede the hazard, and must not be lost for seeming to.
    """
    ordered = canonical_order(list(events))
    reports = [e for e in ordered if e.type is E.HAZARD_REPORTED and refusal_for(None, e) is None]
    if not reports:
        return None
    ordered = [reports[0], *(e for e in ordered if e is not reports[0])]
    rulings: dict[EventId, _Ruling] = {}
    while True:
        try:
            return _fold_once(ordered, rulings)
        except _Restart as restart:
            rulings = {**rulings, **restart.rulings}


def _fold_once(ordered: list[Event], rulings: dict[EventId, _Ruling]) -> Hazard | None:
    hazard: Hazard | None = None
    for event in ordered:
        hazard = _create(event) if hazard is None else _apply(hazard, event, rulings)
    return hazard


def _create(event: Event) -> Hazard | None:
    """The first state; events before a report have nothing to apply to and wait (held)."""
    if event.type is not E.HAZARD_REPORTED or refusal_for(None, event) is not None:
        return None
    p: HazardReported = event.parsed()  # type: ignore[assignment]
    status = next_status(None, event.type, p.grade)
    assert status is not None  # the table starts every hazard at REGISTERED
    hazard = Hazard(
        id=HazardId(event.aggregate.id),
        tenant=event.tenant,
        status=status,
        grade=p.grade,
        title=p.title,
        description=p.description,
        category=p.category,
        management_class=p.management_class,
        source=p.source,
        location=p.location,
        post_id=p.post_id,
        card_id=p.card_id,
        item_id=p.item_id,
        risk_id=p.risk_id,
        measure_id=p.measure_id,
        reporter=event.actor.user_id,
        reported_at=event.at,
        deadline=p.deadline,
        photos_before=p.photos,
        version=0,
    )
    return _record(hazard, event, Outcome.APPLIED)


def _apply(hazard: Hazard, event: Event, rulings: dict[EventId, _Ruling]) -> Hazard:
    ruling = rulings.get(event.event_id)
    if ruling is not None and ruling.outcome is Outcome.SUPERSEDED:
        return _record(hazard, event, Outcome.SUPERSEDED, conflict=ruling.conflict)
    refusal = refusal_for(hazard, event)
    if refusal is not None:
        return _record(hazard, event, Outcome.REFUSED, reason=refusal)
    if ruling is not None:
        return _in_sequence(hazard, event, Outcome.OVERRODE, ruling.conflict)
    if event.base_version < hazard.version:
        return _concurrent(hazard, event)
    return _in_sequence(hazard, event, Outcome.APPLIED)


def _in_sequence(
    hazard: Hazard, event: Event, outcome: Outcome, conflict: Conflict | None = None
) -> Hazard:
    status = next_status(hazard.status, event.type, hazard.grade)
    if event.type is E.HAZARD_ASSIGNED and plan_missing(hazard):
        reason = IllegalTransition(
            "a 重大隐患 is assigned only under its treatment plan (治理方案)"
        )
        return _record(hazard, event, Outcome.REFUSED, reason=reason, conflict=conflict)
    if status is None:
        reason = IllegalTransition(
            f"{event.type} is not allowed when the hazard is {hazard.status}"
        )
        return _record(hazard, event, Outcome.REFUSED, reason=reason, conflict=conflict)
    payload = event.parsed()
    verdict = payload.verdict if isinstance(payload, HazardMajorReviewed) else None
    oversight = oversight_refusal(hazard, event.type, verdict)
    if oversight is not None:
        return _record(hazard, event, Outcome.REFUSED, reason=oversight, conflict=conflict)
    if event.type is E.CONFLICT_RESOLVED:
        return _resolve_conflict(hazard, event)
    updater = UPDATERS.get(event.type, _no_fields)
    # The status from the table, unless the updater moves it (a refuted 重大隐患 back to 登记).
    changed = hazard.model_copy(update={"status": status, **updater(hazard, event, event.parsed())})
    return _record(changed, event, outcome, conflict=conflict)


def _concurrent(hazard: Hazard, event: Event) -> Hazard:
    """Resolve an event whose author had not seen the last ``version - base_version`` events."""
    unseen = [
        entry
        for entry in hazard.timeline
        if entry.version > event.base_version and entry.outcome in APPLIED_LIKE
    ]
    matches = [
        (entry, CONCURRENCY[(event.type, entry.type)])
        for entry in unseen
        if (event.type, entry.type) in CONCURRENCY
    ]
    for rule_kind in (Rule.LOSES, Rule.WINS, Rule.MERGES):
        hits = [(entry, rule) for entry, rule in matches if rule[0] is rule_kind]
        if hits:
            return _settle(hazard, event, rule_kind, hits)
    if event.type is E.HAZARD_EDITED:
        return _concurrent_edit(hazard, event, unseen)
    return _in_sequence(hazard, event, Outcome.APPLIED)


def _settle(
    hazard: Hazard,
    event: Event,
    rule_kind: Rule,
    hits: list[tuple[TimelineEntry, tuple[Rule, Severity | None, str]]],
) -> Hazard:
    _, severity, code = hits[0][1]
    others = tuple(entry.event_id for entry, _ in hits)
    conflict = _conflict(severity, code, event, others) if severity else None
    if rule_kind is Rule.LOSES:
        return _record(hazard, event, Outcome.SUPERSEDED, conflict=conflict)
    if rule_kind is Rule.WINS:
        superseded = {other: _Ruling(Outcome.SUPERSEDED) for other in others}
        raise _Restart({**superseded, event.event_id: _Ruling(Outcome.OVERRODE, conflict)})
    return _merge(hazard, event, conflict)


def _merge(hazard: Hazard, event: Event, conflict: Conflict | None) -> Hazard:
    payload = event.parsed()
    if isinstance(payload, HazardRegraded):
        graver = graver_grade(hazard.grade, payload.grade)
        return _record(
            hazard.model_copy(update={"grade": graver}), event, Outcome.MERGED, conflict=conflict
        )
    assert isinstance(payload, HazardAccepted)  # the only other merging pair
    update = _accepted(hazard, event, payload)
    return _record(hazard.model_copy(update=update), event, Outcome.MERGED, conflict=conflict)


def _concurrent_edit(hazard: Hazard, event: Event, unseen: list[TimelineEntry]) -> Hazard:
    others = [entry.event_id for entry in unseen if entry.type is E.HAZARD_EDITED]
    if not others:
        return _in_sequence(hazard, event, Outcome.APPLIED)
    mine = set(_edited_fields(event))
    theirs = {name for entry in unseen if entry.type is E.HAZARD_EDITED for name in entry.fields}
    severity, code = (
        (Severity.HARD, "edit_same_field") if mine & theirs else (Severity.SOFT, "edit_other_field")
    )
    return _in_sequence(
        hazard, event, Outcome.APPLIED, _conflict(severity, code, event, tuple(others))
    )


def _resolve_conflict(hazard: Hazard, event: Event) -> Hazard:
    p: ConflictResolved = event.parsed()  # type: ignore[assignment]
    if not any(c.id == p.conflict_id for c in hazard.conflicts):
        reason = UnknownReference(f"no conflict {p.conflict_id} on this hazard")
        return _record(hazard, event, Outcome.REFUSED, reason=reason)
    conflicts = tuple(
        c.model_copy(update={"resolved_by": event.event_id, "resolution": p.reason})
        if c.id == p.conflict_id
        else c
        for c in hazard.conflicts
    )
    return _record(hazard.model_copy(update={"conflicts": conflicts}), event, Outcome.APPLIED)


def _conflict(severity: Severity, code: str, event: Event, others: tuple[EventId, ...]) -> Conflict:
    return Conflict(
        id=f"{code}:{event.event_id}",
        severity=severity,
        code=code,
        event_ids=(*others, event.event_id),
    )


def _record(
    hazard: Hazard,
    event: Event,
    outcome: Outcome,
    *,
    reason: IllegalTransition | NotPermitted | UnknownReference | None = None,
    conflict: Conflict | None = None,
) -> Hazard:
    version = hazard.version + 1
    entry = TimelineEntry(
        event_id=event.event_id,
        type=event.type,
        actor=event.actor,
        device_id=event.device_id,
        at=event.at,
        version=version,
        outcome=outcome,
        status=hazard.status,
        reason_code=reason.code if reason else None,
        reason=reason.message if reason else None,
        fields=_edited_fields(event) if event.type is E.HAZARD_EDITED else (),
    )
    conflicts = hazard.conflicts if conflict is None else (*hazard.conflicts, conflict)
    return hazard.model_copy(
        update={"version": version, "timeline": (*hazard.timeline, entry), "conflicts": conflicts}
    )


def oversight_refusal(
    hazard: Hazard, kind: EventType, verdict: MajorVerdict | None = None
) -> IllegalTransition | None:
    """What the state table cannot say about the authority's own steps (the phone asks too).

    Only a supervised hazard's supervision is lifted, once; and a hazard the authority itself
    placed under 挂牌督办 is not refuted as a 重大隐患 (lift or keep the supervision instead).
    """
    if kind is E.HAZARD_SUPERVISION_LIFTED:
        if hazard.supervision_level is None:
            return IllegalTransition("only a hazard under 挂牌督办 has a supervision to lift")
        if hazard.supervision_lifted_at is not None:
            return IllegalTransition("this hazard's supervision is already lifted")
    refuting = kind is E.HAZARD_MAJOR_REVIEWED and verdict is MajorVerdict.REFUTED
    if refuting and hazard.supervision_level is not None:
        return IllegalTransition("a hazard under 挂牌督办 cannot be refuted as 重大隐患")
    return None


def _refuted(hazard: Hazard) -> bool:
    """The authority's last word on it is that it is no 重大隐患."""
    return bool(hazard.major_reviews) and hazard.major_reviews[-1].verdict is MajorVerdict.REFUTED


def plan_missing(hazard: Hazard) -> bool:
    """A major hazard, or one already reported as major, needs its plan before assignment.

    The transition table alone cannot say this: 挂牌督办 may come before the plan, and a
    regrading after 上报 must not let the hazard skip its plan.
    """
    if hazard.grade is not HazardGrade.MAJOR and _refuted(hazard):
        return False  # the authority said it is no 重大隐患: no plan is owed for it
    major = hazard.grade is HazardGrade.MAJOR or hazard.authority_report is not None
    return major and hazard.plan_summary is None


def graver_grade(a: HazardGrade, b: HazardGrade) -> HazardGrade:
    """The graver of two grades: under concurrent regrading, caution wins."""
    return HazardGrade.MAJOR if HazardGrade.MAJOR in (a, b) else HazardGrade.GENERAL


def _edited_fields(event: Event) -> tuple[str, ...]:
    edit = event.parsed()
    assert isinstance(edit, HazardEdited)
    return tuple(edit.changed())
