"""A worker proposes a risk point; the manager confirms it through the six steps (issue 17).

worker1's phone (played through the API) proposes what they saw at the stove: 油烟机管道积油很厚,
with 火灾 as the accident they fear. manager1, in the real app in Chromium at 390×844 against
the real server, finds it in 待办 (风险管控待办), opens it, taps 确认并建风险点 and saves the six
steps prefilled from it. After sync the server holds the new risk point (its timeline starts
with risk.identified) and the proposal's confirmation naming it, which worker1's phone pulls:
the worker sees the answer. Screens go to ``test-artifacts/e2e/proposal``: look at them.
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
from sync_server.demo import KITCHEN
from tests.mobile.e2e.driving import shot, tap
from tests.mobile.e2e.processes import ANSWER_TIMEOUT_S, ARTIFACTS, Child
from tests.mobile.e2e.server_api import login
from tests.mobile.e2e.test_manager_onboarding import sign_in
from tests.mobile.e2e.test_manager_review import ApiPhone, sync_now, to_tab

SHOTS = ARTIFACTS / "e2e" / "proposal"
SEEN = "油烟机管道积油很厚"


def test_a_workers_proposal_becomes_a_risk_point_the_manager_confirms(
    browser_page: Any, server: Child
) -> None:
    page = browser_page
    worker = ApiPhone(server)
    try:
        proposal = _propose(worker)
        sign_in(page, "manager1", expect_tab="待办")
        row = page.get_by_role("button", name=re.compile(f"员工建议风险点：{SEEN}"))
        _pull_until(page, row)
        shot(page, SHOTS, "01-todo")
        confirm = page.get_by_role("button", name="确认并建风险点（六步）")
        tap(row.first, confirm)
        shot(page, SHOTS, "02-proposal")
        tap(confirm, page.get_by_text(f"员工建议：{SEEN}"))
        expect(page.get_by_role("checkbox", name="火灾")).to_be_checked()
        shot(page, SHOTS, "03-six-steps-prefilled")
        tap(page.get_by_role("button", name="保存风险点"), page.get_by_text("辨识建档"))
        shot(page, SHOTS, "04-record")
        sync_now(page)

        [answer] = [
            e
            for e in worker.events()
            if e["aggregate"]["id"] == proposal and e["type"] == "risk_proposal.confirmed"
        ]
    finally:
        worker.http.close()
    risk_id = answer["payload"]["risk_id"]
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        record = http.get(f"/v1/risks/{risk_id}", headers=login(http, "manager1")).json()
    assert [step["type"] for step in record["timeline"]] == ["risk.identified"]
    assert record["state"]["name"] == SEEN and record["state"]["post_id"] == "P-STOVE"


def _propose(worker: ApiPhone) -> str:
    """The proposal worker1's phone makes: what they saw, the post, 火灾."""
    proposal = f"RP-{uuid.uuid4().hex[:12]}"
    worker.seq += 1
    stamp = Hlc(wall_ms=int(time.time() * 1000), counter=0, device=DeviceId(worker.device))
    event = {
        "event_id": str(uuid.uuid4()),
        "device_id": worker.device,
        "device_seq": worker.seq,
        "actor": {"user_id": worker.user, "role": worker.role, "tenant": KITCHEN},
        "tenant": KITCHEN,
        "aggregate": {"type": "risk_proposal", "id": proposal},
        "type": "risk_proposal.made",
        "payload": {
            "subject": "equipment",
            "seen": SEEN,
            "post_id": "P-STOVE",
            "location": "后厨灶台上方",
            "five_high": "equipment",
            "accident_types": ["fire"],
        },
        "hlc": stamp.encode(),
        "base_version": 0,
    }
    answer = worker.http.post(
        "/v1/sync/push",
        json={"device_id": worker.device, "events": [event]},
        headers=worker.headers,
    )
    [result] = answer.json()["results"]
    assert result["status"] == "accepted", result
    return proposal


def _pull_until(page: Any, shows: Any) -> None:
    """Sync until 待办 shows the proposal: what the worker pushed may need a round to come down."""
    for attempt in range(5):
        sync_now(page)
        to_tab(page, "待办", page.get_by_role("tab", name="同步"))
        try:
            expect(shows.first).to_be_visible(timeout=3000)
            return
        except AssertionError:
            if attempt == 4:
                raise
