"""整改通知书 numbers in the official style, one count per authority and year.

A notice is numbered like 海港应急责改〔2026〕第08号: the issuing authority's short code, the
year, and the authority's running count in that year. Only the server can count without gaps or
repeats, and a phone may be offline when the inspector issues: the phone prints a provisional
number (``执法-20261207-3DE8FE``) and the server confirms the official one when the
``inspection.recorded`` event is accepted, in the same transaction (docs/sync-protocol.md).

The count is one row per authority and year, raised by ``UPDATE … RETURNING`` inside the
writing transaction: PostgreSQL locks that row until commit and SQLite has one writer, so two
inspectors issuing at once get different numbers. A count starts after the highest number
already on record for that authority and year (notices numbered on paper, the demo's); those
are noted as their events are stored (``notice_numbers_on_record``), so finding where a year
starts is one row, however long the record.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from shared.events import Event, EventType
from shared.ids import GridUnitId, TenantId
from shared.notice import local_day
from shared.org import GridLevel, ancestors
from shared.payloads import InspectionRecorded
from sync_server.people import person
from sync_server.schema import (
    counters,
    events,
    notice_numbers,
    notice_numbers_on_record,
    notice_sequences,
    reference,
)
from sync_server.scope import grid_units

__all__ = [
    "Authority",
    "Confirmed",
    "confirm_number",
    "confirmed_number",
    "note_numbers_on_record",
    "notice_authority",
    "official_number",
    "remember_numbers_on_record",
]

BACKFILLED = "notice_numbers_on_record"
"""The counter row whose presence says the record's numbers were noted once from the events."""

_OFFICIAL = re.compile(r"^(?P<code>.+)责改〔(?P<year>\d{4})〕第(?P<seq>\d+)号$")
_SUFFIXES = ("自治县", "新区", "区", "县", "市", "旗")
"""What a county's name ends in; its authority's code is the name without it, then 应急
(海港区 → 海港应急), the form an account's ``authority_code`` takes too."""


@dataclass(frozen=True)
class Authority:
    """The body that issues a notice: its full name and the short code in its numbers."""

    name: str
    code: str


@dataclass(frozen=True)
class Confirmed:
    """The number the server gave an inspection's notice, and by which authority."""

    number: str
    authority: str
    provisional: str


def official_number(code: str, year: int, seq: int) -> str:
    """海港应急责改〔2026〕第08号 (code 海港应急): at least two digits, as registers are kept."""
    return f"{code}责改〔{year}〕第{seq:02d}号"


def notice_authority(conn: Connection, tenant: str, inspector: str) -> Authority:
    """The authority in whose name ``inspector`` serves this enterprise a notice.

    The one place the authority is chosen: the inspector account's own ``authority`` and
    ``authority_code`` (their 发证机关) when both are set; otherwise the emergency management
    bureau of the county (区/县) the enterprise's grid unit lies in, the city's where no county
    is above it.
    """
    own = person(conn, inspector)
    if own is not None and own.authority.strip() and own.authority_code.strip():
        return Authority(own.authority.strip(), own.authority_code.strip())
    units = grid_units(conn)
    unit = _grid_unit_of(conn, tenant)
    if unit is None or unit not in units:
        return Authority("应急管理局", "应急")
    chain = [units[unit], *ancestors(unit, units)]
    county = next((u for u in chain if u.level is GridLevel.COUNTY), chain[-1])
    return Authority(f"{county.name}应急管理局", _code_of(county.name))


def _code_of(name: str) -> str:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return f"{name[: -len(suffix)]}应急"
    return f"{name}应急"


def _grid_unit_of(conn: Connection, tenant: str) -> GridUnitId | None:
    body = conn.execute(
        select(reference.c.body).where(reference.c.kind == "enterprise", reference.c.id == tenant)
    ).scalar_one_or_none()
    found = (body or {}).get("grid_unit_id")
    return GridUnitId(found) if isinstance(found, str) else None


