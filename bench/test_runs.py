"""``make test`` on a busy machine: the browser stories in a loop, and the whole suite timed.

Run: ``python -m bench.test_runs --stories 10`` (the e2e stories, one pytest run each) and/or
``python -m bench.test_runs --suite 1 --busy 2`` (the Makefile's pytest target, with two
``python3 -c 'while True: pass'`` loops beside it) and/or ``python -m bench.test_runs --fresh 3
--busy 2`` (what CI does: ``.ci/run`` in a fresh clone of this repository's HEAD, installs and
all, beside the busy loops). Each run is kept in
``bench/results/make_test.json`` with its seconds and the machine's load average, and the
section is written from every run kept, so separate invocations add up (a row's optional
``note``, added by hand, says what changed before it). Target: the stories
pass every run, and a whole-suite run stays ≤ 12 minutes on an idle 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.report import machine, write_section

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results" / "make_test.json"
EVIDENCE = ROOT / "test-artifacts" / "bench-runs"
E2E_ARTIFACTS = ROOT / "test-artifacts" / "e2e"
PYTEST = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
SERIAL = ["tests/mobile/e2e", "tests/chaos"]
STORIES = [[*PYTEST, "tests/mobile/e2e"]]
SUITE = [
    [*PYTEST, "-n", "2", "--cov", "--cov-report=", *(f"--ignore={path}" for path in SERIAL)],
    [*PYTEST, "--cov", "--cov-append", "--cov-report=", *SERIAL],
]
"""The Makefile's ``pytest`` target: most tests on two workers, then the serial ones alone."""
BUSY = [sys.executable, "-c", "while True: pass"]
TARGET_SUITE_S = 12 * 60


def load() -> float:
    """The 1-minute load average: on 2 cores, above ~2 means work waited for a core."""
    return os.getloadavg()[0]


@contextmanager
def busy_loops(count: int) -> Any:
    """``count`` processes spinning a core each, stopped afterwards."""
    loops = [subprocess.Popen(BUSY) for _ in range(count)]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


def run(kind: str, commands: list[list[str]], busy: int, cwd: Path = ROOT) -> dict[str, Any]:
    """One timed run of ``commands`` in turn; the result lines, seconds and load around it."""
    before = load()
    began = time.monotonic()
    summaries: list[str] = []
    passed = True
    with busy_loops(busy):
        for command in commands:
            done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
            lines = [line for line in done.stdout.splitlines() if line.strip()]
            summaries.append(lines[-1].strip("= ") if lines else done.stderr[-200:])
            summaries += [line for line in lines if line.startswith("FAILED")]
            passed = passed and done.returncode == 0
            if done.returncode:
                keep_evidence(kind, done.stdout + done.stderr)
    return {
        "kind": kind,
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "passed": passed,
        "seconds": round(time.monotonic() - began, 1),
        "busy_loops": busy,
        "load_before": round(before, 2),
        "load_after": round(load(), 2),
        "summary": "; ".join(summaries),
    }


def run_fresh_clone(busy: int) -> dict[str, Any]:
    """``.ci/run`` in a fresh clone of HEAD: the newcomer's first ``make test``, installs included.

    The clone shares nothing with this checkout (its own ``.venv``, phone profile and caches),
    so the figure includes what a clean machine would install; it is removed afterwards.
    """
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    ).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="fresh-clone-") as folder:
        clone = Path(folder) / "repo"
        subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
        row = run("fresh clone", [["env", "CI=true", "bash", ".ci/run"]], busy, cwd=clone)
    row["summary"] = f"{commit}: {row['summary']}"
    return row


def keep_evidence(kind: str, output: str) -> None:
    """A failed run's output, its stories' screens and logs: the next run replaces them."""
    folder = EVIDENCE / f"{kind}-{datetime.now(UTC):%Y%m%dT%H%M%S}"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "pytest.log").write_text(output, encoding="utf-8")
    if E2E_ARTIFACTS.exists():
        shutil.copytree(E2E_ARTIFACTS, folder / "e2e")


