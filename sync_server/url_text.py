"""Control characters in a URL are refused at the edge, before any route reads them.

PostgreSQL refuses a NUL inside text, so a path or query value holding one reached the database
and came back as a 500 on some routes (found route by route: devices, hazards, users, scores).
The edge's character rule (``shared.text``) now applies to every path and every query value
once, here, so no route can forget it.
"""

from __future__ import annotations

from urllib.parse import parse_qsl

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.errors import InvalidInput
from shared.text import bad_character


class UrlText:
    """ASGI middleware: a 422 ``invalid_input`` problem for a control character in the URL."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass a clean request on; answer a problem for one whose URL holds a control char."""
        if scope["type"] == "http":
            where = _first_bad_part(str(scope["path"]), bytes(scope.get("query_string", b"")))
            if where is not None:
                error = InvalidInput(f"the {where} holds a control character", field=where)
                await JSONResponse(error.as_problem(), status_code=422)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _first_bad_part(path: str, query: bytes) -> str | None:
    """``path``, ``query parameter NAME``, or None when every part is clean."""
    if bad_character(path, multi_line=False) is not None:
        return "path"
    pairs = parse_qsl(query.decode("utf-8", "replace"), keep_blank_values=True)
    for name, value in pairs:
        if bad_character(name + value, multi_line=False) is not None:
            return f"query parameter {name[:40]!r}"
    return None
