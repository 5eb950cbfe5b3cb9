"""Fixtures of the end-to-end tests: the real server, the real app and a phone-sized page.

Each test module names its screenshot folder in a module-level ``SHOTS``; the children's logs
(``server.log``, ``app.log``) go there too.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.mobile.e2e.driving import WAIT_MS
from tests.mobile.e2e.processes import Child, launch_browser, open_phone, phone_app, sync_server


@pytest.fixture
def shots(request: pytest.FixtureRequest) -> Path:
    """The test module's screenshot folder: its ``SHOTS``."""
    folder = getattr(request.module, "SHOTS", None)
    assert isinstance(folder, Path), f"{request.module.__name__} names its folder in SHOTS"
    return folder


@pytest.fixture
def server(tmp_path: Path, shots: Path) -> Iterator[Child]:
    child = sync_server(tmp_path / "server", shots / "server.log")
    child.log.unlink(missing_ok=True)
    yield child.start()
    child.stop()


@pytest.fixture
def phone(tmp_path: Path, shots: Path, server: Child) -> Iterator[Child]:
    child = phone_app(tmp_path / "phone", shots / "app.log", server.url)
    child.log.unlink(missing_ok=True)
    yield child.start()
    child.stop()


@pytest.fixture
def browser_page(phone: Child) -> Iterator[Any]:
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = open_phone(browser, phone.url)
        page.set_default_timeout(WAIT_MS)
        expect.set_options(timeout=WAIT_MS)
        try:
            yield page
        finally:
            browser.close()
