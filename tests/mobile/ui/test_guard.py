"""A failing handler shows a message and leaves the app usable instead of ending the session."""

from __future__ import annotations

import asyncio
import inspect

import flet as ft
import pytest

from mobile.ui import guard
from mobile.ui.app import PhoneApp
from mobile.ui.guard import guard_handlers, guarded
from tests.mobile.ui.fakes import click

SHOWS_A_MESSAGE = PhoneApp._handler_failed  # before the test tree makes failures raise


def boom() -> None:
    raise OSError("No space left on device")


def test_a_failing_handler_is_reported_and_swallowed_keeping_its_shape():
    seen: list[BaseException] = []
    sync_no_event = guarded(boom, seen.append)
    assert sync_no_event() is None and isinstance(seen[-1], OSError)
    assert list(inspect.signature(sync_no_event).parameters) == []

    async def takes(event: object) -> str:
        return f"got {event}"

    wrapped = guarded(takes, seen.append)
    assert inspect.iscoroutinefunction(wrapped)
    assert asyncio.run(wrapped("tap")) == "got tap"
    assert len(inspect.signature(wrapped).parameters) == 1


def test_each_handler_in_a_tree_is_wrapped_once():
    button = ft.Button("x", on_click=boom)
    root = ft.Column([ft.Row([button])])
    guard_handlers(root, lambda _: None)
    first = button.on_click
    guard_handlers(root, lambda _: None)
    assert button.on_click is first and first is not boom
    assert first in guard._GUARDED


def test_the_app_shows_a_message_when_a_handler_fails(ui, monkeypatch: pytest.MonkeyPatch):
    app, page = ui
    monkeypatch.setattr(PhoneApp, "_handler_failed", SHOWS_A_MESSAGE)
    app.go("/report")
    app.state.hazard.title = "地面油污"
    app.state.hazard.no_photo_reason = "手机没电"
    monkeypatch.setattr("mobile.ui.hazard_report.report_hazard", lambda *_: boom())
    click(page, "hazard-submit")
    assert any("这一步没有成功" in text for text in page.snacks())
    assert page.view.route == "/report"
