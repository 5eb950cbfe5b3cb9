"""一企一清单、一车间一表格: an enterprise's 风险清单 and 隐患排查清单 as xlsx and PDF.

Both are read from the reference data the phones use (cards, posts, workshops, risk points),
so the printed lists say what the workers tick. The 隐患排查清单 is one line per card item, the
PDF a table per workshop on its own pages (车间有表册); the 风险清单 one line per risk point,
gravest first. People are printed by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from shared.cards import CardItem, CheckCard
from shared.org import Enterprise, Post, RiskPoint, Workshop
from shared.risk import CONTROL_LEVEL_NAMES, FIVE_HIGH_NAMES, RISK_LEVEL_NAMES, gravity
from shared.risk_register import Risk
from shared.text import STORED
from sync_server.lists.columns import FREQUENCY_NAMES
from sync_server.lists.ledger_sheet import ledger_workbook
from sync_server.lists.pdf import FAMILY, Document
from sync_server.lists.pdf_table import LongTable, TableStyle
from sync_server.lists.store import load_reference
from sync_server.schema import risks

__all__ = [
    "EnterpriseLists",
    "check_list_pdf",
    "check_list_xlsx",
    "enterprise_lists",
    "risk_list_pdf",
    "risk_list_xlsx",
]

CHECK_COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("车间", 12),
    ("岗位", 12),
    ("排查事项", 22),
    ("排查内容", 30),
    ("合格标准", 30),
    ("典型隐患", 24),
    ("五高要素", 10),
    ("排查频次", 8),
    ("责任部门", 12),
    ("责任人", 14),
    ("管控目标", 20),
    ("标准编码", 10),
)
"""The 隐患排查清单's columns and their width in the workbook (characters)."""
CHECK_PDF = ("序号", "岗位", "排查事项", "排查内容", "合格标准", "五高要素", "排查频次",
             "责任人", "标准编码")  # fmt: skip
_CHECK_WIDTHS = (10.0, 22.0, 40.0, 56.0, 56.0, 18.0, 14.0, 36.0, 21.0)  # 273 mm: landscape A4

RISK_COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("风险点", 22),
    ("车间", 12),
    ("岗位", 12),
    ("五高要素", 10),
    ("事故类型及危险因素", 24),
    ("评估", 16),
    ("风险等级", 10),
    ("管控层级", 8),
    ("管控措施", 40),
    ("管控目标", 20),
    ("责任人", 14),
)
"""The 风险清单's columns and their width in the workbook (characters)."""
RISK_PDF = ("序号", "风险点", "车间/岗位", "五高要素", "事故类型及危险因素", "风险等级",
            "管控层级", "管控措施", "管控目标", "责任人")  # fmt: skip
_RISK_WIDTHS = (10.0, 30.0, 26.0, 18.0, 34.0, 22.0, 14.0, 67.0, 30.0, 22.0)  # 273 mm


@dataclass(frozen=True)
class EnterpriseLists:
    """What both lists are made of: the enterprise's reference data and people's names."""

    enterprise: Enterprise
    workshops: Mapping[str, Workshop]
    posts: list[Post]
    cards: Mapping[str, CheckCard]
    points: list[RiskPoint]
    records: Mapping[str, Risk]  # risk points identified on phones: measures with their kinds
    people: Mapping[str, str]

    def workshop_name(self, workshop_id: str | None) -> str:
        """The workshop's name, or its id when it is not listed, or blank for none."""
        if workshop_id is None:
            return ""
        found = self.workshops.get(workshop_id)
        return found.name if found else workshop_id

    def person(self, user_id: str | None, title: str = "") -> str:
        """王师傅（灶台岗） for a person with a title, the name, or the title alone."""
        if user_id is None:
            return title
        name = self.people.get(user_id, user_id)
        return f"{name}（{title}）" if title else name

    def check_rows(self, workshop_id: str | None = None) -> list[dict[str, Any]]:
        """One row per item of each post's card, by workshop then post (one workshop's only)."""
        rows: list[dict[str, Any]] = []
        for post in sorted(self.posts, key=lambda p: (self.workshop_name(p.workshop_id), p.name)):
            card = self.cards.get(post.card_id or "")
            if card is None or (workshop_id is not None and post.workshop_id != workshop_id):
                continue
            rows.extend(self._check_row(len(rows) + 1, post, item) for item in card.items)
        return rows

    def _check_row(self, number: int, post: Post, item: CardItem) -> dict[str, Any]:
        workshop = self.workshop_name(post.workshop_id)
        return {
            "序号": number,
            "车间": workshop,
            "岗位": post.name,
            "排查事项": item.what,
            "排查内容": item.how,
            "合格标准": item.pass_criterion,
            "典型隐患": item.typical_hazard,
            "五高要素": FIVE_HIGH_NAMES[item.five_high] if item.five_high else "",
            "排查频次": FREQUENCY_NAMES[item.frequency],
            "责任部门": workshop,
            "责任人": self.person(item.responsible or post.responsible, item.responsible_role),
            "管控目标": item.control_goal,
            "标准编码": item.standard or "",
        }

    def risk_rows(self) -> list[dict[str, Any]]:
        """One row per risk point, gravest first, then by name."""
        ordered = sorted(self.points, key=lambda p: (-gravity(p.colour), p.name, p.id))
        posts: dict[str, str] = {post.id: post.name for post in self.posts}
        return [
            {
                "序号": number,
                "风险点": point.name,
                "车间": self.workshop_name(point.workshop_id),
                "岗位": posts.get(point.post_id or "", point.post_id or ""),
                "五高要素": FIVE_HIGH_NAMES[point.five_high] if point.five_high else "",
                "事故类型及危险因素": "、".join(point.hazard_factors),
                "评估": _assessment(point),
                "风险等级": RISK_LEVEL_NAMES[point.colour],
                "管控层级": CONTROL_LEVEL_NAMES[point.control_level],
                "管控措施": self.measures(point),
                "管控目标": point.control_goal,
                "责任人": self.person(self.responsible_for(point)),
            }
            for number, point in enumerate(ordered, start=1)
        ]

    def responsible_for(self, point: RiskPoint) -> str | None:
        """The point's own 责任人, else its post's: whoever answers for the post answers for it."""
        if point.responsible is not None or point.post_id is None:
            return point.responsible
        post = next((p for p in self.posts if p.id == point.post_id), None)
        return post.responsible if post is not None else None

    def measures(self, point: RiskPoint, kinds: frozenset[str] | None = None) -> str:
        """The point's measures, one a line, with their kind where the phone recorded it."""
        record = self.records.get(point.id)
        if record is None:
            return "\n".join(point.measures) if kinds is None else ""
        return "\n".join(
            f"[{MEASURE_KINDS[m.kind.value]}] {m.text}" if kinds is None else m.text
            for m in record.measures
            if kinds is None or m.kind.value in kinds
        )


