"""What the sync screen shows: what is still only on the phone, and what needs a person's look.

Conflicts are the events the server did not take into the record (``rejected`` with a reason,
``id_conflict``) and the worker's hazards whose fold flagged concurrent changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from mobile.local_record import LocalRecord
from mobile.messages import Message
from mobile.refusals import refusal_message
from mobile.services.people import people_of
from mobile.store import PhotoFiles
from shared.people import Person
from shared.protocol import PushStatus
from shared.roles import Actor

__all__ = ["Conflict", "ConflictKind", "SyncSummary", "summarize"]


class ConflictKind(StrEnum):
    """Why an item is on the conflicts list."""

    REFUSED = "refused"  # the server rejected the event; its reason says why
    ID_CONFLICT = "id_conflict"  # the server holds other content under this event id
    HAZARD = "hazard"  # concurrent changes to a hazard, resolved by the rules, to confirm


@dataclass(frozen=True)
class Conflict:
    """One line of the conflicts list."""

    kind: ConflictKind
    aggregate_id: str
    event_type: str
    reason: str
    hazard_title: str = ""
    said: Message | None = None  # a refusal in the user's language (``mobile.refusals``)


@dataclass(frozen=True)
class SyncSummary:
    """Counts and conflicts for the sync screen."""

    pending_events: int
    pending_photos: int
    others_pending: int  # events of other users of this phone, sent at their next sign-in
    conflicts: tuple[Conflict, ...]


def summarize(record: LocalRecord, photos: PhotoFiles, actor: Actor) -> SyncSummary:
    """What is left to send for ``actor`` and what needs looking at."""
    pending = record.pending()
    mine = sum(1 for event in pending if event.actor.user_id == actor.user_id)
    waiting_photos = sum(
        1
        for sha in photos.stored()
        if any(owner.status is None for owner in record.photo_owners(sha))
    )
    return SyncSummary(
        pending_events=mine,
        pending_photos=waiting_photos,
        others_pending=len(pending) - mine,
        conflicts=(
            *_refused(record, people_of(record.store, actor.tenant), actor),
            *_hazard_flags(record, actor),
        ),
    )


def _refused(record: LocalRecord, people: Mapping[str, Person], actor: Actor) -> list[Conflict]:
    found = []
    for known in record.store.known():
        if known.status not in (PushStatus.REJECTED, PushStatus.ID_CONFLICT):
            continue
        body = known.body
        if (body.get("actor") or {}).get("user_id") != actor.user_id:
            continue
        kind = (
            ConflictKind.REFUSED
            if known.status is PushStatus.REJECTED
            else ConflictKind.ID_CONFLICT
        )
        aggregate = (body.get("aggregate") or {}).get("id", "")
        code = known.code if kind is ConflictKind.REFUSED else "sync.id_conflict"
        found.append(
            Conflict(
                kind,
                str(aggregate),
                str(body.get("type")),
                known.reason or known.code or "",
                said=refusal_message(code, body, people),
            )
        )
    return found


def _hazard_flags(record: LocalRecord, actor: Actor) -> list[Conflict]:
    return [
        Conflict(
            ConflictKind.HAZARD, hazard.id, conflict.code, conflict.severity.value, hazard.title
        )
        for hazard in record.projections.hazards().values()
        if actor.user_id in (hazard.reporter, hazard.assignee, hazard.rectified_by)
        for conflict in hazard.open_conflicts()
    ]
