"""Sixty simulated days with a controlled clock, on SQLite and PostgreSQL.

One world, four enterprises: CLEAN ticks every card and never reports a hazard; MAJOR lets a
重大隐患 under 挂牌督办 run past its deadline; HIDE is caught by an inspector on an item it
ticked 合格 that morning; LAPSE stops ticking on day 30 and is inspected two weeks later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, select

from shared.events import AggregateType, EventType
from shared.ids import TenantId
from shared.payloads import HazardSource
from shared.roles import Role
from sync_server.clock import FakeClock
from sync_server.schema import daily_scores, score_runs
from sync_server.scoring.config import ScoringConfig
from sync_server.scoring.job import DayRun, ScoringJob
from sync_server.scoring.scheduler import Scheduler
from tests.sync_server.scoring_world import (
    CLEAN,
    HIDE,
    LAPSE,
    MAJOR,
    START,
    TENANTS,
    Phone,
    SignIns,
    actor,
    app_engine,
    day_of,
    moment,
    post_of,
    seed,
    tick_day,
)

DAYS = 60
HAZARD = (AggregateType.HAZARD, "H-MAJOR")
E = EventType


def _major_hazard_events(manager: Phone, inspector: Phone, worker: Phone, index: int) -> None:
    """MAJOR's one 重大隐患: reported, planned, supervised to day 20, fixed only on day 52."""
    steps: dict[int, list[tuple[Phone, EventType, dict[str, Any], int]]] = {
        3: [
            (
                manager,
                E.HAZARD_REPORTED,
                {"title": "粉尘超标", "grade": "major", "no_photo_reason": "防爆区"},
                0,
            ),
            (manager, E.HAZARD_MAJOR_REPORTED, {"authority": "模拟区应急管理局"}, 1),
        ],
        4: [
            (
                manager,
                E.HAZARD_PLAN_ATTACHED,
                {"summary": "除尘改造", "target_date": moment(30, 0).isoformat()},
                2,
            )
        ],
        5: [
            (
                inspector,
                E.HAZARD_SUPERVISED,
                {"level": "县级", "deadline": moment(20, 12).isoformat()},
                3,
            )
        ],
        50: [
            (
                manager,
                E.HAZARD_ASSIGNED,
                {"assignee": f"worker-{MAJOR}", "deadline": moment(55, 12).isoformat()},
                4,
            )
        ],
        52: [(worker, E.HAZARD_RECTIFIED, {"note": "已改造"}, 5)],
        53: [(manager, E.HAZARD_ACCEPTED, {"comment": "合格"}, 6)],
    }
    for offset, (phone, kind, payload, base) in enumerate(steps.get(index, [])):
        phone.make(MAJOR, HAZARD, kind, payload, moment(index, 14, offset), base=base)


def _finding(inspector: Phone, tenant: TenantId, index: int) -> None:
    payload = {
        "title": "检查项2不合格",
        "source": int(HazardSource.ENFORCEMENT),
        "post_id": post_of(tenant),
        "item_id": "2",
    }
    inspector.make(
        tenant,
        (AggregateType.HAZARD, f"H-FIND-{tenant}"),
        E.HAZARD_REPORTED,
        payload,
        moment(index, 15),
    )


class Simulation:
    """Runs the days: phones sync in the day, managers sign in, the scheduler runs at 00:00."""

    def __init__(self, client: TestClient) -> None:
        self.app = client.app
        self.engine = app_engine(client.app)  # type: ignore[arg-type]
        self.clock = FakeClock(moment(0, 0))
        client.app.state.clock = self.clock  # type: ignore[attr-defined]
        self.config = ScoringConfig()
        self.scheduler = self.new_scheduler()
        self.sign_ins = SignIns(client)
        self.workers = {t: Phone(actor(Role.WORKER, t), f"phone-w-{t}") for t in TENANTS}
        self.managers = {t: Phone(actor(Role.SAFETY_MANAGER, t), f"phone-m-{t}") for t in TENANTS}
        self.inspector = Phone(actor(Role.INSPECTOR), "phone-inspector")
        self.runs: dict[int, list[DayRun]] = {}

    def new_scheduler(self) -> Scheduler:
        """A server (re)starting: a new job with its own owner name, on the same database."""
        return Scheduler(ScoringJob(self.engine, self.config, self.clock), self.clock)

    def live(self, index: int) -> None:
        self.clock.set(moment(index, 8))
        for tenant in TENANTS:
            self.sign_ins.sign_in(f"safety_manager-{tenant}")
            if tenant != LAPSE or index < 30:
                tick_day(self.workers[tenant], tenant, index)
        _major_hazard_events(self.managers[MAJOR], self.inspector, self.workers[MAJOR], index)
        if index == 44:
            _finding(self.inspector, HIDE, index)
            _finding(self.inspector, LAPSE, index)
        for phone in [*self.workers.values(), *self.managers.values(), self.inspector]:
            phone.sync(self.engine)

    def midnight(self, index: int) -> None:
        """00:00 after day ``index``; on day 10 the server was down and restarts at 00:00:30."""
        if index == 10:
            self.clock.set(moment(index + 1, 0, 0, 30))
            self.scheduler = self.new_scheduler()
        else:
            self.clock.set(moment(index + 1, 0))
        self.runs[index] = self.scheduler.run_pending()
        if index == 20:  # restarted 30 s after a midnight it had already scored
            self.clock.set(moment(index + 1, 0, 0, 30))
            self.scheduler = self.new_scheduler()
            self.runs[index] += self.scheduler.run_pending()

    def run(self) -> None:
        for index in range(DAYS):
            self.live(index)
            self.midnight(index)


