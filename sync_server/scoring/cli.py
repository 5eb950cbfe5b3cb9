"""The ``score`` command: compute days on demand and print each enterprise's score and lights."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from sqlalchemy import Engine, select

from shared.errors import InvalidInput
from sync_server.clock import SystemClock
from sync_server.db import make_engine, reader
from sync_server.schema import daily_scores, reference
from sync_server.scoring.config import load_scoring_config
from sync_server.scoring.job import ScoringJob
from sync_server.settings import Settings


def add_score_arguments(parser: argparse.ArgumentParser) -> None:
    """``--date D`` or ``--from D1 --to D2`` (ISO dates, local days)."""
    parser.add_argument("--date", type=date.fromisoformat, help="one day, e.g. 2026-11-28")
    parser.add_argument("--from", dest="first", type=date.fromisoformat, help="first day")
    parser.add_argument("--to", dest="last", type=date.fromisoformat, help="last day")


def _days(args: argparse.Namespace) -> tuple[date, date]:
    if args.date is not None and args.first is None and args.last is None:
        return args.date, args.date
    if args.date is None and args.first is not None and args.last is not None:
        if args.last < args.first:
            raise InvalidInput("--to is before --from")
        return args.first, args.last
    raise InvalidInput("give --date D, or --from D1 --to D2")


def run_score(args: argparse.Namespace, settings: Settings) -> int:
    """Score the days again (replacing what was stored) and print every enterprise's result."""
    first, last = _days(args)
    engine = make_engine(settings)
    try:
        job = ScoringJob(engine, load_scoring_config(settings), SystemClock())
        for run in job.score_range(first, last):
            _print_day(reader(engine), run.day)
    finally:
        engine.dispose()
    return 0


def _print_day(engine: Engine, day: date) -> None:
    with engine.connect() as conn:
        names = {
            row.id: row.body.get("name", row.id)
            for row in conn.execute(
                select(reference.c.id, reference.c.body).where(reference.c.kind == "enterprise")
            )
        }
        rows = conn.execute(
            select(daily_scores).where(daily_scores.c.day == day).order_by(daily_scores.c.tenant)
        ).all()
    _write(f"{day}: {len(rows)} enterprises")
    for row in rows:
        lights = "; ".join(f"{light['colour']}:{light['reason_zh']}" for light in row.lights)
        rank = row.ranks.get(row.grid_unit)
        place = f"{rank[0]}/{rank[1]}" if rank else "-"
        _write(
            f"  {row.tenant}  {names.get(row.tenant, '')}  {row.total:5.1f} {row.tier:<6}"
            f"  月 {row.month_score:5.1f}  排名 {place}  {lights or '无灯'}"
        )


def _write(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()
