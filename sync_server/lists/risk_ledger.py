"""The 风险台账 (risk ledger) of an enterprise as .xlsx and PDF, beside the hazard ledger.

Every listed risk point (imported or identified on a phone), with its grade history, its
control measures and the card items that check them, the hazards its failed controls produced,
and its reviews. An imported point has no record of events: its grade stands as imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from shared.hazards import Hazard
from shared.org import RiskPoint
from shared.risk import (
    CONTROL_LEVEL_NAMES,
    FIVE_HIGH_NAMES,
    RISK_LEVEL_NAMES,
    RiskColour,
    gravity,
)
from shared.risk_register import Risk
from shared.text import STORED
from sync_server.lists.ledger_sheet import ledger_workbook
from sync_server.lists.names import STATUS_NAMES
from sync_server.lists.pdf import FAMILY, Document
from sync_server.lists.pdf_table import LongTable, TableStyle
from sync_server.lists.queries import local
from sync_server.schema import hazards, reference, risks

__all__ = ["RiskLedger", "risk_ledger", "risk_ledger_pdf", "risk_ledger_xlsx"]

COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("风险点编号", 16),
    ("风险点名称", 22),
    ("五高要素", 10),
    ("事故类型及危险因素", 24),
    ("评估", 18),
    ("风险等级", 10),
    ("管控层级", 8),
    ("管控措施（检查项）", 36),
    ("分级记录", 36),
    ("关联隐患", 30),
    ("复核", 24),
    ("来源", 8),
)
"""Ledger columns and their width in the workbook (characters)."""

PDF_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 8),
    ("风险点名称", 26),
    ("五高要素", 17),
    ("评估", 27),
    ("风险等级", 13),
    ("管控层级", 13),
    ("管控措施（检查项）", 50),
    ("分级记录", 46),
    ("关联隐患", 40),
    ("复核", 33),
)
"""The columns on a landscape A4 page and their width (mm); the workbook has them all."""

MEASURE_KINDS = {
    "engineering": "工程技术",
    "management": "管理",
    "ppe": "个体防护",
    "emergency": "应急处置",
}
REVIEW_RESULTS = {"unchanged": "仍有效", "changed": "已调整", "retired": "已不存在"}


@dataclass(frozen=True)
class RiskLedger:
    """The ledger's heading and its points, with what the phones recorded about them."""

    scope: str
    points: list[RiskPoint]
    records: Mapping[str, Risk]  # the points identified on phones, by id
    hazards: Mapping[str, list[Hazard]]  # by risk point id
    people: Mapping[str, str]

    def rows(self) -> list[dict[str, Any]]:
        """One row per point, gravest first, then by name."""
        ordered = sorted(self.points, key=lambda p: (-gravity(p.colour), p.name, p.id))
        return [self._row(n, p) for n, p in enumerate(ordered, start=1)]

    def _row(self, number: int, point: RiskPoint) -> dict[str, Any]:
        record = self.records.get(point.id)
        return {
            "序号": number,
            "风险点编号": point.id,
            "风险点名称": point.name,
            "五高要素": FIVE_HIGH_NAMES[point.five_high] if point.five_high else "",
            "事故类型及危险因素": "、".join(point.hazard_factors),
            "评估": _assessment(point),
            "风险等级": RISK_LEVEL_NAMES[point.colour],
            "管控层级": CONTROL_LEVEL_NAMES[point.control_level],
            "管控措施（检查项）": self._measures(point, record),
            "分级记录": self._grades(record),
            "关联隐患": "\n".join(
                f"{h.id} {h.title}（{STATUS_NAMES[h.status]}）"
                for h in self.hazards.get(point.id, [])
            ),
            "复核": self._reviews(record),
            "来源": "手机辨识" if record else "导入",
        }

    def _person(self, user: str) -> str:
        return self.people.get(user, user)

    def _measures(self, point: RiskPoint, record: Risk | None) -> str:
        if record is None:
            return "\n".join(point.measures)
        lines = []
        for m in record.measures:
            checks = "、".join(f"{c.card_id}/{c.item_id}" for c in m.checks) or "无检查项"
            lines.append(f"[{MEASURE_KINDS[m.kind.value]}] {m.text}（{checks}）")
        return "\n".join(lines)

    def _grades(self, record: Risk | None) -> str:
        if record is None:
            return ""
        return "\n".join(
            f"{local(e.at, with_time=True)} {self._person(e.actor.user_id)} "
            f"{_colour(e.colour_before)}→{_colour(e.colour_after)} {e.detail}".rstrip()
            for e in record.timeline
            if e.colour_after is not None
        )

    def _reviews(self, record: Risk | None) -> str:
        if record is None:
            return ""
        return "\n".join(
            f"{local(r.at)} {REVIEW_RESULTS[r.result.value]} {self._person(r.by)}"
            for r in record.reviews
        )


