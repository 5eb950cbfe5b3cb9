from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from shared.errors import InvalidInput, UnknownReference
from shared.ids import CardId, GridUnitId, PostId, RiskPointId, TenantId, WorkshopId
from shared.org import (
    GRID_LEVEL_NAMES,
    INDUSTRY_NAMES,
    SMALL_PLACE_NAMES,
    Enterprise,
    GridLevel,
    GridUnit,
    Industry,
    Post,
    RiskPoint,
    SmallPlaceKind,
    SupervisionClass,
    Workshop,
    ancestors,
    is_within,
)
from shared.risk import ControlLevel, RiskColour, grade_lec, grade_ls

G = GridUnitId


def unit(uid: str, level: GridLevel, parent: str | None = None) -> GridUnit:
    return GridUnit(
        id=G(uid), name=uid, level=level, parent_id=None if parent is None else G(parent)
    )


# 秦皇岛市 → 昌黎县 → 昌黎镇 → 东关村, plus a second county and township for scope checks.
GRID = {
    u.id: u
    for u in [
        unit("qhd", GridLevel.CITY),
        unit("changli", GridLevel.COUNTY, "qhd"),
        unit("changli-zhen", GridLevel.TOWNSHIP, "changli"),
        unit("dongguan", GridLevel.VILLAGE, "changli-zhen"),
        unit("lulong", GridLevel.COUNTY, "qhd"),
        unit("lulong-zhen", GridLevel.TOWNSHIP, "lulong"),
        unit("devzone", GridLevel.TOWNSHIP, "qhd"),  # 开发区 run straight by the city
    ]
}


# --- grid ----------------------------------------------------------------------------------


def test_grid_levels_run_from_city_down_to_village():
    assert [level.depth for level in GridLevel] == [0, 1, 2, 3]
    assert [GRID_LEVEL_NAMES[level] for level in GridLevel] == ["市", "县", "乡", "村"]


def test_a_city_has_no_parent():
    with pytest.raises(ValidationError, match="a city has no parent"):
        unit("qhd", GridLevel.CITY, "hebei")


@pytest.mark.parametrize("level", [GridLevel.COUNTY, GridLevel.TOWNSHIP, GridLevel.VILLAGE])
def test_every_level_below_the_city_needs_a_parent(level):
    with pytest.raises(ValidationError, match="needs a parent"):
        unit("orphan", level)


def test_a_grid_unit_name_may_not_be_blank():
    with pytest.raises(ValidationError):
        GridUnit(id=G("x"), name="   ", level=GridLevel.CITY)


@pytest.mark.parametrize(
    ("start", "chain"),
    [
        ("dongguan", ["changli-zhen", "changli", "qhd"]),
        ("changli-zhen", ["changli", "qhd"]),
        ("lulong", ["qhd"]),
        ("devzone", ["qhd"]),
        ("qhd", []),
    ],
)
def test_ancestors_run_from_the_parent_up_to_the_city(start, chain):
    assert [u.id for u in ancestors(G(start), GRID)] == chain


def test_ancestors_of_an_unknown_unit_is_an_unknown_reference():
    with pytest.raises(UnknownReference) as caught:
        ancestors(G("nowhere"), GRID)
    assert caught.value.details == {"kind": "grid_unit", "id": "nowhere"}


def test_a_missing_parent_is_an_unknown_reference():
    grid = {**GRID, G("stray"): unit("stray", GridLevel.VILLAGE, "missing")}
    with pytest.raises(UnknownReference):
        ancestors(G("stray"), grid)


@pytest.mark.parametrize(
    ("child", "parent"),
    [
        (GridLevel.TOWNSHIP, GridLevel.TOWNSHIP),
        (GridLevel.COUNTY, GridLevel.VILLAGE),
    ],
)
def test_a_parent_that_is_not_shallower_breaks_the_grid(child, parent):
    grid = {
        G("top"): unit("top", GridLevel.CITY),
        G("p"): unit("p", parent, "top"),
        G("c"): unit("c", child, "p"),
    }
    with pytest.raises(InvalidInput, match="sits under"):
        ancestors(G("c"), grid)


def test_a_cycle_in_the_grid_is_refused_rather_than_looping():
    grid = {
        G("a"): unit("a", GridLevel.TOWNSHIP, "b"),
        G("b"): unit("b", GridLevel.TOWNSHIP, "a"),
    }
    with pytest.raises(InvalidInput):
        ancestors(G("a"), grid)


