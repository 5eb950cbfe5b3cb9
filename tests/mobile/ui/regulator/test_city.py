"""辖区 and 亮灯 on a regulator's phone, offline, from the copies kept of the server's answers.

The phone holds what a regulator's reference data holds (the demo city's grid and enterprises,
no risk points) and the last answers of the score routes, so every test also shows what an
offline regulator sees.
"""

from __future__ import annotations

from typing import Any

import pytest

from mobile import reference
from mobile.store import Store
from mobile.sync.reads import _doc_name
from mobile.ui.tree import find
from shared.ids import GridUnitId, UserId
from shared.roles import Actor, Role
from sync_server.demo import demo_reference
from sync_server.demo.city import CHEMICALS, FOOD
from tests.mobile.ui.fakes import click, control, has, screen_text, text_of
from tests.mobile.world import demo_reference_body, sign_in_offline

REGULATOR = Actor(user_id=UserId("regulator1"), role=Role.REGULATOR, grid_unit=GridUnitId("C-QH"))
KEPT_MS = 1_764_400_000_000  # 2025-11-29 07:06 UTC: 15:06 in China


def load_regulator_reference(store: Store) -> None:
    """What a regulator's first sync keeps: the grid units and the enterprises, nothing else."""
    body = demo_reference_body(tuple(e.id for e in demo_reference().enterprise))
    kept = {kind: body.get(kind, []) for kind in ("grid_unit", "enterprise")}
    reference.save_reference(store, kept, now_ms=0)


def keep(store: Store, path: str, body: Any, **params: str) -> None:
    """What ``ServerReads`` keeps after answering ``GET path?params``."""
    store.write_doc(_doc_name(path, params), {"body": body, "at_ms": KEPT_MS})


def lit(
    tenant: str, name: str, colour: str, reason: str, unit: str, month: float
) -> dict[str, Any]:
    return {
        "tenant": tenant,
        "name": name,
        "grid_unit": unit,
        "day": "2026-11-28",
        "total": month,
        "tier": "red",
        "month_score": month,
        "light": colour,
        "lights": [{"colour": colour, "code": "x", "reason_zh": reason, "reason_en": reason}],
        "ranks": {"C-QH": [12, 12], "X-CN": [10, 10]},
    }


FOOD_RED = lit(FOOD, "秦海市海丰食品有限公司", "red", "1 项重大隐患逾期未整改", "V-JA", 19.3)
CHEM = "昌宁县华昌化工贸易有限公司"
CHEM_YELLOW = lit(CHEMICALS, CHEM, "yellow", "逾期一般隐患 3 项", "Z-JA", 40)


def summary(
    unit: str, name: str, level: str, parent: str | None, red: int, yellow: int
) -> dict[str, Any]:
    return {
        "unit": {"id": unit, "name": name, "level": level, "parent_id": parent},
        "enterprises": 2,
        "mean_month_score": 29.7,
        "tiers": {"green": 0, "yellow": 0, "orange": 0, "red": 2},
        "red": red,
        "yellow": yellow,
    }


