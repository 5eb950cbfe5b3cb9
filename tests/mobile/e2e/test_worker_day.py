"""A worker's day end to end: the real app in Chromium at 390×844 against the real server.

worker1 signs in, opens the stove post's card from a photo of its QR, fails one item with a
note and a photo, reports the hazard, and sees both saved as 待同步 while the server is down.
The server comes back; 立即同步 sends everything, and the server holds the tick, the hazard and
the photo. Every screen is photographed into ``test-artifacts/e2e``: look at them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image
from playwright.sync_api import expect, sync_playwright

from shared.qr import QrKind, QrPayload, sign_qr
from tests.mobile.e2e.processes import (
    ARTIFACTS,
    Child,
    launch_browser,
    open_phone,
    phone_app,
    serve_again,
    sync_server,
)
from tests.mobile.qr_photos import Spoil, photo_of

SHOTS = ARTIFACTS / "e2e"
WAIT_MS = 20_000
"""Per step: generous for a busy 2-core machine; a healthy step takes well under a second."""
SAVED = "已保存到手机，待同步"
NOTE = "接头处肥皂水起泡"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Child]:
    child = sync_server(tmp_path / "server", SHOTS / "server.log")
    child.log.unlink(missing_ok=True)
    yield child.start()
    child.stop()


@pytest.fixture
def phone(tmp_path: Path, server: Child) -> Iterator[Child]:
    child = phone_app(tmp_path / "phone", SHOTS / "app.log", server.url)
    child.log.unlink(missing_ok=True)
    yield child.start()
    child.stop()


@pytest.fixture
def browser_page(phone: Child) -> Iterator[Any]:
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = open_phone(browser, phone.url)
        page.set_default_timeout(WAIT_MS)
        expect.set_options(timeout=WAIT_MS)
        try:
            yield page
        finally:
            browser.close()


def keep_failure(page: Any) -> None:
    """The screen and its accessibility tree when a step failed, for whoever reads the CI log."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / "failure.png")
    tree = page.evaluate("() => document.querySelector('flt-semantics-host')?.outerHTML || ''")
    (SHOTS / "failure-semantics.html").write_text(tree, encoding="utf-8")


NEXT_FRAMES = """() => new Promise(done => {
    let frames = 6;
    const next = () => (--frames ? requestAnimationFrame(next) : done());
    requestAnimationFrame(next);
})"""
"""Resolves after a few painted frames: the accessibility tree is ahead of the canvas, which
Flutter's web renderer paints from a worker."""


def shot(page: Any, name: str) -> None:
    """Photograph the screen once nothing is loading (fonts included) and it is painted."""
    page.wait_for_load_state("networkidle")
    page.evaluate(NEXT_FRAMES)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png")


def type_into(page: Any, label: str, text: str) -> None:
    """Tap a field, then type: Flutter takes text only into a field it has focused."""
    box = page.get_by_role("textbox", name=label)
    box.click()
    box.fill(text)


def tap(target: Any, shows: Any, attempts: int = 3) -> None:
    """Tap to move to another screen, waiting for what it shows; tap again if the tap was lost.

    Only for navigation: a tap can land while Flutter replaces the tree under the pointer.
    Actions that save something are tapped once.
    """
    for attempt in range(1, attempts + 1):
        target.click()
        try:
            expect(shows).to_be_visible(timeout=WAIT_MS // attempts)
            return
        except AssertionError:
            if attempt == attempts:
                raise


def pick(page: Any, button: str, picture: Path) -> None:
    """Choose ``picture`` in the file chooser the button opens."""
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name=button, exact=True).click()
    chooser.value.set_files(str(picture))


def login(http: httpx.Client, user: str) -> dict[str, str]:
    token = http.post("/v1/auth/login", json={"username": user, "password": "demo1234"})
    return {"authorization": f"Bearer {token.json()['access_token']}"}


def stove_card_photo(server: Child, folder: Path) -> Path:
    """A camera-like photo of the stove post's printed QR, signed with the server's key."""
    with httpx.Client(base_url=server.url) as http:
        reference = http.get("/v1/reference", headers=login(http, "worker1")).json()
    post = next(p for p in reference["post"] if p["id"] == "P-STOVE")
    payload = QrPayload(
        kind=QrKind.POST, tenant=post["tenant"], target_id=post["id"], version=post["qr_version"]
    )
    text = sign_qr(payload, bytes.fromhex(reference["qr_keys"][post["tenant"]]))
    path = folder / "stove-card.jpg"
    path.write_bytes(photo_of(text, Spoil(size=420, tilt=0.1, blur=0.5)))
    return path


def hose_photo(folder: Path) -> Path:
    path = folder / "hose.jpg"
    out = io.BytesIO()
    Image.effect_noise((1200, 900), 60).convert("RGB").save(out, "JPEG", quality=88)
    path.write_bytes(out.getvalue())
    return path


