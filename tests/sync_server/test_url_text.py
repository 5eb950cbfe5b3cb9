"""A control character anywhere in a URL, or in a sign-in name, is a 422 problem on both databases.

PostgreSQL refuses NUL inside text: before the edge checked URLs once, each route that passed a
path or query value to the database had to remember to refuse it, and some answered 500.
"""

from __future__ import annotations

import pytest

from sync_server.demo import seed_demo
from sync_server.url_text import _first_bad_part
from tests.sync_server.test_sync import sign_in


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


URLS = [
    "/v1/users/worker1%00/disable",
    "/v1/scores/enterprises/9113%00",
    "/v1/scores/grid/U%00/trend",
    "/v1/standards/SX%0001",
    "/v1/sync/pull?cursor=0&limit=5&x=%00",
    "/v1/documents/ledger.xlsx?tenant=91%00&from=2026-11-01&to=2026-11-30",
    "/v1/supervision/due?grid_unit=%07",
    "/v1/blobs/91%00/abc/display",
]


@pytest.mark.parametrize("url", URLS)
def test_a_control_character_in_any_url_is_refused_before_a_route_reads_it(world, client, url):
    method = "POST" if url.endswith("/disable") else "GET"
    answer = client.request(method, url, headers=sign_in(client, "admin"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "invalid_input"


def test_a_sign_in_name_with_a_nul_is_refused_not_looked_up(world, client):
    answer = client.post("/v1/auth/login", json={"username": "worker1\u0000", "password": "x"})
    assert answer.status_code == 422, answer.text


@pytest.mark.parametrize(
    ("path", "query", "where"),
    [
        ("/v1/sync/pull", b"cursor=0", None),
        ("/v1/sync/pull", b"cursor=%E5%8E%A8%E6%88%BF", None),  # Chinese is text, not control
        ("/v1/a\u0000b", b"", "path"),
        ("/v1/sync/pull", b"cursor=%1b", "query parameter 'cursor'"),
        ("/v1/sync/pull", b"%7f=1", "query parameter '\\x7f'"),
    ],
)
def test_the_first_bad_part_of_a_url_is_named(path, query, where):
    assert _first_bad_part(path, query) == where
