"""The regulator's map of a grid unit: each enterprise where it is, by risk colour and light.

``GET /v1/risk-map/grid/{unit}/enterprises`` pages a unit's enterprises by grid path, then
credit code, with their position (typed, else the centre of their located posts), highest risk
colour and light. Runs on SQLite and PostgreSQL like every server test.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select, update

from shared.events import EventType
from shared.geo import Position
from shared.ids import UserId
from shared.roles import Actor, Role
from sync_server.clock import SystemClock
from sync_server.demo import KITCHEN, LATHES, seed_demo
from sync_server.demo.city import ENTERPRISES, POSITIONS
from sync_server.grid_map import centre
from sync_server.schema import daily_scores, reference
from sync_server.scoring.config import ScoringConfig
from sync_server.scoring.job import ScoringJob
from tests.factories import Device
from tests.sync_server.test_defined_cards import push, sign_in

E = EventType
ENTERPRISE_UNITS: dict[str, str] = {e.id: e.grid_unit_id for e in ENTERPRISES}
LATHE_MANAGER = Actor(user_id=UserId("manager2"), role=Role.SAFETY_MANAGER, tenant=LATHES)


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def pins(client: Any, who: str, unit: str, query: str = "") -> Any:
    answer = client.get(
        f"/v1/risk-map/grid/{unit}/enterprises{query}", headers=sign_in(client, who)
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_the_regulator_sees_every_enterprise_of_the_city_where_it_was_typed(world, client):
    answer = pins(client, "regulator1", "C-QH")
    assert (answer["unit"], answer["name"], answer["total"]) == ("C-QH", "秦海市", 12)
    assert answer["next_offset"] is None
    found = {p["tenant"]: p for p in answer["enterprises"]}
    assert set(found) == {e.id for e in ENTERPRISES}
    for tenant, (latitude, longitude) in POSITIONS.items():
        assert (found[tenant]["latitude"], found[tenant]["longitude"]) == (latitude, longitude)
        assert found[tenant]["placed"] == "typed"
    assert found[KITCHEN]["highest"] == "orange"  # the imported gas point
    assert found[KITCHEN]["name"] == "海港区老街小厨餐馆"
    assert {p["highest"] for p in found.values()} <= {"red", "orange", "yellow", "blue", "none"}


def test_an_inspector_sees_only_the_enterprises_of_a_unit_within_their_own(world, client):
    answer = pins(client, "inspector1", "X-HG")
    assert {p["tenant"] for p in answer["enterprises"]} == {KITCHEN, LATHES}
    assert [p["tenant"] for p in pins(client, "inspector1", "V-DL")["enterprises"]] == [KITCHEN]
    elsewhere = client.get(
        "/v1/risk-map/grid/X-CN/enterprises", headers=sign_in(client, "inspector1")
    )
    assert elsewhere.status_code == 404


def test_pages_by_grid_path_then_credit_code_cover_the_unit_once(world, client):
    seen: list[str] = []
    query = "?limit=5"
    while True:
        page = pins(client, "regulator1", "C-QH", query)
        seen += [p["tenant"] for p in page["enterprises"]]
        if page["next_offset"] is None:
            break
        query = f"?limit=5&offset={page['next_offset']}"
    assert sorted(seen) == sorted(e.id for e in ENTERPRISES)
    units = [ENTERPRISE_UNITS[t] for t in seen]
    assert all(units.index(u) == i or units[i - 1] == u for i, u in enumerate(units))  # together


def test_an_enterprise_with_no_typed_position_sits_at_the_centre_of_its_located_posts(
    world, client
):
    with world.state.engine.begin() as conn:
        body = conn.execute(
            select(reference.c.body).where(
                reference.c.kind == "enterprise", reference.c.id == LATHES
            )
        ).scalar_one()
        conn.execute(
            update(reference)
            .where(reference.c.kind == "enterprise", reference.c.id == LATHES)
            .values(body={**body, "latitude": None, "longitude": None})
        )
    lathes = next(
        p for p in pins(client, "inspector1", "X-HG")["enterprises"] if p["tenant"] == LATHES
    )
    assert (lathes["latitude"], lathes["longitude"], lathes["placed"]) == (None, None, None)

    phone = Device("phone-l", LATHE_MANAGER, tenant=LATHES)
    located = [
        phone.event(
            E.POST_LOCATED, "P-LATHE-1", base=0, payload={"latitude": 39.91, "longitude": 119.56}
        ),
        phone.event(
            E.POST_LOCATED, "P-LATHE-2", base=0, payload={"latitude": 39.92, "longitude": 119.58}
        ),
    ]
    assert push(client, "manager2", "phone-l", located) == [("accepted", None)] * 2
    lathes = next(
        p for p in pins(client, "inspector1", "X-HG")["enterprises"] if p["tenant"] == LATHES
    )
    assert lathes["placed"] == "posts"
    assert lathes["latitude"] == pytest.approx(39.915)
    assert lathes["longitude"] == pytest.approx(119.57)


@pytest.mark.parametrize(("who", "status"), [("worker1", 403), ("manager1", 403), ("admin", 403)])
def test_the_map_is_for_the_grid_s_people_only(world, client, who, status):
    answer = client.get("/v1/risk-map/grid/C-QH/enterprises", headers=sign_in(client, who))
    assert answer.status_code == status


@pytest.mark.parametrize(
    ("posts", "expected"),
    [
        pytest.param([], None, id="no located post places nothing"),
        pytest.param([(39.9, 119.6)], (39.9, 119.6), id="one post is the spot"),
        pytest.param([(39.9, 119.6), (39.8, 119.4)], (39.85, 119.5), id="two posts, midway"),
    ],
)
def test_the_centre_of_posts(posts, expected):
    found = centre([Position(latitude=a, longitude=b) for a, b in posts])
    got = None if found is None else (found.latitude, found.longitude)
    assert got == (pytest.approx(expected) if expected else None)


def test_each_enterprise_carries_its_light_of_the_last_scored_day(world, client):
    assert pins(client, "regulator1", "C-QH")["day"] is None  # nothing scored yet: no lights
    day = date(2026, 11, 28)
    ScoringJob(world.state.engine, ScoringConfig(), SystemClock()).score_range(day, day)
    with world.state.engine.connect() as conn:
        stored = dict(
            conn.execute(
                select(daily_scores.c.tenant, daily_scores.c.light).where(daily_scores.c.day == day)
            ).all()
        )
    answer = pins(client, "regulator1", "C-QH")
    assert answer["day"] == day.isoformat()
    assert {p["tenant"]: p["light"] for p in answer["enterprises"]} == stored
    assert set(stored.values()) - {None}, stored  # some enterprise is lit on the day
