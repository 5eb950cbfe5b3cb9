"""The access matrix: every endpoint × every role × their own and another enterprise's records.

``MATRIX`` holds, for each operation of the app, how to ask for one's own records and for
another's, and the answer each role must get (plus an anonymous caller). It is checked against
the app's OpenAPI document, so a new endpoint without a row fails here. The expectations are
docs/sync-protocol.md's, row by row; "sees"/"blind" say whether the other enterprise's data
shows up in an answer that is 200 either way (pull, reference data, lights).

Own and other: a worker and a manager are the kitchen's, and the other is the lathe shop; the
inspector's county (海港区) holds the kitchen, not the warehouse (昌宁县); the regulator's city
holds every demo enterprise, so the other is a foreign city's (made here); the admin has none.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from openpyxl import load_workbook  # type: ignore[import-untyped]
from PIL import Image
from sqlalchemy import Connection, select

from shared.events import AGGREGATE_OF, AggregateType, EventType
from shared.ids import GridUnitId, TenantId, UserId
from shared.lifecycle import PERMITTED_ROLES
from shared.org import Enterprise, GridLevel, GridUnit, Industry
from shared.payloads import risk_map_id
from shared.roles import Actor, Role
from shared.schedule import card_instance_id
from sync_server import accounts, merge
from sync_server.accounts import load_actor
from sync_server.app import create_app
from sync_server.clock import SystemClock
from sync_server.demo import KITCHEN, LATHES, credit_code, seed_demo
from sync_server.demo.city import WAREHOUSE
from sync_server.lists.links import link_query
from sync_server.lists.model import ReferenceSet
from sync_server.lists.store import save_reference
from sync_server.schema import blobs, events, reference
from sync_server.scope import visible_tenants
from sync_server.scoring.config import ScoringConfig
from sync_server.scoring.job import ScoringJob
from sync_server.settings import Settings
from tests.chaos.servers import CHEAP_HASHER
from tests.factories import CARD_ITEM, PAYLOADS, Device
from tests.sync_server.lists.workbooks import set_cell, to_bytes

TODAY = date(2026, 11, 28)
SECRET = b"m" * 32
FOREIGN = TenantId(credit_code("91130100MA0WWW001"))
"""An enterprise in another city (C-ZZ), outside even the regulator's scope."""


@dataclass(frozen=True)
class Records:
    """One enterprise's records the requests name."""

    tenant: str
    unit: str
    hazard: str
    photo: str
    inspection: str = "IN-NONE"
    post: str = "P-NONE"
    card: str = "CARD-NONE"
    risk: str = "R-NONE"
    risk_hazard: str = "H-NONE"  # a hazard reported as that risk point's control failing


@dataclass(frozen=True)
class Who:
    """A role's demo user and the records that are theirs and another's."""

    role: str
    username: str
    own: Records
    other: Records
    scope: frozenset[str] = frozenset()  # the enterprises the server says they may see


@dataclass
class World:
    app: FastAPI
    client: TestClient
    tokens: dict[str, str]
    refresh: dict[str, list[str]]
    exports: dict[str, bytes]


@dataclass(frozen=True)
class Ask:
    """A request: method, URL, and optionally a JSON body, raw content or files."""

    url: str
    json: Any = None
    content: bytes | None = None
    files: dict[str, Any] | None = None


Build = Callable[[World, Who, Records], Ask]
Detail = Callable[[Any, Who, Records], str]

W, M, IN, R, A = "worker", "safety_manager", "inspector", "regulator", "admin"
ROLES = (W, M, IN, R, A)


Expect = dict[str | None, tuple[Any, Any]]
"""(own, other) answers by role; None is the anonymous caller."""


@dataclass(frozen=True)
class Row:
    """One operation: how to ask, and (own, other) answers by role; None is anonymous."""

    build: Build
    expect: Expect
    detail: Detail | None = None
    after: Callable[[World, Who, Any], None] | None = None  # keeps the world usable after it


def everyone(own: Any, other: Any) -> Expect:
    return dict.fromkeys(ROLES, (own, other))


def signed(expect: Expect) -> Expect:
    """The expectations plus the anonymous caller's: 401 for both."""
    return {**expect, None: (401, 401)}


# --- details: what a 200 shows ---------------------------------------------------------------


def push_status(body: Any, who: Who, target: Records) -> str:
    return str(body["results"][0]["status"])


def sees_in_pull(body: Any, who: Who, target: Records) -> str:
    tenants = {e["tenant"] for e in body["events"]}
    if not tenants <= who.scope:
        return f"leaks {sorted(tenants - who.scope)}"
    return "sees" if target.tenant in tenants else "blind"


def sees_in_reference(body: Any, who: Who, target: Records) -> str:
    ids = {e["id"] for e in body.get("enterprise", [])} | set(body["qr_keys"])
    tenants = {
        e["tenant"]
        for kind, rows in body.items()
        if kind != "grid_unit" and isinstance(rows, list)  # not qr_keys, cursor, full, has_more
        for e in rows
        if e.get("tenant")
    }
    if not (ids | tenants) <= who.scope:
        return f"leaks {sorted((ids | tenants) - who.scope)}"
    return "sees" if target.tenant in ids else "blind"


def hazard_in_scope(body: Any, who: Who, target: Records) -> str:
    tenant = body["state"]["tenant"]
    actors = {step["actor"]["tenant"] for step in body["timeline"]} - {None}
    if tenant not in who.scope or not actors <= who.scope:
        return f"leaks {tenant}"
    return "sees" if tenant == target.tenant else "other"


def risk_in_scope(body: Any, who: Who, target: Records) -> str:
    tenant = body["state"]["tenant"]
    return f"leaks {tenant}" if tenant not in who.scope else hazard_in_scope(body, who, target)


def listed(body: Any, who: Who, target: Records) -> str:
    """Whether a list keeps to the caller's scope, and whether the target shows in it."""
    tenants = {entry["tenant"] for entry in body}
    if not tenants <= who.scope:
        return f"leaks {sorted(tenants - who.scope)}"
    return "in scope" if target is who.own else ("sees" if target.tenant in tenants else "blind")


