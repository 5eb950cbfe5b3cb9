"""The daily scoring job: score every enterprise for a day, rank them, resume when killed.

A day is scored in chunks of enterprises (by id). Each chunk is read in a short read
transaction, scored in memory with the pure ``shared`` rules, and written with the run's
cursor in one short write transaction, so pushes never wait long and a killed run resumes
after the last chunk written. Ranking by rolling month score closes the day. Scoring a day
again replaces its rows with the same values: the facts are taken as at the day's end.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, select
from sqlalchemy.exc import IntegrityError

from shared.facts import EnterpriseRecords, day_facts
from shared.ids import GridUnitId, TenantId
from shared.ranking import rank_within_units
from shared.scoring import LightColour, score_day
from shared.window import WINDOW_DAYS, Window
from sync_server.clock import Clock
from sync_server.db import reader
from sync_server.schema import daily_scores, grid_rollups, reference, score_runs
from sync_server.scope import grid_units
from sync_server.scoring import weights
from sync_server.scoring.config import ScoringConfig
from sync_server.scoring.explanation import pack
from sync_server.scoring.inputs import ChunkReader
from sync_server.scoring.rollups import hazard_facts, rollup_rows, save_rollups
from sync_server.scoring.store import (
    RunState,
    claim_run,
    done_days,
    first_run_day,
    mark_ranking,
    previous_totals,
    save_chunk,
    save_ranks,
)


class Interrupted(RuntimeError):
    """The job was asked to stop between chunks; the run resumes from its cursor."""


@dataclass(frozen=True, slots=True)
class DayRun:
    """What one call scored: the day, how many enterprises, and the run's attempt number."""

    day: date
    scored: int
    attempts: int


def month_score(previous: Sequence[float], today: float) -> float:
    """The rolling month score: the mean of the stored totals of the 30 days ending today.

    Same rule as ``shared.scoring.monthly_score`` (plain mean, rounded to 0.1), over stored
    totals so no day is validated again.
    """
    totals = [*previous, today]
    return round(sum(totals) / len(totals), 1)


def score_row(
    records: EnterpriseRecords,
    day: date,
    previous: Sequence[float],
    config: ScoringConfig,
) -> dict[str, Any]:
    """One ``daily_scores`` row (without ranks and time): score, lights, month score.

    Only what is read again is kept: the explanation's lines (``body``) for the enterprise's
    screen, and of the facts the card outcomes and hazards the grid rollups sum. The facts
    themselves are the day's as at its end: scoring the day again gives them back.
    """
    facts = day_facts(records, day, weights=config.weights, rules=config.facts)
    score = score_day(facts, config.weights)
    colours = {light.colour for light in score.lights}
    gravest = next((c.value for c in (LightColour.RED, LightColour.YELLOW) if c in colours), None)
    explained = score.model_dump(mode="json", include={"components", "deductions"})
    return {
        "tenant": records.enterprise.id,
        "day": day,
        "grid_unit": records.enterprise.grid_unit_id,
        "total": score.total,
        "tier": score.tier.value,
        "month_score": month_score(previous, score.total),
        "light": gravest,
        "lights": [light.model_dump(mode="json") for light in score.lights],
        "ranks": {},
        "body": pack(explained),
        "facts": {"card_outcomes_30d": facts.card_outcomes_30d.model_dump(mode="json")}
        | hazard_facts(records, Window(day).as_of, config.tz),
    }