def keep_unit(store: Store, unit: str, name: str, level: str, parent: str | None) -> None:
    keep(store, "/v1/scores/latest", {"day": "2026-11-28"})
    trend = [
        {"day": "2026-11-27", "mean_total": 30.0, "red": 0, "yellow": 1, "completion": 0.5,
         "cards": {"on_time": 4, "late": 0, "missed": 4}},
        {"day": "2026-11-28", "mean_total": 29.0, "red": 1, "yellow": 1, "completion": 0.75,
         "cards": {"on_time": 6, "late": 0, "missed": 2}},
    ]  # fmt: skip
    keep(store, f"/v1/scores/grid/{unit}/trend", trend, to="2026-11-28")
    for day in ("2026-11-27", "2026-11-28"):
        keep(
            store,
            f"/v1/scores/grid/{unit}",
            {
                "day": day,
                "summary": summary(unit, name, level, parent, 1, 1),
                "children": [summary("Z-JA", "靖安镇", "township", "X-CN", 1, 1)],
                "best": [CHEM_YELLOW, FOOD_RED],
                "worst": [],
                "lit": [FOOD_RED, CHEM_YELLOW],
            },
            day=day,
        )
    hazards = {
        "at": "2026-11-29T07:00:00Z",
        "by_status": {"supervised": {"major": 1}, "to_rectify": {"general": 3}},
        "overdue": {"general": 0, "major": 1},
        "overdue_hazards": [
            {"id": "YH-9", "tenant": FOOD, "name": "海丰食品", "title": "污水池作业未办理审批",
             "grade": "major", "status": "supervised", "deadline": "2026-11-27T20:00:00Z"}
        ],
    }  # fmt: skip
    keep(store, f"/v1/scores/grid/{unit}/hazards", hazards)
    points = {"red": 2, "orange": 1, "yellow": 3, "blue": 0}
    picture = {
        "summary": {**unit_risks(unit, name, 1, 1), "points": points},
        "children": [unit_risks("Z-JA", "靖安镇", 1, 0)],
    }
    keep(store, f"/v1/risk-map/grid/{unit}", picture)


@pytest.fixture
def regulator_ui(make_phone, open_app):
    """regulator1's phone (the whole demo city on it), offline, with kept answers for 昌宁县."""
    phone = make_phone()
    sign_in_offline(phone.store, REGULATOR)
    load_regulator_reference(phone.store)
    keep_unit(phone.store, "X-CN", "昌宁县", "county", "C-QH")
    keep(phone.store, "/v1/scores/lights", [CHEM_YELLOW, FOOD_RED], day="2026-11-28")
    return open_app(phone, "/city/X-CN")


def test_a_unit_shows_its_summary_lights_children_ranking_hazards_risks_and_trends(regulator_ui):
    _, page = regulator_ui
    text = screen_text(page)
    assert page.view.appbar.title.value == "昌宁县"
    assert "秦海市" in text_of(control(page, "breadcrumbs"))
    assert text_of(control(page, "sum-red")).startswith("1")
    assert "75%" in text_of(control(page, "completion"))
    assert "按时 6，补做 0，漏检 2" in text
    assert "1 项重大隐患逾期未整改" in text_of(control(page, f"lit-{FOOD}"))
    assert "靖安镇（乡）" in text_of(control(page, "unit-Z-JA"))
    assert "挂牌督办 0 1" in text_of(control(page, "hazard-table"))
    assert "逾期：一般 0 · 重大 1" in text
    overdue = text_of(control(page, "overdue-YH-9"))
    assert "污水池作业未办理审批" in overdue and "期限 2026-11-28" in overdue  # China's date
    assert text_of(control(page, "risk-red")).startswith("2")  # 昌宁县's 重大 risk points
    assert has(page, "trend-score") and has(page, "trend-lights")


def test_an_offline_screen_says_when_its_copy_was_fetched(regulator_ui):
    _, page = regulator_ui
    assert "离线：显示 11-29 15:06 取得的数据" in text_of(control(page, "stale"))


def test_the_lit_enterprises_come_red_first_whatever_the_ranking(regulator_ui):
    _, page = regulator_ui
    text = screen_text(page)
    assert text.index("秦海市海丰食品有限公司") < text.index("昌宁县华昌化工贸易有限公司")


@pytest.mark.parametrize(
    ("key", "route"),
    [
        ("unit-Z-JA", "/city/Z-JA"),  # down a level
        ("crumb-C-QH", "/city/C-QH"),  # up by the breadcrumbs
        # 企: the enterprise's profile, whose back returns to the unit
        (f"rank-{FOOD}", f"/enterprises/{FOOD}?back=%2Fcity%2FX-CN"),
        (f"lit-{FOOD}", f"/enterprises/{FOOD}?back=%2Fcity%2FX-CN"),
        ("overdue-YH-9", f"/enterprises/{FOOD}?back=%2Fcity%2FX-CN"),
    ],
)
def test_taps_drill_down_go_up_or_open_the_enterprise(regulator_ui, key, route):
    app, page = regulator_ui
    click(page, key)
    assert app.state.route == route


