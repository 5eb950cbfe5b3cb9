"""Push throughput and pull page latency with 10^5 and 10^6 events stored, SQLite and PostgreSQL.

Run: ``python -m bench.sync_throughput [--stored 100000 1000000] [--db sqlite postgresql]``.
The stored events are bulk-inserted rows (realistic bodies, not pushed one by one, which would
take an hour at 10^6); pushes and pulls then go through a real uvicorn server on loopback.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, insert, update

from bench.report import machine, write_section
from shared.events import AggregateRef, AggregateType, Event, EventType
from shared.hlc import Hlc
from shared.ids import DeviceId, EventId, UserId
from shared.roles import Actor, Role
from sync_server.app import create_app
from sync_server.demo import KITCHEN, LATHES, seed_demo
from sync_server.schema import events, sequence
from sync_server.settings import Settings
from tests.live_server import LiveServer
from tests.postgres import TemporaryCluster

BATCH = 500
_NOW = datetime.now(UTC)  # one receive time for every preloaded row
T0_MS = 1_790_000_000_000
WORKER = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)


def make_event(n: int, device: str, *, kind: EventType = EventType.HAZARD_REPORTED) -> Event:
    """A realistic report (title, description, one photo reference) as a phone makes it."""
    payload: dict[str, Any] = {
        "title": f"灭火器压力不足 {n}",
        "description": "后厨灶台旁 4 kg ABC 干粉灭火器压力表指针在红区，铅封缺失。",
        "location": "后厨灶台",
        "post_id": "P-STOVE",
        "photos": [{"sha256": f"{n:064x}", "size": 250_000}],
    }
    if kind is EventType.HAZARD_ANNOTATED:
        payload = {"note": "已通知店长，今日更换"}
    return Event(
        event_id=EventId(str(uuid.uuid4())),
        device_id=DeviceId(device),
        device_seq=n + 1,
        actor=WORKER,
        tenant=KITCHEN,
        aggregate=AggregateRef(type=AggregateType.HAZARD, id=f"{device}-H{n // 2}"),
        type=kind,
        payload=payload,
        hlc=Hlc(wall_ms=T0_MS + n, counter=0, device=DeviceId(device)),
        base_version=n % 2,
    )


def preload(engine: Engine, count: int) -> float:
    """Insert ``count`` stored events straight into the table; returns seconds taken."""
    template = make_event(0, "preload").model_dump(mode="json")
    started = time.perf_counter()
    chunk: list[dict[str, Any]] = []
    for n in range(count):
        chunk.append(_row(template, n))
        if len(chunk) == 10_000:
            _insert(engine, chunk)
            chunk = []
    if chunk:
        _insert(engine, chunk)
    with engine.begin() as conn:
        conn.execute(update(sequence).values(value=count))
    # A server that grew to this size has planner statistics (autovacuum); a bulk load does not.
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    return time.perf_counter() - started


def _row(template: dict[str, Any], n: int) -> dict[str, Any]:
    body = copy.deepcopy(template)
    event_id = str(uuid.UUID(int=n + 1))
    tenant = KITCHEN if n % 4 else LATHES  # a quarter belongs to another enterprise
    body.update(event_id=event_id, tenant=tenant, device_seq=n + 1)
    body["aggregate"]["id"] = f"pre-H{n}"
    return {
        "event_id": event_id,
        "server_seq": n + 1,
        "status": "accepted",
        "tenant": tenant,
        "aggregate_type": "hazard",
        "aggregate_id": f"pre-H{n}",
        "type": "hazard.reported",
        "device_id": "preload",
        "device_seq": n + 1,
        "hlc": f"{T0_MS + n:013d}-0000-preload",
        "content_hash": f"{n:064x}",
        "body": body,
        "received_at": _NOW,
        "pushed_by": "worker1",
    }


def _insert(engine: Engine, rows: list[dict[str, Any]]) -> None:
    with engine.begin() as conn:
        conn.execute(insert(events), rows)


def measure_push(url: str, token: str, batches: int) -> float:
    """Events accepted per second, pushing full batches of reports and follow-up notes."""
    device = f"bench-{uuid.uuid4().hex[:8]}"
    prepared = []
    for b in range(batches):
        batch = []
        for i in range(BATCH):
            n = b * BATCH + i
            kind = EventType.HAZARD_REPORTED if n % 2 == 0 else EventType.HAZARD_ANNOTATED
            batch.append(make_event(n, device, kind=kind).model_dump(mode="json"))
        prepared.append(batch)
    headers = {"authorization": f"Bearer {token}"}
    with httpx.Client(base_url=url, headers=headers, timeout=120) as http:
        started = time.perf_counter()
        for batch in prepared:
            answer = http.post("/v1/sync/push", json={"device_id": device, "events": batch})
            statuses = {r["status"] for r in answer.raise_for_status().json()["results"]}
            assert statuses == {"accepted"}, statuses
        elapsed = time.perf_counter() - started
    return batches * BATCH / elapsed


def measure_pull(url: str, token: str, stored: int, requests: int) -> tuple[float, float]:
    """p50 and p95 milliseconds for a page of 500 at cursors spread over the stored range."""
    headers = {"authorization": f"Bearer {token}"}
    timings = []
    with httpx.Client(base_url=url, headers=headers, timeout=60) as http:
        for i in range(requests):
            cursor = (i * 7919 * BATCH) % max(stored - BATCH, 1)
            started = time.perf_counter()
            page = http.get("/v1/sync/pull", params={"cursor": cursor, "limit": BATCH})
            page.raise_for_status()
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def login(url: str, username: str) -> str:
    answer = httpx.post(f"{url}/v1/auth/login", json={"username": username, "password": "demo1234"})
    token: str = answer.raise_for_status().json()["access_token"]
    return token


@contextmanager
def database(kind: str) -> Iterator[str | None]:
    if kind == "sqlite":
        yield None
        return
    with TemporaryCluster() as cluster:
        yield cluster.url


def run(kind: str, stored: int, batches: int, pulls: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder, database(kind) as url:
        app = create_app(Settings(data_dir=Path(folder), database_url=url, secret=b"b" * 32))
        with app.state.engine.begin() as conn:
            seed_demo(conn)
        load_s = preload(app.state.engine, stored)
        busy = os.getloadavg()[0]  # other work on the machine skews every figure of the row
        with LiveServer(app) as server:
            push_rate = measure_push(server.url, login(server.url, "worker1"), batches)
            one = measure_pull(server.url, login(server.url, "manager1"), stored, pulls)
            city = measure_pull(server.url, login(server.url, "regulator1"), stored, pulls)
        app.state.engine.dispose()
    return {
        "db": kind,
        "stored": stored,
        "load_s": load_s,
        "push": push_rate,
        "one": one,
        "city": city,
        "load_avg": busy,
    }


def report(rows: list[dict[str, Any]], command: str) -> str:
    lines = [
        "## Sync server: push and pull (issue 2/8)",
        "",
        f"Command: `{command} [--db sqlite postgresql] [--stored 100000 1000000]` · "
        f"machine: {machine()}.",
        "Push: batches of 500 (half new reports, half notes on them) through uvicorn on loopback,",
        "each batch one transaction with projections refreshed. Pull: pages of 500 at cursors",
        "spread over the stored range, as a safety manager (one enterprise) and a regulator",
        "(the city). Targets: ≥ 2,000 events/s pushed on SQLite; pull p95 at 10^6 within 2× of",
        "p95 at 10^5. PostgreSQL rows after ANALYZE (a grown server has planner statistics).",
        "The load average column is the machine's 1-minute load when the row was measured: on",
        "2 cores, anything above ~1 means other work competed with the benchmark.",
        "",
        "| database | stored | preload s | push events/s | pull p50 / p95 ms (one enterprise) "
        "| pull p50 / p95 ms (city) | load avg |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        load = f"{r['load_avg']:.1f}" if "load_avg" in r else "—"
        lines.append(
            f"| {r['db']} | {r['stored']:,} | {r['load_s']:.0f} | {r['push']:,.0f} "
            f"| {r['one'][0]:.1f} / {r['one'][1]:.1f} "
            f"| {r['city'][0]:.1f} / {r['city'][1]:.1f} | {load} |"
        )
    lines += ["", *verdicts(rows)]
    return "\n".join(lines)


def verdicts(rows: list[dict[str, Any]]) -> list[str]:
    out = []
    for db in sorted({r["db"] for r in rows}):
        mine = {r["stored"]: r for r in rows if r["db"] == db}
        if db == "sqlite":
            slowest = min(r["push"] for r in mine.values())
            met = "met" if slowest >= 2000 else "NOT met"
            out.append(f"- Push on SQLite: slowest {slowest:,.0f} events/s: target {met}.")
        if 100_000 in mine and 1_000_000 in mine:
            for scope in ("one", "city"):
                ratio = mine[1_000_000][scope][1] / mine[100_000][scope][1]
                met = "met" if ratio <= 2 else "NOT met"
                out.append(f"- Pull p95 10^6 / 10^5 on {db} ({scope}): {ratio:.2f}×: target {met}.")
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stored", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--db", nargs="+", default=["sqlite", "postgresql"])
    parser.add_argument("--batches", type=int, default=20)
    parser.add_argument("--pulls", type=int, default=200)
    args = parser.parse_args()
    for kind in args.db:
        for stored in args.stored:
            row = run(kind, stored, args.batches, args.pulls)
            print(row, flush=True)
            save_row(row)
    write_section("sync", report(load_rows(), "python -m bench.sync_throughput"))


RESULTS = Path(__file__).resolve().parent / "results" / "sync.json"


def save_row(row: dict[str, Any]) -> None:
    """Keep the newest figures per (database, stored) so a partial rerun updates its rows."""
    rows = [r for r in load_rows() if (r["db"], r["stored"]) != (row["db"], row["stored"])]
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps([*rows, {**row, "machine": machine()}], indent=1))


def load_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    return sorted(rows, key=lambda r: (r["db"] != "sqlite", r["stored"]))


if __name__ == "__main__":
    main()