MEASURE_KINDS = {
    "engineering": "工程技术",
    "management": "管理",
    "ppe": "个体防护",
    "emergency": "应急处置",
}


def _assessment(point: RiskPoint) -> str:
    parts = []
    if point.lec is not None:
        parts.append(f"LEC D={point.lec.d:g}")
    if point.ls is not None:
        parts.append(f"LS R={point.ls.l}×{point.ls.s}={point.ls.r}")
    return "；".join(parts)


def enterprise_lists(
    conn: Connection, enterprise: Enterprise, people: Mapping[str, str]
) -> EnterpriseLists:
    """Read the enterprise's reference data and the records of its phone-identified points."""
    refs = load_reference(conn, [enterprise.id])
    records = {
        row.id: Risk.model_validate(row.body, context=STORED)
        for row in conn.execute(
            select(risks.c.id, risks.c.body).where(risks.c.tenant == enterprise.id)
        )
    }
    return EnterpriseLists(
        enterprise=enterprise,
        workshops={w.id: w for w in refs.workshop if w.tenant == enterprise.id},
        posts=[p for p in refs.post if p.tenant == enterprise.id],
        cards={c.id: c for c in refs.card if c.tenant == enterprise.id},
        points=[p for p in refs.risk_point if p.tenant == enterprise.id],
        records=records,
        people=people,
    )


def check_list_xlsx(lists: EnterpriseLists) -> bytes:
    """The 隐患排查清单 as a workbook: every card item of every post."""
    rows = lists.check_rows()
    lines = (lists.enterprise.name, f"共 {len(rows)} 项，来自 {len(lists.cards)} 张岗位检查卡。")
    return ledger_workbook("隐患排查清单", "隐患排查清单", lines, CHECK_COLUMNS, rows)


def check_list_pdf(lists: EnterpriseLists) -> bytes:
    """The 隐患排查清单 on landscape A4: one table per workshop, each from a new page."""
    doc = Document("隐患排查清单", orientation="L")
    shops = sorted({p.workshop_id for p in lists.posts}, key=lambda w: (lists.workshop_name(w), w))
    style = TableStyle(
        size=7.5, line_height=3.4, widths=_CHECK_WIDTHS, heading_fill=(221, 235, 247)
    )
    printed = 0
    for shop in shops:
        rows = lists.check_rows(shop)
        if not rows:
            continue
        _heading(
            doc,
            "隐患排查清单",
            f"{lists.enterprise.name}　车间（部门）：{lists.workshop_name(shop)}",
        )
        table = LongTable(doc, CHECK_PDF, style)
        for row in rows:
            table.row(tuple(str(row[name]) for name in CHECK_PDF))
        printed += 1
    if not printed:
        _heading(doc, "隐患排查清单", lists.enterprise.name)
        doc.cell(0, 8, "还没有岗位检查卡。", new_x="LMARGIN", new_y="NEXT")
    return doc.bytes()


def risk_list_xlsx(lists: EnterpriseLists) -> bytes:
    """The 风险清单 as a workbook: every listed risk point, gravest first."""
    rows = lists.risk_rows()
    lines = (lists.enterprise.name, f"共 {len(rows)} 个风险点。")
    return ledger_workbook("风险清单", "安全风险清单", lines, RISK_COLUMNS, rows, tint="FCE4D6")


def risk_list_pdf(lists: EnterpriseLists) -> bytes:
    """The 风险清单 on landscape A4, gravest first."""
    doc = Document("安全风险清单", orientation="L")
    _heading(doc, "安全风险清单", lists.enterprise.name)
    style = TableStyle(size=7.5, line_height=3.4, widths=_RISK_WIDTHS, heading_fill=(252, 228, 214))
    table = LongTable(doc, RISK_PDF, style)
    for row in lists.risk_rows():
        row["车间/岗位"] = " · ".join(part for part in (row["车间"], row["岗位"]) if part)
        table.row(tuple(str(row[name]) for name in RISK_PDF))
    return doc.bytes()


def _heading(doc: Document, title: str, scope: str) -> None:
    doc.add_page()
    doc.set_font(FAMILY, size=16)
    doc.cell(0, 9, title, align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FAMILY, size=9)
    doc.cell(0, 6, scope, align="C", new_x="LMARGIN", new_y="NEXT")
