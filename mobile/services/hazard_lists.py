"""A worker's hazards from the phone's folds: grouped by state, overdue marked, unsent marked.

"Mine" is what the worker reported, was assigned or fixed. The folds are the shared ones
(``shared.hazards``), over pulled events and this phone's unsent ones, so a report made offline
is listed at once, marked 待同步 until the server has it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mobile.local_record import LocalRecord
from shared.cards import HazardGrade
from shared.events import AggregateType
from shared.hazards import Hazard, TimelineEntry
from shared.history import Said, photos_said, what_was_said
from shared.lifecycle import HazardStatus
from shared.payloads import PhotoRef
from shared.roles import Actor

__all__ = ["STATUS_ORDER", "HazardDetail", "HazardRow", "hazard_detail", "my_hazards"]

S = HazardStatus
STATUS_ORDER = (
    S.TO_RECTIFY,
    S.RECTIFYING,
    S.REGISTERED,
    S.REPORTED,
    S.PLANNED,
    S.SUPERVISED,
    S.AWAITING_ACCEPTANCE,
    S.ACCEPTED,
    S.CLOSED,
    S.VOIDED,
)
"""The order of the sections: the worker's own work first, finished hazards last."""

_FIXABLE = frozenset({S.TO_RECTIFY, S.RECTIFYING})


@dataclass(frozen=True)
class HazardRow:
    """One hazard in the list."""

    hazard: Hazard
    overdue: bool
    pending: bool  # an event of it is still only on this phone (待同步)
    to_fix: bool  # assigned to this worker and not yet fixed


@dataclass(frozen=True)
class HazardDetail:
    """One hazard with what the detail screen needs to know about the worker's part in it."""

    row: HazardRow
    pending_events: frozenset[str]
    can_start: bool
    can_rectify: bool
    payloads: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # by event id

    def said(self, entry: TimelineEntry) -> tuple[Said, ...]:
        """Everything a step said (assignee, deadline, notes, reasons …), in reading order."""
        return what_was_said(self.payloads.get(entry.event_id, {}))

    def photos(self, entry: TimelineEntry) -> tuple[PhotoRef, ...]:
        """The photos a step carried."""
        return photos_said(self.payloads.get(entry.event_id, {}))

    @property
    def hazard(self) -> Hazard:
        """The folded hazard."""
        return self.row.hazard

    @property
    def timeline(self) -> tuple[TimelineEntry, ...]:
        """Every event, oldest first, as the fold placed it."""
        return self.hazard.timeline


def my_hazards(
    record: LocalRecord, actor: Actor, now: datetime
) -> list[tuple[HazardStatus, list[HazardRow]]]:
    """The worker's hazards by state (sections in ``STATUS_ORDER``), newest report first."""
    pending = _pending_aggregates(record)
    rows = [
        _row(hazard, actor, now, hazard.id in pending)
        for hazard in record.projections.hazards().values()
        if _is_mine(hazard, actor)
    ]
    rows.sort(key=lambda row: row.hazard.reported_at, reverse=True)
    return [
        (status, found)
        for status in STATUS_ORDER
        if (found := [row for row in rows if row.hazard.status is status])
    ]


def hazard_detail(
    record: LocalRecord, actor: Actor, hazard_id: str, now: datetime
) -> HazardDetail | None:
    """One hazard, or None when the phone does not know it."""
    hazard = record.projections.hazard(hazard_id)
    if hazard is None:
        return None
    pending = frozenset(e.event_id for e in record.pending() if e.aggregate.id == hazard_id)
    row = _row(hazard, actor, now, bool(pending))
    on_the_spot = hazard.status is S.REGISTERED and hazard.reporter == actor.user_id
    bodies = record.projections.bodies(AggregateType.HAZARD, hazard_id)
    return HazardDetail(
        row=row,
        pending_events=pending,
        can_start=row.to_fix and hazard.status is S.TO_RECTIFY,
        can_rectify=row.to_fix or (on_the_spot and hazard.grade is HazardGrade.GENERAL),
        payloads={body["event_id"]: body.get("payload") or {} for body in bodies},
    )


def _row(hazard: Hazard, actor: Actor, now: datetime, pending: bool) -> HazardRow:
    to_fix = hazard.assignee == actor.user_id and hazard.status in _FIXABLE
    return HazardRow(hazard, hazard.is_overdue(now), pending, to_fix)


def _is_mine(hazard: Hazard, actor: Actor) -> bool:
    return actor.user_id in (hazard.reporter, hazard.assignee, hazard.rectified_by)


def _pending_aggregates(record: LocalRecord) -> set[str]:
    return {event.aggregate.id for event in record.pending()}
