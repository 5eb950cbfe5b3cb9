"""Classified supervision (分级分类监管): class A–D, inspections a year and the due list.

Hebei direction (handbook §0 #3, §5): A is the largest or most dangerous class, D the smallest.
The class rules and the yearly numbers are tables, 🔧 defaults to be set by each city.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field

from shared.ids import TenantId
from shared.org import Enterprise, Industry, SupervisionClass
from shared.risk import RiskColour
from shared.scoring import DEFAULT_WEIGHTS, ScoreTier, ScoreWeights, tier_for

C = SupervisionClass
T = ScoreTier
TIER_ZH = {T.GREEN: "优秀", T.YELLOW: "良好", T.ORANGE: "一般", T.RED: "较差"}
"""The tier's name as the regulator says it."""


class SupervisionRules(BaseModel):
    """The numbers of the class rules and of the visit plan (🔧)."""

    model_config = ConfigDict(frozen=True)

    large_staff_over: int = Field(default=300, ge=0)
    """规上 with more staff than this is class A."""
    large_warehouse_staff_from: int = Field(default=50, ge=0)
    """A warehouse with at least this many staff is class B."""
    micro_staff_below: int = Field(default=10, ge=0)
    """A micro workshop (fewer staff, no 🟥/🟧 point) is class D, like a 十小 place."""
    per_year: dict[SupervisionClass, int] = Field(
        default_factory=lambda: {C.A: 4, C.B: 2, C.C: 1, C.D: 0}
    )
    """执法检查 a year by class; D is sampled (双随机) and visited by the village 网格员."""
    per_year_by_tier: dict[SupervisionClass, dict[ScoreTier, int]] = Field(
        default_factory=lambda: {
            cls: {T.GREEN: n, T.YELLOW: n, T.ORANGE: n + 1, T.RED: n + 2}
            for cls, n in {C.A: 4, C.B: 2, C.C: 1, C.D: 0}.items()
        }
    )
    """执法检查 a year by class and last month's tier (绩效评估等级 drives 执法检查频次): 一般
    one more than the class's number, 较差 two more; a class or tier missing here falls back
    to ``per_year``. An enterprise not yet scored for a whole month is planned by class."""
    red_light_within_days: int = Field(default=30, ge=1)
    """A red light puts the enterprise on next month's list: one more visit, within this."""
    yellow_light_within_days: int = Field(default=15, ge=1)
    """A yellow light asks for a 网格员 visit within this many days."""
    green_months_for_relief: int = Field(default=6, ge=1)
    """This many green months in a row take one visit a year off (减负)."""


DEFAULT_SUPERVISION = SupervisionRules()
"""The handbook §5 defaults."""


@dataclass(frozen=True, slots=True)
class ClassRule:
    """One row of the class table: the first row that applies gives the class."""

    supervision_class: SupervisionClass
    code: str
    reason_zh: str
    applies: Callable[[Enterprise, frozenset[RiskColour], SupervisionRules], bool]


CLASS_RULES: tuple[ClassRule, ...] = (
    ClassRule(
        C.A,
        "hazardous_chemicals",
        "危险化学品",
        lambda e, _, __: e.industry is Industry.HAZARDOUS_CHEMICALS,
    ),
    ClassRule(C.A, "red_point", "有重大风险点", lambda _, colours, __: RiskColour.RED in colours),
    ClassRule(
        C.A,
        "large",
        "规上且从业人员多",
        lambda e, _, r: e.above_designated_size and e.staff_count > r.large_staff_over,
    ),
    ClassRule(C.B, "above_size", "规模以上", lambda e, _, __: e.above_designated_size),
    ClassRule(
        C.B, "orange_point", "有较大风险点", lambda _, colours, __: RiskColour.ORANGE in colours
    ),
    ClassRule(
        C.B,
        "large_warehouse",
        "大型仓储",
        lambda e, _, r: (
            e.industry is Industry.WAREHOUSING and e.staff_count >= r.large_warehouse_staff_from
        ),
    ),
    ClassRule(C.D, "small_place", "十小场所", lambda e, _, __: e.industry is Industry.SMALL_PLACE),
    ClassRule(C.D, "micro", "小微企业", lambda e, _, r: e.staff_count < r.micro_staff_below),
    ClassRule(C.C, "small_industrial", "一般工贸企业", lambda _, __, ___: True),
)
"""Hebei's direction as a table, gravest first (handbook §5 default mapping)."""


