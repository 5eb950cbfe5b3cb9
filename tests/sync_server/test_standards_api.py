"""GET /v1/standards: the library and its version for anyone signed in."""

from __future__ import annotations

import io

import pytest

from sync_server.standards import shipped_library
from tests.sync_server.builders import build_world
from tests.sync_server.lists.workbooks import load_workbook


@pytest.fixture
def world(client):
    return build_world(client)


def test_the_library_is_served_with_its_version(client, world):
    answer = client.get("/v1/standards", headers=world.auth("worker1"))
    assert answer.status_code == 200
    body = answer.json()
    assert body["version"] == shipped_library().version
    assert (len(body["standards"]), len(body["small_place_standards"])) == (71, 21)


def test_one_standard_is_served_by_its_code(client, world):
    answer = client.get("/v1/standards/PC-11-04", headers=world.auth("worker1"))
    assert answer.status_code == 200
    assert answer.json()["title"] == "可燃气体报警与紧急切断"


def test_an_unknown_code_is_a_clear_not_found(client, world):
    answer = client.get("/v1/standards/PC-99-01", headers=world.auth("worker1"))
    assert (answer.status_code, answer.json()["code"]) == (404, "ref.unknown")


def test_the_library_is_a_workbook_with_a_row_per_standard(client, world):
    answer = client.get("/v1/standards.xlsx", headers=world.auth("worker1"))
    assert answer.status_code == 200
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["类别（2026.1）", "隐患排查标准", "十小检查标准"]
    assert [book[name].max_row - 1 for name in book.sheetnames] == [12, 71, 21]
    rows = book["隐患排查标准"].iter_rows(values_only=True)
    gas = next(row for row in rows if row[1] == "PC-11-04")
    assert gas[0] == "11 餐饮燃气使用"
    assert "第三十六条" in gas[10]  # the legal basis, cited with its clause
