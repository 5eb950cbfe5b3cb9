"""A safety manager's review end to end: the real app in Chromium at 390×844, the real server.

worker1 (through the API, as their phone would) fixes the kitchen's 灭火器压力不足 and reports
a 重大隐患. manager1 signs in, finds the fix under 待验收, rejects it with a reason, syncs;
worker1 fixes it again; manager1 accepts it and closes it (销号), syncs, and the server's
record holds rejected, accepted and closed in that order. Every manager screen is
photographed into ``test-artifacts/e2e/manager``: look at them.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
import uuid
from typing import Any

import httpx
from PIL import Image
from playwright.sync_api import expect

from shared.hlc import Hlc
from shared.ids import DeviceId
from tests.mobile.e2e.driving import shot, tap, type_into
from tests.mobile.e2e.processes import ANSWER_TIMEOUT_S, ARTIFACTS, Child
from tests.mobile.e2e.server_api import login, pull, pulled_by

SHOTS = ARTIFACTS / "e2e" / "manager"
TITLE = "灭火器压力不足"
MAJOR = "燃气管道穿墙处锈蚀漏气"
HOOD = "排油烟罩油垢积聚"
REASON = "压力表指针仍在红区，请重新充装"


class ApiPhone:
    """A user's phone played through the API: pushes what their app would push."""

    def __init__(self, server: Child, user: str = "worker1", role: str = "worker") -> None:
        self.http = httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S)
        self.headers = login(self.http, user)
        self.user, self.role = user, role
        self.device = f"e2e-{user}-{uuid.uuid4().hex[:8]}"
        self.seq = 0

    def events(self) -> list[dict[str, Any]]:
        return pull(self.http, self.headers)

    def hazard(self, title: str) -> tuple[str, str, int]:
        """The id, tenant and version (events so far) of the kitchen's hazard called ``title``."""
        events = self.events()
        [report] = [
            e for e in events if e["type"] == "hazard.reported" and e["payload"]["title"] == title
        ]
        hazard_id = report["aggregate"]["id"]
        version = sum(1 for e in events if e["aggregate"]["id"] == hazard_id)
        return hazard_id, report["tenant"], version

    def photo(self, tenant: str, seed: int) -> dict[str, Any]:
        out = io.BytesIO()
        Image.effect_noise((640, 480), 30 + seed).convert("RGB").save(out, "JPEG", quality=80)
        data = out.getvalue()
        sha = hashlib.sha256(data).hexdigest()
        answer = self.http.put(
            f"/v1/blobs/{tenant}/{sha}/upload",
            params={"offset": 0, "size": len(data)},
            content=data,
            headers=self.headers,
        )
        assert answer.json()["status"] == "verified", answer.text
        return {"sha256": sha, "size": len(data)}

    def push(
        self, tenant: str, hazard_id: str, kind: str, payload: dict[str, Any], base: int
    ) -> None:
        self.seq += 1
        stamp = Hlc(wall_ms=int(time.time() * 1000), counter=0, device=DeviceId(self.device))
        event = {
            "event_id": str(uuid.uuid4()),
            "device_id": self.device,
            "device_seq": self.seq,
            "actor": {"user_id": self.user, "role": self.role, "tenant": tenant},
            "tenant": tenant,
            "aggregate": {"type": "hazard", "id": hazard_id},
            "type": kind,
            "payload": payload,
            "hlc": stamp.encode(),
            "base_version": base,
        }
        answer = self.http.post(
            "/v1/sync/push",
            json={"device_id": self.device, "events": [event]},
            headers=self.headers,
        )
        [result] = answer.json()["results"]
        assert result["status"] == "accepted", result

    def rectify(self, note: str, seed: int, title: str = TITLE) -> None:
        hazard_id, tenant, version = self.hazard(title)
        photo = self.photo(tenant, seed)
        payload = {"note": note, "photos": [photo]}
        self.push(tenant, hazard_id, "hazard.rectified", payload, version)

    def decide(self, kind: str, payload: dict[str, Any], title: str, base: int) -> None:
        hazard_id, tenant, _ = self.hazard(title)
        self.push(tenant, hazard_id, kind, payload, base)

    def report_major(self) -> None:
        _, tenant, _ = self.hazard(TITLE)
        photo = self.photo(tenant, 9)
        payload = {"title": MAJOR, "grade": "major", "location": "后厨西墙", "photos": [photo]}
        self.push(tenant, str(uuid.uuid4()), "hazard.reported", payload, 0)


