"""The ranking of a grid unit as .xlsx: best month score first, the scale on top."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook  # type: ignore[import-untyped]

from tests.sync_server.builders import login
from tests.sync_server.scoring.test_views import scored  # noqa: F401  (the fixture)
from tests.sync_server.scoring_world import CITY, CLEAN, PASSWORD, VILLAGE


def download(client: TestClient, user: str, path: str) -> tuple[int, bytes, dict[str, str]]:
    token = login(client, user, PASSWORD)
    answer = client.get(path, headers={"authorization": f"Bearer {token}"})
    return answer.status_code, answer.content, dict(answer.headers)


def test_the_regulator_exports_the_units_ranking_with_lights_and_hazard_counts(scored):  # noqa: F811
    status, data, headers = download(scored, "regulator", f"/v1/scores/grid/{CITY}/export.xlsx")
    assert status == 200, data[:300]
    assert headers["content-type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in headers["content-disposition"]
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "模拟市 企业评分排名 · 2026-03-04"
    assert rows[1][0].startswith("等级：优秀 ≥90 · 良好 ≥75 · 一般 ≥60 · 较差 <60")
    assert rows[2][:4] == ("名次", "企业", "网格", "月度得分")
    ranked = rows[3:]
    assert len(ranked) == 4 and {r[2] for r in ranked} == {VILLAGE}
    months = [r[3] for r in ranked]
    assert months == sorted(months, reverse=True)
    assert ranked[0][0] == 1 and all(r[5] in {"优秀", "良好", "一般", "较差"} for r in ranked)
    assert all(isinstance(r[8], int) and isinstance(r[10], int) for r in ranked)


def test_workers_and_managers_get_no_ranking(scored):  # noqa: F811
    status, _, _ = download(scored, "worker-T-CLEAN", f"/v1/scores/grid/{VILLAGE}/export.xlsx")
    assert status == 403


def test_the_ranking_workbook_has_the_units_lights_and_the_hazard_counts_of_its_dashboard(
    scored,  # noqa: F811
):
    status, data, _ = download(scored, "regulator", f"/v1/scores/grid/{CITY}/export.xlsx")
    assert status == 200
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["排名", "亮灯", "隐患统计"]
    ranked = list(book["排名"].iter_rows(values_only=True))[3:]
    lit = list(book["亮灯"].iter_rows(values_only=True))[2:]
    assert sorted(r[1] for r in lit) == sorted(r[1] for r in ranked if r[6])
    assert [r[0] for r in lit] == sorted((r[0] for r in lit), key=lambda c: c != "红灯")
    token = login(scored, "regulator", PASSWORD)
    shown = scored.get(
        f"/v1/scores/grid/{CITY}/hazards", headers={"authorization": f"Bearer {token}"}
    ).json()
    counts = {r[0]: r[1:4] for r in book["隐患统计"].iter_rows(values_only=True) if r and r[0]}
    total_major = sum(g.get("major", 0) for g in shown["by_status"].values())
    states = [v for k, v in counts.items() if k not in ("其中逾期",) and isinstance(v[1], int)]
    assert sum(v[1] for v in states) == total_major
    overdue = shown["overdue"]
    assert counts["其中逾期"] == (
        overdue["general"],
        overdue["major"],
        overdue["general"] + overdue["major"],
    )


def test_the_inspectors_due_list_exports_in_its_order_with_every_reason_in_words(scored):  # noqa: F811
    token = login(scored, "inspector", PASSWORD)
    auth = {"authorization": f"Bearer {token}"}
    due = scored.get("/v1/supervision/due?on=2026-03-05", headers=auth).json()
    answer = scored.get("/v1/supervision/due.xlsx?on=2026-03-05", headers=auth)
    assert answer.status_code == 200
    assert "attachment" in answer.headers["content-disposition"]
    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))
    assert rows[0][0].endswith("待检企业 · 2026-03-05")
    assert rows[2][:3] == ("序号", "应检日期", "是否逾期")
    lines = rows[3:]
    assert sorted(r[3] for r in lines) == sorted(line["name"] for line in due)
    assert [r[1] for r in lines] == sorted(r[1] for r in lines)  # none overdue: by due day
    assert {r[10] for r in lines} == {"年度计划检查"}
    assert {r[9] for r in lines} == {"B 类：每年 2 次"}
    assert download(scored, f"worker-{CLEAN}", "/v1/supervision/due.xlsx")[0] == 403


def test_a_signed_link_opens_the_ranking_without_a_token_and_only_that(scored):  # noqa: F811
    token = login(scored, "regulator", PASSWORD)
    auth = {"authorization": f"Bearer {token}"}
    link = scored.get(f"/v1/exports/link?doc=ranking&unit={CITY}", headers=auth)
    assert link.status_code == 200, link.text
    path = link.json()["path"]
    opened = scored.get(path)  # no token: the browser's
    assert opened.status_code == 200
    assert load_workbook(io.BytesIO(opened.content)).sheetnames == ["排名", "亮灯", "隐患统计"]
    forged = path.replace("ranking.xlsx", "due.xlsx")
    assert scored.get(forged).status_code == 404
    assert scored.get(path.replace("sig=", "sig=0")).status_code == 404
    due = scored.get("/v1/exports/link?doc=due", headers=auth).json()["path"]
    assert scored.get(due).status_code == 200
    assert scored.get("/v1/exports/link?doc=ranking", headers=auth).status_code == 422
