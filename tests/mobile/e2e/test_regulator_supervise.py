"""挂牌督办 from the regulator's phone, seen on the manager's (issue 18), in Chromium at 390×844.

manager1 (through the API, as their phone would) reports a 重大隐患 of the kitchen and reports
it to the authority. regulator1 signs in on the real app, goes down 秦海市 → 海港区 → 西港镇 →
东里村 to the kitchen, opens the hazard from its profile and places it under 挂牌督办 with a
deadline and a 责任单位. manager1 then signs in on a second phone: the 待办 reminds of the
supervision, and the hazard's 重大隐患 screen shows it with the unit. Dates come from the same
clock the server reads. Screens go to ``test-artifacts/e2e/supervise``.
"""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from tests.mobile.e2e.driving import WAIT_MS, shot, tap, type_into
from tests.mobile.e2e.processes import ARTIFACTS, Child, open_phone, phone_app
from tests.mobile.e2e.server_api import pulled_by
from tests.mobile.e2e.test_manager_review import ApiPhone, pull_until
from tests.mobile.e2e.test_regulator_city import history_scored, ranked, scroll, unit

SHOTS = ARTIFACTS / "e2e" / "supervise"
CHINA = ZoneInfo("Asia/Shanghai")
KITCHEN_NAME = "海港区老街小厨餐馆"
TITLE = "液化气钢瓶存放在地下室"
UNIT = "海港区应急管理局"


def test_regulator1_places_a_supervision_that_manager1_then_sees(
    browser_page: Any, server: Child, phone: Child, tmp_path: Path
) -> None:
    today = datetime.now(CHINA).date()
    hazard_id = report_major(server)
    history_scored(server, today - timedelta(days=1))
    due = today + timedelta(days=30)
    supervise_from_the_phone(browser_page, due.isoformat())
    supervised = [e for e in pulled_by(server, "manager1") if e["aggregate"]["id"] == hazard_id]
    assert supervised[-1]["type"] == "hazard.supervised"
    assert supervised[-1]["payload"]["responsible_unit"] == UNIT
    manager = phone_app(tmp_path / "manager-phone", SHOTS / "manager-app.log", server.url)
    manager.log.unlink(missing_ok=True)
    manager.start()
    try:
        page = open_phone(browser_page.context.browser, manager.url)
        page.set_default_timeout(WAIT_MS)
        manager_sees_it(page, due.isoformat())
    finally:
        manager.stop()


def report_major(server: Child) -> str:
    """manager1's phone, played through the API: a 重大隐患 reported to the authority."""
    manager = ApiPhone(server, "manager1", "safety_manager")
    try:
        _, tenant, _ = manager.hazard("灭火器压力不足")  # a kitchen hazard of the demo history
        hazard_id = f"YH-E2E-{uuid.uuid4().hex[:6]}"
        payload = {"title": TITLE, "grade": "major", "no_photo_reason": "地下室无信号"}
        manager.push(tenant, hazard_id, "hazard.reported", payload, 0)
        told = {"authority": "海港区应急管理局", "reference": "海应急〔2026〕1号"}
        manager.push(tenant, hazard_id, "hazard.major_reported", told, 1)
    finally:
        manager.http.close()
    return hazard_id


def supervise_from_the_phone(page: Any, due: str) -> None:
    type_into(page, "用户名", "regulator1")
    type_into(page, "密码", "demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_text("风险四色分布（风险点）")).to_be_visible()
    tap(unit(page, "海港区（县）"), unit(page, "西港镇（乡）"))
    tap(unit(page, "西港镇（乡）"), unit(page, "东里村（村）"))
    tap(unit(page, "东里村（村）"), ranked(page, KITCHEN_NAME))
    shot(page, SHOTS, "01-village")
    hazard = page.get_by_role("button", name=re.compile("^" + re.escape(TITLE)))
    tap(ranked(page, KITCHEN_NAME), page.get_by_text(re.compile("评分日期")))
    expect(page.get_by_text(re.compile(r"等级：优秀 ≥"))).to_be_visible()  # the scale
    scroll(page, 1200)
    hazard.scroll_into_view_if_needed()
    shot(page, SHOTS, "02-profile")
    level = page.get_by_text("督办级别")
    tap(hazard, level.first)
    shot(page, SHOTS, "03-oversee")
    type_into(page, "督办期限", due)
    type_into(page, "责任单位", UNIT)
    place = page.get_by_role("button", name="挂牌督办")
    place.scroll_into_view_if_needed()
    supervised = page.get_by_text(f"市级挂牌督办，期限 {due} · 责任单位 {UNIT}")
    # Saved on the phone (待同步), or already sent and read back: the sync loop is woken at
    # once, so on a quick machine the pending line can be gone before it is looked for.
    tap(place, page.get_by_text("待同步：挂牌督办").or_(supervised).first)
    shot(page, SHOTS, "04-saved")
    # Read back from the server once the phone has sent it (the sync loop was woken).
    expect(supervised).to_be_visible(timeout=3 * WAIT_MS)
    shot(page, SHOTS, "05-supervised")


def manager_sees_it(page: Any, due: str) -> None:
    type_into(page, "用户名", "manager1")
    type_into(page, "密码", "demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("tab", name="待办")).to_be_visible()
    reminder = f"挂牌督办（市级）：{TITLE}，期限 {due[5:]}"  # MM-DD
    pull_until(page, reminder)
    shot(page, SHOTS, "06-manager-inbox")
    detail = page.get_by_text("隐患详情")
    tap(page.get_by_text(reminder), detail)  # the hazard's detail
    shot(page, SHOTS, "07-manager-hazard")
    # The timeline says what the authority said (the facts above are selectable: mute to a
    # screen reader, and so to the test).
    expect(page.get_by_text(f"督办责任单位：{UNIT}")).to_be_visible()
    expect(page.get_by_text(f"督办期限：{due} 18:00")).to_be_visible()
