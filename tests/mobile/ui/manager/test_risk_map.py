"""四色图 on the manager's phone: upload a plan, tap to place a point, the list says what waits."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from mobile.services.risk_map import local_map, map_picture
from mobile.ui.inspector import notice as notice_view
from mobile.ui.manager import risk_map as map_view
from shared.events import EventType
from shared.ids import RiskPointId
from tests.mobile.ui.fakes import click, control, fire, has, pick, screen_text
from tests.mobile.ui.pictures import a_photo
from tests.mobile.world import KITCHEN

GAS = RiskPointId("R-KITCHEN-GAS")


def tap(page, x: float, y: float) -> None:
    """A tap on the plan at (x, y) px from its top-left corner, as Flet reports it."""
    canvas = control(page, "map-canvas")
    fire(canvas.on_tap_down, SimpleNamespace(local_position=SimpleNamespace(x=x, y=y)))


def test_without_a_plan_a_tap_on_the_grid_places_the_first_unplaced_point(ui, phone):
    app, page = ui
    app.go("/enterprise")
    click(page, "risk-map")
    assert page.view.route == "/risks/map"
    text = screen_text(page)
    assert "尚无平面布置图" in text and "未标注" in text
    first = map_picture(phone.record, phone.store, KITCHEN).entries[0]
    tap(page, 85, 127.5)  # a quarter across, half down the 340 × 255 grid
    pin = local_map(phone.record, KITCHEN).pins[first.point.id]
    assert (pin.x, pin.y) == (0.25, 0.5)
    assert has(page, f"pin-{first.point.id}")
    assert [e.type for e in phone.record.pending()] == [EventType.RISK_MAP_PINNED]


def test_an_uploaded_plan_is_drawn_and_a_chosen_point_moves_where_tapped(ui, phone, photos):
    app, page = ui
    app.go("/risks/map")
    photos.picked = [a_photo(3)]
    click(page, "map-plan")
    drawn = local_map(phone.record, KITCHEN)
    assert drawn.plan is not None
    assert "选择风险点" in screen_text(page)
    pick(page, "map-point", GAS)
    canvas = control(page, "map-canvas")
    height = canvas.content.height
    tap(page, 340, height)  # the bottom-right corner
    tap(page, 34, height / 10)
    pin = local_map(phone.record, KITCHEN).pins[GAS]
    assert (round(pin.x, 4), round(pin.y, 4)) == (0.1, 0.1)
    assert [e.type for e in phone.record.pending()] == [
        EventType.RISK_MAP_PLAN_SET,
        EventType.RISK_MAP_PINNED,
        EventType.RISK_MAP_PINNED,
    ]


def test_a_placed_point_can_be_taken_off_the_plan(ui, phone):
    app, page = ui
    app.go("/risks/map")
    first = map_picture(phone.record, phone.store, KITCHEN).entries[0]
    tap(page, 85, 127.5)
    assert has(page, f"map-unpin-{first.point.id}")
    click(page, f"map-unpin-{first.point.id}")
    assert first.point.id not in local_map(phone.record, KITCHEN).pins
    assert not has(page, f"pin-{first.point.id}")
    assert not has(page, f"map-unpin-{first.point.id}")
    assert [e.type for e in phone.record.pending()] == [
        EventType.RISK_MAP_PINNED,
        EventType.RISK_MAP_UNPINNED,
    ]


@pytest.mark.parametrize("paper", ["A4", "A3"])
def test_the_print_buttons_save_the_servers_pdf_and_open_it(ui, monkeypatch, tmp_path, paper):
    app, page = ui
    app.go("/risks/map")
    asked: list[str] = []
    opened: list[str] = []

    def fetch(reads, data, wanted):
        asked.append(wanted)
        return tmp_path / f"risk-map-{wanted}.pdf"

    async def open_url(url: str) -> None:
        opened.append(url)

    monkeypatch.setattr(map_view, "fetch_map_pdf", fetch)
    monkeypatch.setattr(map_view, "map_link", lambda _r, _s, p: f"http://server/{p}")
    monkeypatch.setattr(notice_view, "open_url", open_url)
    click(page, f"map-print-{paper}")
    assert (asked, opened) == ([paper], [f"http://server/{paper}"])
    assert f"四色图已保存到手机：risk-map-{paper}.pdf" in page.snacks()


def test_offline_the_print_button_says_to_connect(ui):
    app, page = ui
    app.go("/risks/map")
    click(page, "map-print-A3")  # the phone's server (port 9) refuses: offline
    assert "现在连不上服务器，请联网后再打开 PDF。" in page.snacks()
