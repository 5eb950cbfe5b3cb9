"""The phone build can only ship pure Python or Flet's prebuilt mobile wheels: pinned here."""

from __future__ import annotations

import ast

from tests.test_architecture import ROOT, STDLIB, imported_roots

# Pure Python (httpx, tinydb) or on Flet's mobile package list (Pillow, pydantic's core).
SHIPPABLE = {"mobile", "shared", "httpx", "tinydb", "PIL", "pydantic", "__future__"}
OPTIONAL = {"zxingcpp", "pyzbar"}  # not on the list: loaded only if present, never required


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
        and getattr(node.func, "id", "") == "_import"
        and isinstance(node.args[0], ast.Constant)
    }
    assert {name.split(".")[0] for name in names} == OPTIONAL
