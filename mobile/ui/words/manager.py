"""The sentences and labels of the manager's screens (企业安全管理员): key → (Chinese, English)."""

from __future__ import annotations

from enum import Enum

TEXTS: dict[str, tuple[str, str]] = {}

LABELS: dict[Enum, tuple[str, str]] = {}
