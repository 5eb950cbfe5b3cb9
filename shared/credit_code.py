"""The 统一社会信用代码 (GB 32100-2015): alphabet, weights and the check character."""

from __future__ import annotations

import string
import unicodedata

from shared.errors import BadCreditCode

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
"""The 31 characters of the code; I, O, Z, S and V are left out so they are not misread."""

WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
"""Weight of each of the first 17 characters: 3**i mod 31."""

LENGTH = 18

_VALUES = {char: value for value, char in enumerate(ALPHABET)}
_ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


def check_character(first17: str) -> str:
    """Compute the 18th character from the first 17.

    Useful for building demo data and for telling a user which character they mistyped.

    Args:
        first17: The first 17 characters; lower-case ASCII letters are accepted.

    Returns:
        The check character, one of `ALPHABET`.

    Raises:
        BadCreditCode: The prefix is not 17 characters of the alphabet.
    """
    prefix = first17.translate(_ASCII_UPPER)
    if len(prefix) != LENGTH - 1:
        raise BadCreditCode(
            f"a credit code prefix has {LENGTH - 1} characters, got {len(prefix)}",
            problem="length",
            length=len(prefix),
        )
    _check_alphabet(prefix)
    total = sum(_VALUES[char] * weight for char, weight in zip(prefix, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(code: str) -> str:
    """Normalise a typed or scanned credit code and reject it if it cannot be genuine.

    Full-width characters (typed with a Chinese IME) become ASCII, surrounding whitespace goes and
    letters become upper case, so the same enterprise is never stored under two spellings.

    Args:
        code: The code as entered.

    Returns:
        The normalised 18-character code.

    Raises:
        BadCreditCode: With ``details["problem"]`` one of ``length``, ``character`` (the message
            names the 1-based position) or ``check`` (the message names the expected character).
    """
    normal = unicodedata.normalize("NFKC", code).strip().translate(_ASCII_UPPER)
    if len(normal) != LENGTH:
        raise BadCreditCode(
            f"a credit code has {LENGTH} characters, got {len(normal)}",
            problem="length",
            length=len(normal),
        )
    _check_alphabet(normal)
    expected = check_character(normal[:-1])
    if normal[-1] != expected:
        raise BadCreditCode(
            f"wrong check character {normal[-1]!r}: expected {expected!r}",
            problem="check",
            expected=expected,
            found=normal[-1],
        )
    return normal


def is_valid_credit_code(code: str) -> bool:
    """Whether `validate_credit_code` accepts the code, for filters and form hints."""
    try:
        validate_credit_code(code)
    except BadCreditCode:
        return False
    return True


def _check_alphabet(text: str) -> None:
    for index, char in enumerate(text):
        if char not in _VALUES:
            raise BadCreditCode(
                f"bad character {char!r} at position {index + 1}"
                f" (allowed: {ALPHABET}; I, O, S, V and Z are never used)",
                problem="character",
                position=index + 1,
                character=char,
            )
