"""Typed ids: a hazard id and a post id are both strings, but never interchangeable."""

from __future__ import annotations

from typing import NewType

TenantId = NewType("TenantId", str)
"""An enterprise's id: the unit that owns records and keys (its 统一社会信用代码 or a code)."""
GridUnitId = NewType("GridUnitId", str)
"""A grid unit: 市, 县, 乡 or 村."""
WorkshopId = NewType("WorkshopId", str)
PostId = NewType("PostId", str)
CardId = NewType("CardId", str)
ItemId = NewType("ItemId", str)
RiskPointId = NewType("RiskPointId", str)
HazardId = NewType("HazardId", str)
UserId = NewType("UserId", str)
DeviceId = NewType("DeviceId", str)
EventId = NewType("EventId", str)
