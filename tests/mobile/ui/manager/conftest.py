"""manager1's phone (the kitchen's safety manager) after the first sync, offline."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mobile.ui.app import PhoneApp
from mobile.wiring import Phone
from tests.mobile.ui.fakes import FakePage
from tests.mobile.world import MANAGER, load_reference, sign_in_offline


@pytest.fixture
def phone(make_phone: Callable[..., Phone]) -> Phone:
    made = make_phone()
    sign_in_offline(made.store, MANAGER)
    load_reference(made.store)
    return made


@pytest.fixture
def ui(phone: Phone, open_app: Callable[..., Any]) -> tuple[PhoneApp, FakePage]:
    """manager1's app on 待办, offline."""
    shown: tuple[PhoneApp, FakePage] = open_app(phone)
    return shown
