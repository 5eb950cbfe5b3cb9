"""A problem body for requests uvicorn refuses before the app sees them (a URL over ~64 KB).

uvicorn answers a request line or header block its parser will not take with a plain-text
``400 Invalid HTTP request received.``; a client reading problem bodies then had nothing to
read (issue 13). These protocol classes answer the same 400 as ``{"code", "message",
"details"}`` with the code ``request.unreadable`` the app uses for unreadable bodies.
"""

from __future__ import annotations

import asyncio
import json

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

MAX_REQUEST_HEAD_BYTES = 64 * 1024
"""The request line and headers h11 reads before refusing; httptools stops near it too."""

PROBLEM = json.dumps(
    {
        "code": "request.unreadable",
        "message": "the request line or headers could not be read: too long (the URL may be "
        "at most about 64 KB) or malformed",
        "details": {},
    }
).encode()
HEADERS = [
    (b"content-type", b"application/json"),
    (b"content-length", str(len(PROBLEM)).encode()),
    (b"cache-control", b"no-store"),
    (b"connection", b"close"),
]


class ProblemH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with a problem body on its 400."""

    def send_400_response(self, msg: str) -> None:
        """Answer 400 with the problem body, then close (as uvicorn does)."""
        self.transport.write(self.conn.send(h11.Response(status_code=400, headers=HEADERS)))
        self.transport.write(self.conn.send(h11.Data(data=PROBLEM)))
        self.transport.write(self.conn.send(h11.EndOfMessage()))
        self.transport.close()


def _httptools_protocol() -> type[asyncio.Protocol] | None:
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:  # pragma: no cover - httptools is an optional speed-up
        return None

    class ProblemHttpToolsProtocol(HttpToolsProtocol):
        """uvicorn's httptools protocol, with a problem body on its 400."""

        def send_400_response(self, msg: str) -> None:
            head = b"".join(name + b": " + value + b"\r\n" for name, value in HEADERS)
            self.transport.write(b"HTTP/1.1 400 Bad Request\r\n" + head + b"\r\n" + PROBLEM)
            self.transport.close()

    return ProblemHttpToolsProtocol


def http_protocol() -> type[asyncio.Protocol]:
    """The protocol ``serve`` runs: httptools if installed (uvicorn's own choice), else h11."""
    return _httptools_protocol() or ProblemH11Protocol
