"""The scoring job's tables: day scores written per chunk, and the run lease and progress."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from shared.ids import TenantId
from sync_server.schema import daily_scores, score_runs
from sync_server.scoring.inputs import aware


class LeaseLost(RuntimeError):
    """Another owner took the run over (this one was thought dead): stop writing."""


@dataclass(frozen=True, slots=True)
class RunState:
    """A claimed run: where to resume and how many times the day was started."""

    day: date
    status: str
    cursor: str | None
    attempts: int


def claim_run(
    conn: Connection,
    day: date,
    *,
    owner: str,
    now: datetime,
    lease: timedelta,
    force: bool = False,
) -> RunState | None:
    """Take the day's run, resuming a dead one; None when it is done or held by a live owner.

    ``force`` starts a done day afresh (its scores are replaced), for recomputing on demand.
    """
    row = conn.execute(select(score_runs).where(score_runs.c.day == day).with_for_update()).first()
    if row is None:
        return _insert_run(conn, day, owner, now)
    if row.status == "done" and not force:
        return None
    alive = now - aware(row.heartbeat_at) < lease
    if row.status != "done" and alive and row.owner != owner and not force:
        return None
    fresh = row.status == "done" or force
    values: dict[str, Any] = {"owner": owner, "attempts": row.attempts + 1, "heartbeat_at": now}
    if fresh:
        values |= {"status": "running", "cursor": None, "scored": 0, "started_at": now}
        values["finished_at"] = None
        conn.execute(delete(daily_scores).where(daily_scores.c.day == day))
    conn.execute(update(score_runs).where(score_runs.c.day == day).values(**values))
    status = "running" if fresh else row.status
    return RunState(day, status, None if fresh else row.cursor, row.attempts + 1)


def _insert_run(conn: Connection, day: date, owner: str, now: datetime) -> RunState | None:
    try:
        with conn.begin_nested():
            conn.execute(
                insert(score_runs).values(
                    day=day,
                    status="running",
                    owner=owner,
                    attempts=1,
                    cursor=None,
                    scored=0,
                    started_at=now,
                    heartbeat_at=now,
                )
            )
    except IntegrityError:
        return None  # another replica claimed it a moment ago
    return RunState(day, "running", None, 1)


def _heartbeat(conn: Connection, day: date, owner: str, values: dict[str, Any]) -> None:
    done = conn.execute(
        update(score_runs)
        .where(score_runs.c.day == day, score_runs.c.owner == owner)
        .values(**values)
    )
    if done.rowcount != 1:
        raise LeaseLost(f"the run of {day} was taken over")


def save_chunk(
    conn: Connection,
    day: date,
    *,
    owner: str,
    rows: Sequence[dict[str, Any]],
    cursor: str,
    now: datetime,
) -> None:
    """Replace the chunk's scores and move the run's cursor past it, in one transaction."""
    _heartbeat(conn, day, owner, {"cursor": cursor, "heartbeat_at": now})
    tenants = [row["tenant"] for row in rows]
    if tenants:
        conn.execute(
            delete(daily_scores).where(
                daily_scores.c.day == day, daily_scores.c.tenant.in_(tenants)
            )
        )
        conn.execute(insert(daily_scores), list(rows))
        conn.execute(
            update(score_runs)
            .where(score_runs.c.day == day)
            .values(scored=score_runs.c.scored + len(rows))
        )


def mark_ranking(conn: Connection, day: date, *, owner: str, now: datetime) -> None:
    """Every enterprise is scored: what is left is ranking."""
    _heartbeat(conn, day, owner, {"status": "ranking", "heartbeat_at": now})


def save_ranks(
    conn: Connection,
    day: date,
    *,
    owner: str,
    ranks: dict[TenantId, dict[str, list[int]]],
    now: datetime,
) -> None:
    """Write every enterprise's ranks and close the run."""
    _heartbeat(conn, day, owner, {"status": "done", "heartbeat_at": now, "finished_at": now})
    if ranks:
        conn.execute(
            update(daily_scores)
            .where(daily_scores.c.day == day, daily_scores.c.tenant == bindparam("t"))
            .values(ranks=bindparam("r")),
            [{"t": tenant, "r": value} for tenant, value in ranks.items()],
        )


def previous_totals(
    conn: Connection, tenants: Sequence[TenantId], day: date, days: int
) -> dict[TenantId, list[float]]:
    """Each tenant's stored totals of the ``days - 1`` days before ``day``, oldest first."""
    rows = conn.execute(
        select(daily_scores.c.tenant, daily_scores.c.total)
        .where(
            daily_scores.c.tenant.in_(tenants),
            daily_scores.c.day >= day - timedelta(days=days - 1),
            daily_scores.c.day < day,
        )
        .order_by(daily_scores.c.tenant, daily_scores.c.day)
    )
    totals: dict[TenantId, list[float]] = defaultdict(list)
    for tenant, total in rows:
        totals[TenantId(tenant)].append(float(total))
    return totals


def done_days(conn: Connection, first: date, last: date) -> set[date]:
    """The days in ``first``..``last`` whose run finished."""
    rows = conn.execute(
        select(score_runs.c.day).where(
            score_runs.c.day >= first, score_runs.c.day <= last, score_runs.c.status == "done"
        )
    )
    return {row.day for row in rows}


def first_run_day(conn: Connection) -> date | None:
    """The earliest day a run was ever started for, done or not."""
    row = conn.execute(select(score_runs.c.day).order_by(score_runs.c.day).limit(1)).first()
    return None if row is None else row.day
