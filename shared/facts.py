"""From one enterprise's records to the :class:`shared.scoring.EnterpriseDayFacts` of a day.

The server loads the records (reference data, card ticks and hazards as they stood at the
day's end, manager sign-ins); everything here is pure, so a fact can be checked by hand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.cards import CheckCard
from shared.completion import CardFacts, PostCard, Ticks, card_facts
from shared.hazard_facts import HazardView, hazard_facts
from shared.ids import CardId, ItemId, PostId
from shared.org import Enterprise, Industry, Post, RiskPoint
from shared.reporting import reporting_facts
from shared.risk import RiskColour
from shared.schedule import DEFAULT_LATENESS, LatenessPolicy, OutcomeCounts
from shared.scoring import DEFAULT_WEIGHTS, EnterpriseDayFacts, ScoreWeights, is_low_completion_day
from shared.window import Window
from shared.workdays import CN_CALENDAR, WorkCalendar

SERIOUS = frozenset({RiskColour.RED, RiskColour.ORANGE})


class FactRules(BaseModel):
    """How facts are read from records (🔧 defaults); the score's own numbers are ScoreWeights."""

    model_config = ConfigDict(frozen=True)

    lateness: LatenessPolicy = DEFAULT_LATENESS
    """How late a card tick may come before the instance counts as missed."""
    calendar: WorkCalendar = CN_CALENDAR
    """Working days, for 履职在线 and the 重大隐患 plan deadline."""
    min_seconds_per_item: float = Field(default=10.0, ge=0)
    """疑似虚假打卡 below this many seconds per ticked item."""
    micro_staff_below: int = Field(default=10, ge=0)
    """Fewer staff than this makes a micro-business, scored like a 十小 place."""
    risk_review_days: int = Field(default=365, ge=1)
    """The 风险清单 must have been reviewed within this many days."""


DEFAULT_RULES = FactRules()
"""The defaults."""


@dataclass(frozen=True)
class EnterpriseRecords:
    """Everything stored about one enterprise that its score reads, as of one day's end.

    Attributes:
        enterprise: The enterprise's reference record.
        joined_on: The day it joined (its first account or event): days before count for nothing.
        posts: Its posts; those with a card owe card instances.
        cards: Its cards by id.
        risk_points: Its risk points.
        risk_list_reviewed_on: The last review of its 风险清单, if any is known.
        ticks: Card ticks by (post, period), from the window and the 7 days before it.
        hazards: Every hazard, as it stood at the day's end.
        manager_sign_ins: The local days on which a 安全负责人 signed in, up to the day.
        active_accounts: Its accounts not disabled, created by the day's end.
        last_sign_in: The last local day anyone of it signed in, up to the day.
    """

    enterprise: Enterprise
    joined_on: date
    posts: tuple[Post, ...] = ()
    cards: Mapping[CardId, CheckCard] = field(default_factory=dict)
    risk_points: tuple[RiskPoint, ...] = ()
    risk_list_reviewed_on: date | None = None
    ticks: Mapping[tuple[PostId, str], Ticks] = field(default_factory=dict)
    hazards: tuple[HazardView, ...] = ()
    manager_sign_ins: frozenset[date] = frozenset()
    active_accounts: int = 0
    last_sign_in: date | None = None

    def post_cards(self) -> list[PostCard]:
        """The posts that have a card, with it; a post whose card is unknown owes nothing."""
        return [
            PostCard(post_id=post.id, card=self.cards[post.card_id], position=post.position)
            for post in self.posts
            if post.card_id is not None and post.card_id in self.cards
        ]

    def item_names(self) -> dict[tuple[PostId, ItemId], str]:
        """What each carded post's items check (检查项), to name them in a reason."""
        return {
            (post_card.post_id, item.id): item.what
            for post_card in self.post_cards()
            for item in post_card.card.items
        }

    def uncovered_serious_points(self) -> int:
        """🟥/🟧 risk points no card checks: neither their post nor (if none) their workshop.

        A point tied to a post is covered by that post's card; a point tied only to a
        workshop by any carded post of the workshop; a point tied to neither by nothing.
        """
        carded = {post.id: post for post in self.posts if post.card_id in self.cards}
        workshops = {post.workshop_id for post in carded.values()}
        return sum(
            1
            for point in self.risk_points
            if point.colour in SERIOUS
            and not (
                point.post_id in carded
                if point.post_id is not None
                else point.workshop_id in workshops
            )
        )


def is_small_place(enterprise: Enterprise, rules: FactRules = DEFAULT_RULES) -> bool:
    """A 十小 place or a micro-business: fewer hazards to find, so a lower bar and a longer wait."""
    return (
        enterprise.industry is Industry.SMALL_PLACE
        or enterprise.staff_count < rules.micro_staff_below
    )


