"""The daily score and the lights, rule by rule as in the handbook §4 table."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from shared.errors import InvalidInput
from shared.ids import TenantId
from shared.schedule import OutcomeCounts
from shared.scoring import (
    DEFAULT_WEIGHTS,
    DayScore,
    EnterpriseDayFacts,
    LightColour,
    ScoreComponent,
    ScoreTier,
    ScoreWeights,
    is_low_completion_day,
    monthly_score,
    score_day,
    tier_for,
)

TENANT = TenantId("91130302MA0ABCDE1X")
DAY = date(2026, 11, 29)


def facts(**overrides: Any) -> EnterpriseDayFacts:
    """A model enterprise: every component full, no deduction, no light."""
    fields: dict[str, Any] = {
        "day": DAY,
        "tenant": TENANT,
        "is_small_place": False,
        "days_active": 400,
        "working_days_30d": 21,
        "manager_login_days_30d": 21,
        "days_since_manager_login": 0,
        "card_outcomes_30d": OutcomeCounts(on_time=300),
        "consecutive_low_completion_days": 0,
        "valid_self_reported_hazards_30d": 5,
        "days_since_last_self_reported_hazard": 3,
        "hazards_due_30d": 4,
        "hazards_closed_on_time_30d": 4,
        "major_hazards_30d": 0,
        "major_hazards_compliant_30d": 0,
        "risk_list_reviewed_within_12_months": True,
        "has_red_or_orange_point": True,
        "red_orange_points_without_card": 0,
        "overdue_general_hazards": 0,
        "overdue_major_hazards": 0,
        "concealments_30d": 0,
        "suspicious_ticks_30d": 0,
        "suspicious_tick_reasons": (),
        "unreported_majors_found_30d": 0,
        "concealment_reasons": (),
        "late_reports_30d": 0,
        "late_report_reasons": (),
        "missed_reports_30d": 0,
        "missed_report_reasons": (),
        "active_accounts": 3,
        "place_kinds": ("manufacturing",),
        "days_since_last_use": 0,
    }
    fields.update(overrides)
    return EnterpriseDayFacts(**fields)


def line(lines: tuple[ScoreComponent, ...], code: str) -> ScoreComponent:
    (found,) = (x for x in lines if x.code == code)
    return found


def component(code: str, **overrides: Any) -> ScoreComponent:
    return line(score_day(facts(**overrides)).components, code)


def deduction(code: str, **overrides: Any) -> ScoreComponent:
    return line(score_day(facts(**overrides)).deductions, code)


def light_codes(**overrides: Any) -> list[str]:
    return [light.code for light in score_day(facts(**overrides)).lights]


# --- weights ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("duty_login_points", 10),
        ("card_completion_points", 35),
        ("late_credit", 0.5),
        ("hazard_finding_points", 15),
        ("points_per_valid_hazard", 3),
        ("points_per_valid_hazard_small", 7.5),
        ("rectification_points", 25),
        ("major_compliance_points", 10),
        ("risk_list_points", 5),
        ("overdue_general_each", 2),
        ("overdue_general_cap", 10),
        ("overdue_major_each", 10),
        ("concealment_each", 10),
        ("suspicious_tick_each", 2),
        ("suspicious_tick_cap", 10),
        ("green_from", 90),
        ("yellow_from", 75),
        ("orange_from", 60),
        ("low_completion_below", 0.5),
        ("low_completion_days", 7),
        ("zero_hazard_days", 30),
        ("zero_hazard_days_small", 60),
        ("zero_hazard_min_completion", 0.9),
        ("overdue_general_light_from", 3),
        ("no_login_days", 7),
    ],
)
def test_the_default_weights_are_the_handbook_numbers(field, value):
    assert getattr(DEFAULT_WEIGHTS, field) == value


def test_the_components_add_up_to_a_hundred_by_default():
    w = DEFAULT_WEIGHTS
    parts = (
        w.duty_login_points,
        w.card_completion_points,
        w.hazard_finding_points,
        w.rectification_points,
        w.major_compliance_points,
        w.risk_list_points,
    )
    assert sum(parts) == 100


@pytest.mark.parametrize(
    "overrides",
    [
        {"green_from": 75},
        {"yellow_from": 95},
        {"orange_from": 80},
    ],
)
def test_tier_thresholds_must_descend(overrides):
    with pytest.raises(ValidationError, match="must descend"):
        ScoreWeights(**overrides)


@pytest.mark.parametrize(
    "overrides",
    [{"late_credit": 1.5}, {"concealment_each": -1}, {"zero_hazard_min_completion": -0.1}],
)
def test_weights_out_of_range_are_refused(overrides):
    with pytest.raises(ValidationError):
        ScoreWeights(**overrides)


def test_the_weight_fields_are_documented_for_the_settings_screen():
    assert ScoreWeights.model_fields["late_credit"].description == (
        "The share of an on-time tick that a late one earns."
    )


# --- facts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"manager_login_days_30d": 22}, "manager_login_days_30d ≤ working_days_30d"),
        ({"hazards_closed_on_time_30d": 5}, "hazards_closed_on_time_30d ≤ hazards_due_30d"),
        ({"major_hazards_compliant_30d": 1}, "major_hazards_compliant_30d ≤ major_hazards_30d"),
        (
            {"has_red_or_orange_point": False, "red_orange_points_without_card": 1},
            "needs has_red_or_orange_point",
        ),
    ],
)
def test_facts_whose_parts_exceed_their_wholes_are_refused(overrides, message):
    with pytest.raises(ValidationError, match=message):
        facts(**overrides)


@pytest.mark.parametrize(
    "overrides",
    [
        {"days_active": 0},
        {"overdue_general_hazards": -1},
        {"days_since_manager_login": -1},
        {"concealments_30d": -2},
    ],
)
def test_facts_with_negative_counts_are_refused(overrides):
    with pytest.raises(ValidationError):
        facts(**overrides)


def test_every_fact_is_required_and_documented():
    for name, field in EnterpriseDayFacts.model_fields.items():
        assert field.is_required(), name
        assert field.description, name


def test_facts_and_scores_survive_a_json_round_trip():
    day_facts = facts(card_outcomes_30d=OutcomeCounts(on_time=3, late=2, missed=1))
    score = score_day(day_facts)
    assert EnterpriseDayFacts.model_validate_json(day_facts.model_dump_json()) == day_facts
    assert DayScore.model_validate_json(score.model_dump_json()) == score


# --- components ------------------------------------------------------------------------------


def test_a_model_enterprise_scores_a_hundred_green_without_lights():
    score = score_day(facts())
    assert (score.total, score.tier, score.lights) == (100.0, ScoreTier.GREEN, ())
    assert (score.tenant, score.day) == (TENANT, DAY)
    assert [c.code for c in score.components] == [
        "duty_login",
        "card_completion",
        "hazard_finding",
        "rectification",
        "major_compliance",
        "risk_list",
    ]
    assert [c.points for c in score.components] == [c.max_points for c in score.components]


@pytest.mark.parametrize(
    ("working", "logged_in", "points"),
    [
        (21, 0, 0.0),
        (20, 10, 5.0),
        (21, 20, 9.5),  # 9.52 rounded
        (21, 21, 10.0),
        (0, 0, 10.0),  # no working day in the window: nothing was asked
    ],
)
def test_duty_login_scores_ten_times_the_share_of_working_days_with_a_login(
    working, logged_in, points
):
    got = component("duty_login", working_days_30d=working, manager_login_days_30d=logged_in)
    assert (got.points, got.max_points) == (points, 10)
    assert f"{working} 个工作日中 {logged_in} 天登录" == got.detail


@pytest.mark.parametrize(
    ("on_time", "late", "missed", "points"),
    [
        (0, 0, 10, 0.0),
        (0, 10, 0, 17.5),  # late ticks earn half
        (5, 0, 5, 17.5),
        (4, 2, 4, 17.5),
        (1, 0, 2, 11.7),  # 11.67 rounded
        (9, 0, 1, 31.5),
        (10, 0, 0, 35.0),
        (0, 0, 0, 0.0),  # no card instance at all: no self-checks were done
    ],
)
def test_card_completion_scores_35_times_on_time_plus_half_late_over_scheduled(
    on_time, late, missed, points
):
    counts = OutcomeCounts(on_time=on_time, late=late, missed=missed)
    got = component("card_completion", card_outcomes_30d=counts)
    assert (got.points, got.max_points) == (points, 35)
    assert got.detail == f"按时 {on_time}，补做 {late}，漏检 {missed}"


@pytest.mark.parametrize(
    ("small", "valid", "points"),
    [
        (False, 0, 0.0),
        (False, 1, 3.0),
        (False, 4, 12.0),
        (False, 5, 15.0),
        (False, 9, 15.0),  # capped
        (True, 0, 0.0),
        (True, 1, 7.5),
        (True, 2, 15.0),
        (True, 3, 15.0),  # capped
    ],
)
def test_hazard_finding_scores_3_per_valid_hazard_or_7_5_for_small_places_up_to_15(
    small, valid, points
):
    got = component("hazard_finding", is_small_place=small, valid_self_reported_hazards_30d=valid)
    assert (got.points, got.max_points) == (points, 15)


@pytest.mark.parametrize(
    ("due", "closed", "points"),
    [
        (4, 0, 0.0),
        (4, 3, 18.8),  # 18.75 rounded
        (3, 1, 8.3),
        (4, 4, 25.0),
        (0, 0, 25.0),  # none due: full marks
    ],
)
def test_rectification_scores_25_times_the_share_closed_by_their_deadline(due, closed, points):
    got = component("rectification", hazards_due_30d=due, hazards_closed_on_time_30d=closed)
    assert (got.points, got.max_points) == (points, 25)


@pytest.mark.parametrize(
    ("majors", "compliant", "points"),
    [
        (0, 0, 10.0),  # none: full marks
        (2, 2, 10.0),
        (2, 1, 0.0),  # all or nothing
        (1, 0, 0.0),
    ],
)
def test_major_hazard_compliance_is_all_or_nothing(majors, compliant, points):
    got = component(
        "major_compliance", major_hazards_30d=majors, major_hazards_compliant_30d=compliant
    )
    assert (got.points, got.max_points) == (points, 10)


@pytest.mark.parametrize(
    ("reviewed", "uncovered", "points"),
    [
        (True, 0, 5.0),
        (False, 0, 0.0),
        (True, 1, 0.0),
        (False, 2, 0.0),
    ],
)
def test_risk_list_upkeep_needs_a_recent_review_and_a_card_on_every_red_or_orange_point(
    reviewed, uncovered, points
):
    got = component(
        "risk_list",
        risk_list_reviewed_within_12_months=reviewed,
        red_orange_points_without_card=uncovered,
    )
    assert (got.points, got.max_points) == (points, 5)
    assert ("12 个月内已复核" in got.detail) is reviewed


def test_weights_are_data_a_city_can_change():
    generous = ScoreWeights(points_per_valid_hazard=5, hazard_finding_points=20)
    score = score_day(facts(valid_self_reported_hazards_30d=3), generous)
    assert line(score.components, "hazard_finding").points == 15.0
    assert score.total == 100.0  # the extra 5 possible points are clamped away


# --- deductions ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "field", "count", "points", "cap"),
    [
        ("overdue_general", "overdue_general_hazards", 0, 0.0, 10),
        ("overdue_general", "overdue_general_hazards", 1, -2.0, 10),
        ("overdue_general", "overdue_general_hazards", 5, -10.0, 10),
        ("overdue_general", "overdue_general_hazards", 6, -10.0, 10),  # capped
        ("overdue_major", "overdue_major_hazards", 0, 0.0, None),
        ("overdue_major", "overdue_major_hazards", 1, -10.0, None),
        ("overdue_major", "overdue_major_hazards", 3, -30.0, None),  # no cap
        ("concealment", "concealments_30d", 0, 0.0, None),
        ("concealment", "concealments_30d", 1, -10.0, None),
        ("concealment", "concealments_30d", 4, -40.0, None),  # no cap
        ("suspicious_ticks", "suspicious_ticks_30d", 0, 0.0, 10),
        ("suspicious_ticks", "suspicious_ticks_30d", 1, -2.0, 10),
        ("suspicious_ticks", "suspicious_ticks_30d", 5, -10.0, 10),
        ("suspicious_ticks", "suspicious_ticks_30d", 12, -10.0, 10),  # capped
        ("late_report", "late_reports_30d", 0, 0.0, 5),
        ("late_report", "late_reports_30d", 1, -1.0, 5),
        ("late_report", "late_reports_30d", 7, -5.0, 5),  # capped
        ("missed_report", "missed_reports_30d", 0, 0.0, 10),
        ("missed_report", "missed_reports_30d", 2, -4.0, 10),
        ("missed_report", "missed_reports_30d", 9, -10.0, 10),  # capped
    ],
)
def test_each_deduction_takes_its_points_per_case_up_to_its_cap(code, field, count, points, cap):
    score = score_day(facts(**{field: count}))
    got = line(score.deductions, code)
    assert (got.points, got.max_points) == (points, cap)
    assert str(got.points) != "-0.0"
    assert score.total == 100.0 + points
    assert got.detail.startswith(f"{count} 项")
    assert ("最多扣" in got.detail) is (cap is not None)


def test_the_deductions_are_always_listed_in_handbook_order():
    codes = [d.code for d in score_day(facts()).deductions]
    assert codes == [
        "overdue_general",
        "overdue_major",
        "concealment",
        "suspicious_ticks",
        "late_report",
        "missed_report",
    ]


@pytest.mark.parametrize(
    ("code", "count_field", "reasons_field"),
    [
        ("late_report", "late_reports_30d", "late_report_reasons"),
        ("missed_report", "missed_reports_30d", "missed_report_reasons"),
    ],
)
def test_late_and_missed_reports_name_the_first_three_reasons_and_how_many_in_all(
    code, count_field, reasons_field
):
    reasons = tuple(f"“燃气报警器” 11-{day:02d} 09:00 勾选不合格" for day in range(1, 6))
    shown = deduction(code, **{count_field: 5, reasons_field: reasons})
    assert shown.detail.endswith("：" + "；".join(reasons[:3]) + " 等 5 项")
    one = deduction(code, **{count_field: 1, reasons_field: reasons[:1]})
    assert one.detail.endswith("：" + reasons[0])


def test_ticks_scanned_far_from_their_post_name_the_post_and_period_never_the_position():
    reasons = tuple(
        f"灶台岗 2026-11-{day:02d}#1 扫码位置距岗位超过 200 米（位置异常）" for day in (1, 2)
    )
    shown = deduction("suspicious_ticks", suspicious_ticks_30d=2, suspicious_tick_reasons=reasons)
    assert shown.points == -4.0
    assert shown.detail.endswith("：" + "；".join(reasons))


def test_the_late_report_hours_and_the_weights_of_both_rules_are_data():
    strict = ScoreWeights(late_report_each=3, missed_report_each=4, report_within_hours=8)
    score = score_day(facts(late_reports_30d=1, missed_reports_30d=1), strict)
    assert (line(score.deductions, "late_report").points, score.total) == (-3.0, 93.0)
    with pytest.raises(ValidationError):
        ScoreWeights(report_within_hours=0)


def test_the_total_never_goes_below_zero():
    score = score_day(facts(concealments_30d=11, card_outcomes_30d=OutcomeCounts(missed=5)))
    assert score.total == 0.0
    assert score.tier is ScoreTier.RED


def test_the_lines_on_screen_add_up_to_the_total():
    score = score_day(
        facts(
            manager_login_days_30d=20,
            card_outcomes_30d=OutcomeCounts(on_time=1, missed=2),
            hazards_due_30d=3,
            hazards_closed_on_time_30d=1,
            suspicious_ticks_30d=1,
        )
    )
    lines = (*score.components, *score.deductions)
    assert score.total == round(sum(x.points for x in lines), 1) == 57.5


# --- tiers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "tier"),
    [
        (100.0, ScoreTier.GREEN),
        (90.0, ScoreTier.GREEN),
        (89.9, ScoreTier.YELLOW),
        (75.0, ScoreTier.YELLOW),
        (74.9, ScoreTier.ORANGE),
        (60.0, ScoreTier.ORANGE),
        (59.9, ScoreTier.RED),
        (0.0, ScoreTier.RED),
    ],
)
def test_each_tier_threshold_belongs_to_the_better_tier(total, tier):
    assert tier_for(total) is tier


@pytest.mark.parametrize(
    ("overrides", "total", "tier"),
    [
        ({"overdue_general_hazards": 5}, 90.0, ScoreTier.GREEN),
        ({"overdue_general_hazards": 5, "manager_login_days_30d": 20}, 89.5, ScoreTier.YELLOW),
        ({"overdue_major_hazards": 2, "overdue_general_hazards": 3}, 74.0, ScoreTier.ORANGE),
        ({"concealments_30d": 4}, 60.0, ScoreTier.ORANGE),
        ({"concealments_30d": 4, "suspicious_ticks_30d": 1}, 58.0, ScoreTier.RED),
    ],
)
def test_a_days_tier_follows_its_displayed_total(overrides, total, tier):
    score = score_day(facts(**overrides))
    assert (score.total, score.tier) == (total, tier)


def test_custom_tier_thresholds_are_used():
    strict = ScoreWeights(green_from=95, yellow_from=80, orange_from=65)
    assert score_day(facts(suspicious_ticks_30d=3), strict).tier is ScoreTier.YELLOW
    assert tier_for(64.9, strict) is ScoreTier.RED


# --- lights ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "codes"),
    [
        # 🔴 any overdue major hazard.
        ({"overdue_major_hazards": 1}, ["overdue_major"]),
        ({"overdue_major_hazards": 0}, []),
        # 🔴 any concealment.
        ({"concealments_30d": 1}, ["concealment"]),
        # 🔴 completion < 50 % for 7 days in a row; 6 days is a near miss.
        ({"consecutive_low_completion_days": 7}, ["low_completion_7d"]),
        ({"consecutive_low_completion_days": 6}, []),
        # 🔴 an unreported major hazard found by enforcement.
        ({"unreported_majors_found_30d": 1}, ["unreported_major"]),
        # 🟡 three overdue general hazards; two is a near miss.
        ({"overdue_general_hazards": 3}, ["overdue_general_3"]),
        ({"overdue_general_hazards": 2}, []),
        # 🟡 no manager log-in for 7 days; 6 is a near miss.
        ({"days_since_manager_login": 7}, ["no_manager_login_7d"]),
        ({"days_since_manager_login": 6}, []),
        # Never logged in: counted from the day the enterprise joined.
        ({"days_since_manager_login": None, "days_active": 7}, ["no_manager_login_7d"]),
        ({"days_since_manager_login": None, "days_active": 6}, []),
        # 🔴 未使用系统: no active account at all, at once ...
        ({"active_accounts": 0}, ["unused_system"]),
        # ... or nobody ticked a card or signed in for 30 days; 29 is a near miss.
        ({"days_since_last_use": 30}, ["unused_system"]),
        ({"days_since_last_use": 29}, []),
        # Never used: counted from the day the enterprise joined (its import, at the latest).
        ({"days_since_last_use": None, "days_active": 30}, ["unused_system"]),
        ({"days_since_last_use": None, "days_active": 29}, []),
    ],
)
def test_each_light_fires_at_its_trigger_and_not_just_below(overrides, codes):
    assert light_codes(**overrides) == codes


def clean_but_silent(**overrides: Any) -> dict[str, Any]:
    """Facts of an enterprise that ticks 90 % of its cards and has found nothing for 30 days."""
    fields: dict[str, Any] = {
        "card_outcomes_30d": OutcomeCounts(on_time=90, missed=10),
        "days_since_last_self_reported_hazard": 30,
        "valid_self_reported_hazards_30d": 0,
        "has_red_or_orange_point": True,
    }
    fields.update(overrides)
    return fields


@pytest.mark.parametrize(
    ("overrides", "lit"),
    [
        ({}, True),
        ({"days_since_last_self_reported_hazard": 29}, False),
        ({"days_since_last_self_reported_hazard": 200}, True),
        # 90 % completion lights it; 89 % does not.
        ({"card_outcomes_30d": OutcomeCounts(on_time=89, missed=11)}, False),
        ({"card_outcomes_30d": OutcomeCounts(on_time=80, late=20)}, True),
        ({"card_outcomes_30d": OutcomeCounts(on_time=80, late=19, missed=1)}, False),
        ({"card_outcomes_30d": OutcomeCounts()}, False),
        # Only where there is a red or orange risk point.
        ({"has_red_or_orange_point": False}, False),
        # 十小 places get 60 days.
        ({"is_small_place": True}, False),
        ({"is_small_place": True, "days_since_last_self_reported_hazard": 59}, False),
        ({"is_small_place": True, "days_since_last_self_reported_hazard": 60}, True),
        # ... with or without a red or orange point: a 十小 place seldom has one.
        (
            {
                "is_small_place": True,
                "days_since_last_self_reported_hazard": 60,
                "has_red_or_orange_point": False,
            },
            True,
        ),
        # Never reported: counted from the day the enterprise joined.
        ({"days_since_last_self_reported_hazard": None, "days_active": 30}, True),
        ({"days_since_last_self_reported_hazard": None, "days_active": 29}, False),
    ],
)
def test_the_suspicious_zero_hazard_light_needs_long_silence_full_ticks_and_real_risk(
    overrides, lit
):
    codes = light_codes(**clean_but_silent(**overrides))
    assert codes == (["suspicious_zero_hazards"] if lit else [])


def test_all_lights_come_red_first_in_handbook_order_with_reasons_in_both_languages():
    score = score_day(
        facts(
            **clean_but_silent(),
            overdue_major_hazards=2,
            concealments_30d=1,
            consecutive_low_completion_days=9,
            unreported_majors_found_30d=1,
            overdue_general_hazards=4,
            days_since_manager_login=12,
            active_accounts=0,
        )
    )
    assert [(light.colour, light.code) for light in score.lights] == [
        (LightColour.RED, "overdue_major"),
        (LightColour.RED, "concealment"),
        (LightColour.RED, "low_completion_7d"),
        (LightColour.RED, "unreported_major"),
        (LightColour.RED, "unused_system"),
        (LightColour.YELLOW, "suspicious_zero_hazards"),
        (LightColour.YELLOW, "overdue_general_3"),
        (LightColour.YELLOW, "no_manager_login_7d"),
    ]
    reasons = {light.code: (light.reason_zh, light.reason_en) for light in score.lights}
    assert reasons["overdue_major"] == ("2 项重大隐患逾期未整改", "2 major hazard(s) overdue")
    assert reasons["low_completion_7d"] == (
        "检查卡完成率连续 9 天低于 50%",
        "card completion below 50% for 9 days in a row",
    )
    assert reasons["no_manager_login_7d"][0] == "安全负责人 12 天未登录"
    assert all(zh and en for zh, en in reasons.values())


def test_lights_are_independent_of_the_score():
    score = score_day(facts(overdue_general_hazards=3))
    assert score.tier is ScoreTier.GREEN
    assert [light.code for light in score.lights] == ["overdue_general_3"]


@pytest.mark.parametrize(
    ("ratio", "low"),
    [(None, False), (0.0, True), (0.49, True), (0.5, False), (1.0, False)],
)
def test_a_low_completion_day_is_below_half_and_a_day_owing_nothing_is_not_low(ratio, low):
    assert is_low_completion_day(ratio) is low


# --- month -----------------------------------------------------------------------------------


def day_score(day: date, total: float, tenant: str = TENANT) -> DayScore:
    return DayScore(
        tenant=TenantId(tenant),
        day=day,
        total=total,
        tier=tier_for(total),
        components=(),
        deductions=(),
        lights=(),
    )


@pytest.mark.parametrize(
    ("totals", "mean"),
    [
        ([100.0], 100.0),
        ([100.0, 80.0], 90.0),
        ([90.0, 90.0, 89.9], 90.0),  # 89.97 rounded
        ([60.0, 59.9, 59.9], 59.9),  # 59.93 rounded
        ([0.0, 0.0, 1.0], 0.3),
    ],
)
def test_the_monthly_score_is_the_mean_of_the_days(totals, mean):
    scores = [day_score(DAY + timedelta(days=n), total) for n, total in enumerate(totals)]
    assert monthly_score(scores) == mean


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ([], "at least one day"),
        ([day_score(DAY, 90), day_score(DAY + timedelta(days=1), 90, "other")], "several"),
        ([day_score(DAY, 90), day_score(DAY, 80)], "twice"),
    ],
)
def test_a_monthly_score_needs_distinct_days_of_one_enterprise(scores, message):
    with pytest.raises(InvalidInput, match=message):
        monthly_score(scores)


# --- properties ------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=60)


@st.composite
def any_facts(draw: st.DrawFn) -> EnterpriseDayFacts:
    """Any consistent facts, from a model enterprise to a disaster."""
    working = draw(counts)
    due = draw(counts)
    majors = draw(counts)
    has_red = draw(st.booleans())
    return EnterpriseDayFacts(
        day=draw(st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31))),
        tenant=TENANT,
        is_small_place=draw(st.booleans()),
        days_active=draw(st.integers(min_value=1, max_value=2000)),
        working_days_30d=working,
        manager_login_days_30d=draw(st.integers(0, working)),
        days_since_manager_login=draw(st.none() | counts),
        card_outcomes_30d=OutcomeCounts(
            on_time=draw(st.integers(0, 500)),
            late=draw(st.integers(0, 500)),
            missed=draw(st.integers(0, 500)),
        ),
        consecutive_low_completion_days=draw(counts),
        valid_self_reported_hazards_30d=draw(counts),
        days_since_last_self_reported_hazard=draw(st.none() | counts),
        hazards_due_30d=due,
        hazards_closed_on_time_30d=draw(st.integers(0, due)),
        major_hazards_30d=majors,
        major_hazards_compliant_30d=draw(st.integers(0, majors)),
        risk_list_reviewed_within_12_months=draw(st.booleans()),
        has_red_or_orange_point=has_red,
        red_orange_points_without_card=draw(counts) if has_red else 0,
        overdue_general_hazards=draw(counts),
        overdue_major_hazards=draw(st.integers(0, 5)),
        concealments_30d=draw(st.integers(0, 5)),
        suspicious_ticks_30d=draw(counts),
        suspicious_tick_reasons=(),
        unreported_majors_found_30d=draw(st.integers(0, 3)),
        concealment_reasons=(),
        late_reports_30d=draw(counts),
        late_report_reasons=(),
        missed_reports_30d=draw(counts),
        missed_report_reasons=(),
        active_accounts=draw(counts),
        place_kinds=("manufacturing",),
        days_since_last_use=draw(st.none() | counts),
    )


@given(day_facts=any_facts())
def test_the_score_always_lies_between_0_and_100_with_a_matching_tier(day_facts):
    score = score_day(day_facts)
    assert 0.0 <= score.total <= 100.0
    assert score.total == round(score.total, 1)
    assert score.tier is tier_for(score.total)
    for x in score.components:
        assert x.max_points is not None
        assert 0.0 <= x.points <= x.max_points
    for x in score.deductions:
        assert x.points <= 0.0
        assert x.max_points is None or -x.points <= x.max_points


@given(day_facts=any_facts(), extra=st.integers(min_value=1, max_value=50))
def test_more_on_time_ticks_never_lower_the_score(day_facts, extra):
    counts_now = day_facts.card_outcomes_30d
    more = counts_now.model_copy(update={"on_time": counts_now.on_time + extra})
    better = day_facts.model_copy(update={"card_outcomes_30d": more})
    assert score_day(better).total >= score_day(day_facts).total


@given(day_facts=any_facts(), st_data=st.data())
def test_turning_missed_ticks_into_on_time_ones_never_lowers_the_score(day_facts, st_data):
    before = day_facts.card_outcomes_30d
    moved = st_data.draw(st.integers(min_value=0, max_value=before.missed))
    after = OutcomeCounts(
        on_time=before.on_time + moved, late=before.late, missed=before.missed - moved
    )
    better = day_facts.model_copy(update={"card_outcomes_30d": after})
    assert score_day(better).total >= score_day(day_facts).total


@given(day_facts=any_facts())
def test_the_monthly_score_of_one_day_is_that_days_total(day_facts):
    score = score_day(day_facts)
    assert monthly_score([score]) == score.total


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"active_accounts": 0}, "未使用系统：无有效账号"),
        ({"days_since_last_use": 31}, "未使用系统：31 天无人打卡、无人登录"),
    ],
)
def test_the_unused_system_light_says_why(overrides, reason):
    [light] = score_day(facts(**overrides)).lights
    assert (light.colour, light.code, light.reason_zh) == (LightColour.RED, "unused_system", reason)


def test_the_unused_system_window_is_data():
    weights = ScoreWeights(unused_days=10)
    assert [lit.code for lit in score_day(facts(days_since_last_use=10), weights).lights] == [
        "unused_system"
    ]
    with pytest.raises(ValidationError):
        ScoreWeights(unused_days=31)  # longer than the 30 days of ticks the facts read


SMALL_SILENT = {"is_small_place": True, "has_red_or_orange_point": False}
QUIET = "days_since_last_self_reported_hazard"


@pytest.mark.parametrize(
    ("overrides", "weights", "lit"),
    [
        # A kind of place may have its own window: the 十小 kind first, then the industry.
        (
            {"place_kinds": ("restaurant", "small_place"), QUIET: 45},
            {"zero_hazard_days_by_kind": {"restaurant": 45, "small_place": 90}},
            True,
        ),
        (
            {"place_kinds": ("lodging", "small_place"), QUIET: 60},
            {"zero_hazard_days_by_kind": {"restaurant": 45, "small_place": 90}},
            False,
        ),
        (
            {"place_kinds": ("catering",), "is_small_place": False, "has_red_or_orange_point": True,
             QUIET: 20},
            {"zero_hazard_days_by_kind": {"catering": 20}},
            True,
        ),
        # A city may ask 十小 places for a 🟥/🟧 point too, as before.
        (
            {QUIET: 60},
            {"zero_hazard_small_needs_serious_point": True},
            False,
        ),
    ],
)  # fmt: skip
def test_the_zero_hazard_windows_are_data_for_every_kind_of_place(overrides, weights, lit):
    day = facts(**clean_but_silent(**(SMALL_SILENT | overrides)))
    codes = [light.code for light in score_day(day, ScoreWeights(**weights)).lights]
    assert codes == (["suspicious_zero_hazards"] if lit else [])


def test_the_zero_hazard_colour_is_data_and_a_red_one_sorts_with_the_red_lights():
    day = facts(**clean_but_silent(overdue_general_hazards=3, concealments_30d=1))
    weights = ScoreWeights(zero_hazard_colour=LightColour.RED)
    assert [(lit.colour, lit.code) for lit in score_day(day, weights).lights] == [
        (LightColour.RED, "concealment"),
        (LightColour.RED, "suspicious_zero_hazards"),
        (LightColour.YELLOW, "overdue_general_3"),
    ]
