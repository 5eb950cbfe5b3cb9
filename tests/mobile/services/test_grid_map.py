"""The regulator's map without tiles: enterprises projected from 纬度/经度 onto a plain canvas."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mobile.services.grid_map import project

W, H, M = 300.0, 200.0, 20.0
SHRINK = math.cos(math.radians(40.0))  # a degree of longitude at 40°N, in degrees of latitude


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        pytest.param([], [], id="nothing to draw"),
        pytest.param([(39.9, 119.6)], [(150.0, 100.0)], id="one point sits in the middle"),
        pytest.param(
            [(39.9, 119.6), (39.9, 119.6)], [(150.0, 100.0)] * 2, id="points in one place too"
        ),
        pytest.param(
            [(40.1, 119.0), (39.9, 119.0)],
            [(150.0, 20.0), (150.0, 180.0)],
            id="north is up and a north-south pair fills the height",
        ),
        pytest.param(
            [(40.0, 119.0), (40.0, 119.0 + 0.1 / SHRINK)],
            [(20.0, 100.0), (280.0, 100.0)],
            id="an east-west pair fills the width, east on the right",
        ),
        pytest.param(
            [(40.05, 119.0), (39.95, 119.0 + 0.1 / SHRINK)],
            [(70.0, 20.0), (230.0, 180.0)],
            id="a square box keeps its shape, centred across",
        ),
    ],
)
def test_projection(points, expected):
    got = project(points, W, H, M)
    assert got == [pytest.approx(spot, abs=0.5) for spot in expected]


coordinate = st.tuples(
    st.floats(min_value=18, max_value=54, allow_nan=False),
    st.floats(min_value=73, max_value=135, allow_nan=False),
)


@given(st.lists(coordinate, min_size=1, max_size=30))
def test_every_point_lands_inside_the_margin(points):
    for x, y in project(points, W, H, M):
        assert M - 1e-6 <= x <= W - M + 1e-6
        assert M - 1e-6 <= y <= H - M + 1e-6
