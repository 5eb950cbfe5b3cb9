"""An inspector's visit: the enterprises of their grid, the standards to check, the notice.

An inspector's phone holds the reference data of every enterprise in their grid. The menu of
an on-site inspection is made of the enterprise's own check cards: a 十小 place carries the
21-item 十小 card, any other enterprise its industry's post cards (灶台, 车床, 叉车 …). The
inspector picks the items they look at, marks each 合格 / 不合格 / 不适用, and issues a
整改通知书: one ``hazard.reported`` (source 执法检查, the enterprise as tenant, with the
deadline the notice fixes) per failing finding, then one ``inspection.recorded`` naming
those hazards. Each is saved on the phone before the screen says so.

Each hazard names the post, card and item it was judged against (and the risk point of that
post, where the list has one): the 瞒报 rule compares it with the post's own ticks of that
item, and the 不报 rule with the enterprise's own 重大隐患 on that post.

The deadline travels on the report: the notice fixes it on the spot, while the person who
fixes the hazard is the enterprise's choice (its safety manager assigns it).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from mobile.local_record import LocalRecord
from mobile.reference import models_of, reference_of, rows_of, tenants
from mobile.services.actions import Action, record_action
from mobile.services.local_time import ZONE
from mobile.services.reporting import new_hazard_id
from mobile.store import Store
from shared.cards import CardItem, CheckCard, HazardGrade, ItemResult
from shared.events import Event, EventType
from shared.ids import CardId, HazardId, PostId, TenantId
from shared.notice import demand_for, local_day
from shared.org import Enterprise, Industry, Post, RiskPoint, Workshop
from shared.payloads import HazardSource, NoticeReceipt, PhotoRef
from shared.roles import Actor

__all__ = [
    "DEFAULT_DEADLINE_DAYS",
    "MAX_DEADLINE_DAYS",
    "Finding",
    "Issued",
    "Receipt",
    "Standard",
    "deadline_after",
    "default_description",
    "default_title",
    "enterprise_of",
    "grid_enterprises",
    "issue_notice",
    "notice_number",
    "standards_of",
]

DEFAULT_DEADLINE_DAYS = 7
"""限期整改 of a 一般隐患: 7 days unless the inspector says otherwise (handbook §3.1)."""
MAX_DEADLINE_DAYS = 30
"""The longest deadline a notice gives (0–30 days allowed; 0 is 立即整改, due today)."""


@dataclass(frozen=True)
class Standard:
    """One item an inspector may check: a line of one of the enterprise's cards."""

    id: str  # ``<card>/<item>``, unique within the enterprise
    card: str  # the card's name
    item: CardItem
    place: str = ""  # where the card hangs: ``后厨 · 灶台岗`` (the first post holding it)
    card_id: CardId | None = None
    post_id: PostId | None = None  # the first post (by name) holding the card
    risk_point: str = ""  # that post's risk point, where the risk list names one

    @property
    def title(self) -> str:
        """What is checked (检查项)."""
        return self.item.what


@dataclass
class Finding:
    """What the inspector found on one standard; the deadline counts for a 不合格 only."""

    standard: Standard
    result: ItemResult
    note: str = ""
    photos: list[PhotoRef] = field(default_factory=list)
    deadline_days: int = DEFAULT_DEADLINE_DAYS
    grade: HazardGrade | None = None
    """The inspector's 判定 (a 重大隐患 on site); by default the item's suggested grade."""
    title: str = ""
    """The hazard's title as the inspector wrote it; empty: ``default_title``."""
    description: str = ""
    """What is wrong, in the inspector's words; empty: ``default_description``."""


@dataclass(frozen=True)
class Receipt:
    """签收 of the notice by the enterprise's representative, or their refusal and its witness."""

    signer: str
    signature: PhotoRef | None = None
    witness: str = ""

    @property
    def refused(self) -> bool:
        """拒签: no signature, a witness instead."""
        return self.signature is None

    def payload(self) -> dict[str, Any]:
        """The ``receipt`` of ``inspection.recorded``."""
        if self.signature is None:
            return {"signer": self.signer.strip(), "refused": True, "witness": self.witness.strip()}
        return {"signer": self.signer.strip(), "signature": self.signature.model_dump(mode="json")}


@dataclass(frozen=True)
class Issued:
    """A notice saved on the phone: the inspection's id and number, and the hazards it filed."""

    inspection_id: str
    notice_no: str
    hazard_ids: tuple[HazardId, ...]
    events: tuple[Event, ...]