def rewards_of_own(body: Any, who: Who, target: Records) -> str:
    """奖惩: only the caller's own enterprise, and a worker only their own row."""
    if body["tenant"] != who.own.tenant:
        return f"leaks {body['tenant']}"
    people = {row["user_id"] for row in body["people"]}
    return "own row" if people == {who.username} else "everyone"


def scored_in_full(body: Any, who: Who, target: Records) -> str:
    return "full" if body and body[-1]["components"] is not None else "summary"


# --- requests --------------------------------------------------------------------------------


def report(world: World, who: Who, target: Records) -> Ask:
    actor = Actor(user_id=UserId(who.username), role=Role(who.role), tenant=_tenant_of(who))
    # A fresh device_seq each time: another event under a used number is refused (seq_reused).
    phone = Device(
        f"matrix-{who.username}", actor, tenant=TenantId(target.tenant), seq=next(_PUSH_SEQS)
    )
    if who.role == R:  # a regulator may not report; a note on the enterprise's hazard
        event = phone.event(EventType.HAZARD_ANNOTATED, target.hazard, base=9, payload={})
    else:
        event = phone.event(EventType.HAZARD_REPORTED, f"AX-{random.random()}", base=0)
    body = {"device_id": phone.name, "events": [event.model_dump(mode="json")]}
    return Ask("/v1/sync/push", json=body)


_PUSH_SEQS = itertools.count(1000)


def _tenant_of(who: Who) -> TenantId | None:
    return TenantId(who.own.tenant) if who.role in (W, M) else None


def a_photo(world: World, who: Who, target: Records) -> Ask:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (random.randrange(256), 0, 0)).save(out, "PNG")
    data = out.getvalue()
    sha = _sha(data)
    return Ask(f"/v1/blobs/{target.tenant}/{sha}/upload?offset=0&size={len(data)}", content=data)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def login(world: World, who: Who, target: Records) -> Ask:
    username = who.username if target is who.own else "someone-else"
    return Ask("/v1/auth/login", json={"username": username, "password": "demo1234"})


def refresh(world: World, who: Who, target: Records) -> Ask:
    token = world.refresh[who.username].pop() if target is who.own else "spent-or-forged"
    return Ask("/v1/auth/refresh", json={"refresh_token": token})


def change_password(world: World, who: Who, target: Records) -> Ask:
    current = "demo1234" if target is who.own else "not-my-password"
    return Ask("/v1/auth/password", json={"current_password": current, "new_password": "demo1234"})


def keep_new_session(world: World, who: Who, answer: Any) -> None:
    """A password change ends the caller's other sign-ins: carry on with the new one."""
    if answer.status_code == 200:
        world.tokens[who.username] = answer.json()["access_token"]
        login = {"username": who.username, "password": "demo1234"}
        again = world.client.post("/v1/auth/login", json=login).json()["refresh_token"]
        world.refresh[who.username] = [answer.json()["refresh_token"], again]


MANAGED: dict[str, str] = {KITCHEN: "matrix-cook", LATHES: "worker2"}
"""Whom the user-management rows act on: a worker of the kitchen (own) or of the lathes."""


def manage(action: str, body: Any = None) -> Build:
    def build(world: World, who: Who, target: Records) -> Ask:
        return Ask(f"/v1/users/{MANAGED.get(target.tenant, 'worker3')}/{action}", json=body)

    return build


def edit(action: str, body: Any) -> Build:
    def build(world: World, who: Who, target: Records) -> Ask:
        return Ask(f"/v1/users/{MANAGED.get(target.tenant, 'worker3')}/{action}", json=body)

    return build


_NEW_USERS = itertools.count(1)


def add_user(world: World, who: Who, target: Records) -> Ask:
    body = {
        "user_id": f"matrix-new-{next(_NEW_USERS)}",
        "password": "demo1234",
        "tenant": target.tenant,
        "display_name": "新员工",
    }
    return Ask("/v1/users", json=body)


def device(world: World, who: Who, target: Records) -> Ask:
    return Ask(f"/v1/devices/matrix-{who.username if target is who.own else 'manager2'}")


def import_file(world: World, who: Who, target: Records) -> Ask:
    files = {"file": ("lists.xlsx", world.exports[target.tenant], XLSX)}
    return Ask("/v1/import?dry_run=true", files=files)


_PEOPLE_ROWS = itertools.count(1)


def people_sheet(world: World, who: Who, target: Records) -> Ask:
    """One new worker of the target's enterprise, checked only (dry run)."""
    row = f"matrix-w{next(_PEOPLE_ROWS)},矩阵工人,岗位员工,{target.tenant},matrix-pass-1"
    sheet = f"用户名,姓名,角色,企业,初始密码\n{row}\n".encode()
    return Ask("/v1/users/import?dry_run=true", files={"file": ("人员.csv", sheet, "text/csv")})


def signed_link(world: World, who: Who, target: Records) -> Ask:
    query = link_query(SECRET, "hazard", target.hazard, datetime.now(UTC))
    return Ask(f"/v1/documents/shared/notice.pdf?{query}")


def signed_map_link(world: World, who: Who, target: Records) -> Ask:
    query = link_query(SECRET, "risk_map", target.tenant, datetime.now(UTC))
    return Ask(f"/v1/documents/shared/risk-map.pdf?{query}&paper=A4")


def export_link(world: World, who: Who, target: Records) -> Ask:
    """A link to the target unit's ranking signed for the asker (the link names its user)."""
    query = link_query(SECRET, "export", f"ranking|{who.username}|{target.unit}", datetime.now(UTC))
    return Ask(f"/v1/exports/shared/ranking.xlsx?{query}")


_WEIGHT_VALUES = itertools.count(11)


def change_weights(world: World, who: Who, target: Records) -> Ask:
    """A new value each time, so every permitted change is a change (issue 18)."""
    body = {"weights": {"concealment_each": next(_WEIGHT_VALUES)}, "reason": "矩阵测试"}
    return Ask("/v1/scores/weights", json=body)


