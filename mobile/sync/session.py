"""The signed-in session: kept in the store, refreshed once when the server says it expired.

Access tokens live 15 minutes and refresh tokens 60 days, each usable once. A phone offline
for a week refreshes on its first request and sends its queue; a phone whose refresh token was
refused stops and asks the user to sign in, keeping every queued event for after.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from mobile.store import Store
from mobile.sync.api import Session, SyncApi
from mobile.sync.errors import SignInRequired
from shared.roles import Actor

__all__ = ["SessionKeeper"]

T = TypeVar("T")
DOC = "session"


class SessionKeeper:
    """Signs in, keeps the tokens durable, and runs requests with a valid access token.

    Args:
        api: The server API.
        store: Where the session is kept between app starts.
    """

    def __init__(self, api: SyncApi, store: Store) -> None:
        self.api = api
        self.store = store
        self._lock = threading.Lock()

    def current(self) -> Session | None:
        """The signed-in session, or None when the user must sign in."""
        doc = self.store.read_doc(DOC)
        if doc is None or "access_token" not in doc:
            return None
        return Session.model_validate(doc)

    def last_actor(self) -> Actor | None:
        """Who was signed in last, to greet them on the sign-in screen after a refusal."""
        doc = self.store.read_doc(DOC)
        return None if doc is None else Actor.model_validate(doc["actor"])

    def sign_in(self, username: str, password: str) -> Session:
        """Sign in with a password and keep the session durably.

        Raises:
            SignInRequired: Wrong name or password.
            Offline: The server cannot be reached.
        """
        session = self.api.login(username, password)
        self.keep(session)
        return session

    def keep(self, session: Session) -> None:
        """Keep a session signed in elsewhere durably.

        A web host checks the password before it opens the person's own phone, then hands the
        phone the session it got.
        """
        self.store.write_doc(DOC, session.model_dump(mode="json"))

    def sign_out(self) -> None:
        """Forget the tokens (queued events stay and are sent at the next sign-in)."""
        self._forget_tokens()

    def call(self, request: Callable[[str], T]) -> T:
        """Run ``request(access_token)``, refreshing the tokens once if the server says expired.

        Raises:
            SignInRequired: No session, or the refresh token was refused.
        """
        session = self.current()
        if session is None:
            raise SignInRequired("sign in first")
        try:
            return request(session.access_token)
        except SignInRequired:
            fresh = self._refresh(session)
        return request(fresh.access_token)

    def _refresh(self, stale: Session) -> Session:
        with self._lock:  # two threads must not spend the same one-time refresh token
            current = self.current()
            if current is None:
                raise SignInRequired("sign in first")
            if current.access_token != stale.access_token:
                return current  # another thread refreshed meanwhile
            try:
                fresh = self.api.refresh(current.refresh_token)
            except SignInRequired:
                self._forget_tokens()
                raise
            self.store.write_doc(DOC, fresh.model_dump(mode="json"))
            return fresh

    def _forget_tokens(self) -> None:
        doc = self.store.read_doc(DOC)
        if doc is not None:
            self.store.write_doc(DOC, {"actor": doc["actor"]})
