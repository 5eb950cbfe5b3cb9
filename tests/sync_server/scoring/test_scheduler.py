"""The nightly scheduler: when it wakes, and that the app runs it only when configured."""

from __future__ import annotations

import threading
import time
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from sync_server.clock import FakeClock, SystemClock
from sync_server.schema import score_runs
from sync_server.scoring.config import ScoringConfig
from sync_server.scoring.job import ScoringJob
from sync_server.scoring.scheduler import RETRY_SECONDS, Scheduler
from tests.sync_server.scoring_world import app_engine, day_of, moment, seed


@pytest.mark.parametrize(
    ("hour", "minute", "second", "delay", "expected"),
    [
        (23, 59, 0, 0, 60.0),
        (0, 0, 0, 0, 24 * 3600.0),
        (0, 0, 0, 300, 300.0),
        (12, 0, 0, 0, 12 * 3600.0),
    ],
)
def test_the_scheduler_sleeps_until_the_next_local_midnight(
    app, hour, minute, second, delay, expected
):
    clock = FakeClock(moment(5, hour, minute, second))
    config = ScoringConfig(run_after_midnight_seconds=delay)
    scheduler = Scheduler(ScoringJob(app_engine(app), config, clock), clock)
    assert len(scheduler.run_pending()) == 1  # what has ended is scored; nothing is pending
    assert scheduler.seconds_to_next_run() == expected


def test_a_pending_day_held_elsewhere_is_retried_within_a_minute(app):
    clock = FakeClock(moment(5, 12))
    job = ScoringJob(app_engine(app), ScoringConfig(), clock)
    assert job.pending_days() == [day_of(4)]
    assert Scheduler(job, clock).seconds_to_next_run() == RETRY_SECONDS


class SleepingFakeClock(FakeClock):
    """Fake time, but waiting really waits (on the stop event), so the thread idles."""

    def wait(self, stop: threading.Event, seconds: float) -> bool:
        return stop.wait(10)


def _runs(app) -> list[tuple[object, str]]:
    with app_engine(app).connect() as conn:
        return [tuple(r) for r in conn.execute(select(score_runs.c.day, score_runs.c.status))]


def test_the_app_scores_missed_days_on_start_only_when_nightly_scoring_is_on(make_app, settings):
    quiet = make_app()
    quiet.state.clock = SleepingFakeClock(moment(5, 9))
    seed(app_engine(quiet))
    with TestClient(quiet):
        time.sleep(0.2)
    assert _runs(quiet) == []
    nightly = make_app(replace(settings, nightly_scoring=True))
    nightly.state.clock = SleepingFakeClock(moment(5, 9))
    with TestClient(nightly):
        deadline = time.monotonic() + 15
        while _runs(nightly) != [(day_of(4), "done")] and time.monotonic() < deadline:
            time.sleep(0.05)
    assert _runs(nightly) == [(day_of(4), "done")]
    assert nightly.state.scheduler.job.stop.is_set()


def test_the_system_clock_is_aware_and_its_wait_returns_when_stopped():
    clock = SystemClock()
    stop = threading.Event()
    stop.set()
    assert clock.now().tzinfo is not None
    assert clock.wait(stop, 3600) is True


def test_a_fake_clock_refuses_naive_moments_and_waits_by_moving_on():
    with pytest.raises(ValueError, match="aware"):
        FakeClock(moment(0, 0).replace(tzinfo=None))
    clock = FakeClock(moment(0, 0))
    assert clock.wait(threading.Event(), 90) is False
    assert clock.now() == moment(0, 0, 1, 30)
