"""The A4 PDF base for every printed document: fpdf2 with the bundled CJK font embedded."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import segno
from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue
from fpdf.util import Padding

from sync_server.lists.line_break import break_lines
from sync_server.lists.printable import pdf_text

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
LATIN_FONT = FONTS / "DejaVuSans.ttf"
"""DejaVu Sans for Latin letters and digits, which the CJK font lacks."""
CJK_FONT = FONTS / "DroidSansFallbackFull.ttf"
"""DroidSansFallbackFull (Apache-2.0) for Chinese: fpdf2 falls back to it glyph by glyph."""
FAMILY = "sans"
CJK = "cjk"
_GREY = (110, 110, 110)
_FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)
_ALIGN_AT = 1
"""Where ``align`` stands among ``multi_cell``'s positional arguments after ``text``."""
_SLACK = 0.001
"""mm kept free at a line's end, so fpdf2 never re-breaks a line the breaker chose."""


class Document(FPDF):
    """An A4 (A3 for the wall) document in mm with embedded Latin and CJK fonts, numbered pages.

    The font has one weight, so emphasis is made with size and colour, never a bold style.
    """

    def __init__(
        self,
        title: str,
        orientation: Literal["P", "L"] = "P",
        *,
        paper: Literal["A4", "A3"] = "A4",
    ) -> None:
        super().__init__(orientation=orientation, unit="mm", format=paper)
        self.add_font(FAMILY, fname=str(LATIN_FONT))
        self.add_font(CJK, fname=str(CJK_FONT))
        self.set_fallback_fonts([CJK])
        self.set_font(FAMILY, size=10)
        self.set_title(title)
        self.set_creator("双控巡检")
        self.set_creation_date(_FIXED_DATE)
        self.set_margins(12, 12, 12)
        self.set_auto_page_break(auto=True, margin=14)
        self.footer_text = title
        self.alias_nb_pages()

    def footer(self) -> None:
        """The title and page number at the foot of every page."""
        self.set_y(-10)
        self.set_font(FAMILY, size=7)
        self.set_text_color(*_GREY)
        self.cell(0, 4, f"{self.footer_text}　第 {self.page_no()} 页 / 共 {{nb}} 页", align="C")
        self.set_text_color(0, 0, 0)

    def text_at(self, x: float, y: float, text: str, size: float, **style: Any) -> None:
        """One line of text whose top-left corner is at (x, y), cut with … to ``width``."""
        width: float = style.get("width", 0)
        self.set_font(FAMILY, size=size)
        self.set_text_color(*style.get("colour", (0, 0, 0)))
        self.set_xy(x, y)
        line = text.replace("\n", " ")
        self.cell(width, size * 0.45, self.fit(line, width) if width else line)
        self.set_text_color(0, 0, 0)

    def fit(self, text: str, width: float) -> str:
        """``text`` shortened with … until it fits ``width`` mm at the current font size.

        The longest prefix that fits is found by halving, so a 4,000-character text is
        measured a dozen times, not once per character (that took 86 s).
        """
        if self.get_string_width(text) <= width:
            return text
        fits, too_long = 0, len(text)
        while too_long - fits > 1:
            middle = (fits + too_long) // 2
            if self.get_string_width(text[:middle] + "…") <= width:
                fits = middle
            else:
                too_long = middle
        return text[:fits] + "…"

    def multi_cell(
        self, w: float, h: float | None = None, text: str = "", *args: Any, **kwargs: Any
    ) -> Any:
        """fpdf2's multi_cell with our line breaks (避头尾) and flush-left lines, never justified.

        Every paragraph and table cell of every PDF goes through here: fpdf2 alone justified
        (wide gaps in Chinese lines) and let 》 or ，start a line.
        """
        rest = list(args)
        if len(rest) > _ALIGN_AT:
            rest[_ALIGN_AT] = _flush(rest[_ALIGN_AT])
        else:
            kwargs["align"] = _flush(kwargs.get("align", Align.J))
        if not kwargs.get("markdown"):
            room = self._room(w, kwargs.get("padding", 0))
            text = "\n".join(self.lines(text, room))
        return super().multi_cell(w, h, text, *rest, **kwargs)

    def lines(self, text: str, width: float) -> list[str]:
        """``text`` broken into lines of at most ``width`` mm at the current font and size."""
        return break_lines(pdf_text(text), width - _SLACK, self._char_width)

    def _char_width(self, char: str) -> float:
        key = (self.font_family, self.font_size_pt, char)
        known = self._widths.get(key)
        if known is None:
            known = self._widths[key] = self.get_string_width(char)
        return known

    @property
    def _widths(self) -> dict[tuple[str, float, str], float]:
        cache: dict[tuple[str, float, str], float] | None = self.__dict__.get("_width_cache")
        if cache is None:
            cache = self.__dict__["_width_cache"] = {}
        return cache

    def _room(self, w: float, padding: Any) -> float:
        """The text width of a multi_cell as fpdf2 reckons it: padding, else the cell margin."""
        pad = Padding.new(padding)
        room = (w or self.w - self.r_margin - self.x) - pad.left - pad.right
        room -= (0 if pad.left else self.c_margin) + (0 if pad.right else self.c_margin)
        return room

    def normalize_text(self, text: str) -> str:
        """Every text drawn or measured, with what no font can draw replaced (see printable)."""
        return super().normalize_text(pdf_text(text))

    def pieces(self, text: str, width: float, lines: int) -> list[str]:
        """``text`` wrapped at ``width`` mm and cut into pieces of at most ``lines`` lines.

        A table row cannot break across pages: a 1,200-character description made a row
        taller than the page and the notice failed. Each piece becomes a row of its own.
        A text that surely fits (at most half the lines' length) is not measured line by line.
        """
        if self.get_string_width(text) <= width * lines / 2:
            return [text]
        wrapped: list[str] = self.multi_cell(
            width, text=text, dry_run=True, output=MethodReturnValue.LINES, padding=0
        )
        return ["\n".join(wrapped[i : i + lines]) for i in range(0, len(wrapped), lines)] or [""]

    def long_rows(
        self, cells: tuple[str, ...], widths: tuple[float, ...], lines: int
    ) -> list[tuple[str, ...]]:
        """One table row as several, so that no cell has more than ``lines`` lines in a row."""
        split = [
            self.pieces(text, width - 2, lines) for text, width in zip(cells, widths, strict=True)
        ]
        depth = max(len(parts) for parts in split)
        return [tuple(parts[i] if i < len(parts) else "" for parts in split) for i in range(depth)]

    def grey(self) -> tuple[int, int, int]:
        """The secondary text colour."""
        return _GREY

    def bytes(self) -> bytes:
        """The finished PDF."""
        return bytes(self.output())


def _flush(align: Any) -> Any:
    """Justified (the default) becomes flush left; centred and right stay as asked."""
    return Align.L if Align.coerce(align) is Align.J else align


def qr_png(text: str, scale: int = 8, *, border: int = 2) -> io.BytesIO:
    """A QR code image (PNG) for ``text``, medium error correction, ``border`` quiet modules."""
    code = segno.make(text, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=scale, border=border)
    out.seek(0)
    return out


def qr_modules(text: str) -> int:
    """The side of ``text``'s QR symbol in modules, quiet zone excluded (as ``qr_png`` draws)."""
    width, _ = segno.make(text, error="m", micro=False).symbol_size(border=0)
    return int(width)
