"""A long table on PDF pages at a cost linear in its rows and small per cell: the ledger's.

fpdf2's table lays out every cell twice with ``multi_cell`` and picks a font glyph by glyph on
each call: about 40 ms a row on a busy machine, so a 10,000-hazard ledger took minutes. Here
each cell is wrapped once from the fonts' own width tables, and each line is placed as runs of
one font with ``text()``. Rows never break across pages; a cell longer than ``MAX_LINES``
lines goes on in the next row, so no row outgrows a page.
"""

from __future__ import annotations

from collections.abc import Container, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sync_server.lists.line_break import break_lines
from sync_server.lists.pdf import CJK, FAMILY, Document
from sync_server.lists.printable import pdf_text

MAX_LINES = 12
_PAD = 0.8
"""Space between a cell's border and its text, mm."""


@dataclass(frozen=True)
class TableStyle:
    """Font size, line height (mm), column widths (mm) and the heading's fill colour."""

    size: float
    line_height: float
    widths: tuple[float, ...]
    heading_fill: tuple[int, int, int]


class LongTable:
    """Rows drawn one after another, the heading repeated at the top of every page."""

    def __init__(self, doc: Document, heading: Sequence[str], style: TableStyle) -> None:
        self.doc = doc
        self.style = style
        self.heading = tuple(heading)
        doc.set_font(FAMILY, size=style.size)
        fonts: dict[str, Any] = {family: doc.fonts[family] for family in (FAMILY, CJK)}
        self._latin: Container[int] = fonts[FAMILY].cmap
        self._width_of: dict[str, Mapping[int, float]] = {
            family: font.cw for family, font in fonts.items()
        }
        self._scale = style.size * 0.001 / doc.k
        self._draw(self.heading, fill=True)

    def row(self, cells: Sequence[str]) -> None:
        """One record, as one or more drawn rows when a cell is very long."""
        wrapped = [
            self._wrap(pdf_text(text), width - 2 * _PAD)
            for text, width in zip(cells, self.style.widths, strict=True)
        ]
        depth = max(len(lines) for lines in wrapped)
        for start in range(0, depth, MAX_LINES):
            self._draw_lines([lines[start : start + MAX_LINES] for lines in wrapped])

    def _draw(self, cells: Sequence[str], *, fill: bool = False) -> None:
        widths = self.style.widths
        wrapped = [
            self._wrap(text, width - 2 * _PAD) for text, width in zip(cells, widths, strict=True)
        ]
        self._draw_lines(wrapped, fill=fill)

    def _draw_lines(self, cells: list[list[str]], *, fill: bool = False) -> None:
        doc, style = self.doc, self.style
        height = max(1, max(len(lines) for lines in cells)) * style.line_height + 2 * _PAD
        if doc.get_y() + height > doc.h - doc.b_margin and not fill:
            doc.add_page()
            self._draw(self.heading, fill=True)
        top, x = doc.get_y(), doc.l_margin
        if fill:
            doc.set_fill_color(*style.heading_fill)
            doc.rect(x, top, sum(style.widths), height, style="F")
        for lines, width in zip(cells, style.widths, strict=True):
            doc.rect(x, top, width, height)
            for number, line in enumerate(lines):
                baseline = top + _PAD + (number + 0.78) * style.line_height
                self._line(x + _PAD, baseline, line)
            x += width
        doc.set_y(top + height)

    def _runs(self, text: str) -> list[tuple[str, str]]:
        """The text as runs of one font: the Latin one where it has the glyph, else CJK."""
        runs: list[tuple[str, str]] = []
        for char in text:
            family = FAMILY if ord(char) in self._latin else CJK
            if runs and runs[-1][0] == family:
                runs[-1] = (family, runs[-1][1] + char)
            else:
                runs.append((family, char))
        return runs

    def _char_width(self, char: str) -> float:
        family = FAMILY if ord(char) in self._latin else CJK
        return float(self._width_of[family][ord(char)]) * self._scale

    def _wrap(self, text: str, width: float) -> list[str]:
        """Lines that fit ``width``, broken by the rules every PDF follows (``line_break``)."""
        return break_lines(text, width, self._char_width)

    def _line(self, x: float, baseline: float, line: str) -> None:
        doc = self.doc
        for family, run in self._runs(line):
            doc.set_font(family, size=self.style.size)
            doc.text(x, baseline, run)
            x += sum(self._char_width(char) for char in run)
        doc.set_font(FAMILY, size=self.style.size)
