"""Reading the server's dashboards (scores, lights, the supervision plan, documents) on a phone.

Unlike events, these are computed by the server and never made on the phone. The last answer
to each question is kept, so an inspector in a basement still sees the profile they opened
in the car park: marked with when it was fetched, and ``fresh=False``.

A screen makes several reads while it is built. Once one finds the server unreachable, the
others within ``QUIET_MS`` answer from the kept copies at once instead of each waiting out a
connect timeout.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from mobile.local_record import wall_clock_ms
from mobile.store import Store
from mobile.sync.api import SyncApi
from mobile.sync.errors import Offline
from mobile.sync.session import SessionKeeper

__all__ = ["QUIET_MS", "Fetched", "ServerReads"]

T = TypeVar("T")

Params = Mapping[str, str | int]

QUIET_MS = 20_000
"""After an unreachable server, reads use kept copies without trying again for this long."""


@dataclass(frozen=True)
class Fetched:
    """A server answer as JSON.

    Attributes:
        body: The decoded JSON.
        at_ms: When the server gave it (phone clock, epoch ms).
        fresh: False when the server could not be reached and this is the copy kept last time.
    """

    body: Any
    at_ms: int
    fresh: bool


class ServerReads:
    """GETs of the server's read-only routes, remembered for offline use."""

    def __init__(
        self,
        api: SyncApi,
        session: SessionKeeper,
        store: Store,
        *,
        clock: Callable[[], int] = wall_clock_ms,
    ) -> None:
        self._api = api
        self._session = session
        self._store = store
        self._clock = clock
        self._offline_at: int | None = None

    def json(self, path: str, params: Params | None = None) -> Fetched:
        """The server's answer to ``GET path?params``, or the last one kept when offline.

        Raises:
            Offline: The server cannot be reached and this was never fetched before.
            SignInRequired: The session is gone.
            ServerRefused: The server refused (not in your scope, unknown id…).
        """
        name, now = _doc_name(path, params), self._clock()
        try:
            body = self._call(lambda token: self._api.get_json(token, path, params), now)
        except Offline:
            kept = self._store.read_doc(name)
            if kept is None:
                raise
            return Fetched(kept["body"], int(kept["at_ms"]), fresh=False)
        self._store.write_doc(name, {"body": body, "at_ms": now})
        return Fetched(body, now, fresh=True)

    def kept(self, path: str, params: Params | None = None) -> Fetched | None:
        """The copy of ``GET path?params`` kept last time, without asking the server.

        For counts drawn on every screen (the tabs' badges): a render never waits on the
        network. None when it was never fetched.
        """
        kept = self._store.read_doc(_doc_name(path, params))
        if kept is None:
            return None
        return Fetched(kept["body"], int(kept["at_ms"]), fresh=False)

    def download(self, path: str, params: Params | None = None) -> bytes:
        """The bytes of a document (a PDF); never kept: documents are made on demand.

        Raises:
            Offline, SignInRequired, ServerRefused: as for ``json``.
        """
        return self._call(lambda token: self._api.get_bytes(token, path, params), self._clock())

    def _call(self, request: Callable[[str], T], now: int) -> T:
        if self._offline_at is not None and 0 <= now - self._offline_at < QUIET_MS:
            raise Offline("the server was unreachable a moment ago")
        try:
            answer = self._session.call(request)
        except Offline:
            self._offline_at = now
            raise
        self._offline_at = None
        return answer


def _doc_name(path: str, params: Params | None) -> str:
    key = json.dumps([path, sorted((params or {}).items())], ensure_ascii=False)
    return "reads/" + hashlib.sha256(key.encode("utf-8")).hexdigest()
