from __future__ import annotations

import itertools
import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from shared.errors import BadRiskFactor
from shared.risk import (
    ALT_LS_BANDS,
    CONTROL_LEVEL_NAMES,
    DEFAULT_CONTROL_LEVELS,
    DEFAULT_LS_BANDS,
    LEC_C_VALUES,
    LEC_E_VALUES,
    LEC_L_VALUES,
    RISK_LEVEL_NAMES,
    ControlLevel,
    LecAssessment,
    LsAssessment,
    LsBands,
    RiskColour,
    colour_for_lec_score,
    grade_lec,
    grade_ls,
    graver,
    gravity,
)

RED, ORANGE, YELLOW, BLUE = RiskColour.RED, RiskColour.ORANGE, RiskColour.YELLOW, RiskColour.BLUE
BY_LETTER = {"R": RED, "O": ORANGE, "Y": YELLOW, "B": BLUE}

L_VALUES = [0.1, 0.2, 0.5, 1, 3, 6, 10]
E_VALUES = [0.5, 1, 2, 3, 6, 10]
C_VALUES = [1, 3, 7, 15, 40, 100]

# --- colours -------------------------------------------------------------------------------


def test_colours_rank_from_blue_to_red():
    assert [gravity(c) for c in (BLUE, YELLOW, ORANGE, RED)] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("a", "b", "worse"),
    [
        (RED, BLUE, RED),
        (BLUE, RED, RED),
        (ORANGE, YELLOW, ORANGE),
        (YELLOW, ORANGE, ORANGE),
        (YELLOW, BLUE, YELLOW),
        (BLUE, YELLOW, YELLOW),
        (RED, ORANGE, RED),
        (BLUE, BLUE, BLUE),
        (RED, RED, RED),
    ],
)
def test_the_graver_colour_wins(a, b, worse):
    assert graver(a, b) is worse


@given(st.sampled_from(RiskColour), st.sampled_from(RiskColour), st.sampled_from(RiskColour))
def test_graver_is_a_commutative_associative_maximum(a, b, c):
    assert graver(a, b) is graver(b, a)
    assert graver(graver(a, b), c) is graver(a, graver(b, c))
    assert gravity(graver(a, b)) == max(gravity(a), gravity(b))


def test_every_colour_has_a_chinese_name_and_a_default_control_level():
    assert dict(RISK_LEVEL_NAMES) == {
        RED: "重大风险",
        ORANGE: "较大风险",
        YELLOW: "一般风险",
        BLUE: "低风险",
    }
    assert set(CONTROL_LEVEL_NAMES) == set(ControlLevel)
    assert dict(DEFAULT_CONTROL_LEVELS) == {
        RED: ControlLevel.COMPANY,
        ORANGE: ControlLevel.WORKSHOP,
        YELLOW: ControlLevel.TEAM,
        BLUE: ControlLevel.POST,
    }


def test_default_tables_cannot_be_changed_by_accident():
    with pytest.raises(TypeError):
        DEFAULT_CONTROL_LEVELS[RED] = ControlLevel.POST  # type: ignore[index]


# --- LEC -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("d", "colour"),
    [
        (0, BLUE),
        (0.05, BLUE),  # the smallest product of the tables
        (69.99, BLUE),
        (70, YELLOW),  # inclusive lower bound: 10×1×7 is yellow
        (159.9, YELLOW),
        (160, ORANGE),
        (319.9, ORANGE),
        (320, RED),
        (720, RED),
        (100_000, RED),  # the largest product of the tables
        (Decimal("69.99"), BLUE),
        (Decimal("70.0"), YELLOW),
    ],
)
def test_lec_score_bands_have_inclusive_lower_bounds(d, colour):
    assert colour_for_lec_score(d) is colour


def test_d_of_exactly_70_is_yellow():
    assert grade_lec(10, 1, 7).colour is YELLOW
    assert grade_lec(1, 10, 7).colour is YELLOW


@pytest.mark.parametrize("d", [-0.01, -70, math.nan, math.inf, -math.inf, Decimal("NaN")])
def test_a_score_that_no_table_can_produce_is_refused(d):
    with pytest.raises(BadRiskFactor) as caught:
        colour_for_lec_score(d)
    assert caught.value.details["factor"] == "D"


@pytest.mark.parametrize(
    ("l", "e", "c", "d", "colour"),
    [
        # the handbook's demo risk points (§2.3)
        (3, 6, 15, 270, ORANGE),  # 后厨燃气灶台, 叉车作业区
        (3, 6, 7, 126, YELLOW),  # 车床
        (3, 6, 40, 720, RED),  # 危化品库
        (1, 3, 15, 45, BLUE),  # 配电室
        # products that plain floats get wrong
        (0.2, 0.5, 3, 0.3, BLUE),  # 0.2 * 0.5 * 3 == 0.30000000000000004
        (0.1, 0.5, 7, 0.35, BLUE),
        (10, 10, 100, 10_000, RED),
        (0.1, 0.5, 1, 0.05, BLUE),
        (10, 2, 7, 140, YELLOW),
        (6, 3, 15, 270, ORANGE),
        (0.5, 6, 100, 300, ORANGE),
        (1, 6, 40, 240, ORANGE),
        (1, 10, 40, 400, RED),
    ],
)
def test_lec_grades_the_product(l, e, c, d, colour):  # noqa: E741
    graded = grade_lec(l, e, c)
    assert (graded.l, graded.e, graded.c, graded.d, graded.colour) == (l, e, c, d, colour)


