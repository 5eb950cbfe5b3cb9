"""A browser tab outlives the app and the server: the app restarts, the tab reloads, all works.

worker1 is signed in when the server goes down and the app process restarts (as ``make run``'s
phones do when stopped and started). The open tab reconnects by itself to the new process: its
photo picker must still open (it once timed out, ``Timeout waiting for invoke method listener``,
until a reload). Then the tab is reloaded: its connection status must still follow the sync
loop (it once stayed 已连接 with the server down).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.mobile.e2e.driving import keep_failure, pick, shot, tap, type_into
from tests.mobile.e2e.processes import ARTIFACTS, Child, serve_again
from tests.mobile.e2e.test_worker_day import stove_card_photo

SHOTS = ARTIFACTS / "e2e-restart"


def test_after_the_app_restarts_offline_the_picker_opens_and_a_reload_still_shows_the_status(
    browser_page: Any, server: Child, phone: Child, tmp_path: Path
) -> None:
    try:
        restart_and_reload(browser_page, server, phone, tmp_path)
    except Exception:
        keep_failure(browser_page, SHOTS)
        raise


def restart_and_reload(page: Any, server: Child, phone: Child, tmp_path: Path) -> None:
    """The steps, each waited for on what the screen shows."""
    card_photo = stove_card_photo(server, tmp_path)
    type_into(page, "用户名", "worker1")
    type_into(page, "密码", "demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("button", name=re.compile("^每日 · "))).to_be_visible()

    server.stop()
    phone.stop()
    phone.start()  # the tab stays open and reconnects to the new process
    scan = page.get_by_role("tab", name="扫码")
    expect(scan).to_be_visible()
    tap(scan, page.get_by_role("button", name="选择照片"))
    # fails if the chooser never opens
    pick(page, "选择照片", card_photo, page.get_by_text(re.compile(r"第 1 / \d+ 项")))
    shot(page, SHOTS, "01-card-opened-after-restart")

    tap(page.get_by_label("返回"), page.get_by_role("tab", name="同步"))
    tap(page.get_by_role("tab", name="同步"), page.get_by_role("button", name="立即同步"))
    server.start(serve_again(server))
    page.reload()  # Flet resumes the same session: main() does not run again
    page.locator("flt-semantics-placeholder").dispatch_event("click")
    # Flet usually resumes the tab's session on the 同步 screen, but once (load ~10) the
    # reload got a new session, which starts on the home screen: the URL does not follow the
    # screens. Either way the status must follow the server.
    tap(page.get_by_role("tab", name="同步"), page.get_by_role("button", name="立即同步"))
    page.get_by_role("button", name="立即同步").click()
    expect(page.get_by_text("已连接", exact=True)).to_be_visible()
    expect(page.get_by_text("全部已同步")).to_be_visible()
    server.stop()
    page.get_by_role("button", name="立即同步").click()
    expect(page.get_by_text("离线", exact=True)).to_be_visible()
    shot(page, SHOTS, "02-offline-after-reload")
