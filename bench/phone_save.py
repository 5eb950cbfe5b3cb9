"""Latency of saving one card tick on the phone with 0, 10k and 50k events of history.

Run: ``python -m bench.phone_save [--history 0 10000 50000] [--ticks 200]``.
The history is absorbed as a sync would (pages of 500, spread over 24 months); the store lives
on the real disk (every save is fsynced), not in memory. Each tick is ``tick_card``: build the
event, look up the instance's version, write the outbox (two fsynced copies), update the folds.
Target: p95 ≤ 50 ms at 50k.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
import tracemalloc
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.report import machine, write_section
from mobile.local_record import LocalRecord
from mobile.services.actions import CardTick, tick_card
from mobile.store import KnownEvent, TinyDbStore
from shared.cards import ItemResult
from shared.events import AggregateRef, AggregateType, Event, EventType
from shared.hlc import Hlc
from shared.ids import CardId, DeviceId, EventId, ItemId, PostId, TenantId, UserId
from shared.roles import Actor, Role

TENANT = TenantId("91130302MA0DEM001Y")
WORKER = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=TENANT)
T0_MS = 1_730_000_000_000  # history starts late 2024
MONTHS = 24
PAGE = 500
TARGET_P95_MS = 50.0


def history_event(n: int, total: int) -> dict[str, Any]:
    """The n-th event of a history spread evenly over MONTHS, half ticks and half reports."""
    wall = T0_MS + int(n * MONTHS * 30 * 86_400_000 / max(total, 1))
    if n % 2:
        kind, aggregate = EventType.CARD_SUBMITTED, AggregateType.CARD_INSTANCE
        payload: dict[str, Any] = {
            "post_id": "P-STOVE",
            "card_id": "CARD-STOVE",
            "card_version": 1,
            "period": f"p{n}",
            "items": {"1": {"result": "pass"}, "3": {"result": "pass"}, "5": {"result": "pass"}},
            "started_at": "2025-01-01T08:00:00Z",
            "completed_at": "2025-01-01T08:03:00Z",
            "scanned": True,
        }
        aggregate_id = f"P-STOVE/CARD-STOVE/p{n}"
    else:
        kind, aggregate = EventType.HAZARD_REPORTED, AggregateType.HAZARD
        payload = {"title": f"灭火器压力不足 {n}", "location": "后厨灶台", "photos": []}
        aggregate_id = f"H{n}"
    return Event(
        event_id=EventId(str(uuid.uuid4())),
        device_id=DeviceId("other-phone"),
        device_seq=n + 1,
        actor=WORKER,
        tenant=TENANT,
        aggregate=AggregateRef(type=aggregate, id=aggregate_id),
        type=kind,
        payload=payload,
        hlc=Hlc(wall_ms=wall, counter=0, device=DeviceId("other-phone")),
        base_version=0,
    ).model_dump(mode="json")


def fill_history(store: TinyDbStore, count: int) -> None:
    """Absorb ``count`` events in pages, as pulls would."""
    for start in range(0, count, PAGE):
        page = [
            KnownEvent(body=history_event(n, count), server_seq=n + 1)
            for n in range(start, min(start + PAGE, count))
        ]
        store.absorb(page, cursor=start + len(page), device=store.device())


def one_tick(record: LocalRecord, n: int) -> float:
    """Save one card tick; returns the milliseconds until it is durable."""
    at = datetime(2026, 11, 2, 8, tzinfo=UTC)
    ticks = CardTick(
        post_id=PostId("P-STOVE"),
        card_id=CardId("CARD-STOVE"),
        card_version=1,
        period=f"2026-11-02#{n}",
        results={ItemId(str(i)): ItemResult.PASS for i in (1, 3, 5)},
        started_at=at,
        completed_at=at,
        scanned=True,
    )
    start = time.perf_counter()
    tick_card(record, WORKER, ticks)
    return (time.perf_counter() - start) * 1000


def folds_memory_mb(root: Path) -> float:
    """Python memory held by an opened record (traced apart: tracing slows the timed open)."""
    tracemalloc.start()
    record = LocalRecord(TinyDbStore(root))
    held = tracemalloc.get_traced_memory()[0] / 1e6
    tracemalloc.stop()
    del record
    return held


def measure(history: int, ticks: int) -> dict[str, float]:
    """Fill a store, reopen it as the app would, then time ``ticks`` saves."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        fill_history(TinyDbStore(root, new_device_id=lambda: "bench-phone"), history)
        os.sync()  # the fill's dirty pages would otherwise ride along with the first fsyncs
        memory_mb = folds_memory_mb(root)
        opened = time.perf_counter()
        store = TinyDbStore(root)
        record = LocalRecord(store)
        open_s = time.perf_counter() - opened
        times = sorted(one_tick(record, n) for n in range(ticks))
        outbox_kb = (root / "outbox.json").stat().st_size / 1024
        months = list((root / "history").glob("*.json"))
        largest_kb = max((p.stat().st_size for p in months), default=0) / 1024
        assert len(store.pending()) == ticks == store.device().seq
    return {
        "history": history,
        "p50": statistics.median(times),
        "p95": times[int(0.95 * (len(times) - 1))],
        "max": times[-1],
        "open_s": open_s,
        "memory_mb": memory_mb,
        "outbox_kb": outbox_kb,
        "largest_month_kb": largest_kb,
    }