def _colour(colour: RiskColour | None) -> str:
    return RISK_LEVEL_NAMES[colour] if colour else "新建"


def _assessment(point: RiskPoint) -> str:
    parts = []
    if point.lec is not None:
        lec = point.lec
        parts.append(f"LEC：L{lec.l:g}×E{lec.e:g}×C{lec.c:g}=D{lec.d:g}")
    if point.ls is not None:
        parts.append(f"LS：L{point.ls.l}×S{point.ls.s}=R{point.ls.r}")
    return "\n".join(parts)


def risk_ledger(conn: Connection, tenant: str, scope: str, people: Mapping[str, str]) -> RiskLedger:
    """Read the enterprise's listed points, their records and the hazards naming them."""
    points = [
        RiskPoint.model_validate(row.body, context=STORED)
        for row in conn.execute(
            select(reference.c.body).where(
                reference.c.kind == "risk_point", reference.c.tenant == tenant
            )
        )
    ]
    records = {
        row.id: Risk.model_validate(row.body, context=STORED)
        for row in conn.execute(select(risks.c.id, risks.c.body).where(risks.c.tenant == tenant))
    }
    linked: dict[str, list[Hazard]] = {}
    for row in conn.execute(select(hazards.c.body).where(hazards.c.tenant == tenant)):
        hazard = Hazard.model_validate(row.body, context=STORED)
        if hazard.risk_id is not None:
            linked.setdefault(hazard.risk_id, []).append(hazard)
    for found in linked.values():
        found.sort(key=lambda h: (h.reported_at, h.id))
    return RiskLedger(scope=scope, points=points, records=records, hazards=linked, people=people)


def risk_ledger_xlsx(ledger: RiskLedger) -> bytes:
    """The ledger as a workbook: title rows, then a filterable table with frozen headers."""
    lines = (ledger.scope, _summary(ledger))
    return ledger_workbook(
        "风险台账", "安全风险分级管控台账", lines, COLUMNS, ledger.rows(), tint="FCE4D6"
    )


def risk_ledger_pdf(ledger: RiskLedger) -> bytes:
    """The ledger on landscape A4 pages, the heading repeated on every page.

    A point's long record (many regradings, hazards) goes on in the next rows of the table
    rather than growing a row beyond the page (``LongTable``).
    """
    title = "安全风险分级管控台账"
    doc = Document(title, orientation="L")
    doc.add_page()
    doc.set_font(FAMILY, size=16)
    doc.cell(0, 9, title, align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FAMILY, size=9)
    doc.cell(0, 6, ledger.scope, align="C", new_x="LMARGIN", new_y="NEXT")
    doc.cell(0, 6, _summary(ledger), new_x="LMARGIN", new_y="NEXT")
    widths = tuple(width for _, width in PDF_COLUMNS)
    style = TableStyle(size=7.5, line_height=3.4, widths=widths, heading_fill=(252, 228, 214))
    table = LongTable(doc, [name for name, _ in PDF_COLUMNS], style)
    for row in ledger.rows():
        table.row(tuple(str(row[name]) for name, _ in PDF_COLUMNS))
    return doc.bytes()


def _summary(ledger: RiskLedger) -> str:
    counts = dict.fromkeys(RiskColour, 0)
    for point in ledger.points:
        counts[point.colour] += 1
    parts = "，".join(f"{RISK_LEVEL_NAMES[c]} {counts[c]} 个" for c in RiskColour)
    return f"共 {len(ledger.points)} 个风险点：{parts}。"