@pytest.mark.parametrize(
    ("target", "scope", "inside"),
    [
        ("dongguan", "changli", True),  # a county regulator sees its villages
        ("changli-zhen", "changli", True),  # and its townships
        ("changli", "changli", True),  # and the county itself
        ("dongguan", "qhd", True),  # the city sees everything
        ("dongguan", "lulong", False),  # another county sees nothing here
        ("changli", "changli-zhen", False),  # a township does not see its county
        ("lulong-zhen", "changli", False),
        ("dongguan", "not-a-unit", False),  # a stale scope denies
    ],
)
def test_scope_checks_follow_the_grid(target, scope, inside):
    assert is_within(G(target), G(scope), GRID) is inside


@given(st.sampled_from(sorted(GRID)), st.sampled_from(sorted(GRID)))
def test_within_is_antisymmetric_and_the_city_contains_every_unit(a, b):
    assert is_within(a, G("qhd"), GRID)
    if a != b:
        assert not (is_within(a, b, GRID) and is_within(b, a, GRID))


# --- enterprises ---------------------------------------------------------------------------


def enterprise(**changes: Any) -> Enterprise:
    fields: dict[str, Any] = {
        "id": TenantId("t-1"),
        "name": "老王家常菜",
        "credit_code": "92130302MA0A00000W",
        "grid_unit_id": G("dongguan"),
        "industry": Industry.SMALL_PLACE,
        "small_place_kind": SmallPlaceKind.RESTAURANT,
        "supervision_class": SupervisionClass.D,
        "staff_count": 4,
    }
    return Enterprise.model_validate(fields | changes)


def test_an_enterprise_stores_its_credit_code_normalised():
    assert enterprise(credit_code=" 92130302ma0a00000w ").credit_code == "92130302MA0A00000W"


def test_an_enterprise_is_not_above_designated_size_unless_said():
    assert enterprise().above_designated_size is False
    assert enterprise(above_designated_size=True).above_designated_size is True


@pytest.mark.parametrize(
    ("code", "in_message"),
    [
        ("9213030", "has 18 characters, got 7"),
        ("92130302MA0A0000OW", "position 17"),
        ("92130302MA0A00000X", "expected 'W'"),
    ],
)
def test_a_bad_credit_code_is_reported_by_pydantic_with_its_problem(code, in_message):
    with pytest.raises(ValidationError, match=in_message) as caught:
        enterprise(credit_code=code)
    assert caught.value.errors()[0]["loc"] == ("credit_code",)


def test_a_small_place_needs_its_kind():
    with pytest.raises(ValidationError, match="needs its small_place_kind"):
        enterprise(small_place_kind=None)


def test_only_a_small_place_has_a_kind():
    with pytest.raises(ValidationError, match="only a 十小 place"):
        enterprise(industry=Industry.METALWORKING)


def test_a_factory_needs_no_small_place_kind():
    factory = enterprise(
        industry=Industry.METALWORKING,
        small_place_kind=None,
        supervision_class=SupervisionClass.B,
        staff_count=320,
        above_designated_size=True,
    )
    assert factory.small_place_kind is None


@pytest.mark.parametrize(
    "changes",
    [{"staff_count": -1}, {"name": ""}, {"industry": "mining"}, {"supervision_class": "E"}],
)
def test_impossible_enterprise_fields_are_refused(changes):
    with pytest.raises(ValidationError):
        enterprise(**changes)


def test_supervision_classes_are_the_hebei_letters():
    assert [c.value for c in SupervisionClass] == ["A", "B", "C", "D"]


def test_every_industry_and_small_place_kind_has_a_chinese_name():
    assert set(INDUSTRY_NAMES) == set(Industry)
    assert set(SMALL_PLACE_NAMES) == set(SmallPlaceKind)


def test_the_small_place_kinds_are_exactly_the_citys_ten():
    assert list(SMALL_PLACE_NAMES.values()) == [
        "小餐饮", "小娱乐", "小商店", "小运输", "小旅店",
        "小加工", "小仓储", "小康疗", "小托教", "小维保",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("stored", "now"),
    [
        ("beauty_salon", SmallPlaceKind.WELLNESS),  # 小美容美发 → 小康疗
        ("internet_cafe", SmallPlaceKind.ENTERTAINMENT),  # 小网吧 → 小娱乐
        ("workshop", SmallPlaceKind.PROCESSING),  # 小作坊 → 小加工
        ("restaurant", SmallPlaceKind.RESTAURANT),  # unchanged kinds read as before
        ("lodging", SmallPlaceKind.LODGING),
    ],
)
def test_an_enterprise_stored_with_an_old_kind_reads_as_the_citys_kind(stored, now):
    assert enterprise(small_place_kind=stored).small_place_kind is now