def test_the_back_arrow_goes_one_level_up(regulator_ui):
    app, page = regulator_ui
    app.go("/city/V-JA")
    page.view.appbar.leading.on_click()
    assert app.state.route == "/city/Z-JA"


def test_the_phones_own_back_goes_one_level_up_too(regulator_ui):
    app, page = regulator_ui
    app.go("/city/V-JA")
    assert page.views[0].route == "/city/Z-JA"  # the screen the system back reveals
    page.on_view_pop()
    assert app.state.route == "/city/Z-JA"
    page.on_view_pop()
    assert app.state.route == "/city/X-CN"
    page.on_view_pop()
    assert app.state.route == "/city"  # the regulator's own unit: the tab, with its tabs
    assert page.view.navigation_bar is not None


def test_the_day_buttons_step_to_the_previous_scored_day_and_back_to_the_latest(regulator_ui):
    app, page = regulator_ui
    assert control(page, "day-next").disabled
    click(page, "day-prev")
    assert app.state.route == "/city/X-CN?day=2026-11-27"
    assert "11月27日" in text_of(control(page, "day")) and control(page, "day-prev").disabled
    assert "50%" in text_of(control(page, "completion"))
    click(page, "day-next")
    assert app.state.route == "/city/X-CN"


def test_a_unit_never_fetched_while_offline_says_so(regulator_ui):
    app, page = regulator_ui
    app.go("/city/V-JA")
    assert "离线，且手机上还没有这一页的数据" in screen_text(page)
    assert not has(page, "risk-red")  # the phone keeps no risk points to count from


def test_the_lights_tab_lists_every_lit_enterprise_red_first_with_its_reasons(regulator_ui):
    app, page = regulator_ui
    app.go("/lights")
    text = screen_text(page)
    assert "11月28日 周六 · 红灯 1 · 黄灯 1" in text
    assert text.index("1 项重大隐患逾期未整改") < text.index("逾期一般隐患 3 项")
    assert "靖安村 · 月分 19.3（较差）" in text_of(control(page, f"lit-{FOOD}"))
    click(page, f"lit-{CHEMICALS}")
    assert app.state.route == f"/enterprises/{CHEMICALS}?back=%2Flights"
    page.view.appbar.leading.on_click()  # back to the lights, not the city
    assert app.state.route == "/lights"


def test_in_english_the_unit_and_the_lights_speak_english(regulator_ui):
    app, page = regulator_ui
    app.set_language("en")
    text = screen_text(page)
    assert "Units below" in text and "Card completion" in text and "Risk points by colour" in text
    assert "Offline: showing data fetched 11-29 15:06" in text
    app.go("/lights")
    assert "Sat 28 Nov · red 1 · yellow 1" in screen_text(page)


def test_a_screen_shown_before_the_first_sync_fills_in_once_the_grid_arrives(make_phone, open_app):
    phone = make_phone()
    sign_in_offline(phone.store, REGULATOR)
    _, page = open_app(phone, "/city")
    assert page.view.appbar.title.value == "辖区"  # no grid on the phone yet
    load_regulator_reference(phone.store)
    page.run_tasks()
    assert page.view.appbar.title.value == "秦海市"


@pytest.mark.parametrize(
    ("width", "panes"),
    [(None, 0), (390, 0), (999, 0), (1000, 3), (1600, 3)],
)
def test_a_desks_screen_shows_the_unit_its_ranking_and_its_trends_side_by_side(
    make_phone, open_app, width, panes
):
    phone = make_phone()
    sign_in_offline(phone.store, REGULATOR)
    load_regulator_reference(phone.store)
    keep_unit(phone.store, "X-CN", "昌宁县", "county", "C-QH")
    app, page = open_app(phone)
    page.width = width
    app.go("/city/X-CN")
    shown = [has(page, f"pane-{n}") for n in range(3)]
    assert shown == [True] * panes + [False] * (3 - panes)
    if panes:
        placed = {
            key: [n for n in range(3) if find(control(page, f"pane-{n}"), key)]
            for key in (
                "sum-red",
                f"lit-{FOOD}",
                "unit-Z-JA",
                "hazard-table",
                "risk-red",
                "trend-score",
            )
        }
        assert placed == {
            "sum-red": [0], f"lit-{FOOD}": [0], "unit-Z-JA": [0],
            "hazard-table": [1], "risk-red": [2], "trend-score": [2],
        }  # fmt: skip
    else:
        assert has(page, "sum-red") and has(page, "hazard-table") and has(page, "trend-score")


