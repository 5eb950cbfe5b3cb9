"""瞒报 end to end (issue 18): an item ticked 合格 one day, found failing by an inspector the next.

Day 1 (the day before the server's today): worker1 ticks the stove post's daily card, every item
合格, late in the evening. The phone app and the server both read the real clock, so the app can
only tick on the server's today: day 1's tick is pushed through the API, as worker1's phone
would, stamped on the day before. Day 2 (the server's today): inspector1 signs in on the real
app in Chromium at 390×844, opens the kitchen by its enterprise QR, runs a menu inspection,
finds item 1 (液化气钢瓶来源与标识) 不合格 and issues the 整改通知书; the phone syncs. The daily
scoring runs for day 2 (the ``score`` command, as the nightly job scores). manager1 signs in on
a second phone: 本企业评分 shows the red 瞒报 light with its reason — the hazard, the 合格 tick
of day 1 and the finding of day 2. Dates come from the clock the server reads. Screens go to
``test-artifacts/e2e/concealment``.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import expect

from shared.cards import CheckCard, ShiftPattern
from shared.hlc import Hlc
from shared.ids import DeviceId, PostId
from shared.schedule import instances_due
from sync_server.demo import KITCHEN
from tests.mobile.e2e.driving import WAIT_MS, pick, shot, tap, type_into
from tests.mobile.e2e.pictures import hose_photo
from tests.mobile.e2e.processes import ANSWER_TIMEOUT_S, ARTIFACTS, Child, open_phone, phone_app
from tests.mobile.e2e.server_api import login, pull, pulled_by, reference_for
from tests.mobile.e2e.test_inspector_notice import kitchen_card_photo, sign_on_the_pad
from tests.mobile.e2e.test_regulator_city import history_scored, score, scroll

SHOTS = ARTIFACTS / "e2e" / "concealment"
CHINA = ZoneInfo("Asia/Shanghai")
KITCHEN_NAME = "海港区老街小厨餐馆"
POST, CARD, ITEM = "P-STOVE", "CARD-STOVE", "1"  # 液化气钢瓶来源与标识, daily
TITLE = "气瓶无充装标识仍在使用"
TICKED_AT = time(23, 30)
"""Day 1's tick, late in the evening: after any tick of the demo history that day."""


def test_an_item_ticked_passed_the_day_before_and_found_failing_shows_as_concealment(
    browser_page: Any, server: Child, phone: Child, tmp_path: Path
) -> None:
    today = datetime.now(CHINA).date()
    yesterday = today - timedelta(days=1)
    history_scored(server, yesterday)
    worker1_ticks_the_card_passed(server, yesterday)
    inspector1_finds_the_item_failing(browser_page, server, tmp_path)
    score(server, today, today)  # the daily run for day 2
    manager = phone_app(tmp_path / "manager-phone", SHOTS / "manager-app.log", server.url)
    manager.log.unlink(missing_ok=True)
    manager.start()
    try:
        page = open_phone(browser_page.context.browser, manager.url)
        page.set_default_timeout(WAIT_MS)
        manager1_sees_the_concealment(page, yesterday, today)
    finally:
        manager.stop()


def worker1_ticks_the_card_passed(server: Child, day: date) -> None:
    """worker1's phone, played through the API: the stove card's daily items all 合格 on ``day``."""
    reference = reference_for(server, "worker1")
    card = CheckCard.model_validate(next(c for c in reference["card"] if c["id"] == CARD))
    [daily] = [
        i for i in instances_due(PostId(POST), card, ShiftPattern(), day) if ITEM in i.item_ids
    ]
    done = datetime.combine(day, TICKED_AT, tzinfo=CHINA)
    payload = {
        "post_id": POST,
        "card_id": CARD,
        "card_version": card.version,
        "period": daily.period,
        "items": {item: {"result": "pass"} for item in daily.item_ids},
        "started_at": (done - timedelta(minutes=3)).isoformat(),
        "completed_at": done.isoformat(),
        "scanned": True,
    }
    device = f"e2e-worker1-{uuid.uuid4().hex[:8]}"
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        headers = login(http, "worker1")
        # The demo history may have ticked this instance already: this tick comes after it.
        base = sum(1 for e in pull(http, headers) if e["aggregate"]["id"] == daily.aggregate_id)
        stamp = Hlc(wall_ms=int(done.timestamp() * 1000), counter=0, device=DeviceId(device))
        event = {
            "event_id": str(uuid.uuid4()),
            "device_id": device,
            "device_seq": 1,
            "actor": {"user_id": "worker1", "role": "worker", "tenant": KITCHEN},
            "tenant": KITCHEN,
            "aggregate": {"type": "card_instance", "id": daily.aggregate_id},
            "type": "card_instance.submitted",
            "payload": payload,
            "hlc": stamp.encode(),
            "base_version": base,
        }
        answer = http.post(
            "/v1/sync/push", json={"device_id": device, "events": [event]}, headers=headers
        )
    [result] = answer.json()["results"]
    assert result["status"] == "accepted", result


