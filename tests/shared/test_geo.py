"""The 200 m check: a scan far from its post is suspect, an unknown position never is."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from shared.geo import NEAR_POST_M, Position, distance_m, far_from_post

STOVE = Position(latitude=39.9350, longitude=119.6000)  # a kitchen in 海港区, 秦皇岛
TIANANMEN = Position(latitude=39.9087, longitude=116.3975)
QINHUANGDAO = Position(latitude=39.9390, longitude=119.5929)  # the railway station


def north_of(point: Position, metres: float, accuracy_m: float = 0.0) -> Position:
    """A point ``metres`` due north (one degree of latitude is about 111,195 m)."""
    return Position(
        latitude=point.latitude + metres / 111_195.0,
        longitude=point.longitude,
        accuracy_m=accuracy_m,
    )


@pytest.mark.parametrize(
    ("a", "b", "metres"),
    [
        (STOVE, STOVE, 0.0),
        (STOVE, north_of(STOVE, 150), 150.0),
        (STOVE, north_of(STOVE, 2000), 2000.0),
        (TIANANMEN, QINHUANGDAO, 272_500.0),  # about 272 km
        # across the antimeridian: 0.2° of longitude on the equator, not 359.8°
        (Position(latitude=0, longitude=179.9), Position(latitude=0, longitude=-179.9), 22_239.0),
    ],
)  # fmt: skip
def test_distance_is_the_great_circle_in_metres(a, b, metres):
    assert distance_m(a, b) == pytest.approx(metres, rel=0.005, abs=0.5)


@pytest.mark.parametrize(
    ("scanned_at", "post", "far"),
    [
        (north_of(STOVE, 10), STOVE, False),  # at the post
        (north_of(STOVE, 199), STOVE, False),
        (north_of(STOVE, 201), STOVE, True),  # just beyond 200 m
        (north_of(STOVE, 5000), STOVE, True),  # from home
        # a vague fix is given the benefit: 350 m ± 200 m may have been within 200 m
        (north_of(STOVE, 350, accuracy_m=200), STOVE, False),
        (north_of(STOVE, 350, accuracy_m=100), STOVE, True),
        # unknown never counts against anyone
        (None, STOVE, None),  # the worker did not allow location
        (north_of(STOVE, 5000), None, None),  # the post has no coordinates
        (None, None, None),
    ],
)
def test_a_scan_is_far_from_its_post_only_beyond_200_m_and_unknown_without_both(
    scanned_at, post, far
):
    assert far_from_post(scanned_at, post) is far


@pytest.mark.parametrize(
    "fields",
    [
        {"latitude": 91, "longitude": 0},
        {"latitude": 0, "longitude": -181},
        {"latitude": float("nan"), "longitude": 0},
        {"latitude": 0, "longitude": 0, "accuracy_m": -1},
        {"latitude": 0, "longitude": 0, "accuracy_m": 20_000},  # a cell-tower guess
    ],
    ids=["latitude", "longitude", "nan", "negative accuracy", "vague"],
)
def test_a_position_out_of_range_is_refused(fields):
    with pytest.raises(ValidationError):
        Position(**fields)


coordinates = st.builds(
    Position,
    latitude=st.floats(-89.9, 89.9),
    longitude=st.floats(-180, 180),
)


@given(coordinates, coordinates)
def test_distance_is_symmetric_and_never_negative(a, b):
    assert distance_m(a, b) == pytest.approx(distance_m(b, a), abs=1e-6)
    assert 0 <= distance_m(a, b) <= 20_040_000  # half the circumference


@given(coordinates, st.floats(0, NEAR_POST_M - 1))
def test_a_point_within_the_limit_is_never_far(post, metres):
    near = north_of(
        Position(latitude=max(-89, min(89, post.latitude)), longitude=post.longitude), 0
    )
    assert not far_from_post(north_of(near, metres), near)