def unit_risks(unit: str, name: str, red: int, none: int) -> dict[str, Any]:
    return {
        "unit": unit,
        "name": name,
        "enterprises": {"red": red, "orange": 1, "yellow": 0, "blue": 0, "none": none},
        "points": {"red": 7, "orange": 3, "yellow": 2, "blue": 0},
    }


def test_the_four_colour_picture_comes_from_the_servers_rollup_per_child_unit(make_phone, open_app):
    phone = make_phone()
    sign_in_offline(phone.store, REGULATOR)
    load_regulator_reference(phone.store)
    keep_unit(phone.store, "X-CN", "昌宁县", "county", "C-QH")
    picture = {
        "summary": unit_risks("X-CN", "昌宁县", 3, 1),
        "children": [unit_risks("Z-JA", "靖安镇", 3, 0), unit_risks("Z-SM", "石门镇", 0, 1)],
    }
    keep(phone.store, "/v1/risk-map/grid/X-CN", picture)
    _, page = open_app(phone, "/city/X-CN")
    assert text_of(control(page, "risk-red")).startswith("7")  # the server's count, not the phone's
    assert "5 家企业" in text_of(control(page, "risk-unit-X-CN"))
    line = text_of(control(page, "risk-unit-Z-JA"))
    assert "靖安镇" in line and "重大 3 较大 1 一般 0 低 0" in line
    assert "2 家企业" in text_of(control(page, "risk-unit-Z-SM"))  # one orange, one with none


def test_a_unit_offers_its_ranking_lights_and_hazards_as_a_workbook(regulator_ui):
    _, page = regulator_ui
    assert text_of(control(page, "export-ranking")) == "导出排名、亮灯和隐患统计（Excel）"


@pytest.mark.parametrize(
    ("weights", "scale", "mean_tier", "food"),
    [
        (
            None,
            "优秀 ≥90 · 良好 ≥75 · 一般 ≥60 · 较差 <60",
            "较差",
            "月分 19.3（较差）",
        ),  # handbook
        (
            {"green_from": 25, "yellow_from": 20, "orange_from": 19},  # the city's, kept
            "优秀 ≥25 · 良好 ≥20 · 一般 ≥19 · 较差 <19",
            "优秀",
            "月分 19.3（一般）",
        ),
    ],
    ids=["the handbook's scale", "the city's scale"],
)
def test_every_score_number_is_read_against_the_citys_scale(
    make_phone, open_app, weights, scale, mean_tier, food
):
    phone = make_phone()
    sign_in_offline(phone.store, REGULATOR)
    load_regulator_reference(phone.store)
    keep_unit(phone.store, "X-CN", "昌宁县", "county", "C-QH")
    keep(phone.store, "/v1/scores/lights", [CHEM_YELLOW, FOOD_RED], day="2026-11-28")
    if weights is not None:
        keep(phone.store, "/v1/scores/weights", {"version": 2, "weights": weights, "history": []})
    _, page = open_app(phone, "/city/X-CN")
    assert scale in text_of(control(page, "scale-summary"))
    assert scale in text_of(control(page, "scale-ranking"))
    assert f"平均月分（{mean_tier}）" in text_of(control(page, "sum-mean"))  # 29.7
    assert food in text_of(control(page, f"rank-{FOOD}"))
    _, page = open_app(phone, "/lights")
    assert scale in text_of(control(page, "scale"))
    assert food in text_of(control(page, f"lit-{FOOD}"))
