"""本企业: risk points by colour and every post's cards today, from the phone's data."""

from __future__ import annotations

from mobile.local_record import LocalRecord
from mobile.services.actions import CardTick, tick_card
from mobile.services.catalog import my_posts
from mobile.services.enterprise import enterprise_day, enterprise_hazards, risk_points
from mobile.services.today import Standing, plan_today
from mobile.store import MemoryStore
from shared.cards import ItemResult
from shared.lifecycle import HazardStatus
from shared.risk import RiskColour
from tests.mobile.stories import story
from tests.mobile.world import LATHES, MANAGER, MONDAY_10, WORKER


def test_the_kitchens_risk_points_are_grouped_by_colour_gravest_first(kitchen):
    groups = risk_points(kitchen, MANAGER)
    assert [colour for colour, _ in groups] == sorted(
        (colour for colour, _ in groups),
        key=[RiskColour.RED, RiskColour.ORANGE, RiskColour.YELLOW, RiskColour.BLUE].index,
    )
    names = [point.name for _, points in groups for point in points]
    assert "后厨燃气灶台" in names


def test_a_phone_without_reference_data_says_so():
    empty = LocalRecord(MemoryStore(device_id="phone-test"))
    day = enterprise_day(empty, MANAGER, MONDAY_10)
    assert not day.has_reference and day.posts == () and day.risks == ()


def test_a_posts_progress_counts_what_any_phone_ticked_today(kitchen):
    before = enterprise_day(kitchen, MANAGER, MONDAY_10)
    [stove] = before.posts
    assert stove.done == 0 and stove.total > 0 and stove.share == 0.0
    [post] = my_posts(kitchen.store, WORKER)
    [day] = plan_today(kitchen, [post], MONDAY_10).posts
    card = next(c for c in day.cards if c.standing is Standing.DUE)
    instance = card.instance
    assert post.card is not None
    tick_card(
        kitchen,
        WORKER,
        CardTick(
            post_id=post.post.id,
            card_id=post.card.id,
            card_version=post.card.version,
            period=instance.period,
            results=dict.fromkeys(instance.item_ids, ItemResult.PASS),
            started_at=MONDAY_10,
            completed_at=MONDAY_10,
        ),
    )
    [after] = enterprise_day(kitchen, MANAGER, MONDAY_10).posts
    assert after.done == 1 and after.total == stove.total
    assert after.share == 1 / (after.done + after.due + after.overdue)


def test_the_hazard_tab_lists_every_hazard_of_the_enterprise_waiting_ones_first(kitchen):
    story(kitchen, "YH-1", "assign")  # assigned to worker1: not the manager's own
    story(kitchen, "YH-2", "assign start rectify")
    story(kitchen, "YH-3", "assign", tenant=LATHES)
    groups = enterprise_hazards(kitchen, MANAGER, MONDAY_10)
    assert [(status, [r.hazard.id for r in rows]) for status, rows in groups] == [
        (HazardStatus.AWAITING_ACCEPTANCE, ["YH-2"]),
        (HazardStatus.TO_RECTIFY, ["YH-1"]),
    ]
