"""The real sync server and the real phone app as child processes, and the browser that drives it.

Each child gets a free loopback port and its own data folder, logs to a file, and is stopped
(then killed if it lingers) by the test that started it. Readiness is waited for by polling
the child's HTTP port, never by sleeping a fixed time. The benchmark of the app's cold start
uses the same helpers.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A fake camera and an automatic "allow", so the scan screen shows a live preview.
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]
PHONE = {"width": 390, "height": 844}
START_TIMEOUT_S = 60.0
"""Generous: a 2-core CI machine busy with other tests starts Python children slowly."""
ANSWER_TIMEOUT_S = 60.0
"""How long a test's own request to the server may take: on a busy machine a notice PDF or a
month's pull takes seconds, past httpx's 5 s default (a story failed on it at load 10)."""


def free_port() -> int:
    """A TCP port free on loopback right now (the child binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Child:
    """A Python child process serving HTTP on ``port``.

    Attributes:
        argv: The arguments after ``python -m``.
        port: Its loopback port.
        log: Where its stdout and stderr go.
        ready_path: A path that answers 200 once it serves.
    """

    argv: list[str]
    port: int
    log: Path
    ready_path: str = "/"
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def url(self) -> str:
        """Its base URL."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, argv: list[str] | None = None) -> Child:
        """Start it (with other arguments if given) and wait until it answers."""
        assert self.process is None, "already running"
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [*_ends_with_parent(), sys.executable, "-m", *(argv or self.argv)],
                cwd=ROOT,
                stdout=out,
                stderr=subprocess.STDOUT,
                env={"PYTHONUNBUFFERED": "1", **_environment()},
            )
        self.wait_ready()
        return self

    def wait_ready(self, timeout_s: float = START_TIMEOUT_S) -> None:
        """Poll until ``ready_path`` answers 200; fail with the log's tail if it died."""
        deadline = time.monotonic() + timeout_s
        with httpx.Client(timeout=2.0) as http:
            while time.monotonic() < deadline:
                if self.process is not None and self.process.poll() is not None:
                    raise RuntimeError(f"{self.argv[0]} exited:\n{self.tail()}")
                try:
                    if http.get(self.url + self.ready_path).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                time.sleep(0.05)
        raise RuntimeError(f"{self.argv[0]} did not answer in {timeout_s} s:\n{self.tail()}")

    def stop(self) -> None:
        """Stop it (SIGTERM, then SIGKILL after 10 s); safe to call when stopped."""
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def tail(self, lines: int = 40) -> str:
        """The end of its log, for failure messages."""
        text = self.log.read_text(encoding="utf-8", errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def sync_server(data: Path, log: Path, port: int | None = None) -> Child:
    """The demo server (demo city, accounts and 30 days of history on first start)."""
    chosen = port or free_port()
    argv = ["sync_server", "demo", "--data", str(data), "--port", str(chosen)]
    return Child(argv, chosen, log, ready_path="/health")


def serve_again(server: Child) -> list[str]:
    """The arguments that serve the same data on the same port without seeding."""
    data = server.argv[server.argv.index("--data") + 1]
    return ["sync_server", "serve", "--data", data, "--port", str(server.port)]


def phone_app(data: Path, log: Path, server_url: str, port: int | None = None) -> Child:
    """The Flet app in web mode, its data in ``data``, syncing with ``server_url``."""
    chosen = port or free_port()
    argv = ["mobile", "--web", "--port", str(chosen), "--server", server_url, "--data", str(data)]
    return Child(argv, chosen, log)


def launch_browser(playwright: Any) -> Any:
    """Debian's Chromium, headless (Playwright's own browser download is never used)."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} is missing: scripts/bootstrap installs Debian's chromium")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def open_phone(browser: Any, url: str) -> Any:
    """A 390×844 page on the app with Flutter's accessibility tree switched on."""
    page = browser.new_page(viewport=PHONE)
    page.goto(url)
    page.locator("flt-semantics-placeholder").dispatch_event("click")
    return page


def _ends_with_parent() -> list[str]:
    """The prefix that has the kernel stop the child when the test process dies.

    A test run killed (Ctrl-C on xdist, a CI timeout) skips the fixtures' stops: its servers
    and apps kept running, and kept the shared machine busy for the runs after it. The kernel
    signals when the *thread* that started the child ends, so only from the main thread.
    """
    setpriv = shutil.which("setpriv")
    if setpriv is None or threading.current_thread() is not threading.main_thread():
        return []
    return [setpriv, "--pdeathsig", "TERM", "--"]


def _environment() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
