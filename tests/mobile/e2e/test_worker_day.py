"""A worker's day end to end: the real app in Chromium at 390×844 against the real server.

worker1 signs in, opens the stove post's card from a photo of its QR, fails one item with a
note and a photo, reports the hazard, and sees both saved as 待同步 while the server is down.
The server comes back; 立即同步 sends everything, and the server holds the tick, the hazard and
the photo. Every screen is photographed into ``test-artifacts/e2e``: look at them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import expect

from shared.qr import QrKind, QrPayload
from tests.mobile.e2e.driving import pick, shot, tap, type_into
from tests.mobile.e2e.pictures import hose_photo, qr_photo
from tests.mobile.e2e.processes import ANSWER_TIMEOUT_S, ARTIFACTS, Child, serve_again
from tests.mobile.e2e.server_api import login, pulled_by, reference_for

SHOTS = ARTIFACTS / "e2e"
SAVED = "已保存到手机，待同步"
NOTE = "接头处肥皂水起泡"


def stove_card_photo(server: Child, folder: Path) -> Path:
    """A camera-like photo of the stove post's printed QR, signed with the server's key."""
    reference = reference_for(server, "worker1")
    post = next(p for p in reference["post"] if p["id"] == "P-STOVE")
    payload = QrPayload(
        kind=QrKind.POST, tenant=post["tenant"], target_id=post["id"], version=post["qr_version"]
    )
    return qr_photo(payload, reference, folder / "stove-card.jpg")


def test_a_workers_day_offline_then_synced(
    browser_page: Any, server: Child, phone: Child, tmp_path: Path
) -> None:
    walk_through_the_day(browser_page, server, tmp_path)


def walk_through_the_day(page: Any, server: Child, tmp_path: Path) -> None:
    """The steps of the day, each waited for on what the screen shows."""
    card_photo, evidence = stove_card_photo(server, tmp_path), hose_photo(tmp_path)

    sign_in = page.get_by_role("button", name="登录")
    expect(sign_in).to_be_disabled()
    shot(page, SHOTS, "01-sign-in")
    type_into(page, "用户名", "worker1")
    type_into(page, "密码", "demo1234")
    expect(sign_in).to_be_enabled()
    # The eye is a button named for a screen reader, not an unnamed one in a named wrapper.
    tap(page.get_by_role("button", name="显示密码"), page.get_by_role("button", name="隐藏密码"))
    sign_in.click()
    expect(page.get_by_role("button", name=re.compile("^每日 · "))).to_be_visible()
    shot(page, SHOTS, "02-today")

    server.stop()  # from here the phone works offline with what the first sync brought
    tap(page.get_by_role("tab", name="扫码"), page.get_by_role("button", name="选择照片"))
    capture = page.get_by_role("button", name="拍照识别")
    expect(capture.or_(page.get_by_text(re.compile("相机不可用")))).to_be_visible()
    if capture.count():  # flet-camera installed: Chromium's fake camera is previewed
        expect(capture).to_be_enabled()
    shot(page, SHOTS, "03-scan")
    progress = page.get_by_text(re.compile(r"第 1 / \d+ 项"))
    pick(page, "选择照片", card_photo, progress)
    total = int(re.findall(r"\d+", progress.inner_text())[-1])
    shot(page, SHOTS, "04-check-card")

    page.get_by_role("button", name="不合格", exact=True).click()
    expect(page.get_by_text(re.compile("不合格：请拍照"))).to_be_visible()
    type_into(page, "备注", NOTE)
    pick(page, "相册", evidence, page.get_by_text("照片 1"))
    shot(page, SHOTS, "05-check-item-failed")
    if total > 1:  # a weekly or monthly card may be the most pressing: it has one item
        page.get_by_role("button", name="下一项").click()
    for n in range(2, total + 1):
        expect(page.get_by_text(f"第 {n} / {total} 项")).to_be_visible()
        page.get_by_role("button", name="合格", exact=True).click()
    expect(page.get_by_role("button", name="提交检查卡")).to_be_enabled()
    shot(page, SHOTS, "06-check-card-complete")
    page.get_by_role("button", name="提交检查卡").click()

    expect(page.get_by_role("button", name="提交隐患")).to_be_visible()
    expect(page.get_by_text(re.compile("来自检查项"))).to_be_visible()
    shot(page, SHOTS, "07-hazard-report")
    page.get_by_role("button", name="提交隐患").click()

    mine = page.get_by_role("button", name=re.compile("待同步"))
    expect(mine).to_have_count(1)
    expect(page.get_by_text(re.compile("离线：记录已保存在手机上"))).to_be_visible()
    expect(page.get_by_text(SAVED, exact=True)).to_have_count(0)
    shot(page, SHOTS, "08-hazards-offline")
    tap(mine, page.get_by_text("处理记录"))
    shot(page, SHOTS, "09-hazard-detail")

    tap(page.get_by_label("返回"), page.get_by_role("button", name="报告隐患"))
    tap(page.get_by_role("tab", name="同步"), page.get_by_text("待同步记录"))
    expect(page.get_by_text("离线", exact=True)).to_be_visible()
    shot(page, SHOTS, "10-sync-offline")

    server.start(serve_again(server))
    page.get_by_role("button", name="立即同步").click()
    expect(page.get_by_text("全部已同步")).to_be_visible()
    shot(page, SHOTS, "11-sync-done")

    events = pulled_by(server, "manager1")
    reports = [
        e
        for e in events
        if e["type"] == "hazard.reported" and e["payload"]["description"].startswith(NOTE)
    ]
    ticks = [
        e
        for e in events
        if e["type"] == "card_instance.submitted"
        and any(tick.get("note") == NOTE for tick in e["payload"]["items"].values())
    ]
    assert len(reports) == 1 and len(ticks) == 1
    assert reports[0]["payload"]["item_id"] and reports[0]["payload"]["photos"]
    sha = reports[0]["payload"]["photos"][0]["sha256"]
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        blob = f"/v1/blobs/{reports[0]['tenant']}/{sha}"
        assert http.head(blob, headers=login(http, "manager1")).status_code == 200

    tap(page.get_by_role("tab", name="设置"), page.get_by_role("button", name="退出登录"))
    shot(page, SHOTS, "12-settings")
    tap(page.get_by_role("button", name="English"), page.get_by_role("tab", name="Today"))
    tap(page.get_by_role("tab", name="Today"), page.get_by_text("Done").first)
    shot(page, SHOTS, "13-today-english")