@dataclass
class ScoringJob:
    """Scores days on one database; several replicas may run it, one owns a day at a time.

    Attributes:
        engine: The database.
        config: Weights, rules, zone and the run's limits.
        clock: The time, for leases and for which days are pending.
        owner: This job's name in the run lease.
        stop: Set it to make a running day stop after its current chunk.
        after_chunk: Called after each chunk is written (tests use it to kill a run).
    """

    engine: Engine
    config: ScoringConfig
    clock: Clock
    owner: str = field(default_factory=lambda: uuid.uuid4().hex)
    stop: threading.Event = field(default_factory=threading.Event)
    after_chunk: Callable[[date, int], None] | None = None
    phases: dict[str, tuple[float, float]] = field(default_factory=dict)
    """(wall, this thread's CPU) seconds so far in each phase (read, score, write, rank,
    rollups): for the bench, whose machine is shared."""

    @contextmanager
    def _phase(self, name: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            yield
        finally:
            before = self.phases.get(name, (0.0, 0.0))
            spent = (time.perf_counter() - wall, time.thread_time() - cpu)
            self.phases[name] = (before[0] + spent[0], before[1] + spent[1])

    def score_day(self, day: date, *, force: bool = False) -> DayRun | None:
        """Score ``day``, resuming a killed run; None if done (unless ``force``) or held."""
        lease = timedelta(seconds=self.config.lease_seconds)
        with self.engine.begin() as conn:
            state = claim_run(
                conn, day, owner=self.owner, now=self.clock.now(), lease=lease, force=force
            )
        if state is None:
            return None
        scored = self._score_chunks(state) if state.status == "running" else 0
        self._rank(day)
        return DayRun(day=day, scored=scored, attempts=state.attempts)

    def score_range(self, first: date, last: date, *, force: bool = True) -> list[DayRun]:
        """Score every day from ``first`` to ``last`` in order (each day reads the ones before)."""
        runs = []
        day = first
        while day <= last:
            run = self.score_day(day, force=force)
            if run is not None:
                runs.append(run)
            day += timedelta(days=1)
        return runs

    def pending_days(self) -> list[date]:
        """Days ended and not yet scored: yesterday, and any missed or killed since the first run.

        A new server starts with yesterday; a server down for days catches up at most
        ``catch_up_days`` back (the CLI scores older days on demand).
        """
        now = self.clock.now().astimezone(self.config.tz).replace(tzinfo=None)
        latest = (now - timedelta(seconds=self.config.run_after_midnight_seconds)).date()
        latest -= timedelta(days=1)
        floor = latest - timedelta(days=self.config.catch_up_days - 1)
        with reader(self.engine).connect() as conn:
            known = first_run_day(conn)
            first = latest if known is None else min(max(floor, known), latest)
            done = done_days(conn, first, latest)
        count = (latest - first).days + 1
        days = (first + timedelta(days=offset) for offset in range(count))
        return [day for day in days if day not in done]

    def run_pending(self) -> list[DayRun]:
        """Score every pending day in order: the nightly run, and the catch-up on start."""
        self.roll_up_missing()
        runs = []
        for day in self.pending_days():
            run = self.score_day(day)
            if run is not None:
                runs.append(run)
        return runs

    def roll_up_missing(self) -> list[date]:
        """Sum the rollups of finished days that have none: days scored before rollups existed.

        Their stored rows hold the card outcomes but not the hazards; ``score --date D``
        recomputes a day whole. Looks back as far as the catch-up does.
        """
        now = self.clock.now().astimezone(self.config.tz).date()
        floor = now - timedelta(days=self.config.catch_up_days + 1)
        with reader(self.engine).connect() as conn:
            rolled = select(grid_rollups.c.day).where(grid_rollups.c.day >= floor).distinct()
            days = [
                row.day
                for row in conn.execute(
                    select(score_runs.c.day).where(
                        score_runs.c.status == "done",
                        score_runs.c.day >= floor,
                        score_runs.c.day.not_in(rolled),
                    )
                )
            ]
        for day in sorted(days):
            with reader(self.engine).connect() as conn:
                units, rows = grid_units(conn), self._day_rows(conn, day)
            try:
                with self.engine.begin() as conn:
                    save_rollups(conn, day, rollup_rows(day, rows, units))
            except IntegrityError:
                continue  # another replica summed the day a moment ago
        return sorted(days)

    @staticmethod
    def _day_rows(conn: Connection, day: date) -> list[Any]:
        """What ranking and rollups read of a day's scores."""
        return list(
            conn.execute(
                select(
                    daily_scores.c.tenant,
                    daily_scores.c.grid_unit,
                    daily_scores.c.total,
                    daily_scores.c.month_score,
                    daily_scores.c.tier,
                    daily_scores.c.light,
                    daily_scores.c.facts,
                ).where(daily_scores.c.day == day)
            ).all()
        )

    def _tenants(self, after: str | None) -> list[TenantId]:
        query = select(reference.c.id).where(reference.c.kind == "enterprise")
        if after is not None:
            query = query.where(reference.c.id > after)
        with reader(self.engine).connect() as conn:
            return [TenantId(row.id) for row in conn.execute(query.order_by(reference.c.id))]

    def _score_chunks(self, state: RunState) -> int:
        tenants = self._tenants(state.cursor)
        window = Window(state.day)
        with self.engine.begin() as conn:
            used = weights.for_run(
                conn, state.day, self.config.weights, resuming=state.cursor is not None
            )
        config = self.config.model_copy(update={"weights": used.weights})
        scored = 0
        for start in range(0, len(tenants), self.config.chunk):
            if self.stop.is_set():
                raise Interrupted(f"stopped while scoring {state.day}")
            chunk = tenants[start : start + self.config.chunk]
            with self._phase("read"), reader(self.engine).connect() as conn:
                records = ChunkReader(conn, window, self.config.tz).records(chunk)
                previous = previous_totals(conn, chunk, state.day, WINDOW_DAYS)
            now = self.clock.now()
            with self._phase("score"):
                rows = [
                    score_row(r, state.day, previous.get(r.enterprise.id, []), config)
                    | {"computed_at": now}
                    for r in records
                ]
            with self._phase("write"), self.engine.begin() as conn:
                save_chunk(conn, state.day, owner=self.owner, rows=rows, cursor=chunk[-1], now=now)
            scored += len(rows)
            if self.after_chunk is not None:
                self.after_chunk(state.day, scored)
        return scored

    def _rank(self, day: date) -> None:
        """Rank the day's enterprises and sum the grid rollups; both land as the run closes."""
        with self.engine.begin() as conn:
            mark_ranking(conn, day, owner=self.owner, now=self.clock.now())
        with self._phase("rank"), reader(self.engine).connect() as conn:
            units = grid_units(conn)
            rows = self._day_rows(conn, day)
        with self._phase("rank"):
            scores = {TenantId(r.tenant): float(r.month_score) for r in rows}
            unit_of = {TenantId(r.tenant): GridUnitId(r.grid_unit) for r in rows}
            ranks = rank_within_units(scores, unit_of, units)
            wire = {
                t: {str(u): list(rank) for u, rank in by_unit.items()}
                for t, by_unit in ranks.items()
            }
        with self._phase("rollups"):
            rollups = rollup_rows(day, rows, units)
        with self.engine.begin() as conn:
            with self._phase("rank write"):
                save_ranks(conn, day, owner=self.owner, ranks=wire, now=self.clock.now())
            with self._phase("rollups write"):
                save_rollups(conn, day, rollups)
