"""A small signed-in world for server tests: a grid, two enterprises and a user per role."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, Engine, insert

from shared.credit_code import check_character
from shared.ids import GridUnitId, TenantId
from shared.org import Enterprise, GridLevel, GridUnit, Industry
from shared.roles import Role
from sync_server import reference_counter
from sync_server.accounts import create_user
from sync_server.schema import reference
from sync_server.scope import refresh_paths

PASSWORD = "demo1234"

CITY = GridUnitId("G-CITY")
COUNTY = GridUnitId("G-COUNTY")  # holds T1 and T2
OTHER_COUNTY = GridUnitId("G-COUNTY-2")  # holds no enterprise
T1 = TenantId("T1")
T2 = TenantId("T2")

GRID = (
    GridUnit(id=CITY, name="秦海市", level=GridLevel.CITY),
    GridUnit(id=COUNTY, name="海港区", level=GridLevel.COUNTY, parent_id=CITY),
    GridUnit(id=OTHER_COUNTY, name="北戴河区", level=GridLevel.COUNTY, parent_id=CITY),
)

# username → (role, tenant, grid unit)
USERS: dict[str, tuple[Role, TenantId | None, GridUnitId | None]] = {
    "worker1": (Role.WORKER, T1, None),
    "manager1": (Role.SAFETY_MANAGER, T1, None),
    "worker2": (Role.WORKER, T2, None),
    "manager2": (Role.SAFETY_MANAGER, T2, None),
    "inspector1": (Role.INSPECTOR, None, COUNTY),
    "inspector2": (Role.INSPECTOR, None, OTHER_COUNTY),
    "admin": (Role.ADMIN, None, None),
}


def credit_code(prefix17: str) -> str:
    """A valid 统一社会信用代码 from its first 17 characters."""
    return prefix17 + check_character(prefix17)


def enterprise(tenant: TenantId, grid_unit: GridUnitId, serial: int) -> Enterprise:
    """A small manufacturer registered in ``grid_unit``, with a valid credit code."""
    return Enterprise(
        id=tenant,
        name=f"测试企业{serial}",
        credit_code=credit_code(f"91130300MA{serial:07d}"),
        grid_unit_id=grid_unit,
        industry=Industry.MANUFACTURING,
        staff_count=10,
    )


ENTERPRISES = (enterprise(T1, COUNTY, 1), enterprise(T2, COUNTY, 2))


def add_grid_unit(conn: Connection, unit: GridUnit) -> None:
    """Store a grid unit as reference data."""
    body = unit.model_dump(mode="json")
    seq = reference_counter.take(conn)
    conn.execute(
        insert(reference).values(kind="grid_unit", id=unit.id, tenant=None, body=body, seq=seq)
    )
    refresh_paths(conn)


def add_enterprise(conn: Connection, company: Enterprise) -> None:
    """Store an enterprise as reference data (its own tenant)."""
    body = company.model_dump(mode="json")
    seq = reference_counter.take(conn)
    conn.execute(
        insert(reference).values(
            kind="enterprise", id=company.id, tenant=company.id, body=body, seq=seq
        )
    )
    refresh_paths(conn)


def seed_world(conn: Connection) -> None:
    """The grid, the two enterprises and every user of ``USERS``, with password ``PASSWORD``."""
    for unit in GRID:
        add_grid_unit(conn, unit)
    for company in ENTERPRISES:
        add_enterprise(conn, company)
    for username, (role, tenant, grid_unit) in USERS.items():
        create_user(
            conn,
            user_id=username,
            password=PASSWORD,
            actor_role=role,
            tenant=tenant,
            grid_unit=grid_unit,
        )


@dataclass(frozen=True)
class World:
    """The signed-in world: ``auth("worker1")`` gives the headers of that user's requests."""

    app: FastAPI
    tokens: dict[str, str]

    @property
    def engine(self) -> Engine:
        """The app's database engine."""
        engine: Engine = self.app.state.engine
        return engine

    def auth(self, username: str) -> dict[str, str]:
        """Bearer headers for one of ``USERS``."""
        return {"authorization": f"Bearer {self.tokens[username]}"}


def login(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """An access token via POST /v1/auth/login."""
    answer = client.post("/v1/auth/login", json={"username": username, "password": password})
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["access_token"]
    return token


def build_world(client: TestClient) -> World:
    """Seed the world into the client's app and sign every user in."""
    app = client.app
    assert isinstance(app, FastAPI)
    with app.state.engine.begin() as conn:
        seed_world(conn)
    return World(app=app, tokens={username: login(client, username) for username in USERS})
