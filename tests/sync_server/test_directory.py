"""An admin's directory: enterprises, their posts and grid units, searched and paged."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from sync_server.demo import KITCHEN, seed_demo

PASSWORD = "demo1234"


@pytest.fixture
def web(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    with TestClient(app) as client:
        yield client


def bearer(web: TestClient, user: str) -> dict[str, str]:
    answer = web.post("/v1/auth/login", json={"username": user, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"authorization": f"Bearer {answer.json()['access_token']}"}


def get(web: TestClient, user: str, path: str, **params: Any) -> Any:
    answer = web.get(path, params=params, headers=bearer(web, user))
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_an_admin_finds_an_enterprise_by_part_of_its_chinese_name(web):
    found = get(web, "admin", "/v1/users/enterprises", q="老街小厨")

    assert [place["id"] for place in found] == [KITCHEN]
    assert found[0]["name"] == "海港区老街小厨餐馆"


def test_the_enterprises_come_in_pages_by_id_without_overlap(web):
    first = get(web, "admin", "/v1/users/enterprises", limit=5)
    second = get(web, "admin", "/v1/users/enterprises", limit=5, offset=5)
    everything = get(web, "admin", "/v1/users/enterprises")

    ids = [place["id"] for place in first + second]
    assert ids == [place["id"] for place in everything][:10]
    assert len(set(ids)) == 10


def test_a_search_with_sql_wildcards_matches_them_literally(web):
    assert get(web, "admin", "/v1/users/enterprises", q="%") == []
    assert get(web, "admin", "/v1/users/enterprises", q="_") == []


def test_an_admin_reads_an_enterprises_posts_named_by_workshop_and_post(web):
    posts = get(web, "admin", f"/v1/users/enterprises/{KITCHEN}/posts")

    assert {"id": "P-STOVE", "place": "后厨 · 灶台岗"} in posts


def test_an_unknown_enterprises_posts_answer_404(web):
    answer = web.get("/v1/users/enterprises/NOPE/posts", headers=bearer(web, "admin"))

    assert answer.status_code == 404


def test_an_admin_finds_grid_units_to_place_an_official_in(web):
    found = get(web, "admin", "/v1/users/grid-units", q="海港")

    assert any(place["name"] == "海港区" for place in found)


@pytest.mark.parametrize("user", ["worker1", "manager1", "inspector1", "regulator1"])
def test_no_one_but_an_admin_reads_the_directory(web, user):
    headers = bearer(web, user)

    for path in (
        "/v1/users/enterprises",
        "/v1/users/grid-units",
        f"/v1/users/enterprises/{KITCHEN}/posts",
    ):
        assert web.get(path, headers=headers).status_code == 403


def test_an_admin_lists_only_the_inspectors_and_regulators_when_asked_by_role(web):
    found = get(web, "admin", "/v1/users", role=["inspector", "regulator"])

    assert {p["role"] for p in found} == {"inspector", "regulator"}
    assert "inspector1" in {p["user_id"] for p in found}
