"""Forty concurrent sign-ins with random names: the server's peak memory and a real sign-in's wait.

Run: ``python -m bench.sign_ins [--burst 40]``. Issue 13 item 8 measured 145 MB → 2 GB and a
real sign-in waiting 19 s when every request ran its own argon2id check (64 MiB each). The
server is the real app with production argon2id, started as its own process on a fresh SQLite
database with the demo accounts: checks bounded to the cores with the served 2 s wait (the rest
get 503), bounded with a wait long enough for all, and bounded only by the burst (as it was).
The peak is the server's ``VmHWM``; the owner signs in 0.2 s into the burst.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench.report import machine, write_section
from sync_server.settings import Settings

SERVER = """
import sys, uvicorn
from pathlib import Path
from sync_server.app import create_app
from sync_server.demo import seed_demo
from sync_server.settings import Settings
settings = Settings(data_dir=Path(sys.argv[1]), concurrent_password_checks=int(sys.argv[3]),
                    login_attempts_per_minute=10**6, password_check_wait_seconds=float(sys.argv[4]))
app = create_app(settings)
with app.state.engine.begin() as conn:
    seed_demo(conn)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _peak_mb(pid: int, field: str = "VmHWM") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} for {pid}")


def run(slots: int, burst: int, wait: float) -> dict[str, float]:
    """Peak memory before and after the burst, and how long the owner's sign-in took."""
    port = _free_port()
    with tempfile.TemporaryDirectory() as data:
        command = [sys.executable, "-c", SERVER, data, str(port), str(slots), str(wait)]
        server = subprocess.Popen(command)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(600):
                try:
                    if httpx.get(f"{url}/health").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            before = _peak_mb(server.pid)
            statuses: list[int] = []

            def guess(n: int) -> None:
                body = {"username": f"random-{n}-{os.urandom(4).hex()}", "password": "x" * 8}
                answer = httpx.post(f"{url}/v1/auth/login", json=body, timeout=120)
                statuses.append(answer.status_code)

            threads = [threading.Thread(target=guess, args=(n,)) for n in range(burst)]
            for thread in threads:
                thread.start()
            time.sleep(0.2)  # the burst is in the server now
            started = time.monotonic()
            owner = httpx.post(
                f"{url}/v1/auth/login",
                json={"username": "worker1", "password": "demo1234"},
                timeout=120,
            )
            waited = time.monotonic() - started
            for thread in threads:
                thread.join()
            return {
                "slots": slots,
                "wait": wait,
                "before_mb": before,
                "peak_mb": _peak_mb(server.pid),
                "owner_s": waited,
                "owner_status": owner.status_code,
                "refused": sum(status != 401 for status in statuses),
            }
        finally:
            server.terminate()
            server.wait(30)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--burst", type=int, default=40)
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0))
    served = Settings(data_dir=Path("unused")).password_check_wait_seconds
    rows = [
        run(cores, args.burst, served),
        run(cores, args.burst, 120.0),
        run(args.burst, args.burst, 120.0),
    ]
    lines = [
        "## Sign-in burst (issue 13 item 8)",
        "",
        f"`python -m bench.sign_ins --burst {args.burst}`, {machine()}. {args.burst} concurrent "
        "sign-ins with random names (production argon2id, 64 MiB), then the owner's own.",
        "",
        "| checks at once | wait for a slot | server peak before | peak after "
        "| refused 503 | owner's sign-in |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        served_row = row["slots"] == cores and row["wait"] == served
        label = f"{row['slots']:.0f}" + (" (as served)" if served_row else "")
        lines.append(
            f"| {label} | {row['wait']:.0f} s | {row['before_mb']:.0f} MB | "
            f"{row['peak_mb']:.0f} MB | {row['refused']:.0f} of {args.burst} | "
            f"{row['owner_s']:.2f} s ({row['owner_status']:.0f}) |"
        )
    text = "\n".join(lines)
    print(text)
    write_section("sign_ins", text)


if __name__ == "__main__":
    main()
