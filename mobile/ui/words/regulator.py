"""The sentences and labels of the regulator's screens (应急管理局): key → (Chinese, English)."""

from __future__ import annotations

from enum import Enum

TEXTS: dict[str, tuple[str, str]] = {}

LABELS: dict[Enum, tuple[str, str]] = {}
