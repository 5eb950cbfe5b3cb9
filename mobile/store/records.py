"""What the phone store holds besides raw events: the device's identity and settled events."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from shared.events import Event
from shared.hlc import Hlc
from shared.ids import DeviceId, EventId
from shared.protocol import PushStatus

__all__ = [
    "STORED_ON_SERVER",
    "DeviceState",
    "KnownEvent",
    "Settled",
    "check_doc_name",
    "month_of",
]

STORED_ON_SERVER = frozenset({PushStatus.ACCEPTED, PushStatus.DUPLICATE, PushStatus.HELD})
"""Push statuses after which the server keeps the event in the record (held ones included)."""


@dataclass(frozen=True)
class DeviceState:
    """This install's identity and counters, saved with every event it makes.

    Attributes:
        device_id: The install; made once when the store is first opened.
        seq: The last ``device_seq`` used; the next event gets ``seq + 1``.
        last: The greatest clock stamp made or received, or None before the first one.
        owner: The user whose events go under ``device_id`` itself: the first to make one here.
    """

    device_id: DeviceId
    seq: int = 0
    last: Hlc | None = None
    owner: str | None = None

    def device_id_for(self, user_id: str) -> DeviceId:
        """The device id ``user_id``'s events are made and pushed under.

        The server gives a device id to the first user who pushes under it and refuses anyone
        else's push under it, so on a phone shared by several people each other user gets an id
        of their own, derived from the install's. The numbers (``device_seq``) stay one count per
        install, so the server shows each id the others' numbers as gaps.
        """
        if self.owner is None or self.owner == user_id:
            return self.device_id
        digest = hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:16]
        return DeviceId(f"{self.device_id[:100]}~{digest}")

    def to_doc(self) -> dict[str, Any]:
        """A JSON-safe form for the store's files."""
        return {
            "device_id": self.device_id,
            "seq": self.seq,
            "last": None if self.last is None else self.last.encode(),
            "owner": self.owner,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> DeviceState:
        """The state saved by ``to_doc``."""
        last = doc.get("last")
        return cls(
            device_id=DeviceId(doc["device_id"]),
            seq=int(doc["seq"]),
            last=None if last is None else Hlc.parse(last),
            owner=doc.get("owner"),
        )


@dataclass(frozen=True)
class Settled:
    """The server's final answer about one pushed event."""

    event_id: EventId
    status: PushStatus
    server_seq: int | None = None
    code: str | None = None
    reason: str | None = None


@dataclass(frozen=True)
class KnownEvent:
    """An event the phone no longer has to send: pulled, or settled by a push.

    The body is kept as the JSON the server would hold (without ``server_seq``), and validated
    only when asked for: a phone with a long history opens fast and stays small.

    Attributes:
        body: The event envelope as JSON.
        server_seq: Its place in the server's record; None while held or when refused.
        status: ``accepted`` for pulled events, else what the push answered.
        code: Why it was refused, for ``rejected`` and ``id_conflict``.
        reason: The server's message for a refusal, shown to the user.
    """

    body: dict[str, Any]
    server_seq: int | None
    status: PushStatus = PushStatus.ACCEPTED
    code: str | None = None
    reason: str | None = None

    @property
    def event_id(self) -> EventId:
        """The event's id, read without validating the whole body."""
        return EventId(self.body["event_id"])

    @property
    def in_record(self) -> bool:
        """Whether the server keeps it in the legal record (so projections fold it)."""
        return self.status in STORED_ON_SERVER

    def event(self) -> Event:
        """The validated event."""
        return Event.stored(self.body)

    def to_doc(self) -> dict[str, Any]:
        """A JSON-safe form for the store's files."""
        return {
            "event": self.body,
            "server_seq": self.server_seq,
            "status": self.status.value,
            "code": self.code,
            "reason": self.reason,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> KnownEvent:
        """The record saved by ``to_doc``."""
        return cls(
            body=doc["event"],
            server_seq=doc.get("server_seq"),
            status=PushStatus(doc.get("status", PushStatus.ACCEPTED)),
            code=doc.get("code"),
            reason=doc.get("reason"),
        )

    @classmethod
    def settled(cls, body: dict[str, Any], settled: Settled) -> KnownEvent:
        """A pushed event (its JSON body) with the server's answer."""
        return cls(
            body=body,
            server_seq=settled.server_seq,
            status=settled.status,
            code=settled.code,
            reason=settled.reason,
        )


def month_of(body: dict[str, Any]) -> str:
    """The history file an event belongs to: the UTC month of its clock stamp, ``YYYY-MM``.

    Read from the stamp's text without validating the event, so loading stays cheap.
    """
    wall_ms = int(str(body["hlc"])[:13])
    return datetime.fromtimestamp(wall_ms / 1000, tz=UTC).strftime("%Y-%m")


_DOC_NAME = re.compile(r"[a-z][a-z0-9_-]*(/[A-Za-z0-9_-]{1,64}){0,3}", re.ASCII)


def check_doc_name(name: str) -> str:
    """A document name that maps safely to a file path (no dots, no absolute paths).

    Raises:
        ValueError: The name is not lowercase words and ids separated by ``/``.
    """
    if not _DOC_NAME.fullmatch(name):
        raise ValueError(f"bad document name {name!r}: use words like 'reference/<tenant>'")
    return name
