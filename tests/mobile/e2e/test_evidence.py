"""Evidence end to end (issue 19): the real app in Chromium at 390×844, the real server.

worker1 fails a stove item with a note but no photo: the card cannot be submitted and says why
beside the item; with a photo it goes. manager1 opens the after-photo of a fix full screen on
验收, rejects the fix with a reason, accepts the next one and closes the hazard: the history
still shows the 驳回理由. Screens go to ``test-artifacts/e2e/evidence``: look at them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.mobile.e2e.driving import expect_clear_of, pick, shot, tap, type_into
from tests.mobile.e2e.pictures import hose_photo
from tests.mobile.e2e.processes import ARTIFACTS, Child
from tests.mobile.e2e.test_manager_review import (
    REASON,
    TITLE,
    ApiPhone,
    open_inbox_row,
    pull_until,
    sync_now,
)
from tests.mobile.e2e.test_worker_day import stove_card_photo

SHOTS = ARTIFACTS / "e2e" / "evidence"
MISSING = "第 1 项不合格，还缺少照片或说明，补上后才能提交。"


def test_a_failed_item_without_its_photo_cannot_be_submitted(
    browser_page: Any, server: Child, phone: Child, tmp_path: Path
) -> None:
    page = browser_page
    card_photo, evidence = stove_card_photo(server, tmp_path), hose_photo(tmp_path)
    type_into(page, "用户名", "worker1")
    type_into(page, "密码", "demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name=re.compile("^每日 · "))).to_be_visible()
    page.get_by_role("tab", name="扫码").click()
    progress = page.get_by_text(re.compile(r"第 1 / \d+ 项"))
    pick(page, "选择照片", card_photo, progress)
    total = int(re.findall(r"\d+", progress.inner_text())[-1])

    page.get_by_role("button", name="不合格", exact=True).click()
    expect(page.get_by_text(re.compile("提交后填写隐患报告"))).to_be_visible()
    type_into(page, "备注", "接头处肥皂水起泡")  # words, but the item asks for a photo
    if total > 1:
        page.get_by_role("button", name="下一项").click()
    for n in range(2, total + 1):
        expect(page.get_by_text(f"第 {n} / {total} 项")).to_be_visible()
        page.get_by_role("button", name="合格", exact=True).click()
    page.get_by_role("button", name="提交检查卡").click()
    expect(page.get_by_text(MISSING)).to_be_visible()
    expect(page.get_by_text(f"第 1 / {total} 项")).to_be_visible()  # back on the item
    expect(page.get_by_text("不合格：请拍照（必须有照片）", exact=True)).to_be_visible()
    shot(page, SHOTS, "01-check-evidence-missing")

    # The messages pushed the photo buttons under the footer: the screen scrolls them up.
    gallery = page.get_by_role("button", name="相册", exact=True)
    expect_clear_of(gallery, page.get_by_text(MISSING))
    pick(page, "相册", evidence, page.get_by_text("照片 1", exact=True))
    expect(page.get_by_text(MISSING)).to_have_count(0)
    for n in range(2, total + 1):  # each tap lands, or is tapped again, before the next
        tap(page.get_by_role("button", name="下一项"), page.get_by_text(f"第 {n} / {total} 项"))
    page.get_by_role("button", name="提交检查卡").click()
    expect(page.get_by_role("button", name="提交隐患")).to_be_visible()  # saved: the report
    shot(page, SHOTS, "02-check-submitted")


def test_a_manager_sees_the_fix_full_screen_and_the_history_keeps_the_reason(
    browser_page: Any, server: Child, phone: Child
) -> None:
    page, worker = browser_page, ApiPhone(server)
    try:
        worker.rectify("已送检重新充装两具灭火器", seed=1)
        type_into(page, "用户名", "manager1")
        type_into(page, "密码", "demo1234")
        page.get_by_role("button", name="登录").click()
        expect(page.get_by_role("tab", name="待办")).to_be_visible()
        pull_until(page, "待验收 (1)")
        review = page.get_by_role("button", name="验收通过")
        open_inbox_row(page, TITLE, review)

        page.locator('[flt-semantics-identifier="photo-1"]').last.click()  # the after side
        expect(page.get_by_text("整改后照片 照片 1 / 1")).to_be_visible()
        expect(page.get_by_text("整改前照片 照片 1 / 1")).to_be_visible()
        shot(page, SHOTS, "03-review-full-screen")
        page.get_by_label("关闭").get_by_role("button").click()  # its tooltip names it
        expect(page.get_by_text("整改后照片 照片 1 / 1")).to_have_count(0)

        type_into(page, "驳回理由（驳回时必填）", REASON)
        page.get_by_role("button", name="驳回").click()
        expect(page.get_by_text("处理记录")).to_be_visible()
        sync_now(page)
        worker.rectify("重新充装后压力表指针在绿区", seed=2)
        pull_until(page, "待验收 (1)")
        open_inbox_row(page, TITLE, review)
        review.click()
        close = page.get_by_role("button", name="销号")
        expect(close).to_be_visible()
        close.click()
        page.get_by_role("alertdialog").get_by_role("button", name="销号").click()
        expect(page.get_by_text("已销号").first).to_be_visible()
        expect(page.get_by_text(f"驳回理由：{REASON}")).to_be_visible()
        expect(page.get_by_text("整改说明：已送检重新充装两具灭火器")).to_be_visible()
        shot(page, SHOTS, "04-history-after-closing")
    finally:
        worker.http.close()
