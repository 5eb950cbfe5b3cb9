"""Play chaos seeds and report each as one JSON line: ``python -m tests.chaos.runner --seeds …``.

``make test`` runs the 200 SQLite seeds in one such worker process per core: in one process
the phones and the server share one interpreter lock, so two processes use both cores, and
workers run outside the coverage tracer, which would double the cost of a seed. The pytest
tests use ``play`` in-process for replays (``--seed N``), PostgreSQL replicas and determinism.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sync_server import accounts
from tests.chaos.invariants import check_everything
from tests.chaos.servers import CHEAP_HASHER, Servers, serving
from tests.chaos.simulation import Simulation


def replay_command(seed: int, replicas: bool = False) -> str:
    """How to run one seed again, in-process, with pytest."""
    test = "test_two_replicas" if replicas else "test_phones_in_chaos"
    return f"pytest tests/chaos -q -k {test} --seed {seed}  (or CHAOS_SEED={seed})"


@contextmanager
def replayable(seed: int, sim: Simulation, *, replicas: bool = False) -> Iterator[None]:
    """Turn any failure into one that names the seed, how to replay it and what happened."""
    try:
        yield
    except Exception as exc:
        trace = "\n".join(sim.trace[-60:])
        raise AssertionError(
            f"SEED={seed}: replay with `{replay_command(seed, replicas)}`\n"
            f"--- last steps ---\n{trace}\n--- failure ---\n{type(exc).__name__}: {exc}"
        ) from exc


def play(seed: int, servers: Servers, folder: Path, *, concurrent: bool = False) -> Simulation:
    """One seed against ``servers`` (already switched to a fresh database), then every check."""
    try:
        sim = Simulation(seed, servers.urls, folder, concurrent=concurrent)
    except Exception as exc:
        raise AssertionError(f"SEED={seed}: the phones could not be built: {exc}") from exc
    try:
        with replayable(seed, sim, replicas=concurrent):
            sim.run()
            check_everything(sim, servers.apps[0].state.engine)
    finally:
        sim.close()
    return sim


def run_seeds(seeds: Sequence[int], folder: Path) -> Iterator[dict[str, Any]]:
    """Each seed on a fresh SQLite database behind one live server; one result per seed."""
    with serving(1) as servers:
        for seed in seeds:
            where = folder / str(seed)
            try:
                servers.fresh(where / "server")
                stats = asdict(play(seed, servers, where / "phones").stats)
                yield {"seed": seed, "ok": True, "stats": stats}
            except AssertionError as exc:
                yield {"seed": seed, "ok": False, "error": str(exc)}
            finally:
                servers.dispose()
                shutil.rmtree(where, ignore_errors=True)


def scratch_parent() -> str | None:
    """A memory file system for the phones' folders, when there is one.

    ext4 flushes a file renamed over another (auto_da_alloc), and phones replace a file on
    every write: on disk that is a third of a seed. Each seed's folder is deleted when done.
    """
    shm = Path("/dev/shm")
    return str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", required=True, help="comma-separated seeds")
    args = parser.parse_args(argv)
    seeds = [int(seed) for seed in args.seeds.split(",") if seed]
    warnings.simplefilter("error")  # as pytest runs (filterwarnings = error)
    accounts._hasher = CHEAP_HASHER
    accounts._DUMMY_HASH = CHEAP_HASHER.hash("not a password")
    # Apps are killed, not machines: the page cache keeps what a phone wrote. Skipping the
    # flush to disk saves a third of a seed; power loss is tests/mobile/store/test_crash.py's.
    os.fsync = lambda fd: None
    with tempfile.TemporaryDirectory(prefix="chaos-", dir=scratch_parent()) as folder:
        for result in run_seeds(seeds, Path(folder)):
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
