"""Thirty days of demo use, made deterministically: ticks, hazards, inspections, sign-ins."""

from __future__ import annotations

import random
from datetime import date, datetime

from sqlalchemy import Connection

from sync_server.demo.hazards import add_hazards
from sync_server.demo.recorder import CHINA, Recorder, store_events
from sync_server.demo.sign_ins import add_sign_ins
from sync_server.demo.ticks import add_ticks

SEED = 20261130
"""The random seed: the same day always gives the same history."""


def make_history(conn: Connection, today: date | None = None) -> int:
    """Record the city's last 30 days up to midnight starting ``today``; returns the event count.

    Args:
        conn: A connection inside the seeding transaction, after the reference data.
        today: The local date the history leads up to; today in China by default.
    """
    day = today or datetime.now(CHINA).date()
    recorder = Recorder(rng=random.Random(f"{SEED}:{day.isoformat()}"))
    add_ticks(conn, recorder, day)
    add_hazards(conn, recorder, datetime.combine(day, datetime.min.time()))
    add_sign_ins(conn, recorder.rng, day)
    return store_events(conn, recorder.events())
