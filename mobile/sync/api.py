"""The sync server's HTTP API as typed calls over an injected ``httpx.Client``.

Only this module knows URLs and status codes. Every failure becomes one of ``sync.errors``, so
the engine decides by kind (wait, sign in, skip a photo), never by parsing responses. The client
is injected: the app passes one with a base URL and timeouts, tests pass one over the live
server or an ``httpx.MockTransport`` that drops answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from email.utils import parsedate_to_datetime
from typing import Any, Literal, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from mobile.sync.errors import (
    Offline,
    PhotoRefused,
    ServerRefused,
    SignInRequired,
    UploadConflict,
)
from shared.protocol import PullPage, PushResponse
from shared.roles import Actor

__all__ = ["Session", "SyncApi", "UploadState"]

M = TypeVar("M", bound=BaseModel)

RETRY_LATER = frozenset({408, 425, 429, 500, 502, 503, 504})
"""Statuses that mean "not now": the phone backs off and tries again."""


class Session(BaseModel):
    """What a sign-in gives the phone: tokens and who the server says the user is."""

    access_token: str
    refresh_token: str
    actor: Actor


class UploadState(BaseModel):
    """Where an upload of one photo stands on the server."""

    received: int
    size: int | None
    status: Literal["partial", "verified"]


class SyncApi:
    """Typed calls to ``/v1``; ``http`` carries the base URL and timeouts.

    Args:
        http: The client; closed by its owner, not here.
    """

    def __init__(self, http: httpx.Client) -> None:
        self.http = http
        self.server_clock_ms: int | None = None
        """The server's clock in epoch ms as its last answer's ``Date`` said, if it said.

        Pulled clock stamps are judged by it, not by the phone's own clock, which may be days off.
        """

    def login(self, username: str, password: str) -> Session:
        """Sign in with a password (wrong ones raise ``SignInRequired``)."""
        body = {"username": username, "password": password}
        return _parse(Session, self._send("POST", "/v1/auth/login", None, json=body))

    def refresh(self, refresh_token: str) -> Session:
        """Trade a refresh token (valid once) for a new pair."""
        body = {"refresh_token": refresh_token}
        return _parse(Session, self._send("POST", "/v1/auth/refresh", None, json=body))

    def push(self, token: str, device_id: str, events: list[dict[str, Any]]) -> PushResponse:
        """Send a batch (at most ``MAX_BATCH``); every event gets a final status."""
        body = {"device_id": device_id, "events": events}
        return _parse(PushResponse, self._send("POST", "/v1/sync/push", token, json=body))

    def pull(self, token: str, cursor: int, limit: int) -> PullPage:
        """One page of events after ``cursor``."""
        params = {"cursor": cursor, "limit": limit}
        return _parse(PullPage, self._send("GET", "/v1/sync/pull", token, params=params))

    def reference(self, token: str, cursor: str | None = None) -> dict[str, Any]:
        """One page of reference data in the user's scope, changed since ``cursor`` if given."""
        params = {"cursor": cursor} if cursor else None
        body = self._send("GET", "/v1/reference", token, params=params).json()
        if not isinstance(body, dict):
            raise ServerRefused(200, "protocol", "reference data is not an object", {})
        return body

    def standards(self, token: str, etag: str | None) -> tuple[Any, str | None] | None:
        """The standards library and its entity tag; None when ``etag`` is still current (304)."""
        headers = {"if-none-match": etag} if etag else {}
        answer = self._send("GET", "/v1/standards", token, headers=headers, not_modified=True)
        if answer.status_code == 304:
            return None
        return answer.json(), answer.headers.get("etag")

    def get_json(self, token: str, path: str, params: Mapping[str, str | int] | None = None) -> Any:
        """The JSON answer of a read-only route (scores, lights, the supervision plan)."""
        answer = self._send("GET", path, token, params=dict(params or {}))
        try:
            return answer.json()
        except ValueError as exc:
            raise ServerRefused(answer.status_code, "protocol", f"not JSON: {exc}", {}) from exc

    def send_json(self, token: str, method: str, path: str, body: Any = None) -> Any:
        """A change through a route that answers JSON (managing people: add, disable…)."""
        answer = self._send(method, path, token, json=body)
        try:
            return answer.json()
        except ValueError as exc:
            raise ServerRefused(answer.status_code, "protocol", f"not JSON: {exc}", {}) from exc

    def send_file(
        self, token: str, path: str, name: str, data: bytes, params: Mapping[str, str] | None = None
    ) -> Any:
        """Post one file as the multipart form field ``file`` (an import); answers its JSON."""
        answer = self._send(
            "POST", path, token, params=dict(params or {}), files={"file": (name, data)}
        )
        try:
            return answer.json()
        except ValueError as exc:
            raise ServerRefused(answer.status_code, "protocol", f"not JSON: {exc}", {}) from exc

    def get_bytes(
        self, token: str, path: str, params: Mapping[str, str | int] | None = None
    ) -> bytes:
        """The body of a document route (a PDF)."""
        return self._send("GET", path, token, params=dict(params or {})).content

    def blob_verified(self, token: str, tenant: str, sha256: str) -> bool:
        """Whether the server holds this photo verified already (then skip the upload)."""
        try:
            self._send("HEAD", f"/v1/blobs/{tenant}/{sha256}", token)
        except ServerRefused as exc:
            if exc.status == 404:
                return False
            raise
        return True

    def thumbnail(self, token: str, tenant: str, sha256: str) -> bytes:
        """The 256 px JPEG of a verified photo (for photos other people took)."""
        return self._send("GET", f"/v1/blobs/{tenant}/{sha256}/thumb", token).content

    def display(self, token: str, tenant: str, sha256: str) -> bytes:
        """The photo for viewing full screen: long side at most 1600 px, JPEG, no GPS."""
        return self._send("GET", f"/v1/blobs/{tenant}/{sha256}/display", token).content

    def upload_state(self, token: str, tenant: str, sha256: str) -> UploadState:
        """Where to resume an upload."""
        return _parse(UploadState, self._send("GET", _upload(tenant, sha256), token))

    def put_chunk(
        self, token: str, tenant: str, sha256: str, *, offset: int, size: int, data: bytes
    ) -> UploadState:
        """Send bytes ``offset .. offset+len(data)`` of a ``size``-byte photo."""
        answer = self._send(
            "PUT",
            _upload(tenant, sha256),
            token,
            params={"offset": offset, "size": size},
            content=data,
            headers={"content-type": "application/octet-stream"},
        )
        return _parse(UploadState, answer)

    def _send(
        self,
        method: str,
        path: str,
        token: str | None,
        *,
        not_modified: bool = False,
        **kwargs: Any,
    ) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["authorization"] = f"Bearer {token}"
        try:
            answer = self.http.request(method, path, headers=headers, **kwargs)
        except httpx.TransportError as exc:  # refused, reset, timed out, cut mid-answer
            raise Offline(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        self.server_clock_ms = _date_ms(answer.headers.get("date")) or self.server_clock_ms
        if answer.is_success or (not_modified and answer.status_code == 304):
            return answer
        raise _error_for(answer)


def _date_ms(header: str | None) -> int | None:
    """An HTTP ``Date`` header in epoch ms (whole seconds), or None if absent or unreadable."""
    if not header:
        return None
    try:
        return int(parsedate_to_datetime(header).timestamp() * 1000)
    except (TypeError, ValueError):
        return None


def _upload(tenant: str, sha256: str) -> str:
    return f"/v1/blobs/{tenant}/{sha256}/upload"


def _error_for(answer: httpx.Response) -> Exception:
    status = answer.status_code
    if status in RETRY_LATER:
        return Offline(f"the server answered {status}: try again later")
    try:
        body = answer.json()
    except ValueError:
        body = {}
    body = body if isinstance(body, dict) else {}
    code = str(body.get("code", "http_error"))
    message = str(body.get("message", answer.reason_phrase))
    found = body.get("details")
    details: dict[str, Any] = found if isinstance(found, dict) else {}
    if status == 401:
        return SignInRequired(message)
    kind = ServerRefused
    if status == 409 and "received" in details:
        kind = UploadConflict
    elif status in (413, 415) and "/v1/blobs/" in str(answer.request.url):
        kind = PhotoRefused
    return kind(status, code, message, details)


def _parse(model: type[M], answer: httpx.Response) -> M:
    try:
        return model.model_validate_json(answer.content)
    except ValidationError as exc:
        raise ServerRefused(
            answer.status_code, "protocol", f"unexpected answer: {exc}", {}
        ) from exc
