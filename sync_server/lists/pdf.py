"""The A4 PDF base for every printed document: fpdf2 with the bundled CJK font embedded."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import segno
from fpdf import FPDF

FONTS = Path(__file__).resolve().parents[2] / "assets" / "fonts"
LATIN_FONT = FONTS / "DejaVuSans.ttf"
"""DejaVu Sans for Latin letters and digits, which the CJK font lacks."""
CJK_FONT = FONTS / "DroidSansFallbackFull.ttf"
"""DroidSansFallbackFull (Apache-2.0) for Chinese: fpdf2 falls back to it glyph by glyph."""
FAMILY = "sans"
_GREY = (110, 110, 110)
_FIXED_DATE = datetime(2026, 1, 1, tzinfo=UTC)


class Document(FPDF):
    """An A4 document in mm with embedded fonts for Latin and Chinese, a title, numbered pages.

    The font has one weight, so emphasis is made with size and colour, never a bold style.
    """

    def __init__(self, title: str, orientation: Literal["P", "L"] = "P") -> None:
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.add_font(FAMILY, fname=str(LATIN_FONT))
        self.add_font("cjk", fname=str(CJK_FONT))
        self.set_fallback_fonts(["cjk"])
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
        self.cell(width, size * 0.45, self.fit(text, width) if width else text)
        self.set_text_color(0, 0, 0)

    def fit(self, text: str, width: float) -> str:
        """``text`` shortened with … until it fits ``width`` mm at the current font size."""
        if self.get_string_width(text) <= width:
            return text
        while text and self.get_string_width(text + "…") > width:
            text = text[:-1]
        return text + "…"

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
