"""What a safety manager does about a hazard: assign, accept or reject, close, the 重大隐患 steps.

Each action is checked twice before anything is saved: the form's own input (a required reason,
a deadline not in the past, a budget that is a number ≥ 0) and the shared rules (the role table,
the transition table, the relations in ``shared.hazard_rules`` and the plan a 重大隐患 needs
before it is assigned). A refusal is a ``Refused`` with a message key of the manager's words and
the field it is about, so the screen can say what to fix; nothing is saved. What passes becomes
one event saved durably on the phone (``record_action``), 待同步 until the server has it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

from mobile.local_record import LocalRecord
from mobile.services.actions import Action, record_action
from mobile.services.local_time import aware, local
from mobile.services.people import assignees_for, knows_people
from shared.errors import InvalidInput
from shared.events import AggregateRef, AggregateType, Event, EventType
from shared.hazard_rules import refusal_for
from shared.hazards import (
    APPLIED_LIKE,
    Conflict,
    Hazard,
    Severity,
    TimelineEntry,
    plan_missing,
)
from shared.hlc import Hlc
from shared.ids import DeviceId, EventId, TenantId
from shared.lifecycle import PERMITTED_ROLES, HazardStatus, next_status
from shared.roles import Actor

__all__ = [
    "MANAGER_STEPS",
    "Assignment",
    "ConflictSide",
    "Plan",
    "Refused",
    "accept",
    "allowed_steps",
    "assign",
    "attach_plan",
    "close",
    "conflict_sides",
    "hard_conflicts",
    "parse_budget",
    "parse_day",
    "reject",
    "report_major",
    "resolve_conflict",
    "why_not",
]

E = EventType
S = HazardStatus

MANAGER_STEPS = (
    E.HAZARD_ASSIGNED,
    E.HAZARD_ACCEPTED,
    E.HAZARD_REJECTED,
    E.HAZARD_CLOSED,
    E.HAZARD_MAJOR_REPORTED,
    E.HAZARD_PLAN_ATTACHED,
    E.CONFLICT_RESOLVED,
)
"""The steps of the loop a safety manager takes on the phone."""

_BEFORE_WORK = frozenset({S.REGISTERED, S.REPORTED, S.SUPERVISED})
"""States of a 重大隐患 in which the missing plan, not the state, is what blocks assignment."""

DUE_AT = time(18, 0)
"""A deadline given as a day falls due at the end of that working day, local time."""


class Refused(Exception):
    """An action the form or the rules refuse; nothing was saved.

    Attributes:
        key: The message key (``mobile/ui/words/manager.py``).
        field: The (first) form field it is about, or None for the whole action.
        fields: Every refused field → its message key, so a form shows them all at once.
        values: Values for the message's ``{fields}``.
    """

    def __init__(
        self,
        key: str,
        field: str | None = None,
        *,
        fields: Mapping[str, str] | None = None,
        **values: object,
    ) -> None:
        super().__init__(key)
        self.key = key
        self.field = field
        self.fields = dict(fields or ({field: key} if field else {}))
        self.values = values


def why_not(hazard: Hazard | None, actor: Actor, step: EventType) -> str | None:
    """The message key saying why ``actor`` may not take ``step`` now, or None when they may.

    The same rules the fold applies (``shared.lifecycle``, ``shared.hazard_rules``), asked
    before the event exists, so the phone never saves an event its own fold would refuse.
    """
    if hazard is None:
        return "manage.unknown"
    if actor.role not in PERMITTED_ROLES[step]:
        return "manage.role"
    if step in (E.HAZARD_ACCEPTED, E.HAZARD_REJECTED) and actor.user_id == hazard.rectified_by:
        return "manage.own_fix"
    if refusal_for(hazard, _probe(hazard, actor, step)) is not None:
        return "manage.role"
    if step is E.CONFLICT_RESOLVED:
        return None if hazard.open_conflicts() else "manage.no_conflict"
    if step is E.HAZARD_ASSIGNED and plan_missing(hazard) and hazard.status in _BEFORE_WORK:
        return "assign.plan_first"
    if next_status(hazard.status, step, hazard.grade) is None:
        return "manage.wrong_state"
    if step is E.HAZARD_ASSIGNED and plan_missing(hazard):
        return "assign.plan_first"
    return None


def allowed_steps(hazard: Hazard, actor: Actor) -> frozenset[EventType]:
    """The manager's steps the rules allow on this hazard now."""
    return frozenset(step for step in MANAGER_STEPS if why_not(hazard, actor, step) is None)


