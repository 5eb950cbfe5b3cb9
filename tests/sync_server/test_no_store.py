"""No shared cache keeps a /v1 answer: tokens, pull pages, reference data, notices."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sync_server.demo import seed_demo


@pytest.fixture
def web(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    with TestClient(app) as client:
        yield client


def test_tokens_pull_reference_and_refusals_say_no_store(web):
    # Issue 13 item 14: /v1/reference (QR keys), pull and notices had no Cache-Control.
    login = web.post("/v1/auth/login", json={"username": "manager1", "password": "demo1234"})
    bearer = {"authorization": f"Bearer {login.json()['access_token']}"}
    answers = [
        login,
        web.get("/v1/reference", headers=bearer),
        web.get("/v1/sync/pull", headers=bearer),
        web.get("/v1/auth/me", headers=bearer),
        web.get("/v1/auth/me"),  # a refusal too
    ]
    assert [answer.headers.get("cache-control") for answer in answers] == ["no-store"] * 5


def test_health_outside_v1_is_left_as_it_was(web):
    assert "cache-control" not in web.get("/health").headers
