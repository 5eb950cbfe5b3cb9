"""The 隐患台账 (hazard ledger) of an enterprise or grid unit over a date range, as .xlsx or PDF."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from shared.cards import HazardGrade
from shared.hazards import Hazard
from shared.lifecycle import HazardStatus
from sync_server.lists.columns import GRADE_NAMES
from sync_server.lists.ledger_sheet import ledger_workbook
from sync_server.lists.names import CATEGORY_NAMES, SOURCE_NAMES, STATUS_NAMES
from sync_server.lists.pdf import FAMILY, Document
from sync_server.lists.pdf_table import LongTable, TableStyle
from sync_server.lists.queries import local

COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("隐患编号", 15),
    ("企业名称", 24),
    ("隐患名称", 24),
    ("隐患描述", 30),
    ("隐患等级", 8),
    ("隐患类型", 8),
    ("隐患来源", 12),
    ("所在位置", 14),
    ("发现人", 14),
    ("发现时间", 16),
    ("整改责任人", 14),
    ("整改期限", 11),
    ("整改措施", 30),
    ("整改资金（元）", 10),
    ("状态", 10),
    ("是否逾期", 8),
    ("验收人", 12),
    ("验收时间", 16),
)
"""Ledger columns and their width in the workbook (characters)."""

PDF_COLUMNS = ("序号", "隐患编号", "企业名称", "隐患名称", "隐患等级", "隐患来源", "发现时间",
               "整改责任人", "整改期限", "状态", "是否逾期")  # fmt: skip
"""The columns that fit on a landscape A4 page; the workbook has them all."""
_PDF_WIDTHS = (9.0, 26.0, 42.0, 52.0, 13.0, 22.0, 25.0, 22.0, 18.0, 20.0, 14.0)


@dataclass(frozen=True)
class Ledger:
    """A ledger's heading and its hazards, with the names it prints for people and companies."""

    scope: str
    start: date
    end: date
    hazards: list[Hazard]
    companies: Mapping[str, str]
    people: Mapping[str, str]
    now: datetime

    def rows(self) -> list[dict[str, Any]]:
        """One row per hazard, keyed by column name, in reporting order."""
        return [self._row(number, h) for number, h in enumerate(self.hazards, start=1)]

    def _row(self, number: int, h: Hazard) -> dict[str, Any]:
        accepted = h.acceptances[-1] if h.acceptances else None
        return {
            "序号": number,
            "隐患编号": h.id,
            "企业名称": self.companies.get(h.tenant, h.tenant),
            "隐患名称": h.title,
            "隐患描述": h.description,
            "隐患等级": GRADE_NAMES[h.grade],
            "隐患类型": CATEGORY_NAMES[h.category],
            "隐患来源": SOURCE_NAMES[h.source],
            "所在位置": h.location,
            "发现人": self._person(h.reporter),
            "发现时间": local(h.reported_at, with_time=True),
            "整改责任人": self._person(h.assignee),
            "整改期限": local(h.deadline),
            "整改措施": h.measures,
            "整改资金（元）": float(h.budget_yuan) if h.budget_yuan is not None else None,
            "状态": STATUS_NAMES[h.status],
            "是否逾期": "逾期" if h.is_overdue(self.now) else "",
            "验收人": self._person(accepted.user_id if accepted else None),
            "验收时间": local(accepted.at, with_time=True) if accepted else "",
        }

    def _person(self, user: str | None) -> str:
        return self.people.get(user, user) if user else ""

    def summary(self) -> str:
        """Totals for the heading: by grade, closed and overdue."""
        grades = Counter(h.grade for h in self.hazards)
        closed = sum(h.status is HazardStatus.CLOSED for h in self.hazards)
        overdue = sum(h.is_overdue(self.now) for h in self.hazards)
        return (
            f"共 {len(self.hazards)} 条：一般隐患 {grades[HazardGrade.GENERAL]} 条，重大隐患 "
            f"{grades[HazardGrade.MAJOR]} 条；已销号 {closed} 条；逾期 {overdue} 条。"
        )

    def heading(self) -> str:
        """The period and scope line under the title."""
        return f"{self.scope}　{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


def ledger_xlsx(ledger: Ledger) -> bytes:
    """The ledger as a workbook: title rows, then a filterable table with frozen headers."""
    return ledger_workbook(
        "隐患台账", "隐患排查治理台账", (ledger.heading(), ledger.summary()), COLUMNS, ledger.rows()
    )


def ledger_pdf(ledger: Ledger) -> bytes:
    """The ledger on landscape A4 pages, headings repeated on every page."""
    doc = Document("隐患排查治理台账", orientation="L")
    doc.add_page()
    doc.set_font(FAMILY, size=16)
    doc.cell(0, 9, "隐患排查治理台账", align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FAMILY, size=9)
    doc.cell(0, 6, ledger.heading(), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.cell(0, 6, ledger.summary(), new_x="LMARGIN", new_y="NEXT")
    style = TableStyle(size=7.5, line_height=3.4, widths=_PDF_WIDTHS, heading_fill=(221, 235, 247))
    table = LongTable(doc, PDF_COLUMNS, style)
    for row in ledger.rows():
        table.row(tuple(_text(row[name]) for name in PDF_COLUMNS))
    return doc.bytes()


def _text(value: Any) -> str:
    return "" if value is None else str(value)
