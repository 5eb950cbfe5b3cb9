"""``Cache-Control: no-store`` on every /v1 answer that does not say how it may be cached.

Pull pages, reference data (with the enterprises' QR keys), tokens and notices are one user's
view of the record: no shared proxy or browser cache may keep them (issue 13). Photo variants
keep their own ``private, immutable`` header: their names are their hashes.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PREFIX = "/v1/"


class NoStore:
    """ASGI middleware adding ``Cache-Control: no-store`` under ``/v1/``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; mark the answer's start if it names no cache policy."""
        if scope["type"] != "http" or not str(scope["path"]).startswith(PREFIX):
            await self.app(scope, receive, send)
            return

        async def marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("cache-control", "no-store")
            await send(message)

        await self.app(scope, receive, marked)
