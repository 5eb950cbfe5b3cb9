"""A fresh 小餐饮, not the demo kitchen, onboarded from the library on the phone, end to end.

The city registers a new noodle shop (an admin imports its enterprise row and adds its two
accounts), and nothing else: no workshops, posts, cards or risks. Its safety manager, on the
phone at 390×844 in Chromium, sets up 后厨 with 灶台岗 and the cook as its 责任人 (车间和岗位),
syncs, builds 灶台岗's card from the 小餐饮 standards and the risk list from the library's
typical risks, and syncs; the cook's phone then shows the card on 今日. The server's reference
data holds the post with its 责任人, its card (each item with its standard) and the risk points,
those at the post answering to its 责任人. Screens go to
``test-artifacts/e2e/fresh-restaurant``: look at them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import expect

from shared.credit_code import check_character
from shared.org import SmallPlaceKind
from sync_server.demo.city import ENTERPRISES
from sync_server.standards import shipped_library
from tests.mobile.e2e.driving import NEXT_FRAMES, keep_failure, shot, tap, type_into
from tests.mobile.e2e.processes import ANSWER_TIMEOUT_S, ARTIFACTS, Child, open_phone, phone_app
from tests.mobile.e2e.server_api import login, reference_for
from tests.mobile.e2e.test_manager_onboarding import sign_in, sync_now

SHOTS = ARTIFACTS / "e2e" / "fresh-restaurant"
FIRST17 = "92130302MA0CK1234"
SHOP = FIRST17 + check_character(FIRST17)
CARD = "灶台岗检查卡"


def register_the_shop(server: Child) -> None:
    """What the city does for a new place: its 企业 row, its manager's and cook's accounts."""
    [kitchen, *_] = ENTERPRISES
    rows = (
        "统一社会信用代码,企业名称,所属网格编码,行业,十小类别,从业人数\n"
        f"{SHOP},海港区老王拉面馆,{kitchen.grid_unit_id},十小场所,小餐饮,3\n"
    )
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        admin = login(http, "admin")
        files = {"file": ("企业.csv", rows.encode(), "text/csv")}
        answer = http.post("/v1/import", files=files, headers=admin)
        assert answer.status_code == 200, answer.text
        for user, role, name in (
            ("wangmgr", "safety_manager", "王老板"),
            ("wangcook", "worker", "王厨师"),
        ):
            body = {"user_id": user, "password": "demo1234", "role": role, "tenant": SHOP,
                    "display_name": name}  # fmt: skip
            answer = http.post("/v1/users", json=body, headers=admin)
            assert answer.status_code == 201, answer.text


def test_a_new_restaurants_manager_builds_its_lists_on_the_phone_and_the_cook_sees_the_card(
    browser_page: Any, server: Child, phone: Child, tmp_path: Path
) -> None:
    register_the_shop(server)
    cook = phone_app(tmp_path / "cook-phone", SHOTS / "cook-app.log", server.url).start()
    cook_page = open_phone(browser_page.context.browser, cook.url)
    page = browser_page
    try:
        sign_in(cook_page, "wangcook", expect_tab="今日")
        sign_in(page, "wangmgr", expect_tab="待办")
        set_up_the_kitchen(page)
        build_the_card(page)
        build_the_risk_list(page)
        see_the_card_on_today(cook_page)
    except Exception:
        keep_failure(page, SHOTS / "manager")
        keep_failure(cook_page, SHOTS / "cook")
        raise
    finally:
        cook.stop()
    seen = reference_for(server, "wangcook")
    [post] = seen["post"]
    [card] = [c for c in seen["card"] if c["id"] == post["card_id"]]
    library = shipped_library()
    restaurant = [s.code for s in library.for_small_place(SmallPlaceKind.RESTAURANT)]
    assert (post["name"], card["name"]) == ("灶台岗", CARD)
    assert [item["standard"] for item in card["items"]] == restaurant
    assert post["responsible"] == "wangcook"  # the post's 责任人, picked by name
    points = reference_for(server, "wangmgr")["risk_point"]
    assert {p["name"] for p in points} == {
        r.name for r in library.risks_for(SmallPlaceKind.RESTAURANT)
    }
    # Each risk at the stove answers to the post's 责任人 unless the manager picked another.
    assert {p["responsible"] for p in points if p["post_id"] == post["id"]} == {"wangcook"}


def set_up_the_kitchen(page: Any) -> None:
    button = page.get_by_role("button", name="设置车间和岗位")
    tap(page.get_by_role("tab", name="本企业"), button)
    shot(page, SHOTS, "01-empty-enterprise")
    tap(button, page.get_by_text("新增车间（场所）"))
    type_into(page, "车间或场所名称", "后厨")
    type_into(page, "岗位（每行一个）", "灶台岗")
    name_the_cook_responsible(page)
    shot(page, SHOTS, "02-workshop")
    page.get_by_role("button", name="保存车间和岗位").click()
    expect(page.get_by_text(re.compile("已保存 后厨")).last).to_be_visible()
    sync_now(page)


def name_the_cook_responsible(page: Any) -> None:
    """The post's 责任人: the cook, picked by name from the enterprise's people."""
    page.mouse.move(195, 400)
    page.mouse.wheel(0, 2000)  # the menu sits under the posts, above the save button
    page.evaluate(NEXT_FRAMES)
    menu = page.get_by_role("button", name="责任人")
    option = page.get_by_text("王厨师").last
    tap(menu, option)
    option.click()
    expect(menu).to_have_attribute("aria-expanded", "false")  # closed on the choice
    page.evaluate(NEXT_FRAMES)


def build_the_card(page: Any) -> None:
    button = page.get_by_role("button", name="从标准库建岗位卡")
    tap(page.get_by_role("tab", name="本企业"), button)
    tap(button, page.get_by_text("场所类型"))
    save = page.get_by_role("button", name=re.compile(r"保存岗位卡（\d+ 项）"))
    expect(save).to_be_enabled()  # 小餐饮 from the enterprise, its one post picked
    shot(page, SHOTS, "03-card-proposed")
    save.click()
    expect(page.get_by_text(re.compile("已保存 .*岗位卡")).last).to_be_visible()
    sync_now(page)


def build_the_risk_list(page: Any) -> None:
    button = page.get_by_role("button", name="从标准库建风险清单")
    tap(page.get_by_role("tab", name="本企业"), button)
    save = page.get_by_role("button", name=re.compile(r"保存风险清单（\d+ 项）"))
    tap(button, save)
    shot(page, SHOTS, "04-risks-proposed")
    expect(save).to_be_enabled()
    save.click()
    expect(page.get_by_text(re.compile("已列入 \\d+ 个风险点")).last).to_be_visible()
    shot(page, SHOTS, "05-risks-saved")
    sync_now(page)


def see_the_card_on_today(page: Any) -> None:
    shown = page.get_by_role("group", name=re.compile(CARD))
    for attempt in range(3):  # what the manager pushed may need a round to come down
        sync_now(page)
        tap(page.get_by_role("tab", name="今日"), page.get_by_text("扫码开始检查"))
        try:
            expect(shown.first).to_be_visible(timeout=5000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    shot(page, SHOTS, "06-cook-today")
