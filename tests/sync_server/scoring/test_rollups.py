"""Grid rollups: written by the scoring job, read by the city's dashboards, bounded answers.

A city of 25 enterprises in two counties (and a county with none), scored by the real job;
a day of stored history before it spreads the month scores so the ranking has an order.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, func, insert, select

from shared.ids import GridUnitId, TenantId
from shared.org import Enterprise, GridLevel, GridUnit, Industry, is_within
from shared.roles import Role
from sync_server.accounts import create_user
from sync_server.clock import FakeClock
from sync_server.schema import daily_scores, grid_rollups, reference
from sync_server.scoring.config import ScoringConfig
from sync_server.scoring.job import ScoringJob
from sync_server.scoring.views import RANKED_SHOWN
from tests.sync_server.builders import credit_code, login
from tests.sync_server.scoring_world import app_engine

CITY = GridUnitId("RC")
EAST, WEST, EMPTY = GridUnitId("RX-E"), GridUnitId("RX-W"), GridUnitId("RX-0")
VILLAGES = {GridUnitId("RV-E1"): EAST, GridUnitId("RV-E2"): EAST, GridUnitId("RV-W1"): WEST}
COUNT = 25
DAY = date(2026, 5, 11)
PASSWORD = "demo1234"


def tenant(index: int) -> TenantId:
    return TenantId(f"RT-{index:02d}")


def village(index: int) -> GridUnitId:
    return sorted(VILLAGES)[index % len(VILLAGES)]


def seed_city(engine: Engine) -> None:
    """The grid, the enterprises (no accounts, no events), a regulator, yesterday's totals."""
    grid = [
        GridUnit(id=CITY, name="汇总市", level=GridLevel.CITY),
        *(
            GridUnit(id=u, name=f"汇总区{u}", level=GridLevel.COUNTY, parent_id=CITY)
            for u in (EAST, WEST, EMPTY)
        ),
        *(
            GridUnit(id=v, name=f"汇总村{v}", level=GridLevel.VILLAGE, parent_id=p)
            for v, p in VILLAGES.items()
        ),
    ]
    with engine.begin() as conn:
        for unit in grid:
            conn.execute(
                insert(reference).values(
                    kind="grid_unit", id=unit.id, tenant=None, body=unit.model_dump(mode="json")
                )
            )
        for index in range(COUNT):
            company = Enterprise(
                id=tenant(index),
                name=f"汇总企业{index}",
                credit_code=credit_code(f"91130300MB{index + 10:07d}"),
                grid_unit_id=village(index),
                industry=Industry.MANUFACTURING,
                staff_count=10,
            )
            conn.execute(
                insert(reference).values(
                    kind="enterprise",
                    id=company.id,
                    tenant=company.id,
                    body=company.model_dump(mode="json"),
                )
            )
        create_user(
            conn, user_id="regulator", password=PASSWORD, actor_role=Role.REGULATOR, grid_unit=CITY
        )
        create_user(
            conn, user_id="inspector", password=PASSWORD, actor_role=Role.INSPECTOR, grid_unit=EAST
        )
        yesterday = DAY - timedelta(days=1)
        conn.execute(
            insert(daily_scores),
            [
                {
                    "tenant": tenant(index),
                    "day": yesterday,
                    "grid_unit": village(index),
                    "total": 40.0 + 2 * index,  # spreads the month scores: RT-24 ranks first
                    "tier": "red",
                    "month_score": 40.0 + 2 * index,
                    "light": None,
                    "lights": [],
                    "ranks": {},
                    "body": {"components": [], "deductions": []},
                    "facts": {},
                    "computed_at": datetime(2026, 5, 10, tzinfo=UTC),
                }
                for index in range(COUNT)
            ],
        )


@pytest.fixture
def city(client: TestClient) -> TestClient:
    engine = app_engine(client.app)  # type: ignore[arg-type]
    seed_city(engine)
    clock = FakeClock(datetime(2026, 5, 12, 1, tzinfo=UTC))
    ScoringJob(engine, ScoringConfig(), clock).score_day(DAY)
    return client


def get(client: TestClient, username: str, path: str) -> tuple[int, object]:
    token = login(client, username, PASSWORD)
    answer = client.get(path, headers={"authorization": f"Bearer {token}"})
    return answer.status_code, answer.json()


