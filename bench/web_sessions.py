"""Twenty people on one multi-user web process: memory per session, idle CPU, tap to screen.

Run: ``python -m bench.web_sessions [--sessions 20] [--chromium 5] [--taps 6]``.

Starts the demo sync server and ``python -m mobile --web --multi-user``, then opens one tab
per person (different users: workers and managers of the demo city). ``--chromium`` of them
are real headless Chromium pages at 390×844; the rest speak Flet's own protocol over the
WebSocket (``FletTab``: register, set field values, send events, read the patches), which
costs the web process the same as a browser does (a session, its controls, a phone) without
a browser's 150 MB on the client side. Measured on the web process only:

- RSS at start, with every tab open on its sign-in screen, and with everyone signed in and
  their first sync done; per session = the growth divided by the tabs;
- CPU while all sessions sit idle (their sync loops waiting);
- tap to screen: a tab tapped (同步, then 设置) until the new screen arrives (Chromium: its
  button in the accessibility tree; protocol: the patch holding its key), one tab at a time
  and with every protocol tab tapping at the same moment.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgpack  # type: ignore[import-untyped]
from playwright.sync_api import expect, sync_playwright
from websockets.sync.client import ClientConnection, connect

from bench.report import machine, write_section
from tests.mobile.e2e.driving import type_into
from tests.mobile.e2e.processes import Child, launch_browser, open_phone, phone_app, sync_server

REGISTER, PATCH, EVENT, PROPS = 1, 2, 3, 4
"""Flet's message actions (``flet.messaging.protocol.MessageAction``)."""
SYNC_TAB, SETTINGS_TAB = 3, 4
"""Both roles' 同步 and 设置 tabs."""
WAIT_S = 60.0
SETTLE_S = 20.0
"""After the sign-ins: every phone's first sync (posts, cards, a month of history) is done."""
IDLE_S = 30.0


def users(count: int) -> list[str]:
    """Different people, workers and managers of the demo city taken in turn."""
    names = [f"{role}{n}" for n in range(1, 13) for role in ("worker", "manager")]
    if count > len(names):
        raise SystemExit(f"the demo city has {len(names)} workers and managers")
    return names[:count]


def rss_mb(pid: int) -> float:
    """Resident memory of a process, MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def cpu_s(pid: int) -> float:
    """User plus system CPU seconds a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _keys(message: Any, found: dict[str, int]) -> None:
    """Every control with a key (and the navigation bar) in a message: its id, newest wins."""
    if isinstance(message, dict):
        if "_i" in message and "key" in message:
            found[str(message["key"])] = int(message["_i"])
        if message.get("_c") == "NavigationBar" and "_i" in message:
            found["__nav"] = int(message["_i"])
        for value in message.values():
            _keys(value, found)
    elif isinstance(message, list):
        for value in message:
            _keys(value, found)


