"""The authority's hand on a 重大隐患, from a regulator's phone: 挂牌督办, 核定, 解除督办.

A regulator's phone folds no enterprise's events, so the hazard is the server's record
(``GET /v1/hazards/{id}``, kept for offline) and each step is saved with that record's version
as the version the regulator saw. The steps offered are the ones the fold would apply
(``shared.lifecycle`` and ``shared.hazards.oversight_refusal``), so a step saved here is not
refused later for a reason the phone could have known.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import ValidationError

from mobile.local_record import LocalRecord
from mobile.services.actions import Action, record_action
from mobile.services.local_time import aware, local
from mobile.services.managing import DUE_AT, Refused, parse_day
from mobile.sync.reads import ServerReads
from shared.errors import InvalidInput
from shared.events import Event, EventType
from shared.hazards import Hazard, oversight_refusal
from shared.lifecycle import PERMITTED_ROLES, next_status
from shared.payloads import MajorVerdict
from shared.roles import Actor
from shared.text import STORED

__all__ = [
    "LEVELS",
    "OVERSIGHT_STEPS",
    "Overseen",
    "Supervision",
    "lift_supervision",
    "oversight_steps",
    "pending_steps",
    "read_overseen",
    "review_major",
    "supervise",
]

E = EventType
OVERSIGHT_STEPS = (E.HAZARD_SUPERVISED, E.HAZARD_MAJOR_REVIEWED, E.HAZARD_SUPERVISION_LIFTED)
"""The authority's own steps on a hazard, in the order the screen offers them."""
LEVELS = ("市级", "县级", "乡级")
"""督办级别 a regulator picks from (the payload takes any line: a province may name others)."""


@dataclass(frozen=True)
class Overseen:
    """A hazard as the server last gave it.

    Two reads that say the same are equal whenever they were fetched, so a screen is not
    built again (under the user's typing) only because the same record was read again.

    Attributes:
        hazard: The server's state (no timeline: the record's steps come apart).
        steps: The record's steps, oldest first, as the server gave them.
        fetched_ms: When the server said so.
        fresh: Fetched now; False when the kept copy is shown offline.
    """

    hazard: Hazard
    steps: list[dict[str, Any]]
    fetched_ms: int = field(compare=False)
    fresh: bool = field(compare=False)


def read_overseen(reads: ServerReads, hazard_id: str) -> Overseen | None:
    """The hazard's record from the server (or kept), None when it cannot be read.

    Raises:
        Offline, SignInRequired, ServerRefused: As ``ServerReads.json``.
    """
    fetched = reads.json(f"/v1/hazards/{hazard_id}")
    body = fetched.body or {}
    try:
        hazard = Hazard.model_validate(body.get("state") or {}, context=STORED)
    except ValidationError:
        return None
    return Overseen(hazard, list(body.get("timeline") or []), fetched.at_ms, fetched.fresh)


def pending_steps(record: LocalRecord, shown: Overseen) -> frozenset[EventType]:
    """This phone's steps on the hazard that the record shown does not hold yet (待同步).

    Asked at each build, not kept with the record: a step saved a moment ago shows at once.
    """
    sent = {str(step.get("event_id")) for step in shown.steps}
    return frozenset(
        e.type
        for e in record.pending()
        if e.aggregate.id == shown.hazard.id and e.event_id not in sent
    )


def oversight_steps(hazard: Hazard, actor: Actor) -> frozenset[EventType]:
    """The authority's steps the rules allow on this hazard now (a refutation apart)."""
    return frozenset(
        step
        for step in OVERSIGHT_STEPS
        if actor.role in PERMITTED_ROLES[step]
        and next_status(hazard.status, step, hazard.grade) is not None
        and oversight_refusal(hazard, step, MajorVerdict.CONFIRMED) is None
    )


@dataclass(frozen=True)
class Supervision:
    """The 挂牌督办 form as typed."""

    level: str
    deadline: str  # YYYY-MM-DD
    responsible_unit: str = ""
    note: str = ""


def supervise(
    record: LocalRecord, actor: Actor, hazard: Hazard, form: Supervision, now: datetime
) -> Event:
    """Save ``hazard.supervised``: level, deadline (a day from today on) and 责任单位.

    Raises:
        Refused: A field is missing or wrong, or the rules do not allow it; nothing is saved.
    """
    problems: dict[str, str] = {}
    if not form.level.strip():
        problems["level"] = "form.need_text"
    try:
        day = parse_day(form.deadline, "deadline", local(now).date())
    except Refused as refused:
        problems.update(refused.fields)
    if problems:
        field, key = next(iter(problems.items()))
        raise Refused(key, field, fields=problems)
    payload = {
        "level": form.level.strip(),
        "deadline": aware(datetime.combine(day, DUE_AT)).isoformat(),
        "responsible_unit": form.responsible_unit.strip(),
        "note": form.note.strip(),
    }
    return _act(record, actor, hazard, E.HAZARD_SUPERVISED, payload)


def review_major(
    record: LocalRecord, actor: Actor, hazard: Hazard, verdict: MajorVerdict, reason: str
) -> Event:
    """Save ``hazard.major_reviewed``: confirmed or refuted, and why (required).

    Raises:
        Refused: No reason (``form.need_reason``), or the rules do not allow it.
    """
    if not reason.strip():
        raise Refused("form.need_reason", "reason")
    if oversight_refusal(hazard, E.HAZARD_MAJOR_REVIEWED, verdict) is not None:
        raise Refused("oversee.no_refute_supervised")
    payload = {"verdict": verdict.value, "reason": reason.strip()}
    return _act(record, actor, hazard, E.HAZARD_MAJOR_REVIEWED, payload)


def lift_supervision(record: LocalRecord, actor: Actor, hazard: Hazard, note: str = "") -> Event:
    """Save ``hazard.supervision_lifted``: the 销号 is confirmed and the supervision ends."""
    return _act(record, actor, hazard, E.HAZARD_SUPERVISION_LIFTED, {"note": note.strip()})


def _act(
    record: LocalRecord, actor: Actor, hazard: Hazard, step: EventType, payload: dict[str, Any]
) -> Event:
    if step not in oversight_steps(hazard, actor):
        raise Refused("manage.wrong_state", status=hazard.status)
    action = Action(actor, hazard.tenant, hazard.id, step, payload)
    try:
        return record_action(record, action, base_version=hazard.version)
    except InvalidInput as exc:
        raise Refused("form.invalid") from exc
