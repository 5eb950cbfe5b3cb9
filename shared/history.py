"""What each step of a hazard's record said, field by field, so no word of it is lost on screen.

The fold keeps a hazard's current state; a dispute asks what each step said when it was made:
whom it was assigned to and by when, the measures and budget, the worker's notes, every 驳回理由,
the photos. This lists a step's payload in a fixed reading order, every field that holds
something, including fields this build does not know (a newer phone's), so nothing disappears
after 销号 or after an upgrade.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from shared.payloads import PhotoRef

__all__ = ["DATE_FIELDS", "PHOTO_FIELDS", "SAID_ORDER", "Said", "photos_said", "what_was_said"]

SAID_ORDER = (
    "title",
    "description",
    "location",
    "grade",
    "category",
    "assignee",
    "deadline",
    "measures",
    "budget_yuan",
    "note",
    "cost_yuan",
    "comment",
    "reason",
    "no_photo_reason",
    "authority",
    "reference",
    "summary",
    "target_date",
    "level",
    "conflict_id",
)
"""The reading order of a step's fields; any other field follows, by name."""

PHOTO_FIELDS = ("photos", "documents")
"""Fields holding photo references: shown as pictures, not as text."""

DATE_FIELDS = frozenset({"deadline", "target_date"})
"""Fields holding a moment (RFC 3339), which a screen shows in local time."""

_NOT_SAID = frozenset(
    {*PHOTO_FIELDS, "post_id", "card_id", "item_id", "source", "risk_id", "measure_id"}
)
"""Ids and codes, not words a person said; a screen names what they point at (the failed
control of loop 3 is named on the hazard's detail)."""


@dataclass(frozen=True)
class Said:
    """One thing a step said: the payload field and its value as text."""

    field: str
    value: str


def what_was_said(payload: Mapping[str, Any]) -> tuple[Said, ...]:
    """Every field of a step's payload that holds something, in reading order."""
    known = [name for name in SAID_ORDER if name in payload]
    others = sorted(name for name in payload if name not in SAID_ORDER and name not in _NOT_SAID)
    return tuple(
        Said(name, _text(payload[name])) for name in (*known, *others) if _holds(payload[name])
    )


def photos_said(payload: Mapping[str, Any]) -> tuple[PhotoRef, ...]:
    """The photos a step carried (before, after, documents), in the order it gave them."""
    found: list[PhotoRef] = []
    for name in PHOTO_FIELDS:
        for raw in payload.get(name) or ():
            try:
                found.append(PhotoRef.model_validate(raw))
            except ValidationError:
                continue  # a stored step keeps its words even if a reference cannot be read
    return tuple(found)


def _holds(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)
