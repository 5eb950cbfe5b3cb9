"""A request line uvicorn cannot read is answered with a problem body, not plain text."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time

import pytest
import uvicorn

from sync_server.app import create_app
from sync_server.malformed_requests import (
    MAX_REQUEST_HEAD_BYTES,
    ProblemH11Protocol,
    http_protocol,
)
from sync_server.settings import Settings


def _serve(app, protocol) -> tuple[uvicorn.Server, threading.Thread, int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        http=protocol,
        log_level="error",
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD_BYTES,  # as serve runs it
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(100):
        if server.started:
            break
        time.sleep(0.05)
    return server, thread, port


def _raw_get(port: int, path: str) -> tuple[bytes, bytes]:
    """Send while reading: the server answers and closes before it has read the whole URL."""
    request = f"GET {path} HTTP/1.1\r\nHost: test\r\n\r\n".encode()
    with socket.create_connection(("127.0.0.1", port), timeout=10) as conn:
        sender = threading.Thread(target=_send_until_closed, args=(conn, request), daemon=True)
        sender.start()
        data = b""
        with contextlib.suppress(ConnectionResetError):  # the rest of the URL was unread
            while chunk := conn.recv(65536):
                data += chunk
        sender.join(10)
    head, _, body = data.partition(b"\r\n\r\n")
    return head, body


def _send_until_closed(conn: socket.socket, request: bytes) -> None:
    with contextlib.suppress(OSError):
        conn.sendall(request)


@pytest.mark.parametrize(
    ("protocol", "url_bytes"),
    [(http_protocol(), 70_000), (ProblemH11Protocol, 200_000)],
    ids=["httptools (served by default)", "h11"],
)
def test_a_url_too_long_to_read_gets_a_problem_body(tmp_path, protocol, url_bytes):
    app = create_app(Settings(data_dir=tmp_path, secret=b"u" * 32))
    # Issue 13 item 14: a URL over ~64 KB got a plain-text 400.
    server, thread, port = _serve(app, protocol)
    try:
        head, body = _raw_get(port, "/v1/sync/pull?cursor=" + "1" * url_bytes)
    finally:
        server.should_exit = True
        thread.join(10)
        app.state.engine.dispose()

    assert head.startswith(b"HTTP/1.1 400")
    assert b"content-type: application/json" in head.lower()
    assert json.loads(body)["code"] == "request.unreadable"
