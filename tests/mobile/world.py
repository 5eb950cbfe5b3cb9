"""The demo city as a phone sees it after the first sync, without a server: for view tests.

``demo_reference_body`` is what ``GET /v1/reference`` answers worker1 (the kitchen) on a server
whose secret is ``SECRET``; ``sign_in_offline`` writes the session a sign-in would keep. With
both, a phone opens on 今日 with the kitchen's posts and cards and never touches a network.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from mobile import reference
from mobile.store import Store
from mobile.sync.api import Session
from shared.events import AggregateRef, AggregateType, Event, EventType
from shared.hlc import Hlc
from shared.ids import DeviceId, GridUnitId, TenantId, UserId
from shared.people import Person
from shared.qr import QrKind, QrPayload, derive_tenant_key, manual_code, sign_qr
from shared.roles import Actor, Role
from sync_server.demo import KITCHEN, LATHES, demo_reference, post_holders
from sync_server.demo.city import ACCOUNTS, PROFILES

SECRET = b"s" * 32
CHINA = timezone(timedelta(hours=8))
MONDAY_10 = datetime(2026, 11, 30, 10, 0, tzinfo=CHINA)
"""A Monday morning: the day shift is on, and the day's, week's and month's cards are open."""

WORKER = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)
MANAGER = Actor(user_id=UserId("manager1"), role=Role.SAFETY_MANAGER, tenant=KITCHEN)


def demo_reference_body(tenants: tuple[TenantId, ...] = (KITCHEN,)) -> dict[str, Any]:
    """The reference answer for users of ``tenants``, with their QR keys."""
    refs = demo_reference()
    body: dict[str, Any] = {"grid_unit": [u.model_dump(mode="json") for u in refs.grid_unit]}
    for kind in ("enterprise", "workshop", "card", "post", "risk_point"):
        rows = [m.model_dump(mode="json") for m in refs.of(kind)]
        body[kind] = [r for r in rows if (r.get("tenant") or r.get("id")) in tenants]
    body["qr_keys"] = {t: derive_tenant_key(SECRET, t).hex() for t in tenants}
    body["person"] = demo_people(tenants)
    return body


def demo_people(tenants: tuple[TenantId, ...] = (KITCHEN,)) -> list[dict[str, Any]]:
    """The ``person`` rows of the answer: the enterprises' people and the officials."""
    rows = []
    for user_id, role, tenant, grid, name in ACCOUNTS:
        if tenant not in tenants and role not in (Role.INSPECTOR, Role.REGULATOR):
            continue
        posts = post_holders(user_id, tenant) if role is Role.WORKER and tenant else ()
        profile = {**PROFILES.get(user_id, {}), "display_name": name}
        if tenant is None:
            profile["phone"] = ""
        person = Person(
            **profile,
            user_id=UserId(user_id),
            role=role,
            tenant=tenant,
            grid_unit=grid,
            posts=posts,
        )
        rows.append(person.model_dump(mode="json"))
    return rows


def load_reference(store: Store, tenants: tuple[TenantId, ...] = (KITCHEN,)) -> None:
    """Keep the reference data as the first sync would."""
    reference.save_reference(store, demo_reference_body(tenants), now_ms=0)


def sign_in_offline(store: Store, actor: Actor = WORKER) -> None:
    """The session a password sign-in keeps (its tokens are never used without a server)."""
    session = Session(access_token="access", refresh_token="refresh", actor=actor)
    store.write_doc("session", session.model_dump(mode="json"))


def card_code(post_id: str = "P-STOVE", tenant: TenantId = KITCHEN, version: int = 1) -> str:
    """The signed QR text printed on a demo post card."""
    payload = QrPayload(kind=QrKind.POST, tenant=tenant, target_id=post_id, version=version)
    return sign_qr(payload, derive_tenant_key(SECRET, tenant))


def typed_code(post_id: str = "P-STOVE", tenant: TenantId = KITCHEN) -> str:
    """The manual code printed under a demo post card's QR."""
    payload = QrPayload(kind=QrKind.POST, tenant=tenant, target_id=post_id, version=1)
    return manual_code(payload, derive_tenant_key(SECRET, tenant))


__all__ = [
    "CHINA",
    "KITCHEN",
    "LATHES",
    "MANAGER",
    "MONDAY_10",
    "SECRET",
    "WORKER",
    "card_code",
    "demo_reference_body",
    "load_reference",
    "pulled_hazard",
    "sign_in_offline",
    "typed_code",
]


def pulled_hazard(
    record: Any,
    hazard_id: str = "YH-2026-0001",
    *,
    title: str = "灭火器压力不足",
    assignee: str | None = "worker1",
    deadline: datetime = MONDAY_10 + timedelta(days=3),
    photo: Any = None,
    reported_at: datetime = MONDAY_10 - timedelta(days=2),
) -> list[Event]:
    """A hazard an inspector reported (and the manager assigned), as the phone pulls it."""
    inspector = Actor(
        user_id=UserId("inspector1"), role=Role.INSPECTOR, grid_unit=GridUnitId("X-HG")
    )
    report: dict[str, Any] = {
        "title": title,
        "location": "后厨灶台旁",
        "source": 11,
        "photos": [photo.model_dump(mode="json")] if photo else [],
    }
    steps: list[tuple[Actor, EventType, dict[str, Any]]] = [
        (inspector, EventType.HAZARD_REPORTED, report)
    ]
    if assignee:
        steps.append(
            (
                MANAGER,
                EventType.HAZARD_ASSIGNED,
                {"assignee": assignee, "deadline": deadline.isoformat(), "measures": "更换灭火器"},
            )
        )
    made = []
    for n, (actor, kind, payload) in enumerate(steps):
        at_ms = int((reported_at + timedelta(hours=n)).timestamp() * 1000)
        made.append(
            Event(
                event_id=str(uuid.uuid4()),
                device_id=f"phone-{actor.user_id}",
                device_seq=n + 1,
                actor=actor,
                tenant=KITCHEN,
                aggregate=AggregateRef(type=AggregateType.HAZARD, id=hazard_id),
                type=kind,
                payload=payload,
                hlc=Hlc(wall_ms=at_ms, counter=0, device=DeviceId("srv")),
                base_version=n,
            )
        )
    cursor = record.store.cursor()
    record.absorb(
        [{**e.model_dump(mode="json"), "server_seq": cursor + i + 1} for i, e in enumerate(made)],
        cursor + len(made),
    )
    return made
