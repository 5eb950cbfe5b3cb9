"""A phone record with the demo kitchen's reference data, in memory."""

from __future__ import annotations

import pytest

from mobile.local_record import LocalRecord
from mobile.services.catalog import PostCard, my_posts
from mobile.store import MemoryStore
from tests.mobile.world import WORKER, load_reference


@pytest.fixture
def kitchen() -> LocalRecord:
    """worker1's record after the first sync (reference data, no events)."""
    store = MemoryStore(device_id="phone-test")
    load_reference(store)
    return LocalRecord(store)


@pytest.fixture
def stove(kitchen: LocalRecord) -> PostCard:
    [post] = my_posts(kitchen.store, WORKER)
    return post
