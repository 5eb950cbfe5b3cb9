"""What a worker does about a hazard: report it (often from a failed card item) and fix it.

Each is one event saved on the phone before the screen says so. The hazard id is made on the
phone (a UUID), so a report filed offline has its id at once and keeps it after sync.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from mobile.local_record import LocalRecord
from mobile.services.actions import Action, record_action
from mobile.services.catalog import PostCard
from shared.cards import CardItem, HazardGrade
from shared.errors import EvidenceMissing
from shared.events import Event, EventType
from shared.evidence import report_lacks_photo
from shared.ids import CardId, HazardId, ItemId, PostId, TenantId
from shared.payloads import HazardCategory, HazardSource, PhotoRef
from shared.roles import Actor

__all__ = [
    "HazardReport",
    "Rectification",
    "new_hazard_id",
    "report_from_item",
    "report_hazard",
    "start_rectification",
    "submit_rectification",
]


def new_hazard_id() -> HazardId:
    """A fresh hazard id, unique across phones without asking the server."""
    return HazardId(str(uuid.uuid4()))


@dataclass(frozen=True)
class HazardReport:
    """What the hazard form holds when the worker submits it."""

    title: str
    description: str = ""
    grade: HazardGrade = HazardGrade.GENERAL
    category: HazardCategory = HazardCategory.SAFETY
    location: str = ""
    photos: tuple[PhotoRef, ...] = ()
    post_id: PostId | None = None
    card_id: CardId | None = None
    item_id: ItemId | None = None
    source: HazardSource = HazardSource.ROUTINE
    # Loop 3: the risk point and control measure whose failure this is.
    risk_id: str | None = None
    measure_id: str | None = None
    no_photo_reason: str = ""  # why there is no photo; a report needs one or the other


def report_from_item(
    post: PostCard,
    item: CardItem,
    note: str = "",
    photos: Sequence[PhotoRef] = (),
    control: tuple[str, str] | None = None,
) -> HazardReport:
    """A report pre-filled from a 不合格 card item: its typical hazard, criterion and photos.

    ``control`` is the risk point and measure the item checks (loop 3): the hazard is that
    control failing (管控措施失效), and closing it asks the manager to re-assess the point.
    """
    detail = f"检查项“{item.what}”不合格。合格标准：{item.pass_criterion}"
    description = f"{note.strip()}\n{detail}" if note.strip() else detail
    return HazardReport(
        title=item.typical_hazard,
        description=description,
        grade=item.suggested_grade,
        location=post.place,
        photos=tuple(photos),
        post_id=post.post.id,
        card_id=post.card.id if post.card else None,
        item_id=item.id,
        source=HazardSource.ROUTINE if control is None else HazardSource.CONTROL_FAILURE,
        risk_id=control[0] if control else None,
        measure_id=control[1] if control else None,
    )


def report_hazard(
    record: LocalRecord,
    actor: Actor,
    report: HazardReport,
    *,
    new_id: Callable[[], HazardId] = new_hazard_id,
) -> Event:
    """Save a ``hazard.reported`` event; returns it once durable.

    Raises:
        EvidenceMissing: Neither a photo nor a reason why there is none; nothing is saved.
        InvalidInput: An empty or too long title, too many photos; nothing is saved.
    """
    payload: dict[str, Any] = {
        "title": report.title.strip(),
        "description": report.description.strip(),
        "grade": report.grade.value,
        "category": report.category.value,
        "source": report.source.value,
        "location": report.location.strip(),
        "photos": [ref.model_dump(mode="json") for ref in report.photos],
    }
    if report.no_photo_reason.strip() and not report.photos:
        payload["no_photo_reason"] = report.no_photo_reason.strip()
    for name in ("post_id", "card_id", "item_id", "risk_id", "measure_id"):
        if getattr(report, name) is not None:
            payload[name] = getattr(report, name)
    if report_lacks_photo(len(report.photos), report.no_photo_reason, actor.role):
        raise EvidenceMissing(
            "a hazard report needs a photo, or a reason why there is none",
            needs="photo_or_reason",
        )
    return _record(record, actor, new_id(), EventType.HAZARD_REPORTED, payload)


@dataclass(frozen=True)
class Rectification:
    """What the worker says when the fix is done: a note, after-photos, what it cost."""

    note: str = ""
    photos: tuple[PhotoRef, ...] = ()
    cost_yuan: Decimal | None = None


def start_rectification(record: LocalRecord, actor: Actor, hazard_id: str, note: str = "") -> Event:
    """Save ``hazard.started``: the assignee began the work (整改中)."""
    return _record(record, actor, hazard_id, EventType.HAZARD_STARTED, {"note": note.strip()})


def submit_rectification(
    record: LocalRecord, actor: Actor, hazard_id: str, done: Rectification
) -> Event:
    """Save ``hazard.rectified`` with the after-photos (待验收).

    Raises:
        ValueError: No after-photo: a manager cannot accept a fix they cannot see.
        InvalidInput: A note or cost the payload refuses; nothing is saved.
    """
    if not done.photos:
        raise ValueError("a rectification needs at least one after-photo")
    payload: dict[str, Any] = {
        "note": done.note.strip(),
        "photos": [ref.model_dump(mode="json") for ref in done.photos],
    }
    if done.cost_yuan is not None:
        payload["cost_yuan"] = str(done.cost_yuan)
    return _record(record, actor, hazard_id, EventType.HAZARD_RECTIFIED, payload)


def _record(
    record: LocalRecord, actor: Actor, hazard_id: str, kind: EventType, payload: dict[str, Any]
) -> Event:
    action = Action(actor, TenantId(actor.tenant or ""), hazard_id, kind, payload)
    return record_action(record, action)
