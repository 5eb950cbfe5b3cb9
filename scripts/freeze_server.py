"""Print the pins of what a server installs: the core and ``server`` dependencies, closed.

Run from the repository root with the project's venv: ``.venv/bin/python scripts/freeze_server.py
> constraints/server.txt``. It reads the requirements from pyproject.toml and the versions from
the venv it runs in, so the file pins what was tested (tests/test_constraints.py checks both).
"""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

HEADER = """\
# What a sync server installs, pinned: the core and `server` dependencies of pyproject.toml
# and everything they pull in, at the versions the tests ran with. scripts/bootstrap installs
# with `pip install -c constraints/server.txt`. Made by: .venv/bin/python scripts/freeze_server.py
"""


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def server_requirements(pyproject: Path) -> list[Requirement]:
    """The project's core dependencies and its ``server`` extra."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    texts = [*project["dependencies"], *project["optional-dependencies"]["server"]]
    return [Requirement(text) for text in texts]


def closure(roots: list[Requirement]) -> dict[str, str]:
    """Every installed distribution the roots need, by normalised name, with its version."""
    pinned: dict[str, str] = {}
    pending = list(roots)
    while pending:
        requirement = pending.pop()
        name = _name(requirement.name)
        if name in pinned:
            continue
        distribution = metadata.distribution(requirement.name)
        pinned[name] = distribution.version
        for extra in [*requirement.extras, ""]:
            for text in distribution.requires or []:
                needed = Requirement(text)
                if needed.marker is None or needed.marker.evaluate({"extra": extra}):
                    pending.append(needed)
    return pinned


def main() -> None:
    """Print the constraints file."""
    pins = closure(server_requirements(Path("pyproject.toml")))
    lines = [f"{name}=={version}" for name, version in sorted(pins.items())]
    sys.stdout.write(HEADER + "\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
