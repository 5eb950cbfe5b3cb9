"""Many phones in chaos, on one server and on two replicas: after a quiet sync, one record.

Each seed plays six or seven phones (every role; the kitchen's manager sometimes on two
devices) through random offline actions, syncs in random order, lost requests and answers
(p = 0.2 each), apps killed between a write and its acknowledgement, and clocks off by up to
a day; then checks ``tests/chaos/invariants.py``. A failure prints ``SEED=<n>`` and the
command that replays that seed in-process.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from shared.events import EventType
from shared.lifecycle import PERMITTED_ROLES
from shared.roles import Role
from tests.chaos.conftest import chosen_seed
from tests.chaos.runner import play

ROOT = Path(__file__).resolve().parents[2]
WORKERS = max(1, min(os.cpu_count() or 1, 4))
WORKER_TIMEOUT_S = 900


def run_workers(seeds: list[int]) -> list[dict[str, Any]]:
    """Play ``seeds`` in worker processes (``tests/chaos/runner.py``), one per core."""
    count = min(WORKERS, len(seeds))
    command = [sys.executable, "-m", "tests.chaos.runner", "--seeds"]
    workers = [
        subprocess.Popen(
            [*command, ",".join(str(seed) for seed in seeds[n::count])],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(count)
    ]
    outputs: list[tuple[int, str, str]] = []
    try:
        for worker in workers:
            out, err = worker.communicate(timeout=WORKER_TIMEOUT_S)
            outputs.append((worker.returncode, out, err))
    finally:
        for worker in workers[len(outputs) :]:
            worker.kill()
            worker.communicate()
    results: list[dict[str, Any]] = []
    for returncode, out, err in outputs:
        assert returncode == 0, f"a chaos worker crashed:\n{err[-6000:]}"
        results += [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return results


def test_two_hundred_seeds_of_phones_in_chaos_end_with_one_record_everywhere(request):
    chosen = chosen_seed(request.config)
    seeds = [chosen] if chosen is not None else list(range(int(os.environ.get("CHAOS_SEEDS", 200))))

    results = run_workers(seeds)

    failed = [result for result in results if not result["ok"]]
    assert not failed, (
        f"{len(failed)} of {len(seeds)} seeds failed: "
        + ", ".join(f"SEED={result['seed']}" for result in failed)
        + "\n\n"
        + "\n\n".join(result["error"] for result in failed[:2])
    )
    assert sorted(result["seed"] for result in results) == seeds
    if len(seeds) >= 100:  # a claim about what the seeds do together needs many of them
        the_seeds_exercise_every_action_and_fault([result["stats"] for result in results])


def the_seeds_exercise_every_action_and_fault(stats: list[dict[str, Any]]) -> None:
    """Every event type by every role allowed to make it, every type illegally, every fault."""
    made = {key for each in stats for key in each["made"]}
    for kind in EventType:
        legal = {key.split()[0] for key in made if key.split()[1:] == [kind.value, "legal"]}
        expected = {role.value for role in PERMITTED_ROLES[kind]} - _phoneless(kind)
        if kind in LONG_ROAD:
            assert legal <= expected, kind
        else:
            assert legal == expected, kind
        assert any(key.split()[1:] == [kind.value, "illegal"] for key in made), kind
    for fault in (
        "kills",
        "answers_lost",
        "offline",
        "photos",
        "hostile_stamps",
        "foreign_devices",
    ):
        assert sum(each[fault] for each in stats) > len(stats) // 5, fault


LONG_ROAD = frozenset({EventType.HAZARD_SUPERVISION_LIFTED})
"""Steps at the end of a road too long for 200 seeds to travel reliably, checked only for
roles that may not make them. 解除督办 needs a 重大隐患 that an inspector supervised and
that was then planned, rectified, accepted and closed: no inspector's legal lift came up in
200 seeds (4 supervisions and 6 closes in 60 seeds). tests/mobile/sync/test_oversight.py
(through a real server) and tests/shared/test_oversight.py travel that road on purpose; the
seeds still make the step illegally."""


def _phoneless(kind: EventType) -> set[str]:
    """Roles whose phones cannot make ``kind`` legally: they hold none of the records it acts on.

    A regulator's phone pulls no events (issue 16: their screens read the server's rollups),
    so it never shows a hazard to take a step on; a regulator's hazard steps (挂牌督办, reopen,
    regrade) go through the API, and tests/sync_server covers them.
    """
    acts_on_a_hazard = kind.value.startswith("hazard.")
    return {Role.REGULATOR.value} if acts_on_a_hazard else set()


def test_phones_in_chaos_end_with_one_record_everywhere(seed, one_server, tmp_path):
    one_server.fresh(tmp_path / "server")
    sim = play(seed, one_server, tmp_path / "phones")
    assert sum(len(phone.made) for phone in sim.phones) > 0


def test_two_replicas_on_one_postgresql_end_with_one_record_everywhere(
    replica_seed, two_replicas, fresh_postgresql, tmp_path
):
    two_replicas.fresh(tmp_path / "server", fresh_postgresql)
    try:
        sim = play(replica_seed, two_replicas, tmp_path / "phones", concurrent=True)
    finally:
        two_replicas.dispose()
    assert sim.stats.syncs > 0


def test_a_seed_replays_the_same_run(one_server, tmp_path):
    runs = []
    for attempt in range(2):
        one_server.fresh(tmp_path / f"server{attempt}")
        sim = play(7, one_server, tmp_path / f"phones{attempt}")
        runs.append([(e.event_id, e.type, e.hlc, e.payload) for p in sim.phones for e in p.made])
    assert runs[0] == runs[1]