def enterprise_of(store: Store, tenant: str) -> Enterprise | None:
    """The enterprise's row from the phone's reference data, or None outside the grid."""
    rows = rows_of(store, tenant, "enterprise", Enterprise)
    return rows[0] if rows else None


def grid_enterprises(store: Store) -> list[Enterprise]:
    """Every enterprise whose reference data the phone holds, by name."""
    found = (enterprise_of(store, tenant) for tenant in tenants(store))
    return sorted((e for e in found if e is not None), key=lambda e: (e.name, e.id))


def standards_of(store: Store, tenant: str) -> list[Standard]:
    """The menu of an inspection: the items of the enterprise's cards, card by card.

    A 十小 place is checked against its 十小 card only (the 21 standards); other enterprises
    against every post card they hold. An item printed on two cards is listed once.
    """
    doc = reference_of(store, tenant)
    cards = models_of(CheckCard, doc.get("card") if doc else None)
    company = enterprise_of(store, tenant)
    if company is not None and company.industry is Industry.SMALL_PLACE:
        small = [c for c in cards if "十小" in c.name]
        cards = small or cards
    hung = _hanging(doc or {})
    found: list[Standard] = []
    seen: set[str] = set()
    for card in sorted(cards, key=lambda c: (c.name, c.id)):
        where = hung.get(card.id)
        for item in card.items:
            if item.what not in seen:
                seen.add(item.what)
                found.append(
                    Standard(
                        f"{card.id}/{item.id}",
                        card.name,
                        item,
                        where.place if where else "",
                        card_id=card.id,
                        post_id=where.post_id if where else None,
                        risk_point=where.risk_point if where else "",
                    )
                )
    return found


@dataclass(frozen=True)
class _Hanging:
    """Where a card hangs: the post that ticks it, its place and its risk point."""

    post_id: PostId
    place: str
    risk_point: str


def _hanging(doc: dict[str, Any]) -> dict[str, _Hanging]:
    """Each card's first post (by name): the ticks a finding on it is compared with."""
    shops = {w.id: w.name for w in models_of(Workshop, doc.get("workshop"))}
    points: dict[str, str] = {}
    for point in sorted(models_of(RiskPoint, doc.get("risk_point")), key=lambda p: p.id):
        if point.post_id is not None:
            points.setdefault(point.post_id, point.name)
    hung: dict[str, _Hanging] = {}
    for post in sorted(models_of(Post, doc.get("post")), key=lambda p: (p.name, p.id)):
        if post.card_id and post.card_id not in hung:
            shop = shops.get(post.workshop_id, "")
            place = f"{shop} · {post.name}" if shop else post.name
            hung[post.card_id] = _Hanging(post.id, place, points.get(post.id, ""))
    return hung


def default_title(item: CardItem) -> str:
    """The hazard title a failing item suggests: one defect, never the item's whole list.

    ``typical_hazard`` lists what commonly goes wrong (软管老化龟裂、超长、加三通、漏气); a notice
    that printed it accused the enterprise of every one. A single listed defect is taken as
    it is; a list gives way to the item itself, for the inspector to make precise.
    """
    listed = item.typical_hazard.strip()
    if listed and not any(mark in listed for mark in _LIST_MARKS):
        return listed
    return f"{item.what}不符合要求"


_LIST_MARKS = ("、", "；", ";", "，", ",", "/", "／")
"""What separates the defects of a typical-hazard list."""


def default_description(item: CardItem, note: str = "") -> str:
    """What the notice says is wrong, before the inspector edits it: their note, the criterion."""
    said = note.strip().rstrip("。")
    unmet = f"不符合合格标准：{item.pass_criterion}"
    return f"{said}。{unmet}" if said else unmet


def deadline_after(now: datetime, days: int) -> datetime:
    """The end (23:59:59 China time) of the local day ``days`` after today."""
    day = now.astimezone(ZONE).date() + timedelta(days=days)
    return datetime.combine(day, time(23, 59, 59), tzinfo=ZONE)


def notice_number(now: datetime, inspection_id: str) -> str:
    """A notice number the inspector can read out: ``执法-20261130-1A2B3C``."""
    return f"执法-{now.astimezone(ZONE):%Y%m%d}-{inspection_id.replace('-', '')[:6].upper()}"