def hard_conflicts(hazard: Hazard) -> bool:
    """Whether a decision the rules made on concurrent events waits for a person."""
    return any(c.severity is Severity.HARD for c in hazard.open_conflicts())


# --- input ---------------------------------------------------------------------------------------


def parse_day(text: str, field: str, today: date) -> date:
    """A ``YYYY-MM-DD`` day, today or later.

    Raises:
        Refused: Empty (``form.need_date``), not a date (``form.bad_date``) or before today
            (``form.past_date``).
    """
    text = text.strip()
    if not text:
        raise Refused("form.need_date", field)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise Refused("form.bad_date", field) from None
    if day < today:
        raise Refused("form.past_date", field)
    return day


def parse_budget(text: str, field: str) -> Decimal | None:
    """Yuan, at most two decimals, ≥ 0; empty is "not given".

    Raises:
        Refused: Not a number or negative (``form.bad_money``).
    """
    text = text.strip().replace(",", "").removeprefix("¥")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise Refused("form.bad_money", field) from None
    if not amount.is_finite() or amount < 0 or amount > 10**10:
        raise Refused("form.bad_money", field)
    return amount.quantize(Decimal("0.01"))


T = TypeVar("T")


def _checked(problems: dict[str, str], parse: Callable[[], T]) -> T | None:
    """``parse()``, or None with its refusal added to ``problems``."""
    try:
        return parse()
    except Refused as refused:
        problems.update(refused.fields)
        return None


def _required(text: str, field: str) -> str:
    if not text.strip():
        raise Refused("form.need_text", field)
    return text.strip()


# --- actions -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """The assign form as typed: who, by which day, how, with what money."""

    assignee: str
    deadline: str  # YYYY-MM-DD
    measures: str = ""
    budget: str = ""


def assign(
    record: LocalRecord, actor: Actor, hazard_id: str, form: Assignment, now: datetime
) -> Event:
    """Save ``hazard.assigned``: 整改负责人, 期限, 措施, 资金.

    Raises:
        Refused: A field is missing or wrong, or the rules do not allow it; nothing is saved.
    """
    problems: dict[str, str] = {}
    assignee = _checked(problems, lambda: _required(form.assignee, "assignee"))
    hazard = record.projections.hazard(hazard_id)
    if assignee is not None and hazard is not None and not _may_take(record, hazard, assignee):
        problems["assignee"] = "assign.bad_assignee"
    day = _checked(problems, lambda: parse_day(form.deadline, "deadline", local(now).date()))
    budget = _checked(problems, lambda: parse_budget(form.budget, "budget"))
    if problems or assignee is None or day is None:
        field, key = next(iter(problems.items()))
        raise Refused(key, field, fields=problems)
    payload: dict[str, Any] = {
        "assignee": assignee,
        "deadline": aware(datetime.combine(day, DUE_AT)).isoformat(),
        "measures": form.measures.strip(),
    }
    if budget is not None:
        payload["budget_yuan"] = str(budget)
    return _act(record, actor, hazard_id, E.HAZARD_ASSIGNED, payload)


def _may_take(record: LocalRecord, hazard: Hazard, assignee: str) -> bool:
    """The server's assignee rule (``shared.people``), on the people the phone knows.

    A phone whose server sends no people (before issue 19) cannot tell: the server decides.
    """
    if not knows_people(record.store, hazard.tenant):
        return True
    return any(p.user_id == assignee for p in assignees_for(record.store, hazard.tenant))


def accept(record: LocalRecord, actor: Actor, hazard_id: str, comment: str = "") -> Event:
    """Save ``hazard.accepted`` (验收通过), signed by the manager."""
    return _act(record, actor, hazard_id, E.HAZARD_ACCEPTED, {"comment": comment.strip()})


def reject(record: LocalRecord, actor: Actor, hazard_id: str, reason: str) -> Event:
    """Save ``hazard.rejected`` (驳回): the reason tells the worker what to redo.

    Raises:
        Refused: No reason (``form.need_reason``), or the rules do not allow it.
    """
    if not reason.strip():
        raise Refused("form.need_reason", "reason")
    return _act(record, actor, hazard_id, E.HAZARD_REJECTED, {"reason": reason.strip()})


