"""An enterprise's records become the scoring contract's facts for a day."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.cards import Frequency, HazardGrade, ItemResult
from shared.completion import PostCard, Ticks, owed
from shared.facts import EnterpriseRecords, _flat, _working_days, day_facts, is_small_place
from shared.geo import Position
from shared.hazard_facts import HazardFacts, HazardView
from shared.ids import GridUnitId, HazardId, ItemId, PostId, RiskPointId, TenantId, WorkshopId
from shared.lifecycle import HazardStatus
from shared.org import Enterprise, Industry, Post, RiskPoint, SmallPlaceKind
from shared.payloads import HazardSource
from shared.reporting import ReportingFacts
from shared.risk import ControlLevel, grade_ls
from shared.roles import Role
from shared.scoring import score_day
from shared.window import Window
from shared.workdays import CN_CALENDAR
from tests.shared.test_completion import make_card, ticks
from tests.sync_server.builders import credit_code

DAY = date(2026, 11, 27)  # a Friday
TENANT = TenantId("T1")
CARD = make_card(Frequency.PER_SHIFT, Frequency.DAILY)
POST = Post(
    id=PostId("P1"), tenant=TENANT, workshop_id=WorkshopId("W1"), name="岗", card_id=CARD.id
)


def company(**changes) -> Enterprise:
    fields = {
        "id": TENANT,
        "name": "测试厂",
        "credit_code": credit_code("91130300MA0000001"),
        "grid_unit_id": GridUnitId("V1"),
        "industry": Industry.MANUFACTURING,
        "staff_count": 40,
    }
    return Enterprise(**(fields | changes))


def point(colour_ls: tuple[int, int], *, post: PostId | None, workshop: str | None) -> RiskPoint:
    return RiskPoint(
        id=RiskPointId(f"R{colour_ls}{post}{workshop}"),
        tenant=TENANT,
        post_id=post,
        workshop_id=WorkshopId(workshop) if workshop else None,
        name="风险",
        ls=grade_ls(*colour_ls),
        control_level=ControlLevel.WORKSHOP,
    )


def records(**changes) -> EnterpriseRecords:
    window = Window(DAY)
    done = {
        (POST.id, i.period): ticks(i.period, i.opens_at + timedelta(hours=1), i.item_ids)
        for i in owed(PostCard(POST.id, CARD), window)
    }
    base: dict[str, Any] = {
        "enterprise": company(),
        "joined_on": date(2025, 1, 1),
        "posts": (POST,),
        "cards": {CARD.id: CARD},
        "risk_points": (point((3, 5), post=POST.id, workshop=None),),
        "risk_list_reviewed_on": date(2026, 6, 1),
        "ticks": done,
        "manager_sign_ins": frozenset(DAY - timedelta(days=n) for n in range(0, 40, 2)),
        "active_accounts": 2,
    }
    return EnterpriseRecords(**(base | changes))


def test_a_diligent_enterprise_without_hazards_gets_full_cards_and_the_yellow_light():
    facts = day_facts(records(), DAY)
    assert facts.card_outcomes_30d.ratio() == 1.0
    assert facts.working_days_30d == 22 and facts.manager_login_days_30d == 11
    assert (
        facts.days_since_manager_login == 0 and facts.days_since_last_self_reported_hazard is None
    )
    assert facts.days_active == 696 and facts.has_red_or_orange_point
    assert [light.code for light in score_day(facts).lights] == ["suspicious_zero_hazards"]


def test_a_new_enterprise_is_active_from_its_joining_day_and_owes_nothing_before():
    facts = day_facts(records(joined_on=DAY, manager_sign_ins=frozenset()), DAY)
    assert facts.days_active == 1
    assert (
        facts.card_outcomes_30d.scheduled == 1
    )  # today's shift; today's daily card is due tomorrow
    assert facts.days_since_manager_login is None


@pytest.mark.parametrize(
    ("points", "uncovered"),
    [
        ((point((3, 5), post=PostId("P1"), workshop=None),), 0),
        ((point((3, 5), post=PostId("P9"), workshop=None),), 1),  # a post without a card
        ((point((4, 5), post=None, workshop="W1"),), 0),  # the workshop has a carded post
        ((point((4, 5), post=None, workshop=None),), 1),
        ((point((1, 2), post=None, workshop=None),), 0),  # blue: needs no card
    ],
)
def test_serious_risk_points_need_a_card_on_their_post_or_workshop(points, uncovered):
    assert day_facts(records(risk_points=points), DAY).red_orange_points_without_card == uncovered


def test_a_risk_list_reviewed_more_than_a_year_ago_is_stale():
    stale = day_facts(records(risk_list_reviewed_on=date(2025, 11, 27)), DAY)
    assert not stale.risk_list_reviewed_within_12_months
    assert day_facts(records(), DAY).risk_list_reviewed_within_12_months


@pytest.mark.parametrize(
    ("changes", "small"),
    [
        ({}, False),
        ({"staff_count": 9}, True),
        ({"industry": Industry.SMALL_PLACE, "small_place_kind": SmallPlaceKind.SHOP}, True),
    ],
)
def test_small_places_and_micro_businesses_are_scored_as_small(changes, small):
    assert is_small_place(company(**changes)) is small


def test_ticks_from_other_posts_are_kept_apart_for_concealment():
    other = Ticks(
        PostId("P2"), "2026-11-27", datetime(2026, 11, 27, 9), datetime(2026, 11, 27, 9), {}
    )
    mixed = records(ticks={**records().ticks, (PostId("P2"), "2026-11-27"): other})
    assert day_facts(mixed, DAY).card_outcomes_30d == day_facts(records(), DAY).card_outcomes_30d


@pytest.mark.parametrize(
    ("changes", "since"),
    [
        ({}, 0),  # ticked and signed in today
        ({"ticks": {}}, 0),  # the manager signed in today
        ({"ticks": {}, "manager_sign_ins": frozenset()}, None),  # nothing in the window
        ({"ticks": {}, "manager_sign_ins": frozenset(), "last_sign_in": date(2026, 11, 15)}, 12),
        ({"manager_sign_ins": frozenset()}, 0),  # the cards alone are use
    ],
)  # fmt: skip
def test_use_is_the_last_card_tick_or_sign_in_of_anyone_of_the_enterprise(changes, since):
    assert day_facts(records(**changes), DAY).days_since_last_use == since


def test_the_active_accounts_are_carried_into_the_facts():
    assert day_facts(records(active_accounts=0), DAY).active_accounts == 0


def test_a_small_place_with_no_serious_point_that_finds_nothing_for_60_days_is_lit():
    small = company(industry=Industry.SMALL_PLACE, small_place_kind=SmallPlaceKind.RESTAURANT)
    facts = day_facts(records(enterprise=small, risk_points=(), joined_on=date(2026, 9, 1)), DAY)
    assert facts.place_kinds == ("restaurant", "small_place")
    assert not facts.has_red_or_orange_point
    assert [light.code for light in score_day(facts).lights] == ["suspicious_zero_hazards"]


def _failed(done: dict[tuple[PostId, str], Ticks], on: date) -> datetime:
    """Tick the daily item 不合格 on ``on`` instead of 合格; when it was ticked."""
    item = ItemId("2")
    key = next(
        k for k, t in sorted(done.items()) if item in t.ticked and t.ticked[item][1].date() == on
    )
    at = done[key].ticked[item][1]
    done[key] = replace(done[key], ticked={**done[key].ticked, item: (ItemResult.FAIL, at)})
    return at


def test_a_fail_tick_never_reported_is_a_missed_report_named_by_its_item():
    done = dict(records().ticks)
    at = _failed(done, date(2026, 11, 20))
    facts = day_facts(records(ticks=done), DAY)
    assert (facts.missed_reports_30d, facts.late_reports_30d) == (1, 0)
    assert facts.missed_report_reasons[0].startswith(f"“检查” {at:%m-%d %H:%M} 勾选不合格")


def test_a_fail_reported_after_a_second_fail_a_day_later_is_a_late_report():
    done = dict(records().ticks)
    first = _failed(done, date(2026, 11, 20))
    second = _failed(done, date(2026, 11, 21))
    late = HazardView(
        id=HazardId("H1"),
        grade=HazardGrade.GENERAL,
        status=HazardStatus.REGISTERED,
        source=HazardSource.ROUTINE,
        reporter_role=Role.WORKER,
        reported_at=second + timedelta(hours=1),
        post_id=POST.id,
        item_id=ItemId("2"),
        deadline=None,
        accepted_at=None,
        major_since=second,
        authority_reported_at=None,
        plan_attached_at=None,
        confirmed_by_inspector=False,
    )
    reported = day_facts(records(ticks=done, hazards=(late,)), DAY)
    assert (reported.missed_reports_30d, reported.late_reports_30d) == (0, 1)
    assert f"{first:%m-%d %H:%M} 发现" in reported.late_report_reasons[0]
    assert [d.points for d in score_day(reported).deductions if d.code == "late_report"] == [-1.0]


# --- the night's shortcuts give what the plain forms gave (issue 16, scoring speed) ------------


@given(st.builds(HazardFacts), st.builds(ReportingFacts))
def test_the_facts_are_spread_into_the_day_as_asdict_would_spread_them(hazard, reporting):
    assert _flat(hazard) == asdict(hazard)
    assert _flat(reporting) == asdict(reporting)


@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)))
def test_the_windows_working_days_counted_once_are_the_calendars(day):
    window = Window(day)

    assert list(_working_days(CN_CALENDAR, window)) == CN_CALENDAR.working_days(window.days())


def test_a_card_scanned_far_from_its_located_post_is_a_suspicious_tick_with_a_reason():
    located = POST.model_copy(update={"latitude": 39.9354, "longitude": 119.6005})
    far_away = Position(latitude=39.9454, longitude=119.6005)  # about 1.1 km north
    done = dict(records().ticks)
    key = (POST.id, f"{DAY.isoformat()}#1")
    done[key] = replace(done[key], locations=(far_away,))
    facts = day_facts(records(posts=(located,), ticks=done), DAY)
    assert facts.suspicious_ticks_30d == 1
    assert facts.suspicious_tick_reasons == (
        f"岗 {DAY.isoformat()}#1 扫码位置距岗位超过 200 米（位置异常）",
    )
    assert "39.9" not in "".join(facts.suspicious_tick_reasons)
    [line] = [d for d in score_day(facts).deductions if d.code == "suspicious_ticks"]
    assert line.points == -2.0 and "岗" in line.detail


def test_without_the_posts_coordinates_a_far_scan_is_not_counted():
    far_away = Position(latitude=39.9454, longitude=119.6005)
    done = dict(records().ticks)
    key = (POST.id, f"{DAY.isoformat()}#1")
    done[key] = replace(done[key], locations=(far_away,))
    facts = day_facts(records(ticks=done), DAY)
    assert (facts.suspicious_ticks_30d, facts.suspicious_tick_reasons) == (0, ())
