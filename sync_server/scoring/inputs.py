"""Reads what a day's score needs for a chunk of enterprises, as it stood at the day's end.

Projections hold the current state. A hazard or card record touched after the day's end is
folded again from its events stamped by then, so scoring a past day gives what the nightly
run gave, however much happened since.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, NotRequired, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, TypeAdapter
from sqlalchemy import Connection, Text, cast, func, select
from typing_extensions import TypedDict  # pydantic needs it below Python 3.12

from shared.card_ticks import fold_card_records
from shared.cards import CheckCard
from shared.completion import Ticks, period_keys
from shared.events import AggregateType, Event, EventType
from shared.facts import EnterpriseRecords
from shared.hazard_facts import HazardView
from shared.hazards import Hazard, fold_hazard
from shared.ids import PostId, TenantId
from shared.org import Enterprise, Post, RiskPoint
from shared.payloads import HazardSource
from shared.roles import Role
from shared.text import STORED
from shared.window import Window
from sync_server.schema import (
    audit,
    card_records,
    daily_scores,
    events,
    hazards,
    reference,
    sign_in_days,
    users,
)

RISK_LIST_REVIEWED = "risk_list.reviewed"
"""Audit action of a 风险清单 review (subject: the tenant)."""
LOOKBACK = timedelta(days=7)
"""Card ticks this long before the window still matter: 瞒报 looks back 7 days."""

TicksByKey = dict[tuple[PostId, str], Ticks]
M = TypeVar("M", bound=BaseModel)


def utc(moment: datetime, zone: ZoneInfo) -> datetime:
    """A naive local moment as an aware UTC one, for comparing with stored times."""
    return moment.replace(tzinfo=zone).astimezone(UTC)


def aware(moment: datetime) -> datetime:
    """Stored times come back naive (UTC) from SQLite and aware from PostgreSQL."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class _Reference:
    enterprises: dict[TenantId, Enterprise] = field(default_factory=dict)
    posts: dict[TenantId, list[Post]] = field(default_factory=lambda: defaultdict(list))
    cards: dict[TenantId, list[CheckCard]] = field(default_factory=lambda: defaultdict(list))
    points: dict[TenantId, list[RiskPoint]] = field(default_factory=lambda: defaultdict(list))

    def add(self, kind: str, tenant: TenantId, text: str) -> None:
        if kind == "enterprise":
            self.enterprises[tenant] = _parse(Enterprise, text)
        elif kind == "post":
            self.posts[tenant].append(_parse(Post, text))
        elif kind == "card":
            self.cards[tenant].append(_parse(CheckCard, text))
        else:
            self.points[tenant].append(_parse(RiskPoint, text))


def _parse(model: type[M], text: str) -> M:
    """A stored body straight from its JSON text.

    Half the night's reading was decoding JSON into dicts only to validate them again;
    pydantic reads the text in one pass, to the same model.
    """
    return model.model_validate_json(text, context=STORED)


def _text(column: Any) -> Any:
    """A JSON column as its stored text (PostgreSQL's driver would decode it otherwise)."""
    return cast(column, Text)


class _Tick(TypedDict):
    result: str


class _TickedItem(TypedDict):
    tick: _Tick
    at: str


class _Where(TypedDict):
    latitude: float
    longitude: float
    accuracy_m: float


class _CardRecordTimes(TypedDict):
    """What the score reads of a stored card record: post, period, times, results, positions."""

    post_id: str
    period: str
    started_at: str
    completed_at: str
    items: dict[str, _TickedItem]
    locations: NotRequired[list[_Where]]


_CARD_RECORD_TIMES = TypeAdapter(_CardRecordTimes)
"""Reads only those fields of the record's JSON text (photos, notes and actors are skipped)."""


