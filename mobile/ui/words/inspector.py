"""The sentences and labels of the inspector's screens (执法检查员 / 网格员)."""

from __future__ import annotations

from enum import Enum

TEXTS: dict[str, tuple[str, str]] = {}

LABELS: dict[Enum, tuple[str, str]] = {}