@dataclass(frozen=True, slots=True)
class ClassDecision:
    """An enterprise's class and why."""

    supervision_class: SupervisionClass
    code: str
    reason_zh: str


def supervision_class(
    enterprise: Enterprise,
    colours: Iterable[RiskColour],
    rules: SupervisionRules = DEFAULT_SUPERVISION,
) -> ClassDecision:
    """The class from industry, size and risk points; a class set on the enterprise wins.

    Args:
        enterprise: The enterprise.
        colours: The colours of its risk points.
        rules: The thresholds.
    """
    if enterprise.supervision_class is not None:
        return ClassDecision(enterprise.supervision_class, "registered", "登记的监管类别")
    found = frozenset(colours)
    rule = next(r for r in CLASS_RULES if r.applies(enterprise, found, rules))
    return ClassDecision(rule.supervision_class, rule.code, rule.reason_zh)


def green_month_streak(
    month_scores: Mapping[tuple[int, int], float],
    today: date,
    weights: ScoreWeights = DEFAULT_WEIGHTS,
) -> int:
    """Complete months in a row, ending with last month, whose month score was green."""
    year, month, streak = today.year, today.month, 0
    while True:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        score = month_scores.get((year, month))
        if score is None or tier_for(score, weights) is not ScoreTier.GREEN:
            return streak
        streak += 1


def last_month_tier(
    month_scores: Mapping[tuple[int, int], float],
    today: date,
    weights: ScoreWeights = DEFAULT_WEIGHTS,
) -> ScoreTier | None:
    """The tier of last month's score, or None when last month was not scored."""
    year, month = (today.year - 1, 12) if today.month == 1 else (today.year, today.month - 1)
    score = month_scores.get((year, month))
    return None if score is None else tier_for(score, weights)


def yearly_quota(
    cls: SupervisionClass,
    green_months: int,
    rules: SupervisionRules = DEFAULT_SUPERVISION,
    tier: ScoreTier | None = None,
) -> int:
    """Inspections a year: by class and last month's tier, one fewer after enough green months."""
    return quota_rule(cls, green_months, rules, tier).per_year


@dataclass(frozen=True, slots=True)
class QuotaRule:
    """How many visits a year an enterprise is owed, and the row of the table that says so."""

    per_year: int
    code: str
    """``class``: the class's number; ``tier_orange`` / ``tier_red``: raised by last month's
    tier; ``green_relief`` appended when green months took one off."""
    reason_zh: str


def quota_rule(
    cls: SupervisionClass,
    green_months: int,
    rules: SupervisionRules = DEFAULT_SUPERVISION,
    tier: ScoreTier | None = None,
) -> QuotaRule:
    """Look the visits up in the class × tier table, then apply the green-months relief."""
    base = rules.per_year[cls]
    number = rules.per_year_by_tier.get(cls, {}).get(tier, base) if tier is not None else base
    code = f"tier_{tier.value}" if tier is not None and number > base else "class"
    said = f"{cls.value} 类" + (f"、上月{TIER_ZH[tier]}" if tier is not None else "")
    relieved = green_months >= rules.green_months_for_relief
    if relieved:
        code, said = f"{code}+green_relief", f"{said}、连续 {green_months} 个月优秀减 1 次"
    per_year = max(0, number - (1 if relieved else 0))
    return QuotaRule(per_year, code, f"{said}：每年 {per_year} 次")


