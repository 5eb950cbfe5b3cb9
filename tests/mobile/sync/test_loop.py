"""The background loop: backoff with jitter when offline, parked (not looping) when signed out."""

from __future__ import annotations

import random
import threading

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mobile.sync.errors import Offline, ServerRefused, SignInRequired
from mobile.sync.loop import Backoff, SyncLoop, SyncStatus
from mobile.sync.progress import SyncReport


def status_of(loop: SyncLoop) -> SyncStatus:
    """Read afresh: the status changes behind mypy's back, in another thread."""
    return loop.status


class ScriptedSync:
    """Raises or succeeds as scripted, then succeeds."""

    def __init__(self, *outcomes: Exception) -> None:
        self.outcomes, self.calls = list(outcomes), 0
        self.called = threading.Event()

    def __call__(self) -> SyncReport:
        self.calls += 1
        self.called.set()
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise outcome
        return SyncReport(pulled=self.calls)


@given(failures=st.integers(1, 40), seed=st.integers(0, 2**32))
def test_the_wait_after_failures_doubles_up_to_the_cap_with_bounded_jitter(failures, seed):
    backoff = Backoff(base_s=2.0, cap_s=300.0)
    ceiling = min(300.0, 2.0 * 2 ** (failures - 1))
    assert ceiling / 2 <= backoff.delay(failures, random.Random(seed)) <= ceiling


def test_jitter_spreads_phones_that_failed_together():
    waits = {round(Backoff().delay(6, random.Random(seed)), 3) for seed in range(20)}
    assert len(waits) > 15


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (Offline("down"), SyncStatus.OFFLINE),
        (ServerRefused(400, "x", "m", {}), SyncStatus.FAILED),
        (KeyError("a bug"), SyncStatus.FAILED),  # the thread survives its own bugs
    ],
)
def test_a_failed_round_backs_off_longer_each_time_and_a_good_one_resets(error, status):
    statuses = []
    loop = SyncLoop(
        ScriptedSync(error, error, error),
        rng=random.Random(1),
        on_status=lambda s, e: statuses.append(s),
    )
    waits = [loop.step() or 0.0 for _ in range(3)]
    assert loop.status is status and loop.failures == 3
    assert waits[0] <= 2.0 < waits[2] <= 8.0
    assert loop.step() == loop.interval_s
    assert loop.failures == 0 and loop.status is SyncStatus.IDLE
    assert statuses[:2] == [SyncStatus.SYNCING, status]


def test_an_auth_error_parks_the_loop_and_new_actions_do_not_wake_it():
    sync = ScriptedSync(SignInRequired("expired"))
    loop = SyncLoop(sync)
    loop.start()
    try:
        assert sync.called.wait(5)
        sync.called.clear()
        loop.wake()  # an action saved while signed out
        assert not sync.called.wait(0.3)
        assert loop.status is SyncStatus.SIGN_IN_NEEDED and sync.calls == 1
        loop.resume()  # signed in again
        assert sync.called.wait(5)
    finally:
        loop.stop()
    assert sync.calls == 2
    assert status_of(loop) is SyncStatus.STOPPED


def test_a_new_action_wakes_the_loop_before_its_interval():
    sync = ScriptedSync()
    loop = SyncLoop(sync, interval_s=3600)
    loop.start()
    try:
        assert sync.called.wait(5)
        sync.called.clear()
        loop.wake()
        assert sync.called.wait(5)
    finally:
        loop.stop()
    assert sync.calls == 2