def snapshot(engine) -> list[tuple[Any, ...]]:
    columns = [c for c in daily_scores.c if c.name != "computed_at"]
    with engine.connect() as conn:
        rows = conn.execute(select(*columns).order_by(daily_scores.c.day, daily_scores.c.tenant))
        return [tuple(row) for row in rows]


@dataclass
class Outcome:
    """What a simulation left behind, kept as plain data so each backend simulates once."""

    runs: dict[int, list[DayRun]]
    run_rows: list[tuple[Any, ...]]
    nightly: list[tuple[Any, ...]]
    recomputed: list[tuple[Any, ...]]

    def lights(self, tenant: str) -> dict[int, set[str]]:
        index = [c.name for c in daily_scores.c if c.name != "computed_at"]
        tenant_at, day_at, lights_at = (index.index(n) for n in ("tenant", "day", "lights"))
        return {
            (row[day_at] - START).days: {light["code"] for light in row[lights_at]}
            for row in self.nightly
            if row[tenant_at] == tenant
        }


def simulate(client: TestClient) -> Outcome:
    seed(app_engine(client.app))  # type: ignore[arg-type]
    sim = Simulation(client)
    sim.run()
    with sim.engine.connect() as conn:
        runs = conn.execute(select(score_runs.c.day, score_runs.c.attempts, score_runs.c.status))
        run_rows = [tuple(row) for row in runs]
    nightly = snapshot(sim.engine)
    with sim.engine.begin() as conn:
        conn.execute(delete(daily_scores))
        conn.execute(delete(score_runs))
    sim.clock.advance(timedelta(days=3).total_seconds())
    ScoringJob(sim.engine, sim.config, sim.clock).score_range(START, day_of(DAYS - 1))
    return Outcome(sim.runs, run_rows, nightly, snapshot(sim.engine))


_outcomes: dict[str, Outcome] = {}


@pytest.fixture
def simulated(request, client) -> Outcome:
    """The simulation's outcome on this test's backend, simulated on first use only."""
    backend = request.node.callspec.params["database_url"]
    if backend not in _outcomes:
        _outcomes[backend] = simulate(client)
    return _outcomes[backend]


def test_sixty_days_are_scored_once_each_even_across_restarts_at_00_00_30(simulated):
    assert all(len(runs) == 1 and runs[0].day == day_of(i) for i, runs in simulated.runs.items())
    assert {run.scored for runs in simulated.runs.values() for run in runs} == {len(TENANTS)}
    assert len(simulated.run_rows) == DAYS
    assert {(attempts, status) for _, attempts, status in simulated.run_rows} == {(1, "done")}


def test_the_nightly_results_equal_a_from_scratch_recompute(simulated):
    assert len(simulated.nightly) == DAYS * len(TENANTS)
    assert simulated.recomputed == simulated.nightly


def test_the_clean_enterprise_turns_yellow_on_its_thirtieth_day_without_a_hazard(simulated):
    seen = simulated.lights(CLEAN)
    assert all(seen[i] == set() for i in range(29))
    assert all(seen[i] == {"suspicious_zero_hazards"} for i in range(29, DAYS))


def test_an_overdue_major_hazard_turns_red_until_it_is_rectified(simulated):
    seen = simulated.lights(MAJOR)
    assert [i for i in range(DAYS) if "overdue_major" in seen[i]] == list(range(20, 52))


def test_a_finding_on_an_item_ticked_pass_that_morning_is_concealment(simulated):
    seen = simulated.lights(HIDE)
    assert [i for i in range(DAYS) if "concealment" in seen[i]] == list(range(44, DAYS))


def test_a_finding_on_an_item_last_ticked_two_weeks_before_is_not_concealment(simulated):
    seen = simulated.lights(LAPSE)
    assert not any("concealment" in seen[i] for i in range(DAYS))
    assert "low_completion_7d" in seen[44]


def _two_days_of_ticks(client: TestClient) -> tuple[Any, FakeClock]:
    engine = app_engine(client.app)  # type: ignore[arg-type]
    seed(engine)
    for tenant in TENANTS:
        phone = Phone(actor(Role.WORKER, tenant), f"phone-{tenant}")
        for index in range(2):
            tick_day(phone, tenant, index)
        phone.sync(engine)
    return engine, FakeClock(moment(2, 0))


class Killed(Exception):
    pass


def test_a_run_killed_half_way_resumes_from_its_cursor_once_its_lease_runs_out(client):
    engine, clock = _two_days_of_ticks(client)
    config = ScoringConfig(chunk=1, lease_seconds=120)
    day = day_of(1)

    def kill_after_two(_: Any, scored: int) -> None:
        if scored == 2:
            raise Killed

    with pytest.raises(Killed):
        ScoringJob(engine, config, clock, after_chunk=kill_after_two).score_day(day)
    successor = ScoringJob(engine, config, clock)
    assert successor.score_day(day) is None  # the first owner might still be alive
    clock.advance(121)
    resumed = successor.score_day(day)
    assert resumed == DayRun(day=day, scored=len(TENANTS) - 2, attempts=2)
    killed_then_resumed = [r for r in snapshot(engine) if r[1] == day]
    ScoringJob(engine, config, clock).score_day(day, force=True)
    assert [r for r in snapshot(engine) if r[1] == day] == killed_then_resumed


def test_a_done_day_is_not_scored_again_unless_forced(client):
    engine, clock = _two_days_of_ticks(client)
    job = ScoringJob(engine, ScoringConfig(), clock)
    assert job.pending_days() == [day_of(1)]
    assert job.score_day(day_of(1)) == DayRun(day=day_of(1), scored=len(TENANTS), attempts=1)
    assert job.pending_days() == []
    assert job.score_day(day_of(1)) is None
    assert job.score_day(day_of(1), force=True) == DayRun(day_of(1), len(TENANTS), 2)
