"""The four-colour picture (安全风险四色分布图) as a pure fold: the site plan and the pins on it.

An enterprise has one map (``risk_map_id``). Its events only replace what they name: the
latest plan stands, and each risk point's latest pin or removal (``risk_map.unpinned``) stands,
"latest" in the canonical order (hlc, device, id), so every phone and the server draw the same
picture whatever order the events arrived in. What is drawn is numbered the same way
everywhere: gravest colour first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from shared.events import AggregateType, Event, canonical_order
from shared.hazard_rules import TENANT_ROLES
from shared.ids import RiskPointId, TenantId, UserId
from shared.lifecycle import PERMITTED_ROLES
from shared.org import RiskPoint
from shared.payloads import PhotoRef, RiskMapPinned, RiskMapPlanSet, RiskMapUnpinned
from shared.risk import RiskColour, gravity

__all__ = ["MapEntry", "Pin", "RiskMap", "colour_counts", "fold_risk_map", "map_entries"]


class Pin(BaseModel):
    """Where a risk point is on the plan, as fractions of its width and height."""

    model_config = ConfigDict(frozen=True)

    risk_id: RiskPointId
    x: float
    y: float
    by: UserId
    at: datetime


class RiskMap(BaseModel):
    """The current plan (None: the plain grid) and every pin, by risk point."""

    model_config = ConfigDict(frozen=True)

    tenant: TenantId
    plan: PhotoRef | None = None
    plan_by: UserId | None = None
    plan_at: datetime | None = None
    pins: dict[RiskPointId, Pin] = {}


def fold_risk_map(tenant: TenantId, events: Iterable[Event]) -> RiskMap:
    """The enterprise's map from its map events, in any order.

    An event a role may not make, or one of another enterprise, changes nothing: the server
    refuses such events at push, and a phone's own copy must not draw what the server will not.
    """
    plan: RiskMapPlanSet | None = None
    plan_event: Event | None = None
    pins: dict[RiskPointId, Pin] = {}
    for event in canonical_order(list(events)):
        if not _counts(tenant, event):
            continue
        payload = event.parsed()
        if isinstance(payload, RiskMapPlanSet):
            plan, plan_event = payload, event
        elif isinstance(payload, RiskMapPinned):
            pins[payload.risk_id] = Pin(
                risk_id=payload.risk_id,
                x=payload.x,
                y=payload.y,
                by=event.actor.user_id,
                at=event.at,
            )
        elif isinstance(payload, RiskMapUnpinned):
            pins.pop(payload.risk_id, None)
    return RiskMap(
        tenant=tenant,
        plan=plan.photo if plan else None,
        plan_by=plan_event.actor.user_id if plan_event else None,
        plan_at=plan_event.at if plan_event else None,
        pins=pins,
    )


def _counts(tenant: TenantId, event: Event) -> bool:
    actor = event.actor
    return (
        event.aggregate.type is AggregateType.RISK_MAP
        and event.tenant == tenant
        and actor.role in PERMITTED_ROLES[event.type]
        and not (actor.role in TENANT_ROLES and actor.tenant != event.tenant)
    )


@dataclass(frozen=True)
class MapEntry:
    """One numbered risk point of the picture; ``pin`` is None until someone places it."""

    number: int
    point: RiskPoint
    pin: Pin | None

    @property
    def colour(self) -> RiskColour:
        """The point's four-colour grade: the pin's colour."""
        return self.point.colour


def map_entries(points: Iterable[RiskPoint], pins: Mapping[RiskPointId, Pin]) -> list[MapEntry]:
    """The listed points numbered 1…n, gravest first, then by name and id.

    The same numbers stand beside the pins and in the list under the picture, so a reader
    finds a pin's point in the list (and the phone and the PDF number alike).
    """
    ordered = sorted(points, key=lambda p: (-gravity(p.colour), p.name, p.id))
    return [
        MapEntry(number=n, point=point, pin=pins.get(point.id))
        for n, point in enumerate(ordered, start=1)
    ]


def colour_counts(entries: Iterable[MapEntry]) -> dict[RiskColour, int]:
    """How many points of each colour, gravest first and every colour present (the legend)."""
    counts = dict.fromkeys(sorted(RiskColour, key=gravity, reverse=True), 0)
    for entry in entries:
        counts[entry.colour] += 1
    return counts
