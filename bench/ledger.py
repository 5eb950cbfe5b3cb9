"""The hazard ledger (issue 13/9): 2,500 and 10,000 hazards, as .xlsx and PDF, over HTTP.

Run: ``python -m bench.ledger [--sizes 2500 10000]``.

The demo city is seeded into a temporary SQLite database, then the kitchen is given ``size``
hazards reported over one month (inserted straight into the ``hazards`` projection, with a
description of 40 characters and a few in every state). Each ledger is fetched once by the
kitchen's safety manager through the real app (``/v1/documents/ledger.xlsx`` and ``.pdf``),
timed from request to the last byte. Target: the 10,000-hazard ledger within the balancer's
read timeout of docs/deploy.md (30 s), and the time ratio 2,500 → 10,000 at most ~4.5×
(linear is 4×; the ledger used to grow quadratically).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine, insert

from bench.report import machine, write_section
from shared.hazards import Hazard
from sync_server.app import create_app
from sync_server.demo import KITCHEN, seed_demo
from sync_server.schema import hazards
from sync_server.settings import Settings

BALANCER_TIMEOUT_S = 30.0
"""The read timeout docs/deploy.md asks the balancer for."""
FIRST = datetime(2026, 11, 1, tzinfo=UTC)
ROUNDS = 2
"""Each ledger is fetched twice and the faster kept: this machine is shared and noisy."""
STATES = ("registered", "to_rectify", "rectifying", "awaiting_acceptance", "closed")


def _hazard(n: int) -> Hazard:
    status = STATES[n % len(STATES)]
    assigned = status != "registered"
    return Hazard.model_validate(
        {
            "id": f"YH-B-{n:06d}",
            "tenant": KITCHEN,
            "status": status,
            "grade": "major" if n % 50 == 0 else "general",
            "title": f"液化气软管老化开裂（第{n}处）",
            "description": "软管长度超过2米且有三通接口，接头处有油污，未设置燃气报警器。",
            "category": 1 + n % 8,
            "management_class": 1 + n % 3,
            "source": 1 + n % 4,
            "location": "后厨灶台",
            "post_id": None,
            "card_id": None,
            "item_id": None,
            "reporter": "worker1",
            "reported_at": (FIRST + timedelta(seconds=n * 200)).isoformat(),
            "assignee": "worker1" if assigned else None,
            "deadline": (FIRST + timedelta(days=20)).isoformat() if assigned else None,
            "measures": "更换为≤2 m不锈钢波纹管，加装燃气报警器" if assigned else "",
        }
    )


def _fill(engine: Engine, size: int) -> None:
    rows = []
    for n in range(size):
        h = _hazard(n)
        rows.append(
            {
                "id": h.id,
                "tenant": h.tenant,
                "status": h.status.value,
                "grade": h.grade.value,
                "deadline": h.deadline,
                "open_conflicts": 0,
                "body": h.model_dump(mode="json"),
            }
        )
    with engine.begin() as conn:
        conn.execute(insert(hazards), rows)


def measure(size: int) -> dict[str, float]:
    """Seconds to fetch each format of a ``size``-hazard ledger, and its size in KB."""
    with tempfile.TemporaryDirectory(prefix="bench-ledger-") as folder:
        app = create_app(Settings(data_dir=Path(folder)))
        with app.state.engine.begin() as conn:
            seed_demo(conn, today=date(2026, 11, 30))
        _fill(app.state.engine, size)
        figures: dict[str, float] = {}
        with TestClient(app) as client:
            login = {"username": "manager1", "password": "demo1234"}
            token = client.post("/v1/auth/login", json=login).json()["access_token"]
            for fmt in ("xlsx", "pdf"):
                for _ in range(ROUNDS):
                    wall, cpu = time.perf_counter(), time.process_time()
                    answer = client.get(
                        f"/v1/documents/ledger.{fmt}",
                        params={"from": "2026-11-01", "to": "2026-11-30"},
                        headers={"authorization": f"Bearer {token}"},
                    )
                    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                    assert answer.status_code == 200, answer.text
                    figures[fmt] = min(figures.get(fmt, wall), wall)
                    figures[f"{fmt}_cpu"] = min(figures.get(f"{fmt}_cpu", cpu), cpu)
                figures[f"{fmt}_kb"] = len(answer.content) / 1024
        app.state.engine.dispose()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[2_500, 10_000])
    args = parser.parse_args()
    small, large = args.sizes
    found = {}
    for size in (small, large):
        found[size] = measure(size)
        print(size, found[size], flush=True)
    report(small, large, found)


def report(small: int, large: int, found: dict[int, dict[str, float]]) -> None:
    command = f"python -m bench.ledger --sizes {small} {large}"
    lines = [
        "## Hazard ledger (issue 13/9)",
        "",
        f"Command: `{command}` · machine: {machine()}.",
        "One enterprise's ledger for a month, fetched over HTTP (the real app in process) by its",
        "safety manager, best of two; hazards inserted straight into the projection. Wall is the",
        "request's time; CPU is the process's CPU time for it (all threads), which other",
        "processes on a busy machine do not inflate, so the ratio is taken from it. Target: the",
        f"largest within the balancer read timeout ({BALANCER_TIMEOUT_S:.0f} s, docs/deploy.md),",
        "and the time ratio between the two sizes at most ~4.5× (linear is 4×).",
        "",
        "| hazards | xlsx wall s | xlsx CPU s | xlsx KB | PDF wall s | PDF CPU s | PDF KB |",
        "|---|---|---|---|---|---|---|",
    ]
    for size in (small, large):
        f = found[size]
        lines.append(
            f"| {size:,} | {f['xlsx']:.1f} | {f['xlsx_cpu']:.1f} | {f['xlsx_kb']:,.0f} "
            f"| {f['pdf']:.1f} | {f['pdf_cpu']:.1f} | {f['pdf_kb']:,.0f} |"
        )
    slowest = max(found[large]["xlsx"], found[large]["pdf"])
    ratio = max(found[large][f"{k}_cpu"] / found[small][f"{k}_cpu"] for k in ("xlsx", "pdf"))
    wall = max(found[large][k] / found[small][k] for k in ("xlsx", "pdf"))
    lines += [
        "",
        f"- Slowest {large:,}-hazard ledger: {slowest:.1f} s "
        f"(target ≤ {BALANCER_TIMEOUT_S:.0f} s).",
        f"- Ratio {small:,} → {large:,} in CPU time, worst of xlsx and PDF: {ratio:.2f}× "
        f"(target ≤ ~4.5×; in wall time {wall:.2f}×).",
    ]
    write_section("ledger", "\n".join(lines))


if __name__ == "__main__":
    main()
