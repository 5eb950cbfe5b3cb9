"""Uploading one photo against a scripted server: resume, conflicts, a damaged upload."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx
import pytest

from mobile.store import MemoryPhotoFiles, MemoryStore
from mobile.sync.api import SyncApi
from mobile.sync.errors import PhotoRefused, ServerRefused
from mobile.sync.progress import Progress, Stage
from mobile.sync.session import SessionKeeper
from mobile.sync.uploads import PhotoUploader

DATA = bytes(range(256)) * 40  # 10 240 bytes
SHA = hashlib.sha256(DATA).hexdigest()
ACTOR = {"user_id": "worker1", "role": "worker", "tenant": "T"}


class ScriptedBlobServer:
    """Keeps received bytes like the real server; can answer a chunk with a scripted error."""

    def __init__(self, received=0, known=False, fail=None) -> None:
        self.received, self.known, self.fail = received, known, list(fail or [])
        self.puts: list[int] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.method == "HEAD":
            return httpx.Response(200 if self.known else 404)
        if request.method == "GET":
            return httpx.Response(200, json=self._state())
        offset = int(request.url.params["offset"])
        self.puts.append(offset)
        if self.fail:
            status, body = self.fail.pop(0)
            if body.get("code") == "media.hash_mismatch":
                self.received = 0
            return httpx.Response(status, json=body)
        if offset != self.received:
            details = {"received": self.received}
            return httpx.Response(409, json={"code": "conflict", "message": "", "details": details})
        self.received += len(request.content)
        return httpx.Response(200, json=self._state())

    def _state(self) -> dict[str, Any]:
        done = self.received == len(DATA)
        return {
            "received": self.received,
            "size": len(DATA) if self.received else None,
            "status": "verified" if done else "partial",
        }


def uploader_for(server: ScriptedBlobServer, progress=None):
    http = httpx.Client(base_url="http://s.test", transport=httpx.MockTransport(server.handle))
    api = SyncApi(http)
    store = MemoryStore()
    store.write_doc("session", {"access_token": "a", "refresh_token": "r", "actor": ACTOR})
    photos = MemoryPhotoFiles()
    photos.put(SHA, DATA, b"thumb")
    kwargs = {"progress": progress} if progress else {}
    return PhotoUploader(api, SessionKeeper(api, store), photos, chunk_bytes=4096, **kwargs)


def test_a_new_photo_is_sent_in_chunks_and_its_bytes_reported():
    server = ScriptedBlobServer()
    seen: list[Progress] = []
    assert uploader_for(server, seen.append).ensure_verified("T", SHA) is True
    assert server.puts == [0, 4096, 8192]
    assert [(p.stage, p.done, p.total) for p in seen] == [
        (Stage.PHOTOS, 4096, len(DATA)),
        (Stage.PHOTOS, 8192, len(DATA)),
        (Stage.PHOTOS, len(DATA), len(DATA)),
    ]


def test_a_known_photo_is_skipped():
    server = ScriptedBlobServer(known=True)
    assert uploader_for(server).ensure_verified("T", SHA) is False
    assert server.puts == []


def test_an_interrupted_upload_resumes_at_the_servers_offset():
    server = ScriptedBlobServer(received=4096)
    uploader_for(server).ensure_verified("T", SHA)
    assert server.puts == [4096, 8192]


def test_an_offset_conflict_moves_to_where_the_server_stands():
    server = ScriptedBlobServer()
    server.fail = [(409, {"code": "conflict", "message": "", "details": {"received": 8192}})]
    server.received = 8192  # another request got there first
    uploader_for(server).ensure_verified("T", SHA)
    assert server.puts == [8192, 8192]


def test_a_damaged_upload_is_sent_again_whole_once():
    mismatch = (422, {"code": "media.hash_mismatch", "message": "", "details": {}})
    server = ScriptedBlobServer(fail=[mismatch])
    assert uploader_for(server).ensure_verified("T", SHA) is True
    assert server.puts == [0, 0, 4096, 8192]


def test_a_photo_the_server_refuses_is_reported_not_retried_forever():
    server = ScriptedBlobServer(fail=[(415, {"code": "media.bad", "message": "", "details": {}})])
    with pytest.raises(PhotoRefused):
        uploader_for(server).ensure_verified("T", SHA)
    assert server.puts == [0]


def test_a_photo_no_longer_on_the_phone_is_skipped_quietly():
    server = ScriptedBlobServer()
    uploader = uploader_for(server)
    uploader.photos.drop(SHA)
    assert uploader.ensure_verified("T", SHA) is None


@pytest.mark.parametrize("status", [403, 404])
def test_a_photo_of_an_enterprise_outside_the_users_scope_is_refused_not_an_error(status):
    # Found by the chaos simulation: the 404 stopped every sync round before the push.
    not_found = {"code": "not_found", "message": "", "details": {}}
    server = ScriptedBlobServer(fail=[(status, not_found)])
    with pytest.raises(PhotoRefused) as refused:
        uploader_for(server).ensure_verified("T", SHA)
    assert (refused.value.status, refused.value.code) == (status, "not_found")


def test_other_refusals_of_an_upload_still_stop_the_round():
    server = ScriptedBlobServer(fail=[(409, {"code": "conflict", "message": "", "details": {}})])
    with pytest.raises(ServerRefused) as refused:
        uploader_for(server).ensure_verified("T", SHA)
    assert not isinstance(refused.value, PhotoRefused)