def url(template: str) -> Build:
    def build(world: World, who: Who, target: Records) -> Ask:
        return Ask(template.format(t=target, day=TODAY, week=TODAY - timedelta(days=6)))

    return build


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BLOB = "/v1/blobs/{tenant}/{sha256}"
BLOB_URL = "/v1/blobs/{t.tenant}/{t.photo}"
TENANT_DOCS: Expect = {W: (403, 403), M: (200, 404), IN: (403, 403), R: (403, 403), A: (200, 200)}
IN_SCOPE: Expect = {W: (403, 403), M: (200, 404), IN: (200, 404), R: (200, 404), A: (200, 200)}
GRID_ONLY: Expect = {W: (403, 403), M: (403, 403), IN: (200, 404), R: (200, 404), A: (403, 403)}
PHOTOS: Expect = {W: (200, 404), M: (200, 404), IN: (200, 404), R: (200, 404), A: (404, 404)}
MANAGERS: Expect = {W: (403, 403), M: (200, 404), IN: (403, 403), R: (403, 403), A: (200, 200)}
ADMIN_ONLY: Expect = {**everyone(403, 403), A: (200, 200)}

MATRIX: dict[tuple[str, str], Row] = {
    ("POST", "/v1/auth/login"): Row(login, {**everyone(200, 401), None: (200, 401)}),
    ("POST", "/v1/auth/refresh"): Row(refresh, {**everyone(200, 401), None: (200, 401)}),
    ("GET", "/v1/auth/me"): Row(url("/v1/auth/me"), signed(everyone(200, 200))),
    ("POST", "/v1/auth/password"): Row(
        change_password, signed(everyone(200, 422)), after=keep_new_session
    ),
    ("GET", "/v1/auth/profile"): Row(url("/v1/auth/profile"), signed(everyone(200, 200))),
    ("GET", "/v1/users"): Row(url("/v1/users?tenant={t.tenant}"), signed(MANAGERS)),
    ("POST", "/v1/users"): Row(add_user, signed({**MANAGERS, M: (201, 404), A: (201, 201)})),
    ("PUT", "/v1/users/{user_id}/profile"): Row(
        edit("profile", {"display_name": "厨师小王", "phone": "0335-1234567"}), signed(MANAGERS)
    ),
    ("PUT", "/v1/users/{user_id}/posts"): Row(edit("posts", {"posts": []}), signed(MANAGERS)),
    ("POST", "/v1/users/{user_id}/disable"): Row(manage("disable"), signed(MANAGERS)),
    ("POST", "/v1/users/{user_id}/enable"): Row(manage("enable"), signed(MANAGERS)),
    ("POST", "/v1/users/{user_id}/revoke"): Row(manage("revoke"), signed(MANAGERS)),
    ("POST", "/v1/users/{user_id}/password"): Row(
        manage("password", {"new_password": "matrix-new-1"}), signed(MANAGERS)
    ),
    ("POST", "/v1/sync/push"): Row(
        report,
        signed(
            {
                W: ((200, "accepted"), (200, "rejected")),
                M: ((200, "accepted"), (200, "rejected")),
                IN: ((200, "accepted"), (200, "rejected")),
                R: ((200, "accepted"), (200, "rejected")),
                A: ((200, "rejected"), (200, "rejected")),
            }
        ),
        push_status,
    ),
    ("GET", "/v1/sync/pull"): Row(
        url("/v1/sync/pull?limit=1000"),
        signed(
            {
                **everyone((200, "sees"), (200, "blind")),
                R: ((200, "blind"), (200, "blind")),  # regulators read aggregates, no events
                A: ((200, "blind"), (200, "blind")),
            }
        ),
        sees_in_pull,
    ),
    ("GET", "/v1/reference"): Row(
        url("/v1/reference"),
        signed({**everyone((200, "sees"), (200, "blind")), A: ((200, "blind"), (200, "blind"))}),
        sees_in_reference,
    ),
    ("GET", "/v1/devices/{device_id}"): Row(device, signed(everyone(200, 404))),
    ("GET", "/v1/hazards/{hazard_id}"): Row(
        url("/v1/hazards/{t.hazard}"),
        signed({**everyone((200, "sees"), 404), A: (404, 404)}),
        hazard_in_scope,
    ),
    ("GET", "/v1/risks/{risk_id}"): Row(
        url("/v1/risks/{t.risk}"),
        signed({**everyone((200, "sees"), 404), A: (404, 404)}),
        risk_in_scope,
    ),
    ("HEAD", BLOB): Row(url(BLOB_URL), signed(PHOTOS)),
    ("GET", BLOB + "/upload"): Row(url(BLOB_URL + "/upload"), signed(PHOTOS)),
    ("PUT", BLOB + "/upload"): Row(a_photo, signed(PHOTOS)),
    ("GET", BLOB + "/display"): Row(url(BLOB_URL + "/display"), signed(PHOTOS)),
    ("GET", BLOB + "/thumb"): Row(url(BLOB_URL + "/thumb"), signed(PHOTOS)),
    ("GET", "/v1/scores/latest"): Row(url("/v1/scores/latest"), signed(everyone(200, 200))),
    ("GET", "/v1/scores/enterprises/{tenant}/hazards"): Row(
        url("/v1/scores/enterprises/{t.tenant}/hazards"), signed(GRID_ONLY)
    ),
    ("GET", "/v1/scores/enterprises/{tenant}/risk-points"): Row(
        url("/v1/scores/enterprises/{t.tenant}/risk-points"), signed(GRID_ONLY)
    ),
    ("GET", "/v1/scores/enterprises/{tenant}"): Row(
        url("/v1/scores/enterprises/{t.tenant}?from={week}&to={day}"),
        signed(
            {
                W: ((200, "summary"), 404),
                M: ((200, "full"), 404),
                IN: ((200, "full"), 404),
                R: ((200, "full"), 404),
                A: (404, 404),
            }
        ),
        scored_in_full,
    ),
    ("GET", "/v1/risk-map/grid/{unit_id}"): Row(
        url("/v1/risk-map/grid/{t.unit}"), signed(GRID_ONLY)
    ),
    ("GET", "/v1/risk-map/grid/{unit_id}/enterprises"): Row(
        url("/v1/risk-map/grid/{t.unit}/enterprises?limit=10"), signed(GRID_ONLY)
    ),
    ("GET", "/v1/scores/grid/{unit_id}"): Row(
        url("/v1/scores/grid/{t.unit}?day={day}"), signed(GRID_ONLY)
    ),
    ("GET", "/v1/scores/grid/{unit_id}/enterprises"): Row(
        url("/v1/scores/grid/{t.unit}/enterprises?day={day}&limit=10"), signed(GRID_ONLY)
    ),
    ("GET", "/v1/scores/grid/{unit_id}/trend"): Row(
        url("/v1/scores/grid/{t.unit}/trend?from={week}&to={day}"), signed(GRID_ONLY)
    ),
    ("GET", "/v1/scores/grid/{unit_id}/hazards"): Row(
        url("/v1/scores/grid/{t.unit}/hazards"), signed(GRID_ONLY)
    ),
    ("GET", "/v1/scores/lights"): Row(
        url("/v1/scores/lights?day={day}"),
        signed(everyone((200, "in scope"), (200, "blind"))),
        listed,
    ),
    ("GET", "/v1/scores/grid/{unit_id}/export.xlsx"): Row(
        url("/v1/scores/grid/{t.unit}/export.xlsx?day={day}"), signed(GRID_ONLY)
    ),
    ("GET", "/v1/scores/rewards"): Row(
        url("/v1/scores/rewards?month={day:%Y-%m}"),
        signed(
            {
                **dict.fromkeys((IN, R, A), (403, 403)),
                W: ((200, "own row"), (200, "own row")),
                M: ((200, "everyone"), (200, "everyone")),
            }
        ),
        rewards_of_own,
    ),
    ("GET", "/v1/scores/rewards.xlsx"): Row(
        url("/v1/scores/rewards.xlsx?month={day:%Y-%m}"),
        signed({**dict.fromkeys((W, IN, R, A), (403, 403)), M: (200, 200)}),
    ),
    ("GET", "/v1/scores/weights"): Row(
        url("/v1/scores/weights?day={day}"), signed(everyone(200, 200))
    ),
    ("PUT", "/v1/scores/weights"): Row(
        change_weights,
        signed({**dict.fromkeys((W, M, IN), (403, 403)), R: (200, 200), A: (200, 200)}),
    ),
    ("GET", "/v1/supervision/due.xlsx"): Row(
        url("/v1/supervision/due.xlsx?on={day}"),
        signed({**dict.fromkeys((W, M, A), (403, 403)), IN: (200, 200), R: (200, 200)}),
    ),
    ("GET", "/v1/exports/link"): Row(
        url("/v1/exports/link?doc=ranking&unit={t.unit}"), signed(GRID_ONLY)
    ),
    # The signature and the user it names now decide: a grid user's own unit, nothing else.
    ("GET", "/v1/exports/shared/{doc}.xlsx"): Row(
        export_link,
        {**dict.fromkeys((W, M, A, None), (404, 404)), IN: (200, 404), R: (200, 404)},
    ),
    ("GET", "/v1/supervision/due"): Row(
        url("/v1/supervision/due?on={day}"),
        signed(
            {
                **dict.fromkeys((W, M, A), (403, 403)),
                IN: ((200, "in scope"), (200, "blind")),
                R: ((200, "in scope"), (200, "blind")),
            }
        ),
        listed,
    ),
    ("POST", "/v1/import"): Row(
        import_file,
        signed({**dict.fromkeys((W, IN, R), (403, 403)), M: (200, 422), A: (200, 200)}),
    ),
    ("GET", "/v1/import/template.xlsx"): Row(
        url("/v1/import/template.xlsx"), signed(everyone(200, 200))
    ),
    ("GET", "/v1/export.xlsx"): Row(url("/v1/export.xlsx?tenant={t.tenant}"), signed(IN_SCOPE)),
    ("GET", "/v1/documents/post-cards.pdf"): Row(
        url("/v1/documents/post-cards.pdf?tenant={t.tenant}"), signed(TENANT_DOCS)
    ),
    ("GET", "/v1/documents/enterprise-cards.pdf"): Row(
        url("/v1/documents/enterprise-cards.pdf?tenant={t.tenant}"), signed(IN_SCOPE)
    ),
    ("GET", "/v1/documents/notice.pdf"): Row(
        url("/v1/documents/notice.pdf?hazard={t.hazard}"),
        signed({**everyone(200, 404), A: (404, 404)}),
    ),
    ("GET", "/v1/documents/notice-link"): Row(
        url("/v1/documents/notice-link?hazard={t.hazard}"),
        signed({**everyone(200, 404), A: (404, 404)}),
    ),
    # The signature is the permission: whoever holds a fresh link opens that one notice.
    ("GET", "/v1/documents/shared/notice.pdf"): Row(
        signed_link, {**everyone(200, 200), None: (200, 200)}
    ),
    ("GET", "/v1/documents/ledger.{fmt}"): Row(
        url("/v1/documents/ledger.xlsx?tenant={t.tenant}&from={week}&to={day}"),
        signed({**GRID_ONLY, M: (200, 404)}),
    ),
    ("GET", "/v1/documents/risk-ledger.xlsx"): Row(
        url("/v1/documents/risk-ledger.xlsx?tenant={t.tenant}"),
        signed({**GRID_ONLY, M: (200, 404)}),
    ),
    ("GET", "/v1/risk-loop/due"): Row(
        url("/v1/risk-loop/due?tenant={t.tenant}"),
        signed({**GRID_ONLY, M: (200, 404)}),
    ),
    ("GET", "/v1/documents/risk-ledger.pdf"): Row(
        url("/v1/documents/risk-ledger.pdf?tenant={t.tenant}"),
        signed({**GRID_ONLY, M: (200, 404)}),
    ),
    ("GET", "/v1/documents/risk-map.pdf"): Row(
        url("/v1/documents/risk-map.pdf?tenant={t.tenant}"),
        signed({**GRID_ONLY, M: (200, 404)}),
    ),
    ("GET", "/v1/documents/risk-map-link"): Row(
        url("/v1/documents/risk-map-link?tenant={t.tenant}&paper=A3"),
        signed({**GRID_ONLY, M: (200, 404)}),
    ),
    # The signature is the permission: whoever holds a fresh link opens that one picture.
    ("GET", "/v1/documents/shared/risk-map.pdf"): Row(
        signed_map_link, {**everyone(200, 200), None: (200, 200)}
    ),
    ("GET", "/v1/documents/risk-list.{fmt}"): Row(
        url("/v1/documents/risk-list.xlsx?tenant={t.tenant}"),
        signed({**GRID_ONLY, M: (200, 404)}),
    ),
    ("GET", "/v1/documents/check-list.{fmt}"): Row(
        url("/v1/documents/check-list.pdf?tenant={t.tenant}"),
        signed({**GRID_ONLY, M: (200, 404)}),
    ),
    ("GET", "/v1/documents/risk-cards.pdf"): Row(
        url("/v1/documents/risk-cards.pdf?tenant={t.tenant}"),
        signed({**GRID_ONLY, M: (200, 404)}),
    ),
    ("POST", "/v1/users/import"): Row(
        people_sheet,
        signed({**dict.fromkeys((W, IN, R), (403, 403)), M: (200, 422), A: (200, 200)}),
    ),
    # The template is the same blank sheet for whoever may import people.
    ("GET", "/v1/users/import/template.xlsx"): Row(
        url("/v1/users/import/template.xlsx"), signed({**MANAGERS, M: (200, 200)})
    ),
    # An admin's directory (names and ids, no records); everyone else has their reference data.
    ("GET", "/v1/users/enterprises"): Row(
        url("/v1/users/enterprises?q={t.tenant}"), signed(ADMIN_ONLY)
    ),
    ("GET", "/v1/users/grid-units"): Row(url("/v1/users/grid-units"), signed(ADMIN_ONLY)),
    ("GET", "/v1/users/enterprises/{tenant}/posts"): Row(
        url("/v1/users/enterprises/{t.tenant}/posts"), signed(ADMIN_ONLY)
    ),
    ("GET", "/v1/documents/check-ledger.{fmt}"): Row(
        url("/v1/documents/check-ledger.xlsx?tenant={t.tenant}&from={week}&to={day}"),
        signed({**GRID_ONLY, M: (200, 404)}),
    ),
    ("GET", "/health"): Row(url("/health"), {**everyone(200, 200), None: (200, 200)}),
    # The standards library is the city's, the same for everyone signed in.
    ("GET", "/v1/standards"): Row(url("/v1/standards"), signed(everyone(200, 200))),
    ("GET", "/v1/standards/{code}"): Row(url("/v1/standards/SX-09"), signed(everyone(200, 200))),
    ("GET", "/v1/standards.xlsx"): Row(url("/v1/standards.xlsx"), signed(everyone(200, 200))),
}


