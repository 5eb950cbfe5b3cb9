"""The 排查记录台账 (ledger of check records): every card instance ticked, as .xlsx or PDF.

One row per card instance of a post, enterprise or grid unit over a date range: who ticked it,
when it was opened and finished, whether it was opened by scanning the post's QR, its results,
each 不合格 item with the worker's note, and its photos. It answers the question a dispute
asks of the daily checks: was the card really done, by whom, and what did they find.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from shared.card_ticks import CardRecord
from shared.cards import ItemResult
from shared.geo import Position, far_from_post
from shared.text import STORED
from sync_server.lists.ledger_sheet import ledger_workbook
from sync_server.lists.pdf import FAMILY, Document
from sync_server.lists.pdf_table import LongTable, TableStyle
from sync_server.lists.queries import CHINA, Tenants, covers, local
from sync_server.schema import card_records, reference

__all__ = [
    "CheckLedger",
    "check_ledger_pdf",
    "check_ledger_xlsx",
    "check_records_of",
    "post_positions",
]

TITLE = "隐患排查记录台账"
FAR = "疑似虚假打卡：扫码处距岗位超过 200 米"
"""What the 位置异常 column says of a far scan: the flag, never where the worker stood."""

COLUMNS: tuple[tuple[str, int], ...] = (
    ("序号", 6),
    ("企业名称", 24),
    ("车间", 12),
    ("岗位", 14),
    ("检查卡", 20),
    ("周期", 14),
    ("检查人", 12),
    ("开始时间", 16),
    ("完成时间", 16),
    ("扫码打开", 8),
    ("检查项数", 8),
    ("合格", 6),
    ("不合格", 7),
    ("不适用", 7),
    ("不合格项及说明", 40),
    ("照片数", 7),
    ("多设备结果不一致", 12),
    ("位置异常", 16),
)
"""Columns and their width in the workbook (characters)."""

PDF_COLUMNS = ("序号", "企业名称", "车间", "岗位", "周期", "检查人", "完成时间", "扫码打开", "合格",
               "不合格", "不合格项及说明", "照片数")  # fmt: skip
"""The columns that fit on a landscape A4 page; the workbook has them all."""
_PDF_WIDTHS = (9.0, 34.0, 18.0, 22.0, 22.0, 20.0, 25.0, 14.0, 10.0, 11.0, 74.0, 11.0)


@dataclass(frozen=True)
class CheckLedger:
    """A check ledger's heading, its card instances, and the names it prints for ids."""

    scope: str
    start: date
    end: date
    records: list[CardRecord]
    companies: Mapping[str, str]
    posts: Mapping[str, str]
    items: Mapping[tuple[str, str], str]  # (card id, item id) → 检查项
    cards: Mapping[str, str]
    people: Mapping[str, str]
    workshops: Mapping[str, str] = field(default_factory=dict)  # post id → its 车间's name
    positions: Mapping[str, Position] = field(default_factory=dict)  # post id → where it is

    def rows(self) -> list[dict[str, Any]]:
        """One row per card instance, grouped by enterprise and 车间, then as they were finished."""
        grouped = sorted(
            self.records,
            key=lambda r: (
                self.companies.get(r.tenant, r.tenant),
                self.workshops.get(r.post_id, ""),
                r.completed_at,
                r.id,
            ),
        )
        return [self._row(n, record) for n, record in enumerate(grouped, start=1)]

    def _row(self, number: int, r: CardRecord) -> dict[str, Any]:
        results = Counter(ticked.tick.result for ticked in r.items.values())
        people = dict.fromkeys(ticked.by for ticked in r.items.values())
        return {
            "序号": number,
            "企业名称": self.companies.get(r.tenant, r.tenant),
            "车间": self.workshops.get(r.post_id, ""),
            "岗位": self.posts.get(r.post_id, r.post_id),
            "检查卡": self.cards.get(r.card_id, r.card_id),
            "周期": r.period,
            "检查人": "、".join(self.people.get(p, p) for p in people),
            "开始时间": local(r.started_at, with_time=True),
            "完成时间": local(r.completed_at, with_time=True),
            "扫码打开": "是" if r.scanned else "否",
            "检查项数": len(r.items),
            "合格": results[ItemResult.PASS],
            "不合格": results[ItemResult.FAIL],
            "不适用": results[ItemResult.NOT_APPLICABLE],
            "不合格项及说明": self._failures(r),
            "照片数": sum(len(ticked.tick.photos) for ticked in r.items.values()),
            "多设备结果不一致": "、".join(r.differing_items),
            "位置异常": FAR if self.far(r) else "",
        }

    def far(self, r: CardRecord) -> bool:
        """Whether a scan of the instance was surely beyond 200 m of its located post."""
        post = self.positions.get(r.post_id)
        return any(far_from_post(where, post) for where in r.locations)

    def _failures(self, r: CardRecord) -> str:
        lines = []
        for item_id, ticked in sorted(r.items.items()):
            if ticked.tick.result is ItemResult.FAIL:
                what = self.items.get((r.card_id, item_id), item_id)
                note = ticked.tick.note.strip()
                photos = f"（照片 {len(ticked.tick.photos)} 张）" if ticked.tick.photos else ""
                lines.append(f"{what}：{note}{photos}" if note else f"{what}{photos}")
        return "\n".join(lines)

    def summary(self) -> str:
        """Totals for the heading: instances, by scan, and failed items."""
        scanned = sum(r.scanned for r in self.records)
        failed = sum(
            t.tick.result is ItemResult.FAIL for r in self.records for t in r.items.values()
        )
        far = sum(self.far(r) for r in self.records)
        flagged = f"；位置异常（疑似虚假打卡）{far} 次" if far else ""
        return (
            f"共 {len(self.records)} 次检查：扫码打开 {scanned} 次；不合格项 {failed} 项{flagged}。"
        )

    def heading(self) -> str:
        """The period and scope line under the title."""
        return f"{self.scope}　{self.start:%Y-%m-%d} 至 {self.end:%Y-%m-%d}"


