"""The event envelope: every user action is one immutable, device-made event.

The legal record is append-only, so state is never stored as the truth: a hazard's status or a
post's card for today is a fold of these events (``shared.hazards``, ``shared.card_ticks``).
Payloads travel as plain JSON objects and are validated against the model for their type, so an
old phone and a new server agree on what an event means.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, TypeGuard

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from shared.errors import BadRiskFactor, BadText, InvalidInput, TextTooLong
from shared.hlc import Hlc, HlcText
from shared.ids import DeviceId, EventId, TenantId
from shared.notice import check_demand
from shared.payloads import PAYLOAD_MODELS, HazardReported, risk_map_id
from shared.roles import Actor
from shared.schedule import card_instance_id
from shared.text import BAD_CHARACTER, ID_LIMIT, ONE_LINE, STORED

__all__ = [
    "AGGREGATE_OF",
    "AggregateRef",
    "AggregateType",
    "Event",
    "EventType",
    "canonical_order",
    "is_device_seq",
]

MAX_COUNTER_VALUE = 2**53
"""Upper bound of sequence numbers and versions: fits a signed 64-bit column and a JS number."""


def is_device_seq(value: Any) -> TypeGuard[int]:
    """Whether ``value`` is a valid ``device_seq``: a JSON integer 1..``MAX_COUNTER_VALUE``.

    Strict: ``"7"``, ``7.0`` and ``true`` are not numbers a phone made (they were stored as 7
    and 1), so they are refused rather than read as one.
    """
    return type(value) is int and 1 <= value <= MAX_COUNTER_VALUE


PROTOCOL_VERSION = 1
"""The envelope's shape; bumped only with a migration path for queued events on phones."""


class AggregateType(StrEnum):
    """What an event is about: the unit of versioning and of concurrency."""

    HAZARD = "hazard"  # one hazard through its closed loop 排查→整改→验收→销号
    CARD_INSTANCE = "card_instance"  # one post's card for one period (shift, day, week, month)
    INSPECTION = "inspection"  # one on-site enforcement inspection and its notice
    CARD = "card"  # one post card defined on a phone (onboarding from the standards library)
    RISK = "risk"  # one risk point (风险点) through 排查、辨识、评估、分级、建档、管控
    RISK_LIST = "risk_list"  # one review (复核) of an enterprise's 风险清单
    WORKSHOP = "workshop"  # one workshop or place (车间/场所) and its posts, set up on a phone
    RISK_MAP = "risk_map"  # an enterprise's 四色图: its site plan and where each point is on it
    RISK_PROPOSAL = "risk_proposal"  # a worker's proposal of a risk point, for the manager
    POST = "post"  # a post (岗位) of the reference data, for what a manager sets on it by phone


