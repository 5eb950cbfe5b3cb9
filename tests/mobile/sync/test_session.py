"""The session: refreshed once on an expired token, forgotten when the refresh is refused."""

from __future__ import annotations

import httpx
import pytest

from mobile.store import MemoryStore
from mobile.sync.api import SyncApi
from mobile.sync.errors import SignInRequired
from mobile.sync.session import SessionKeeper

ACTOR = {"user_id": "worker1", "role": "worker", "tenant": "T", "grid_unit": None}


def keeper(refresh_status: int):
    refreshes = []

    def handle(request: httpx.Request) -> httpx.Response:
        refreshes.append(request.url.path)
        if refresh_status != 200:
            return httpx.Response(refresh_status, json={"code": "auth.unauthenticated"})
        body = {"access_token": "new", "refresh_token": "r2", "actor": ACTOR, "expires_in": 900}
        return httpx.Response(200, json=body)

    api = SyncApi(httpx.Client(base_url="http://s.test", transport=httpx.MockTransport(handle)))
    store = MemoryStore()
    store.write_doc("session", {"access_token": "old", "refresh_token": "r1", "actor": ACTOR})
    return SessionKeeper(api, store), refreshes


def expired_unless_new(token: str) -> str:
    if token != "new":
        raise SignInRequired("expired")
    return "done"


def test_an_expired_token_is_refreshed_once_and_the_request_repeated():
    session, refreshes = keeper(200)
    assert session.call(expired_unless_new) == "done"
    assert refreshes == ["/v1/auth/refresh"]
    assert session.current().refresh_token == "r2"  # the new pair is kept durably


def test_a_refused_refresh_forgets_the_tokens_but_remembers_who_it_was():
    session, _ = keeper(401)
    with pytest.raises(SignInRequired):
        session.call(expired_unless_new)
    assert session.current() is None
    assert session.last_actor().user_id == "worker1"


def test_without_a_session_nothing_is_sent():
    session, refreshes = keeper(200)
    session.sign_out()
    with pytest.raises(SignInRequired):
        session.call(lambda token: pytest.fail("a request went out"))
    assert refreshes == []