def report(rows: list[dict[str, float]], command: str) -> str:
    """The markdown section."""
    lines = [
        "### Saving a card tick (`bench/phone_save.py`)",
        "",
        f"Command: `{command}` · machine: {machine()}, ext4 with real fsyncs.",
        "A tick is durable (outbox written twice, each copy fsynced and renamed, folder fsynced)",
        "before the timer stops. History is spread over 24 monthly files, absorbed in pages of",
        "500 as pulls would; the app is reopened before timing, so the figures include nothing",
        "cached from the fill. The outbox grows by one pending tick per save.",
        "",
        "| history events | save p50 ms | save p95 ms | max ms | open s | folds MB "
        "| outbox KB after | largest month KB |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {int(r['history']):,} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.1f} | "
            f"{r['open_s']:.2f} | {r['memory_mb']:.0f} | {r['outbox_kb']:.0f} | "
            f"{r['largest_month_kb']:.0f} |"
        )
    worst = max(rows, key=lambda r: r["history"])
    verdict = "met" if worst["p95"] <= TARGET_P95_MS else "NOT met"
    lines += [
        "",
        f"- Target p95 ≤ {TARGET_P95_MS:.0f} ms at {int(worst['history']):,}: "
        f"{worst['p95']:.1f} ms, {verdict}. A save never touches the history files, so its",
        "  cost follows the outbox size, not the history.",
        "- Max: single fsync stalls of this shared disk while other jobs write; p95 is the",
        "  figure to compare.",
        "- Opening reads every month once into compact folds (JSON text per event, validated",
        '  only when its aggregate is folded); "folds MB" is the Python memory this takes.',
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--history", type=int, nargs="+", default=[0, 10_000, 50_000])
    parser.add_argument("--ticks", type=int, default=200)
    args = parser.parse_args()
    command = "python -m bench.phone_save " + " ".join(
        ["--history", *map(str, args.history), "--ticks", str(args.ticks)]
    )
    rows = []
    for history in args.history:
        row = measure(history, args.ticks)
        print(
            f"history {history:>6}: p50 {row['p50']:.1f} ms, p95 {row['p95']:.1f} ms, "
            f"max {row['max']:.1f} ms, open {row['open_s']:.2f} s, folds {row['memory_mb']:.0f} MB"
        )
        rows.append(row)
    write_section("phone-save", report(rows, command))


if __name__ == "__main__":
    main()
