"""Pull: the events a caller may see after a cursor, in server_seq (commit) order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from shared.events import EventType
from shared.protocol import PullPage
from shared.roles import Actor, Role
from sync_server.schema import events, notice_numbers
from sync_server.scope import in_scope, is_wide


def pull(conn: Connection, actor: Actor, cursor: int, limit: int) -> PullPage:
    """One page; ``next_cursor`` is the last server_seq returned, or the cursor if none.

    A regulator gets none: their screens read the server's aggregates (``/v1/scores/…``), and
    a city's raw events would not fit on a phone.
    """
    if actor.role is Role.REGULATOR:
        return PullPage(events=[], next_cursor=cursor, has_more=False)
    rows = conn.execute(
        select(events.c.server_seq, events.c.body)
        .where(
            events.c.server_seq > cursor,
            events.c.status == "accepted",
            # no bind per enterprise; a city or county is checked row by row along server_seq
            in_scope(conn, actor, events.c.tenant, by_rows=is_wide(conn, actor)),
        )
        .order_by(events.c.server_seq)
        .limit(limit)
    ).all()
    page = [{**_unlocated(row.body, actor), "server_seq": row.server_seq} for row in rows]
    next_cursor = rows[-1].server_seq if rows else cursor
    return PullPage(
        events=page,
        next_cursor=next_cursor,
        has_more=len(rows) == limit,
        notice_numbers=_numbers_of(conn, page),
    )


def _unlocated(body: dict[str, Any], actor: Actor) -> dict[str, Any]:
    """A tick without where it was scanned, unless the caller made it or manages the place.

    The position at scan time is for the enterprise's 200 m check (疑似虚假打卡); other workers
    and inspectors who pull the tick see that it was scanned, never where the worker stood.
    """
    payload = body.get("payload")
    if (
        body.get("type") != EventType.CARD_SUBMITTED.value
        or actor.role is Role.SAFETY_MANAGER
        or not isinstance(payload, dict)
        or "location" not in payload
        or (body.get("actor") or {}).get("user_id") == actor.user_id
    ):
        return body
    return {**body, "payload": {k: v for k, v in payload.items() if k != "location"}}


def _numbers_of(conn: Connection, page: list[dict[str, Any]]) -> dict[str, str]:
    """The official numbers of the page's notices, confirmed when their inspection was stored.

    The number is given in the transaction that accepts the event, so every pulled
    ``inspection.recorded`` has one (bar those stored before numbering, which keep theirs).
    """
    ids = sorted(
        {
            str(body["aggregate"]["id"])
            for body in page
            if body.get("type") == EventType.INSPECTION_RECORDED.value
        }
    )
    if not ids:
        return {}
    rows = conn.execute(
        select(notice_numbers.c.inspection_id, notice_numbers.c.number).where(
            notice_numbers.c.inspection_id.in_(ids)
        )
    )
    return {row.inspection_id: row.number for row in rows}