# --- the world -------------------------------------------------------------------------------

WHO: dict[str, Who] = {}
"""Filled by the ``world`` fixture: the records of each role's own and other enterprise."""
USERS = (
    "worker1",
    "manager1",
    "inspector1",
    "regulator1",
    "regulator2",
    "admin",
    "manager2",
    "outsider",
)
REGULATOR2: dict[str, Who] = {}
"""昌宁县's regulator: the warehouse is theirs, the kitchen (海港区) another county's."""


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """The demo city with 30 days of history, scored, plus a foreign city's enterprise."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(accounts, "_hasher", CHEAP_HASHER)
        patch.setattr(accounts, "_DUMMY_HASH", CHEAP_HASHER.hash("x"))
        settings = Settings(
            data_dir=tmp_path_factory.mktemp("access"),
            secret=SECRET,
            login_attempts_per_minute=10**6,
        )
        app = create_app(settings)
        with app.state.engine.begin() as conn:
            seed_demo(conn, history=True, today=TODAY)
            _foreign_city(conn)
            accounts.create_user(
                conn,
                user_id="matrix-cook",
                password="demo1234",
                actor_role=Role.WORKER,
                tenant=KITCHEN,
            )
        with TestClient(app) as client:
            world = World(app, client, {}, {}, {})
            _sign_everyone_in(world)
            _foreign_records(world)
            _risk_points(world)
            ScoringJob(app.state.engine, ScoringConfig(), SystemClock()).score_range(TODAY, TODAY)
            _cast(world)
            _devices(world)
            yield world
        app.state.engine.dispose()


def _foreign_city(conn: Connection) -> None:
    city = GridUnit(id=GridUnitId("C-ZZ"), name="外市", level=GridLevel.CITY)
    shop = Enterprise(
        id=FOREIGN,
        name="外市小吃店",
        credit_code=FOREIGN,
        grid_unit_id=GridUnitId("C-ZZ"),
        industry=Industry.CATERING,
        staff_count=4,
    )
    save_reference(conn, ReferenceSet(grid_unit=[city], enterprise=[shop]))
    accounts.create_user(
        conn, user_id="outsider", password="demo1234", actor_role=Role.WORKER, tenant=FOREIGN
    )


def _sign_everyone_in(world: World) -> None:
    for user in USERS:
        sessions = [
            world.client.post("/v1/auth/login", json={"username": user, "password": "demo1234"})
            for _ in range(3)
        ]
        world.tokens[user] = sessions[0].json()["access_token"]
        world.refresh[user] = [session.json()["refresh_token"] for session in sessions[1:]]


def _foreign_records(world: World) -> None:
    """A hazard with a photo in the foreign city's enterprise, as its worker sends it."""
    ask = a_photo(world, Who(W, "outsider", NOWHERE, NOWHERE), Records(FOREIGN, "", "", ""))
    _send(world, "outsider", "PUT", ask)
    sha = ask.url.split("/")[4]
    actor = Actor(user_id=UserId("outsider"), role=Role.WORKER, tenant=FOREIGN)
    photo = {"sha256": sha, "size": len(ask.content or b"")}
    event = Device("matrix-outsider", actor, tenant=FOREIGN).event(
        EventType.HAZARD_REPORTED,
        "YH-ZZ-1",
        base=0,
        payload={"title": "外市隐患", "photos": [photo]},
    )
    body = {"device_id": "matrix-outsider", "events": [event.model_dump(mode="json")]}
    _send(world, "outsider", "POST", Ask("/v1/sync/push", json=body))


