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


@pytest.mark.parametrize(
    ("sent", "status"),
    [
        (None, 200),  # a phone that keeps no copy
        ("kept", 304),  # the tag of the library the server has
        ("W/kept", 304),  # the same, weak
        ('"2025.1-0000000000000000"', 200),  # an older library
        ('"2025.1-0000000000000000", kept', 304),  # one of several
    ],
    ids=["none", "current", "current weak", "older", "one of several"],
)
def test_the_library_travels_only_when_the_phones_copy_is_not_the_current_one(
    client, world, sent, status
):
    first = client.get("/v1/standards", headers=world.auth("worker1"))
    tag = first.headers["etag"]
    assert shipped_library().version in tag
    headers = world.auth("worker1")
    if sent is not None:
        headers["if-none-match"] = sent.replace("kept", tag)
    answer = client.get("/v1/standards", headers=headers)
    assert (answer.status_code, answer.headers["etag"]) == (status, tag)
    assert (answer.content == b"") == (status == 304)


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
