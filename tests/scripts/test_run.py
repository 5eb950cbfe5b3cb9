"""``make run`` as a newcomer meets it: a table of four phones, and a server that comes and goes.

``scripts/run`` is started the way ``make run`` starts it, in its own process group; the
server is stopped and started with ``scripts/server`` as the README's offline walk does, and
the phones must keep answering meanwhile. Ctrl-C (SIGINT to the group) stops everything.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.mobile.e2e.processes import ROOT, START_TIMEOUT_S, free_port

ACCOUNTS = ["worker1", "manager1", "inspector1", "regulator1"]


def consecutive_free_ports(count: int) -> int:
    """The first of ``count`` ports free on loopback right now."""
    for _ in range(50):
        first = free_port()
        if first + count > 65535:
            continue
        probes = [socket.socket() for _ in range(count)]
        try:
            for offset, probe in enumerate(probes):
                probe.bind(("127.0.0.1", first + offset))
            return first
        except OSError:
            continue
        finally:
            for probe in probes:
                probe.close()
    raise RuntimeError("no run of free ports")


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith("PYTEST")},
        "DATA": str(tmp_path / "var"),
        "SERVER_PORT": str(free_port()),
        "APP_PORT": str(consecutive_free_ports(len(ACCOUNTS))),
    }


@pytest.fixture
def running(environment: dict[str, str], tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    out = (tmp_path / "run.out").open("w")
    process = subprocess.Popen(
        ["scripts/run"],
        cwd=ROOT,
        env=environment,
        stdout=out,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        yield process
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        subprocess.run(["scripts/server", "stop"], cwd=ROOT, env=environment, check=False)
        out.close()


def wait_for_text(path: Path, text: str, process: subprocess.Popen[str]) -> str:
    deadline = time.monotonic() + 3 * START_TIMEOUT_S  # the first start seeds the demo city
    while time.monotonic() < deadline:
        said = path.read_text(encoding="utf-8")
        if text in said:
            return said
        assert process.poll() is None, said
        time.sleep(0.3)
    raise AssertionError(path.read_text(encoding="utf-8"))


def test_make_run_prints_four_phones_that_keep_running_while_the_server_goes_and_comes_back(
    running: subprocess.Popen[str], environment: dict[str, str], tmp_path: Path
) -> None:
    said = wait_for_text(tmp_path / "run.out", "Ctrl-C stops", running)
    first = int(environment["APP_PORT"])
    phones = [f"http://127.0.0.1:{first + offset}" for offset in range(len(ACCOUNTS))]
    for url, account in zip(phones, ACCOUNTS, strict=True):
        assert re.search(rf"{re.escape(url)}\s+{account}\s", said), said
        assert answers(url + "/")
    assert "for workers" not in said
    health = f"http://127.0.0.1:{environment['SERVER_PORT']}/health"
    assert answers(health)

    server = ["scripts/server"]
    subprocess.run([*server, "stop"], cwd=ROOT, env=environment, check=True)
    assert not answers(health)
    assert all(answers(url + "/") for url in phones)
    subprocess.run([*server, "start"], cwd=ROOT, env=environment, check=True)
    assert answers(health)

    os.killpg(running.pid, signal.SIGINT)  # what Ctrl-C in the terminal does
    running.wait(timeout=30)
    assert not answers(health)
    assert not any(answers(url + "/") for url in phones)