class FletTab:
    """A browser tab without a browser: Flet's protocol, msgpack over the app's WebSocket.

    It does not apply patches to a tree; it remembers the id of every keyed control the
    server sends, which is all it takes to type into a field and tap.
    """

    def __init__(self, url: str) -> None:
        address = url.replace("http", "ws", 1) + "/ws"
        self.ws: ClientConnection = connect(address, max_size=None)  # closed by close()
        self.ids: dict[str, int] = {}
        page = {"route": "/", "width": 390.0, "height": 844.0, "web": True, "platform": "linux"}
        self._send(REGISTER, {"session_id": None, "page_name": "", "page": page})
        self._until(lambda: "sign-in" in self.ids)

    def sign_in(self, user: str) -> float:
        """Type the name and password, submit; seconds until the role's first screen arrives."""
        self._send(PROPS, {"id": self.ids["username"], "props": {"value": user}})
        self._send(PROPS, {"id": self.ids["password"], "props": {"value": "demo1234"}})
        self.ids.pop("__nav", None)
        began = time.perf_counter()
        self._send(EVENT, {"target": self.ids["password"], "name": "submit", "data": None})
        self._until(lambda: "__nav" in self.ids)
        return time.perf_counter() - began

    def tap_tab(self, index: int, shows: str) -> float:
        """Tap a tab of the navigation bar; seconds until the screen with ``shows`` arrives."""
        self._drain()  # a sync round may have rebuilt the screen: the newest bar's id
        self.ids.pop(shows, None)
        nav = self.ids["__nav"]
        began = time.perf_counter()
        self._send(PROPS, {"id": nav, "props": {"selected_index": index}})
        self._send(EVENT, {"target": nav, "name": "change", "data": None})
        self._until(lambda: shows in self.ids)
        return time.perf_counter() - began

    def close(self) -> None:
        self.ws.close()

    def _send(self, action: int, body: dict[str, Any]) -> None:
        self.ws.send(b"\x00" + msgpack.packb([action, body]))

    def _until(self, done: Callable[[], bool]) -> None:
        deadline = time.monotonic() + WAIT_S
        while not done():
            self._take(self.ws.recv(timeout=max(0.1, deadline - time.monotonic())))

    def _drain(self) -> None:
        while True:
            try:
                self._take(self.ws.recv(timeout=0.05))
            except TimeoutError:
                return

    def _take(self, data: str | bytes) -> None:
        if isinstance(data, bytes) and data[:1] == b"\x00":
            message = msgpack.unpackb(
                data[1:], ext_hook=lambda code, raw: None, strict_map_key=False
            )
            _keys(message, self.ids)


class ChromiumTab:
    """A real Chromium page on the app, driven through its accessibility tree."""

    def __init__(self, browser: Any, url: str) -> None:
        self.page = open_phone(browser, url)
        self.page.set_default_timeout(WAIT_S * 1000)
        expect(self.page.get_by_role("button", name="登录")).to_be_attached()

    def sign_in(self, user: str) -> float:
        type_into(self.page, "用户名", user)
        type_into(self.page, "密码", "demo1234")
        began = time.perf_counter()
        self.page.get_by_role("button", name="登录").click()
        expect(self.page.get_by_role("tab", name="设置")).to_be_visible()
        return time.perf_counter() - began

    def tap_tab(self, name: str, shows: str) -> float:
        began = time.perf_counter()
        self.page.get_by_role("tab", name=name).click()
        expect(self.page.get_by_role("button", name=shows)).to_be_visible()
        return time.perf_counter() - began

    def close(self) -> None:
        self.page.close()


def tap_both(tab: FletTab | ChromiumTab) -> list[float]:
    """同步 then 设置: two screens, two latencies."""
    if isinstance(tab, ChromiumTab):
        return [tab.tap_tab("同步", "立即同步"), tab.tap_tab("设置", "退出登录")]
    return [tab.tap_tab(SYNC_TAB, "sync-now"), tab.tap_tab(SETTINGS_TAB, "sign-out")]


