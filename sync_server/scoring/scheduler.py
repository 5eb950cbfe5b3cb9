"""Runs the scoring job at 00:00 local time, and on start for the days missed while down."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, time, timedelta

from fastapi import FastAPI

from sync_server.clock import Clock, SystemClock
from sync_server.scoring.config import load_scoring_config
from sync_server.scoring.job import DayRun, Interrupted, ScoringJob

log = logging.getLogger(__name__)

RETRY_SECONDS = 60.0
"""How soon to look again when a day is still pending (held by another replica, or failed)."""


class Scheduler:
    """Calls the job whenever a local midnight has passed; ``run_pending`` is one such call."""

    def __init__(self, job: ScoringJob, clock: Clock) -> None:
        self.job = job
        self.clock = clock
        self._thread: threading.Thread | None = None

    def run_pending(self) -> list[DayRun]:
        """Score what is pending now: on start the missed days, then each night the last one."""
        return self.job.run_pending()

    def seconds_to_next_run(self) -> float:
        """Until the next midnight plus the configured delay, or a retry if a day is pending."""
        config = self.job.config
        now = self.clock.now().astimezone(config.tz)
        delay = timedelta(seconds=config.run_after_midnight_seconds)
        following = datetime.combine(now.date(), time(), tzinfo=config.tz) + delay
        if now >= following:
            following += timedelta(days=1)
        seconds = (following - now).total_seconds()
        return min(seconds, RETRY_SECONDS) if self.job.pending_days() else seconds

    def start(self) -> None:
        """Start the background thread (the app's lifespan does this when configured)."""
        self._thread = threading.Thread(target=self._loop, name="nightly-scoring", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the job to stop after its current chunk and wait for the thread."""
        self.job.stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def _loop(self) -> None:
        while not self.job.stop.is_set():
            try:
                for run in self.run_pending():
                    log.info(
                        "scored %s: %d enterprises (attempt %d)", run.day, run.scored, run.attempts
                    )
            except Interrupted:
                return
            except Exception:  # a bad night must not end the server; the day stays pending
                log.exception("the nightly scoring run failed; it will be retried")
            if self.clock.wait(self.job.stop, self.seconds_to_next_run()):
                return


@asynccontextmanager
async def scoring_lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Run the scheduler while the app serves, only if ``settings.nightly_scoring`` is on."""
    settings = app.state.settings
    if not getattr(settings, "nightly_scoring", False):
        yield
        return
    clock: Clock = getattr(app.state, "clock", None) or SystemClock()
    job = ScoringJob(app.state.engine, load_scoring_config(settings), clock)
    scheduler = Scheduler(job, clock)
    app.state.scheduler = scheduler
    scheduler.start()
    try:
        yield
    finally:
        scheduler.stop()
