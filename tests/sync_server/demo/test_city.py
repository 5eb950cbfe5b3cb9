"""The demo city has what every screen needs: a grid, varied enterprises, cards, risks, people."""

from __future__ import annotations

from collections import Counter

from shared.org import GridLevel, Industry
from shared.risk import RiskColour
from shared.roles import Role
from sync_server.demo import KITCHEN, LATHES, demo_reference
from sync_server.demo.city import ACCOUNTS
from sync_server.standards import shipped_library

CITY = demo_reference()


def test_the_grid_has_two_counties_four_townships_and_six_villages():
    levels = Counter(unit.level for unit in CITY.grid_unit)
    assert levels == {
        GridLevel.CITY: 1,
        GridLevel.COUNTY: 2,
        GridLevel.TOWNSHIP: 4,
        GridLevel.VILLAGE: 6,
    }


def test_there_are_twelve_enterprises_across_industries_and_four_kinds_of_small_place():
    industries = Counter(e.industry for e in CITY.enterprise)
    assert len(CITY.enterprise) >= 12
    for industry in (Industry.CATERING, Industry.METALWORKING, Industry.WAREHOUSING,
                     Industry.HAZARDOUS_CHEMICALS):  # fmt: skip
        assert industries[industry] >= 1
    kinds = {e.small_place_kind for e in CITY.enterprise if e.industry is Industry.SMALL_PLACE}
    assert len(kinds) >= 4


def test_every_enterprise_has_workshops_posts_cards_and_graded_risk_points():
    for company in CITY.enterprise:
        for kind in ("workshop", "post", "card", "risk_point"):
            owners = {getattr(record, "tenant", None) for record in CITY.of(kind)}
            assert company.id in owners, (company.name, kind)
    cards = {card.id for card in CITY.card}
    assert all(post.card_id in cards for post in CITY.post)
    assert {point.colour for point in CITY.risk_point} == set(RiskColour)
    assert any(p.lec for p in CITY.risk_point) and any(p.ls for p in CITY.risk_point)


def test_the_four_handbook_cards_have_ten_items_and_the_small_places_the_21_standards():
    sizes: dict[str, int] = {card.id: len(card.items) for card in CITY.card}
    for card in ("CARD-STOVE", "CARD-LATHE", "CARD-FORKLIFT", "CARD-CHEM"):
        assert sizes[card] == 10
    small = [card for card in CITY.card if card.id.endswith("-21")]
    assert len(small) >= 4 and all(len(card.items) == 21 for card in small)


def test_the_first_tests_accounts_keep_their_meaning():
    scope = {user: (role, tenant, grid) for user, role, tenant, grid, _ in ACCOUNTS}
    assert scope["worker1"] == (Role.WORKER, KITCHEN, None)
    assert scope["manager2"] == (Role.SAFETY_MANAGER, LATHES, None)
    assert scope["inspector1"] == (Role.INSPECTOR, None, "X-HG")
    assert scope["regulator1"] == (Role.REGULATOR, None, "C-QH")
    assert [p.id for p in CITY.post if p.tenant == KITCHEN] == ["P-STOVE"]


def test_every_enterprise_has_a_worker_and_a_safety_manager_and_every_role_someone():
    roles = Counter(role for _, role, _, _, _ in ACCOUNTS)
    assert set(roles) == set(Role)
    for company in CITY.enterprise:
        staff = {role for _, role, tenant, _, _ in ACCOUNTS if tenant == company.id}
        assert staff == {Role.WORKER, Role.SAFETY_MANAGER}, company.name


def test_every_card_item_comes_from_a_library_standard_and_names_its_five_high_element():
    library = shipped_library()
    for card in CITY.card:
        for item in card.items:
            assert item.standard is not None, (card.id, item.id)
            standard = library.standard(item.standard)
            assert (item.standard_version, item.five_high) == (library.version, standard.five_high)


def test_the_small_place_card_is_the_librarys_21_standards_in_order():
    card = next(c for c in CITY.card if c.id == "CARD-INN-21")
    assert [i.standard for i in card.items] == [
        s.code for s in shipped_library().small_place_standards
    ]


def test_every_risk_point_names_its_five_high_element_and_control_goal():
    assert all(p.five_high is not None and p.control_goal for p in CITY.risk_point)