class EventType(StrEnum):
    """Every kind of event; the dotted prefix names the aggregate type it belongs to."""

    HAZARD_REPORTED = "hazard.reported"  # 排查/登记: found and registered
    HAZARD_ASSIGNED = "hazard.assigned"  # 待整改: responsible person, deadline, measures, budget
    HAZARD_STARTED = "hazard.started"  # 整改中: the responsible person began
    HAZARD_RECTIFIED = "hazard.rectified"  # 待验收: rectification submitted with after-photos
    HAZARD_ACCEPTED = "hazard.accepted"  # 已验收: a manager signed the acceptance
    HAZARD_REJECTED = "hazard.rejected"  # acceptance refused with a reason: rectify again
    HAZARD_CLOSED = "hazard.closed"  # 已销号
    HAZARD_REOPENED = "hazard.reopened"  # an accepted or closed hazard needs rectifying again
    HAZARD_VOIDED = "hazard.voided"  # reported in error (作废); the record stays
    HAZARD_EDITED = "hazard.edited"  # a text field corrected
    HAZARD_REGRADED = "hazard.regraded"  # 一般 ↔ 重大
    HAZARD_ANNOTATED = "hazard.annotated"  # a note or photos added
    HAZARD_MAJOR_REPORTED = "hazard.major_reported"  # 已上报: a 重大隐患 reported to the authority
    HAZARD_PLAN_ATTACHED = "hazard.plan_attached"  # 治理方案: the treatment plan of a 重大隐患
    HAZARD_SUPERVISED = "hazard.supervised"  # 挂牌督办: placed under supervision by the authority
    HAZARD_SUPERVISION_LIFTED = "hazard.supervision_lifted"  # 解除督办: the 销号 confirmed
    HAZARD_MAJOR_REVIEWED = "hazard.major_reviewed"  # the authority confirms or refutes a 重大
    CONFLICT_RESOLVED = "hazard.conflict_resolved"  # a person cleared a conflict flag
    CARD_SUBMITTED = "card_instance.submitted"  # items of a card instance ticked
    INSPECTION_RECORDED = "inspection.recorded"  # an inspector's findings on site
    CARD_DEFINED = "card.defined"  # a manager (re)defined a post's card, e.g. from the library
    RISK_IDENTIFIED = "risk.identified"  # 排查…建档: a risk point found, assessed and graded
    RISK_REGRADED = "risk.regraded"  # 分级 again, with why
    RISK_MEASURE_ADDED = "risk.measure_added"  # 管控: a measure and the card items checking it
    RISK_REASSESSED = "risk.reassessed"  # loop 3: keep, regrade or add a measure after a hazard
    RISK_LIST_REVIEWED = "risk_list.reviewed"  # 风险清单复核, a result per risk point
    WORKSHOP_DEFINED = "workshop.defined"  # 车间/场所 and its posts (onboarding, 车间有表册)
    RISK_MAP_PLAN_SET = "risk_map.plan_set"  # the 平面布置图 photographed or uploaded
    RISK_MAP_PINNED = "risk_map.pinned"  # a risk point placed (or moved) on the plan by a tap
    RISK_MAP_UNPINNED = "risk_map.unpinned"  # a risk point taken off the plan
    RISK_PROPOSED = "risk_proposal.made"  # a worker (or manager) proposes a risk point
    RISK_PROPOSAL_CONFIRMED = "risk_proposal.confirmed"  # the manager made it a risk point
    RISK_PROPOSAL_DECLINED = "risk_proposal.declined"  # the manager declined it, with why
    POST_LOCATED = "post.located"  # a post's coordinates set on a manager's phone (200 m check)


AGGREGATE_OF: dict[EventType, AggregateType] = {
    kind: AggregateType(kind.value.split(".", 1)[0]) for kind in EventType
}
"""Which aggregate each event type belongs to, read off its dotted name."""


