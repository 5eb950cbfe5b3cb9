"""Reading the server's dashboards (scores, lights, the supervision plan, documents) on a phone.

Unlike events, these are computed by the server and never made on the phone. The last answer
to each question is kept, so an inspector in a basement still sees the profile they opened
in the car park: marked with when it was fetched, and ``fresh=False``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mobile.local_record import wall_clock_ms
from mobile.store import Store
from mobile.sync.api import SyncApi
from mobile.sync.errors import Offline
from mobile.sync.session import SessionKeeper

__all__ = ["Fetched", "ServerReads"]

Params = Mapping[str, str | int]


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

    def json(self, path: str, params: Params | None = None) -> Fetched:
        """The server's answer to ``GET path?params``, or the last one kept when offline.

        Raises:
            Offline: The server cannot be reached and this was never fetched before.
            SignInRequired: The session is gone.
            ServerRefused: The server refused (not in your scope, unknown id…).
        """
        name = _doc_name(path, params)
        try:
            body = self._session.call(lambda token: self._api.get_json(token, path, params))
        except Offline:
            kept = self._store.read_doc(name)
            if kept is None:
                raise
            return Fetched(kept["body"], int(kept["at_ms"]), fresh=False)
        now = self._clock()
        self._store.write_doc(name, {"body": body, "at_ms": now})
        return Fetched(body, now, fresh=True)

    def download(self, path: str, params: Params | None = None) -> bytes:
        """The bytes of a document (a PDF); never kept: documents are made on demand.

        Raises:
            Offline, SignInRequired, ServerRefused: as for ``json``.
        """
        return self._session.call(lambda token: self._api.get_bytes(token, path, params))


def _doc_name(path: str, params: Params | None) -> str:
    key = json.dumps([path, sorted((params or {}).items())], ensure_ascii=False)
    return "reads/" + hashlib.sha256(key.encode("utf-8")).hexdigest()
