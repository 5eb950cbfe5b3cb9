"""A regulator's city end to end: the real app in Chromium at 390×844 against the demo server.

regulator1 (秦海市) signs in, drills down 市→县→乡→村→企 and opens the 亮灯 tab. Then the key
scenario: the food factory's 重大隐患 is put under 挂牌督办 with a deadline already past, the
daily scoring runs (the ``score`` command, as the nightly job scores), and after a refresh the
regulator sees the factory red with the overdue reason. Every screen is photographed into
``test-artifacts/e2e/regulator``: look at them.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from playwright.sync_api import expect

from shared.events import EventType
from shared.ids import TenantId
from sync_server.demo.city import FOOD
from tests.factories import Device, regulator
from tests.mobile.e2e.driving import NEXT_FRAMES, shot, tap, type_into
from tests.mobile.e2e.processes import ANSWER_TIMEOUT_S, ARTIFACTS, ROOT, Child
from tests.mobile.e2e.server_api import login, pull

SHOTS = ARTIFACTS / "e2e" / "regulator"
CHINA = ZoneInfo("Asia/Shanghai")
FACTORY = "秦海市海丰食品有限公司"
OVERDUE = "1 项重大隐患逾期未整改"


def scroll(page: Any, pixels: int) -> None:
    page.mouse.move(195, 450)
    page.mouse.wheel(0, pixels)
    page.evaluate(NEXT_FRAMES)  # painted, not a fixed sleep


def unit(page: Any, name: str) -> Any:
    """A child unit's card (its button is named by all its lines)."""
    return page.get_by_role("button", name=re.compile("^" + re.escape(name)))


# An enterprise shows on the city screens in up to three sections, each a button named by all
# its lines; which of them exist depends on the demo history, so each locator names its
# section by the shape of its first line, never by the enterprise's name alone.


def ranked(page: Any, name: str) -> Any:
    """The enterprise's row in 企业排名: its place, then its name."""
    return page.get_by_role("button", name=re.compile(r"^\d+ " + re.escape(name) + " "))


def lit(page: Any, name: str, reason: str = "") -> Any:
    """The enterprise's card among the lights (亮灯 tab, or 红黄灯 on a unit): its name first."""
    pattern = "^" + re.escape(name) + r" [红黄]灯" + (".*" + re.escape(reason) if reason else "")
    return page.get_by_role("button", name=re.compile(pattern))


def overdue_row(page: Any, grade: str, title: str, name: str) -> Any:
    """A row of the overdue hazards under 隐患（当前）: grade, title, then the enterprise."""
    pattern = "^" + re.escape(f"{grade} {title} {name}")
    return page.get_by_role("button", name=re.compile(pattern))


