"""A small world with a controlled clock for scoring tests: four enterprises, sixty days.

Events are made as phones make them and stored through the real merge (``merge.push``);
managers sign in through the real refresh endpoint, stamped by the app's fake clock.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert, update

from shared.cards import CardItem, CheckCard, Frequency
from shared.events import AggregateRef, AggregateType, Event, EventType
from shared.hlc import Hlc
from shared.ids import (
    CardId,
    DeviceId,
    EventId,
    GridUnitId,
    ItemId,
    PostId,
    RiskPointId,
    TenantId,
    WorkshopId,
)
from shared.org import Enterprise, GridLevel, GridUnit, Industry, Post, RiskPoint
from shared.risk import ControlLevel, grade_ls
from shared.roles import Actor, Role
from shared.schedule import card_instance_id
from sync_server import merge, reference_counter
from sync_server.accounts import create_user
from sync_server.schema import reference, users
from sync_server.scope import refresh_paths
from tests.sync_server.builders import credit_code

ZONE = ZoneInfo("Asia/Shanghai")
START = date(2026, 3, 2)  # a Monday
CITY, COUNTY, VILLAGE = GridUnitId("SC"), GridUnitId("SX"), GridUnitId("SV")
CLEAN, MAJOR, HIDE, LAPSE = (TenantId(f"T-{n}") for n in ("CLEAN", "MAJOR", "HIDE", "LAPSE"))
TENANTS = (CLEAN, MAJOR, HIDE, LAPSE)
PASSWORD = "demo1234"


def day_of(index: int) -> date:
    return START + timedelta(days=index)


def moment(index: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """An aware UTC moment at local wall time on sim day ``index``."""
    local = datetime.combine(day_of(index), time(hour, minute, second), tzinfo=ZONE)
    return local.astimezone(UTC)


def card(tenant: TenantId) -> CheckCard:
    def item(key: str, frequency: Frequency) -> CardItem:
        return CardItem(
            id=ItemId(key),
            what=f"检查项{key}",
            how="目视",
            pass_criterion="合格",
            typical_hazard="隐患",
            frequency=frequency,
            responsible_role="操作工",
        )

    return CheckCard(
        id=CardId(f"C-{tenant}"),
        tenant=tenant,
        name="岗位检查卡",
        version=1,
        items=(
            item("1", Frequency.PER_SHIFT),
            item("2", Frequency.DAILY),
            item("3", Frequency.DAILY),
        ),
    )


def post_of(tenant: TenantId) -> PostId:
    return PostId(f"P-{tenant}")


def _reference_rows(index: int, tenant: TenantId) -> list[tuple[str, str, str | None, Any]]:
    company = Enterprise(
        id=tenant,
        name=f"模拟企业{index}",
        credit_code=credit_code(f"91130300MA{index + 90:07d}"),
        grid_unit_id=VILLAGE,
        industry=Industry.MANUFACTURING,
        staff_count=20,
    )
    workshop = WorkshopId(f"W-{tenant}")
    post = Post(
        id=post_of(tenant),
        tenant=tenant,
        workshop_id=workshop,
        name="机加岗",
        card_id=CardId(f"C-{tenant}"),
    )
    point = RiskPoint(
        id=RiskPointId(f"R-{tenant}"),
        tenant=tenant,
        post_id=post.id,
        name="机械伤害",
        ls=grade_ls(3, 5),
        control_level=ControlLevel.WORKSHOP,
    )
    return [
        ("enterprise", tenant, tenant, company),
        ("post", post.id, tenant, post),
        ("card", f"C-{tenant}", tenant, card(tenant)),
        ("risk_point", point.id, tenant, point),
    ]


def seed(engine: Engine) -> None:
    """The grid, the four enterprises, their people; everyone joined on the first sim day."""
    grid = [
        GridUnit(id=CITY, name="模拟市", level=GridLevel.CITY),
        GridUnit(id=COUNTY, name="模拟区", level=GridLevel.COUNTY, parent_id=CITY),
        GridUnit(id=VILLAGE, name="模拟村", level=GridLevel.VILLAGE, parent_id=COUNTY),
    ]
    with engine.begin() as conn:
        for unit in grid:
            conn.execute(
                insert(reference).values(
                    kind="grid_unit",
                    id=unit.id,
                    tenant=None,
                    body=unit.model_dump(mode="json"),
                    seq=reference_counter.take(conn),
                )
            )
        for index, tenant in enumerate(TENANTS):
            for kind, key, owner, model in _reference_rows(index, tenant):
                conn.execute(
                    insert(reference).values(
                        kind=kind,
                        id=key,
                        tenant=owner,
                        body=model.model_dump(mode="json"),
                        seq=reference_counter.take(conn),
                    )
                )
            refresh_paths(conn)
            for role in (Role.WORKER, Role.SAFETY_MANAGER):
                create_user(
                    conn,
                    user_id=f"{role.value}-{tenant}",
                    password=PASSWORD,
                    actor_role=role,
                    tenant=tenant,
                )
        create_user(
            conn,
            user_id="inspector",
            password=PASSWORD,
            actor_role=Role.INSPECTOR,
            grid_unit=COUNTY,
        )
        create_user(
            conn, user_id="regulator", password=PASSWORD, actor_role=Role.REGULATOR, grid_unit=CITY
        )
        conn.execute(update(users).values(created_at=moment(0, 0)))


def actor(role: Role, tenant: TenantId | None = None) -> Actor:
    if role is Role.INSPECTOR:
        return Actor(user_id="inspector", role=role, grid_unit=COUNTY)
    return Actor(user_id=f"{role.value}-{tenant}", role=role, tenant=tenant)


@dataclass
class Phone:
    """One install: its own sequence and a stamp per event at the moment given."""

    actor: Actor
    name: str
    seq: int = 0
    queue: list[Event] = field(default_factory=list)

    def make(
        self,
        tenant: TenantId,
        aggregate: tuple[AggregateType, str],
        kind: EventType,
        payload: dict[str, Any],
        at: datetime,
        base: int = 0,
    ) -> Event:
        self.seq += 1
        event = Event(
            event_id=EventId(str(uuid.uuid5(uuid.NAMESPACE_URL, f"{self.name}/{self.seq}"))),
            device_id=DeviceId(self.name),
            device_seq=self.seq,
            actor=self.actor,
            tenant=tenant,
            aggregate=AggregateRef(type=aggregate[0], id=aggregate[1]),
            type=kind,
            payload=payload,
            hlc=Hlc(wall_ms=int(at.timestamp() * 1000), counter=0, device=DeviceId(self.name)),
            base_version=base,
        )
        self.queue.append(event)
        return event

    def sync(self, engine: Engine) -> None:
        if not self.queue:
            return
        with engine.begin() as conn:
            answer = merge.push(
                conn, self.actor, self.name, [e.model_dump(mode="json") for e in self.queue]
            )
        assert {r.status.value for r in answer.results} <= {"accepted"}, answer.results
        self.queue.clear()


def tick_card(
    phone: Phone, tenant: TenantId, index: int, period: str, items: list[str], hour: int
) -> None:
    """Tick every listed item 合格, taking a minute, at local ``hour`` on day ``index``."""
    done = moment(index, hour)
    payload = {
        "post_id": post_of(tenant),
        "card_id": f"C-{tenant}",
        "card_version": 1,
        "period": period,
        "items": {item: {"result": "pass"} for item in items},
        "started_at": (done - timedelta(minutes=1)).isoformat(),
        "completed_at": done.isoformat(),
        "scanned": True,
    }
    phone.make(
        tenant,
        (AggregateType.CARD_INSTANCE, card_instance_id(post_of(tenant), f"C-{tenant}", period)),
        EventType.CARD_SUBMITTED,
        payload,
        done,
    )


def tick_day(phone: Phone, tenant: TenantId, index: int) -> None:
    """The day's shift card at 09:00 and daily card at 10:00."""
    today = day_of(index).isoformat()
    tick_card(phone, tenant, index, f"{today}#1", ["1"], 9)
    tick_card(phone, tenant, index, today, ["2", "3"], 10)


@dataclass
class SignIns:
    """Managers keep a refresh token each and trade it in every day: a sign-in each time."""

    client: TestClient
    tokens: dict[str, str] = field(default_factory=dict)

    def sign_in(self, username: str) -> None:
        if username not in self.tokens:
            answer = self.client.post(
                "/v1/auth/login", json={"username": username, "password": PASSWORD}
            )
        else:
            answer = self.client.post(
                "/v1/auth/refresh", json={"refresh_token": self.tokens[username]}
            )
        assert answer.status_code == 200, answer.text
        self.tokens[username] = answer.json()["refresh_token"]


def app_engine(app: FastAPI) -> Engine:
    engine: Engine = app.state.engine
    return engine