def _records(app: FastAPI, tenant: str, unit: str, hazard: str) -> Records:
    with app.state.engine.connect() as conn:
        photo = conn.execute(
            select(blobs.c.sha256).where(blobs.c.tenant == tenant).order_by(blobs.c.sha256)
        ).scalar()
        inspection = conn.execute(
            select(events.c.aggregate_id)
            .where(events.c.tenant == tenant, events.c.aggregate_type == "inspection")
            .order_by(events.c.aggregate_id)
        ).scalar()
        post = conn.execute(
            select(reference.c.body)
            .where(reference.c.tenant == tenant, reference.c.kind == "post")
            .order_by(reference.c.id)
        ).scalar()
    assert photo is not None, f"no photo of {tenant} to ask for"
    found = Records(tenant, unit, hazard, photo)
    if inspection is not None:
        found = replace(found, inspection=inspection)
    if post is not None:
        found = replace(found, post=post["id"], card=post.get("card_id") or "CARD-NONE")
    return replace(found, risk=f"R-MX-{tenant}", risk_hazard=f"HX-{tenant}")


def _cast(world: World) -> None:
    """Each role's own and other records, and the workbooks an import sends."""
    kitchen = _records(world.app, KITCHEN, "V-DL", "YH-2026-0001")
    lathes = _records(world.app, LATHES, "Z-XC", "YH-2026-0004")
    warehouse = _records(world.app, WAREHOUSE, "X-CN", "YH-2026-0007")
    foreign = _records(world.app, FOREIGN, "C-ZZ", "YH-ZZ-1")
    cast = [
        Who(W, "worker1", kitchen, lathes),
        Who(M, "manager1", kitchen, lathes),
        Who(IN, "inspector1", replace(kitchen, unit="X-HG"), warehouse),
        Who(R, "regulator1", replace(kitchen, unit="C-QH"), foreign),
        Who(A, "admin", replace(kitchen, unit="C-QH"), replace(lathes, unit="C-ZZ")),
    ]
    with world.app.state.engine.connect() as conn:
        for who in cast:
            scope = visible_tenants(conn, load_actor(conn, who.username))
            WHO[who.role] = replace(who, scope=frozenset(scope))
        regulator2 = Who(
            R, "regulator2", replace(warehouse, unit="X-CN"), replace(kitchen, unit="X-HG")
        )
        scope = visible_tenants(conn, load_actor(conn, "regulator2"))
        REGULATOR2[R] = replace(regulator2, scope=frozenset(scope))
    assert KITCHEN in WHO[R].scope and FOREIGN not in WHO[R].scope
    assert WAREHOUSE in REGULATOR2[R].scope and KITCHEN not in REGULATOR2[R].scope
    for records in (kitchen, lathes, warehouse, foreign):
        ask = Ask(f"/v1/export.xlsx?tenant={records.tenant}")
        world.exports[records.tenant] = _send(world, "admin", "GET", ask).content


