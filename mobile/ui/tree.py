"""Walking a built control tree: finding a control by key, for the app and for view tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import flet as ft

__all__ = ["find", "find_all", "walk"]


def walk(root: ft.BaseControl) -> Iterator[ft.BaseControl]:
    """Every control under ``root`` (itself included), depth first, in field order."""
    yield root
    for field in dataclasses.fields(root):
        if field.name.startswith("_") or field.name in ("parent", "page"):
            continue
        value = getattr(root, field.name, None)
        children = value if isinstance(value, list) else [value]
        for child in children:
            if isinstance(child, ft.BaseControl):
                yield from walk(child)


def find_all(root: ft.BaseControl, key: str) -> list[ft.BaseControl]:
    """Every control whose ``key`` is ``key``."""
    return [control for control in walk(root) if control.key == key]


def find(root: ft.BaseControl, key: str) -> ft.BaseControl | None:
    """The first control with this ``key``, or None."""
    return next(iter(find_all(root, key)), None)