def check_records_of(
    conn: Connection,
    tenants: Tenants,
    start: date,
    end: date,
    *,
    posts: Collection[str] | None = None,
) -> list[CardRecord]:
    """Card instances of the enterprises (of these posts, if given) finished ``start``..``end``."""
    query = select(card_records.c.body).where(covers(card_records.c.tenant, tenants))
    if posts is not None:
        query = query.where(card_records.c.post_id.in_(sorted(posts)))
    found = [CardRecord.model_validate(row.body, context=STORED) for row in conn.execute(query)]
    return sorted(
        (r for r in found if start <= r.completed_at.astimezone(CHINA).date() <= end),
        key=lambda r: (r.completed_at, r.id),
    )


def post_positions(conn: Connection, tenants: Tenants) -> dict[str, Position]:
    """Where each located post of the enterprises is, for the 200 m check of their scans."""
    rows = conn.execute(
        select(reference.c.id, reference.c.body).where(
            reference.c.kind == "post", covers(reference.c.tenant, tenants)
        )
    )
    found: dict[str, Position] = {}
    for row in rows:
        latitude, longitude = row.body.get("latitude"), row.body.get("longitude")
        if latitude is not None and longitude is not None:
            found[row.id] = Position(latitude=latitude, longitude=longitude)
    return found


def names_of(conn: Connection, tenants: Tenants) -> dict[str, dict[Any, str]]:
    """Posts, cards, card items and 车间 of the enterprises by id, to print names, not codes.

    ``post_workshop`` maps each post to its workshop's id.
    """
    kinds = ["post", "card", "workshop"]
    rows = conn.execute(
        select(reference.c.kind, reference.c.id, reference.c.body).where(
            reference.c.kind.in_(kinds), covers(reference.c.tenant, tenants)
        )
    )
    names: dict[str, dict[Any, str]] = {
        "post": {},
        "card": {},
        "item": {},
        "workshop": {},
        "post_workshop": {},
    }
    for row in rows:
        names[row.kind][row.id] = str(row.body.get("name", row.id))
        if row.kind == "post" and row.body.get("workshop_id"):
            names["post_workshop"][row.id] = str(row.body["workshop_id"])
        if row.kind == "card":
            for item in row.body.get("items", []):
                names["item"][(row.id, str(item.get("id")))] = str(item.get("what", ""))
    return names


def check_ledger_xlsx(ledger: CheckLedger) -> bytes:
    """The ledger as a workbook: title rows, then a filterable table with frozen headers."""
    return ledger_workbook(
        "排查记录台账", TITLE, (ledger.heading(), ledger.summary()), COLUMNS, ledger.rows()
    )


def check_ledger_pdf(ledger: CheckLedger) -> bytes:
    """The ledger on landscape A4 pages, headings repeated on every page."""
    doc = Document(TITLE, orientation="L")
    doc.add_page()
    doc.set_font(FAMILY, size=16)
    doc.cell(0, 9, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font(FAMILY, size=9)
    doc.cell(0, 6, ledger.heading(), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.cell(0, 6, ledger.summary(), new_x="LMARGIN", new_y="NEXT")
    style = TableStyle(size=7.5, line_height=3.4, widths=_PDF_WIDTHS, heading_fill=(221, 235, 247))
    table = LongTable(doc, PDF_COLUMNS, style)
    for row in ledger.rows():
        table.row(tuple("" if row[name] is None else str(row[name]) for name in PDF_COLUMNS))
    return doc.bytes()