def _devices(world: World) -> None:
    """Every user's device is known to the server: each pushes one event."""
    for role, who in [*WHO.items(), *REGULATOR2.items()]:
        _send(world, who.username, "POST", report(world, who, who.own))
        assert role in ROLES
    manager2 = Who(M, "manager2", replace(NOWHERE, tenant=LATHES), NOWHERE)
    _send(world, "manager2", "POST", report(world, manager2, manager2.own))


def _risk_points(world: World) -> None:
    """One risk point identified on a phone in each enterprise the matrix asks about."""
    for tenant in (KITCHEN, LATHES, WAREHOUSE, FOREIGN):
        actor = Actor(user_id=UserId(f"mx-{tenant}"), role=Role.SAFETY_MANAGER, tenant=tenant)
        phone = Device(f"matrix-risk-{tenant}", actor, tenant=tenant)
        payload = {**PAYLOADS[EventType.RISK_IDENTIFIED], "post_id": None}
        event = phone.event(EventType.RISK_IDENTIFIED, f"R-MX-{tenant}", base=0, payload=payload)
        report = {**PAYLOADS[EventType.HAZARD_REPORTED], "risk_id": f"R-MX-{tenant}"}
        hazard = phone.event(EventType.HAZARD_REPORTED, f"HX-{tenant}", base=0, payload=report)
        batch = [event.model_dump(mode="json"), hazard.model_dump(mode="json")]
        # One open proposal per answer, so each answer the matrix permits is the first.
        proposed = {**PAYLOADS[EventType.RISK_PROPOSED], "post_id": None}
        for answer_kind in (EventType.RISK_PROPOSAL_CONFIRMED, EventType.RISK_PROPOSAL_DECLINED):
            made = phone.event(
                EventType.RISK_PROPOSED, _proposal_of(answer_kind, tenant), base=0, payload=proposed
            )
            batch.append(made.model_dump(mode="json"))
        with world.app.state.engine.begin() as conn:
            answer = merge.push(conn, actor, phone.name, batch)
        assert [r.status.value for r in answer.results] == ["accepted"] * 4, answer


def _proposal_of(kind: EventType, tenant: str) -> str:
    """The open risk proposal an answer of ``kind`` is tried on in the matrix."""
    return f"RPX-{kind.value.rsplit('.', 1)[1]}-{tenant}"


NOWHERE = Records("", "", "", "")


def _send(world: World, username: str | None, method: str, ask: Ask) -> Any:
    headers = {} if username is None else {"authorization": f"Bearer {world.tokens[username]}"}
    if ask.content is not None:
        headers["content-type"] = "application/octet-stream"
    return world.client.request(
        method, ask.url, headers=headers, json=ask.json, content=ask.content, files=ask.files
    )


# --- the tests -------------------------------------------------------------------------------


def test_every_operation_of_the_app_has_a_row_in_the_matrix(tmp_path):
    app = create_app(Settings(data_dir=tmp_path, secret=b"m" * 32))
    operations = {
        (method.upper(), path) for path, item in app.openapi()["paths"].items() for method in item
    }
    app.state.engine.dispose()
    assert operations == set(MATRIX)


