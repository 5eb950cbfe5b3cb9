"""An admin on the phone, end to end: an enterprise's people, and the worker added signs in.

admin signs in at 390×844 in Chromium and gets an admin's tabs (企业, 检查监管, 导入, 设置), not
a worker's; finds the demo kitchen by part of its name, opens its 人员管理, adds a cook on the
stove post; the cook then signs in on their own phone and has the stove card on 今日. Screens
go to ``test-artifacts/e2e/admin-people``: look at them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.mobile.e2e.driving import keep_failure, shot, tap, type_into
from tests.mobile.e2e.processes import ARTIFACTS, Child, open_phone, phone_app
from tests.mobile.e2e.test_manager_onboarding import sign_in

SHOTS = ARTIFACTS / "e2e" / "admin-people"
KITCHEN_NAME = "海港区老街小厨餐馆"


def test_an_admin_opens_an_enterprise_adds_a_worker_and_the_worker_signs_in(
    browser_page: Any, server: Child, phone: Child, tmp_path: Path
) -> None:
    page = browser_page
    sign_in(page, "admin", expect_tab="企业")
    for tab in ("检查监管", "导入", "设置"):
        expect(page.get_by_role("tab", name=tab)).to_be_visible()
    expect(page.get_by_role("tab", name="今日")).to_have_count(0)
    shot(page, SHOTS, "01-enterprises")

    type_into(page, "搜索企业名称或编码", "老街小厨")
    kitchen = page.get_by_role("button", name=re.compile(KITCHEN_NAME))
    lathes = page.get_by_role("button", name=re.compile("秦海市精工机械加工厂"))
    expect(lathes).to_be_visible()  # the first page, before the search
    tap(page.get_by_role("button", name="搜索", exact=True), kitchen)
    expect(lathes).to_have_count(0)
    tap(kitchen, page.get_by_text(f"人员管理 · {KITCHEN_NAME}"))
    expect(page.get_by_role("group", name=re.compile("王师傅"))).to_be_visible()
    shot(page, SHOTS, "02-kitchen-people")

    type_into(page, "用户名（登录用，字母数字）", "cook9")
    type_into(page, "姓名", "赵师傅")
    type_into(page, "初始密码（至少 8 位，当面交给本人）", "secret-99")
    stove = page.get_by_role("checkbox", name="后厨 · 灶台岗")
    tap(stove, page.get_by_role("checkbox", name="后厨 · 灶台岗", checked=True))
    added = page.get_by_role("group", name=re.compile("赵师傅 员工 cook9"))
    tap(page.get_by_role("button", name="添加", exact=True), added)
    shot(page, SHOTS, "03-cook-added")

    cook = phone_app(tmp_path / "cook-phone", SHOTS / "cook-app.log", server.url).start()
    cook_page = open_phone(page.context.browser, cook.url)
    try:
        type_into(cook_page, "用户名", "cook9")
        type_into(cook_page, "密码", "secret-99")
        cook_page.get_by_role("button", name="登录").click()
        expect(cook_page.get_by_role("tab", name="今日")).to_be_visible()
        expect(cook_page.get_by_role("button", name=re.compile("^每日 · "))).to_be_visible()
        shot(cook_page, SHOTS, "04-cook-today")
    except Exception:
        keep_failure(cook_page, SHOTS / "cook")
        raise
    finally:
        cook.stop()