class AggregateRef(BaseModel):
    """Names the aggregate an event changes."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: AggregateType
    id: Annotated[str, Field(min_length=1, max_length=200), ONE_LINE]


class Event(BaseModel):
    """One action, made and stamped on a device, never changed afterwards.

    Attributes:
        event_id: A UUID made on the device; the idempotency key of the whole sync protocol.
        device_id: The app install that made it.
        device_seq: Strictly increasing per install, saved with the event: gaps show loss.
        actor: Who did it; the server overwrites it with the authenticated user.
        tenant: The enterprise whose record this is.
        aggregate: What it changes.
        type: What happened.
        payload: The type's fields, validated by ``shared.payloads``.
        hlc: The hybrid logical clock stamp; with device and id, the canonical order.
        base_version: The aggregate version the user saw when acting; equal base versions on
            one aggregate mean the actions were concurrent.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    event_id: EventId
    device_id: Annotated[DeviceId, Field(min_length=1, max_length=128), ONE_LINE]
    device_seq: int = Field(ge=1, le=MAX_COUNTER_VALUE, strict=True)
    actor: Actor
    tenant: Annotated[TenantId, ID_LIMIT, ONE_LINE]
    aggregate: AggregateRef
    type: EventType
    # Required on the wire: an event without one is refused alone (it made the batch fail).
    payload: dict[str, Any]
    hlc: HlcText
    # Strict, like device_seq: "7" or true is a broken client, not version 7 or 1.
    base_version: int = Field(ge=0, le=MAX_COUNTER_VALUE, strict=True)

    @field_validator("payload")
    @classmethod
    def _check_payload(cls, payload: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        kind = info.data.get("type")
        if kind is not None:
            try:
                PAYLOAD_MODELS[kind].model_validate(payload, context=info.context)
            except ValidationError as exc:
                first = exc.errors()[0]
                where = ".".join(str(part) for part in first["loc"])
                # The error's type is kept, so the refusal carries the text policy's code.
                message = f"{where}: {first['msg']}"
                raise PydanticCustomError(first["type"], "{message}", {"message": message}) from exc
        return payload

    @model_validator(mode="after")
    def _check_consistency(self) -> Event:
        try:
            uuid.UUID(self.event_id)
        except ValueError as exc:
            raise ValueError(f"event_id {self.event_id!r} is not a UUID") from exc
        if AGGREGATE_OF[self.type] is not self.aggregate.type:
            raise ValueError(f"{self.type} events belong to {AGGREGATE_OF[self.type]} aggregates")
        if self.type is EventType.CARD_SUBMITTED:
            p = self.payload
            expected = card_instance_id(p["post_id"], p["card_id"], p["period"])
            if self.aggregate.id != expected:
                raise ValueError(f"ticks of {expected} must be filed under that id")
        if self.aggregate.type is AggregateType.RISK_MAP and self.aggregate.id != risk_map_id(
            self.tenant
        ):
            raise ValueError(f"an enterprise's 四色图 is filed under {risk_map_id(self.tenant)}")
        if self.type is EventType.HAZARD_REPORTED and self.payload.get("demand") is not None:
            # A notice's 整改要求 against its deadline, on the day the device made the event.
            report: HazardReported = self.parsed()  # type: ignore[assignment]
            if report.demand is not None:
                check_demand(report.demand, self.at, report.deadline)
        return self

    @property
    def at(self) -> datetime:
        """When the device believed it happened (its clock may be skewed)."""
        return datetime.fromtimestamp(self.hlc.wall_ms / 1000, tz=UTC)

    def order_key(self) -> tuple[Hlc, str, str]:
        """The canonical position: hlc, then device, then id, whatever the arrival order."""
        return (self.hlc, self.device_id, self.event_id)

    def parsed(self) -> BaseModel:
        """The payload as its typed model (already checked when the event was validated)."""
        return PAYLOAD_MODELS[self.type].model_validate(self.payload, context=STORED)

    def content_hash(self) -> str:
        """A digest of everything the device said, to tell a resend from an id collision."""
        body = self.model_dump(mode="json")
        text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @classmethod
    def stored(cls, data: Any) -> Event:
        """An event read back from a store: the edge's character rule is not applied again.

        Events accepted before that rule existed must still fold and sync (``shared.text``).
        """
        return cls.model_validate(data, context=STORED)

    @classmethod
    def from_wire(cls, data: Any) -> Event:
        """Validate an event from JSON, turning pydantic's error into a catalogued one."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "event"
            error = _ERROR_BY_TYPE.get(first["type"], InvalidInput)
            raise error(f"bad event: {where}: {first['msg']}", field=where) from exc


_ERROR_BY_TYPE: dict[str, type[InvalidInput]] = {
    BAD_CHARACTER: BadText,
    "string_unicode": BadText,
    "string_too_long": TextTooLong,
    BadRiskFactor.code: BadRiskFactor,
}
"""The catalogued error of a pydantic error type, where it has a more precise one."""


def canonical_order(events: list[Event]) -> list[Event]:
    """Events sorted into the one order every fold uses, duplicates (same id) dropped."""
    by_id: dict[str, list[Event]] = {}
    for event in events:
        by_id.setdefault(event.event_id, []).append(event)
    # Same id, other content is an id conflict the server quarantines; should one slip through,
    # the choice must still not depend on arrival order. Hashing only then keeps folds cheap.
    unique = [
        same[0] if len(same) == 1 else min(same, key=lambda e: (e.order_key(), e.content_hash()))
        for same in by_id.values()
    ]
    return sorted(unique, key=Event.order_key)
