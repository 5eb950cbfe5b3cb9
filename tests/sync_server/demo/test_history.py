"""Thirty days of demo use: every hazard state, overdue work, a supervised major hazard, gaps."""

from __future__ import annotations

import time
from collections import Counter
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from shared.cards import CheckCard
from shared.events import Event, EventType
from shared.evidence import evidence_refusal
from shared.facts import day_facts
from shared.hazards import Hazard, Outcome
from shared.lifecycle import HazardStatus
from shared.window import Window
from sync_server.clock import FakeClock
from sync_server.demo import seed_demo
from sync_server.demo.city import GARAGE, KITCHEN, SALON
from sync_server.demo.sites import POSTS
from sync_server.schema import card_records, daily_scores, events, hazards, reference
from sync_server.scoring.config import ScoringConfig
from sync_server.scoring.inputs import ChunkReader
from sync_server.scoring.job import ScoringJob
from sync_server.settings import Settings

TODAY = date(2026, 11, 30)
NOW = datetime(2026, 11, 30, 0, 0, tzinfo=UTC)


@pytest.fixture
def history(app):
    # The seed's own CPU time, not the wall clock: at load 12 on 2 cores the seed waited for a
    # core longer than it ran, and "quickly" failed twice in one make test.
    started = time.process_time()
    with app.state.engine.begin() as conn:
        seed_demo(conn, history=True, today=TODAY)
    elapsed = time.process_time() - started
    with app.state.engine.connect() as conn:
        found = [Hazard.model_validate(row.body) for row in conn.execute(select(hazards.c.body))]
        records = [row.body for row in conn.execute(select(card_records.c.body))]
        ids = sorted(row.event_id for row in conn.execute(select(events.c.event_id)))
        evidenced = conn.execute(
            select(events.c.body).where(
                events.c.type.in_(["card_instance.submitted", "hazard.reported"])
            )
        )
        judged = [Event.stored(row.body) for row in evidenced]
        cards = {
            row.id: CheckCard.model_validate(row.body)
            for row in conn.execute(
                select(reference.c.id, reference.c.body).where(reference.c.kind == "card")
            )
        }
    return {
        "seconds": elapsed,
        "hazards": found,
        "records": records,
        "ids": ids,
        "judged": judged,
        "cards": cards,
    }


def test_hazards_are_in_every_state_some_overdue_one_supervised_and_none_refused(history):
    found = history["hazards"]
    assert {h.status for h in found} == set(HazardStatus)
    assert sum(h.is_overdue(NOW) for h in found) >= 3
    supervised = [h for h in found if h.supervision_level]
    assert [(h.grade.value, h.title) for h in supervised] == [("major", "氧化剂与易燃溶剂同库混存")]
    outcomes = Counter(entry.outcome for h in history["hazards"] for entry in h.timeline)
    assert set(outcomes) == {Outcome.APPLIED}
    assert not any(record["refused"] for record in history["records"])


def test_the_demos_failed_ticks_and_reports_carry_the_evidence_a_push_would_need(history):
    judged, cards = history["judged"], history["cards"]
    fails = [
        e for e in judged if any(t["result"] == "fail" for t in e.payload.get("items", {}).values())
    ]
    assert fails and any(
        e.type is EventType.HAZARD_REPORTED and not e.payload["photos"] for e in judged
    )
    refused = [
        (e.type, e.aggregate.id)
        for e in judged
        if evidence_refusal(e, cards.get(str(e.payload.get("card_id")))) is not None
    ]
    assert refused == []


def test_cards_are_ticked_with_gaps_quickly_and_the_same_way_for_the_same_day(
    history, make_app, tmp_path
):
    ticked = Counter(record["tenant"] for record in history["records"])
    posts = {post.tenant for post in POSTS}
    assert set(ticked) == posts
    assert ticked[SALON] < ticked[GARAGE] * 0.7  # the lapsing salon
    assert history["seconds"] < 5
    again = make_app(Settings(data_dir=tmp_path / "again", secret=b"x" * 32))
    with again.state.engine.begin() as conn:
        seed_demo(conn, history=True, today=TODAY)
    with again.state.engine.connect() as conn:
        assert (
            sorted(row.event_id for row in conn.execute(select(events.c.event_id)))
            == history["ids"]
        )


def test_the_demo_enterprises_joined_when_their_history_began_so_its_ticks_are_scored(history, app):
    # Scoring counts an enterprise from its first account's day: accounts dated at seed time
    # would leave the whole history outside the scores (every completion 0).
    day = date(2026, 11, 28)
    clock = FakeClock(datetime(2026, 11, 29, 1, 0, tzinfo=UTC))
    config = ScoringConfig()
    ScoringJob(app.state.engine, config, clock).score_day(day)
    with app.state.engine.connect() as conn:
        stored = {
            row.tenant: row.facts
            for row in conn.execute(select(daily_scores).where(daily_scores.c.day == day))
        }
        # The stored row keeps what screens read; the facts are the day's, as the job read them.
        records = ChunkReader(conn, Window(day), config.tz).records([KITCHEN, SALON])
    facts = {r.enterprise.id: day_facts(r, day, weights=config.weights) for r in records}
    kitchen = facts[KITCHEN]
    assert kitchen.days_active >= 28
    assert stored[KITCHEN]["card_outcomes_30d"]["on_time"] > 0
    assert kitchen.manager_login_days_30d >= 15  # the managers sign in most days
    salon_away = facts[SALON].days_since_manager_login
    assert salon_away is not None and salon_away >= 9  # not while the salon was shut


def test_a_server_started_on_the_demo_scores_its_whole_history_in_the_nightly_catch_up(
    history, app
):
    clock = FakeClock(datetime(2026, 11, 30, 1, 0, tzinfo=UTC))  # 09:00 in China on TODAY
    job = ScoringJob(app.state.engine, ScoringConfig(), clock)
    pending = job.pending_days()
    assert (pending[0], pending[-1], len(pending)) == (date(2026, 10, 31), date(2026, 11, 29), 30)
