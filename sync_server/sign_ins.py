"""Sign-ins: one row per user and local day, so "no 安全负责人 sign-in for 7 days" rests on facts.

The app refreshes its 15-minute access token whenever it is used, so a refresh counts as a
sign-in too; keeping one row a day (not one per refresh) keeps the table small. A password
sign-in is also written to the audit log, where the legal record of who came in lives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, Request
from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from shared.roles import Actor
from sync_server.clock import Clock, get_clock
from sync_server.schema import audit, sign_in_days
from sync_server.scoring.config import load_scoring_config

SIGN_IN = "auth.login"
"""The audit action of a password sign-in."""


@dataclass(frozen=True)
class SignInRecorder:
    """Records sign-ins with the app's clock, in the scoring zone's calendar days."""

    clock: Clock
    zone: ZoneInfo

    def record(self, conn: Connection, actor: Actor, *, via: str) -> None:
        """Note a sign-in now (see :func:`record_sign_in`)."""
        record_sign_in(conn, actor, self.clock.now(), via=via, zone=self.zone)


def sign_in_recorder(request: Request) -> SignInRecorder:
    """The app's recorder; the zone is read from the scoring configuration once."""
    zone: ZoneInfo | None = getattr(request.app.state, "sign_in_zone", None)
    if zone is None:
        zone = load_scoring_config(request.app.state.settings).tz
        request.app.state.sign_in_zone = zone
    return SignInRecorder(get_clock(request), zone)


SignInDep = Annotated[SignInRecorder, Depends(sign_in_recorder)]


def record_sign_in(
    conn: Connection, actor: Actor, at: datetime, *, via: str, zone: ZoneInfo
) -> None:
    """Note that ``actor`` signed in at ``at`` (aware), in the sign-in's own transaction.

    Args:
        conn: The sign-in's transaction, so a refused sign-in leaves nothing.
        actor: Who, with the role and tenant of that moment.
        at: When.
        via: ``password`` or ``refresh``; only a password sign-in goes to the audit log.
        zone: Whose calendar day it counts for.
    """
    if via == "password":
        conn.execute(
            insert(audit).values(
                at=at,
                actor=actor.user_id,
                action=SIGN_IN,
                subject=actor.tenant or actor.grid_unit,
                detail={"role": actor.role.value, "tenant": actor.tenant},
            )
        )
    day = at.astimezone(zone).date()
    key = (sign_in_days.c.user_id == actor.user_id, sign_in_days.c.day == day)
    if conn.execute(select(sign_in_days.c.day).where(*key)).first() is not None:
        return
    row = {"user_id": actor.user_id, "day": day, "tenant": actor.tenant, "role": actor.role.value}
    try:
        with conn.begin_nested():
            conn.execute(insert(sign_in_days).values(**row, first_at=at))
    except IntegrityError:
        pass  # the same user's other phone signed in at the same moment: the day is noted
