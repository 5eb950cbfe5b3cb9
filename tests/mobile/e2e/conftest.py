"""Fixtures of the end-to-end tests: the real server, the real app and a phone-sized page.

Each test module names its screenshot folder in a module-level ``SHOTS``; the children's logs
(``server.log``, ``app.log``) go there too, and a failed story leaves its last screen
(``failure.png``) and accessibility tree (``failure-semantics.html``) beside them.

``make test`` runs the stories on their own after the parallel part (Makefile ``SERIAL``): they
start a server, an app and a Chromium each, and beside other work on 2 cores taps starve.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.mobile.e2e.driving import WAIT_MS, keep_failure
from tests.mobile.e2e.processes import Child, launch_browser, open_phone, phone_app, sync_server

FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Remember whether the story itself failed, for ``browser_page`` to keep the evidence."""
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


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
def browser_page(request: pytest.FixtureRequest, shots: Path, phone: Child) -> Iterator[Any]:
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        page = open_phone(browser, phone.url)
        page.set_default_timeout(WAIT_MS)
        expect.set_options(timeout=WAIT_MS)
        try:
            yield page
            if request.node.stash.get(FAILED, False):
                keep_failure(page, shots)
        finally:
            browser.close()