def everything_the_manager_sees(server: Child) -> list[dict[str, Any]]:
    with httpx.Client(base_url=server.url) as http:
        headers = login(http, "manager1")
        events: list[dict[str, Any]] = []
        cursor, more = 0, True
        while more:
            page = http.get("/v1/sync/pull", params={"cursor": cursor}, headers=headers).json()
            events += page["events"]
            cursor, more = page["next_cursor"], page["has_more"]
        return events


def test_a_workers_day_offline_then_synced(
    browser_page: Any, server: Child, phone: Child, tmp_path: Path
) -> None:
    try:
        walk_through_the_day(browser_page, server, tmp_path)
    except Exception:
        keep_failure(browser_page)
        raise


def walk_through_the_day(page: Any, server: Child, tmp_path: Path) -> None:
    """The steps of the day, each waited for on what the screen shows."""
    card_photo, evidence = stove_card_photo(server, tmp_path), hose_photo(tmp_path)

    sign_in = page.get_by_role("button", name="登录")
    expect(sign_in).to_be_disabled()
    shot(page, "01-sign-in")
    type_into(page, "用户名", "worker1")
    type_into(page, "密码", "demo1234")
    expect(sign_in).to_be_enabled()
    sign_in.click()
    expect(page.get_by_role("button", name=re.compile("每日"))).to_be_visible()
    shot(page, "02-today")

    server.stop()  # from here the phone works offline with what the first sync brought
    tap(page.get_by_role("tab", name="扫码"), page.get_by_role("button", name="选择照片"))
    capture = page.get_by_role("button", name="拍照识别")
    expect(capture.or_(page.get_by_text(re.compile("相机不可用")))).to_be_visible()
    if capture.count():  # flet-camera installed: Chromium's fake camera is previewed
        expect(capture).to_be_enabled()
    shot(page, "03-scan")
    pick(page, "选择照片", card_photo)
    progress = page.get_by_text(re.compile(r"第 1 / \d+ 项"))
    expect(progress).to_be_visible()
    total = int(re.findall(r"\d+", progress.inner_text())[-1])
    shot(page, "04-check-card")

    page.get_by_role("button", name="不合格", exact=True).click()
    expect(page.get_by_text(re.compile("请写明问题并拍照"))).to_be_visible()
    type_into(page, "备注", NOTE)
    pick(page, "相册", evidence)
    expect(page.get_by_text("照片 1")).to_be_visible()
    shot(page, "05-check-item-failed")
    if total > 1:  # a weekly or monthly card may be the most pressing: it has one item
        page.get_by_role("button", name="下一项").click()
    for n in range(2, total + 1):
        expect(page.get_by_text(f"第 {n} / {total} 项")).to_be_visible()
        page.get_by_role("button", name="合格", exact=True).click()
    expect(page.get_by_role("button", name="提交检查卡")).to_be_enabled()
    shot(page, "06-check-card-complete")
    page.get_by_role("button", name="提交检查卡").click()

    expect(page.get_by_role("button", name="提交隐患")).to_be_visible()
    expect(page.get_by_text(re.compile("来自检查项"))).to_be_visible()
    shot(page, "07-hazard-report")
    page.get_by_role("button", name="提交隐患").click()

    mine = page.get_by_role("button", name=re.compile("待同步"))
    expect(mine).to_have_count(1)
    expect(page.get_by_text(re.compile("离线：记录已保存在手机上"))).to_be_visible()
    expect(page.get_by_text(SAVED, exact=True)).to_have_count(0)
    shot(page, "08-hazards-offline")
    tap(mine, page.get_by_text("处理记录"))
    shot(page, "09-hazard-detail")

    tap(page.get_by_label("返回"), page.get_by_role("button", name="报告隐患"))
    tap(page.get_by_role("tab", name="同步"), page.get_by_text("待同步记录"))
    expect(page.get_by_text("离线", exact=True)).to_be_visible()
    shot(page, "10-sync-offline")

    server.start(serve_again(server))
    page.get_by_role("button", name="立即同步").click()
    expect(page.get_by_text("全部已同步")).to_be_visible()
    shot(page, "11-sync-done")

    events = everything_the_manager_sees(server)
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
    with httpx.Client(base_url=server.url) as http:
        blob = f"/v1/blobs/{reports[0]['tenant']}/{sha}"
        assert http.head(blob, headers=login(http, "manager1")).status_code == 200

    tap(page.get_by_role("tab", name="设置"), page.get_by_role("button", name="退出登录"))
    shot(page, "12-settings")
    tap(page.get_by_role("button", name="English"), page.get_by_role("tab", name="Today"))
    tap(page.get_by_role("tab", name="Today"), page.get_by_text("Done").first)
    shot(page, "13-today-english")
