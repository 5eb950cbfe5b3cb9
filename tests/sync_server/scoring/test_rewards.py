"""The 奖惩 month over HTTP: the manager's whole table and its .xlsx, a worker's own row."""

from __future__ import annotations

import io
import json

from fastapi.testclient import TestClient
from openpyxl import load_workbook  # type: ignore[import-untyped]

from shared.events import AggregateType, EventType
from shared.payloads import HazardSource
from shared.roles import Role
from sync_server.scoring.config import CONFIG_FILE
from tests.sync_server.builders import login
from tests.sync_server.scoring.test_views import scored  # noqa: F401  (the fixture)
from tests.sync_server.scoring_world import (
    CLEAN,
    HIDE,
    MAJOR,
    PASSWORD,
    Phone,
    actor,
    app_engine,
    moment,
    post_of,
)

MARCH = "/v1/scores/rewards?month=2026-03"


def ask(client: TestClient, user: str, path: str) -> tuple[int, bytes, dict[str, str]]:
    token = login(client, user, PASSWORD)
    answer = client.get(path, headers={"authorization": f"Bearer {token}"})
    return answer.status_code, answer.content, dict(answer.headers)


def test_the_manager_sees_each_persons_cards_on_time_and_points_for_the_month(scored):  # noqa: F811
    token = login(scored, f"safety_manager-{MAJOR}", PASSWORD)
    answer = scored.get(MARCH, headers={"authorization": f"Bearer {token}"})
    assert answer.status_code == 200, answer.text
    month = answer.json()
    assert (month["tenant"], month["month"]) == (MAJOR, "2026-03")
    assert (month["first"], month["last"]) == ("2026-03-01", "2026-03-31")
    [worker] = [p for p in month["people"] if p["user_id"] == f"worker-{MAJOR}"]
    assert worker["cards_on_time"] == 6  # three days of a shift card and a daily card
    assert worker["points"] == 6 * month["rules"]["card_on_time"]


def test_a_worker_sees_only_their_own_row(scored):  # noqa: F811
    status, body, _ = ask(scored, f"worker-{CLEAN}", MARCH)
    assert status == 200
    assert b"safety_manager" not in body and f"worker-{CLEAN}".encode() in body


def test_the_manager_exports_the_month_as_a_workbook_with_the_rules_on_top(scored):  # noqa: F811
    status, data, headers = ask(
        scored, f"safety_manager-{MAJOR}", MARCH.replace("rewards", "rewards.xlsx")
    )
    assert status == 200, data[:300]
    assert headers["content-type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][0].endswith("奖惩积分 · 2026-03-01 至 2026-03-31")
    assert rows[1][0].startswith("积分规则：确认隐患 +3")
    assert rows[2][:4] == ("名次", "姓名", "账号", "按时检查卡")
    assert rows[3][2] == f"worker-{MAJOR}" and rows[3][3] == 6


def test_a_month_that_is_not_one_is_refused_with_a_problem_not_a_500(scored):  # noqa: F811
    for month in ("2026-13", "26-03", "2026-3"):
        status, body, _ = ask(
            scored, f"safety_manager-{MAJOR}", f"/v1/scores/rewards?month={month}"
        )
        assert status == 422, body[:200]


def test_a_worker_cannot_export_the_table(scored):  # noqa: F811
    status, _, _ = ask(scored, f"worker-{MAJOR}", MARCH.replace("rewards", "rewards.xlsx"))
    assert status == 403


def test_an_inspectors_finding_on_an_item_ticked_pass_the_same_day_is_charged_to_its_ticker(
    scored,  # noqa: F811
):
    engine = app_engine(scored.app)
    inspector = Phone(actor(Role.INSPECTOR), "phone-inspector")
    payload = {
        "title": "检查项2不合格",
        "source": int(HazardSource.ENFORCEMENT),
        "post_id": post_of(HIDE),
        "item_id": "2",
        "no_photo_reason": "现场拍照设备故障",
    }
    hazard = (AggregateType.HAZARD, f"H-FIND-{HIDE}")
    inspector.make(HIDE, hazard, EventType.HAZARD_REPORTED, payload, moment(2, 15))
    inspector.sync(engine)
    token = login(scored, f"safety_manager-{HIDE}", PASSWORD)
    month = scored.get(MARCH, headers={"authorization": f"Bearer {token}"}).json()
    [worker] = [p for p in month["people"] if p["user_id"] == f"worker-{HIDE}"]
    assert worker["concealments"] == 1
    assert worker["points"] == 6 * 0.5 - 10
    assert (
        "03-04 10:00 勾选合格，03-04 15:00 执法检查发现“检查项2不合格”不合格（瞒报）"
        in worker["reasons"]
    )
    assert month["people"][-1]["user_id"] == f"worker-{HIDE}"  # the fewest points last


def test_the_points_per_deed_are_the_data_folders_scoring_json(scored):  # noqa: F811
    rules = {"rewards": {"card_on_time": 2, "concealment": 5}}
    (scored.app.state.settings.data_dir / CONFIG_FILE).write_text(json.dumps(rules))
    token = login(scored, f"safety_manager-{MAJOR}", PASSWORD)
    month = scored.get(MARCH, headers={"authorization": f"Bearer {token}"}).json()
    assert month["rules"]["card_on_time"] == 2 and month["rules"]["confirmed_hazard"] == 3
    [worker] = [p for p in month["people"] if p["user_id"] == f"worker-{MAJOR}"]
    assert worker["points"] == 6 * 2
