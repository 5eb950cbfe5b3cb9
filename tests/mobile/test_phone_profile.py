"""The phone profile: every package the APK carries is pinned once, and can be built for Android.

``flet build apk`` resolves the app's dependencies against PyPI (pure Python) and Flet's mobile
index (binary wheels). That index cannot be reached from here, so these tests check what the
resolver would need: every dependency the build packages is pinned in ``constraints/phone.txt``,
the pin satisfies the app's own specifier, and each pinned package is either pure Python or built
at exactly that version on the mobile index (its documented list, below). In the phone venv
(``scripts/phone-venv``) they also check that the venv holds exactly the pinned set.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONSTRAINTS = ROOT / "constraints" / "phone.txt"
MOBILE_INDEX = {
    # https://docs.flet.dev/reference/binary-packages-android-ios (pypi.flet.dev), the binary
    # packages a phone can have, with the versions built; the ones this app could use.
    "pydantic-core": {"2.23.3"},
    "pillow": {"10.4.0"},
    "numpy": {"2.1.1", "1.26.4"},
    "opencv-python": {"4.10.0.84"},
    "msgpack": {"1.1.0"},
    "cryptography": {"43.0.1"},
    "cffi": {"1.17.1"},
    "pyyaml": {"6.0.2"},
}
# Pure Python (py3-none-any wheels): checked against the installed wheel's tags where installed.
PURE = {
    "flet", "flet-camera", "flet-charts", "flet-geolocator", "pydantic", "annotated-types",
    "typing-extensions",
    "httpx", "httpcore", "h11", "anyio", "idna", "certifi", "tinydb", "oauthlib", "repath", "six",
}  # fmt: skip
IN_PHONE_VENV = Path(sys.prefix).name == ".venv-phone"


def _name(requirement: str) -> str:
    return re.split(r"[\s<>=!~;\[]", requirement.strip(), maxsplit=1)[0].lower().replace("_", "-")


def pins() -> dict[str, str]:
    """The constraints file as name → version."""
    found = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            found[_name(name)] = version.strip()
    return found


def packaged() -> list[str]:
    """What ``flet build apk`` packages: the core dependencies and the Android ones."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    android = project["tool"]["flet"].get("android", {}).get("dependencies", [])
    return [*project["project"]["dependencies"], *android]


def test_every_package_the_build_carries_is_pinned_and_the_pin_satisfies_the_app():
    from packaging.requirements import Requirement

    pinned = pins()
    unpinned = [r for r in packaged() if _name(r) not in pinned]
    assert unpinned == []
    refused = [r for r in packaged() if pinned[_name(r)] not in Requirement(r).specifier]
    assert refused == []


def test_every_pinned_package_is_pure_python_or_built_at_that_version_on_the_mobile_index():
    pinned = pins()
    neither = {
        name: version
        for name, version in pinned.items()
        if name not in PURE and version not in MOBILE_INDEX.get(name, set())
    }
    assert neither == {}


@pytest.mark.parametrize("name", sorted(PURE))
def test_a_package_called_pure_ships_a_pure_python_wheel(name):
    try:
        wheel = metadata.distribution(name).read_text("WHEEL") or ""
    except metadata.PackageNotFoundError:
        pytest.skip(f"{name} is not installed here")
    tags = [line.split(":", 1)[1].strip() for line in wheel.splitlines() if line.startswith("Tag:")]
    assert tags and all(tag.endswith("-none-any") for tag in tags), tags


@pytest.mark.skipif(not IN_PHONE_VENV, reason="only in the phone profile (scripts/phone-venv)")
def test_the_phone_venv_runs_python_312_with_exactly_the_pinned_packages():
    assert sys.version_info[:2] == (3, 12)
    for name, version in pins().items():
        installed = "opencv-python-headless" if name == "opencv-python" else name
        assert metadata.version(installed) == version, name
    server = [n for n in ("fastapi", "sqlalchemy", "uvicorn", "zxing-cpp", "pyzbar") if _has(n)]
    assert server == []


def _has(name: str) -> bool:
    try:
        metadata.version(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def test_make_apk_without_flutter_or_the_android_sdk_stops_naming_what_is_missing(tmp_path):
    bare = {"PATH": f"{tmp_path}:/usr/bin:/bin", "HOME": str(tmp_path)}  # no flutter, no SDK
    run = subprocess.run(
        [str(ROOT / "scripts" / "apk")],
        env=bare | {"PYTHON": sys.executable, "LANG": os.environ.get("LANG", "C.UTF-8")},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 2
    assert "Flutter SDK" in run.stderr and "Android SDK" in run.stderr
    assert "docs/phone-build.md" in run.stderr
