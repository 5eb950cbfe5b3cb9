"""Post check cards (一岗一卡): what a post checks, how and how often, and the shifts it works."""

from __future__ import annotations

from collections import Counter
from datetime import date, time
from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.ids import CardId, ItemId, TenantId
from shared.risk import FiveHigh
from shared.text import ID_LIMIT, ONE_LINE, CellText, IdText, LineText, NameText, TextKind, limit

_DAY_SECONDS = 24 * 3600


class Frequency(StrEnum):
    """How often an item is checked (频次); each frequency is its own card instance."""

    PER_SHIFT = "per_shift"  # 每班: once in every shift the post works
    DAILY = "daily"  # 每日: once per calendar day
    WEEKLY = "weekly"  # 每周: once per ISO week, Monday to Sunday
    MONTHLY = "monthly"  # 每月: once per calendar month
    QUARTERLY = "quarterly"  # 每季: once per calendar quarter (January–March …)
    YEARLY = "yearly"  # 每年: once per calendar year


class HazardGrade(StrEnum):
    """The grade of a hazard (隐患等级), as the 16号令 defines it."""

    GENERAL = "general"  # 一般隐患: fixed at once by the unit
    MAJOR = "major"  # 重大隐患: reported, fixed under a plan, verified by the regulator


class ItemResult(StrEnum):
    """What a worker records against one item when ticking a card."""

    PASS = "pass"  # 合格
    FAIL = "fail"  # 不合格: the phone then offers to report the item's typical hazard
    NOT_APPLICABLE = "not_applicable"  # 不适用: e.g. no cylinder on site today; counts as done


class Evidence(StrEnum):
    """What a 不合格 tick of an item must carry to stand in a dispute (``shared.evidence``)."""

    PHOTO = "photo"  # a photo of the fault (the default: a photo shows what words cannot)
    NOTE = "note"  # a written note (e.g. a record or a count that a photo does not show)
    PHOTO_OR_NOTE = "photo_or_note"  # either will do


class CardItem(BaseModel):
    """One line of a card: the six columns of the handbook's card tables (§1).

    ``responsible_role`` is a job title printed on the card (后厨负责人, 操作工), not a system
    :class:`shared.roles.Role`: a shop's head chef usually logs in as a plain worker.
    """

    model_config = ConfigDict(frozen=True)

    id: Annotated[ItemId, ID_LIMIT, ONE_LINE]
    what: CellText  # 检查项
    how: CellText  # 怎么查
    pass_criterion: CellText  # 合格标准
    typical_hazard: CellText  # 不合格→典型隐患
    suggested_grade: HazardGrade = HazardGrade.GENERAL
    frequency: Frequency  # 频次
    responsible_role: NameText  # 责任人 (a job title)
    # Issue 21: the 责任人 as a person, an account of the enterprise (checked by the server).
    responsible: IdText | None = None
    # Issue 21: cards stored before the library may lack these; an import requires 五高.
    five_high: FiveHigh | None = None  # 五高要素
    control_goal: LineText = ""  # 管控目标
    standard: IdText | None = None  # the library standard it came from (PC-11-03, SX-09) …
    standard_version: IdText | None = None  # … at this library version (2026.1)
    # Issue 19: what a 不合格 tick must carry; cards stored before it default to a photo.
    evidence: Evidence = Evidence.PHOTO


class CheckCard(BaseModel):
    """A post's card at one version; a changed card is a new version, so old ticks stay readable."""

    model_config = ConfigDict(frozen=True)

    id: CardId
    tenant: TenantId
    name: NameText
    version: int = Field(ge=1)
    items: tuple[CardItem, ...] = Field(min_length=1)
    # A card defined on a phone (card.defined) owes nothing for the days before it existed:
    # yesterday's weekly round is not late on a card built this morning. None: imported.
    in_force_from: date | None = None

    @model_validator(mode="after")
    def _unique_item_ids(self) -> Self:
        counts = Counter(item.id for item in self.items)
        duplicates = sorted(item_id for item_id, count in counts.items() if count > 1)
        if duplicates:
            raise ValueError(f"item ids must be unique within a card, repeated: {duplicates}")
        return self


class ShiftWindow(BaseModel):
    """One shift in local wall-clock time; ``end`` at or before ``start`` runs past midnight.

    A shift belongs to the day it starts on: the 20:00–08:00 night shift of 29 November ends on
    the 30th. ``start == end`` is refused because it could mean either nothing or 24 hours; a
    24-hour duty is two 12-hour shifts.
    """

    model_config = ConfigDict(frozen=True)

    start: time
    end: time
    # 白班, 夜班 … shown on the phone; the period key uses the shift's number
    label: Annotated[str, limit(TextKind.NAME), ONE_LINE] = ""

    @model_validator(mode="after")
    def _proper_window(self) -> Self:
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("shift times are local wall-clock times, without a zone")
        if self.start == self.end:
            raise ValueError("a shift must not start and end at the same time")
        return self


def _seconds(moment: time) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def _span(window: ShiftWindow) -> tuple[int, int]:
    """Seconds after midnight of the start day at which the window opens and closes."""
    start = _seconds(window.start)
    return start, start + (_seconds(window.end) - start) % _DAY_SECONDS


class ShiftPattern(BaseModel):
    """The one to three shifts a post works every day, earliest start first.

    The order is part of the data: shift ``n`` (1-based) names the per-shift period
    ``"2026-11-29#n"``, so reordering shifts would rename history. Shifts may not overlap, also
    across midnight (a night shift must end before the next day's first shift starts).
    """

    model_config = ConfigDict(frozen=True)

    shifts: tuple[ShiftWindow, ...] = Field(
        default=(ShiftWindow(start=time(8), end=time(20), label="白班"),),
        min_length=1,
        max_length=3,
    )

    @model_validator(mode="after")
    def _ordered_without_overlap(self) -> Self:
        spans = [_span(window) for window in self.shifts]
        starts = [start for start, _ in spans]
        if starts != sorted(set(starts)):
            raise ValueError("shifts must be listed by start time, earliest first")
        next_starts = [*starts[1:], starts[0] + _DAY_SECONDS]
        if any(end > following for (_, end), following in zip(spans, next_starts, strict=True)):
            raise ValueError("shifts must not overlap")
        return self
