"""Hazards of the demo kitchen in any state of the loop, as the phone pulls them: for manager tests.

``story(record, "YH-1", "assign start rectify")`` files a worker's report and the named steps,
each by the person who would take it, each having seen the one before (in sequence). Two steps
with the same ``base_version`` (``concurrent``) make a conflict the way two offline phones do.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from shared.events import AggregateRef, AggregateType, Event, EventType
from shared.hlc import Hlc
from shared.ids import DeviceId, GridUnitId, UserId
from shared.roles import Actor, Role
from tests.mobile.world import KITCHEN, MANAGER, MONDAY_10, WORKER

E = EventType
MANAGER2 = Actor(user_id=UserId("manager2"), role=Role.SAFETY_MANAGER, tenant=KITCHEN)
INSPECTOR = Actor(user_id=UserId("inspector1"), role=Role.INSPECTOR, grid_unit=GridUnitId("X-HG"))

STEPS: dict[str, tuple[Actor, EventType, dict[str, Any]]] = {
    "assign": (
        MANAGER,
        E.HAZARD_ASSIGNED,
        {"assignee": "worker1", "deadline": (MONDAY_10 + timedelta(days=3)).isoformat()},
    ),
    "late": (
        MANAGER,
        E.HAZARD_ASSIGNED,
        {"assignee": "worker1", "deadline": (MONDAY_10 - timedelta(days=1)).isoformat()},
    ),
    "start": (WORKER, E.HAZARD_STARTED, {}),
    "rectify": (WORKER, E.HAZARD_RECTIFIED, {"note": "已更换两具灭火器"}),
    "accept": (MANAGER, E.HAZARD_ACCEPTED, {"comment": "合格"}),
    "reject": (MANAGER, E.HAZARD_REJECTED, {"reason": "照片看不清压力表"}),
    "close": (MANAGER, E.HAZARD_CLOSED, {}),
    "major": (MANAGER, E.HAZARD_MAJOR_REPORTED, {"authority": "海港区应急管理局"}),
    "plan": (
        MANAGER,
        E.HAZARD_PLAN_ATTACHED,
        {"summary": "停用并更换", "target_date": (MONDAY_10 + timedelta(days=20)).isoformat()},
    ),
    "refute": (
        INSPECTOR,
        E.HAZARD_MAJOR_REVIEWED,
        {"verdict": "refuted", "reason": "现场核实为一般隐患"},
    ),
    "supervise": (
        INSPECTOR,
        E.HAZARD_SUPERVISED,
        {
            "level": "县级",
            "deadline": (MONDAY_10 + timedelta(days=15)).isoformat(),
            "responsible_unit": "海港区应急管理局",
        },
    ),
    "lift": (INSPECTOR, E.HAZARD_SUPERVISION_LIFTED, {"note": "现场复核，同意销号"}),
}


def story(
    record: Any,
    hazard_id: str,
    path: str = "",
    *,
    grade: str = "general",
    title: str = "灭火器压力不足",
    tenant: str = KITCHEN,
    reported_at: datetime = MONDAY_10 - timedelta(days=2),
    concurrent: tuple[tuple[Actor, EventType, dict[str, Any]], ...] = (),
    photos: tuple[Any, ...] = (),
) -> list[Event]:
    """Pull a hazard reported by worker1 and then taken through ``path``'s steps.

    Args:
        concurrent: Steps made offline by other people on other phones, each having seen only
            the events of ``path`` (same ``base_version`` as one another).
    """
    if tenant != KITCHEN:  # the enterprise's own people, in another enterprise
        return _elsewhere(record, hazard_id, path, tenant, reported_at)
    report = {
        "title": title,
        "location": "后厨灶台旁",
        "grade": grade,
        "photos": [ref.model_dump(mode="json") for ref in photos],
    }
    steps = [(WORKER, E.HAZARD_REPORTED, report), *(STEPS[name] for name in path.split())]
    made = [_event(hazard_id, tenant, n, n, step, reported_at) for n, step in enumerate(steps)]
    base = len(steps)
    made += [
        _event(hazard_id, tenant, base + n, base, step, reported_at)
        for n, step in enumerate(concurrent)
    ]
    cursor = record.store.cursor()
    record.absorb(
        [{**e.model_dump(mode="json"), "server_seq": cursor + i + 1} for i, e in enumerate(made)],
        cursor + len(made),
    )
    return made


def _elsewhere(
    record: Any, hazard_id: str, path: str, tenant: str, reported_at: datetime
) -> list[Event]:
    steps = [
        (WORKER, E.HAZARD_REPORTED, {"title": "防护罩缺失"}),
        *(STEPS[p] for p in path.split()),
    ]
    moved = [
        (actor.model_copy(update={"tenant": tenant}) if actor.tenant else actor, kind, payload)
        for actor, kind, payload in steps
    ]
    made = [_event(hazard_id, tenant, n, n, step, reported_at) for n, step in enumerate(moved)]
    cursor = record.store.cursor()
    record.absorb(
        [{**e.model_dump(mode="json"), "server_seq": cursor + i + 1} for i, e in enumerate(made)],
        cursor + len(made),
    )
    return made


def _event(
    hazard_id: str,
    tenant: str,
    n: int,
    base_version: int,
    step: tuple[Actor, EventType, dict[str, Any]],
    start: datetime,
) -> Event:
    actor, kind, payload = step
    at_ms = int((start + timedelta(hours=n)).timestamp() * 1000)
    return Event(
        event_id=str(uuid.uuid4()),
        device_id=f"phone-{actor.user_id}",
        device_seq=n + 1,
        actor=actor,
        tenant=tenant,
        aggregate=AggregateRef(type=AggregateType.HAZARD, id=hazard_id),
        type=kind,
        payload=payload,
        hlc=Hlc(wall_ms=at_ms, counter=0, device=DeviceId(f"phone-{actor.user_id}")),
        base_version=base_version,
    )
