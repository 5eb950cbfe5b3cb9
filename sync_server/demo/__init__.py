"""The demo city 秦海市: reference data, an account for every role and, on request, 30 days of use.

Demo data only: it refuses a database that holds any other user, so it can never overwrite or
mix with real accounts.

The reference data (``demo_reference``, the city's names) imports no database package: the
phone's tests load it in the phone profile, which has none (``scripts/phone-venv``). Seeding
imports them when called.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from shared.roles import Role
from sync_server.demo.city import (
    ACCOUNTS,
    ENTERPRISES,
    GRID,
    KITCHEN,
    LATHES,
    POST_HOLDERS,
    PROFILES,
    credit_code,
)
from sync_server.demo.sites import CARDS, POSTS, RISK_POINTS, WORKSHOPS
from sync_server.lists.model import ReferenceSet

if TYPE_CHECKING:
    from sqlalchemy import Connection

__all__ = [
    "DEMO_PASSWORD",
    "KITCHEN",
    "LATHES",
    "credit_code",
    "demo_accounts",
    "demo_reference",
    "seed_demo",
]

DEMO_PASSWORD = "demo1234"


def demo_reference() -> ReferenceSet:
    """The city's grid, enterprises, workshops, cards, posts and risk points."""
    return ReferenceSet(
        grid_unit=list(GRID),
        enterprise=list(ENTERPRISES),
        workshop=list(WORKSHOPS),
        card=list(CARDS),
        post=list(POSTS),
        risk_point=list(RISK_POINTS),
    )


def seed_demo(
    conn: Connection, *, history: bool = False, today: date | None = None
) -> list[tuple[str, str, str]]:
    """Load the demo city once; returns (username, role, name) of the demo accounts.

    Args:
        conn: A connection inside the caller's transaction.
        history: Also make 30 days of card ticks, hazards and inspections up to ``today``.
            Tests leave it off: they want an empty record and a fast seed.
        today: The last day of the history (local date); today in China by default.

    Raises:
        Conflict: The database holds accounts that are not the demo's.
    """
    from sqlalchemy import select

    from sync_server.demo.history import make_history
    from sync_server.demo.recorder import CHINA
    from sync_server.lists.store import save_reference
    from sync_server.problems import Conflict
    from sync_server.schema import users

    names = {row.id for row in conn.execute(select(users.c.id))}
    demo = {account[0] for account in ACCOUNTS}
    if names - demo:
        raise Conflict("this database holds real accounts: the demo data goes only into a new one")
    if not names:
        save_reference(conn, demo_reference())
        day = today or datetime.now(CHINA).date()
        _add_accounts(conn, _history_start(day) if history else datetime.now(UTC))
        if history:
            make_history(conn, day)
            _open_scoring_at(conn, _history_start(day))
    return [(user_id, role.value, name) for user_id, role, _, _, name in ACCOUNTS]


def demo_accounts(conn: Connection) -> list[str]:
    """The demo's accounts this database holds and has not disabled (``serve`` warns of them)."""
    from sqlalchemy import select

    from sync_server.schema import users

    names = [account[0] for account in ACCOUNTS]
    rows = conn.execute(
        select(users.c.id).where(users.c.id.in_(names), users.c.disabled.is_(False))
    )
    found = {row.id for row in rows}
    return [name for name in names if name in found]


def _history_start(today: date) -> datetime:
    """Midnight in China on the history's first day: when the demo enterprises joined.

    Scoring counts an enterprise from the day of its first account; accounts made at seed
    time would leave the 30 days of history outside every score.
    """
    from sync_server.demo.recorder import CHINA
    from sync_server.demo.ticks import DAYS

    return datetime.combine(today - timedelta(days=DAYS), datetime.min.time(), CHINA)


def _open_scoring_at(conn: Connection, start: datetime) -> None:
    """Mark scoring as begun on the history's first day, so the server scores the history.

    A new server scores only yesterday; one that was running earlier catches up from its first
    run (``ScoringJob.pending_days``). The demo city has been "running" since its history
    began: its first run is left open with a long-dead lease, which the nightly job resumes on
    start, in the background, and then scores every day after it.
    """
    from sqlalchemy import insert

    from sync_server.schema import score_runs

    conn.execute(
        insert(score_runs).values(
            day=start.date(),
            status="running",
            owner="demo-seed",
            attempts=0,
            cursor=None,
            scored=0,
            started_at=start,
            heartbeat_at=start,
        )
    )


def _add_accounts(conn: Connection, created_at: datetime) -> None:
    """Every demo account, sharing one hash of the shared password: one argon2 run, not thirty."""
    from sqlalchemy import insert

    from sync_server.accounts import hash_password
    from sync_server.schema import users

    password_hash = hash_password(DEMO_PASSWORD)
    now = created_at
    rows = [
        {
            "id": user_id,
            "password_hash": password_hash,
            "role": role.value,
            "tenant": tenant,
            "grid_unit": grid,
            "display_name": name,
            "created_at": now,
            "disabled": False,
        }
        for user_id, role, tenant, grid, name in ACCOUNTS
    ]
    conn.execute(insert(users), rows)
    _add_profiles(conn)


def _add_profiles(conn: Connection) -> None:
    """Each demo person's department, phone and badge, and the posts each worker holds."""
    from sqlalchemy import insert

    from sync_server.schema import post_people, profiles

    empty = dict.fromkeys(("phone", "department", "badge_no", "authority", "authority_code"), "")
    rows = [{**empty, **profile, "user_id": user_id} for user_id, profile in PROFILES.items()]
    conn.execute(insert(profiles), rows)
    held = [
        {"post_id": post, "user_id": user_id, "tenant": tenant}
        for user_id, role, tenant, _, _ in ACCOUNTS
        if role is Role.WORKER and tenant is not None
        for post in post_holders(user_id, tenant)
    ]
    conn.execute(insert(post_people), held)


def post_holders(user_id: str, tenant: str) -> tuple[str, ...]:
    """The posts a demo worker holds: as listed, or else every post of their place."""
    listed = POST_HOLDERS.get(user_id)
    return listed if listed is not None else tuple(p.id for p in POSTS if p.tenant == tenant)
