"""The children of a browser story end with the test process, however it ends."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from tests.mobile.e2e.processes import ROOT

PARENT = """
import os, sys
from pathlib import Path
from tests.mobile.e2e.processes import Child, free_port
port = free_port()
child = Child(["http.server", "--bind", "127.0.0.1", str(port)], port, Path(sys.argv[1]))
child.start()
print(child.process.pid, flush=True)
os._exit(0)  # killed, as by a CI timeout: no fixture stops the child
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        return stat.read().split(") ", 1)[1][0] != "Z"  # a zombie has ended


def test_a_child_ends_when_the_test_process_that_started_it_dies(tmp_path):
    parent = subprocess.run(
        [sys.executable, "-c", PARENT, str(tmp_path / "child.log")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    pid = int(parent.stdout.split()[0])
    deadline = time.monotonic() + 30
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        assert not alive(pid), "the child outlived the test process that started it"
    finally:
        if alive(pid):
            os.kill(pid, 9)
