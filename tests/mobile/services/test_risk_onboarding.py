"""双清单 onboarding on the phone: the risk list proposed from the library, confirmed, saved."""

from __future__ import annotations

import pytest

from mobile.services.catalog import my_posts
from mobile.services.risk_loop import local_risks
from mobile.services.risk_onboarding import adopt_risk_list, listed_names, propose_risk_list
from shared.errors import NotPermitted
from shared.events import EventType
from shared.org import SmallPlaceKind
from shared.payloads import MeasureKind
from shared.risk import RiskColour
from sync_server.standards import shipped_library
from tests.mobile.world import MANAGER, WORKER

LIBRARY = shipped_library()


def test_a_restaurant_is_proposed_its_typical_risks_each_at_the_post_that_checks_it(kitchen):
    posts = my_posts(kitchen.store, MANAGER)
    proposal = {
        p.risk.code: p for p in propose_risk_list(LIBRARY, SmallPlaceKind.RESTAURANT, posts)
    }
    assert set(proposal) == {r.code for r in LIBRARY.risks_for(SmallPlaceKind.RESTAURANT)}
    assert proposal["FX-01"].post_id == "P-STOVE"  # the stove card checks the gas (PC-11-0x)
    assert proposal["FX-06"].post_id is None  # no card checks 住人 yet: the whole place
    gas = proposal["FX-01"]
    assert (gas.likelihood, gas.severity, gas.keep) == (3, 5, True)


def test_the_kept_risks_become_risk_points_at_the_grade_the_manager_confirmed(kitchen):
    posts = my_posts(kitchen.store, MANAGER)
    proposal = propose_risk_list(LIBRARY, SmallPlaceKind.RESTAURANT, posts)
    gas, *others = proposal
    gas.likelihood = 4  # the manager judges it likelier: R = 4 × 5 = 20
    for other in others[1:]:
        other.keep = False

    made = adopt_risk_list(kitchen, MANAGER, proposal, posts)

    risks = local_risks(kitchen)
    assert sorted(risks) == sorted(made) and len(made) == 2
    point = risks[made[0]]
    assert (point.name, point.grade.colour, point.post_id) == (
        "瓶装液化气及燃气管路",
        RiskColour.RED,
        "P-STOVE",
    )
    assert point.workshop_id == posts[0].post.workshop_id
    assert point.control_goal and point.five_high.value == "material"
    kinds = [m.kind for m in point.measures]
    assert kinds == [MeasureKind.ENGINEERING, MeasureKind.MANAGEMENT, MeasureKind.EMERGENCY]


def test_the_first_control_measure_is_checked_by_the_post_cards_items_from_its_standards(kitchen):
    posts = my_posts(kitchen.store, MANAGER)
    [gas] = propose_risk_list(LIBRARY, SmallPlaceKind.RESTAURANT, posts)[:1]
    [made] = adopt_risk_list(kitchen, MANAGER, [gas], posts)
    engineering, management, emergency = local_risks(kitchen)[made].measures
    stove = posts[0].card
    assert stove is not None
    expected = {(stove.id, item.id) for item in stove.items if item.standard in gas.risk.standards}
    assert {(c.card_id, c.item_id) for c in engineering.checks} == expected != set()
    assert management.checks == () and emergency.checks == ()


def test_every_step_is_a_risk_event_queued_for_the_server(kitchen):
    posts = my_posts(kitchen.store, MANAGER)
    adopt_risk_list(
        kitchen, MANAGER, propose_risk_list(LIBRARY, SmallPlaceKind.RESTAURANT, posts)[:1], posts
    )
    kinds = [e.type for e in kitchen.pending()]
    assert kinds == [EventType.RISK_IDENTIFIED] + [EventType.RISK_MEASURE_ADDED] * 3


def test_a_risk_already_on_the_list_is_not_proposed_again(kitchen):
    posts = my_posts(kitchen.store, MANAGER)
    first = propose_risk_list(LIBRARY, SmallPlaceKind.RESTAURANT, posts)
    adopt_risk_list(kitchen, MANAGER, first[:2], posts)
    again = propose_risk_list(
        LIBRARY, SmallPlaceKind.RESTAURANT, posts, listed_names(kitchen, MANAGER)
    )
    assert [p.risk.code for p in again] == [p.risk.code for p in first[2:]]


def test_a_worker_cannot_build_the_risk_list_and_nothing_is_queued(kitchen):
    posts = my_posts(kitchen.store, MANAGER)
    with pytest.raises(NotPermitted):
        adopt_risk_list(
            kitchen, WORKER, propose_risk_list(LIBRARY, SmallPlaceKind.RESTAURANT, posts), posts
        )
    assert kitchen.pending() == []


def test_a_list_with_nothing_kept_is_not_saved(kitchen):
    posts = my_posts(kitchen.store, MANAGER)
    proposal = propose_risk_list(LIBRARY, SmallPlaceKind.RESTAURANT, posts)
    for line in proposal:
        line.keep = False
    with pytest.raises(ValueError, match="at least one"):
        adopt_risk_list(kitchen, MANAGER, proposal, posts)
    assert kitchen.pending() == []