CASES = [
    pytest.param(
        operation, role, side, id=f"{operation[0]} {operation[1]} · {role or 'anonymous'} · {side}"
    )
    for operation, row in MATRIX.items()
    for role in row.expect
    for side in ("own", "other")
]


@pytest.mark.parametrize(("operation", "role", "side"), CASES)
def test_each_role_gets_what_the_matrix_says(world, operation, role, side):
    method, _ = operation
    row = MATRIX[operation]
    who = WHO[role or W]
    target = who.own if side == "own" else who.other
    expected = row.expect[role][0 if side == "own" else 1]
    status, detail = expected if isinstance(expected, tuple) else (expected, None)

    answer = _send(
        world, None if role is None else who.username, method, row.build(world, who, target)
    )

    if row.after is not None:
        row.after(world, who, answer)
    assert answer.status_code == status, answer.text[:400]
    if detail is not None:
        assert row.detail is not None
        assert row.detail(answer.json(), who, target) == detail
    elif status >= 400 and method != "HEAD":
        assert answer.json()["code"] in CODES[status]


CODES = {
    401: {"auth.unauthenticated"},
    403: {"auth.not_permitted"},
    404: {"not_found"},
    422: {"import.rejected", "invalid_input"},
}


CITY_ONLY = {("PUT", "/v1/scores/weights")}
"""What only the city's regulator may do: the score's weights are the same for the whole city."""


def test_regulator2_gets_of_its_county_what_a_regulator_gets_and_nothing_of_haigang(world):
    who = REGULATOR2[R]
    failures = []
    for operation, row in MATRIX.items():
        if R not in row.expect:
            continue
        for side, target in (("own", who.own), ("other", who.other)):
            expected = row.expect[R][0 if side == "own" else 1]
            if operation in CITY_ONLY:
                expected = 403  # a county's regulator is not the city's
            status, detail = expected if isinstance(expected, tuple) else (expected, None)
            answer = _send(world, who.username, operation[0], row.build(world, who, target))
            if row.after is not None:
                row.after(world, who, answer)
            got: tuple[int, str | None] = (answer.status_code, None)
            if detail is not None and answer.status_code == 200 and row.detail is not None:
                got = (answer.status_code, row.detail(answer.json(), who, target))
            if got != (status, detail):
                failures.append((operation, side, got, (status, detail)))
    assert failures == []


# --- variants: the other query parameters that name records ----------------------------------


def supervision_raised(world: World, who: Who, target: Records) -> Ask:
    """The target's own export with its 监管类别 changed: a field only a regulator sets."""
    book = load_workbook(io.BytesIO(world.exports[target.tenant]))
    current = next(book["企业"].iter_rows(min_row=2, values_only=True))
    header = [cell.value for cell in book["企业"][1]]
    wanted = "D" if current[header.index("监管类别")] != "D" else "C"
    set_cell(book, "企业", 2, "监管类别", wanted)
    files = {"file": ("lists.xlsx", to_bytes(book), XLSX)}
    return Ask("/v1/import?dry_run=true", files=files)


def own_posts(world: World, who: Who, target: Records) -> Ask:
    """The post cards of one's own enterprise, naming the target's post."""
    return Ask(f"/v1/documents/post-cards.pdf?tenant={who.own.tenant}&post={target.post}")


VARIANTS: dict[str, tuple[tuple[str, str], Row]] = {
    "enterprise cards by grid unit": (
        ("GET", "/v1/documents/enterprise-cards.pdf"),
        Row(
            url("/v1/documents/enterprise-cards.pdf?grid_unit={t.unit}"),
            signed({W: (403, 403), M: (404, 404), IN: (200, 404), R: (200, 404), A: (200, 200)}),
        ),
    ),
    "ledger by grid unit": (
        ("GET", "/v1/documents/ledger.{fmt}"),
        Row(
            url("/v1/documents/ledger.xlsx?grid_unit={t.unit}&from={week}&to={day}"),
            signed({**GRID_ONLY, M: (404, 404)}),
        ),
    ),
    "ledger pdf by grid unit": (
        ("GET", "/v1/documents/ledger.{fmt}"),
        Row(
            url("/v1/documents/ledger.pdf?grid_unit={t.unit}&from={week}&to={day}"),
            signed({**GRID_ONLY, M: (404, 404)}),
        ),
    ),
    "notice of an inspection": (
        ("GET", "/v1/documents/notice.pdf"),
        Row(
            url("/v1/documents/notice.pdf?inspection={t.inspection}"),
            signed({**everyone(200, 404), A: (404, 404)}),
        ),
    ),
    "notice link of an inspection": (
        ("GET", "/v1/documents/notice-link"),
        Row(
            url("/v1/documents/notice-link?inspection={t.inspection}"),
            signed({**everyone(200, 404), A: (404, 404)}),
        ),
    ),
    "import changing the supervision class": (
        ("POST", "/v1/import"),
        Row(
            supervision_raised,
            signed({**dict.fromkeys((W, IN, R), (403, 403)), M: (422, 422), A: (200, 200)}),
        ),
    ),
    "post cards naming a post": (
        ("GET", "/v1/documents/post-cards.pdf"),
        Row(own_posts, signed({**dict.fromkeys((W, IN, R), (403, 403)), M: (200, 404)})),
    ),
}

VARIANT_CASES = [
    pytest.param(name, role, side, id=f"{name} · {role or 'anonymous'} · {side}")
    for name, (_, row) in VARIANTS.items()
    for role in row.expect
    for side in ("own", "other")
]


@pytest.mark.parametrize(("name", "role", "side"), VARIANT_CASES)
def test_each_role_gets_what_the_variants_say(world, name, role, side):
    (method, _), row = VARIANTS[name]
    who = WHO[role or W]
    target = who.own if side == "own" else who.other
    status = row.expect[role][0 if side == "own" else 1]
    answer = _send(
        world, None if role is None else who.username, method, row.build(world, who, target)
    )
    assert answer.status_code == status, answer.text[:400]
    if status >= 400:
        assert answer.json()["code"] in CODES[status]


