"""What each role's reference data holds: a regulator the grid and the enterprises alone.

A regulator's screens read the server's aggregates, and an enterprise's details from the
profile routes on demand, so the city's workshops, posts, cards and risk points stay on the
server; an inspector and a worker keep theirs (their scope). On SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from shared.ids import GridUnitId, TenantId, UserId
from shared.roles import Actor, Role
from sync_server import reference_feed
from sync_server.accounts import create_user
from sync_server.db import make_engine
from sync_server.demo import demo_reference
from sync_server.lists.model import ReferenceSet
from sync_server.lists.store import save_reference
from tests.sync_server.builders import PASSWORD, login

SECRET = b"s" * 32
REGULATOR = Actor(user_id=UserId("r"), role=Role.REGULATOR, grid_unit=GridUnitId("C-QH"))
INSPECTOR = Actor(user_id=UserId("i"), role=Role.INSPECTOR, grid_unit=GridUnitId("Z-JA"))
HOME = TenantId("91130322MA0DEM0047")  # registered in Z-JA
WORKER = Actor(user_id=UserId("w"), role=Role.WORKER, tenant=HOME)
DETAILS = {"workshop", "post", "card", "risk_point"}


@pytest.fixture
def engine(settings):
    engine = make_engine(settings)
    with engine.begin() as conn:
        save_reference(conn, demo_reference())
    yield engine
    engine.dispose()


def page(engine: Engine, actor: Actor, cursor: str | None = None) -> dict[str, Any]:
    with engine.connect() as conn:
        return reference_feed.reference_page(conn, actor, cursor, reference_feed.MAX_PAGE, SECRET)


def kinds(answer: dict[str, Any]) -> set[str]:
    """The kinds of rows an answer carries (not its cursor, keys and flags)."""
    return {
        kind
        for kind, rows in answer.items()
        if isinstance(rows, list) and rows and kind != "person"
    }


@pytest.mark.parametrize(
    ("actor", "held"),
    [
        (REGULATOR, {"grid_unit", "enterprise"}),
        (INSPECTOR, {"grid_unit", "enterprise", *DETAILS}),
        (WORKER, {"grid_unit", "enterprise", *DETAILS}),
    ],
    ids=["regulator", "inspector", "worker"],
)
def test_each_role_is_sent_the_kinds_of_reference_rows_its_screens_read(engine, actor, held):
    assert kinds(page(engine, actor)) == held


def test_a_regulator_gets_every_enterprise_and_unit_of_the_city_with_names_and_units(engine):
    answer = page(engine, REGULATOR)
    city = demo_reference()
    assert sorted(row["id"] for row in answer["enterprise"]) == sorted(
        e.id for e in city.enterprise
    )
    assert all(row["name"] and row["grid_unit_id"] for row in answer["enterprise"])
    assert len(answer["grid_unit"]) == len(city.grid_unit)
    assert answer["qr_keys"] == {}  # a regulator scans no post
    assert sorted(page(engine, INSPECTOR)["qr_keys"]) == sorted(
        e.id for e in city.enterprise if e.grid_unit_id in ("Z-JA", "V-JA")
    )


def test_a_delta_after_a_card_changes_sends_the_regulator_nothing_and_the_inspector_the_card(
    engine,
):
    first = {actor.role: page(engine, actor) for actor in (REGULATOR, INSPECTOR)}
    card = next(c for c in demo_reference().card if c.tenant == HOME)
    changed = ReferenceSet()
    changed.card = [card.model_copy(update={"name": "改过的检查卡"})]
    with engine.begin() as conn:
        save_reference(conn, changed)
    quiet = page(engine, REGULATOR, first[Role.REGULATOR]["cursor"])
    assert (quiet["full"], kinds(quiet), quiet["has_more"]) == (False, set(), False)
    seen = page(engine, INSPECTOR, first[Role.INSPECTOR]["cursor"])
    assert [row["name"] for row in seen["card"]] == ["改过的检查卡"]


def test_a_regulators_cursor_of_before_gets_a_full_answer_to_drop_the_details_it_held(engine):
    old_key = hashlib.sha256(b"regulator||C-QH").hexdigest()[:12]
    answer = page(engine, REGULATOR, f"r1.1.{old_key}")
    assert answer["full"] is True
    assert kinds(answer) == {"grid_unit", "enterprise"}


def signed_in(client: TestClient, user: str, role: Role, unit: str) -> dict[str, str]:
    with client.app.state.engine.begin() as conn:  # type: ignore[attr-defined]
        create_user(conn, user_id=user, password=PASSWORD, actor_role=role, grid_unit=unit)
    return {"authorization": f"Bearer {login(client, user)}"}


def test_a_regulator_reads_an_enterprises_risk_points_from_the_profile_route(client):
    with client.app.state.engine.begin() as conn:
        save_reference(conn, demo_reference())
    points = sorted(p.id for p in demo_reference().risk_point if p.tenant == HOME)
    assert points  # the demo enterprise has some
    regulator = signed_in(client, "regulator9", Role.REGULATOR, "C-QH")
    answer = client.get(f"/v1/scores/enterprises/{HOME}/risk-points", headers=regulator)
    assert answer.status_code == 200, answer.text
    assert [row["id"] for row in answer.json()] == points
    elsewhere = signed_in(client, "inspector9", Role.INSPECTOR, "Z-SM")
    hidden = client.get(f"/v1/scores/enterprises/{HOME}/risk-points", headers=elsewhere)
    assert hidden.status_code == 404  # outside the scope: as if it did not exist
