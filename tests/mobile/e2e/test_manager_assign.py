"""Assigning a rectification end to end: a picker of eligible people, and a server that checks.

worker1 (through the API) reports a hazard; manager1 adds a kitchen worker and disables them,
as staff come and go. manager1 signs in on the real app in Chromium at 390×844: the picker on
指派整改 offers the kitchen's active people by name (王师傅, 李店长), never the disabled worker,
another enterprise's worker or an inspector. The assignment made with it reaches the server
as worker1's. A hand-made push naming ``nobody99`` is refused by the server with
``hazard.bad_assignee`` (issue 19: a hazard owned by nobody). Screens go to
``test-artifacts/e2e/assign``.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import Any

import httpx
from playwright.sync_api import expect

from shared.hlc import Hlc
from shared.ids import DeviceId
from tests.mobile.e2e.driving import shot, tap, type_into
from tests.mobile.e2e.processes import ANSWER_TIMEOUT_S, ARTIFACTS, Child
from tests.mobile.e2e.server_api import login, pulled_by
from tests.mobile.e2e.test_manager_review import ApiPhone, open_inbox_row, pull_until, sync_now

SHOTS = ARTIFACTS / "e2e" / "assign"
TITLE = "后门消防通道堆放纸箱"


def test_the_picker_offers_only_eligible_people_and_the_server_refuses_anyone_else(
    browser_page: Any, server: Child, phone: Child
) -> None:
    worker = ApiPhone(server)
    try:
        hazard_id, tenant = report(worker)
        staff_come_and_go(server)
        assign_with_the_picker(browser_page, server)
        refused = hand_made_assignment(server, hazard_id, tenant)
    finally:
        worker.http.close()

    assert refused["status"] == "rejected", refused
    assert refused["code"] == "hazard.bad_assignee"
    assert "nobody99" in refused["reason"]


def report(worker: ApiPhone) -> tuple[str, str]:
    _, tenant, _ = worker.hazard("灭火器压力不足")  # a kitchen hazard of the demo history
    hazard_id = f"YH-E2E-{uuid.uuid4().hex[:6]}"
    payload = {"title": TITLE, "photos": [], "no_photo_reason": "拍照时手机没电"}
    worker.push(tenant, hazard_id, "hazard.reported", payload, 0)
    return hazard_id, tenant


def staff_come_and_go(server: Child) -> None:
    """manager1 adds a cook who then leaves: disabled, they must not be offered."""
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        headers = login(http, "manager1")
        cook = {"user_id": "cook-left", "password": "demo12345", "display_name": "离职厨师"}
        assert http.post("/v1/users", json=cook, headers=headers).status_code == 201
        assert http.post("/v1/users/cook-left/disable", headers=headers).status_code == 200


def assign_with_the_picker(page: Any, server: Child) -> None:
    type_into(page, "用户名", "manager1")
    type_into(page, "密码", "demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("tab", name="待办")).to_be_visible()
    pull_until(page, TITLE)
    open_inbox_row(page, TITLE, page.get_by_role("button", name="保存指派"))
    shot(page, SHOTS, "01-assign")

    menu = page.locator("flt-semantics[aria-expanded]").first  # the picker
    cook = page.get_by_role("button", name="王师傅 · 后厨")
    tap(menu, cook)
    shot(page, SHOTS, "02-picker-open")
    # Only the kitchen's active people: not the cook who left, the lathe shop's 赵师傅 or
    # the inspector 周网格员.
    expect(page.get_by_role("button", name=re.compile(" · "))).to_have_count(2)
    expect(page.get_by_role("button", name="李店长 · 店长")).to_be_visible()
    cook.click()
    expect(page.locator("flt-semantics[aria-expanded=true]")).to_have_count(0)
    shot(page, SHOTS, "03-picked")
    deadline = page.get_by_role("textbox", name="整改期限（年-月-日）")
    proposed = deadline.input_value()
    tap(page.get_by_role("button", name="选择日期"), page.get_by_role("button", name="确定"))
    shot(page, SHOTS, "03b-calendar")
    page.get_by_role("button", name="确定").click()
    expect(deadline).to_have_value(proposed)  # the day chosen is the day shown, not one off
    page.get_by_role("button", name="保存指派").click()
    expect(page.get_by_text("处理记录")).to_be_visible()
    # The history names people: 李店长 assigned, 王师傅 reported (not manager1, worker1).
    expect(page.get_by_text(re.compile(r"· 李店长 · 待整改"))).to_be_visible()
    shot(page, SHOTS, "04-assigned")
    sync_now(page)

    assigned = [
        e
        for e in pulled_by(server, "manager1")
        if e["type"] == "hazard.assigned" and e["actor"]["user_id"] == "manager1"
    ]
    assert assigned[-1]["payload"]["assignee"] == "worker1"


def hand_made_assignment(server: Child, hazard_id: str, tenant: str) -> dict[str, Any]:
    """What a script or a doctored phone pushes: an assignee the picker never offered."""
    device = f"e2e-hand-{uuid.uuid4().hex[:8]}"
    stamp = Hlc(wall_ms=int(time.time() * 1000), counter=0, device=DeviceId(device))
    event = {
        "event_id": str(uuid.uuid4()),
        "device_id": device,
        "device_seq": 1,
        "actor": {"user_id": "manager1", "role": "safety_manager", "tenant": tenant},
        "tenant": tenant,
        "aggregate": {"type": "hazard", "id": hazard_id},
        "type": "hazard.assigned",
        "payload": {"assignee": "nobody99", "deadline": "2030-01-01T10:00:00+08:00"},
        "hlc": stamp.encode(),
        "base_version": 2,
    }
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        answer = http.post(
            "/v1/sync/push",
            json={"device_id": device, "events": [event]},
            headers=login(http, "manager1"),
        )
    [result] = answer.json()["results"]
    return dict(result)
