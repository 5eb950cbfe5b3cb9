"""A real uvicorn server on loopback, in a background thread, that can be stopped and restarted.

The phone app's "server is down" tests stop it, see connections refused, and start it again on
the same port (``restart()``), with the same app or another one built on the same data.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import Self

import uvicorn
from starlette.types import ASGIApp

START_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0


class LiveServer:
    """Serves an ASGI app on 127.0.0.1; ``url`` is its base URL while it runs."""

    def __init__(self, app: ASGIApp, port: int = 0, host: str = "127.0.0.1") -> None:
        self.app = app
        self.host = host
        self.port = port  # 0: a free port, chosen at the first start and kept for restarts
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The base URL, without a trailing slash."""
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        """Whether the server is accepting connections."""
        return self._server is not None

    def start(self) -> Self:
        """Start serving, on the same port as before if it ran already; wait until it listens."""
        assert self._server is None, "the server is already running"
        deadline = time.monotonic() + START_TIMEOUT
        while True:  # a restart may find the port still held for a moment
            if self._try_start(deadline):
                return self
            if time.monotonic() > deadline:
                raise RuntimeError(f"uvicorn did not start on {self.host}:{self.port}")
            time.sleep(0.05)

    def stop(self) -> None:
        """Stop serving and close every connection; safe to call when stopped."""
        server, thread = self._server, self._thread
        self._server = self._thread = None
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(STOP_TIMEOUT)
        if thread.is_alive():
            server.force_exit = True
            thread.join(STOP_TIMEOUT)

    def restart(self, app: ASGIApp | None = None) -> Self:
        """Stop, then start on the same port, serving ``app`` if given (else the same app)."""
        self.stop()
        if app is not None:
            self.app = app
        return self.start()

    def _try_start(self, deadline: float) -> bool:
        config = uvicorn.Config(
            self.app,
            host=self.host,
            port=self.port,
            log_config=None,  # uvicorn's loggers propagate to the root: pytest captures them
            log_level="warning",
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=5,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, name=f"uvicorn:{self.port}", daemon=True)
        thread.start()
        while not server.started:
            if not thread.is_alive():  # uvicorn exits its thread when it cannot bind
                return False
            if time.monotonic() > deadline:
                server.should_exit = True
                thread.join(STOP_TIMEOUT)
                raise RuntimeError(f"uvicorn did not start on {self.host}:{self.port}")
            time.sleep(0.005)
        self._server, self._thread = server, thread
        self.port = server.servers[0].sockets[0].getsockname()[1]
        return True
