"""岗位风险告知卡: one A4 page per post, posted where the work is done (一岗一卡).

What a worker at the post must know: each risk point at the post in its colour, the 五高
element, the accidents it can cause, the control measures, what to do in an emergency and who
answers for it, with the post's signed QR (the same code as the post card, so scanning it opens
the post's check card). The measures' kinds (engineering, management, PPE, emergency) come from
the points identified on phones; an imported point lists its measures without kinds.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.org import Post, RiskPoint
from shared.risk import (
    ACCIDENT_TYPE_NAMES,
    CONTROL_LEVEL_NAMES,
    FIVE_HIGH_NAMES,
    RISK_LEVEL_NAMES,
    RiskColour,
    gravity,
)
from sync_server.lists.enterprise_lists import EnterpriseLists
from sync_server.lists.pdf import FAMILY, Document, qr_png
from sync_server.lists.pdf_cards import PostCard

__all__ = ["risk_cards_pdf"]

COLOURS = {
    RiskColour.RED: (214, 39, 40),
    RiskColour.ORANGE: (237, 125, 49),
    RiskColour.YELLOW: (240, 196, 25),
    RiskColour.BLUE: (46, 117, 182),
}
"""The print colour of each level (四色)."""
_QR = 32.0
_WIDTH = 186.0
CONTROLS = frozenset({"engineering", "management", "ppe"})
EMERGENCY = frozenset({"emergency"})


@dataclass(frozen=True)
class _Card:
    post: PostCard
    points: list[RiskPoint]
    responsible: str = ""  # the post's 责任人 by name, so workers know whom to tell


def risk_cards_pdf(lists: EnterpriseLists, posts: list[PostCard]) -> bytes:
    """One page (or more) per post, its risk points gravest first."""
    doc = Document("岗位风险告知卡")
    for card in _cards(lists, posts):
        _page(doc, lists, card)
    if not posts:
        doc.add_page()
        doc.text_at(12, 12, "没有可打印的岗位。", 12)
    return doc.bytes()


def _cards(lists: EnterpriseLists, posts: list[PostCard]) -> list[_Card]:
    """Each post with its points: those at the post, and its workshop's that name no post."""
    by_id: dict[str, Post] = {post.id: post for post in lists.posts}
    cards = []
    for shown in posts:
        post = by_id.get(shown.post_id)
        points = [
            point
            for point in lists.points
            if point.post_id == shown.post_id
            or (
                point.post_id is None and post is not None and point.workshop_id == post.workshop_id
            )
        ]
        points.sort(key=lambda p: (-gravity(p.colour), p.name, p.id))
        named = lists.person(post.responsible) if post is not None else ""
        cards.append(_Card(shown, points, named))
    return cards


def _page(doc: Document, lists: EnterpriseLists, card: _Card) -> None:
    doc.add_page()
    top = doc.get_y()
    doc.text_at(12, top, "岗位风险告知卡", 20)
    doc.text_at(12, top + 11, card.post.enterprise, 10, width=_WIDTH - _QR - 4)
    doc.text_at(
        12, top + 17, f"{card.post.workshop} · {card.post.post}", 13, width=_WIDTH - _QR - 4
    )
    if card.responsible:
        doc.text_at(12, top + 24, f"岗位责任人：{card.responsible}", 10, width=_WIDTH - _QR - 4)
    doc.text_at(12, top + 30, "扫码打开本岗位检查卡，发现隐患随时上报。", 8, colour=doc.grey())
    x = 12 + _WIDTH - _QR
    doc.image(qr_png(card.post.qr_text, border=2), x=x, y=top, w=_QR, h=_QR)
    doc.text_at(x, top + _QR + 0.5, f"手工码 {card.post.manual_code}", 7, width=_QR)
    doc.set_y(top + _QR + 6)
    if not card.points:
        _paragraph(doc, "本岗位暂无登记的风险点。", 10)
    for point in card.points:
        _point(doc, lists, point)


def _point(doc: Document, lists: EnterpriseLists, point: RiskPoint) -> None:
    if doc.get_y() > doc.h - 60:
        doc.add_page()
    colour = COLOURS[point.colour]
    doc.set_fill_color(*colour)
    ink = (0, 0, 0) if point.colour is RiskColour.YELLOW else (255, 255, 255)  # legible on it
    doc.set_text_color(*ink)
    doc.set_font(FAMILY, size=11)
    level = f"{RISK_LEVEL_NAMES[point.colour]} · {CONTROL_LEVEL_NAMES[point.control_level]}管控"
    doc.cell(_WIDTH, 7, f" {point.name}　{level}", fill=True, new_x="LMARGIN", new_y="NEXT")
    doc.set_text_color(0, 0, 0)
    five = FIVE_HIGH_NAMES[point.five_high] if point.five_high else "—"
    _field(doc, "五高要素", five)
    accidents, factors = _accidents(lists, point)
    _field(doc, "可能导致的事故", accidents or "—")
    if factors:
        _field(doc, "危险因素", factors)
    _field(doc, "管控措施", lists.measures(point, CONTROLS) or lists.measures(point) or "—")
    _field(doc, "应急处置", lists.measures(point, EMERGENCY) or "按本单位应急预案处置，立即报告。")
    if point.control_goal:
        _field(doc, "管控目标", point.control_goal)
    _field(doc, "责任人", lists.person(lists.responsible_for(point)) or "—")
    doc.ln(3)


def _accidents(lists: EnterpriseLists, point: RiskPoint) -> tuple[str, str]:
    """The accident types and the hazard factors apart where the phone recorded them apart."""
    record = lists.records.get(point.id)
    if record is None:
        return "、".join(point.hazard_factors), ""
    names = "、".join(ACCIDENT_TYPE_NAMES[kind] for kind in record.accident_types)
    return names, record.hazard_factors


def _field(doc: Document, label: str, text: str) -> None:
    y = doc.get_y()
    doc.set_xy(12, y)
    doc.set_font(FAMILY, size=9)
    doc.set_text_color(*doc.grey())
    doc.cell(30, 5.5, label)
    doc.set_text_color(0, 0, 0)
    doc.set_xy(42, y)
    doc.multi_cell(_WIDTH - 30, 5.5, text, new_x="LMARGIN", new_y="NEXT")


def _paragraph(doc: Document, text: str, size: float) -> None:
    doc.set_font(FAMILY, size=size)
    doc.multi_cell(_WIDTH, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
