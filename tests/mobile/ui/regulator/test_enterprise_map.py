"""地图 on the regulator's unit screen: the unit's enterprises on a plain canvas, offline.

Drawn from the kept answer of ``GET /v1/risk-map/grid/{unit}/enterprises``: a dot per placed
enterprise in its gravest colour, a ring in its light's, a box per child unit, and a numbered
list naming them all.
"""

from __future__ import annotations

from typing import Any

import flet as ft
import flet.canvas as cv
import pytest

from mobile.services.preferences import load_preferences
from mobile.ui.theme import LIGHT_COLOURS, RISK_COLOURS
from shared.ids import UserId
from shared.risk import RiskColour
from shared.roles import Actor, Role
from sync_server.demo import demo_reference
from sync_server.demo.city import CHEMICALS, FOOD, FURNITURE, GARAGE, KITCHEN
from tests.mobile.ui.fakes import click, control, has, text_of, type_into
from tests.mobile.ui.regulator.test_city import REGULATOR, keep, keep_unit
from tests.mobile.world import load_reference, sign_in_offline


def pin(tenant: str, name: str, unit: str, where: Any, highest: str, light: Any) -> Any:
    lat, lon = where or (None, None)
    placed = "typed" if where else None
    return {"tenant": tenant, "name": name, "grid_unit": unit, "latitude": lat,
            "longitude": lon, "placed": placed, "highest": highest, "light": light}  # fmt: skip


GARAGE_NOWHERE = pin(GARAGE, "昌宁县顺达汽车维修部", "V-SM", None, "none", None)
PINS: dict[str, Any] = {
    "unit": "X-CN",
    "name": "昌宁县",
    "day": "2026-11-28",
    "total": 4,
    "next_offset": None,
    "enterprises": [
        pin(CHEMICALS, "昌宁县华昌化工贸易有限公司", "Z-JA", (39.7598, 119.2411), "red", "yellow"),
        pin(FOOD, "秦海市海丰食品有限公司", "V-JA", (39.7683, 119.2536), "orange", "red"),
        pin(FURNITURE, "昌宁县宏达家具厂", "V-SM", (39.6615, 119.0902), "yellow", None),
        GARAGE_NOWHERE,
    ],
}


@pytest.fixture
def map_ui(make_phone, open_app):
    phone = make_phone()
    sign_in_offline(phone.store, REGULATOR)
    load_reference(phone.store, tuple(e.id for e in demo_reference().enterprise))
    keep_unit(phone.store, "X-CN", "昌宁县", "county", "C-QH")
    keep(phone.store, "/v1/risk-map/grid/X-CN/enterprises", PINS)
    return open_app(phone, "/city/X-CN")


def shapes(page: Any) -> list[Any]:
    canvas = next(c for c in _walk(control(page, "grid-map")) if isinstance(c, cv.Canvas))
    return list(canvas.shapes)


def _walk(root: Any) -> Any:
    yield root
    content = getattr(root, "content", None)
    if content is not None:
        yield from _walk(content)


def test_each_placed_enterprise_is_a_dot_of_its_gravest_colour_ringed_by_its_light(map_ui):
    _, page = map_ui
    drawn = shapes(page)
    fills = [s.paint.color for s in drawn if isinstance(s, cv.Circle) and s.radius < 10
             and s.paint.style != ft.PaintingStyle.STROKE]  # fmt: skip
    assert fills == [RISK_COLOURS[RiskColour(c)] for c in ("red", "orange", "yellow")]
    rings = [s.paint.color for s in drawn if isinstance(s, cv.Circle) and s.radius > 10]
    assert rings == [LIGHT_COLOURS["yellow"], LIGHT_COLOURS["red"]]
    names = {s.value for s in drawn if isinstance(s, cv.Text)}
    assert {"1", "2", "3", "靖安镇", "石门镇"} <= names  # numbers, and the child units' boxes


def test_the_numbered_list_names_every_enterprise_and_says_which_has_no_position(map_ui):
    _, page = map_ui
    assert "1. 昌宁县华昌化工贸易有限公司 · 重大 · 黄灯" in text_of(
        control(page, f"grid-map-line-{CHEMICALS}")
    )
    assert "2. 秦海市海丰食品有限公司 · 较大 · 红灯" in text_of(
        control(page, f"grid-map-line-{FOOD}")
    )
    assert "未定位" in text_of(control(page, f"grid-map-line-{GARAGE}"))
    assert "离线" in text_of(page.view)  # drawn from the kept copy


def test_a_unit_whose_enterprises_have_no_position_says_how_to_give_them_one(make_phone, open_app):
    phone = make_phone()
    sign_in_offline(phone.store, REGULATOR)
    load_reference(phone.store, tuple(e.id for e in demo_reference().enterprise))
    keep_unit(phone.store, "X-CN", "昌宁县", "county", "C-QH")
    nowhere = {**PINS, "total": 1, "enterprises": [GARAGE_NOWHERE]}
    keep(phone.store, "/v1/risk-map/grid/X-CN/enterprises", nowhere)
    _, page = open_app(phone, "/city/X-CN")
    assert not has(page, "grid-map")
    assert "暂无企业定位" in text_of(page.view)


def test_the_tile_address_is_kept_on_the_phone_and_empty_means_the_plain_canvas(
    make_phone, open_app
):
    phone = make_phone()
    sign_in_offline(phone.store, REGULATOR)
    _, page = open_app(phone, "/settings")
    assert load_preferences(phone.store).map_tiles is None
    type_into(page, "map-tiles", "https://tiles.example.cn/{z}/{x}/{y}.png")
    click(page, "map-tiles-save")
    assert load_preferences(phone.store).map_tiles == "https://tiles.example.cn/{z}/{x}/{y}.png"
    type_into(page, "map-tiles", "")
    click(page, "map-tiles-save")
    assert load_preferences(phone.store).map_tiles is None


def test_a_worker_is_not_offered_a_tile_address(make_phone, open_app):
    phone = make_phone()
    worker = Actor(user_id=UserId("worker1"), role=Role.WORKER, tenant=KITCHEN)
    sign_in_offline(phone.store, worker)
    _, page = open_app(phone, "/settings")
    assert not has(page, "map-tiles")
