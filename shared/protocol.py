"""The shapes that cross the network between phone and server; nothing else does.

Versioned with the URL prefix (/v1). A phone and a server of different builds agree on these or
the request fails with a catalogued error, never with silently wrong data.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    TypeAdapter,
    create_model,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from shared.events import Event, EventType, is_device_seq
from shared.hazards import Conflict, Hazard, Outcome
from shared.lifecycle import HazardStatus
from shared.payloads import PAYLOAD_MODELS
from shared.risk import RiskColour
from shared.risk_register import Risk, RiskTimelineEntry
from shared.roles import Actor
from shared.text import ONE_LINE

__all__ = [
    "EventResult",
    "HazardRecord",
    "HazardStep",
    "PullPage",
    "PushRequest",
    "PushResponse",
    "PushStatus",
]

MAX_BATCH = 500
"""Events per push; larger batches are refused whole (413) before anything is stored."""


class PushStatus(StrEnum):
    """What the server did with one pushed event; the phone forgets an event only once final."""

    ACCEPTED = "accepted"  # stored with a server_seq: final
    DUPLICATE = "duplicate"  # already stored with the same content (a resend): final
    ID_CONFLICT = "id_conflict"  # same id, other content: quarantined, original untouched: final
    HELD = "held"  # stored, waiting for its predecessor (the hazard's report): final for the phone
    REJECTED = "rejected"  # authorisation or validation failed: quarantined with a reason: final


HLC_TEXT = r"^[0-9]{13}-[0-9a-f]{4}-[\x21-\x7e]{1,128}$"
"""The text form of a stamp (``shared/hlc.py``): wall ms, counter in hex, device."""


def _typed_event(kind: EventType) -> type[BaseModel]:
    """The envelope of one event type with its payload model, for the OpenAPI document."""
    name = "".join(part.title() for part in kind.value.replace("_", ".").split(".")) + "Event"
    return create_model(
        name,
        __base__=Event,
        __doc__=f"A `{kind.value}` event: the envelope with its payload.",
        type=(Literal[kind.value], ...),  # type: ignore[arg-type]
        payload=(PAYLOAD_MODELS[kind.value], ...),
        hlc=(str, Field(pattern=HLC_TEXT)),
        event_id=(str, Field(json_schema_extra={"format": "uuid"})),
    )


TYPED_EVENTS: tuple[type[BaseModel], ...] = tuple(_typed_event(kind) for kind in EventType)
"""One envelope model per event type; only documents the wire (pushes validate per event)."""


class _WireEvent:
    """Any JSON value at validation, the union of typed events in the schema.

    A malformed event must get its own ``rejected`` status, never fail the whole batch, so
    the push body takes any value here and validates each event on its own; the OpenAPI
    document still says what a valid event looks like, discriminated by ``type``.
    """

    @classmethod
    def __get_pydantic_core_schema__(
        cls, _source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.any_schema()

    @classmethod
    def __get_pydantic_json_schema__(
        cls, _schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        union: Any = Annotated[Union[TYPED_EVENTS], Field(discriminator="type")]  # noqa: UP007
        return handler(TypeAdapter(union).core_schema)


class PushRequest(BaseModel):
    """A batch of events from one device, as the device made them (JSON objects)."""

    model_config = ConfigDict(extra="forbid")

    device_id: Annotated[str, Field(min_length=1, max_length=128), ONE_LINE]
    # Any JSON values: a malformed one is rejected alone, never the whole batch. At most
    # MAX_BATCH, checked by the server (413, not 422).
    events: list[_WireEvent]

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
    # The official 整改通知书 number of each inspection.recorded in the page, by inspection id:
    # the phone shows it instead of the provisional number it printed (issue 19).
    notice_numbers: dict[str, str] = Field(default_factory=dict)


class HazardStep(BaseModel):
    """One event of a hazard's record with everything it said and what the fold made of it."""

    event_id: str
    type: str
    actor: Actor
    device_id: str
    device_seq: int
    hlc: str
    server_seq: int
    base_version: int
    payload: dict[str, Any]  # everything the step said: assignee, deadline, notes, reasons, photos
    version: int  # the hazard's version after this step
    outcome: Outcome
    status: HazardStatus  # the hazard's state after this step
    reason_code: str | None = None  # why a refused step was refused
    reason: str | None = None
    conflict_id: str | None = None  # the conflict this step raised, if any
    at: datetime | None = None  # when the step was made, by the device's clock (its hlc)