class ChunkReader:
    """Loads :class:`EnterpriseRecords` for chunks of tenants, for one day."""

    def __init__(self, conn: Connection, window: Window, zone: ZoneInfo) -> None:
        self.conn = conn
        self.window = window
        self.zone = zone
        self.as_of_utc = utc(window.as_of, zone)
        self.periods = sorted(period_keys(window.first, window.day))
        self.periods_with_lookback = sorted(period_keys(window.first - LOOKBACK, window.day))

    def records(self, tenants: Sequence[TenantId]) -> list[EnterpriseRecords]:
        """The records of each tenant of the chunk that is a known enterprise, in order."""
        ref = self._reference(tenants)
        joined = self._joined(tenants)
        sign_ins = self._sign_ins(tenants)
        accounts = self._active_accounts(tenants)
        last_sign_ins = self._last_sign_ins(tenants)
        reviews = self._reviews(tenants)
        found = self._hazards(tenants)
        # Ticks from before the window matter only where an inspector found something (瞒报).
        finders = [t for t in tenants if any(self._is_finding(h) for h in found.get(t, ()))]
        found_by_inspector = set(finders)
        others = [t for t in tenants if t not in found_by_inspector]
        ticks = self._ticks(others, self.periods) | self._ticks(finders, self.periods_with_lookback)
        out = []
        for tenant in tenants:
            if tenant not in ref.enterprises:
                continue
            joined_on = joined.get(tenant, self.window.day)
            points = tuple(ref.points.get(tenant, ()))
            out.append(
                EnterpriseRecords(
                    enterprise=ref.enterprises[tenant],
                    joined_on=joined_on,
                    posts=tuple(ref.posts.get(tenant, ())),
                    cards={card.id: card for card in ref.cards.get(tenant, ())},
                    risk_points=points,
                    # The first identification of risks, at joining, is the first review.
                    risk_list_reviewed_on=reviews.get(tenant, joined_on if points else None),
                    ticks=ticks.get(tenant, {}),
                    hazards=tuple(found.get(tenant, ())),
                    manager_sign_ins=frozenset(sign_ins.get(tenant, ())),
                    active_accounts=accounts.get(tenant, 0),
                    last_sign_in=last_sign_ins.get(tenant),
                )
            )
        return out

    def _local_day(self, moment: datetime) -> date:
        return aware(moment).astimezone(self.zone).date()

    def _reference(self, tenants: Sequence[TenantId]) -> _Reference:
        found = _Reference()
        rows = self.conn.execute(
            select(reference.c.kind, reference.c.tenant, _text(reference.c.body)).where(
                reference.c.tenant.in_(tenants),
                reference.c.kind.in_(["enterprise", "post", "card", "risk_point"]),
            )
        )
        for kind, tenant, text in rows:
            found.add(kind, TenantId(tenant), text)
        return found

    def _joined(self, tenants: Sequence[TenantId]) -> dict[TenantId, date]:
        """The earliest of each tenant's first account, first event and first scored day.

        The first scored day stands for the day it was registered (imported): an enterprise
        with neither accounts nor events must still age, or 未使用系统 could never fire.
        """
        joined: dict[TenantId, date] = {}

        def keep(tenant: str, day: date) -> None:
            known = joined.get(TenantId(tenant))
            joined[TenantId(tenant)] = day if known is None else min(known, day)

        rows = self.conn.execute(
            select(users.c.tenant, func.min(users.c.created_at))
            .where(users.c.tenant.in_(tenants))
            .group_by(users.c.tenant)
        )
        for tenant, first in rows:
            keep(tenant, self._local_day(first))
        scored = self.conn.execute(
            select(daily_scores.c.tenant, func.min(daily_scores.c.day))
            .where(daily_scores.c.tenant.in_(tenants), daily_scores.c.day <= self.window.day)
            .group_by(daily_scores.c.tenant)
        )
        for tenant, day in scored:
            keep(tenant, day)
        missing = [t for t in tenants if t not in joined]
        if missing:
            rows = self.conn.execute(
                select(events.c.tenant, func.min(events.c.hlc))
                .where(events.c.tenant.in_(missing), events.c.status == "accepted")
                .group_by(events.c.tenant)
            )
            for tenant, hlc in rows:
                wall = datetime.fromtimestamp(int(hlc.split("-", 1)[0]) / 1000, tz=UTC)
                keep(tenant, wall.astimezone(self.zone).date())
        return joined

    def _active_accounts(self, tenants: Sequence[TenantId]) -> dict[TenantId, int]:
        """Accounts not disabled and made by the day's end (disabling is not dated: now)."""
        rows = self.conn.execute(
            select(users.c.tenant, func.count())
            .where(
                users.c.tenant.in_(tenants),
                users.c.disabled.is_(False),
                users.c.created_at < self.as_of_utc,
            )
            .group_by(users.c.tenant)
        )
        return {TenantId(tenant): int(count) for tenant, count in rows}

    def _last_sign_ins(self, tenants: Sequence[TenantId]) -> dict[TenantId, date]:
        """The last local day anyone of each tenant signed in, up to the scored day."""
        rows = self.conn.execute(
            select(sign_in_days.c.tenant, func.max(sign_in_days.c.day))
            .where(sign_in_days.c.tenant.in_(tenants), sign_in_days.c.day <= self.window.day)
            .group_by(sign_in_days.c.tenant)
        )
        return {TenantId(tenant): day for tenant, day in rows}

    def _sign_ins(self, tenants: Sequence[TenantId]) -> dict[TenantId, set[date]]:
        """Local days with a 安全负责人 sign-in: those of the window and the last before it."""
        scope = (
            sign_in_days.c.tenant.in_(tenants),
            sign_in_days.c.role == Role.SAFETY_MANAGER.value,
        )
        days: dict[TenantId, set[date]] = defaultdict(set)
        recent = self.conn.execute(
            select(sign_in_days.c.tenant, sign_in_days.c.day).where(
                *scope,
                sign_in_days.c.day >= self.window.first,
                sign_in_days.c.day <= self.window.day,
            )
        )
        earlier = self.conn.execute(
            select(sign_in_days.c.tenant, func.max(sign_in_days.c.day))
            .where(*scope, sign_in_days.c.day < self.window.first)
            .group_by(sign_in_days.c.tenant)
        )
        for tenant, day in [*recent, *earlier]:
            days[TenantId(tenant)].add(day)
        return days

    def _reviews(self, tenants: Sequence[TenantId]) -> dict[TenantId, date]:
        """The last 风险清单复核 of each tenant before the day's end.

        A review is a ``risk_list.reviewed`` event made on a manager's phone (its stamp's day
        counts); an audit row of that action, as an import may leave, counts as well.
        """
        found: dict[TenantId, date] = {}
        rows = self.conn.execute(
            select(audit.c.subject, func.max(audit.c.at))
            .where(
                audit.c.action == RISK_LIST_REVIEWED,
                audit.c.subject.in_(tenants),
                audit.c.at < self.as_of_utc,
            )
            .group_by(audit.c.subject)
        )
        for subject, at in rows:
            found[TenantId(subject)] = self._local_day(at)
        # Stamps sort as text; a stamp of the day's last millisecond still sorts below this.
        as_of_stamp = f"{int(self.as_of_utc.timestamp() * 1000):013d}"
        stamped = self.conn.execute(
            select(events.c.tenant, func.max(events.c.hlc))
            .where(
                events.c.type == EventType.RISK_LIST_REVIEWED.value,
                events.c.tenant.in_(tenants),
                events.c.status == "accepted",
                events.c.hlc < as_of_stamp,
            )
            .group_by(events.c.tenant)
        )
        for tenant, hlc in stamped:
            wall = datetime.fromtimestamp(int(hlc.split("-", 1)[0]) / 1000, tz=UTC)
            day = wall.astimezone(self.zone).date()
            known = found.get(TenantId(tenant))
            found[TenantId(tenant)] = day if known is None else max(known, day)
        return found

    def _is_finding(self, hazard: HazardView) -> bool:
        return hazard.source is HazardSource.ENFORCEMENT and self.window.contains(
            hazard.reported_at
        )

    def _ticks(self, tenants: Sequence[TenantId], periods: list[str]) -> dict[TenantId, TicksByKey]:
        if not tenants:
            return {}
        rows = self.conn.execute(
            select(card_records.c.id, card_records.c.tenant, _text(card_records.c.body)).where(
                card_records.c.tenant.in_(tenants), card_records.c.period.in_(periods)
            )
        )
        found: dict[TenantId, TicksByKey] = defaultdict(dict)
        stale: list[str] = []
        as_of = self.window.as_of  # a property that builds a datetime: once, not per record
        for record_id, tenant, text in rows:
            slim = _CARD_RECORD_TIMES.validate_json(text)
            ticks = Ticks.from_json(slim, self.zone)
            if ticks.last_ticked_at >= as_of:
                stale.append(record_id)
            else:
                found[TenantId(tenant)][(ticks.post_id, ticks.period)] = ticks
        for record in fold_card_records(
            self._events_until(AggregateType.CARD_INSTANCE, stale)
        ).values():
            ticks = Ticks.of(record, self.zone)
            found[record.tenant][(ticks.post_id, ticks.period)] = ticks
        return found

    def _hazards(self, tenants: Sequence[TenantId]) -> dict[TenantId, list[HazardView]]:
        rows = self.conn.execute(
            select(hazards.c.id, _text(hazards.c.body)).where(hazards.c.tenant.in_(tenants))
        )
        found: dict[TenantId, list[HazardView]] = defaultdict(list)
        stale: list[str] = []
        for hazard_id, text in rows:
            hazard = _parse(Hazard, text)
            if max(entry.at for entry in hazard.timeline) >= self.as_of_utc:
                stale.append(hazard_id)
            else:
                found[hazard.tenant].append(HazardView.of(hazard, self.zone))
        by_hazard: dict[str, list[Event]] = defaultdict(list)
        for event in self._events_until(AggregateType.HAZARD, stale):
            by_hazard[event.aggregate.id].append(event)
        for stamped in by_hazard.values():
            then = fold_hazard(stamped)
            if then is not None:
                found[then.tenant].append(HazardView.of(then, self.zone))
        return found

    def _events_until(self, kind: AggregateType, ids: Sequence[str]) -> list[Event]:
        """The accepted events of these aggregates stamped before the day's end."""
        if not ids:
            return []
        rows = self.conn.execute(
            select(events.c.body).where(
                events.c.aggregate_type == kind.value,
                events.c.aggregate_id.in_(ids),
                events.c.status == "accepted",
            )
        )
        stamped = (Event.stored(row.body) for row in rows)
        return [event for event in stamped if event.at < self.as_of_utc]