def test_lec_accepts_decimals_read_from_text():
    graded = grade_lec(Decimal("0.1"), Decimal("10"), Decimal("100"))
    assert (graded.d, graded.colour) == (100.0, YELLOW)


@pytest.mark.parametrize(
    ("l", "e", "c", "factor"),
    [
        (2, 6, 15, "L"),  # between table values
        (0.3, 6, 15, "L"),
        (0, 6, 15, "L"),
        (-3, 6, 15, "L"),
        (100, 6, 15, "L"),  # a C value given as L
        (True, 6, 15, "L"),  # a bool is not a number here
        ("3", 6, 15, "L"),  # text must be parsed first
        (None, 6, 15, "L"),
        (math.nan, 6, 15, "L"),
        (3, 4, 15, "E"),
        (3, 0.1, 15, "E"),
        (3, math.inf, 15, "E"),
        (3, 6, 50, "C"),
        (3, 6, 0.5, "C"),
        (3, 6, Decimal("NaN"), "C"),
    ],
)
def test_a_value_outside_its_table_is_a_bad_factor_named_with_its_allowed_values(l, e, c, factor):  # noqa: E741
    with pytest.raises(BadRiskFactor) as caught:
        grade_lec(l, e, c)
    assert caught.value.details["factor"] == factor
    assert caught.value.message.startswith(f"{factor} must be one of ")
    allowed = {"L": LEC_L_VALUES, "E": LEC_E_VALUES, "C": LEC_C_VALUES}[factor]
    assert caught.value.details["allowed"] == [str(v) for v in allowed]


def test_the_tables_are_the_graham_kinney_values():
    assert [float(v) for v in LEC_L_VALUES] == L_VALUES
    assert [float(v) for v in LEC_E_VALUES] == E_VALUES
    assert [float(v) for v in LEC_C_VALUES] == C_VALUES


def test_no_standard_triple_lands_on_160_or_320_and_only_70_on_a_bound():
    products = {grade_lec(*lec).d for lec in itertools.product(L_VALUES, E_VALUES, C_VALUES)}
    assert 160 not in products
    assert 320 not in products
    assert 70 in products


@given(st.sampled_from(L_VALUES), st.sampled_from(E_VALUES), st.sampled_from(C_VALUES))
def test_every_valid_triple_gives_the_exact_product_and_its_band(l, e, c):  # noqa: E741
    graded = grade_lec(l, e, c)
    exact = Fraction(str(l)) * Fraction(str(e)) * Fraction(str(c))
    assert Fraction(str(graded.d)) == exact
    expected = RED if exact >= 320 else ORANGE if exact >= 160 else YELLOW if exact >= 70 else BLUE
    assert graded.colour is expected


@given(st.floats(min_value=0, max_value=1e6), st.floats(min_value=0, max_value=1e6))
def test_a_higher_score_is_never_a_milder_colour(d1, d2):
    low, high = sorted((d1, d2))
    assert gravity(colour_for_lec_score(low)) <= gravity(colour_for_lec_score(high))


def test_a_lec_assessment_survives_a_json_round_trip():
    graded = grade_lec(0.2, 0.5, 3)
    assert LecAssessment.model_validate_json(graded.model_dump_json()) == graded


def test_a_consistent_lec_assessment_can_be_built_directly():
    built = LecAssessment(l=10, e=1, c=7, d=70, colour=YELLOW)
    assert built == grade_lec(10, 1, 7)


@pytest.mark.parametrize(
    ("fields", "in_message"),
    [
        ({"l": 3, "e": 6, "c": 15, "d": 271, "colour": ORANGE}, "D and colour must be 270.0"),
        ({"l": 3, "e": 6, "c": 15, "d": 270, "colour": RED}, "D and colour must be"),
        ({"l": 2, "e": 6, "c": 15, "d": 180, "colour": ORANGE}, "L must be one of"),
    ],
)
def test_an_inconsistent_lec_assessment_is_refused(fields, in_message):
    with pytest.raises(ValidationError, match=in_message):
        LecAssessment.model_validate(fields)


def test_a_lec_assessment_is_frozen():
    graded = grade_lec(3, 6, 15)
    with pytest.raises(ValidationError):
        graded.d = 1  # type: ignore[misc]


# --- LS ------------------------------------------------------------------------------------

