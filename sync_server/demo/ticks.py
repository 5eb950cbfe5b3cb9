"""Thirty days of card ticks with realistic gaps: diligent shops, a lapsing salon, days closed."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from shared.cards import CheckCard, Frequency, ItemResult, ShiftPattern
from shared.events import EventType
from shared.ids import TenantId
from shared.org import Post
from shared.schedule import CardInstance, instances_due
from sync_server.demo.city import (
    CHEMICALS,
    DAYCARE,
    FOOD,
    FURNITURE,
    GARAGE,
    INN,
    KITCHEN,
    LATHES,
    NETCAFE,
    SALON,
    SHOP,
    WAREHOUSE,
    staff_of,
)
from sync_server.demo.photos import draw_photo, store_photo
from sync_server.demo.recorder import CHINA, Recorder
from sync_server.demo.sites import POSTS, card_of

DAYS = 30
SHIFTS = ShiftPattern()

DILIGENCE: dict[TenantId, float] = {
    KITCHEN: 0.92,
    LATHES: 0.95,
    WAREHOUSE: 0.9,
    CHEMICALS: 0.97,
    FOOD: 0.88,
    FURNITURE: 0.75,
    INN: 0.85,
    SHOP: 0.7,
    SALON: 0.8,
    NETCAFE: 0.85,
    DAYCARE: 0.96,
    GARAGE: 0.98,
}
"""The chance that a card instance is ticked at all."""

CLOSED_DAYS: dict[TenantId, range] = {
    SALON: range(1, 10),  # days ago: the salon stopped ticking this week and a half (red light)
    FURNITURE: range(16, 19),  # three days' stoppage
    KITCHEN: range(21, 22),  # a day off
}
"""Days (counted back from today) on which an enterprise ticked nothing."""

_ONLY_FOR: dict[str, TenantId | None] = {"19": INN, "20": None}
"""十小 items for one kind of place: (小旅店) 19, (小餐饮) 20; the demo has no 十小 restaurant."""


def add_ticks(conn: Connection, recorder: Recorder, today: date) -> None:
    """Tick every demo post's cards over the last ``DAYS`` days, ending before today."""
    evidence = _Evidence(conn)
    for post in POSTS:
        card = card_of(post)
        seen: set[tuple[str, ...]] = set()
        for back in range(DAYS, 0, -1):
            day = today - timedelta(days=back)
            closed = back in CLOSED_DAYS.get(post.tenant, range(0))
            for instance in instances_due(post.id, card, SHIFTS, day):
                if instance.key in seen:
                    continue
                seen.add(instance.key)
                if not closed and recorder.rng.random() < DILIGENCE[post.tenant]:
                    _tick(recorder, evidence, post, card, instance, today)


class _Evidence:
    """The photo of a 不合格 tick, drawn and stored once per enterprise (``shared.evidence``).

    Drawn with a random source of its own, so the history's draws stay as they were.
    """

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._photos: dict[TenantId, dict[str, Any]] = {}

    def photo(self, tenant: TenantId) -> dict[str, Any]:
        if tenant not in self._photos:
            rng = random.Random(f"evidence:{tenant}")
            data = draw_photo("检查发现的问题", "demo", rng)
            worker, _ = staff_of(tenant)
            self._photos[tenant] = store_photo(self._conn, tenant, data, worker).model_dump(
                mode="json"
            )
        return self._photos[tenant]


def _tick(
    recorder: Recorder,
    evidence: _Evidence,
    post: Post,
    card: CheckCard,
    instance: CardInstance,
    today: date,
) -> None:
    rng = recorder.rng
    done = _completed_at(rng, instance)
    end = datetime.combine(today, datetime.min.time())
    if done >= end:
        return
    seconds_per_item = rng.randrange(4, 9) if post.tenant == SHOP else rng.randrange(15, 60)
    started = done - timedelta(seconds=seconds_per_item * len(instance.item_ids))
    worker, _ = staff_of(post.tenant)
    payload: dict[str, Any] = {
        "post_id": post.id,
        "card_id": card.id,
        "card_version": card.version,
        "period": instance.period,
        "items": {item: _result(rng, evidence, post, item) for item in instance.item_ids},
        "started_at": started.replace(tzinfo=CHINA).isoformat(),
        "completed_at": done.replace(tzinfo=CHINA).isoformat(),
        "scanned": rng.random() < 0.9,
    }
    aggregate_id = instance.aggregate_id
    recorder.record(
        worker,
        tenant=post.tenant,
        kind=EventType.CARD_SUBMITTED,
        aggregate_id=aggregate_id,
        payload=payload,
        at=done,
    )


def _completed_at(rng: random.Random, instance: CardInstance) -> datetime:
    """Mostly early in the period; now and then a little late (补做)."""
    if instance.frequency is Frequency.PER_SHIFT:
        return instance.opens_at + timedelta(minutes=rng.randrange(15, 120))
    if instance.frequency is Frequency.DAILY:
        if rng.random() < 0.05:
            return instance.due_at + timedelta(minutes=rng.randrange(30, 300))
        return instance.opens_at + timedelta(hours=8, minutes=rng.randrange(0, 180))
    span_days = max((instance.due_at - instance.opens_at).days - 2, 1)
    return instance.opens_at + timedelta(days=rng.randrange(0, span_days), hours=10)


def _result(rng: random.Random, evidence: _Evidence, post: Post, item: str) -> dict[str, Any]:
    if (post.card_id or "").endswith("-21") and _ONLY_FOR.get(item, post.tenant) != post.tenant:
        return {"result": ItemResult.NOT_APPLICABLE.value}
    if rng.random() < 0.015:
        # A note and a photo: whatever the item asks of a failed tick, the demo has it.
        return {
            "result": ItemResult.FAIL.value,
            "note": "发现问题，已当场处理",
            "photos": [evidence.photo(post.tenant)],
        }
    return {"result": ItemResult.PASS.value}