def confirm_number(conn: Connection, event: Event, now: datetime) -> str:
    """Give an accepted ``inspection.recorded`` its official number, once; returns it.

    Called in the transaction that stores the event; a resend finds the number it got.
    """
    assert event.type is EventType.INSPECTION_RECORDED
    known = confirmed_number(conn, event.aggregate.id)
    if known is not None:
        return known.number
    authority = notice_authority(conn, event.tenant, event.actor.user_id)
    year = local_day(event.at).year
    seq = _next_seq(conn, authority.code, year)
    record: InspectionRecorded = event.parsed()  # type: ignore[assignment]
    number = official_number(authority.code, year, seq)
    conn.execute(
        notice_numbers.insert().values(
            inspection_id=event.aggregate.id,
            tenant=TenantId(event.tenant),
            authority=authority.name,
            authority_code=authority.code,
            year=year,
            seq=seq,
            number=number,
            provisional=record.notice_no,
            confirmed_at=now,
        )
    )
    return number


def confirmed_number(conn: Connection, inspection_id: str) -> Confirmed | None:
    """The confirmed number of an inspection's notice, or None (not numbered by the server)."""
    row = conn.execute(
        select(
            notice_numbers.c.number, notice_numbers.c.authority, notice_numbers.c.provisional
        ).where(notice_numbers.c.inspection_id == inspection_id)
    ).first()
    return None if row is None else Confirmed(row.number, row.authority, row.provisional)


def _next_seq(conn: Connection, code: str, year: int) -> int:
    """Raise the authority's count for the year by one and return it (the row stays locked)."""
    raised = conn.execute(
        update(notice_sequences)
        .where(notice_sequences.c.authority_code == code, notice_sequences.c.year == year)
        .values(last=notice_sequences.c.last + 1)
        .returning(notice_sequences.c.last)
    ).scalar_one_or_none()
    if raised is not None:
        return int(raised)
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    start = _highest_on_record(conn, code, year)
    conn.execute(
        dialect.insert(notice_sequences)
        .values(authority_code=code, year=year, last=start)
        .on_conflict_do_nothing()
    )
    return _next_seq(conn, code, year)


def _highest_on_record(conn: Connection, code: str, year: int) -> int:
    """The highest official number of this authority and year already in the record."""
    on_record = conn.execute(
        select(notice_numbers_on_record.c.highest).where(
            notice_numbers_on_record.c.authority_code == code,
            notice_numbers_on_record.c.year == year,
        )
    ).scalar_one_or_none()
    taken = conn.execute(
        select(func.max(notice_numbers.c.seq)).where(
            notice_numbers.c.authority_code == code, notice_numbers.c.year == year
        )
    ).scalar_one_or_none()
    return max(int(on_record or 0), int(taken or 0))


def note_numbers_on_record(conn: Connection, payloads: Iterable[dict[str, Any]]) -> None:
    """Note the official numbers that stored ``inspection.recorded`` payloads carry.

    Called in the transaction that stores the events. Only raises a noted number (under the
    row's lock on PostgreSQL), so concurrent pushes keep the highest.
    """
    highest: dict[tuple[str, int], int] = {}
    for payload in payloads:
        found = _OFFICIAL.match(str(payload.get("notice_no", "")))
        if found:
            key = (found["code"], int(found["year"]))
            highest[key] = max(highest.get(key, 0), int(found["seq"]))
    table = notice_numbers_on_record
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    for (code, year), seq in sorted(highest.items()):
        conn.execute(
            dialect.insert(table)
            .values(authority_code=code, year=year, highest=0)
            .on_conflict_do_nothing()
        )
        conn.execute(
            update(table)
            .where(table.c.authority_code == code, table.c.year == year, table.c.highest < seq)
            .values(highest=seq)
        )


def remember_numbers_on_record(conn: Connection) -> bool:
    """Note the numbers of the inspections stored before they were noted; once per database.

    Run at start: the one pass over the record a database made before the notes needs.
    Returns whether it ran.
    """
    if conn.execute(select(counters.c.name).where(counters.c.name == BACKFILLED)).first():
        return False
    rows = conn.execute(
        select(events.c.body).where(events.c.type == EventType.INSPECTION_RECORDED.value)
    )
    note_numbers_on_record(conn, (dict(body.get("payload") or {}) for (body,) in rows))
    conn.execute(insert(counters).values(name=BACKFILLED, value=1))
    return True
