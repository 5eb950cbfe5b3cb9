"""The API docs pages work on an intranet: every script, style and icon they load is served here."""

from __future__ import annotations

import re

import pytest


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_the_docs_pages_load_only_from_this_server_and_everything_they_load_answers(client, page):
    html = client.get(page).text
    loaded = re.findall(r"""(?:src|href)=["']([^"']+)["']|(?:url): *["']([^"']+)["']""", html)
    urls = [a or b for a, b in loaded]
    assert urls, html
    assert not [url for url in urls if not url.startswith("/")], "a URL off this server"
    for url in urls:
        answer = client.get(url)
        assert answer.status_code == 200, url
        assert len(answer.content) > 100, url


def test_swagger_ui_is_a_version_that_renders_openapi_3_1(client):
    assert client.get("/openapi.json").json()["openapi"].startswith("3.1")
    bundle = client.get("/docs-assets/swagger-ui-bundle.js").text
    assert re.search(r'"5\.\d+\.\d+"', bundle)  # Swagger UI 4 shows 3.1 as "no valid version"
