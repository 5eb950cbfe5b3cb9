"""The 安全风险四色分布图 on one landscape A4 or A3 sheet for the wall.

The site plan (or, without one, a plain grid) fills the left of the sheet with each placed risk
point as a numbered pin in its colour (红橙黄蓝); the right holds the legend with the count of
each colour and the numbered list of points. Points that do not fit the column, or are not yet
placed, still appear: the list goes on over the next pages, and an unplaced point says so.
"""

from __future__ import annotations

import io
from typing import Literal

from PIL import Image

from shared.risk import CONTROL_LEVEL_NAMES, RISK_LEVEL_NAMES, RiskColour
from shared.risk_map import MapEntry, colour_counts
from sync_server.lists.four_colour import Picture
from sync_server.lists.pdf import FAMILY, Document
from sync_server.lists.pdf_table import LongTable, TableStyle

__all__ = ["PIN_COLOURS", "four_colour_pdf"]

Paper = Literal["A4", "A3"]

PIN_COLOURS: dict[RiskColour, tuple[int, int, int]] = {
    RiskColour.RED: (230, 0, 18),
    RiskColour.ORANGE: (255, 128, 0),
    RiskColour.YELLOW: (255, 210, 0),
    RiskColour.BLUE: (0, 102, 204),
}
"""The four colours as the standard's pictures print them."""
_ON_PIN = {RiskColour.YELLOW: (0, 0, 0)}
"""The number's colour on a pin: white, but black on yellow, where white cannot be read."""
_SHORT = {
    RiskColour.RED: "红",
    RiskColour.ORANGE: "橙",
    RiskColour.YELLOW: "黄",
    RiskColour.BLUE: "蓝",
}
_GRID_LINE = (205, 205, 205)
_SIDE = 0.27
"""The share of the sheet's width the legend and list take."""


def four_colour_pdf(picture: Picture, paper: Paper = "A4") -> bytes:
    """The picture on one landscape sheet of ``paper``, with the list continued if it is long."""
    title = f"{picture.enterprise} 安全风险四色分布图"
    doc = Document(title, orientation="L", paper=paper)
    scale = 1.0 if paper == "A4" else 1.41  # A3 is A4 enlarged by √2: print the same picture
    doc.add_page()
    # The sheet is one drawing: a pin or list line near the foot must not start a new page.
    doc.set_auto_page_break(auto=False)
    doc.set_font(FAMILY, size=16 * scale)
    doc.cell(0, 9 * scale, title, align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FAMILY, size=9 * scale)
    doc.cell(0, 5 * scale, _subtitle(picture), align="C", new_x="LMARGIN", new_y="NEXT")
    top = doc.get_y() + 2
    width = doc.w - doc.l_margin - doc.r_margin
    side = width * _SIDE
    box = (doc.l_margin, top, width - side - 4, doc.h - doc.b_margin - top)
    drawn = _plan(doc, picture, box)
    for entry in picture.entries:
        if entry.pin is not None:
            _pin(doc, entry, drawn, scale)
    rest = _side(doc, picture.entries, (doc.w - doc.r_margin - side, top, side), scale)
    if rest:
        _continued(doc, rest, scale)
    return doc.bytes()


def _subtitle(picture: Picture) -> str:
    counts = colour_counts(picture.entries)
    placed = sum(entry.pin is not None for entry in picture.entries)
    parts = [f"制图日期 {picture.day:%Y-%m-%d}", f"风险点 {len(picture.entries)} 个"]
    parts.append(f"已标注 {placed} 个")
    parts.append("、".join(f"{RISK_LEVEL_NAMES[c]} {n}" for c, n in counts.items()))
    return "　".join(parts)


Box = tuple[float, float, float, float]
"""x, y, width, height in mm."""


def _plan(doc: Document, picture: Picture, box: Box) -> Box:
    """The plan fitted into the box (keeping its shape), else a plain grid with a note.

    Returns where the plan itself was drawn: pins are fractions of the plan, not of the box.
    """
    x, y, w, h = box
    doc.set_draw_color(0, 0, 0)
    if picture.plan is not None:
        with Image.open(io.BytesIO(picture.plan)) as image:
            pixels_w, pixels_h = image.size
        fit = min(w / pixels_w, h / pixels_h)
        shown_w, shown_h = pixels_w * fit, pixels_h * fit
        box_x, box_y = x + (w - shown_w) / 2, y + (h - shown_h) / 2
        doc.image(io.BytesIO(picture.plan), box_x, box_y, shown_w, shown_h)
        doc.rect(box_x, box_y, shown_w, shown_h)
        return (box_x, box_y, shown_w, shown_h)
    doc.set_draw_color(*_GRID_LINE)
    for i in range(1, 10):
        doc.line(x + w * i / 10, y, x + w * i / 10, y + h)
        doc.line(x, y + h * i / 10, x + w, y + h * i / 10)
    doc.set_draw_color(0, 0, 0)
    doc.rect(x, y, w, h)
    note = "平面布置图的照片尚未上传完成" if picture.plan_pending else "未上传平面布置图"
    doc.text_at(x + 2, y + 2, f"{note}：按方格示意位置", 8, colour=doc.grey())
    return box


