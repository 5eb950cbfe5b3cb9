"""The PDFs' line breaker: Chinese typesetting's 避头尾, Latin words kept whole, nothing lost."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync_server.lists.line_break import break_lines, may_break


def width(char: str) -> float:
    """A Chinese character is 1 wide, a Latin letter, digit or space half."""
    return 0.5 if char.isascii() else 1.0


@pytest.mark.parametrize(
    ("text", "room", "lines"),
    [
        ("检查发现下列隐患", 4, ["检查发现", "下列隐患"]),
        # a closing mark never opens a line: the last character goes down with it
        ("整改完毕，报告", 4, ["整改完", "毕，报告"]),
        ("依据《安全生产法》整改", 8, ["依据《安全生产", "法》整改"]),
        ("整改完毕。」另行", 4, ["整改完", "毕。」另", "行"]),
        # an opening mark never closes one
        ("依据规定《安全生产法》", 5, ["依据规定", "《安全生产", "法》"]),
        ("现场（后厨）", 3, ["现场", "（后", "厨）"]),
        # Latin words and numbers stay whole; a space breaks and is dropped at the break
        ("依据GB50016-2014规定", 8, ["依据GB50016-2014", "规定"]),
        ("fire door locked", 5, ["fire door", "locked"]),
        ("限期2026年", 3, ["限期", "2026年"]),
        # a word longer than the line is cut where the line is full
        ("ABCDEFGHIJKL", 3, ["ABCDEF", "GHIJKL"]),
        # —— and …… stay whole
        ("整改——立即", 3, ["整", "改——", "立即"]),
        # a line break in the text is kept, and an empty text is one empty line
        ("第一行\n第二行", 10, ["第一行", "第二行"]),
        ("", 5, [""]),
        # a full-width indent at the start of a paragraph is kept
        ("　　经检查发现", 4, ["　　经检", "查发现"]),
        # nothing but closing marks: broken where full, nothing dropped
        ("。。。。。", 2, ["。。", "。。", "。"]),
    ],
)
def test_lines_break_by_the_rules_of_chinese_typesetting(text, room, lines):
    assert break_lines(text, room, width) == lines


@given(
    st.text(alphabet="检查隐患整改，。、；：）》」（《「 aZ09-—…", max_size=80),
    st.integers(2, 12),
)
def test_every_line_fits_keeps_the_text_and_breaks_against_the_marks_only_when_forced(text, room):
    lines = break_lines(text, room, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert sum(width(c) for c in line) <= room or len(line) == 1
    for before, after, spaced in _breaks(text, lines):
        if before and after and not spaced and not may_break(before[-1], after[0]):
            # forced: the line had no allowed break anywhere
            assert not any(may_break(a, b) for a, b in itertools.pairwise(before)), (before, after)


def _breaks(text: str, lines: list[str]) -> list[tuple[str, str, bool]]:
    """Each break: the line before, the line after, and whether spaces stood between them."""
    found, at = [], 0
    for before, after in itertools.pairwise(lines):
        at = text.index(before, at) + len(before)
        spaced = at < len(text) and text[at] == " "
        found.append((before, after, spaced))
    return found
