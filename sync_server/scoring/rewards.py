"""The 奖惩 month of one enterprise, read for its own people (``shared.rewards``).

Only the enterprise's own people see it, and only their own enterprise: the safety manager
the whole table (to run the enterprise's 奖惩制度), a worker their own row. Regulators score
enterprises, not their staff, so the table is not theirs. It is computed on request from the
enterprise's hazards and card records (a month of one enterprise: a few hundred rows), so the
nightly job does not grow by it.
"""

from __future__ import annotations

import io
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook  # type: ignore[import-untyped]
from pydantic import BaseModel
from sqlalchemy import Connection, Text, cast, select

from shared.card_ticks import CardRecord
from shared.cards import CheckCard
from shared.completion import PostCard, period_keys
from shared.errors import NotPermitted
from shared.hazards import Hazard
from shared.ids import UserId
from shared.org import Enterprise, Post
from shared.rewards import (
    CONCEALMENT_LOOKBACK,
    DEFAULT_RULES,
    Deeds,
    PersonMonth,
    RewardRules,
    SignedTicks,
    month_table,
    month_window,
)
from shared.roles import Actor, Role
from shared.text import STORED
from sync_server.schema import card_records, hazards, reference, users

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER = (
    "名次",
    "姓名",
    "账号",
    "按时检查卡",
    "发现隐患",
    "其中确认",
    "按时整改",
    "瞒报",
    "积分",
    "扣分原因",
)


class PersonRow(BaseModel):
    """One person's row of the month: deeds, points and why points were taken."""

    user_id: str
    name: str
    cards_on_time: int
    hazards_found: int
    hazards_confirmed: int
    fixes_on_time: int
    concealments: int
    points: float
    reasons: list[str]


class RewardsMonth(BaseModel):
    """An enterprise's 奖惩 month: its days, the points per deed, and the people, best first."""

    tenant: str
    name: str
    month: str
    """``YYYY-MM``."""
    first: date
    last: date
    """The month's last day, or today while it runs."""
    rules: RewardRules
    people: list[PersonRow]


def _own_tenant(actor: Actor) -> str:
    """The actor's enterprise: the table is its own people's business."""
    if actor.role not in (Role.SAFETY_MANAGER, Role.WORKER) or actor.tenant is None:
        raise NotPermitted("奖惩 is for an enterprise's own people")
    return actor.tenant


def _text(column: Any) -> Any:
    """A JSON column as its stored text, parsed by pydantic in one pass."""
    return cast(column, Text)


def _posts(conn: Connection, tenant: str) -> tuple[str, list[PostCard]]:
    """The enterprise's name and its carded posts."""
    rows = conn.execute(
        select(reference.c.kind, _text(reference.c.body)).where(
            reference.c.tenant == tenant, reference.c.kind.in_(["enterprise", "post", "card"])
        )
    ).all()
    name, posts, cards = tenant, [], {}
    for kind, text in rows:
        if kind == "enterprise":
            name = Enterprise.model_validate_json(text, context=STORED).name
        elif kind == "post":
            posts.append(Post.model_validate_json(text, context=STORED))
        else:
            card = CheckCard.model_validate_json(text, context=STORED)
            cards[card.id] = card
    carded = [
        PostCard(post_id=p.id, card=cards[p.card_id])
        for p in posts
        if p.card_id is not None and p.card_id in cards
    ]
    return name, carded


def rewards_month(
    conn: Connection,
    actor: Actor,
    month: date,
    today: date,
    zone: ZoneInfo,
    rules: RewardRules = DEFAULT_RULES,
) -> RewardsMonth:
    """The actor's enterprise's 奖惩 month (a worker gets their own row only).

    Raises:
        NotPermitted: Not one of an enterprise's own people.
    """
    tenant = _own_tenant(actor)
    window = month_window(month, today)
    name, posts = _posts(conn, tenant)
    periods = sorted(period_keys(window.first - CONCEALMENT_LOOKBACK, window.day))
    records = [
        SignedTicks.of(CardRecord.model_validate_json(text, context=STORED), zone)
        for (text,) in conn.execute(
            select(_text(card_records.c.body)).where(
                card_records.c.tenant == tenant, card_records.c.period.in_(periods)
            )
        )
    ]
    deeds = [
        Deeds.of(Hazard.model_validate_json(text, context=STORED), zone)
        for (text,) in conn.execute(select(_text(hazards.c.body)).where(hazards.c.tenant == tenant))
    ]
    table = month_table(deeds, posts, records, window, rules)
    if actor.role is Role.WORKER:
        mine = [row for row in table if row.user_id == actor.user_id]
        table = mine or [PersonMonth(user_id=actor.user_id)]
    names = _names(conn, tenant, [row.user_id for row in table])
    return RewardsMonth(
        tenant=tenant,
        name=name,
        month=f"{window.first:%Y-%m}",
        first=window.first,
        last=window.day,
        rules=rules,
        people=[
            PersonRow(name=names.get(row.user_id, row.user_id), **_fields(row)) for row in table
        ],
    )


def _fields(row: PersonMonth) -> dict[str, object]:
    return {
        "user_id": row.user_id,
        "cards_on_time": row.cards_on_time,
        "hazards_found": row.hazards_found,
        "hazards_confirmed": row.hazards_confirmed,
        "fixes_on_time": row.fixes_on_time,
        "concealments": row.concealments,
        "points": row.points,
        "reasons": list(row.reasons),
    }


def _names(conn: Connection, tenant: str, ids: list[UserId]) -> dict[str, str]:
    rows = conn.execute(
        select(users.c.id, users.c.display_name).where(
            users.c.tenant == tenant, users.c.id.in_(ids)
        )
    )
    return {row.id: row.display_name for row in rows}


def rewards_workbook(month: RewardsMonth) -> tuple[str, bytes]:
    """The month as .xlsx for the enterprise's own 奖惩制度: (file name, bytes)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("奖惩")
    sheet.append([f"{month.name} 奖惩积分 · {month.first.isoformat()} 至 {month.last.isoformat()}"])
    r = month.rules
    sheet.append(
        [
            f"积分规则：确认隐患 +{r.confirmed_hazard:g} · 按时检查卡 +{r.card_on_time:g} · "
            f"按时整改 +{r.fix_on_time:g} · 瞒报 −{r.concealment:g}"
        ]
    )
    sheet.append(list(HEADER))
    place, previous = 0, None
    for index, person in enumerate(month.people, start=1):
        if person.points != previous:  # equal points share a place
            place, previous = index, person.points
        sheet.append(
            [
                place,
                person.name,
                person.user_id,
                person.cards_on_time,
                person.hazards_found,
                person.hazards_confirmed,
                person.fixes_on_time,
                person.concealments,
                person.points,
                "；".join(person.reasons),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return f"奖惩积分-{month.name}-{month.month}.xlsx", out.getvalue()


def parse_month(text: str | None, today: date) -> date:
    """``YYYY-MM`` as its first day; this month when absent (the route validates the form)."""
    if not text:
        return today.replace(day=1)
    year, number = text.split("-")
    return date(int(year), int(number), 1)