def _pin(doc: Document, entry: MapEntry, plan: Box, scale: float) -> None:
    assert entry.pin is not None
    x, y, w, h = plan
    radius = 3.2 * scale
    cx, cy = x + entry.pin.x * w, y + entry.pin.y * h
    doc.set_fill_color(*PIN_COLOURS[entry.colour])
    doc.set_draw_color(255, 255, 255)
    doc.set_line_width(0.4)
    doc.circle(cx, cy, radius, style="FD")
    doc.set_line_width(0.2)
    doc.set_draw_color(0, 0, 0)
    size = 7.5 * scale if entry.number < 100 else 6 * scale
    doc.set_font(FAMILY, size=size)
    doc.set_text_color(*_ON_PIN.get(entry.colour, (255, 255, 255)))
    doc.set_xy(cx - radius, cy - radius)
    doc.cell(2 * radius, 2 * radius, str(entry.number), align="C")
    doc.set_text_color(0, 0, 0)


def _side(
    doc: Document, entries: list[MapEntry], where: tuple[float, float, float], scale: float
) -> list[MapEntry]:
    """The legend, then as much of the list as fits; returns the entries that did not fit."""
    x, y, width = where
    doc.text_at(x, y, "图例", 10 * scale)
    y += 6 * scale
    for colour, count in colour_counts(entries).items():
        doc.set_fill_color(*PIN_COLOURS[colour])
        doc.rect(x, y, 8 * scale, 4.5 * scale, style="F")
        label = f"{RISK_LEVEL_NAMES[colour]}（{_SHORT[colour]}） {count} 个"
        doc.text_at(x + 10 * scale, y + 0.3, label, 8.5 * scale, width=width - 10 * scale)
        y += 6.5 * scale
    y += 2 * scale
    doc.text_at(x, y, "风险点一览", 10 * scale)
    y += 6 * scale
    line = 4.6 * scale
    bottom = doc.h - doc.b_margin
    for index, entry in enumerate(entries):
        if y + line > bottom:
            doc.text_at(x, y - 0.5, "（续见下页）", 7 * scale, colour=doc.grey())
            return entries[index:]
        _list_line(doc, entry, (x, y, width), scale)
        y += line
    return []


def _list_line(
    doc: Document, entry: MapEntry, where: tuple[float, float, float], scale: float
) -> None:
    x, y, width = where
    radius = 1.9 * scale
    doc.set_fill_color(*PIN_COLOURS[entry.colour])
    doc.circle(x + radius, y + radius, radius, style="F")
    doc.set_font(FAMILY, size=5.5 * scale)
    doc.set_text_color(*_ON_PIN.get(entry.colour, (255, 255, 255)))
    doc.set_xy(x, y)
    doc.cell(2 * radius, 2 * radius, str(entry.number), align="C")
    text = entry.point.name if entry.pin is not None else f"{entry.point.name}（未标注）"
    room = width - 2 * radius - 1.5
    doc.text_at(x + 2 * radius + 1.5, y + 0.4, text, 7.5 * scale, width=room)


_REST_COLUMNS = ("序号", "风险点", "风险等级", "管控层级", "位置")


def _continued(doc: Document, rest: list[MapEntry], scale: float) -> None:
    """The points the side column could not hold, as a table on the following pages."""
    doc.set_auto_page_break(auto=True, margin=14)
    doc.add_page()
    doc.set_font(FAMILY, size=11 * scale)
    doc.cell(0, 7 * scale, "风险点一览（续）", new_x="LMARGIN", new_y="NEXT")
    full = doc.w - doc.l_margin - doc.r_margin
    widths = tuple(full * share for share in (0.08, 0.42, 0.16, 0.14, 0.20))
    style = TableStyle(
        size=8 * scale, line_height=3.6 * scale, widths=widths, heading_fill=(240, 240, 240)
    )
    table = LongTable(doc, _REST_COLUMNS, style)
    for entry in rest:
        point = entry.point
        table.row(
            (
                str(entry.number),
                point.name,
                RISK_LEVEL_NAMES[entry.colour],
                CONTROL_LEVEL_NAMES[point.control_level],
                "已标注" if entry.pin is not None else "未标注",
            )
        )
