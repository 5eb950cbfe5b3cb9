"""The generated city of bench/city.py: the real city's proportions, and a city that builds."""

from __future__ import annotations

import pytest

pytest.importorskip("sqlalchemy", reason="needs the server; the phone profile has none")

from bench.city import CITY, Bench, Grid, build_city
from shared.ids import GridUnitId, UserId
from shared.roles import Actor, Role
from sync_server.scope import visible_tenants
from sync_server.settings import Settings


@pytest.mark.parametrize(
    ("enterprises", "townships", "villages"),
    [(50_000, 151, 1852), (10_000, 30, 370), (1_000, 10, 37)],
)
def test_the_grid_has_the_real_citys_proportions_with_ten_counties(
    enterprises, townships, villages
):
    grid = Grid.for_city(enterprises)
    assert (len(grid.counties), len(grid.townships), len(grid.villages)) == (
        10,
        townships,
        villages,
    )


def test_a_small_city_builds_with_its_paths_and_scores(tmp_path):
    city = build_city(None, tmp_path, 40, 1)
    try:
        town = Actor(
            user_id=UserId("i"), role=Role.INSPECTOR, grid_unit=GridUnitId(city.grid.townships[0])
        )
        everyone = Actor(user_id=UserId("r"), role=Role.REGULATOR, grid_unit=GridUnitId(CITY))
        with city.engine.connect() as conn:
            assert len(visible_tenants(conn, everyone)) == 40
            assert len(visible_tenants(conn, town)) == 4  # 40 over 10 townships
        assert city.stored_events > 0
    finally:
        city.engine.dispose()


def test_a_city_without_history_measures_the_regulators_reference_alone(tmp_path):
    city = build_city(None, tmp_path, 40, 1, history=False)
    try:
        assert city.stored_events == 0
        found = Bench(city, Settings(data_dir=tmp_path)).regulator_reference()
        assert str(found["regulator `/v1/reference` first sync: pages, bytes"]).startswith("1, ")
        assert len(found) == 3
    finally:
        city.engine.dispose()
