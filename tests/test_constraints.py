"""constraints/server.txt pins what a server installs, at the versions installed and tested."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PINS = ROOT / "constraints" / "server.txt"


def pins() -> dict[str, str]:
    lines = PINS.read_text(encoding="utf-8").splitlines()
    pairs = (line.partition("==") for line in lines if line and not line.startswith("#"))
    return {name: version for name, _, version in pairs}


def test_the_server_constraints_are_what_the_freeze_script_makes_from_this_venv():
    made = subprocess.run(
        [sys.executable, "scripts/freeze_server.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert made == PINS.read_text(encoding="utf-8"), "run scripts/freeze_server.py again"


def test_every_pin_is_the_installed_version():
    assert {name: metadata.version(name) for name in pins()} == pins()


def test_the_packages_with_known_cves_are_pinned_past_them():
    floors = {"starlette": (0, 49, 1), "python-multipart": (0, 0, 22), "h11": (0, 16, 0)}
    for name, floor in floors.items():
        assert tuple(int(part) for part in pins()[name].split(".")[:3]) >= floor, name
    assert "defusedxml" in pins()
