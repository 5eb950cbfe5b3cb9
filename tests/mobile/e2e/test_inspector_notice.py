"""An inspector's visit end to end: the real app in Chromium at 390×844 against the real server.

inspector1 (海港区) signs in and sees the due list, opens the kitchen by a photo of its
enterprise QR, reads its profile, runs a menu inspection with one failing finding (a note and
a photo), issues the 整改通知书, syncs, and opens the notice PDF through its signed link. The
kitchen's manager then finds the new hazard in what the server gives them. Every screen is
photographed into ``test-artifacts/e2e/inspector``: look at them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect, sync_playwright

from shared.qr import QrKind, QrPayload, sign_qr
from sync_server.demo import KITCHEN
from tests.mobile.e2e import test_worker_day as day
from tests.mobile.e2e.processes import ARTIFACTS, Child, launch_browser, open_phone, phone_app
from tests.mobile.e2e.processes import sync_server as start_server
from tests.mobile.e2e.test_worker_day import hose_photo, login, pick, tap, type_into
from tests.mobile.qr_photos import Spoil, photo_of
from tests.sync_server.lists.pdf_reading import pdf_text

SHOTS = ARTIFACTS / "e2e" / "inspector"
WAIT_MS = 20_000
NOTE = "灶台旁未配灭火毯"
KITCHEN_NAME = "海港区老街小厨餐馆"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Child]:
    child = start_server(tmp_path / "server", SHOTS / "server.log")
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


def shot(page: Any, name: str) -> None:
    page.wait_for_load_state("networkidle")
    page.evaluate(day.NEXT_FRAMES)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png")


def kitchen_card_photo(server: Child, folder: Path) -> Path:
    """A camera-like photo of the kitchen's enterprise QR, signed with the server's key."""
    with httpx.Client(base_url=server.url) as http:
        reference = http.get("/v1/reference", headers=login(http, "inspector1")).json()
    payload = QrPayload(kind=QrKind.ENTERPRISE, tenant=KITCHEN, target_id="", version=1)
    text = sign_qr(payload, bytes.fromhex(reference["qr_keys"][KITCHEN]))
    path = folder / "kitchen-card.jpg"
    path.write_bytes(photo_of(text, Spoil(size=420, tilt=0.1, blur=0.5)))
    return path


def pulled_by(server: Child, user: str) -> list[dict[str, Any]]:
    with httpx.Client(base_url=server.url) as http:
        headers = login(http, user)
        events: list[dict[str, Any]] = []
        cursor, more = 0, True
        while more:
            page = http.get("/v1/sync/pull", params={"cursor": cursor}, headers=headers).json()
            events += page["events"]
            cursor, more = page["next_cursor"], page["has_more"]
        return events


def test_an_inspector_issues_a_notice_the_enterprise_then_sees(
    browser_page: Any, server: Child, phone: Child, tmp_path: Path
) -> None:
    try:
        visit_the_kitchen(browser_page, server, tmp_path)
    except Exception:
        SHOTS.mkdir(parents=True, exist_ok=True)
        browser_page.screenshot(path=SHOTS / "failure.png")
        raise


def visit_the_kitchen(page: Any, server: Child, tmp_path: Path) -> None:
    card_photo, evidence = kitchen_card_photo(server, tmp_path), hose_photo(tmp_path)

    type_into(page, "用户名", "inspector1")
    type_into(page, "密码", "demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name="扫企业码开始检查")).to_be_visible()
    expect(page.get_by_text(re.compile("应检日期")).first).to_be_visible()
    shot(page, "01-due")

    tap(page.get_by_role("tab", name="扫码"), page.get_by_role("button", name="选择照片"))
    shot(page, "02-scan")
    pick(page, "选择照片", card_photo)
    expect(page.get_by_role("button", name="开始检查")).to_be_visible()
    expect(page.get_by_text(KITCHEN_NAME)).to_be_visible()
    expect(page.get_by_text(re.compile("评分日期"))).to_be_visible()
    shot(page, "03-profile")

    tap(page.get_by_role("button", name="开始检查"), page.get_by_text("已检 0 项，不合格 0 项"))
    shot(page, "04-inspect-menu")
    tap(page.get_by_text(re.compile(r"^1\. ")).first, page.get_by_role("button", name="不合格"))
    page.get_by_role("button", name="不合格", exact=True).click()
    expect(page.get_by_text(re.compile("限期 7 天"))).to_be_visible()
    page.get_by_role("button", name="+1天").click()
    expect(page.get_by_text(re.compile("限期 8 天"))).to_be_visible()
    type_into(page, "检查情况（可选）", NOTE)
    pick(page, "相册", evidence)
    expect(page.get_by_text("照片 1")).to_be_visible()
    shot(page, "05-inspect-finding-failed")
    page.get_by_role("button", name="收起").click()
    tap(page.get_by_text(re.compile(r"^2\. ")).first, page.get_by_role("button", name="合格"))
    page.get_by_role("button", name="合格", exact=True).click()
    expect(page.get_by_text("已检 2 项，不合格 1 项")).to_be_visible()
    page.get_by_role("button", name="收起").click()
    shot(page, "06-inspect-marked")

    page.get_by_role("button", name="签发整改通知书").click()
    expect(page.get_by_text("签发整改通知书？")).to_be_visible()
    shot(page, "07-inspect-confirm")
    page.get_by_role("button", name="签发", exact=True).click()
    expect(page.get_by_text(re.compile("文书编号 执法-"))).to_be_visible()
    shot(page, "08-notice")

    later = page.get_by_text(re.compile("通知书 PDF 在同步到服务器后生成"))
    if later.count():  # the loop may have synced already
        page.get_by_role("button", name="立即同步").click()
    pdf_button = page.get_by_role("button", name="打开通知书 PDF")
    expect(pdf_button).to_be_visible(timeout=60_000)
    expect(page.get_by_text("待同步")).to_have_count(0)
    shot(page, "09-notice-synced")

    with page.context.expect_page() as opened:
        pdf_button.click()
    link = opened.value.url  # headless Chromium's PDF viewer paints nothing to screenshot
    assert "/v1/documents/shared/notice.pdf" in link
    pdf = httpx.get(link).content  # the signed link needs no token
    assert pdf.startswith(b"%PDF")
    (SHOTS / "11-notice.pdf").write_bytes(pdf)  # to look at: pdftoppm -png 11-notice.pdf
    text = pdf_text(pdf)
    assert KITCHEN_NAME in text and "执法-" in text
    saved = list((tmp_path / "phone" / "notices").glob("*.pdf"))
    assert len(saved) == 1 and saved[0].read_bytes().startswith(b"%PDF")
    expect(page.get_by_text(re.compile("通知书已保存到手机"))).to_be_visible()
    shot(page, "10-notice-pdf-opened")

    tap(page.get_by_role("button", name="返回企业档案"), page.get_by_text("检查记录"))
    expect(page.get_by_text(re.compile("执法-")).first).to_be_visible()
    page.mouse.wheel(0, 2000)
    shot(page, "12-profile-after")

    reports = [
        e
        for e in pulled_by(server, "manager1")
        if e["type"] == "hazard.reported" and e["payload"]["description"].startswith(NOTE)
    ]
    assert len(reports) == 1
    report = reports[0]
    assert report["tenant"] == KITCHEN and report["payload"]["source"] == 11
    assert report["payload"]["deadline"] and report["payload"]["photos"]
    assert report["payload"]["title"] in text  # the notice lists the hazard it filed
    inspections = [e for e in pulled_by(server, "inspector1") if e["type"] == "inspection.recorded"]
    assert any(report["aggregate"]["id"] in e["payload"].get("hazard_ids", []) for e in inspections)
