"""The 四色图 end to end: manager1 uploads the kitchen's site plan and places its gas risk.

The real app in Chromium at 390×844 against the real server. manager1 opens 本企业 → 四色图,
picks the plan from 相册 (the file chooser), taps where the gas stove stands, and syncs. The
server then prints the picture on A4 with the plan and the pin; the screens and the printed
page (rendered to PNG) are kept in ``test-artifacts/e2e/risk-map``: look at them. Then the pin
is taken off the plan (移除标注): after sync the server's print lists the point as not placed.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from shared.payloads import risk_map_id
from tests.mobile.e2e.driving import pick, shot, tap
from tests.mobile.e2e.processes import ANSWER_TIMEOUT_S, ARTIFACTS, Child
from tests.mobile.e2e.server_api import login, pull
from tests.mobile.e2e.test_manager_onboarding import sign_in, sync_now
from tests.sync_server.lists.pdf_reading import pdf_images, pdf_text

SHOTS = ARTIFACTS / "e2e" / "risk-map"


def floor_plan(folder: Path) -> Path:
    """A drawn floor plan as a manager would photograph it: walls and rooms on white."""
    image = Image.new("RGB", (1200, 800), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 1180, 780), outline="black", width=10)
    draw.line((640, 20, 640, 780), fill="black", width=8)
    draw.line((20, 420, 640, 420), fill="black", width=8)
    path = folder / "plan.jpg"
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    path.write_bytes(out.getvalue())
    return path


def test_a_manager_uploads_the_plan_taps_a_pin_and_the_server_prints_the_picture(
    browser_page: Any, server: Child, tmp_path: Path
) -> None:
    page = browser_page
    sign_in(page, "manager1", expect_tab="待办")
    open_map = page.get_by_role("button", name="四色图")
    tap(page.get_by_role("tab", name="本企业"), open_map)
    tap(open_map, page.get_by_text("尚无平面布置图", exact=False))
    expect(page.get_by_role("img", name="平面图：点击标注位置")).to_be_visible()
    shot(page, SHOTS, "01-no-plan")
    replace = page.get_by_role("button", name="更换平面布置图")
    pick(page, "上传平面布置图", floor_plan(tmp_path), replace)
    canvas = page.get_by_role("img", name="平面图：点击标注位置")
    box = canvas.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.75)
    expect(page.get_by_text("未标注")).to_have_count(0)  # the kitchen's one point is placed
    shot(page, SHOTS, "02-pinned")
    tap(page.get_by_label("返回"), page.get_by_role("tab", name="同步"))
    sync_now(page)
    tap(page.get_by_role("tab", name="本企业"), open_map)
    tap(open_map, page.get_by_role("button", name="更换平面布置图"))
    shot(page, SHOTS, "03-after-sync")

    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        headers = login(http, "manager1")
        [pinned] = [
            e
            for e in pull(http, headers)
            if e["type"] == "risk_map.pinned" and e["aggregate"]["id"] == risk_map_id(e["tenant"])
        ]
        assert abs(pinned["payload"]["x"] - 0.25) < 0.05
        assert abs(pinned["payload"]["y"] - 0.75) < 0.05
        printed = http.get("/v1/documents/risk-map.pdf", headers=headers, params={"paper": "A3"})
    assert printed.status_code == 200, printed.text
    text = pdf_text(printed.content)
    assert "安全风险四色分布图" in text and "已标注 1 个" in text
    assert len(pdf_images(printed.content)) == 1  # the plan itself, uploaded by the sync
    _keep_rendered(printed.content)

    tap(page.get_by_role("button", name="移除标注"), page.get_by_text("未标注"))
    shot(page, SHOTS, "05-unpinned")
    tap(page.get_by_label("返回"), page.get_by_role("tab", name="同步"))
    sync_now(page)
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        printed = http.get("/v1/documents/risk-map.pdf", headers=login(http, "manager1"))
    assert "已标注 0 个" in pdf_text(printed.content)


def _keep_rendered(pdf: bytes) -> None:
    """The printed sheet as a PNG beside the screenshots, to look at."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "04-printed-a3.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", "-singlefile", "04-printed-a3.pdf", "04-printed-a3"],
            cwd=SHOTS,
            check=True,
        )