def close(record: LocalRecord, actor: Actor, hazard_id: str, note: str = "") -> Event:
    """Save ``hazard.closed`` (销号) for an accepted hazard."""
    return _act(record, actor, hazard_id, E.HAZARD_CLOSED, {"note": note.strip()})


def report_major(
    record: LocalRecord, actor: Actor, hazard_id: str, authority: str, reference: str = ""
) -> Event:
    """Save ``hazard.major_reported``: to which authority, under which reference number."""
    payload = {"authority": _required(authority, "authority"), "reference": reference.strip()}
    return _act(record, actor, hazard_id, E.HAZARD_MAJOR_REPORTED, payload)


@dataclass(frozen=True)
class Plan:
    """The treatment plan form as typed (治理方案)."""

    summary: str
    target_date: str  # YYYY-MM-DD


def attach_plan(
    record: LocalRecord, actor: Actor, hazard_id: str, plan: Plan, now: datetime
) -> Event:
    """Save ``hazard.plan_attached``: the plan's summary and the day the work is to be done."""
    summary = _required(plan.summary, "summary")
    day = parse_day(plan.target_date, "target_date", local(now).date())
    payload = {"summary": summary, "target_date": aware(datetime.combine(day, DUE_AT)).isoformat()}
    return _act(record, actor, hazard_id, E.HAZARD_PLAN_ATTACHED, payload)


def resolve_conflict(
    record: LocalRecord, actor: Actor, hazard_id: str, conflict_id: str, reason: str
) -> Event:
    """Save ``hazard.conflict_resolved``: a person confirmed what the rules decided, and why.

    Raises:
        Refused: No reason, a conflict the hazard does not have, or the rules do not allow it.
    """
    if not reason.strip():
        raise Refused("form.need_reason", "reason")
    hazard = record.projections.hazard(hazard_id)
    if hazard is not None and not any(c.id == conflict_id for c in hazard.open_conflicts()):
        raise Refused("manage.no_conflict")
    payload = {"conflict_id": conflict_id, "reason": reason.strip()}
    return _act(record, actor, hazard_id, E.CONFLICT_RESOLVED, payload)


def _act(
    record: LocalRecord, actor: Actor, hazard_id: str, step: EventType, payload: Mapping[str, Any]
) -> Event:
    hazard = record.projections.hazard(hazard_id)
    problem = why_not(hazard, actor, step)
    if problem is not None:
        raise Refused(problem, status=hazard.status if hazard else None)
    assert hazard is not None
    try:
        return record_action(record, Action(actor, hazard.tenant, hazard_id, step, payload))
    except InvalidInput as exc:
        raise Refused("form.invalid") from exc


def _probe(hazard: Hazard, actor: Actor, step: EventType) -> Event:
    """An unsaved event with what ``refusal_for`` reads: actor, type, tenant."""
    return Event.model_construct(
        event_id=EventId(str(uuid.UUID(int=0))),
        device_id=DeviceId("probe"),
        device_seq=1,
        actor=actor,
        tenant=TenantId(hazard.tenant),
        aggregate=AggregateRef(type=AggregateType.HAZARD, id=hazard.id),
        type=step,
        payload={},
        hlc=Hlc(wall_ms=0, counter=0, device=DeviceId("probe")),
        base_version=hazard.version,
    )


# --- conflicts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConflictSide:
    """One concurrent event of a conflict: who, when, on which device, what, and if it stands."""

    entry: TimelineEntry
    said: str  # the reason or comment the person gave, if any
    stands: bool


def conflict_sides(record: LocalRecord, hazard: Hazard, conflict: Conflict) -> list[ConflictSide]:
    """The events of ``conflict`` as the fold placed them, with what each person wrote."""
    wanted = set(conflict.event_ids)
    bodies = {
        str(body.get("event_id")): body
        for body in record.projections.bodies(AggregateType.HAZARD, hazard.id)
        if body.get("event_id") in wanted
    }
    sides = []
    for entry in hazard.timeline:
        if entry.event_id in wanted:
            payload = (bodies.get(entry.event_id) or {}).get("payload") or {}
            said = str(payload.get("reason") or payload.get("comment") or payload.get("note") or "")
            sides.append(ConflictSide(entry, said, entry.outcome in APPLIED_LIKE))
    return sides
