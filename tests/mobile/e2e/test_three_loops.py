"""The three loops closed end to end (issue 17): a risk's control fails, the hazard is closed,
and the manager re-assesses the risk and regrades it.

manager1 identifies the kitchen's gas stove risk through the six steps with LEC and links its
measure to the stove card's gas alarm item (the real app in Chromium at 390×844). worker1's
phone (played through the API) fails that item: its hazard names the risk point and measure
(管控措施失效) and is fixed with a photo. manager1 accepts and closes it (销号), is asked in 待办
to re-assess the point, regrades it with L = 10 and says why, and syncs. The server's record of
the point then holds every step: identified, measure, and the re-assessment orange → red, with
the closed hazard linked. Screens go to ``test-artifacts/e2e/three-loops``: look at them.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from playwright.sync_api import expect

from tests.mobile.e2e.driving import shot, tap, type_into
from tests.mobile.e2e.processes import ANSWER_TIMEOUT_S, ARTIFACTS, Child
from tests.mobile.e2e.server_api import login, reference_for
from tests.mobile.e2e.test_manager_review import ApiPhone, open_inbox_row, pull_until, sync_now
from tests.mobile.e2e.test_manager_risk import NAME, identify_the_stove_risk

SHOTS = ARTIFACTS / "e2e" / "three-loops"
FAILED = "燃气泄漏报警器不报警"


def test_a_failed_control_becomes_a_hazard_and_closing_it_regrades_the_risk(
    browser_page: Any, server: Child
) -> None:
    page = browser_page
    identify_the_stove_risk(page)
    sync_now(page)
    risk_id, measure_id = _the_point(server)

    worker = ApiPhone(server)
    try:
        _worker_fails_the_item(worker, risk_id, measure_id)
        worker.rectify("已更换报警器探头，测试报警正常", seed=5, title=FAILED)
    finally:
        worker.http.close()

    review = page.get_by_role("button", name="验收通过")
    pull_until(page, "待验收 (1)")
    open_inbox_row(page, FAILED, review)
    review.click()
    close = page.get_by_role("button", name="销号")
    expect(close).to_be_visible()
    close.click()
    page.get_by_role("alertdialog").get_by_role("button", name="销号").click()
    expect(page.get_by_text("已销号").first).to_be_visible()
    shot(page, SHOTS, "01-closed")

    save = page.get_by_role("button", name="保存复评")
    open_inbox_row(page, f"请复评：{NAME}", save)
    shot(page, SHOTS, "02-reassess")
    tap(page.get_by_role("button", name="风险复评"), page.get_by_text("重新分级", exact=True))
    page.get_by_text("重新分级", exact=True).click()
    l_factor = page.get_by_role("button", name="L", exact=True)
    tap(l_factor, page.get_by_text("10", exact=True).last)
    page.get_by_text("10", exact=True).last.click()
    expect(page.get_by_text("重大风险（红）：D ≥ 320")).to_be_visible()
    type_into(page, "原因", "报警器失效，后果严重")
    shot(page, SHOTS, "03-regrade")
    tap(save, page.get_by_text("辨识建档"))
    shot(page, SHOTS, "04-record")
    sync_now(page)

    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        record = http.get(f"/v1/risks/{risk_id}", headers=login(http, "manager1")).json()
    steps = [(s["type"], s["entry"]["colour_before"], s["entry"]["colour_after"])
             for s in record["timeline"]]  # fmt: skip
    assert steps == [
        ("risk.identified", None, "orange"),
        ("risk.measure_added", None, None),
        ("risk.reassessed", "orange", "red"),
    ]
    assert record["timeline"][-1]["actor"]["user_id"] == "manager1"
    assert "报警器失效" in record["timeline"][-1]["entry"]["detail"]
    [hazard] = record["hazards"]
    assert (hazard["title"], hazard["status"], hazard["measure_id"]) == (
        FAILED,
        "closed",
        measure_id,
    )


def _the_point(server: Child) -> tuple[str, str]:
    [point] = [p for p in reference_for(server, "worker1")["risk_point"] if p["name"] == NAME]
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        record = http.get(f"/v1/risks/{point['id']}", headers=login(http, "manager1")).json()
    [measure] = record["state"]["measures"]
    return str(point["id"]), str(measure["id"])


def _worker_fails_the_item(worker: ApiPhone, risk_id: str, measure_id: str) -> None:
    """The stove card's gas alarm item fails: the report the worker's phone makes of it."""
    tenant = next(e["tenant"] for e in worker.events() if e["type"] == "hazard.reported")
    payload = {
        "title": FAILED,
        "post_id": "P-STOVE",
        "card_id": "CARD-STOVE",
        "item_id": "4",
        "risk_id": risk_id,
        "measure_id": measure_id,
        "source": 9,  # 管控措施失效
        "photos": [worker.photo(tenant, 4)],
    }
    worker.push(tenant, f"H-{uuid.uuid4().hex[:10]}", "hazard.reported", payload, 0)
