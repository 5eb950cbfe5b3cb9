"""Onboarding end to end: the manager builds a post card from the library; the worker gets it.

Two phones (two app processes, as two real phones) against the real server, each at 390×844
in Chromium. worker1 signs in first, so its reference data is fresh. manager1 (李店长, the
kitchen's safety manager) opens 本企业 → 从标准库建岗位卡, picks 小餐饮, drops one proposed
standard, saves the 灶台岗 card and syncs. worker1 taps 立即同步: 今日 shows the new card with
nothing late (it was built today), and the server's reference data holds it with each item's
standard code. The screens are photographed into ``test-artifacts/e2e/onboarding``: look at
them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from shared.org import SmallPlaceKind
from sync_server.standards import shipped_library
from tests.mobile.e2e.driving import keep_failure, shot, tap, type_into
from tests.mobile.e2e.processes import ARTIFACTS, Child, open_phone, phone_app
from tests.mobile.e2e.server_api import reference_for

SHOTS = ARTIFACTS / "e2e" / "onboarding"
CARD = "灶台岗检查卡"


def test_a_manager_builds_a_post_card_from_the_library_and_the_worker_sees_it_on_today(
    browser_page: Any, server: Child, phone: Child, tmp_path: Path
) -> None:
    worker = phone_app(tmp_path / "worker-phone", SHOTS / "worker-app.log", server.url).start()
    worker_page = open_phone(browser_page.context.browser, worker.url)
    page = browser_page
    try:
        sign_in(worker_page, "worker1", expect_tab="今日")
        build_the_card(page)
        see_it_on_today(worker_page)
    except Exception:
        keep_failure(page, SHOTS / "manager")
        keep_failure(worker_page, SHOTS / "worker")
        raise
    finally:
        worker.stop()
    library = shipped_library()
    restaurant = [s.code for s in library.for_small_place(SmallPlaceKind.RESTAURANT)]
    stove = next(p for p in reference_for(server, "worker1")["post"] if p["id"] == "P-STOVE")
    [card] = [c for c in reference_for(server, "worker1")["card"] if c["id"] == stove["card_id"]]
    assert card["name"] == CARD
    assert [item["standard"] for item in card["items"]] == restaurant[1:]
    assert {item["standard_version"] for item in card["items"]} == {library.version}


def sign_in(page: Any, user: str, *, expect_tab: str) -> None:
    type_into(page, "用户名", user)
    type_into(page, "密码", "demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("tab", name=expect_tab)).to_be_visible()


def build_the_card(page: Any) -> None:
    sign_in(page, "manager1", expect_tab="待办")
    first = shipped_library().for_small_place(SmallPlaceKind.RESTAURANT)[0]
    library_button = page.get_by_role("button", name="标准库", exact=True)
    tap(page.get_by_role("tab", name="本企业"), library_button)
    shot(page, SHOTS, "01-enterprise")
    tap(library_button, page.get_by_text("十小场所检查标准"))
    tap(page.get_by_text("十小场所检查标准"), page.get_by_text(re.compile(first.code)).first)
    shot(page, SHOTS, "02-library-small-places")
    tap(page.get_by_text(re.compile(first.code)).first, page.get_by_text("合格标准"))
    shot(page, SHOTS, "03-standard")
    tap(page.get_by_label("返回"), page.get_by_text("全部类别"))
    tap(page.get_by_label("返回"), page.get_by_role("button", name="从标准库建岗位卡"))
    tap(page.get_by_role("button", name="从标准库建岗位卡"), page.get_by_text("场所类型"))
    tap(
        page.get_by_role("button", name="小餐饮", exact=True),
        page.get_by_role("checkbox", name=re.compile(first.code)),
    )
    dropped = page.get_by_role("checkbox", name=re.compile(first.code))
    expect(dropped).to_be_checked()
    shot(page, SHOTS, "04-proposed")
    dropped.click()
    expect(dropped).not_to_be_checked()
    save = page.get_by_role("button", name=re.compile(r"保存岗位卡（\d+ 项）"))
    expect(save).to_be_enabled()
    shot(page, SHOTS, "05-one-removed")
    save.click()
    expect(page.get_by_text(re.compile("已保存 .*岗位卡")).last).to_be_visible()
    shot(page, SHOTS, "06-saved")
    sync_now(page)


def sync_now(page: Any) -> None:
    tap(page.get_by_role("tab", name="同步"), page.get_by_role("button", name="立即同步"))
    page.get_by_role("button", name="立即同步").click()
    expect(page.get_by_text("全部已同步")).to_be_visible()
    expect(page.get_by_text("已连接", exact=True)).to_be_visible()


def see_it_on_today(page: Any) -> None:
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
    card = page.get_by_role("group", name=re.compile(CARD)).first
    expect(card.get_by_role("button", name=re.compile("^每日 · "))).to_be_visible()
    expect(card.get_by_role("button", name=re.compile("逾期"))).to_have_count(0)  # built today
    shot(page, SHOTS, "07-worker-today")