def test_every_unit_sums_the_enterprises_at_or_below_it(city):
    engine = app_engine(city.app)
    with engine.connect() as conn:
        scores = conn.execute(select(daily_scores).where(daily_scores.c.day == DAY)).all()
        rollups = {r.unit: r for r in conn.execute(select(grid_rollups))}
        units = {
            GridUnitId(r.id): GridUnit.model_validate(r.body)
            for r in conn.execute(select(reference).where(reference.c.kind == "grid_unit"))
        }
    assert set(rollups) == set(units)  # every unit, those without enterprises too
    for unit, row in rollups.items():
        inside = [s for s in scores if is_within(GridUnitId(s.grid_unit), unit, units)]
        assert row.enterprises == len(inside)
        assert row.sum_month_score == pytest.approx(sum(s.month_score for s in inside))
        assert row.red == sum(1 for s in inside if s.light == "red")
        assert sum(row.tiers.values()) == len(inside)
        cards = [s.facts["card_outcomes_30d"] for s in inside]
        assert row.cards_missed == sum(c["missed"] for c in cards)
        assert row.parent == units[unit].parent_id
    assert rollups[CITY].enterprises == COUNT and rollups[EMPTY].enterprises == 0


def test_the_city_answers_its_child_units_and_a_bounded_best_and_worst(city):
    status, view = get(city, "regulator", f"/v1/scores/grid/{CITY}")
    assert status == 200 and isinstance(view, dict)
    assert view["summary"]["enterprises"] == COUNT
    children = {c["unit"]["id"]: c["enterprises"] for c in view["children"]}
    assert children == {EAST: 17, WEST: 8, EMPTY: 0}
    half = RANKED_SHOWN // 2
    assert [e["tenant"] for e in view["best"]] == [tenant(i) for i in range(24, 24 - half, -1)]
    assert [e["tenant"] for e in view["worst"]] == [tenant(i) for i in range(half - 1, -1, -1)]
    assert [e["ranks"][CITY][0] for e in view["best"]] == list(range(1, half + 1))
    assert len(view["lit"]) <= 50


def test_a_units_ranking_pages_through_every_enterprise_once_best_first(city):
    seen, offset = [], 0
    while offset is not None:
        status, page = get(
            city, "regulator", f"/v1/scores/grid/{EAST}/enterprises?limit=7&offset={offset}"
        )
        assert status == 200 and isinstance(page, dict)
        assert len(page["enterprises"]) <= 7 and page["total"] == 17
        seen += [e["tenant"] for e in page["enterprises"]]
        offset = page["next_offset"]
    expected = sorted(
        (tenant(i) for i in range(COUNT) if VILLAGES[village(i)] == EAST), reverse=True
    )
    assert seen == expected  # month scores rise with the index


@pytest.mark.parametrize(
    ("username", "path", "status"),
    [
        ("inspector", f"/v1/scores/grid/{EAST}/enterprises", 200),
        ("inspector", f"/v1/scores/grid/{WEST}/enterprises", 404),  # beside their unit
        ("inspector", f"/v1/scores/grid/{CITY}/enterprises", 404),  # above it
        ("regulator", "/v1/scores/grid/RV-NONE/enterprises", 404),
        ("regulator", f"/v1/scores/grid/{EAST}/enterprises?limit=51", 422),
        ("regulator", f"/v1/scores/grid/{EAST}/enterprises?offset=-1", 422),
    ],
)
def test_a_units_ranking_is_for_the_grid_roles_within_it_and_pages_are_bounded(
    city, username, path, status
):
    assert get(city, username, path)[0] == status


def test_scoring_a_day_again_replaces_its_rollups(city):
    engine = app_engine(city.app)
    ScoringJob(engine, ScoringConfig(), FakeClock(datetime(2026, 5, 12, 2, tzinfo=UTC))).score_day(
        DAY, force=True
    )
    with engine.connect() as conn:
        rows = conn.execute(
            select(func.count()).select_from(grid_rollups).where(grid_rollups.c.day == DAY)
        ).scalar()
        city_row = conn.execute(
            select(grid_rollups).where(grid_rollups.c.day == DAY, grid_rollups.c.unit == CITY)
        ).one()
    assert rows == 1 + 3 + len(VILLAGES) and city_row.enterprises == COUNT


def test_a_day_scored_before_rollups_existed_gets_them_from_its_stored_rows(city):
    engine = app_engine(city.app)
    with engine.begin() as conn:
        kept = {r.unit: r.enterprises for r in conn.execute(select(grid_rollups))}
        conn.execute(delete(grid_rollups))
    job = ScoringJob(engine, ScoringConfig(), FakeClock(datetime(2026, 5, 13, 1, tzinfo=UTC)))

    assert job.roll_up_missing() == [DAY]
    assert job.roll_up_missing() == []  # once
    with engine.connect() as conn:
        assert {r.unit: r.enterprises for r in conn.execute(select(grid_rollups))} == kept