def inspector1_finds_the_item_failing(page: Any, server: Child, tmp_path: Path) -> None:
    """The real inspector flow, as far as the 整改通知书 synced (tests/…/test_inspector_notice)."""
    card_photo, evidence = kitchen_card_photo(server, tmp_path), hose_photo(tmp_path)
    type_into(page, "用户名", "inspector1")
    type_into(page, "密码", "demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="扫企业码开始检查")).to_be_visible()
    tap(page.get_by_role("tab", name="扫码"), page.get_by_role("button", name="选择照片"))
    pick(page, "选择照片", card_photo, page.get_by_role("button", name="开始检查"))
    expect(page.get_by_text(KITCHEN_NAME)).to_be_visible()
    shot(page, SHOTS, "01-inspector-profile")

    tap(page.get_by_role("button", name="开始检查"), page.get_by_text("已检 0 项，不合格 0 项"))
    first = page.get_by_text(re.compile(r"^1\. ")).first
    expect(first).to_contain_text("液化气钢瓶来源与标识")  # the item worker1 ticked 合格
    tap(first, page.get_by_role("button", name="不合格"))
    page.get_by_role("button", name="不合格", exact=True).click()
    expect(page.get_by_text(re.compile("限期 7 天"))).to_be_visible()
    type_into(page, "隐患名称（可修改）", TITLE)
    pick(page, "相册", evidence, page.get_by_text("照片 1"))
    shot(page, SHOTS, "02-inspector-finding")
    page.get_by_role("button", name="收起").click()
    # Folded: the item's buttons are gone, so a later tap cannot land on the old tree.
    expect(page.get_by_role("button", name="不适用", exact=True)).to_have_count(0)
    expect(page.get_by_text("已检 1 项，不合格 1 项")).to_be_visible()

    # The receipt is at the end of the menu, below the fold: scrolled to, and painted, before
    # the tap (a tap on the tree ahead of the canvas once opened item 5 instead).
    scroll(page, 3000)
    expect(page.get_by_role("textbox", name="被检查单位负责人姓名")).to_be_in_viewport()
    type_into(page, "被检查单位负责人姓名", "李店长")
    sign_on_the_pad(page)
    tap(page.get_by_role("button", name="签发整改通知书"), page.get_by_text("签发整改通知书？"))
    page.get_by_role("button", name="签发", exact=True).click()
    official = page.get_by_text(re.compile(r"^文书编号 海港应急责改〔\d{4}〕第\d{2,}号$"))
    expect(official).to_be_visible(timeout=3 * WAIT_MS)  # synced: the server's number is back
    shot(page, SHOTS, "03-inspector-notice")

    [finding] = [
        e
        for e in pulled_by(server, "manager1")
        if e["type"] == "hazard.reported" and e["payload"]["title"] == TITLE
    ]
    assert finding["payload"]["item_id"] == ITEM and finding["payload"]["post_id"] == POST


def manager1_sees_the_concealment(page: Any, ticked: date, found: date) -> None:
    type_into(page, "用户名", "manager1")
    type_into(page, "密码", "demo1234")
    page.get_by_role("button", name="登录").click()
    tap(page.get_by_role("tab", name="本企业"), page.get_by_role("button", name="本企业评分"))
    tap(page.get_by_role("button", name="本企业评分"), page.get_by_text("红黄灯"))
    expect(page.get_by_text(f"{found.isoformat()} 的评分")).to_be_visible()
    reason = (
        r"30 天内瞒报 1 次："
        + re.escape(f"{ticked:%m-%d} {TICKED_AT:%H:%M} 检查卡勾选合格，")
        + re.escape(f"{found:%m-%d} ")
        + r"\d{2}:\d{2} "
        + re.escape(f"执法检查发现“{TITLE}”不合格")
    )
    light = page.get_by_text(re.compile(reason))
    expect(light).to_be_visible()
    shot(page, SHOTS, "04-manager-scoreboard")
    line = page.get_by_text("瞒报", exact=True)  # the score line under 得分明细, deducted
    line.scroll_into_view_if_needed()
    expect(line).to_be_visible()
    shot(page, SHOTS, "05-manager-score-line")