def place_kinds(enterprise: Enterprise) -> tuple[str, ...]:
    """Its 十小 kind (if any) then its industry: the keys of per-kind windows."""
    kind = enterprise.small_place_kind
    return (kind.value, enterprise.industry.value) if kind else (enterprise.industry.value,)


def _ticks_by_post(records: EnterpriseRecords) -> dict[PostId, list[Ticks]]:
    grouped: dict[PostId, list[Ticks]] = defaultdict(list)
    for ticks in records.ticks.values():
        grouped[ticks.post_id].append(ticks)
    return grouped


def _sign_in_facts(
    records: EnterpriseRecords, window: Window, calendar: WorkCalendar
) -> dict[str, int | None]:
    working = _working_days(calendar, window)
    past = [d for d in records.manager_sign_ins if d <= window.day]
    return {
        "working_days_30d": len(working),
        "manager_login_days_30d": sum(1 for d in working if d in records.manager_sign_ins),
        "days_since_manager_login": (window.day - max(past)).days if past else None,
    }


@lru_cache(maxsize=64)
def _working_days(calendar: WorkCalendar, window: Window) -> tuple[date, ...]:
    """The window's working days: the same for every enterprise of a night, so counted once."""
    return tuple(calendar.working_days(window.days()))


def _flat(facts: Any) -> dict[str, Any]:
    """A facts dataclass as its fields, shallow.

    They are numbers and tuples of text, so ``dataclasses.asdict``'s deep copy of each (a
    tenth of a night's scoring under the profiler) buys nothing.
    """
    return {name.name: getattr(facts, name.name) for name in fields(facts)}


def _days_since_last_use(records: EnterpriseRecords, day: date) -> int | None:
    """Since the last card tick or sign-in of anyone of the enterprise; None if none is known."""
    ticked = [at.date() for t in records.ticks.values() for _, at in t.ticked.values()]
    signed = [d for d in (records.last_sign_in, *records.manager_sign_ins) if d is not None]
    used = [d for d in (*ticked, *signed) if d <= day]
    return (day - max(used)).days if used else None


def _low_streak(cards: CardFacts, day: date, weights: ScoreWeights) -> int:
    def is_low(counts: OutcomeCounts) -> bool:
        return is_low_completion_day(counts.ratio(weights.late_credit), weights)

    return cards.low_streak(day, is_low)


def _far_reasons(records: EnterpriseRecords, cards: CardFacts) -> tuple[str, ...]:
    """位置异常: which post's card, of which period, was scanned beyond 200 m of the post.

    Names the post and the period only: where the worker stood is never part of a reason.
    """
    names = {post.id: post.name for post in records.posts}
    return tuple(
        f"{names.get(post_id, post_id)} {period} 扫码位置距岗位超过 200 米（位置异常）"
        for post_id, period in cards.far_from_post
    )


def day_facts(
    records: EnterpriseRecords,
    day: date,
    *,
    weights: ScoreWeights = DEFAULT_WEIGHTS,
    rules: FactRules = DEFAULT_RULES,
) -> EnterpriseDayFacts:
    """The facts of one enterprise-day, every windowed one over the 30 days ending with ``day``.

    Args:
        records: What is stored about the enterprise, as it stood at the end of ``day``.
        day: The local calendar day scored.
        weights: The score's numbers (the low-completion threshold and the late credit).
        rules: How facts are read.

    Returns:
        The scoring contract, filled.
    """
    window = Window(day)
    cards = card_facts(
        records.post_cards(),
        records.ticks,
        window,
        policy=rules.lateness,
        min_seconds_per_item=rules.min_seconds_per_item,
        since=records.joined_on,
    )
    by_post = _ticks_by_post(records)
    hazards = hazard_facts(records.hazards, window, rules.calendar, by_post)
    reporting = reporting_facts(
        records.hazards,
        window,
        by_post,
        timedelta(hours=weights.report_within_hours),
        records.item_names,
    )
    reviewed = records.risk_list_reviewed_on
    serious = any(point.colour in SERIOUS for point in records.risk_points)
    return EnterpriseDayFacts(
        day=day,
        tenant=records.enterprise.id,
        is_small_place=is_small_place(records.enterprise, rules),
        place_kinds=place_kinds(records.enterprise),
        days_active=max(1, (day - records.joined_on).days + 1),
        **_sign_in_facts(records, window, rules.calendar),
        active_accounts=records.active_accounts,
        days_since_last_use=_days_since_last_use(records, day),
        card_outcomes_30d=cards.outcomes,
        consecutive_low_completion_days=_low_streak(cards, day, weights),
        **_flat(hazards),
        **_flat(reporting),
        risk_list_reviewed_within_12_months=(
            reviewed is not None and 0 <= (day - reviewed).days < rules.risk_review_days
        ),
        has_red_or_orange_point=serious,
        red_orange_points_without_card=records.uncovered_serious_points(),
        suspicious_ticks_30d=cards.suspicious,
        suspicious_tick_reasons=_far_reasons(records, cards),
    )
