"""A ``PhoneApp`` on a fake page over a real phone store: every view test starts here."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from mobile.services.photo_capture import ThumbnailCache
from mobile.ui.app import PhoneApp
from mobile.wiring import Phone, build_phone
from tests.mobile.ui.fakes import FakePage, FakePhotos
from tests.mobile.world import MONDAY_10, load_reference, sign_in_offline

NO_SERVER = "http://127.0.0.1:9"
"""Port 9 (discard) refuses connections: a phone that is offline, quickly."""


class Clock:
    """A settable clock for the screens."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(autouse=True)
def handler_errors_fail_the_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app turns a failing handler into a message; in view tests the failure must show."""

    def reraise(_: PhoneApp, exc: BaseException) -> None:
        raise exc

    monkeypatch.setattr(PhoneApp, "_handler_failed", reraise)


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY_10)


@pytest.fixture
def make_phone(tmp_path: Path) -> Iterator[Callable[..., Phone]]:
    made: list[Phone] = []

    def make(server: str = NO_SERVER, name: str = "phone") -> Phone:
        made.append(build_phone(tmp_path / name, server))
        return made[-1]

    yield make
    for phone in made:
        phone.close()


@pytest.fixture
def phone(make_phone: Callable[..., Phone]) -> Phone:
    """worker1's phone after the first sync: signed in, the kitchen's posts and cards on it."""
    made = make_phone()
    sign_in_offline(made.store)
    load_reference(made.store)
    return made


@pytest.fixture
def photos() -> FakePhotos:
    return FakePhotos()


@pytest.fixture
def open_app(clock: Clock, photos: FakePhotos) -> Callable[..., Any]:
    """``open_app(phone, path)``: the app on a fake page, showing ``path``."""

    def open_(phone: Phone, path: str = "/") -> tuple[PhoneApp, FakePage]:
        page = FakePage(path)
        thumbs = ThumbnailCache(
            phone.photos, phone.engine.api, phone.session, spawn=lambda work: work()
        )
        app = PhoneApp(page, phone, photos=photos, thumbs=thumbs, clock=clock)  # type: ignore[arg-type]
        app.start(path)
        return app, page

    return open_


@pytest.fixture
def ui(phone: Phone, open_app: Callable[..., Any]) -> tuple[PhoneApp, FakePage]:
    """worker1's app on 今日, offline."""
    shown: tuple[PhoneApp, FakePage] = open_app(phone)
    return shown
