"""A regulator's city: breadcrumbs, the way up, risk colours, hazard lines, days, reads."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from mobile.services.city import (
    HazardLine,
    day_in,
    grid_of,
    hazard_lines,
    lit_of,
    load_city_day,
    load_lights,
    neighbours,
    parent_in_scope,
    ranking_of,
    ranking_window,
    trail,
    trend_points,
    with_day,
)
from mobile.store import MemoryStore
from mobile.sync.errors import Offline
from mobile.sync.reads import Fetched
from shared.ids import GridUnitId
from shared.lifecycle import HazardStatus
from sync_server.demo import demo_reference
from tests.mobile.world import load_reference

U = GridUnitId


@pytest.fixture(scope="module")
def city() -> MemoryStore:
    """A regulator's phone after the first sync: every demo enterprise's reference data."""
    store = MemoryStore(device_id="regulator-phone")
    load_reference(store, tuple(e.id for e in demo_reference().enterprise))
    return store


@pytest.mark.parametrize(
    ("unit", "scope", "names"),
    [
        ("C-QH", "C-QH", ["秦海市"]),
        ("V-JA", "C-QH", ["秦海市", "昌宁县", "靖安镇", "靖安村"]),
        ("V-JA", "X-CN", ["昌宁县", "靖安镇", "靖安村"]),  # a county regulator starts there
        ("V-DL", "X-CN", ["昌宁县"]),  # another county's village: only the scope
        ("NOWHERE", "C-QH", ["秦海市"]),
        ("C-QH", "UNKNOWN", []),
    ],
)
def test_breadcrumbs_run_from_the_users_own_unit_down_to_the_unit_shown(city, unit, scope, names):
    assert [u.name for u in trail(U(unit), U(scope), grid_of(city))] == names


@pytest.mark.parametrize(
    ("unit", "scope", "up"),
    [
        ("V-JA", "C-QH", "Z-JA"),
        ("Z-JA", "C-QH", "X-CN"),
        ("X-CN", "C-QH", "C-QH"),
        ("C-QH", "C-QH", None),  # the top of the scope
        ("X-CN", "X-CN", None),
        ("X-HG", "X-CN", None),  # outside the scope
    ],
)
def test_back_goes_one_level_up_but_never_above_the_users_unit(city, unit, scope, up):
    assert parent_in_scope(U(unit), U(scope), grid_of(city)) == up


def test_a_phone_without_reference_data_knows_no_grid():
    empty = MemoryStore(device_id="new-phone")
    assert grid_of(empty) == {}


def test_hazard_lines_follow_the_lifecycle_and_skip_empty_states():
    by_status = {
        "closed": {"general": 6},
        "supervised": {"major": 1},
        "registered": {"general": 2, "major": 0},
        "to_rectify": {},
        "planned": {"major": 1, "general": 1},
    }
    assert hazard_lines(by_status) == [
        HazardLine(HazardStatus.REGISTERED, 2, 0),
        HazardLine(HazardStatus.PLANNED, 1, 1),
        HazardLine(HazardStatus.SUPERVISED, 0, 1),
        HazardLine(HazardStatus.CLOSED, 6, 0),
    ]


@pytest.mark.parametrize(
    ("count", "shown", "top", "hidden", "bottom"),
    [
        (12, 20, 12, 0, 0),  # a county: every enterprise
        (20, 20, 20, 0, 0),
        (21, 20, 10, 1, 10),  # the best ten, the worst ten, one between
        (1000, 20, 10, 980, 10),
        (7, 5, 2, 3, 2),  # an odd window shows two a side
    ],
)
def test_a_long_ranking_shows_its_best_and_worst_with_the_count_between(
    count, shown, top, hidden, bottom
):
    entries = [{"tenant": str(i)} for i in range(count)]
    head, between, tail = ranking_window(entries, shown)
    assert (len(head), between, len(tail)) == (top, hidden, bottom)
    assert head[0] == entries[0] and (not tail or tail[-1] == entries[-1])


@pytest.mark.parametrize(
    ("grid", "top", "hidden", "bottom"),
    [
        ({"summary": {"enterprises": 2}, "best": [{"tenant": "a"}, {"tenant": "b"}], "worst": []},
         ["a", "b"], 0, []),
        ({"summary": {"enterprises": 50000}, "best": [{"tenant": "a"}], "worst": [{"tenant": "z"}]},
         ["a"], 49998, ["z"]),  # the server names the ends of a city's ranking, not all of it
        ({"summary": {"enterprises": 21}, "enterprises": [{"tenant": str(i)} for i in range(21)]},
         [str(i) for i in range(10)], 1, [str(i) for i in range(11, 21)]),  # an older kept copy
    ],
)  # fmt: skip
def test_a_units_ranking_is_the_best_and_worst_the_server_named_with_the_count_between(
    grid, top, hidden, bottom
):
    head, between, tail = ranking_of(grid)
    assert ([e["tenant"] for e in head], between, [e["tenant"] for e in tail]) == (
        top,
        hidden,
        bottom,
    )


def test_a_units_lit_enterprises_are_the_servers_list_or_the_lit_ones_of_an_older_copy():
    assert lit_of({"lit": [{"tenant": "a", "light": "red"}]}) == [{"tenant": "a", "light": "red"}]
    old = {"enterprises": [{"tenant": "a", "light": None}, {"tenant": "b", "light": "yellow"}]}
    assert lit_of(old) == [{"tenant": "b", "light": "yellow"}]


D = date.fromisoformat
DAYS = [D("2026-11-25"), D("2026-11-26"), D("2026-11-28")]  # the 27th was never scored


@pytest.mark.parametrize(
    ("day", "before", "after"),
    [
        ("2026-11-28", "2026-11-26", None),
        ("2026-11-26", "2026-11-25", "2026-11-28"),  # skips the unscored 27th
        ("2026-11-25", None, "2026-11-26"),
        ("2026-11-27", "2026-11-26", "2026-11-28"),
    ],
)
def test_the_day_buttons_step_over_scored_days_only(day, before, after):
    expected = (D(before) if before else None, D(after) if after else None)
    assert neighbours(DAYS, D(day)) == expected


@pytest.mark.parametrize(
    ("path", "day"),
    [
        ("/city", None),
        ("/city/X-CN?day=2026-11-20", D("2026-11-20")),
        ("/city/X-CN?day=yesterday", None),
        ("/city?other=1", None),
    ],
)
def test_the_day_shown_is_in_the_path(path, day):
    assert day_in(path) == day


def test_a_path_with_a_day_round_trips_and_the_latest_drops_it():
    assert with_day("/city/X-CN?day=2026-11-01", D("2026-11-20")) == "/city/X-CN?day=2026-11-20"
    assert day_in(with_day("/city", D("2026-11-20"))) == D("2026-11-20")
    assert with_day("/city/X-CN?day=2026-11-20", None) == "/city/X-CN"


def test_trend_points_are_sorted_by_day_with_lights_and_card_counts():
    body: list[dict[str, Any]] = [
        {"day": "2026-11-28", "mean_total": 70.0, "red": 1, "yellow": 2, "completion": 0.5,
         "cards": {"on_time": 5, "late": 2, "missed": 3}},
        {"day": "2026-11-27", "mean_total": None, "red": 0, "yellow": 0, "completion": None,
         "cards": {}},
    ]  # fmt: skip
    first, last = trend_points(body)
    assert (first.day, first.mean_total, first.lit, first.cards["missed"]) == (
        D("2026-11-27"),
        None,
        0,
        0,
    )
    assert (last.lit, last.completion, last.cards) == (
        3,
        0.5,
        {"on_time": 5, "late": 2, "missed": 3},
    )


class FakeReads:
    """``ServerReads`` answering from a table; marks some paths as kept copies."""

    def __init__(self, answers: dict[str, Any], stale: frozenset[str] = frozenset()) -> None:
        self.answers = answers
        self.stale = stale
        self.asked: list[tuple[str, dict[str, Any]]] = []

    def json(self, path: str, params: dict[str, Any] | None = None) -> Fetched:
        self.asked.append((path, dict(params or {})))
        if path not in self.answers:
            raise Offline("never fetched")
        at = 1_000 if path in self.stale else 2_000
        return Fetched(self.answers[path], at, fresh=path not in self.stale)


def unit_answers() -> dict[str, Any]:
    return {
        "/v1/scores/latest": {"day": "2026-11-28"},
        "/v1/scores/grid/X-CN/trend": [
            {"day": "2026-11-27", "red": 0, "yellow": 1},
            {"day": "2026-11-28", "red": 1, "yellow": 0},
        ],
        "/v1/scores/grid/X-CN": {"summary": {}, "children": [], "best": [], "worst": [], "lit": []},
        "/v1/scores/grid/X-CN/hazards": {"by_status": {}, "overdue": {}, "overdue_hazards": []},
    }


@pytest.mark.parametrize(
    ("asked", "shown"),
    [
        (None, "2026-11-28"),  # the latest by default
        ("2026-11-27", "2026-11-27"),
        ("2026-12-31", "2026-11-28"),  # not scored yet: the latest
    ],
)
def test_a_units_day_reads_the_grid_of_the_day_asked_for(asked, shown):
    reads = FakeReads(unit_answers())
    loaded = load_city_day(reads, U("X-CN"), D(asked) if asked else None)  # type: ignore[arg-type]
    assert loaded.day == D(shown)
    assert ("/v1/scores/grid/X-CN", {"day": shown}) in reads.asked
    assert ("/v1/scores/grid/X-CN/trend", {"to": "2026-11-28"}) in reads.asked
    assert loaded.days == [D("2026-11-27"), D("2026-11-28")]
    assert loaded.point is not None and loaded.point.day == D(shown)
    assert loaded.fresh


def test_one_kept_copy_marks_the_whole_screen_as_offline_with_the_oldest_time():
    reads = FakeReads(unit_answers(), stale=frozenset({"/v1/scores/grid/X-CN/hazards"}))
    loaded = load_city_day(reads, U("X-CN"), None)  # type: ignore[arg-type]
    assert (loaded.fresh, loaded.at_ms) == (False, 1_000)


def test_a_unit_never_fetched_while_offline_raises_offline():
    with pytest.raises(Offline):
        load_city_day(FakeReads({}), U("X-CN"), None)  # type: ignore[arg-type]


def test_the_lights_put_red_first_then_the_lowest_month_score():
    lit = [
        {"tenant": "a", "light": "yellow", "month_score": 50.0},
        {"tenant": "b", "light": "red", "month_score": 80.0},
        {"tenant": "c", "light": "red", "month_score": 40.0},
    ]
    reads = FakeReads({"/v1/scores/latest": {"day": "2026-11-28"}, "/v1/scores/lights": lit})
    shown = load_lights(reads)  # type: ignore[arg-type]
    assert [e["tenant"] for e in shown.entries] == ["c", "b", "a"]
    assert ("/v1/scores/lights", {"day": "2026-11-28"}) in reads.asked
