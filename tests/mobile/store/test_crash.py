"""Kill a phone mid-write, damage one file, reopen: every confirmed event is still there.

A child process (``crash_child.py``) records, settles and pulls until ``os._exit`` stops it at
a random write, fsync or rename. Then one file may be cut at a random offset, as a disk that
lied about fsync would leave it: one outbox copy, a history month or a temporary file.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest

from mobile.store import TinyDbStore
from tests.mobile.store.crash_child import KILLED

ROOT = Path(__file__).resolve().parents[3]
RUNS = 14  # each run is one child process (~0.4 s); seeds are fixed so failures replay


def run_child(folder: Path, seed: int, kill_at: int) -> list[tuple[str, str]]:
    child = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.mobile.store.crash_child",
            str(folder),
            str(seed),
            str(kill_at),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == KILLED, child.stderr
    return [tuple(line.split()) for line in child.stdout.splitlines()]  # type: ignore[misc]


def damage_one_file(folder: Path, rng: random.Random) -> str:
    candidates = [
        p for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "outbox.mirror.json"
    ]
    if rng.random() < 0.5:  # either outbox copy, never both: that is what two copies are for
        candidates = [folder / rng.choice(["outbox.json", "outbox.mirror.json"])]
    victim = rng.choice(candidates)
    data = victim.read_bytes()
    victim.write_bytes(data[: rng.randrange(len(data))] if data else b"")
    return victim.name


@pytest.mark.parametrize("seed", range(RUNS))
def test_a_phone_killed_mid_write_keeps_every_event_it_confirmed(tmp_path, seed):
    rng = random.Random(seed)
    folder = tmp_path / "data"
    lines: list[tuple[str, str]] = []
    for _ in range(2):  # die, reopen in the next child, die again
        lines += run_child(folder, seed * 7 + len(lines), kill_at=rng.randint(1, 160))
    damaged = damage_one_file(folder, rng) if seed % 2 else None

    store = TinyDbStore(folder, new_device_id=lambda: "never-used")
    pending = {e.event_id for e in store.pending()}
    known = {k.event_id for k in store.known()}
    confirmed = {event_id for what, event_id in lines if what == "confirmed"}
    settled = {event_id for what, event_id in lines if what == "settled"}
    history_lost = any("history" in note for note in store.recovered)

    assert store.device().device_id == "phone-crash", damaged
    unsent = confirmed - settled
    assert unsent <= pending | known, damaged  # nothing only the phone had is ever lost
    if history_lost:
        assert store.cursor() == 0  # what the damaged month held comes back with the next pull
    else:
        assert confirmed <= pending | known, damaged
    seqs = [e.device_seq for e in store.pending()]
    assert seqs == sorted(set(seqs)) and store.device().seq >= max(seqs, default=0)