# --- every event type by every role ----------------------------------------------------------

WIRE_PAYLOADS: dict[EventType, dict[str, Any]] = {
    **PAYLOADS,
    EventType.CONFLICT_RESOLVED: {"conflict_id": "edit_same_field:x", "reason": "核实"},
    EventType.INSPECTION_RECORDED: {"findings": [{"standard_item": "灭火器", "result": "fail"}]},
}


def any_event(who: Who, target: Records, kind: EventType) -> dict[str, Any]:
    """An event of ``kind`` on the target's records, made by ``who`` on their phone."""
    actor = Actor(user_id=UserId(who.username), role=Role(who.role), tenant=_tenant_of(who))
    phone = Device(
        f"matrix-{who.username}", actor, tenant=TenantId(target.tenant), seq=next(_PUSH_SEQS)
    )
    payload = WIRE_PAYLOADS.get(kind, {})
    aggregate = target.hazard
    if kind is EventType.HAZARD_REPORTED:
        aggregate = f"AX-{random.random()}"
    elif kind is EventType.CARD_SUBMITTED:
        item = {"result": "pass"}
        period = TODAY.isoformat()
        payload = {
            "post_id": target.post,
            "card_id": target.card,
            "card_version": 1,
            "period": period,
            "items": {"1": item},
            "started_at": f"{period}T08:00:00+08:00",
            "completed_at": f"{period}T08:05:00+08:00",
        }
        aggregate = card_instance_id(target.post, target.card, period)
    elif kind is EventType.INSPECTION_RECORDED:
        aggregate = f"IX-{random.random()}"
    elif kind is EventType.CARD_DEFINED:
        payload = {"post_id": target.post, "name": "岗位卡", "items": [CARD_ITEM]}
        aggregate = f"CX-{random.random()}"
    elif kind is EventType.WORKSHOP_DEFINED:
        post = {"id": f"PX-{random.random()}"[:40], "name": "收银岗"}
        payload = {"name": "前厅", "posts": [post]}
        aggregate = f"WX-{random.random()}"[:40]
    elif kind is EventType.POST_LOCATED:
        aggregate, payload = target.post, PAYLOADS[kind]
    elif AGGREGATE_OF[kind] in (AggregateType.RISK, AggregateType.RISK_LIST):
        aggregate, payload = _risk_event(kind, target)
    elif AGGREGATE_OF[kind] in (AggregateType.RISK_MAP, AggregateType.RISK_PROPOSAL):
        aggregate, payload = _map_or_proposal_event(kind, target)
    event = phone.event(kind, aggregate, base=1, payload=payload)
    return {"device_id": phone.name, "events": [event.model_dump(mode="json")]}


def _map_or_proposal_event(kind: EventType, target: Records) -> tuple[str, dict[str, Any]]:
    """A 四色图 or risk-proposal event valid on the target's records (so only the role decides)."""
    payload = dict(PAYLOADS[kind])
    if "risk_id" in payload:
        payload["risk_id"] = target.risk
    if AGGREGATE_OF[kind] is AggregateType.RISK_MAP:
        return risk_map_id(target.tenant), payload
    if kind is EventType.RISK_PROPOSED:
        return f"RPX-{random.random()}", {**payload, "post_id": None}
    return _proposal_of(kind, target.tenant), payload


def _risk_event(kind: EventType, target: Records) -> tuple[str, dict[str, Any]]:
    """A risk event that is valid on the target's risk point (so only the role decides)."""
    payload = dict(PAYLOADS[kind])
    if kind is EventType.RISK_IDENTIFIED:
        return f"RX-{random.random()}", {**payload, "post_id": None}
    if kind is EventType.RISK_MEASURE_ADDED:
        payload = {**payload, "measure_id": f"MX-{random.random()}", "checks": []}
    elif kind is EventType.RISK_REASSESSED:
        payload = {**payload, "hazard_id": target.risk_hazard}
    elif kind is EventType.RISK_LIST_REVIEWED:
        payload = {**payload, "results": {target.risk: {"result": "unchanged"}}}
        return f"VX-{random.random()}", payload
    return target.risk, payload


EVENT_CASES = [
    pytest.param(kind, role, side, id=f"{kind.value} · {role} · {side}")
    for kind in EventType
    for role in ROLES
    for side in ("own", "other")
]


@pytest.mark.parametrize(("kind", "role", "side"), EVENT_CASES)
def test_every_event_type_pushed_by_every_role_is_taken_only_from_a_permitted_role_in_scope(
    world, kind, role, side
):
    who = WHO[role]
    target = who.own if side == "own" else who.other
    permitted = Role(role) in PERMITTED_ROLES[kind] and side == "own"
    ask = Ask("/v1/sync/push", json=any_event(who, target, kind))
    answer = _send(world, who.username, "POST", ask)
    assert answer.status_code == 200, answer.text[:400]
    [result] = answer.json()["results"]
    if permitted:
        assert result["status"] == "accepted", result
    else:
        assert (result["status"], result["code"]) == ("rejected", "auth.not_permitted"), result


@pytest.mark.parametrize("username", ["worker1", "manager1", "inspector1", "regulator1", "admin"])
@pytest.mark.parametrize("with_event", [False, True], ids=["empty batch", "own event"])
def test_no_role_may_push_under_another_users_device_id(world, username, with_event):
    # matrix-outsider was registered by the outsider's push when the world was made.
    who = WHO[{"worker1": W, "manager1": M, "inspector1": IN, "regulator1": R}.get(username, A)]
    batch = report(world, who, who.own).json["events"] if with_event else []
    ask = Ask("/v1/sync/push", json={"device_id": "matrix-outsider", "events": batch})
    answer = _send(world, username, "POST", ask)
    assert (answer.status_code, answer.json()["code"]) == (403, "sync.device_of_another_user")
    status = _send(world, "outsider", "GET", Ask("/v1/devices/matrix-outsider"))
    assert (status.status_code, status.json()["max_seq"], status.json()["missing_seqs"]) == (
        200,
        1,
        [],
    )
