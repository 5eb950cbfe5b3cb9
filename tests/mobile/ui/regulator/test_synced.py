"""A regulator's screens after one sync through the real server on loopback, then offline.

The regulator's reference data holds the grid and the enterprises only: the city's risk
points come from the server's rollup, an enterprise's from its profile route, each kept for
offline the way the scores are (issue 16).
"""

from __future__ import annotations

import pytest

from mobile import reference
from sync_server.demo import demo_reference, seed_demo
from tests.mobile.sync.phones import make_phone
from tests.mobile.ui.fakes import control, has, screen_text, text_of

FOOD = "91130322MA0DEM005A"  # 海丰食品, in 靖安村: its 有限空间 red, its 配电室 blue


@pytest.fixture
def server(app, live_server):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return live_server


@pytest.fixture
def regulator(server, tmp_path):
    """regulator1's phone after its first sync: signed in, reference data kept."""
    phone = make_phone(tmp_path / "phone", server.url)
    phone.session.sign_in("regulator1", "demo1234")
    phone.engine.sync_once(refresh_reference=True)
    yield phone
    phone.close()


def test_a_regulators_first_sync_keeps_the_grid_and_the_enterprises_only(regulator):
    city = demo_reference()
    assert sorted(reference.tenants(regulator.store)) == sorted(e.id for e in city.enterprise)
    for tenant in reference.tenants(regulator.store):
        held = reference.reference_of(regulator.store, tenant) or {}
        assert held["enterprise"]["grid_unit_id"]
        assert not {"workshop", "post", "card", "risk_point"} & set(held)
        assert held.get("qr_key") is None  # a regulator scans no post
    grid = regulator.store.read_doc(reference.GRID) or {}
    assert len(grid["grid_unit"]) == len(city.grid_unit)


def test_the_profile_shows_the_enterprises_risk_points_from_the_server_then_offline(
    regulator, server, open_app
):
    _, page = open_app(regulator, f"/enterprises/{FOOD}")
    page.run_tasks()  # the risk points are fetched behind the screen, like the scores
    assert has(page, "risk-red") and has(page, "risk-blue")
    server.stop()
    _, offline = open_app(regulator, f"/enterprises/{FOOD}")
    offline.run_tasks()
    assert "海丰食品" in screen_text(offline)
    assert has(offline, "risk-red") and has(offline, "risk-blue")  # the kept copy


def test_the_citys_four_colour_counts_come_from_the_server_then_offline(
    regulator, server, open_app
):
    _, page = open_app(regulator, "/city")
    assert page.view.appbar.title.value == "秦海市"  # the grid from the reference data
    online = text_of(control(page, "risk-red"))
    server.stop()
    _, offline = open_app(regulator, "/city")
    assert text_of(control(offline, "risk-red")) == online
