"""The A4 PDF base for every printed document: fpdf2 with the bundled CJK font embedded."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import segno
from fpdf import FPDF
from fpdf.enums import MethodReturnValue

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


class Document(FPDF):
    """An A4 document in mm with embedded fonts for Latin and Chinese, a title, numbered pages.

    The font has one weight, so emphasis is made with size and colour, never a bold style.
    """

    def __init__(self, title: str, orientation: Literal["P", "L"] = "P") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
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
        wrapped: list[str] = self.multi_cell(  # type: ignore[assignment]
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