def issue_notice(  # noqa: PLR0913 - keyword-only: who, where, what, when, and the id makers
    record: LocalRecord,
    actor: Actor,
    tenant: TenantId,
    findings: Sequence[Finding],
    now: datetime,
    *,
    place: str = "",
    new_id: Callable[[], str] = lambda: str(uuid.uuid4()),
    new_hazard: Callable[[], HazardId] = new_hazard_id,
    receipt: Receipt | None = None,
) -> Issued:
    """Save the hazards of the failing findings, then the inspection naming them.

    Raises:
        ValueError: No finding at all, a deadline outside 0–30 days, or a receipt with
            neither a signature nor a witnessed refusal (a pydantic ValidationError).
        InvalidInput: A note or photo list the payloads refuse (what was saved before stays
            saved: each event stands on its own, and the notice lists what was filed).
    """
    if not findings:
        raise ValueError("an inspection needs at least one finding")
    failing = [f for f in findings if f.result is ItemResult.FAIL]
    if any(not 0 <= f.deadline_days <= MAX_DEADLINE_DAYS for f in failing):
        raise ValueError(f"a deadline is 0 to {MAX_DEADLINE_DAYS} days")
    if receipt is not None:  # before anything is saved: a bad receipt saves no hazard either
        NoticeReceipt.model_validate(receipt.payload())
    now = _stamped_at(record, now)
    stamp = int(now.timestamp() * 1000)
    inspection_id = new_id()
    number = notice_number(now, inspection_id)
    events: list[Event] = []
    hazard_ids: list[HazardId] = []
    for finding in failing:
        hazard_id = new_hazard()
        where = place or finding.standard.place
        payload = _hazard_payload(finding, now, place=where)
        action = Action(actor, tenant, hazard_id, EventType.HAZARD_REPORTED, payload)
        events.append(record_action(record, action, clock=lambda: stamp))
        hazard_ids.append(hazard_id)
    payload = {
        "findings": [_finding_payload(f) for f in findings],
        "notice_no": number,
        "hazard_ids": list(hazard_ids),
    }
    if receipt is not None:
        payload["receipt"] = receipt.payload()
    action = Action(actor, tenant, inspection_id, EventType.INSPECTION_RECORDED, payload)
    events.append(record_action(record, action, clock=lambda: stamp))
    return Issued(inspection_id, number, tuple(hazard_ids), tuple(events))


def _stamped_at(record: LocalRecord, now: datetime) -> datetime:
    """The moment the notice's events will carry: ``now``, or later if the clock stamp is.

    The server judges 立即 / 限期 against the day of the event's stamp, which never goes back
    behind what the phone already stamped or saw; the deadline counts from the same day.
    """
    last = record.device().last
    if last is None or last.wall_ms <= now.timestamp() * 1000:
        return now
    return datetime.fromtimestamp(last.wall_ms / 1000, tz=now.tzinfo or ZONE)


def _hazard_payload(finding: Finding, now: datetime, *, place: str) -> dict[str, Any]:
    """The hazard as the notice states it, with where the standard came from appended.

    The notice number is not written into the hazard: the server confirms a number of its
    own (docs/sync-protocol.md), and a provisional one would stay in the text for good.
    """
    standard = finding.standard
    item = standard.item
    said = finding.description.strip() or default_description(item, finding.note)
    basis = ""
    if item.standard:
        basis = f"依据 {item.standard} {item.standard_version or ''}".rstrip()
    if standard.risk_point:
        basis += ("；" if basis else "") + f"风险点：{standard.risk_point}"
    deadline = deadline_after(now, finding.deadline_days)
    payload: dict[str, Any] = {
        "title": finding.title.strip() or default_title(item),
        "description": f"{said}（{basis}）" if basis else said,
        "grade": (finding.grade or item.suggested_grade or HazardGrade.GENERAL).value,
        "source": HazardSource.ENFORCEMENT.value,
        "location": place,
        "photos": [ref.model_dump(mode="json") for ref in finding.photos],
        "deadline": deadline.isoformat(),
        "demand": demand_for(local_day(now), local_day(deadline)).value,
    }
    # The item as the enterprise's own card names it: without these 瞒报 and 不报 cannot
    # be judged (a card without a post is still named, so the notice says what was checked).
    if standard.card_id is not None:
        payload["card_id"] = standard.card_id
        payload["item_id"] = item.id
    if standard.post_id is not None:
        payload["post_id"] = standard.post_id
    return payload


def _finding_payload(finding: Finding) -> dict[str, Any]:
    return {
        "standard_item": finding.standard.title,
        "result": finding.result.value,
        "note": finding.note.strip(),
        "photos": [ref.model_dump(mode="json") for ref in finding.photos],
    }
