"""The ranking of a grid unit as .xlsx: best month score first, the scale on top."""

from __future__ import annotations

import io

from fastapi.testclient import TestClient
from openpyxl import load_workbook  # type: ignore[import-untyped]

from tests.sync_server.builders import login
from tests.sync_server.scoring.test_views import scored  # noqa: F401  (the fixture)
from tests.sync_server.scoring_world import CITY, PASSWORD, VILLAGE


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
