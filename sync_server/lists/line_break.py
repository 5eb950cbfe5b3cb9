"""Where a line of Chinese (with Latin words and numbers in it) may break, for every PDF.

fpdf2 breaks Chinese between any two characters and justifies by default: a notice's lines
opened wide gaps and 》 or ，could start a line, which no printed official document does.
Here the lines are chosen by the rules of Chinese typesetting (避头尾, kinsoku):

- a closing mark (，。、；：！？）》」 …) never starts a line, and an opening one (（《「 …)
  never ends one: the break moves back a character (the line stays within its width);
- a Latin word or a number (GB 50016-2014, 4kg, 2026) is not cut unless it alone is longer
  than the line; a space is a break and does not start or end a line;
- a doubled dash —— or ellipsis …… stays whole.

The lines are then set flush left, never justified. Widths come from a ``char_width``
function, so the rule is tested with a table of made-up widths and the PDF uses the font's.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["NO_END", "NO_START", "break_lines", "may_break"]

NO_START = frozenset(
    "，。、；：！？）》」』】〕〉〗〙〛”’…—‥～·・％‰℃°々〃ー"
    ",.;:!?)]}%"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
"""Characters that may not open a line (行首禁则)."""
NO_END = frozenset("（《「『【〔〈〖〘〚“‘([{￥$＄")
"""Characters that may not close a line (行尾禁则)."""
_PAIRED = frozenset("—…")
"""Marks written doubled (——, ……) whose two halves stay on one line."""

CharWidth = Callable[[str], float]


def break_lines(text: str, width: float, char_width: CharWidth) -> list[str]:
    """``text`` as lines no wider than ``width`` (a line break in the text starts a new line).

    A single character wider than the line still gets a line of its own: nothing is dropped.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines += _paragraph(paragraph, width, char_width)
    return lines


def _paragraph(text: str, width: float, char_width: CharWidth) -> list[str]:
    lines: list[str] = []
    start, size = 0, len(text)
    while True:
        end, used = start, 0.0
        while end < size and used + char_width(text[end]) <= width:
            used += char_width(text[end])
            end += 1
        if end >= size:
            lines.append(text[start:])
            return lines
        cut = _break_at(text, start, max(end, start + 1))
        lines.append(text[start:cut].rstrip(" "))
        start = cut
        while start < size and text[start] == " ":
            start += 1
        if start >= size:
            return lines


def _break_at(text: str, start: int, end: int) -> int:
    """The break for a line from ``start`` whose characters up to ``end`` fit.

    Spaces after the last fitting character hang in the margin; otherwise the latest
    allowed break at or before ``end``; failing that (one long word), ``end`` itself.
    """
    if text[end] == " ":
        return end
    for cut in range(end, start, -1):
        if may_break(text[cut - 1], text[cut]):
            return cut
    return end


def may_break(before: str, after: str) -> bool:
    """Whether a line may end after ``before`` when ``after`` follows."""
    if after in NO_START or before in NO_END:
        return False
    if before == " ":
        return True
    if before in _PAIRED and after == before:
        return False
    return not (_wordlike(before) and _wordlike(after))


def _wordlike(char: str) -> bool:
    """A letter, digit or sign of a Latin word or number (kept together on a line)."""
    return (char.isascii() and not char.isspace()) or ("\u00c0" <= char <= "\u024f")