def test_a_manager_rejects_then_accepts_and_closes_a_fix(
    browser_page: Any, server: Child, phone: Child
) -> None:
    review_the_fix(browser_page, server)


def to_tab(page: Any, name: str, shows: Any) -> None:
    """A tab, from a sub-screen too (sub-screens have a back arrow instead of the tabs)."""
    tab = page.get_by_role("tab", name=name)
    tabs = page.get_by_role("tab", name="设置")
    if not tabs.count():
        tap(page.get_by_label("返回"), tabs)  # every sub-screen's back leads to a tab
    tap(tab, shows)


def sync_now(page: Any) -> None:
    """立即同步, until the outbox is empty and the loop idle (everything the phone made is sent)."""
    to_tab(page, "同步", page.get_by_text("待同步记录"))
    page.get_by_role("button", name="立即同步").click()
    expect(page.get_by_text("全部已同步")).to_be_visible()
    expect(page.get_by_text("已连接", exact=True)).to_be_visible()


def pull_until(page: Any, shows: str) -> None:
    """Sync until the inbox shows ``shows``: what others pushed may need a round to come down."""
    for attempt in range(5):
        sync_now(page)
        to_tab(page, "待办", page.get_by_text(re.compile(r"待验收|没有等你")).first)
        try:
            expect(page.get_by_text(shows)).to_be_visible(timeout=3000)
            return
        except AssertionError:
            if attempt == 4:
                raise


def open_inbox_row(page: Any, title: str, shows: Any) -> None:
    to_tab(page, "待办", page.get_by_text(re.compile(r"待验收|没有等你")).first)
    tap(page.get_by_role("button", name=re.compile(title)).first, shows)


def review_the_fix(page: Any, server: Child) -> None:
    worker = ApiPhone(server)
    try:
        walk_through(page, server, worker)
    finally:
        worker.http.close()


