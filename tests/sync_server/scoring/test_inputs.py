"""The chunk reader reads stored JSON text straight into the models (issue 16, scoring speed).

The property: on a generated city, what it reads equals what the old path read, which decoded
every body into Python dicts first and validated them again (on SQLite and PostgreSQL).
"""

from __future__ import annotations

import json
import random
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, select

from bench.scoring import START, Generator
from shared.ids import TenantId
from shared.text import STORED
from shared.window import Window
from sync_server.db import make_engine
from sync_server.schema import reference
from sync_server.scoring import inputs
from sync_server.settings import Settings

DAYS = 12


class _Decoded:
    """The old path for card records: the whole body decoded by ``json.loads``."""

    @staticmethod
    def validate_json(text: str) -> Any:
        return json.loads(text)


def _decoded(model: Any, text: str) -> Any:
    """The old path for models: ``json.loads``, then validate the dict."""
    return model.model_validate(json.loads(text), context=STORED)


@pytest.mark.parametrize("seed", [1, 2])
def test_reading_the_stored_text_gives_what_decoding_every_body_gave(settings, seed, monkeypatch):
    engine = make_engine(settings)
    world = Generator(engine, count=40, days=DAYS)
    world.random = random.Random(seed)
    world.people()
    world.run()
    zone = ZoneInfo("Asia/Shanghai")
    with engine.connect() as conn:
        tenants = [
            TenantId(t)
            for t in conn.scalars(
                select(reference.c.id).where(reference.c.kind == "enterprise").order_by("id")
            )
        ]
        for day in (START + timedelta(days=DAYS - 1), START + timedelta(days=DAYS // 2)):
            fast = inputs.ChunkReader(conn, Window(day), zone).records(tenants)
            with monkeypatch.context() as old:
                old.setattr(inputs, "_parse", _decoded)
                old.setattr(inputs, "_CARD_RECORD_TIMES", _Decoded)
                slow = inputs.ChunkReader(conn, Window(day), zone).records(tenants)
            assert len(fast) == len(tenants)
            assert fast == slow
            assert any(r.hazards for r in fast) and any(r.ticks for r in fast)
    engine.dispose()


def test_a_night_reads_the_window_and_the_reviews_by_index_not_every_record_ever(tmp_path):
    """A year of history must not make a night slower: the reviews and the card records of a
    chunk are found by ``events (tenant, type)`` and ``card_records (tenant, period)``."""
    engine = make_engine(Settings(data_dir=tmp_path))
    world = Generator(engine, count=20, days=DAYS)
    world.people()
    world.run()
    statements: list[tuple[str, Any]] = []

    def keep(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        statements.append((statement, parameters))

    day = START + timedelta(days=DAYS - 1)
    with engine.connect() as conn:
        tenants = [TenantId(t) for t in conn.scalars(select(reference.c.tenant).distinct()) if t]
        event.listen(engine, "before_cursor_execute", keep)
        inputs.ChunkReader(conn, Window(day), ZoneInfo("Asia/Shanghai")).records(tenants)
        event.remove(engine, "before_cursor_execute", keep)
        plans = {
            statement: " ".join(
                str(row[-1])
                for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            )
            for statement, parameters in statements
        }
    engine.dispose()
    reviews = [plan for s, plan in plans.items() if "FROM events" in s and "events.type" in s]
    ticks = [plan for s, plan in plans.items() if "FROM card_records" in s]
    assert reviews and all("ix_events_tenant_type" in plan for plan in reviews)
    assert ticks and all("ix_card_records_tenant_period" in plan for plan in ticks)
