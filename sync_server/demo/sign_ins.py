"""The safety managers' sign-in days of the demo's 30 days: scoring reads them (安全负责人登录)."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, insert

from shared.roles import Role
from sync_server.demo.city import ACCOUNTS
from sync_server.demo.recorder import CHINA
from sync_server.demo.ticks import CLOSED_DAYS, DAYS
from sync_server.schema import sign_in_days

__all__ = ["add_sign_ins"]

SIGN_IN_CHANCE = 0.8
"""How often a manager opens the app on a day their place is open."""


def add_sign_ins(conn: Connection, rng: random.Random, today: date) -> int:
    """Record the days each demo manager signed in, before ``today``; returns the row count.

    A manager does not sign in on the days their place was closed (the salon's last week and
    a half), so the dashboards show that too.
    """
    rows = []
    for user_id, role, tenant, _, _ in ACCOUNTS:
        if role is not Role.SAFETY_MANAGER or tenant is None:
            continue
        for back in range(DAYS, 0, -1):
            if back in CLOSED_DAYS.get(tenant, range(0)) or rng.random() > SIGN_IN_CHANCE:
                continue
            day = today - timedelta(days=back)
            at = datetime.combine(day, time(8), CHINA) + timedelta(minutes=rng.randrange(90))
            rows.append(
                {
                    "user_id": user_id,
                    "day": day,
                    "tenant": tenant,
                    "role": role.value,
                    "first_at": at,
                }
            )
    if rows:
        conn.execute(insert(sign_in_days), rows)
    return len(rows)
