"""A cap on request bodies, applied before they are read: 413 instead of memory for the asking.

Without it any client, signed in or not, could send a body of any size: the server read it
whole into memory to parse it (a 30 MB sign-in was parsed, then refused for its username), and
a push could file megabytes of junk into quarantine. The cap holds whether the client declares
a ``Content-Length`` (refused before a byte is read) or streams a chunked body (refused at the
byte that crosses it).
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync_server.problems import TooLarge


class BodyLimit:
    """ASGI middleware: refuse bodies over ``default`` bytes, or the limit of a path prefix.

    Args:
        app: The application.
        default: The limit of every path without its own.
        by_prefix: Limits by path prefix; None leaves a path to limit itself (photo chunks are
            counted as they are stored, with their own message).
    """

    def __init__(
        self, app: ASGIApp, *, default: int, by_prefix: Mapping[str, int | None] | None = None
    ) -> None:
        self.app = app
        self.default = default
        self.by_prefix = dict(by_prefix or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with its body counted, or answer 413 at once."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit_for(str(scope["path"]))
        if limit is None:
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)
            return
        await self.app(scope, _counting(receive, limit), send)

    def _limit_for(self, path: str) -> int | None:
        for prefix, limit in self.by_prefix.items():
            if path.startswith(prefix):
                return limit
        return self.default


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


def _counting(receive: Receive, limit: int) -> Receive:
    received = 0

    async def counted() -> Message:
        nonlocal received
        message = await receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                # An HTTPException passes through FastAPI's body parsing unchanged; the app's
                # handler answers it as request.too_large.
                raise HTTPException(413, detail=_message(limit))
        return message

    return counted


async def _refuse(send: Send, limit: int) -> None:
    body = TooLarge(_message(limit), limit=limit).as_problem()
    payload = _json(body)
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"connection", b"close"),  # the body is not read: the connection cannot go on
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def _message(limit: int) -> str:
    return f"a request body may have at most {limit} bytes"


def _json(body: object) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
