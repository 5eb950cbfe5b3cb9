"""An inspector's phone (海港区: the kitchen and the lathe shop) with the app on a fake page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mobile.sync.reads import _doc_name
from mobile.wiring import Phone
from shared.ids import GridUnitId, UserId
from shared.roles import Actor, Role
from tests.mobile.world import KITCHEN, LATHES, load_reference, sign_in_offline

INSPECTOR = Actor(user_id=UserId("inspector1"), role=Role.INSPECTOR, grid_unit=GridUnitId("X-HG"))
REGULATOR = Actor(user_id=UserId("regulator1"), role=Role.REGULATOR, grid_unit=GridUnitId("C-QH"))


@pytest.fixture
def phone(make_phone: Callable[..., Phone]) -> Phone:
    """inspector1's phone after the first sync, offline."""
    made = make_phone()
    sign_in_offline(made.store, INSPECTOR)
    load_reference(made.store, (KITCHEN, LATHES))
    return made


def keep_read(phone: Phone, path: str, body: Any, at_ms: int = 1_764_460_800_000) -> None:
    """A server answer the phone fetched earlier (2025-11-30 08:00 China time by default)."""
    phone.store.write_doc(_doc_name(path, None), {"body": body, "at_ms": at_ms})