def test_a_kind_that_never_was_is_still_refused():
    with pytest.raises(ValidationError, match="small_place_kind"):
        enterprise(small_place_kind="spa")


def test_an_enterprise_is_frozen():
    with pytest.raises(ValidationError):
        enterprise().staff_count = 5  # type: ignore[misc]


# --- workshops, posts, risk points ---------------------------------------------------------


def test_a_post_starts_at_qr_version_1_without_a_card():
    post = Post(id=PostId("p"), tenant=TenantId("t"), workshop_id=WorkshopId("w"), name="车床岗")
    assert (post.qr_version, post.card_id) == (1, None)
    carded = post.model_copy(update={"card_id": CardId("card-lathe")})
    assert carded.card_id == "card-lathe"


def test_a_post_qr_version_starts_at_1():
    with pytest.raises(ValidationError):
        Post(
            id=PostId("p"),
            tenant=TenantId("t"),
            workshop_id=WorkshopId("w"),
            name="x",
            qr_version=0,
        )


def test_a_workshop_name_is_trimmed():
    assert Workshop(id=WorkshopId("w"), tenant=TenantId("t"), name=" 金工车间 ").name == "金工车间"


def risk_point(**changes: Any) -> RiskPoint:
    fields: dict[str, Any] = {
        "id": RiskPointId("rp"),
        "tenant": TenantId("t"),
        "name": "后厨燃气灶台",
        "hazard_factors": ("火灾", "爆炸"),
        "control_level": ControlLevel.COMPANY,
        "measures": ("安装燃气泄漏报警器",),
    }
    return RiskPoint.model_validate(fields | changes)


@pytest.mark.parametrize(
    ("lec", "ls", "colour"),
    [
        ((3, 6, 15), None, RiskColour.ORANGE),  # LEC alone
        (None, (4, 5), RiskColour.RED),  # LS alone
        ((3, 6, 15), (4, 5), RiskColour.RED),  # LS graver
        ((3, 6, 40), (1, 1), RiskColour.RED),  # LEC graver
        ((1, 3, 15), (3, 3), RiskColour.YELLOW),
        ((1, 3, 15), (1, 2), RiskColour.BLUE),  # both blue
    ],
)
def test_a_risk_point_takes_the_graver_of_its_gradings(lec, ls, colour):
    point = risk_point(
        lec=None if lec is None else grade_lec(*lec), ls=None if ls is None else grade_ls(*ls)
    )
    assert point.colour is colour


def test_a_risk_point_needs_at_least_one_grading():
    with pytest.raises(ValidationError, match="needs an LEC or an LS assessment"):
        risk_point()


def test_a_risk_point_survives_a_json_round_trip():
    point = risk_point(lec=grade_lec(3, 6, 15), workshop_id=WorkshopId("w"), post_id=PostId("p"))
    assert RiskPoint.model_validate_json(point.model_dump_json()) == point


def test_a_risk_point_refuses_a_tampered_grading():
    point = risk_point(lec=grade_lec(3, 6, 15))
    data = point.model_dump()
    data["lec"]["colour"] = "blue"
    with pytest.raises(ValidationError, match="D and colour must be"):
        RiskPoint.model_validate(data)


@pytest.mark.parametrize(
    ("coordinates", "position"),
    [
        ({}, None),  # most posts: never located
        ({"latitude": 39.935}, None),  # half a position is none
        ({"latitude": 39.935, "longitude": 119.6}, (39.935, 119.6)),
    ],
)
def test_a_post_has_a_position_only_with_both_coordinates(coordinates, position):
    post = Post(
        id=PostId("p"),
        tenant=TenantId("t"),
        workshop_id=WorkshopId("w"),
        name="灶台岗",
        **coordinates,
    )
    found = post.position
    assert (None if found is None else (found.latitude, found.longitude)) == position


@pytest.mark.parametrize("coordinates", [{"latitude": 91.0}, {"longitude": 180.5}])
def test_a_post_coordinate_out_of_range_is_refused(coordinates):
    with pytest.raises(ValidationError):
        Post(
            id=PostId("p"),
            tenant=TenantId("t"),
            workshop_id=WorkshopId("w"),
            name="灶台岗",
            **coordinates,
        )
