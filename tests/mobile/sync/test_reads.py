"""Dashboard reads: the server's answer when online, the kept copy (marked stale) when not."""

from __future__ import annotations

import httpx
import pytest

from mobile.store import MemoryStore
from mobile.sync.api import SyncApi
from mobile.sync.errors import Offline, ServerRefused
from mobile.sync.reads import QUIET_MS, ServerReads
from mobile.sync.session import SessionKeeper

ACTOR = {"user_id": "inspector1", "role": "inspector", "tenant": None, "grid_unit": "X-HG"}


class Server:
    """Answers GETs with a counter; can be unplugged."""

    def __init__(self) -> None:
        self.online = True
        self.answers = 0
        self.seen: list[str] = []
        self.tries = 0
        self.now = 0

    def tick(self) -> int:
        """The phone's clock: a second passes with each look."""
        self.now += 1000
        return self.now

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.tries += 1
        if not self.online:
            raise httpx.ConnectError("unplugged", request=request)
        self.seen.append(f"{request.url.path}?{request.url.query.decode()}")
        assert request.headers["authorization"] == "Bearer a1"
        if request.url.path == "/v1/missing":
            return httpx.Response(404, json={"code": "not_found", "message": "nope"})
        if request.url.path.endswith(".pdf"):
            return httpx.Response(200, content=b"%PDF-1.4 x")
        self.answers += 1
        return httpx.Response(200, json={"answer": self.answers})


@pytest.fixture
def server_and_reads():
    server = Server()
    http = httpx.Client(base_url="http://s.test", transport=httpx.MockTransport(server.handle))
    store = MemoryStore()
    store.write_doc("session", {"access_token": "a1", "refresh_token": "r1", "actor": ACTOR})
    server.now = 0
    reads = ServerReads(
        SyncApi(http), SessionKeeper(SyncApi(http), store), store, clock=server.tick
    )
    return server, reads


def test_an_answer_fetched_online_is_fresh_and_sent_with_its_parameters(server_and_reads):
    server, reads = server_and_reads
    fetched = reads.json("/v1/scores/lights", {"day": "2026-11-28"})
    assert (fetched.body, fetched.at_ms, fetched.fresh) == ({"answer": 1}, 1000, True)
    assert server.seen == ["/v1/scores/lights?day=2026-11-28"]


def test_offline_the_last_answer_to_the_same_question_comes_back_marked_stale(server_and_reads):
    server, reads = server_and_reads
    reads.json("/v1/scores/lights", {"day": "2026-11-28"})
    reads.json("/v1/scores/lights", {"day": "2026-11-27"})
    server.online = False
    kept = reads.json("/v1/scores/lights", {"day": "2026-11-28"})
    assert (kept.body, kept.at_ms, kept.fresh) == ({"answer": 1}, 1000, False)


def test_offline_a_question_never_asked_before_says_offline(server_and_reads):
    server, reads = server_and_reads
    server.online = False
    with pytest.raises(Offline):
        reads.json("/v1/scores/lights")


def test_a_refusal_is_raised_with_its_code_and_nothing_is_kept(server_and_reads):
    server, reads = server_and_reads
    with pytest.raises(ServerRefused) as refused:
        reads.json("/v1/missing")
    assert (refused.value.status, refused.value.code) == (404, "not_found")
    server.online = False
    with pytest.raises(Offline):
        reads.json("/v1/missing")


def test_documents_are_downloaded_as_bytes(server_and_reads):
    _, reads = server_and_reads
    assert reads.download("/v1/documents/notice.pdf", {"inspection": "I-1"}).startswith(b"%PDF")


def test_after_one_unreachable_read_the_next_ones_use_kept_copies_without_waiting(
    server_and_reads,
):
    server, reads = server_and_reads
    for day in ("2026-11-27", "2026-11-28"):
        reads.json("/v1/scores/lights", {"day": day})
    server.online = False
    server.tries = 0
    assert not reads.json("/v1/scores/lights", {"day": "2026-11-27"}).fresh
    assert not reads.json("/v1/scores/lights", {"day": "2026-11-28"}).fresh
    assert server.tries == 1  # one connect attempt for the screen, not one per read
    server.online = True
    server.now += QUIET_MS
    assert reads.json("/v1/scores/lights", {"day": "2026-11-28"}).fresh


def test_the_kept_copy_is_read_without_asking_the_server(server_and_reads):
    server, reads = server_and_reads
    assert reads.kept("/v1/supervision/due") is None  # never fetched
    reads.json("/v1/supervision/due")
    tries = server.tries
    kept = reads.kept("/v1/supervision/due")
    assert kept is not None and kept.body == {"answer": 1} and not kept.fresh
    assert server.tries == tries
