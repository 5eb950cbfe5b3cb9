"""What the end-to-end tests ask the demo server directly, as a user's phone would."""

from __future__ import annotations

from typing import Any

import httpx

from tests.mobile.e2e.processes import ANSWER_TIMEOUT_S, Child

PASSWORD = "demo1234"
"""Every demo account's password."""


def login(http: httpx.Client, user: str) -> dict[str, str]:
    """The headers that carry ``user``'s bearer token."""
    token = http.post("/v1/auth/login", json={"username": user, "password": PASSWORD})
    return {"authorization": f"Bearer {token.json()['access_token']}"}


def pull(http: httpx.Client, headers: dict[str, str]) -> list[dict[str, Any]]:
    """Every event the server gives these headers' user, page after page from the start."""
    events: list[dict[str, Any]] = []
    cursor, more = 0, True
    while more:
        page = http.get("/v1/sync/pull", params={"cursor": cursor}, headers=headers).json()
        events += page["events"]
        cursor, more = page["next_cursor"], page["has_more"]
    return events


def pulled_by(server: Child, user: str) -> list[dict[str, Any]]:
    """Every event the server gives ``user``."""
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        return pull(http, login(http, user))


def reference_for(server: Child, user: str) -> dict[str, Any]:
    """The reference data (posts, QR keys, …) the server gives ``user``'s phone."""
    with httpx.Client(base_url=server.url, timeout=ANSWER_TIMEOUT_S) as http:
        reference: dict[str, Any] = http.get("/v1/reference", headers=login(http, user)).json()
        return reference
