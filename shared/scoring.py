"""The daily 100-point score and the red and yellow lights of one enterprise (handbook §4, 🔧).

:func:`score_day` is a pure function of one day's :class:`EnterpriseDayFacts`. The server's
midnight job derives those facts from stored events; every windowed fact covers the **trailing
30 days**, i.e. the 30 calendar days ending with (and including) ``facts.day``. So each day's
score reads as "the month as of that day", and :func:`monthly_score` averages the days.

Every number of the handbook table is a field of :class:`ScoreWeights`, so a city can tune the
rules as data. Each component and deduction is returned with its points and a short
explanation, so the regulator's screen can show why a score is what it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.errors import InvalidInput
from shared.ids import TenantId
from shared.schedule import OutcomeCounts

Points = Annotated[float, Field(ge=0)]
"""A non-negative number of points."""
Count = Annotated[int, Field(ge=0)]
"""A non-negative count of things or days."""
Share = Annotated[float, Field(ge=0, le=1)]
"""A fraction in 0..1."""


class LightColour(StrEnum):
    """A flag raised independently of the score."""

    RED = "red"  # 红灯: on next month's inspection list, reported to the township grid
    YELLOW = "yellow"  # 黄灯: a 网格员 visit within 15 days


class ScoreWeights(BaseModel):
    """The numbers of the handbook §4 table, with its defaults; all of them are 🔧 proposals."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    duty_login_points: Points = 10
    """履职在线: full marks when the 安全负责人 logged in on every working day."""
    card_completion_points: Points = 35
    """检查卡完成率: full marks when every settled card instance was on time."""
    late_credit: Share = 0.5
    """The share of an on-time tick that a late one earns."""
    hazard_finding_points: Points = 15
    """隐患发现: the cap of the hazard-finding component."""
    points_per_valid_hazard: Points = 3
    """Points per valid self-reported hazard."""
    points_per_valid_hazard_small: Points = 7.5
    """The same for 十小 places and micro-businesses, which have far fewer things to find."""
    rectification_points: Points = 25
    """整改及时率: full marks when every hazard due was closed by its deadline."""
    major_compliance_points: Points = 10
    """重大隐患规范: all or nothing."""
    risk_list_points: Points = 5
    """风险清单维护: all or nothing."""

    overdue_general_each: Points = 2
    """Deducted per overdue 一般隐患 ..."""
    overdue_general_cap: Points = 10
    """... up to this much."""
    overdue_major_each: Points = 10
    """Deducted per overdue 重大隐患, without cap."""
    concealment_each: Points = 10
    """Deducted per 瞒报, without cap."""
    suspicious_tick_each: Points = 2
    """Deducted per 疑似虚假打卡 ..."""
    suspicious_tick_cap: Points = 10
    """... up to this much."""

    report_within_hours: Annotated[float, Field(gt=0, le=7 * 24)] = 24
    """迟报 / 漏报: a 一般隐患 is registered within this many hours of being found, and a card
    item ticked 不合格 becomes a hazard report within them (``shared.reporting``)."""
    late_report_each: Points = 1
    """Deducted per 迟报 (a 一般隐患 registered late) ..."""
    late_report_cap: Points = 5
    """... up to this much."""
    missed_report_each: Points = 2
    """Deducted per 漏报 (a 不合格 tick never reported) ..."""
    missed_report_cap: Points = 10
    """... up to this much."""

    green_from: Points = 90
    """优秀 from this total (inclusive)."""
    yellow_from: Points = 75
    """良好 from this total (inclusive)."""
    orange_from: Points = 60
    """一般 from this total (inclusive); below it 较差."""

    low_completion_below: Share = 0.5
    """A day whose completion rate is below this is a low-completion day."""
    low_completion_days: Count = 7
    """Red light after this many low-completion days in a row."""
    zero_hazard_days: Count = 30
    """Yellow light after this many days without a self-reported hazard ..."""
    zero_hazard_days_small: Count = 60
    """... or this many for 十小 places ..."""
    zero_hazard_min_completion: Share = 0.9
    """... while the card completion rate is at least this (ticking everything, finding nothing)."""
    zero_hazard_days_by_kind: dict[str, Count] = Field(default_factory=dict)
    """长期零隐患 windows for particular kinds of place, by a 十小 kind (``restaurant``,
    ``lodging`` …) or an industry (``catering``, ``small_place`` …), the most particular
    first; a kind not named here takes ``zero_hazard_days`` or ``zero_hazard_days_small``."""
    zero_hazard_colour: LightColour = LightColour.YELLOW
    """The colour of the 长期零隐患 light (the handbook's 黄灯; a city may make it red)."""
    zero_hazard_small_needs_serious_point: bool = False
    """Whether a 十小 place or micro-business must have a 🟥/🟧 point for the light, as other
    enterprises must; they seldom have one, so by default their silence alone counts."""
    overdue_general_light_from: Count = 3
    """Yellow light from this many overdue 一般隐患."""
    no_login_days: Count = 7
    """Yellow light after this many days without a 安全负责人 log-in."""
    unused_days: Annotated[int, Field(ge=1, le=30)] = 30
    """未使用系统: red light after this many days with no card ticked and nobody of the
    enterprise signed in (at most the 30-day window the ticks are read from); an enterprise
    with no active account at all is red at once."""

    @model_validator(mode="after")
    def _tiers_descend(self) -> Self:
        if not self.green_from > self.yellow_from > self.orange_from:
            raise ValueError("tier thresholds must descend: green > yellow > orange")
        return self


