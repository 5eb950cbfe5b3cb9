"""Ranks within every grid unit above an enterprise, by month score, ties sharing a place."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from shared.ids import GridUnitId, TenantId
from shared.org import GridLevel, GridUnit
from shared.ranking import rank_within_units, units_above

CITY, EAST, WEST = GridUnitId("C"), GridUnitId("E"), GridUnitId("W")
UNITS = {
    CITY: GridUnit(id=CITY, name="市", level=GridLevel.CITY),
    EAST: GridUnit(id=EAST, name="东区", level=GridLevel.COUNTY, parent_id=CITY),
    WEST: GridUnit(id=WEST, name="西区", level=GridLevel.COUNTY, parent_id=CITY),
}


def test_equal_scores_share_a_place_and_the_next_place_is_skipped():
    scores = {TenantId("a"): 90.0, TenantId("b"): 95.0, TenantId("c"): 90.0, TenantId("d"): 70.0}
    unit_of = dict.fromkeys(scores, EAST) | {TenantId("d"): WEST}
    ranks = rank_within_units(scores, unit_of, UNITS)
    assert {t: r[CITY] for t, r in ranks.items()} == {
        "b": (1, 4),
        "a": (2, 4),
        "c": (2, 4),
        "d": (4, 4),
    }
    assert ranks[TenantId("d")] == {WEST: (1, 1), CITY: (4, 4)}


def test_a_broken_grid_ranks_within_the_units_it_can_reach():
    assert units_above(GridUnitId("nowhere"), UNITS) == ["nowhere"]
    assert units_above(EAST, UNITS) == [EAST, CITY]


@given(st.dictionaries(st.sampled_from("abcdefgh"), st.sampled_from([60.0, 75.5, 90.0, 99.9])))
def test_a_better_score_never_ranks_below_a_worse_one(raw):
    scores = {TenantId(t): s for t, s in raw.items()}
    ranks = rank_within_units(scores, dict.fromkeys(scores, EAST), UNITS)
    for a in scores:
        for b in scores:
            if scores[a] > scores[b]:
                assert ranks[a][CITY][0] < ranks[b][CITY][0]
            assert ranks[a][CITY][1] == len(scores)