class HazardRecord(BaseModel):
    """One hazard as the server folds it: state, every step, and its conflicts.

    ``state`` is the fold without its timeline and conflicts, which are given apart in full.
    Hard conflicts are split into those still open and those a person resolved; soft ones are
    informational.
    """

    state: Hazard
    timeline: list[HazardStep]
    open_conflicts: list[Conflict]
    resolved_conflicts: list[Conflict]
    soft_conflicts: list[Conflict]


class RiskStep(BaseModel):
    """One event of a risk point's record: what it said and what the fold made of it."""

    event_id: str
    type: str
    actor: Actor
    device_id: str
    hlc: str
    server_seq: int
    payload: dict[str, Any]
    entry: RiskTimelineEntry  # the fold's line: outcome, grade before and after, why


class LinkedHazard(BaseModel):
    """A hazard reported as this risk point's control failing (loop 3)."""

    id: str
    title: str
    status: HazardStatus
    measure_id: str | None
    reported_at: datetime


class RiskRecord(BaseModel):
    """One risk point as the server folds it: state, every step, and the hazards it produced.

    ``state`` is the fold without its timeline, which is given apart with each event's content.
    """

    state: Risk
    timeline: list[RiskStep]
    hazards: list[LinkedHazard]


class UncoveredRisk(BaseModel):
    """A 🟥/🟧 risk point no card item in use checks: flagged until one does."""

    risk_id: str
    name: str
    colour: RiskColour


class ReassessmentDue(BaseModel):
    """A closed hazard of a failed control whose risk point nobody has re-assessed yet."""

    hazard_id: str
    title: str
    risk_id: str
    risk_name: str


class FailingControlDue(BaseModel):
    """A control measure with three or more hazards in 90 days: a control that does not work."""

    risk_id: str
    risk_name: str
    measure_id: str
    measure: str
    hazard_ids: list[str]


class RiskLoopDue(BaseModel):
    """What the risk loop asks of an enterprise's manager, as the phone's 待办 shows it.

    Computed by the same pure functions as the phone (``shared/risk_loops.py``), so the two
    agree on what is due; ``as_of`` is the moment the 90-day window ends.
    """

    tenant: str
    as_of: datetime
    uncovered: list[UncoveredRisk]
    reassess: list[ReassessmentDue]
    failing: list[FailingControlDue]


class UnitRiskCounts(BaseModel):
    """One grid unit's part of the regulator's 四色图.

    ``enterprises`` counts the enterprises at or below the unit by their highest risk colour
    (``none``: no listed point); ``points`` counts their listed risk points by colour. Every
    colour is present, zeros included.
    """

    unit: str
    name: str
    enterprises: dict[str, int]
    points: dict[str, int]


class GridRiskMap(BaseModel):
    """A unit's 四色图 and its child units', read from the kept rollup (a few rows)."""

    summary: UnitRiskCounts
    children: list[UnitRiskCounts]


class EnterprisePin(BaseModel):
    """One enterprise on the regulator's map of a grid unit.

    ``placed`` says where the position comes from: ``typed`` (the 企业 sheet's 纬度/经度),
    ``posts`` (the centre of its located posts), or None when it has neither (listed, not drawn).
    ``highest`` is its highest risk colour (``none``: no listed point); ``light`` its gravest
    light on the last scored day (``red``, ``yellow`` or None).
    """

    tenant: str
    name: str
    grid_unit: str
    latitude: float | None
    longitude: float | None
    placed: Literal["typed", "posts"] | None
    highest: str
    light: str | None


class GridEnterpriseMap(BaseModel):
    """A page of a grid unit's enterprises to draw on a map, by grid unit, then credit code.

    ``day`` is the scored day the lights are from (None before any day was scored);
    ``next_offset`` is None on the last page.
    """

    unit: str
    name: str
    day: date | None
    total: int
    enterprises: list[EnterprisePin]
    next_offset: int | None