DEFAULT_WEIGHTS = ScoreWeights()
"""The handbook's numbers."""


class EnterpriseDayFacts(BaseModel):
    """Everything the rules need about one enterprise on one day: the scoring job's contract.

    Windowed fields ("…_30d") cover the trailing 30 days ending with ``day``; "current" fields
    are the state at the end of ``day``. The function reads no history, so the job must fill
    every field; none has a default.
    """

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    day: date
    """The local calendar day scored."""
    tenant: TenantId
    """The enterprise."""
    is_small_place: bool
    """A 十小 place or micro-business: 7.5 points per hazard and 60 days for zero-hazard."""
    place_kinds: tuple[str, ...]
    """What kind of place it is, the most particular first: its 十小 kind then its industry
    (``("restaurant", "small_place")``), or its industry; picks the 长期零隐患 window."""
    days_active: int = Field(ge=1)
    """Days since the enterprise joined, counting both the joining day and ``day`` (so ≥ 1)."""

    working_days_30d: Count
    """Working days in the window (statutory 工作日; 调休 Saturdays count)."""
    manager_login_days_30d: Count
    """Of those working days, the ones on which a 安全负责人 (safety_manager) logged in."""
    days_since_manager_login: Count | None
    """Calendar days since a 安全负责人 last logged in (0 = on ``day``); None = never."""
    active_accounts: Count
    """The enterprise's accounts not disabled and created by the end of ``day``."""
    days_since_last_use: Count | None
    """Calendar days since anyone of the enterprise last ticked a card or signed in (0 = on
    ``day``); None = not in the window, then ``days_active`` is used."""

    card_outcomes_30d: OutcomeCounts
    """Settled card instances of every post whose ``due_at`` falls in the window, each once."""
    consecutive_low_completion_days: Count
    """Days in a row, ending with ``day``, whose completion rate was below 50 % (see
    :func:`is_low_completion_day`); 0 if ``day`` itself was not low."""

    valid_self_reported_hazards_30d: Count
    """Hazards the enterprise found itself (cards, own patrols) and registered in the window
    that are valid: 验收 passed, or confirmed by a 网格员."""
    days_since_last_self_reported_hazard: Count | None
    """Calendar days since the enterprise last registered a hazard itself, valid or not yet
    verified (voided ones do not count); None = never, then ``days_active`` is used."""

    hazards_due_30d: Count
    """Hazards whose 整改期限 fell in the window."""
    hazards_closed_on_time_30d: Count
    """Of those, the ones closed (验收 passed) by their 整改期限."""
    major_hazards_30d: Count
    """重大隐患 registered in the window."""
    major_hazards_compliant_30d: Count
    """Of those, the ones reported within 24 h whose 治理方案 came within 5 working days (a
    hazard still inside both deadlines is compliant unless one was already broken)."""

    risk_list_reviewed_within_12_months: bool
    """The 风险清单 was reviewed in the 12 months up to ``day``."""
    has_red_or_orange_point: bool
    """The enterprise has at least one 🟥 重大 or 🟧 较大 risk point."""
    red_orange_points_without_card: Count
    """🟥/🟧 risk points that no post's check card covers."""

    overdue_general_hazards: Count
    """Current 一般隐患 past their 整改期限 and not yet awaiting 验收."""
    overdue_major_hazards: Count
    """Current 重大隐患 past their deadline and not yet awaiting 验收."""
    concealments_30d: Count
    """瞒报 in the window: an inspector found a hazard on a card item ticked 合格 within the
    7 days before."""
    suspicious_ticks_30d: Count
    """疑似虚假打卡 in the window: a QR scan > 200 m from the post, or < 10 s per item."""
    suspicious_tick_reasons: tuple[str, ...]
    """Why the 疑似虚假打卡 scanned far from their post counted (位置异常: the post and the
    period, never where the worker stood); the too-fast ones need none, the card's times say
    it."""
    unreported_majors_found_30d: Count
    """重大隐患 found by enforcement in the window that the enterprise had not reported."""
    concealment_reasons: tuple[str, ...]
    """Why each 瞒报 counted (the hazard, the 合格 tick, the finding), to show with its line."""
    late_reports_30d: Count
    """迟报 in the window: 一般隐患 registered more than ``report_within_hours`` after found."""
    late_report_reasons: tuple[str, ...]
    """Why each 迟报 counted (the hazard, when found, when registered), oldest first."""
    missed_reports_30d: Count
    """漏报 in the window: card items ticked 不合格 and not reported ``report_within_hours``
    later."""
    missed_report_reasons: tuple[str, ...]
    """Why each 漏报 counted (the item, when ticked), oldest first."""

    @model_validator(mode="after")
    def _parts_within_wholes(self) -> Self:
        pairs = {
            "manager_login_days_30d ≤ working_days_30d": (
                self.manager_login_days_30d <= self.working_days_30d
            ),
            "hazards_closed_on_time_30d ≤ hazards_due_30d": (
                self.hazards_closed_on_time_30d <= self.hazards_due_30d
            ),
            "major_hazards_compliant_30d ≤ major_hazards_30d": (
                self.major_hazards_compliant_30d <= self.major_hazards_30d
            ),
            "red_orange_points_without_card needs has_red_or_orange_point": (
                self.has_red_or_orange_point or self.red_orange_points_without_card == 0
            ),
        }
        broken = [rule for rule, holds in pairs.items() if not holds]
        if broken:
            raise ValueError(f"inconsistent facts: {broken}")
        return self