def kept() -> list[dict[str, Any]]:
    """Every run recorded so far."""
    if not RESULTS.exists():
        return []
    rows: list[dict[str, Any]] = json.loads(RESULTS.read_text(encoding="utf-8"))
    return rows


def keep(row: dict[str, Any]) -> None:
    """Record one run at once, so an interrupted loop keeps what it measured."""
    rows = [*kept(), row]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def section(rows: list[dict[str, Any]]) -> str:
    """The markdown section: a table of every run, then one line per target."""
    table = [
        "| run | what | busy loops | passed | seconds | load before / after | pytest said |",
        "|---|---|---|---|---|---|---|",
    ]
    for n, row in enumerate(rows, 1):
        table.append(
            f"| {n} | {row['kind']} | {row['busy_loops']} | {'yes' if row['passed'] else 'NO'} "
            f"| {row['seconds']:.0f} | {row['load_before']:.1f} / {row['load_after']:.1f} "
            f"| {row['summary']}{' — ' + row['note'] if row.get('note') else ''} |"
        )
    stories = [r for r in rows if r["kind"] == "stories"]
    suites = [r for r in rows if r["kind"] == "suite"]
    fresh = [r for r in rows if r["kind"] == "fresh clone"]
    lines = [
        f"- Browser stories: {sum(r['passed'] for r in stories)} of {len(stories)} runs passed.",
        f"- Whole suite: {sum(r['passed'] for r in suites)} of {len(suites)} runs passed"
        + (f", slowest {max(r['seconds'] for r in suites) / 60:.1f} min." if suites else "."),
        f"- Fresh clone `.ci/run` (installs included): {sum(r['passed'] for r in fresh)} of "
        f"{len(fresh)} runs passed"
        + (
            "; "
            + ", ".join(
                f"{r['seconds'] / 60:.1f} min with {r['busy_loops']} busy loops" for r in fresh
            )
            + "."
            if fresh
            else "."
        ),
    ]
    return "\n".join(
        [
            "## make test on a busy machine (issue 2/9)",
            "",
            "Commands: `python -m bench.test_runs --stories N` (each run: "
            "`python -m pytest tests/mobile/e2e`) and `python -m bench.test_runs --suite N "
            "--busy B` (the Makefile's pytest target: "
            + " then ".join(f"`pytest {' '.join(c[3:])}`" for c in SUITE)
            + ", with B `python3 -c 'while True: pass'` loops beside it) · "
            f"machine: {machine()}. The machine is shared with other work: the load average "
            "(1 minute, before and after each run) says how busy it was; on 2 cores, above 2 "
            "means work waited for a core.",
            "",
            *table,
            "",
            *lines,
            "",
            "What runs in parallel and what alone: every test but two folders runs on two "
            "pytest-xdist workers (each worker its own PostgreSQL cluster, on a free port in "
            "its own temporary folder). Then, alone: `tests/mobile/e2e` (each story starts a "
            "server, an app and a Chromium; beside other work on 2 cores their taps starve) "
            "and `tests/chaos` (its 200 seeds already run in one process per core). Not "
            "`--dist loadgroup`: pytest-xdist 3.8 marks a group in `item._nodeid`, which "
            "pytest 9 no longer reads, so the groups were silently ignored. Coverage: "
            "pytest-cov measures every worker, the serial run appends, the gates read the sum.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=0, help="runs of the browser stories")
    parser.add_argument("--suite", type=int, default=0, help="runs of the whole suite")
    parser.add_argument("--fresh", type=int, default=0, help="runs of .ci/run in a fresh clone")
    parser.add_argument("--busy", type=int, default=0, help="busy loops beside the suite")
    args = parser.parse_args()
    for _ in range(args.stories):
        keep(run("stories", STORIES, 0))
        print(kept()[-1], flush=True)
    for _ in range(args.suite):
        keep(run("suite", SUITE, args.busy))
        print(kept()[-1], flush=True)
    for _ in range(args.fresh):
        keep(run_fresh_clone(args.busy))
        print(kept()[-1], flush=True)
    write_section("make-test", section(kept()))


if __name__ == "__main__":
    main()