# Rows are L = 1..5, columns S = 1..5 (B blue, Y yellow, O orange, R red).
DEFAULT_MATRIX = [
    "BBBBB",  # R = 1  2  3  4  5
    "BBBBY",  # R = 2  4  6  8 10
    "BBYYO",  # R = 3  6  9 12 15
    "BBYOR",  # R = 4  8 12 16 20
    "BYORR",  # R = 5 10 15 20 25
]
ALT_MATRIX = [
    "BBBYY",
    "BYYYO",
    "BYOOO",
    "YYOOR",
    "YOORR",
]


def cells(matrix: list[str]) -> list[object]:
    return [
        pytest.param(l, s, BY_LETTER[matrix[l - 1][s - 1]], id=f"L{l}-S{s}")
        for l in range(1, 6)  # noqa: E741
        for s in range(1, 6)
    ]


@pytest.mark.parametrize(("l", "s", "colour"), cells(DEFAULT_MATRIX))
def test_every_cell_of_the_default_banding(l, s, colour):  # noqa: E741
    graded = grade_ls(l, s)
    assert (graded.l, graded.s, graded.r, graded.colour) == (l, s, l * s, colour)


@pytest.mark.parametrize(("l", "s", "colour"), cells(ALT_MATRIX))
def test_every_cell_of_the_alternative_banding(l, s, colour):  # noqa: E741
    graded = grade_ls(l, s, bands=ALT_LS_BANDS)
    assert (graded.r, graded.colour) == (l * s, colour)


def test_the_sewage_pit_is_red_by_ls():
    assert grade_ls(4, 5).colour is RED


@pytest.mark.parametrize(
    ("l", "s", "factor"),
    [
        (0, 3, "L"),
        (6, 3, "L"),
        (-1, 3, "L"),
        (3.0, 3, "L"),  # a cell is picked, not measured
        (True, 3, "L"),
        ("3", 3, "L"),
        (None, 3, "L"),
        (3, 0, "S"),
        (3, 6, "S"),
        (3, 2.5, "S"),
        (3, False, "S"),
    ],
)
def test_an_ls_factor_outside_1_to_5_is_a_bad_factor(l, s, factor):  # noqa: E741
    with pytest.raises(BadRiskFactor) as caught:
        grade_ls(l, s)
    assert caught.value.details["factor"] == factor
    assert caught.value.details["allowed"] == [1, 2, 3, 4, 5]
    assert f"{factor} must be an integer 1..5" in caught.value.message


@pytest.mark.parametrize("r", [0, 26, -5])
def test_bands_refuse_an_r_outside_1_to_25(r):
    with pytest.raises(BadRiskFactor) as caught:
        DEFAULT_LS_BANDS.colour_for(r)
    assert caught.value.details["factor"] == "R"


@pytest.mark.parametrize(
    ("r", "default", "alt"),
    [
        (1, BLUE, BLUE),
        (13, YELLOW, ORANGE),
        (14, YELLOW, ORANGE),
        (19, ORANGE, ORANGE),
        (25, RED, RED),
    ],
)
def test_values_no_cell_produces_still_have_a_band(r, default, alt):
    assert (DEFAULT_LS_BANDS.colour_for(r), ALT_LS_BANDS.colour_for(r)) == (default, alt)


def test_a_custom_banding_may_use_fewer_colours():
    bands = LsBands(thresholds=((1, BLUE), (10, ORANGE), (20, RED)))
    assert [grade_ls(2, 4, bands=bands).colour, grade_ls(2, 5, bands=bands).colour] == [
        BLUE,
        ORANGE,
    ]


@pytest.mark.parametrize(
    ("thresholds", "in_message"),
    [
        ((), "must start at R = 1"),
        (((2, BLUE), (9, RED)), "must start at R = 1"),
        (((1, BLUE), (26, RED)), "above R = 25"),
        (((1, BLUE), (9, YELLOW), (9, RED)), "rise strictly"),
        (((1, BLUE), (15, YELLOW), (9, RED)), "rise strictly"),
        (((1, BLUE), (9, BLUE), (20, RED)), "strictly graver"),
        (((1, BLUE), (9, RED), (20, ORANGE)), "strictly graver"),
    ],
)
def test_a_banding_that_leaves_gaps_or_runs_backwards_is_refused(thresholds, in_message):
    with pytest.raises(ValidationError, match=in_message):
        LsBands(thresholds=thresholds)


def test_an_ls_assessment_survives_a_json_round_trip():
    graded = grade_ls(3, 4, bands=ALT_LS_BANDS)
    assert LsAssessment.model_validate_json(graded.model_dump_json()) == graded


@pytest.mark.parametrize(
    ("fields", "in_message"),
    [
        ({"l": 3, "s": 4, "r": 13, "colour": YELLOW}, "R must be L × S = 12"),
        ({"l": 6, "s": 4, "r": 24, "colour": RED}, "L must be an integer"),
        ({"l": 4, "s": 0, "r": 0, "colour": BLUE}, "S must be an integer"),
    ],
)
def test_an_inconsistent_ls_assessment_is_refused(fields, in_message):
    with pytest.raises(ValidationError, match=in_message):
        LsAssessment.model_validate(fields)
