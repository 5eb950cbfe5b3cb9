"""Builders for events and actors, so tests say what happens and not how envelopes look."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.events import AggregateRef, AggregateType, Event, EventType
from shared.hlc import Hlc
from shared.ids import DeviceId, EventId, GridUnitId, TenantId, UserId
from shared.roles import Actor, Role

TENANT = TenantId("91350100M000100Y43")
OTHER_TENANT = TenantId("91110000100000000R")
T0 = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
T0_MS = int(T0.timestamp() * 1000)

worker = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=TENANT)
worker2 = Actor(user_id=UserId("worker2"), role=Role.WORKER, tenant=TENANT)
manager = Actor(user_id=UserId("manager1"), role=Role.SAFETY_MANAGER, tenant=TENANT)
manager2 = Actor(user_id=UserId("manager2"), role=Role.SAFETY_MANAGER, tenant=TENANT)
inspector = Actor(user_id=UserId("inspector1"), role=Role.INSPECTOR, grid_unit=GridUnitId("C1"))
regulator = Actor(user_id=UserId("regulator1"), role=Role.REGULATOR, grid_unit=GridUnitId("C1"))
admin = Actor(user_id=UserId("admin"), role=Role.ADMIN)
foreign_manager = Actor(user_id=UserId("manager9"), role=Role.SAFETY_MANAGER, tenant=OTHER_TENANT)

_ids = itertools.count(1)


def new_event_id() -> EventId:
    """Deterministic UUIDs: failures replay the same."""
    return EventId(str(uuid.UUID(int=next(_ids))))


CARD_ITEM: dict[str, Any] = {
    "id": "1",
    "what": "灭火器",
    "how": "看压力表",
    "pass_criterion": "指针在绿区",
    "typical_hazard": "灭火器失效",
    "frequency": "daily",
    "responsible_role": "岗位员工",
}
"""One check-card item as a ``card.defined`` payload holds it."""

PAYLOADS: dict[EventType, dict[str, Any]] = {
    EventType.HAZARD_REPORTED: {"title": "灭火器压力不足", "no_photo_reason": "手机没电"},
    EventType.HAZARD_ASSIGNED: {"assignee": "worker1", "deadline": "2026-11-09T08:00:00Z"},
    EventType.HAZARD_STARTED: {},
    EventType.HAZARD_RECTIFIED: {"note": "已更换"},
    EventType.HAZARD_ACCEPTED: {"comment": "合格"},
    EventType.HAZARD_REJECTED: {"reason": "照片不清"},
    EventType.HAZARD_CLOSED: {},
    EventType.HAZARD_REOPENED: {"reason": "复查未整改"},
    EventType.HAZARD_VOIDED: {"reason": "误报"},
    EventType.HAZARD_EDITED: {"description": "压力表指针在红区"},
    EventType.HAZARD_REGRADED: {"grade": "major"},
    EventType.HAZARD_ANNOTATED: {"note": "补充说明"},
    EventType.HAZARD_MAJOR_REPORTED: {"authority": "县应急管理局"},
    EventType.HAZARD_PLAN_ATTACHED: {"summary": "分库存放", "target_date": "2026-12-01T00:00:00Z"},
    EventType.HAZARD_SUPERVISED: {"level": "市级", "deadline": "2026-12-15T00:00:00Z"},
    EventType.HAZARD_SUPERVISION_LIFTED: {"note": "现场核查已整改到位"},
    EventType.HAZARD_MAJOR_REVIEWED: {"verdict": "confirmed", "reason": "经现场核实属重大隐患"},
    EventType.RISK_IDENTIFIED: {
        "subject": "equipment",
        "name": "燃气灶具",
        "post_id": "P1",
        "five_high": "equipment",
        "accident_types": ["fire", "other_explosion"],
        "grading": {"lec": {"l": 3, "e": 6, "c": 15}},  # D = 270: orange
        "location": "后厨",
    },
    EventType.RISK_REGRADED: {"grading": {"lec": {"l": 6, "e": 6, "c": 15}}, "reason": "复查"},
    EventType.RISK_MEASURE_ADDED: {
        "measure_id": "M1",
        "kind": "engineering",
        "text": "安装燃气泄漏报警器",
        "checks": [{"card_id": "C1", "item_id": "1"}],
    },
    EventType.RISK_REASSESSED: {"hazard_id": "H1", "decision": "keep", "note": "措施有效"},
    EventType.RISK_LIST_REVIEWED: {"reason": "annual", "results": {"R1": {"result": "unchanged"}}},
    EventType.RISK_MAP_PLAN_SET: {"photo": {"sha256": "ab" * 32, "size": 120_000}},
    EventType.RISK_MAP_PINNED: {"risk_id": "R1", "x": 0.25, "y": 0.75},
    EventType.RISK_MAP_UNPINNED: {"risk_id": "R1"},
    EventType.RISK_PROPOSED: {
        "subject": "equipment",
        "seen": "油烟机管道积油很厚",
        "post_id": "P1",
        "location": "后厨灶台上方",
        "five_high": "equipment",
        "accident_types": ["fire"],
    },
    EventType.RISK_PROPOSAL_CONFIRMED: {"risk_id": "R1", "note": "已建风险点"},
    EventType.RISK_PROPOSAL_DECLINED: {"reason": "已在清单中（燃气灶具）"},
    EventType.POST_LOCATED: {"latitude": 39.9354, "longitude": 119.6005},
}


@dataclass
class Device:
    """A phone: its own id, sequence and clock, so events look like a real install made them."""

    name: str
    actor: Actor
    tenant: TenantId = TENANT
    clock_ms: int = T0_MS
    seq: int = 0
    last: Hlc | None = None
    made: list[Event] = field(default_factory=list)

    def saw(self, events: list[Event]) -> None:
        """Sync: what this phone stamps next sorts after everything it received (hlc receive)."""
        for event in events:
            if self.last is None or event.hlc > self.last:
                self.last = event.hlc

    def event(
        self,
        kind: EventType,
        aggregate_id: str = "H1",
        *,
        base: int,
        payload: dict[str, Any] | None = None,
        after_ms: int = 1000,
    ) -> Event:
        self.clock_ms += after_ms
        self.seq += 1
        stamp = Hlc(wall_ms=self.clock_ms, counter=0, device=DeviceId(self.name))
        if self.last is not None and stamp <= self.last:
            stamp = Hlc(
                wall_ms=self.last.wall_ms, counter=self.last.counter + 1, device=stamp.device
            )
        self.last = stamp
        aggregate = AggregateType(kind.value.split(".")[0])
        event = Event(
            event_id=new_event_id(),
            device_id=DeviceId(self.name),
            device_seq=self.seq,
            actor=self.actor,
            tenant=self.tenant,
            aggregate=AggregateRef(type=aggregate, id=aggregate_id),
            type=kind,
            payload=PAYLOADS.get(kind, {}) if payload is None else payload,
            hlc=stamp,
            base_version=base,
        )
        self.made.append(event)
        return event


def at(days: float) -> datetime:
    return T0 + timedelta(days=days)
