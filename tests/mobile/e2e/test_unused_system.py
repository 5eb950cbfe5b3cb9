"""未使用系统 end to end (issue 18): an imported enterprise with no accounts is on the due list.

The admin imports a restaurant into 东里村 (海港区) with no account; the daily scoring runs
(the ``score`` command, as the nightly job scores, for the server's own today). inspector1 signs
in on the real app in Chromium at 390×844: the restaurant is on 待检 with 未使用系统 as its reason,
and its profile shows the red light. Dates come from the clock the server reads. Screens go to
``test-artifacts/e2e/unused``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import expect

from sync_server.demo.city import credit_code
from tests.mobile.e2e.driving import shot, tap, type_into
from tests.mobile.e2e.processes import ANSWER_TIMEOUT_S, ARTIFACTS, Child
from tests.mobile.e2e.server_api import login
from tests.mobile.e2e.test_regulator_city import history_scored, score

SHOTS = ARTIFACTS / "e2e" / "unused"
CHINA = ZoneInfo("Asia/Shanghai")
IDLE = credit_code("91130302MA0NUL001")
IDLE_NAME = "海港区东里村无账号小吃店"


def test_an_enterprise_imported_without_accounts_is_red_and_on_inspector1s_due_list(
    browser_page: Any, server: Child, phone: Child
) -> None:
    today = datetime.now(CHINA).date()
    history_scored(server, today - timedelta(days=1))
    import_without_accounts(server)
    score(server, today, today)  # the daily run
    due_list_shows_it(browser_page)


def import_without_accounts(server: Child) -> None:
    sheet = (
        f"统一社会信用代码,企业名称,所属网格编码,行业,从业人数\n{IDLE},{IDLE_NAME},V-DL,餐饮,4\n"
    ).encode()
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        answer = http.post(
            "/v1/import",
            files={"file": ("企业.csv", sheet, "text/csv")},
            headers=login(http, "admin"),
        )
    assert answer.status_code == 200, answer.text


def due_list_shows_it(page: Any) -> None:
    type_into(page, "用户名", "inspector1")
    type_into(page, "密码", "demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="扫企业码开始检查")).to_be_visible()
    line = page.get_by_role("button", name=re.compile("^" + re.escape(IDLE_NAME)))
    expect(line).to_be_visible()
    expect(line).to_contain_text("未使用系统：30 天内须检查")
    shot(page, SHOTS, "01-due")
    tap(line, page.get_by_text(re.compile("评分日期")))
    expect(page.get_by_text(re.compile("未使用系统")).first).to_be_visible()
    shot(page, SHOTS, "02-profile")
