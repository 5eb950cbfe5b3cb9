"""Printable QR cards: post cards (six to an A4 page) and enterprise cards for inspectors."""

from __future__ import annotations

import math
from dataclasses import dataclass

from shared.cards import CheckCard
from sync_server.lists.columns import FREQUENCY_NAMES
from sync_server.lists.pdf import Document, qr_modules, qr_png

_LEFT, _TOP = 10.0, 10.0
_CARD_W, _CARD_H = 95.0, 92.0
_COLUMNS, _ROWS = 2, 3
CARDS_PER_PAGE = _COLUMNS * _ROWS
"""Post cards on one A4 page, in order: how the command line tells which page holds a post."""
_PAD = 4.0
MODULE_MM = 1.35
"""Printed QR module size: phone cameras at arm's length read ≥ 1.3 mm modules (issue 15)."""
QUIET_MODULES = 4
"""The quiet zone the QR standard asks for; it also keeps every text 4 modules off the code."""
_ITEM_LINE = 2.9
_ITEM_SIZE = 6.5


@dataclass(frozen=True)
class PostCard:
    """What one post's printed card shows."""

    enterprise: str
    workshop: str
    post: str
    post_id: str
    card: CheckCard | None
    qr_text: str
    manual_code: str


@dataclass(frozen=True)
class EnterpriseCard:
    """What an enterprise's printed card shows: who it is, where, and its code."""

    enterprise: str
    credit_code: str
    industry: str
    grid_path: str
    qr_text: str
    manual_code: str


def post_card_sheet(cards: list[PostCard]) -> bytes:
    """A4 pages of post cards, 2 × 3 to a page with cut lines, to stick up at each post.

    Each card names the enterprise, workshop and post, lists the card's items in short and
    carries the signed QR with its manual code beside it for when the camera cannot read it.
    """
    doc = Document("岗位安全检查卡二维码")
    doc.set_auto_page_break(auto=False)
    for index, card in enumerate(cards):
        slot = index % (_COLUMNS * _ROWS)
        if slot == 0:
            doc.add_page()
        x = _LEFT + (slot % _COLUMNS) * _CARD_W
        y = _TOP + (slot // _COLUMNS) * _CARD_H
        _post_card(doc, card, x, y)
    if not cards:
        doc.add_page()
        doc.text_at(_LEFT, _TOP, "没有可打印的岗位。", 12)
    return doc.bytes()


def _frame(doc: Document, x: float, y: float, w: float, h: float) -> None:
    doc.set_draw_color(150, 150, 150)
    doc.set_dash_pattern(dash=1.5, gap=1.5)
    doc.rect(x, y, w, h)
    doc.set_dash_pattern()
    doc.set_draw_color(0, 0, 0)


def _post_card(doc: Document, card: PostCard, x: float, y: float) -> None:
    """Name and post above; the code at 1.35 mm modules; manual code and workshop beside it.

    The code's image carries its 4-module quiet zone, and no text is placed on the image, so
    text stays at least 4 modules from the symbol (text printed closer confuses the finder
    search of phone decoders).
    """
    _frame(doc, x, y, _CARD_W, _CARD_H)
    inner = _CARD_W - 2 * _PAD
    left = x + _PAD
    doc.text_at(left, y + 3, card.enterprise, 8, width=inner, colour=doc.grey())
    doc.text_at(left, y + 7.5, card.post, 15, width=inner)
    qr_y = y + 14.5
    side = (qr_modules(card.qr_text) + 2 * QUIET_MODULES) * MODULE_MM
    doc.image(qr_png(card.qr_text, border=QUIET_MODULES), x=left, y=qr_y, w=side, h=side)
    right = left + side + 1
    width = inner - side - 1
    doc.text_at(right, qr_y + 5, "手工码", 8, colour=doc.grey())
    doc.text_at(right, qr_y + 9, card.manual_code, 15, width=width)
    doc.text_at(right, qr_y + 19, "扫码打开本岗位检查卡；", 7, width=width)
    doc.text_at(right, qr_y + 22.5, "无法扫码时在手机上", 7, width=width)
    doc.text_at(right, qr_y + 26, "输入手工码。", 7, width=width)
    doc.text_at(right, qr_y + 32, f"车间：{card.workshop}", 7.5, width=width)
    doc.text_at(right, qr_y + 36, f"岗位编码：{card.post_id}", 7.5, width=width)
    if card.card is not None:
        label = f"{card.card.name}（第{card.card.version}版）"
        below = qr_y + side + 0.5
        doc.text_at(left, below, label, 7, width=inner, colour=doc.grey())
        _items(doc, card.card, left, below + _ITEM_LINE + 0.5, inner, y + _CARD_H - 1)


def _items(
    doc: Document, card: CheckCard, x: float, top: float, width: float, bottom: float
) -> None:
    """The items in short (what and how often), in as many columns as they need (at most 3)."""
    per_column = max(int((bottom - top) // _ITEM_LINE), 1)
    columns = min(math.ceil(len(card.items) / per_column), 3)
    column_width = width / columns
    shown = card.items[: per_column * columns]
    for index, item in enumerate(shown):
        column, line = divmod(index, per_column)
        text = f"{item.id}. {item.what}·{FREQUENCY_NAMES[item.frequency]}"
        doc.text_at(
            x + column * column_width,
            top + line * _ITEM_LINE,
            text,
            _ITEM_SIZE,
            width=column_width - 1.5,
        )
    if len(shown) < len(card.items):
        doc.text_at(x, bottom - _ITEM_LINE, f"……共 {len(card.items)} 项", _ITEM_SIZE)


def enterprise_card_sheet(cards: list[EnterpriseCard]) -> bytes:
    """A4 pages of enterprise cards, 2 × 2 to a page, for the gate: inspectors scan on arrival."""
    doc = Document("企业二维码（执法检查、网格巡查用）")
    doc.set_auto_page_break(auto=False)
    width, height = 95.0, 138.0
    for index, card in enumerate(cards):
        slot = index % 4
        if slot == 0:
            doc.add_page()
        x = _LEFT + (slot % 2) * width
        y = _TOP + (slot // 2) * height
        _frame(doc, x, y, width, height)
        _enterprise_card(doc, card, x + 6, y + 6, width - 12)
    if not cards:
        doc.add_page()
        doc.text_at(_LEFT, _TOP, "没有可打印的企业。", 12)
    return doc.bytes()


def _enterprise_card(doc: Document, card: EnterpriseCard, x: float, y: float, w: float) -> None:
    doc.text_at(x, y, "企业安全检查二维码", 9, colour=doc.grey())
    doc.text_at(x, y + 6, card.enterprise, 14, width=w)
    doc.text_at(x, y + 15, f"统一社会信用代码：{card.credit_code}", 8, width=w)
    doc.text_at(x, y + 20, f"行业：{card.industry}", 8, width=w)
    doc.text_at(x, y + 25, f"网格：{card.grid_path}", 8, width=w)
    size = 62.0
    doc.image(qr_png(card.qr_text), x=x + (w - size) / 2, y=y + 32, w=size, h=size)
    doc.text_at(x, y + 98, "手工码", 8, colour=doc.grey())
    doc.text_at(x + 12, y + 96, card.manual_code, 18, width=w - 12)
    doc.text_at(x, y + 108, "执法检查、网格巡查到场时扫码，", 8, width=w)
    doc.text_at(x, y + 112.5, "确认检查对象；无法扫码时输入手工码。", 8, width=w)
