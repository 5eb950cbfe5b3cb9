"""A phone that dies mid-write: run by test_crash.py as a child process.

``python -m tests.mobile.store.crash_child DIR SEED KILL_AT`` records, settles and pulls at
random, printing ``confirmed <id>`` once ``record`` returned and ``settled <id>`` once
``settle`` returned, and exits with ``os._exit`` at the KILL_AT-th call to ``os.write``,
``os.fsync`` or ``os.replace`` (a write is cut after a random number of its bytes).
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path

from mobile.store import DeviceState, Settled, TinyDbStore
from shared.ids import DeviceId
from shared.protocol import PushStatus
from tests.mobile.builders import next_event, pulled

KILLED = 9


def arm(kill_at: int, rng: random.Random) -> None:
    """Make the kill_at-th write, fsync or replace the last thing this process does."""
    calls = [0]
    real_write, real_fsync, real_replace = os.write, os.fsync, os.replace

    def countdown() -> bool:
        calls[0] += 1
        return calls[0] >= kill_at

    def write(fd: int, data: bytes) -> int:
        if countdown():
            real_write(fd, bytes(data)[: rng.randrange(len(data) + 1)])
            os._exit(KILLED)
        return real_write(fd, data)

    def fsync(fd: int) -> None:
        if countdown():
            os._exit(KILLED)
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        if countdown():
            os._exit(KILLED)
        real_replace(src, dst)

    os.write, os.fsync, os.replace = write, fsync, replace  # type: ignore[assignment]


def say(what: str, event_id: str) -> None:
    """Tell the parent, unbuffered: the next instant may be the last."""
    sys.stdout.write(f"{what} {event_id}\n")
    sys.stdout.flush()


def main(folder: Path, seed: int, kill_at: int) -> None:
    rng = random.Random(seed)
    store = TinyDbStore(folder, new_device_id=lambda: "phone-crash")
    arm(kill_at, rng)
    other = DeviceState(DeviceId("other-phone"))
    server_seq = store.cursor()
    while True:
        roll = rng.random()
        pending = store.pending()
        if roll < 0.6 or not pending:
            event, device = next_event(store.device(), aggregate_id=f"H{rng.randrange(5)}")
            store.record(event, device)
            say("confirmed", event.event_id)
        elif roll < 0.8:
            chosen = rng.sample(pending, rng.randint(1, len(pending)))
            server_seq += 1
            store.settle([Settled(e.event_id, PushStatus.ACCEPTED, server_seq) for e in chosen])
            for event in chosen:
                say("settled", event.event_id)
        else:
            foreign, other = next_event(other, aggregate_id="H1", wall_ms=None)
            server_seq += 1
            page = [pulled(foreign, server_seq), pulled(rng.choice(pending), server_seq + 1)]
            server_seq += 1
            store.absorb(page, cursor=server_seq, device=store.device())
            say("settled", page[1].event_id)


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
