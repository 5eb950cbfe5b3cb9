"""The phone build can only ship pure Python or Flet's prebuilt mobile wheels: pinned here."""

from __future__ import annotations

import ast

from tests.test_architecture import ROOT, STDLIB, imported_roots

# Pure Python (httpx, tinydb, Flet itself, flet-charts with its Dart side built by ``flet
# build``) or on Flet's mobile package list (Pillow, pydantic's core).
SHIPPABLE = {
    "mobile",
    "shared",
    "httpx",
    "tinydb",
    "PIL",
    "pydantic",
    "flet",
    "flet_charts",
    "__future__",
}
# Loaded only if present, never required: zxing-cpp and zbar are not on the list; OpenCV (with
# numpy) is, and is the phone's decoder, but the web build may lack it; flet-camera (pure Python,
# its Dart side in Flet's client) is not a dependency yet.
OPTIONAL = {"zxingcpp", "pyzbar", "cv2", "numpy", "flet_camera", "flet_geolocator"}


def test_the_phone_imports_only_what_a_phone_build_can_ship():
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path, name in imported_roots("mobile")
        if name not in STDLIB | SHIPPABLE
    ]
    assert offenders == []


def test_the_optional_decoders_are_looked_up_by_name_never_imported_outright():
    names = {
        str(node.args[0].value)
        for path in (ROOT / "mobile").rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and (
            getattr(node.func, "id", "") == "_import"
            or getattr(node.func, "attr", "") == "import_module"
        )
        and isinstance(node.args[0], ast.Constant)
    }
    assert {name.split(".")[0] for name in names} == OPTIONAL