def score(server: Child, first: date, last: date) -> None:
    """The scoring the nightly job does, through the ``score`` command on the server's data."""
    data = server.argv[server.argv.index("--data") + 1]
    argv = ["score", "--from", first.isoformat(), "--to", last.isoformat(), "--data", data]
    done = subprocess.run(
        [sys.executable, "-m", "sync_server", *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def history_scored(server: Child, yesterday: date, timeout_s: float = 120) -> None:
    """Wait for the server's own catch-up: on start it scores the demo's month of history."""
    deadline = time.monotonic() + timeout_s
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        headers = login(http, "regulator1")
        while time.monotonic() < deadline:
            answer = http.get("/v1/scores/latest", headers=headers)
            if answer.status_code == 200 and answer.json()["day"] == yesterday.isoformat():
                return
            time.sleep(0.5)
    raise AssertionError(f"the server did not score its history up to {yesterday}")


def supervise_overdue(server: Child, tenant: TenantId) -> str:
    """regulator1 puts the enterprise's 重大隐患 under 挂牌督办 with yesterday as its deadline."""
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        headers = login(http, "regulator1")
        # A regulator's phone pulls no events (it reads rollups): the county's inspector's does.
        events = pull(http, login(http, "inspector2"))
        mine = [e for e in events if e["tenant"] == tenant and e["aggregate"]["type"] == "hazard"]
        major = next(
            e["aggregate"]["id"]
            for e in mine
            if e["type"] == "hazard.reported" and e["payload"]["grade"] == "major"
        )
        version = sum(1 for e in mine if e["aggregate"]["id"] == major)
        # Placed a day and an hour ago with a deadline an hour later, which ran out yesterday:
        # a deadline must lie after the moment it is placed (hazard.bad_supervision).
        placed_ms = int(time.time() * 1000) - 25 * 3600 * 1000
        device = Device("regulator-e2e", regulator.model_copy(update={"grid_unit": "C-QH"}))
        device.tenant, device.clock_ms = tenant, placed_ms
        yesterday = datetime.now(CHINA) - timedelta(days=1)
        event = device.event(
            EventType.HAZARD_SUPERVISED,
            major,
            base=version,
            payload={"level": "市级", "deadline": yesterday.isoformat(), "note": "逾期未整改"},
        )
        pushed = http.post(
            "/v1/sync/push",
            json={"device_id": device.name, "events": [event.model_dump(mode="json")]},
            headers=headers,
        ).json()
        assert pushed["results"][0]["status"] == "accepted", pushed
        return str(major)


def test_a_regulator_drills_down_and_sees_an_overdue_major_hazard_turn_red(
    browser_page: Any, server: Child, phone: Child
) -> None:
    today = datetime.now(CHINA).date()
    history_scored(server, today - timedelta(days=1))
    walk_through_the_city(browser_page, server, today)


def county_map(page: Any) -> None:
    """企业地图 of 昌宁县: its ten enterprises on the plain canvas (no tiles), then back up."""
    drawn = page.get_by_role("img", name="网格企业分布图")
    for _ in range(30):  # scrolled down until it is on the screen, a wheel turn a frame
        box = drawn.bounding_box()
        if box is not None and box["y"] >= 60 and box["y"] + box["height"] <= 844:
            break
        scroll(page, 300)
    expect(drawn).to_be_visible()
    scroll(page, 60)  # the title above the canvas off, the first lines of its list in
    expect(page.get_by_text(re.compile(r"^\d+\. " + re.escape(FACTORY)))).to_have_count(1)
    shot(page, SHOTS, "05b-county-map")
    scroll(page, -10000)


def walk_through_the_city(page: Any, server: Child, today: date) -> None:
    sign_in = page.get_by_role("button", name="登录")
    type_into(page, "用户名", "regulator1")
    type_into(page, "密码", "demo1234")
    sign_in.click()
    expect(page.get_by_text("风险四色分布（风险点）")).to_be_visible()
    expect(page.get_by_text("秦海市", exact=True)).to_be_visible()  # the grid came with the sync
    shot(page, SHOTS, "01-city")
    before = today - timedelta(days=2)  # the day before the latest scored one
    tap(page.get_by_label("前一天"), page.get_by_text(f"{before.month}月{before.day}日 "))
    shot(page, SHOTS, "02-city-day-before")
    tap(page.get_by_label("后一天"), page.get_by_text("（最新）"))
    scroll(page, 900)
    shot(page, SHOTS, "03-city-ranking")
    scroll(page, 5000)
    expect(page.get_by_text("近30天趋势")).to_be_visible()
    shot(page, SHOTS, "04-city-hazards-risks-trends")
    scroll(page, -10000)

    tap(unit(page, "昌宁县（县）"), unit(page, "靖安镇（乡）"))
    shot(page, SHOTS, "05-county")
    county_map(page)
    tap(unit(page, "靖安镇（乡）"), unit(page, "靖安村（村）"))
    shot(page, SHOTS, "06-township")
    tap(unit(page, "靖安村（村）"), ranked(page, FACTORY))
    expect(page.get_by_text("下级网格")).to_have_count(0)  # a village: enterprises only
    shot(page, SHOTS, "07-village")
    tap(ranked(page, FACTORY), page.get_by_text(re.compile("评分日期")))
    expect(page.get_by_text("风险四色分布（风险点）")).to_have_count(0)
    shot(page, SHOTS, "08-enterprise")

    tap(page.get_by_label("返回"), ranked(page, FACTORY))  # back to the village it came from
    expect(page.get_by_text("下级网格")).to_have_count(0)
    for above in ("靖安村（村）", "靖安镇（乡）", "昌宁县（县）"):  # and up, a level a tap
        tap(page.get_by_label("返回"), unit(page, above))
    lights = page.get_by_role("tab", name="亮灯")
    lights_day = page.get_by_text(re.compile(r"红灯 \d+ · 黄灯 \d+"))
    tap(lights, lights_day)
    expect(lit(page, FACTORY, OVERDUE)).to_have_count(0)  # other lights come and go by the day
    shot(page, SHOTS, "09-lights-before")

    supervise_overdue(server, FOOD)
    score(server, today, today)  # the daily run
    risks = page.get_by_text("风险四色分布（风险点）")
    tap(page.get_by_role("tab", name="辖区"), risks)
    tap(lights, lights_day)
    expect(lit(page, FACTORY, OVERDUE)).to_be_visible()
    expect(lit(page, FACTORY, OVERDUE)).to_contain_text("红灯")
    shot(page, SHOTS, "10-lights-after")
    tap(page.get_by_role("tab", name="辖区"), risks)
    expect(lit(page, FACTORY, OVERDUE)).to_be_visible()  # 红黄灯 on the city's screen
    shot(page, SHOTS, "11-city-after")
    overdue = page.get_by_text(re.compile(r"逾期：一般 \d+ · 重大 1"))
    overdue.scroll_into_view_if_needed()
    expect(overdue).to_be_visible()
    expect(overdue_row(page, "重大", "污水池作业未办理审批", FACTORY)).to_be_visible()
    shot(page, SHOTS, "12-city-after-hazards")
