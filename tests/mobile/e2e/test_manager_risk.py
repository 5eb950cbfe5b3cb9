"""The risk loop end to end: manager1 identifies a kitchen risk with LEC and links a measure.

The real app in Chromium at 390×844 against the real server. manager1 (李店长) opens 本企业 →
新增风险点, names the point, ticks 火灾, reads the calculator (D = 3 × 6 × 15 = 270, 较大风险,
车间级), writes the measure and links it to the stove card's 燃气泄漏报警 item, saves and syncs.
The server's record of the point (GET /v1/risks/{id}) then holds both steps, and the worker's
reference data lists the point. The screens are photographed into
``test-artifacts/e2e/risk``: look at them.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
from playwright.sync_api import expect

from tests.mobile.e2e.driving import NEXT_FRAMES, shot, tap, type_into
from tests.mobile.e2e.processes import ANSWER_TIMEOUT_S, ARTIFACTS, Child
from tests.mobile.e2e.server_api import login, reference_for
from tests.mobile.e2e.test_manager_onboarding import sign_in, sync_now

SHOTS = ARTIFACTS / "e2e" / "risk"
NAME = "后厨燃气灶具（油烟区）"
ITEM = "燃气泄漏报警与自动切断"
MEASURE = "燃气泄漏报警器每日自检"


def test_a_manager_identifies_a_risk_with_lec_and_links_a_measure_to_a_card_item(
    browser_page: Any, server: Child
) -> None:
    page = browser_page
    identify_the_stove_risk(page)
    tap(page.get_by_label("返回"), page.get_by_role("tab", name="同步"))
    sync_now(page)

    [point] = [p for p in reference_for(server, "worker1")["risk_point"] if p["name"] == NAME]
    assert (point["lec"]["d"], point["lec"]["colour"], point["post_id"]) == (270.0, "orange", None)
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        record = http.get(f"/v1/risks/{point['id']}", headers=login(http, "manager1")).json()
    assert [step["type"] for step in record["timeline"]] == [
        "risk.identified",
        "risk.measure_added",
    ]
    [measure] = record["state"]["measures"]
    assert measure["checks"] == [{"card_id": "CARD-STOVE", "item_id": "4"}]


def identify_the_stove_risk(page: Any) -> None:
    """Sign in as manager1 and walk the six steps with LEC; ends on the new point's record."""
    sign_in(page, "manager1", expect_tab="待办")
    new = page.get_by_role("button", name="新增风险点")
    tap(page.get_by_role("tab", name="本企业"), new)
    tap(new, page.get_by_text("1 排查：在哪里、是什么"))
    type_into(page, "风险点名称", NAME)
    page.get_by_role("checkbox", name="火灾").click()
    expect(page.get_by_role("checkbox", name="火灾")).to_be_checked()
    expect(page.get_by_text("计算：D = 3 × 6 × 15 = 270")).to_be_visible()
    expect(page.get_by_text("较大风险（橙）：160 ≤ D < 320")).to_be_visible()
    expect(page.get_by_text("管控层级：车间级")).to_be_visible()
    shot(page, SHOTS, "01-calculator")
    type_into(page, "管控措施", MEASURE)
    link_the_stove_item(page)
    shot(page, SHOTS, "03-measure-linked")
    save = page.get_by_role("button", name="保存风险点")
    tap(save, page.get_by_text("辨识建档"))
    expect(page.get_by_text(re.compile("CARD-STOVE/4"))).to_be_visible()
    shot(page, SHOTS, "04-record")


def link_the_stove_item(page: Any) -> None:
    """Open the item menu and pick the stove card's gas alarm item."""
    page.mouse.move(195, 400)
    page.mouse.wheel(0, 2000)  # the picker sits under the fold, behind the save button
    page.evaluate(NEXT_FRAMES)
    menu = page.get_by_role("button", name="由哪一检查项检查")
    option = page.get_by_text(re.compile(ITEM)).last
    tap(menu, option)
    shot(page, SHOTS, "02-items")
    option.click()
    expect(option).to_have_count(0)  # the menu closed on the choice (the server checks it)
    page.evaluate(NEXT_FRAMES)
