"""The standards library on the phone: fetched once, kept for a day, shown offline when kept."""

from __future__ import annotations

import httpx
import pytest

from mobile.services.standards import RECHECK_MS, standards_library
from mobile.store import MemoryStore
from mobile.sync.api import SyncApi
from mobile.sync.errors import Offline
from mobile.sync.reads import QUIET_MS, ServerReads
from mobile.sync.session import SessionKeeper
from sync_server.standards import LIBRARY_FILE

ACTOR = {"user_id": "manager1", "role": "safety_manager", "tenant": "T", "grid_unit": None}


class LibraryServer:
    """Serves the shipped library file and counts how often it is asked; can be unplugged."""

    def __init__(self) -> None:
        self.online = True
        self.served = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        if not self.online:
            raise httpx.ConnectError("unplugged", request=request)
        assert request.url.path == "/v1/standards"
        self.served += 1
        return httpx.Response(200, content=LIBRARY_FILE.read_bytes())


@pytest.fixture
def phone() -> tuple[LibraryServer, ServerReads, MemoryStore]:
    server = LibraryServer()
    http = httpx.Client(base_url="http://s.test", transport=httpx.MockTransport(server.handle))
    store = MemoryStore()
    store.write_doc("session", {"access_token": "a1", "refresh_token": "r1", "actor": ACTOR})
    reads = ServerReads(SyncApi(http), SessionKeeper(SyncApi(http), store), store, clock=lambda: 0)
    return server, reads, store


def test_the_library_is_fetched_once_and_then_read_from_the_phone_for_a_day(phone):
    server, reads, store = phone
    first = standards_library(reads, store, now_ms=1_000)
    later = standards_library(reads, store, now_ms=1_000 + RECHECK_MS - 1)
    assert server.served == 1
    assert first.fresh and later.library == first.library
    assert len(later.library.standards) == 71


def test_after_a_day_the_server_is_asked_again_and_offline_the_kept_copy_is_shown(phone):
    server, reads, store = phone
    standards_library(reads, store, now_ms=1_000)
    server.online = False
    kept = standards_library(reads, store, now_ms=1_000 + RECHECK_MS + QUIET_MS)
    assert not kept.fresh
    assert len(kept.library.small_place_standards) == 21


def test_offline_before_the_first_fetch_says_so(phone):
    server, reads, store = phone
    server.online = False
    with pytest.raises(Offline):
        standards_library(reads, store, now_ms=1_000)
