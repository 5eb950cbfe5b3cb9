from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.credit_code import (
    ALPHABET,
    WEIGHTS,
    check_character,
    is_valid_credit_code,
    validate_credit_code,
)
from shared.errors import BadCreditCode, InvalidInput

# Codes whose check characters were computed by `check_character`, plus the published example.
VALID_CODES = [
    "91350100M000100Y43",  # public example (福州, 企业)
    "91110000100000000R",  # 北京, 企业
    "914403001922038216",  # 深圳 style, check digit 6
    "91440300MA5F000007",  # 深圳 style
    "91130300MA0A000190",  # 秦皇岛 style; check character 0: sum % 31 == 0
    "92130302MA0A00000W",  # 个体工商户 in 秦皇岛 style
    "52130300MJ0000000T",  # 社会组织
]

prefixes = st.text(alphabet=ALPHABET, min_size=17, max_size=17)


def test_weights_are_powers_of_three_mod_31():
    assert tuple(pow(3, i, 31) for i in range(17)) == WEIGHTS


def test_alphabet_leaves_out_letters_that_are_misread():
    assert len(ALPHABET) == 31
    assert not set("IOSVZ") & set(ALPHABET)


@pytest.mark.parametrize("code", VALID_CODES)
def test_known_good_codes_validate_and_come_back_unchanged(code):
    assert validate_credit_code(code) == code
    assert is_valid_credit_code(code)


@pytest.mark.parametrize(
    ("first17", "expected"),
    [
        ("91350100M000100Y4", "3"),
        ("91110000100000000", "R"),
        ("91440300MA5F00000", "7"),
        ("91130300MA0A00019", "0"),  # sum divisible by 31: 31 % 31 wraps to 0
        ("92130302MA0A00000", "W"),
        ("91350100m000100y4", "3"),  # lower case is accepted
    ],
)
def test_check_character_of_a_prefix(first17, expected):
    assert check_character(first17) == expected


@pytest.mark.parametrize(
    ("raw", "normal"),
    [
        ("  91350100M000100Y43\n", "91350100M000100Y43"),  # surrounding whitespace
        ("91350100m000100y43", "91350100M000100Y43"),  # lower case
        ("９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y43"),  # full-width IME input
    ],
)
def test_entered_codes_are_normalised(raw, normal):
    assert validate_credit_code(raw) == normal


@pytest.mark.parametrize(
    ("code", "problem", "in_message"),
    [
        ("", "length", "got 0"),
        ("91350100M000100Y4", "length", "got 17"),  # check character missing
        ("91350100M000100Y433", "length", "got 19"),
        ("91350100M0001 0Y43", "character", "position 14"),  # inner space is not stripped
        ("91350100O000100Y43", "character", "'O' at position 9"),  # letter O for zero
        ("9135010OM000100Y43", "character", "position 8"),
        ("I1350100M000100Y43", "character", "position 1"),
        ("91350100M000100Y4S", "character", "position 18"),
        ("91350100M000100Y4Z", "character", "position 18"),
        ("91350100M000100Y4V", "character", "position 18"),
        ("91350100M000100Y4-", "character", "position 18"),
        ("91350100M000100Y42", "check", "expected '3'"),  # one off in the check character
        ("91350100M000100Y34", "check", "expected"),  # swapped last two characters
        ("19350100M000100Y43", "check", "expected"),  # swapped first two characters
    ],
)
def test_bad_codes_say_which_problem(code, problem, in_message):
    with pytest.raises(BadCreditCode) as caught:
        validate_credit_code(code)
    assert caught.value.details["problem"] == problem
    assert in_message in caught.value.message
    assert not is_valid_credit_code(code)


def test_a_bad_character_names_its_position_and_the_character():
    with pytest.raises(BadCreditCode) as caught:
        validate_credit_code("91350100O000100Y43")
    assert caught.value.details["position"] == 9
    assert caught.value.details["character"] == "O"


def test_a_wrong_check_character_names_the_expected_one():
    with pytest.raises(BadCreditCode) as caught:
        validate_credit_code("91350100M000100Y42")
    assert caught.value.details == {"problem": "check", "expected": "3", "found": "2"}
    assert caught.value.as_problem()["code"] == "org.bad_credit_code"


def test_bad_credit_code_is_invalid_input():
    with pytest.raises(InvalidInput):
        validate_credit_code("x")


@pytest.mark.parametrize(
    ("first17", "problem"),
    [
        ("9135010", "length"),
        ("91350100M000100Y43", "length"),
        ("91350100M000100YO", "character"),
    ],
)
def test_check_character_rejects_a_bad_prefix(first17, problem):
    with pytest.raises(BadCreditCode) as caught:
        check_character(first17)
    assert caught.value.details["problem"] == problem


@given(prefixes)
def test_any_prefix_with_its_check_character_validates(prefix):
    code = prefix + check_character(prefix)
    assert validate_credit_code(code) == code
    assert validate_credit_code(code.lower()) == code


@given(prefixes, st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=30))
def test_changing_any_one_character_to_another_of_the_alphabet_is_caught(prefix, position, shift):
    code = prefix + check_character(prefix)
    changed_char = ALPHABET[(ALPHABET.index(code[position]) + shift) % 31]
    changed = code[:position] + changed_char + code[position + 1 :]
    with pytest.raises(BadCreditCode) as caught:
        validate_credit_code(changed)
    assert caught.value.details["problem"] == "check"


@given(prefixes, st.integers(min_value=0, max_value=17), st.sampled_from("IOSVZ*#_"))
def test_changing_any_one_character_to_one_outside_the_alphabet_is_caught(prefix, position, bad):
    code = prefix + check_character(prefix)
    changed = code[:position] + bad + code[position + 1 :]
    with pytest.raises(BadCreditCode) as caught:
        validate_credit_code(changed)
    assert caught.value.details == {
        "problem": "character",
        "position": position + 1,
        "character": bad,
    }
