"""GET /v1/standards: the library and its version for anyone signed in."""

from __future__ import annotations

import pytest

from sync_server.standards import shipped_library
from tests.sync_server.builders import build_world


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
