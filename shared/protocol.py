"""The shapes that cross the network between phone and server; nothing else does.

Versioned with the URL prefix (/v1). A phone and a server of different builds agree on these or
the request fails with a catalogued error, never with silently wrong data.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shared.events import is_device_seq

__all__ = ["EventResult", "PullPage", "PushRequest", "PushResponse", "PushStatus"]

MAX_BATCH = 500
"""Events per push; larger batches are refused whole (413) before anything is stored."""


class PushStatus(StrEnum):
    """What the server did with one pushed event; the phone forgets an event only once final."""

    ACCEPTED = "accepted"  # stored with a server_seq: final
    DUPLICATE = "duplicate"  # already stored with the same content (a resend): final
    ID_CONFLICT = "id_conflict"  # same id, other content: quarantined, original untouched: final
    HELD = "held"  # stored, waiting for its predecessor (the hazard's report): final for the phone
    REJECTED = "rejected"  # authorisation or validation failed: quarantined with a reason: final


class PushRequest(BaseModel):
    """A batch of events from one device, as the device made them (JSON objects)."""

    model_config = ConfigDict(extra="forbid")

    device_id: str = Field(min_length=1, max_length=128)
    # Any JSON values: a malformed one is rejected alone, never the whole batch. At most
    # MAX_BATCH, checked by the server (413, not 422).
    events: list[Any]

    @field_validator("events")
    @classmethod
    def _device_seqs_are_numbers(cls, events: list[Any]) -> list[Any]:
        # device_seq is the phone's own count: "7" or true is a broken client, refused whole
        # (422) before anything is stored, not read as 7 or 1. A missing one is the event's
        # own fault and rejected alone.
        for index, raw in enumerate(events):
            if (
                isinstance(raw, dict)
                and "device_seq" in raw
                and not is_device_seq(raw["device_seq"])
            ):
                raise ValueError(
                    f"events.{index}.device_seq: {raw['device_seq']!r} is not a whole number "
                    "from 1 to 2**53"
                )
        return events


class EventResult(BaseModel):
    """The server's answer for one event of a batch, in the batch's order."""

    event_id: str
    status: PushStatus
    server_seq: int | None = None
    code: str | None = None
    reason: str | None = None


class PushResponse(BaseModel):
    """Per-event statuses plus what the server knows of this device's sequence."""

    results: list[EventResult]
    device_max_seq: int
    missing_seqs: list[int] = Field(default_factory=list)  # gaps in device_seq seen so far


class PullPage(BaseModel):
    """Events the caller may see, after a cursor, in server_seq order."""

    events: list[dict[str, Any]]
    next_cursor: int
    has_more: bool