@dataclass(frozen=True, slots=True)
class VisitStatus:
    """What the plan needs to know about one enterprise on a day.

    Attributes:
        tenant: The enterprise.
        decision: Its class.
        visits: The days it was inspected on site (any year).
        red_since: The first red-light day after its last visit, if any.
        yellow_since: The first yellow-light day after its last visit, if any.
        green_months: Green months in a row up to last month.
        month_tier: Last month's tier; None when it was not scored.
        unused_since: The first 未使用系统 red-light day after its last visit, if any (kept
            apart from ``red_since`` so the due list says why).
    """

    tenant: TenantId
    decision: ClassDecision
    visits: tuple[date, ...]
    red_since: date | None
    yellow_since: date | None
    green_months: int
    unused_since: date | None = None
    month_tier: ScoreTier | None = None


@dataclass(frozen=True, slots=True)
class DueVisit:
    """One line of an inspector's due list."""

    tenant: TenantId
    supervision_class: SupervisionClass
    due_on: date
    reasons: tuple[str, ...]
    """``red_light``, ``unused_system``, ``yellow_light``, and ``regular`` (the class's visits)
    or ``tier_orange`` / ``tier_red`` (a visit owed only because last month's tier raised the
    number): every reason a visit is owed, gravest first."""
    overdue: bool
    visits_this_year: int
    quota: int
    quota_rule: QuotaRule | None = None
    """The row of the class × tier table that set ``quota``."""


def _regular_due(status: VisitStatus, today: date, quota: int) -> date | None:
    """The k-th visit is due by the month closing the k-th of ``quota`` parts of the year.

    Quarterly for 4 (31 March, 30 June …), half-yearly for 2, by year's end for 1.
    """
    done = sum(1 for day in status.visits if day.year == today.year)
    if done >= quota:
        return None
    month = math.ceil(12 * (done + 1) / quota)
    following = date(today.year + 1, 1, 1) if month == 12 else date(today.year, month + 1, 1)
    return following - timedelta(days=1)


def next_visit(
    status: VisitStatus, today: date, rules: SupervisionRules = DEFAULT_SUPERVISION
) -> DueVisit | None:
    """The next visit an enterprise is owed, or None; the earliest reason sets the date."""
    cls = status.decision.supervision_class
    rule = quota_rule(cls, status.green_months, rules, status.month_tier)
    quota = rule.per_year
    by_class = quota_rule(cls, status.green_months, rules).per_year
    owed: dict[str, date] = {}
    if status.red_since is not None:
        owed["red_light"] = status.red_since + timedelta(days=rules.red_light_within_days)
    if status.unused_since is not None:
        owed["unused_system"] = status.unused_since + timedelta(days=rules.red_light_within_days)
    if status.yellow_since is not None:
        owed["yellow_light"] = status.yellow_since + timedelta(days=rules.yellow_light_within_days)
    regular = _regular_due(status, today, quota)
    if regular is not None:
        done = sum(1 for day in status.visits if day.year == today.year)
        tier = status.month_tier
        # Past the class's own number, the visit is owed only because the tier raised it.
        owed[f"tier_{tier.value}" if tier is not None and done >= by_class else "regular"] = regular
    if not owed:
        return None
    due_on = min(owed.values())
    return DueVisit(
        tenant=status.tenant,
        supervision_class=status.decision.supervision_class,
        due_on=due_on,
        reasons=tuple(owed),
        overdue=today > due_on,
        visits_this_year=sum(1 for day in status.visits if day.year == today.year),
        quota=quota,
        quota_rule=rule,
    )


def due_list(
    statuses: Iterable[VisitStatus], today: date, rules: SupervisionRules = DEFAULT_SUPERVISION
) -> list[DueVisit]:
    """An inspector's list: every visit owed in their grid, the most pressing first."""
    visits = (next_visit(status, today, rules) for status in statuses)
    return sorted(
        (v for v in visits if v is not None),
        key=lambda v: (v.due_on, v.supervision_class, v.tenant),
    )
