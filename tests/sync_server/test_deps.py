"""Shared request parameters: days in queries are checked before any date arithmetic."""

from __future__ import annotations

import pytest

from sync_server.demo import KITCHEN, seed_demo


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


@pytest.mark.parametrize(
    ("username", "path"),
    [
        # Found by schemathesis: each of these answered 500 (OverflowError) for year 1 or 2.
        ("manager1", f"/v1/scores/enterprises/{KITCHEN}?to=0001-01-01"),
        ("inspector1", "/v1/supervision/due?on=0002-01-01"),
        ("inspector1", "/v1/scores/grid/X-HG?day=0001-01-01"),
        ("inspector1", "/v1/scores/lights?day=9999-12-31"),
        ("manager1", "/v1/documents/ledger.xlsx?from=0001-01-01&to=0001-01-02"),
    ],
)
def test_a_day_no_record_can_be_about_is_invalid_input_not_a_server_error(
    world, client, username, path
):
    token = client.post(
        "/v1/auth/login", json={"username": username, "password": "demo1234"}
    ).json()["access_token"]
    answer = client.get(path, headers={"authorization": f"Bearer {token}"})
    assert (answer.status_code, answer.json()["code"]) == (422, "invalid_input")