def walk_through(page: Any, server: Child, worker: ApiPhone) -> None:
    worker.rectify("已送检重新充装两具灭火器", seed=1)
    worker.report_major()

    type_into(page, "用户名", "manager1")
    type_into(page, "密码", "demo1234")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("tab", name="待办")).to_be_visible()
    pull_until(page, "待验收 (1)")  # the first sync brings the enterprise's record
    expect(page.get_by_text(re.compile(r"重大隐患 \(1\)"))).to_be_visible()
    shot(page, SHOTS, "01-inbox")

    review = page.get_by_role("button", name="验收通过")
    open_inbox_row(page, TITLE, review)
    expect(page.get_by_text("已送检重新充装两具灭火器")).to_be_visible()
    shot(page, SHOTS, "02-review")
    page.get_by_role("button", name="驳回").click()
    expect(page.get_by_text("请填写理由。")).to_be_visible()
    shot(page, SHOTS, "03-review-reason-needed")
    type_into(page, "驳回理由（驳回时必填）", REASON)
    page.get_by_role("button", name="驳回").click()
    expect(page.get_by_text("处理记录")).to_be_visible()
    expect(page.get_by_text("驳回理由", exact=True)).to_be_visible()  # the reason is selectable
    expect(page.get_by_text("整改中", exact=True).first).to_be_visible()
    shot(page, SHOTS, "04-detail-rejected")
    sync_now(page)
    shot(page, SHOTS, "05-sync-done")

    worker.rectify("重新充装后压力表指针在绿区", seed=2)
    pull_until(page, "待验收 (1)")
    open_inbox_row(page, TITLE, review)
    expect(page.get_by_text("重新充装后压力表指针在绿区")).to_be_visible()
    shot(page, SHOTS, "06-review-again")
    review.click()
    close = page.get_by_role("button", name="销号")
    expect(close).to_be_visible()
    shot(page, SHOTS, "07-detail-accepted")
    close.click()
    expect(page.get_by_text("确认整改已完成并验收", exact=False)).to_be_visible()
    shot(page, SHOTS, "08-close-confirm")
    page.get_by_role("alertdialog").get_by_role("button", name="销号").click()
    expect(page.get_by_text("已销号").first).to_be_visible()
    shot(page, SHOTS, "09-detail-closed")
    sync_now(page)

    record = [e for e in pulled_by(server, "manager1") if e["payload"].get("title") == TITLE]
    [hazard_id] = {e["aggregate"]["id"] for e in record}
    steps = [
        e["type"]
        for e in sorted(pulled_by(server, "manager1"), key=lambda e: e["server_seq"])
        if e["aggregate"]["id"] == hazard_id and e["actor"]["user_id"] == "manager1"
    ]
    assert steps[-3:] == ["hazard.rejected", "hazard.accepted", "hazard.closed"]

    to_tab(page, "本企业", page.get_by_text("今日检查卡（按岗位）"))
    shot(page, SHOTS, "10-enterprise")
    to_tab(page, "隐患", page.get_by_text("本企业隐患"))
    shot(page, SHOTS, "11-hazards")
    open_inbox_row(page, MAJOR, page.get_by_role("button", name="保存上报"))
    shot(page, SHOTS, "12-major")
    type_into(page, "主管部门", "海港区应急管理局")
    page.get_by_role("button", name="保存上报").click()
    expect(page.get_by_role("button", name="保存治理方案")).to_be_visible()
    shot(page, SHOTS, "13-major-reported")

    to_tab(page, "待办", page.get_by_text(re.compile("待指派")).first)
    tap(
        page.get_by_role("button", name=re.compile(HOOD)).first,
        page.get_by_role("button", name="保存指派"),
    )
    type_into(page, "整改期限（年-月-日）", "2020-01-01")
    type_into(page, "整改资金（元，可不填）", "-5")
    page.get_by_role("button", name="保存指派").click()
    expect(page.get_by_text("期限不能早于今天。")).to_be_visible()
    shot(page, SHOTS, "14-assign-refused")

    # Two offline decisions on one fix (an accept and a reject made on two phones) conflict.
    worker.rectify("当场清洗滤网", seed=3, title=HOOD)
    _, _, version = worker.hazard(HOOD)
    one, other = (
        ApiPhone(server, "manager1", "safety_manager"),
        ApiPhone(server, "manager1", "safety_manager"),
    )
    try:
        one.decide("hazard.accepted", {"comment": "已清洗"}, HOOD, version)
        other.decide("hazard.rejected", {"reason": "滤网仍有油垢"}, HOOD, version)
    finally:
        one.http.close()
        other.http.close()
    pull_until(page, "冲突待确认 (1)")
    tap(
        page.get_by_role("button", name=re.compile(HOOD)).first,
        page.get_by_role("button", name="确认处理"),
    )
    expect(page.get_by_text("滤网仍有油垢")).to_be_visible()
    shot(page, SHOTS, "15-conflict")
    type_into(page, "处理理由（必填）", "现场复核滤网仍有油垢，维持驳回")
    page.get_by_role("button", name="确认处理").click()
    expect(page.get_by_text("处理记录")).to_be_visible()
    sync_now(page)
    resolved = [e for e in pulled_by(server, "manager1") if e["type"] == "hazard.conflict_resolved"]
    assert [e["payload"]["reason"] for e in resolved] == ["现场复核滤网仍有油垢，维持驳回"]
