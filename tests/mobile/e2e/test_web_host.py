"""Many people on one web host: ``python -m mobile --web --multi-user`` in two browser contexts.

worker1 and manager1 sign in at the same time against one web process; each sees only their
own screens. worker1 reports a hazard and syncs; manager1 syncs and finds it in 待办. worker1
signs out, worker2 signs in in the same browser context, and nothing of worker1's is there.
Screens go to ``test-artifacts/e2e/web-host``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.mobile.e2e.conftest import FAILED
from tests.mobile.e2e.driving import WAIT_MS, keep_failure, shot, tap, type_into
from tests.mobile.e2e.processes import (
    ARTIFACTS,
    PHONE,
    Child,
    launch_browser,
    open_phone,
    phone_app,
)
from tests.mobile.e2e.test_manager_review import pull_until, sync_now, to_tab

SHOTS = ARTIFACTS / "e2e" / "web-host"


@pytest.fixture
def host(tmp_path: Path, shots: Path, server: Child) -> Iterator[Child]:
    """One web process for everyone, each person's phone under ``host/users/``."""
    child = phone_app(tmp_path / "host", shots / "app.log", server.url)
    child.argv.append("--multi-user")
    child.log.unlink(missing_ok=True)
    yield child.start()
    child.stop()


@pytest.fixture
def browser(request: pytest.FixtureRequest, shots: Path, host: Child) -> Iterator[Any]:
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        expect.set_options(timeout=WAIT_MS)
        try:
            yield browser
            if request.node.stash.get(FAILED, False):
                for context in browser.contexts:
                    keep_failure(context.pages[0], shots)
        finally:
            browser.close()


def test_two_people_on_one_web_host_see_only_their_own_and_sign_out_leaves_nothing_behind(
    browser: Any, host: Child, tmp_path: Path
) -> None:
    title = f"后门消防通道堆放纸箱 {uuid.uuid4().hex[:4]}"
    worker = open_phone(browser, host.url)  # each new page is a browser context of its own
    manager = open_phone(browser, host.url)
    for page in (worker, manager):
        page.set_default_timeout(WAIT_MS)

    assert "multi-user mode" in host.log.read_text(encoding="utf-8").splitlines()[0]
    sign_in(worker, "worker1")
    sign_in(manager, "manager1")
    expect(worker.get_by_role("tab", name="今日")).to_be_visible()
    expect(worker.get_by_role("tab", name="待办")).to_have_count(0)
    expect(manager.get_by_role("tab", name="待办")).to_be_visible()
    expect(manager.get_by_role("tab", name="今日")).to_have_count(0)
    shot(worker, SHOTS, "01-worker1-today")
    shot(manager, SHOTS, "02-manager1-inbox")
    assert sorted(p.name for p in (tmp_path / "host" / "users").iterdir()) == [
        "manager1",
        "worker1",
    ]

    report_hazard(worker, title)
    sync_now(worker)
    shot(worker, SHOTS, "03-worker1-synced")
    pull_until(manager, title)
    shot(manager, SHOTS, "04-manager1-inbox-has-it")

    to_tab(worker, "设置", worker.get_by_role("button", name="退出登录"))
    tap(worker.get_by_role("button", name="退出登录"), worker.get_by_role("alertdialog"))
    worker.get_by_role("alertdialog").get_by_role("button", name="退出登录").click()
    expect(worker.get_by_role("button", name="登录")).to_be_visible()
    expect(worker.get_by_role("textbox", name="用户名")).to_have_value("")
    sign_in(worker, "worker2")
    expect(worker.get_by_role("tab", name="今日")).to_be_visible()
    tap(worker.get_by_role("tab", name="隐患"), worker.get_by_role("button", name="报告隐患"))
    expect(worker.get_by_text(title)).to_have_count(0)
    to_tab(worker, "设置", worker.get_by_role("button", name="退出登录"))
    expect(worker.get_by_text(re.compile("worker2"))).to_be_visible()
    expect(worker.get_by_text(re.compile("worker1"))).to_have_count(0)
    shot(worker, SHOTS, "05-worker2-settings")
    expect(manager.get_by_text(title)).to_be_visible()  # manager1's tab went on as it was


def sign_in(page: Any, user: str) -> None:
    type_into(page, "用户名", user)
    type_into(page, "密码", "demo1234")
    button = page.get_by_role("button", name="登录")
    expect(button).to_be_enabled()
    tap(button, page.get_by_role("tab", name="设置"))


def report_hazard(page: Any, title: str) -> None:
    tap(page.get_by_role("tab", name="隐患"), page.get_by_role("button", name="报告隐患"))
    tap(
        page.get_by_role("button", name="报告隐患"),
        page.get_by_role("button", name="提交隐患"),
    )
    type_into(page, "隐患名称", title)
    type_into(page, "没有照片的原因", "手机相机坏了")  # evidence: a photo or a reason
    page.get_by_role("button", name="提交隐患").click()
    expect(page.get_by_text(title)).to_be_visible()


DESK = {"width": 1280, "height": 800}


def test_a_desks_browser_gets_columns_and_a_phone_keeps_its_layout(
    browser: Any, host: Child
) -> None:
    desk = open_phone(browser, host.url)
    desk.set_viewport_size(DESK)
    desk.set_default_timeout(WAIT_MS)
    sign_in(desk, "manager1")
    to_tab(desk, "待办", desk.get_by_text(re.compile(r"待指派 \(\d+\)")))
    expect(desk.get_by_role("button", name="保存指派")).to_be_visible()  # beside the list
    shot(desk, SHOTS, "10-manager1-inbox-1280")
    desk.set_viewport_size(PHONE)
    expect(desk.get_by_role("button", name="保存指派")).to_have_count(0)
    shot(desk, SHOTS, "11-manager1-inbox-390")

    city = open_phone(browser, host.url)
    city.set_default_timeout(WAIT_MS)
    sign_in(city, "regulator1")
    expect(city.get_by_text(re.compile("企业排名"))).to_be_visible()
    shot(city, SHOTS, "12-regulator1-city-390")
    city.wait_for_function(  # under the unit's overview on a phone
        """() => [...document.querySelectorAll('flt-semantics span')].some(
            s => s.textContent.startsWith('企业排名') && s.getBoundingClientRect().x < 100)"""
    )
    city.set_viewport_size(DESK)
    city.wait_for_function(  # its own column beside the overview on a desk
        """() => [...document.querySelectorAll('flt-semantics span')].some(
            s => s.textContent.startsWith('企业排名') && s.getBoundingClientRect().x > 400)"""
    )
    shot(city, SHOTS, "13-regulator1-city-1280")
    # Seen: right after the resize headless Chromium still showed the one-column paint though
    # the tree had three columns; once the screen is drawn again it shows them (look at 14).
    to_tab(city, "亮灯", city.get_by_text(re.compile(r"红灯 \d+ · 黄灯 \d+")))
    to_tab(city, "辖区", city.get_by_text(re.compile("企业排名")))
    shot(city, SHOTS, "14-regulator1-city-1280-again")
