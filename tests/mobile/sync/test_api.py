"""The HTTP edge, on canned answers: every failure becomes the error the engine acts on."""

from __future__ import annotations

import httpx
import pytest

from mobile.sync.api import SyncApi
from mobile.sync.errors import (
    Offline,
    PhotoRefused,
    ServerRefused,
    SignInRequired,
    UploadConflict,
)

SHA = "a" * 64


def api_answering(status: int, body=None, *, raises: Exception | None = None) -> SyncApi:
    def handle(request: httpx.Request) -> httpx.Response:
        if raises is not None:
            raise raises
        return httpx.Response(status, json=body)

    return SyncApi(
        httpx.Client(base_url="http://server.test", transport=httpx.MockTransport(handle))
    )


@pytest.mark.parametrize(
    ("status", "body", "raises", "expected"),
    [
        (0, None, httpx.ConnectError("refused"), Offline),
        (0, None, httpx.ReadTimeout("slow"), Offline),
        (0, None, httpx.RemoteProtocolError("cut"), Offline),
        (503, None, None, Offline),
        (429, {"code": "request.rate_limited"}, None, Offline),
        (502, None, None, Offline),
        (401, {"code": "auth.unauthenticated", "message": "sign in"}, None, SignInRequired),
        (413, {"code": "request.too_large", "message": "big"}, None, ServerRefused),
        (422, {"code": "invalid_input", "message": "bad"}, None, ServerRefused),
        (200, {"unexpected": True}, None, ServerRefused),
    ],
)
def test_a_failed_push_raises_the_error_that_says_what_to_do(status, body, raises, expected):
    with pytest.raises(expected):
        api_answering(status, body, raises=raises).push("token", "phone", [])


def test_a_server_refusal_keeps_the_code_and_details():
    api = api_answering(422, {"code": "media.hash_mismatch", "message": "m", "details": {"x": 1}})
    with pytest.raises(ServerRefused) as refused:
        api.upload_state("token", "T", SHA)
    assert (refused.value.status, refused.value.code, refused.value.details) == (
        422,
        "media.hash_mismatch",
        {"x": 1},
    )


def test_an_offset_conflict_says_where_to_resume():
    api = api_answering(409, {"code": "conflict", "message": "m", "details": {"received": 42}})
    with pytest.raises(UploadConflict) as conflict:
        api.put_chunk("token", "T", SHA, offset=0, size=100, data=b"x")
    assert conflict.value.received == 42


@pytest.mark.parametrize("status", [413, 415])
def test_a_photo_the_server_will_never_take_is_refused_as_such(status):
    api = api_answering(status, {"code": "media.bad", "message": "m", "details": {}})
    with pytest.raises(PhotoRefused):
        api.put_chunk("token", "T", SHA, offset=0, size=1, data=b"x")


@pytest.mark.parametrize(("status", "known"), [(200, True), (404, False)])
def test_head_says_whether_a_photo_is_known(status, known):
    assert api_answering(status).blob_verified("token", "T", SHA) is known


def test_the_access_token_goes_in_the_authorization_header():
    seen = []

    def handle(request):
        seen.append(request.headers.get("authorization"))
        return httpx.Response(200, json={"events": [], "next_cursor": 0, "has_more": False})

    api = SyncApi(httpx.Client(base_url="http://s.test", transport=httpx.MockTransport(handle)))
    api.pull("tok", 0, 10)
    assert seen == ["Bearer tok"]


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        ("Mon, 07 Dec 2026 12:00:00 GMT", 1796644800000),
        ("not a date", None),
        (None, None),
    ],
)
def test_the_servers_clock_is_read_from_the_date_of_its_answer(date, expected):
    def handle(request: httpx.Request) -> httpx.Response:
        headers = {} if date is None else {"date": date}
        return httpx.Response(
            200, json={"events": [], "next_cursor": 0, "has_more": False}, headers=headers
        )

    api = SyncApi(
        httpx.Client(base_url="http://server.test", transport=httpx.MockTransport(handle))
    )
    api.pull("token", 0, 10)
    assert api.server_clock_ms == expected