def burst(tabs: list[FletTab]) -> list[float]:
    """Every protocol tab taps at the same moment; each one's latency."""
    times: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(len(tabs))

    def one(tab: FletTab) -> None:
        start.wait()
        taken = tap_both(tab)
        with lock:
            times.extend(taken)

    threads = [threading.Thread(target=one, args=(tab,)) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return times


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    """Everything the report shows, from one run."""
    server = sync_server(folder / "server", folder / "server.log").start()
    host = phone_app(folder / "host", folder / "host.log", server.url)
    host.argv.append("--multi-user")
    host.start()
    try:
        with sync_playwright() as playwright:
            browser = launch_browser(playwright)
            try:
                return _run(args, host, browser)
            finally:
                browser.close()
    finally:
        host.stop()
        server.stop()


def _run(args: argparse.Namespace, host: Child, browser: Any) -> dict[str, Any]:
    assert host.process is not None
    pid = host.process.pid
    time.sleep(3)
    result: dict[str, Any] = {"rss_start": rss_mb(pid)}
    names = users(args.sessions)
    chromium = [ChromiumTab(browser, host.url) for _ in range(args.chromium)]
    protocol = [FletTab(host.url) for _ in range(args.sessions - args.chromium)]
    tabs: list[FletTab | ChromiumTab] = [*chromium, *protocol]
    time.sleep(3)
    result["rss_open"] = rss_mb(pid)
    result["sign_in"] = [tab.sign_in(name) for tab, name in zip(tabs, names, strict=True)]
    time.sleep(SETTLE_S)
    result["rss_signed"] = rss_mb(pid)
    before = cpu_s(pid)
    time.sleep(IDLE_S)
    result["idle_cpu"] = (cpu_s(pid) - before) / IDLE_S
    alone: dict[str, list[float]] = {"chromium": [], "protocol": []}
    for _ in range(args.taps):
        for tab in tabs:
            kind = "chromium" if isinstance(tab, ChromiumTab) else "protocol"
            alone[kind] += tap_both(tab)
    result["alone"] = alone
    result["burst"] = [t for _ in range(args.taps) for t in burst(protocol)]
    result["rss_used"] = rss_mb(pid)
    for tab in tabs:
        tab.close()
    return result


def report(result: dict[str, Any], args: argparse.Namespace, command: str) -> str:
    """The markdown section for docs/benchmarks.md."""
    sessions = args.sessions
    per_open = (result["rss_open"] - result["rss_start"]) / sessions
    per_signed = (result["rss_signed"] - result["rss_start"]) / sessions

    def row(label: str, values: list[float]) -> str:
        ms = [v * 1000 for v in values]
        return (
            f"| {label} | {len(ms)} | {statistics.median(ms):.0f} | {quantile(ms, 0.9):.0f} "
            f"| {max(ms):.0f} |"
        )

    alone = result["alone"]
    return "\n".join(
        [
            f"## Web host: {sessions} people on one multi-user web process (issue 20)",
            "",
            f"Command: `{command}` · machine: {machine()}.",
            f"One `python -m mobile --web --multi-user` process and the demo sync server; "
            f"{sessions} tabs, each a different user (workers and managers), {args.chromium} "
            "in headless Chromium at 390×844 and the rest through Flet's protocol over the "
            "WebSocket (`FletTab`: the same session, controls and phone on the web process, "
            "no browser on the client side). Memory and CPU are the web process's only.",
            "",
            "| web process | RSS MB |",
            "|---|---|",
            f"| started, no tab | {result['rss_start']:.0f} |",
            f"| {sessions} tabs on their sign-in screens | {result['rss_open']:.0f} |",
            f"| {sessions} people signed in, first sync done | {result['rss_signed']:.0f} |",
            f"| after {args.taps} rounds of taps | {result['rss_used']:.0f} |",
            "",
            f"- Per session: **{per_signed:.1f} MB** signed in (its phone: store, history, "
            f"sync loop, screens), {per_open:.1f} MB on the sign-in screen.",
            f"- Idle CPU with {sessions} signed-in sessions: {result['idle_cpu'] * 100:.1f}% "
            f"of one core ({result['idle_cpu'] * 100 / sessions:.2f}% per session).",
            f"- Sign-in (password checked by the server, the person's phone opened, first "
            f"screen): median {statistics.median(result['sign_in']):.2f} s, worst "
            f"{max(result['sign_in']):.2f} s.",
            "",
            "Tap to screen (同步, then 设置), ms:",
            "",
            "| tabs tapping | taps | median | p90 | max |",
            "|---|---|---|---|---|",
            row("one at a time, Chromium (button in the accessibility tree)", alone["chromium"]),
            row("one at a time, protocol (patch received)", alone["protocol"]),
            row(f"{sessions - args.chromium} protocol tabs at the same moment", result["burst"]),
            "",
            f"Load average at the end: {os.getloadavg()[0]:.1f} (2 cores; the sync server and "
            "Chromium run on the same machine).",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--chromium", type=int, default=5)
    parser.add_argument("--taps", type=int, default=6)
    args = parser.parse_args()
    command = (
        f"python -m bench.web_sessions --sessions {args.sessions} --chromium {args.chromium} "
        f"--taps {args.taps}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        result = measure(args, Path(tmp))
    text = report(result, args, command)
    print(text)
    write_section("web_sessions", text)


if __name__ == "__main__":
    main()
