"""What text may cross the edge, and how long each kind of text may be.

Every free-text field of a payload or of reference data is one of the kinds in ``LIMITS``, so
the phone (which builds its payloads with the same models) refuses what the server would, with
the same code and message. Whatever is accepted must render in every document the server makes
(an .xlsx cell, a PDF line, a JSON body), so the policy refuses exactly what breaks one of them:

- control characters (Unicode category Cc: C0, DEL and C1) — XML, and so every .xlsx, has no
  way to hold most of them; a multi-line field may hold a line feed and a tab;
- lone surrogates (category Cs) — they cannot be encoded as UTF-8 at all;
- the noncharacters U+FFFE and U+FFFF — XML 1.0 forbids them.

Text is not normalised (NFC or otherwise): the server keeps what the phone sent, byte for byte,
because the content hash of an event (which tells a resend from an id conflict) covers it, and
a user cannot retype a decomposed character their keyboard made. Lengths count code points.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, Field, ValidationInfo
from pydantic_core import PydanticCustomError

__all__ = [
    "BAD_CHARACTER",
    "ID_LIMIT",
    "LIMITS",
    "ONE_LINE",
    "PASSWORD_MAX",
    "STORED",
    "TOO_LONG",
    "CellText",
    "IdText",
    "LineText",
    "LongText",
    "NameText",
    "OptionalReason",
    "ReasonText",
    "RequiredLine",
    "RequiredText",
    "ShortText",
    "TextKind",
    "TitleText",
    "bad_character",
    "lone_surrogate_at",
]

BAD_CHARACTER = "text.bad_character"
"""The error code (and pydantic error type) of text with a character the policy refuses."""

TOO_LONG = "text.too_long"
"""The error code of text over its kind's maximum (pydantic's own type is ``string_too_long``)."""

_LINE_BREAKS = frozenset("\n\t")
_NONCHARACTERS = frozenset("\ufffe\uffff")


class TextKind(StrEnum):
    """The kinds of free text, each with one maximum in ``LIMITS``."""

    ID = "id"  # an id a person or an import chose: post, card, item, user
    NAME = "name"  # the display name of a grid unit, enterprise, workshop, post or risk point
    TITLE = "title"  # a hazard's title (dangerName)
    LINE = "line"  # one line: a location, an authority, a notice number, a standard item
    CELL = "cell"  # one cell of a card or risk table: an item's check or criterion, a measure
    REASON = "reason"  # why something was refused, reopened, voided or resolved
    TEXT = "text"  # a description, measures, a note, a comment, a plan
    SHORT = "short"  # a phone number, a 执法证号, an authority's short code (海港应急)


LIMITS: dict[TextKind, int] = {
    TextKind.ID: 64,
    TextKind.NAME: 100,
    TextKind.TITLE: 300,
    TextKind.LINE: 300,
    TextKind.CELL: 500,
    TextKind.REASON: 1000,
    TextKind.TEXT: 4000,
    TextKind.SHORT: 32,
}
"""The most characters (code points) each kind of text may hold; docs/sync-protocol.md lists
them, generated from this table."""

PASSWORD_MAX = 256
"""The longest password the server takes (sign-in and change), and the phone's field with it."""

MULTI_LINE = frozenset({TextKind.CELL, TextKind.REASON, TextKind.TEXT})
"""The kinds that may hold a line feed or a tab."""


def bad_character(value: str, *, multi_line: bool) -> int | None:
    """The position of the first character the policy refuses, or None when all are allowed."""
    for index, char in enumerate(value):
        if multi_line and char in _LINE_BREAKS:
            continue
        if char in _NONCHARACTERS or unicodedata.category(char) in ("Cc", "Cs"):
            return index
    return None


STORED: dict[str, Any] = {"stored": True}
"""Validation context for events read back from a store (``Event.stored``).

The character rule guards the edge: what a phone makes and what a server takes in. Events
stored before the rule existed must still fold, pull and render, so reading one back skips it
(a record is never lost to a rule made after it); lengths and types still hold.
"""


def _check_single_line(value: str, info: ValidationInfo) -> str:
    return _check(value, info, multi_line=False)


def _check_lines(value: str, info: ValidationInfo) -> str:
    return _check(value, info, multi_line=True)


def _check(value: str, info: ValidationInfo, *, multi_line: bool) -> str:
    if info.context is not None and info.context.get("stored"):
        return value
    index = bad_character(value, multi_line=multi_line)
    if index is not None:
        raise PydanticCustomError(
            BAD_CHARACTER,
            "character {position} (U+{point}) is not allowed in text",
            {"position": index + 1, "point": f"{ord(value[index]):04X}"},
        )
    return value


def limit(kind: TextKind, *, required: bool = False) -> Any:
    return Field(
        min_length=1 if required else 0,
        max_length=LIMITS[kind],
        json_schema_extra={"x-text-kind": kind.value},
    )


_LINE = AfterValidator(_check_single_line)
_LINES = AfterValidator(_check_lines)

ONE_LINE = _LINE
"""The character check of one line, for a typed id: ``Annotated[PostId, ID_LIMIT, ONE_LINE]``."""
ID_LIMIT = limit(TextKind.ID, required=True)
"""The length rule of an id, for a typed id."""

IdText = Annotated[str, ID_LIMIT, _LINE]
NameText = Annotated[str, limit(TextKind.NAME, required=True), _LINE]
TitleText = Annotated[str, limit(TextKind.TITLE, required=True), _LINE]
LineText = Annotated[str, limit(TextKind.LINE), _LINE]
RequiredLine = Annotated[str, limit(TextKind.LINE, required=True), _LINE]
CellText = Annotated[str, limit(TextKind.CELL, required=True), _LINES]
ReasonText = Annotated[str, limit(TextKind.REASON, required=True), _LINES]
OptionalReason = Annotated[str, limit(TextKind.REASON), _LINES]
LongText = Annotated[str, limit(TextKind.TEXT), _LINES]
RequiredText = Annotated[str, limit(TextKind.TEXT, required=True), _LINES]
ShortText = Annotated[str, limit(TextKind.SHORT), _LINE]


def lone_surrogate_at(value: Any, path: str = "body") -> str | None:
    """Where in parsed JSON (keys included) a string holds a lone surrogate, or None.

    JSON may escape one (U+D800 as a six-character escape) and Python's parser lets it
    through, but it is not text: it can be neither hashed as UTF-8 nor stored, so a body
    holding one is refused whole.
    Walked without recursion: the nesting of a hostile body is bounded only by the parser.
    """
    pending: list[tuple[str, Any]] = [(path, value)]
    while pending:
        where, node = pending.pop()
        if isinstance(node, str) and _has_surrogate(node):
            return where
        if isinstance(node, dict):
            for key, item in node.items():
                if _has_surrogate(key):
                    return f"{where} (a key)"
                pending.append((f"{where}.{key}", item))
        elif isinstance(node, list):
            pending.extend((f"{where}[{index}]", item) for index, item in enumerate(node))
    return None


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= char <= "\udfff" for char in text)