class ScoreComponent(BaseModel):
    """One line of the score's explanation: a component (points ≥ 0) or a deduction (≤ 0)."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    code: str
    """Stable, for code and translations: ``card_completion``, ``overdue_major`` …"""
    label_zh: str
    points: float
    """Rounded to 0.1; a deduction is negative."""
    max_points: float | None
    """The most the line can add (or, for a deduction, take); None = an uncapped deduction."""
    detail: str
    """The numbers behind the points, in Chinese, e.g. ``按时 20，补做 2，漏检 8``."""


class ScoreTier(StrEnum):
    """The rating of a total; traffic-light colours, never A–D (handbook §0 #3)."""

    GREEN = "green"  # 优秀, ≥ 90
    YELLOW = "yellow"  # 良好, 75–89.9
    ORANGE = "orange"  # 一般, 60–74.9
    RED = "red"  # 较差, < 60


class Light(BaseModel):
    """One raised flag with its stable code and the reason, for the regulator and the owner."""

    model_config = ConfigDict(frozen=True)

    colour: LightColour
    code: str
    reason_zh: str
    reason_en: str


class DayScore(BaseModel):
    """One enterprise's score for one day, with the lines that explain it."""

    model_config = ConfigDict(frozen=True, use_attribute_docstrings=True)

    tenant: TenantId
    day: date
    total: float
    """Sum of components and deductions, clamped to 0..100, rounded to 0.1."""
    tier: ScoreTier
    components: tuple[ScoreComponent, ...]
    deductions: tuple[ScoreComponent, ...]
    lights: tuple[Light, ...]
    """Red lights first, then yellow, each in handbook order; empty when all is well."""


# --- components -------------------------------------------------------------------------------


def _line(
    code: str, label_zh: str, points: float, max_points: float | None, detail: str
) -> ScoreComponent:
    return ScoreComponent(
        code=code, label_zh=label_zh, points=round(points, 1), max_points=max_points, detail=detail
    )


def _share_or_full(part: int, whole: int) -> float:
    """Divide, counting an empty whole as fully met: nothing was asked, so nothing failed."""
    return part / whole if whole else 1.0


def _duty_login(facts: EnterpriseDayFacts, weights: ScoreWeights) -> ScoreComponent:
    share = _share_or_full(facts.manager_login_days_30d, facts.working_days_30d)
    detail = f"{facts.working_days_30d} 个工作日中 {facts.manager_login_days_30d} 天登录"
    maximum = weights.duty_login_points
    return _line("duty_login", "履职在线", maximum * share, maximum, detail)


def _card_completion(facts: EnterpriseDayFacts, weights: ScoreWeights) -> ScoreComponent:
    counts = facts.card_outcomes_30d
    # No settled instance earns nothing: an enterprise without cards has done no self-checks.
    ratio = counts.ratio(weights.late_credit)
    detail = f"按时 {counts.on_time}，补做 {counts.late}，漏检 {counts.missed}"
    maximum = weights.card_completion_points
    points = 0.0 if ratio is None else maximum * ratio
    return _line("card_completion", "检查卡完成率", points, maximum, detail)


def _hazard_finding(facts: EnterpriseDayFacts, weights: ScoreWeights) -> ScoreComponent:
    each = (
        weights.points_per_valid_hazard_small
        if facts.is_small_place
        else weights.points_per_valid_hazard
    )
    found = facts.valid_self_reported_hazards_30d
    maximum = weights.hazard_finding_points
    detail = f"有效自查隐患 {found} 项 × {each:g} 分"
    return _line("hazard_finding", "隐患发现", min(maximum, each * found), maximum, detail)


def _rectification(facts: EnterpriseDayFacts, weights: ScoreWeights) -> ScoreComponent:
    share = _share_or_full(facts.hazards_closed_on_time_30d, facts.hazards_due_30d)
    detail = f"到期 {facts.hazards_due_30d} 项，按期销号 {facts.hazards_closed_on_time_30d} 项"
    maximum = weights.rectification_points
    return _line("rectification", "整改及时率", maximum * share, maximum, detail)


def _major_compliance(facts: EnterpriseDayFacts, weights: ScoreWeights) -> ScoreComponent:
    compliant = facts.major_hazards_compliant_30d == facts.major_hazards_30d
    detail = f"重大隐患 {facts.major_hazards_30d} 项，规范 {facts.major_hazards_compliant_30d} 项"
    maximum = weights.major_compliance_points
    return _line("major_compliance", "重大隐患规范", maximum if compliant else 0.0, maximum, detail)


def _risk_list(facts: EnterpriseDayFacts, weights: ScoreWeights) -> ScoreComponent:
    reviewed = facts.risk_list_reviewed_within_12_months
    uncovered = facts.red_orange_points_without_card
    upkept = reviewed and uncovered == 0
    detail = (
        f"{'12 个月内已复核' if reviewed else '超过 12 个月未复核'}，无卡红橙风险点 {uncovered} 个"
    )
    maximum = weights.risk_list_points
    return _line("risk_list", "风险清单维护", maximum if upkept else 0.0, maximum, detail)


def _components(facts: EnterpriseDayFacts, weights: ScoreWeights) -> tuple[ScoreComponent, ...]:
    rules = (
        _duty_login,
        _card_completion,
        _hazard_finding,
        _rectification,
        _major_compliance,
        _risk_list,
    )
    return tuple(rule(facts, weights) for rule in rules)


# --- deductions -------------------------------------------------------------------------------


def _deduction(
    code: str, label_zh: str, count: int, each: float, cap: float | None
) -> ScoreComponent:
    amount = count * each if cap is None else min(count * each, cap)
    capped = "" if cap is None else f"，最多扣 {cap:g} 分"
    # 0.0 - x, not -x: a zero deduction must read 0.0, never -0.0.
    return _line(code, label_zh, 0.0 - amount, cap, f"{count} 项 × {each:g} 分{capped}")


def _with_reasons(
    line: ScoreComponent, reasons: Sequence[str], shown: int | None
) -> ScoreComponent:
    """The line with the reasons behind its count, the first ``shown`` of them (None: all)."""
    if not reasons:
        return line
    named = list(reasons if shown is None else reasons[:shown])
    more = f" 等 {len(reasons)} 项" if len(named) < len(reasons) else ""
    return line.model_copy(update={"detail": f"{line.detail}：{'；'.join(named)}{more}"})


def _concealment(facts: EnterpriseDayFacts, weights: ScoreWeights) -> ScoreComponent:
    """瞒报, with the reason of each behind the count, so the enterprise sees which item."""
    line = _deduction("concealment", "瞒报", facts.concealments_30d, weights.concealment_each, None)
    return _with_reasons(line, facts.concealment_reasons, None)


SHOWN_REPORTING_REASONS = 3
"""迟报 and 漏报 may be many; their lines name the first few and say how many in all."""


def _late_reports(facts: EnterpriseDayFacts, weights: ScoreWeights) -> ScoreComponent:
    """迟报 of 一般隐患, naming which hazard was found when and registered when."""
    line = _deduction(
        "late_report",
        "迟报",
        facts.late_reports_30d,
        weights.late_report_each,
        weights.late_report_cap,
    )
    return _with_reasons(line, facts.late_report_reasons, SHOWN_REPORTING_REASONS)


def _missed_reports(facts: EnterpriseDayFacts, weights: ScoreWeights) -> ScoreComponent:
    """漏报: 不合格 ticks that never became a report, naming the item and the tick."""
    line = _deduction(
        "missed_report",
        "漏报",
        facts.missed_reports_30d,
        weights.missed_report_each,
        weights.missed_report_cap,
    )
    return _with_reasons(line, facts.missed_report_reasons, SHOWN_REPORTING_REASONS)


def _deductions(facts: EnterpriseDayFacts, weights: ScoreWeights) -> tuple[ScoreComponent, ...]:
    return (
        _deduction(
            "overdue_general",
            "逾期一般隐患",
            facts.overdue_general_hazards,
            weights.overdue_general_each,
            weights.overdue_general_cap,
        ),
        _deduction(
            "overdue_major",
            "逾期重大隐患",
            facts.overdue_major_hazards,
            weights.overdue_major_each,
            None,
        ),
        _concealment(facts, weights),
        _with_reasons(
            _deduction(
                "suspicious_ticks",
                "疑似虚假打卡",
                facts.suspicious_ticks_30d,
                weights.suspicious_tick_each,
                weights.suspicious_tick_cap,
            ),
            facts.suspicious_tick_reasons,
            SHOWN_REPORTING_REASONS,
        ),
        _late_reports(facts, weights),
        _missed_reports(facts, weights),
    )


# --- lights -----------------------------------------------------------------------------------


def _red(code: str, reason_zh: str, reason_en: str) -> Light:
    return Light(colour=LightColour.RED, code=code, reason_zh=reason_zh, reason_en=reason_en)


def _yellow(code: str, reason_zh: str, reason_en: str) -> Light:
    return Light(colour=LightColour.YELLOW, code=code, reason_zh=reason_zh, reason_en=reason_en)


def _red_lights(facts: EnterpriseDayFacts, weights: ScoreWeights) -> Iterator[Light]:
    if facts.overdue_major_hazards:
        n = facts.overdue_major_hazards
        yield _red("overdue_major", f"{n} 项重大隐患逾期未整改", f"{n} major hazard(s) overdue")
    if facts.concealments_30d:
        n = facts.concealments_30d
        why = f"：{facts.concealment_reasons[0]}" if facts.concealment_reasons else ""
        more = " 等" if len(facts.concealment_reasons) > 1 else ""
        yield _red(
            "concealment", f"30 天内瞒报 {n} 次{why}{more}", f"{n} concealed hazard(s) in 30 days"
        )
    if facts.consecutive_low_completion_days >= weights.low_completion_days:
        n = facts.consecutive_low_completion_days
        yield _red(
            "low_completion_7d",
            f"检查卡完成率连续 {n} 天低于 {weights.low_completion_below:.0%}",
            f"card completion below {weights.low_completion_below:.0%} for {n} days in a row",
        )
    if facts.unreported_majors_found_30d:
        n = facts.unreported_majors_found_30d
        yield _red(
            "unreported_major",
            f"执法检查发现未上报重大隐患 {n} 项",
            f"{n} unreported major hazard(s) found by enforcement",
        )
    unused = _unused_system(facts, weights)
    if unused is not None:
        yield unused


def _unused_system(facts: EnterpriseDayFacts, weights: ScoreWeights) -> Light | None:
    """未使用系统: regulators look first at enterprises that never use the system."""
    if facts.active_accounts == 0:
        return _red("unused_system", "未使用系统：无有效账号", "system not used: no active account")
    gap = facts.days_active if facts.days_since_last_use is None else facts.days_since_last_use
    if gap < weights.unused_days:
        return None
    return _red(
        "unused_system",
        f"未使用系统：{gap} 天无人打卡、无人登录",
        f"system not used: no card ticked and no sign-in for {gap} days",
    )


def _days_without_hazard(facts: EnterpriseDayFacts) -> int:
    last = facts.days_since_last_self_reported_hazard
    return facts.days_active if last is None else last


def zero_hazard_window(facts: EnterpriseDayFacts, weights: ScoreWeights) -> int:
    """The 长期零隐患 window of this kind of place: its own, else the small or general one."""
    for kind in facts.place_kinds:
        if kind in weights.zero_hazard_days_by_kind:
            return weights.zero_hazard_days_by_kind[kind]
    return weights.zero_hazard_days_small if facts.is_small_place else weights.zero_hazard_days


def _suspiciously_clean(facts: EnterpriseDayFacts, weights: ScoreWeights) -> bool:
    """Ticking nearly every card yet finding nothing, where there is something to find."""
    needs_point = not facts.is_small_place or weights.zero_hazard_small_needs_serious_point
    ratio = facts.card_outcomes_30d.ratio(weights.late_credit)
    return (
        (facts.has_red_or_orange_point or not needs_point)
        and _days_without_hazard(facts) >= zero_hazard_window(facts, weights)
        and ratio is not None
        and ratio >= weights.zero_hazard_min_completion
    )


def _zero_hazard_light(facts: EnterpriseDayFacts, weights: ScoreWeights) -> Iterator[Light]:
    if _suspiciously_clean(facts, weights):
        n = _days_without_hazard(facts)
        yield Light(
            colour=weights.zero_hazard_colour,
            code="suspicious_zero_hazards",
            reason_zh=f"疑似零隐患：{n} 天未自查上报隐患，检查卡却几乎全部合格",
            reason_en=(
                f"suspicious zero-hazard: no self-reported hazard for {n} days"
                " despite full card ticks"
            ),
        )


def _yellow_lights(facts: EnterpriseDayFacts, weights: ScoreWeights) -> Iterator[Light]:
    if facts.overdue_general_hazards >= weights.overdue_general_light_from:
        n = facts.overdue_general_hazards
        yield _yellow("overdue_general_3", f"{n} 项一般隐患逾期", f"{n} general hazards overdue")
    login_gap = facts.days_since_manager_login
    n = facts.days_active if login_gap is None else login_gap
    if n >= weights.no_login_days:
        yield _yellow(
            "no_manager_login_7d",
            f"安全负责人 {n} 天未登录",
            f"no safety manager log-in for {n} days",
        )


# --- totals -----------------------------------------------------------------------------------


def _ordered(first: tuple[Light, ...], yellow: tuple[Light, ...]) -> tuple[Light, ...]:
    """Red lights first, then yellow, each in handbook order (a colour may be configured)."""
    every = (*first, *yellow)
    return tuple(sorted(every, key=lambda light: light.colour is not LightColour.RED))


def tier_for(total: float, weights: ScoreWeights = DEFAULT_WEIGHTS) -> ScoreTier:
    """Rate a total (a day's or a month's); each threshold belongs to the better tier."""
    if total >= weights.green_from:
        return ScoreTier.GREEN
    if total >= weights.yellow_from:
        return ScoreTier.YELLOW
    if total >= weights.orange_from:
        return ScoreTier.ORANGE
    return ScoreTier.RED


def is_low_completion_day(ratio: float | None, weights: ScoreWeights = DEFAULT_WEIGHTS) -> bool:
    """Whether a day counts towards the 7-day red light; a day with nothing owed does not."""
    return ratio is not None and ratio < weights.low_completion_below


def score_day(facts: EnterpriseDayFacts, weights: ScoreWeights = DEFAULT_WEIGHTS) -> DayScore:
    """Score one enterprise-day and raise its lights.

    The total is the sum of the *rounded* lines, so the lines on screen add up to it, clamped to
    0..100; the tier is taken from that displayed total, so 89.95 shows and rates as 90.0 green.
    """
    components = _components(facts, weights)
    deductions = _deductions(facts, weights)
    raw = sum(line.points for line in (*components, *deductions))
    total = round(min(100.0, max(0.0, raw)), 1)
    return DayScore(
        tenant=facts.tenant,
        day=facts.day,
        total=total,
        tier=tier_for(total, weights),
        components=components,
        deductions=deductions,
        lights=_ordered(
            (*_red_lights(facts, weights), *_zero_hazard_light(facts, weights)),
            tuple(_yellow_lights(facts, weights)),
        ),
    )


def monthly_score(day_scores: Sequence[DayScore]) -> float:
    """The month's score: the plain mean of the days' totals, rounded to 0.1.

    Each day already looks back 30 days, so the mean smooths a month without weighting any day.
    Pass the days actually scored (a new enterprise's month starts on the day it joined).

    Raises:
        InvalidInput: No days, days of several enterprises, or the same day twice.
    """
    if not day_scores:
        raise InvalidInput("a monthly score needs at least one day")
    if len({score.tenant for score in day_scores}) > 1:
        raise InvalidInput("day scores of several enterprises cannot be averaged together")
    days = [score.day for score in day_scores]
    if len(set(days)) != len(days):
        raise InvalidInput("the same day was scored twice", days=[d.isoformat() for d in days])
    return round(sum(score.total for score in day_scores) / len(day_scores), 1)
