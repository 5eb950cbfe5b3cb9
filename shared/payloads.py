"""The payload of each event type: what the device says about the action, validated.

Limits on lengths and counts live here so that the phone refuses an oversized note before it is
queued, and the server refuses the same with the same code.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import IntEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.cards import CardItem, HazardGrade, ItemResult
from shared.ids import CardId, ItemId, PostId, UserId
from shared.text import (
    ID_LIMIT,
    ONE_LINE,
    IdText,
    LineText,
    LongText,
    OptionalReason,
    ReasonText,
    RequiredLine,
    RequiredText,
    TitleText,
)

__all__ = ["PAYLOAD_MODELS"]

MAX_PHOTOS = 20
PostRef = Annotated[PostId, ID_LIMIT, ONE_LINE]
CardRef = Annotated[CardId, ID_LIMIT, ONE_LINE]
ItemRef = Annotated[ItemId, ID_LIMIT, ONE_LINE]
MAX_ITEMS = 200
"""Items of one card submission, findings of one inspection, hazards of one notice."""


class HazardCategory(IntEnum):
    """隐患类型 (``hazardDangerType`` of the MEM data exchange)."""

    SAFETY = 1  # 安全
    PROCESS = 2  # 工艺
    ELECTRICAL = 3  # 电气
    INSTRUMENT = 4  # 仪表
    FIRE = 5  # 消防
    LAYOUT = 6  # 总图
    EQUIPMENT = 7  # 设备
    OTHER = 8  # 其他


class ManagementClass(IntEnum):
    """人 / 物 / 管理 (``managementClassification``)."""

    UNSAFE_ACT = 1  # 人的不安全行为
    UNSAFE_CONDITION = 2  # 物的不安全状态
    MANAGEMENT_DEFECT = 3  # 管理上的缺陷


class HazardSource(IntEnum):
    """隐患来源 (``dangerSrc``): how the hazard was found."""

    ROUTINE = 1  # 日常排查 (a card item failed)
    COMPREHENSIVE = 2  # 综合性排查
    SPECIALIST = 3  # 专业性排查
    SEASONAL = 4  # 季节性排查
    HOLIDAY = 5  # 重点时段及节假日前排查
    ACCIDENT_ANALOGY = 6  # 事故类比排查
    RESUMPTION = 7  # 复产复工前排查
    EXPERT = 8  # 外聘专家诊断式排查
    CONTROL_FAILURE = 9  # 管控措施失效
    OTHER = 10  # 其他
    ENFORCEMENT = 11  # 执法检查 (ours: found by an inspector on site)


class _Payload(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PhotoRef(_Payload):
    """A photo by content address; the bytes travel separately as a verified blob."""

    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(gt=0, le=20_000_000)
    taken_at: datetime | None = None
    # Only when the user allowed location; never inside the served image files.
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)


Photos = Annotated[tuple[PhotoRef, ...], Field(max_length=MAX_PHOTOS)]


class HazardReported(_Payload):
    """排查 + 登记: what was found, where, how grave."""

    title: TitleText  # dangerName
    description: LongText = ""  # dangerDesc
    grade: HazardGrade = HazardGrade.GENERAL
    category: HazardCategory = HazardCategory.SAFETY
    management_class: ManagementClass = ManagementClass.UNSAFE_CONDITION
    source: HazardSource = HazardSource.ROUTINE
    location: LineText = ""
    post_id: PostRef | None = None
    card_id: CardRef | None = None
    item_id: ItemRef | None = None
    photos: Photos = ()
    # Issue 19: a report needs a photo unless the reporter says why there is none
    # (``shared.evidence``); reports stored before the rule have neither and stay readable.
    no_photo_reason: OptionalReason = ""
    # An inspector's notice fixes the deadline and the responsible person on the spot.
    deadline: datetime | None = None


class HazardAssigned(_Payload):
    """整改 assignment: who fixes it, by when, how and at what cost."""

    assignee: Annotated[UserId, ID_LIMIT, ONE_LINE]
    deadline: datetime
    measures: LongText = ""  # controlMeasures
    budget_yuan: Decimal | None = Field(default=None, ge=0, le=10**10, decimal_places=2)


class HazardStarted(_Payload):
    """The responsible person began work."""

    note: LongText = ""


class HazardRectified(_Payload):
    """Rectification done, with the after-photos a manager compares to the before-photos."""

    note: LongText = ""
    photos: Photos = ()
    cost_yuan: Decimal | None = Field(default=None, ge=0, le=10**10, decimal_places=2)


class HazardAccepted(_Payload):
    """验收 passed; the signature of the accepting person."""

    comment: LongText = ""  # checkAcceptComment


class HazardRejected(_Payload):
    """验收 refused: a reason is required so the worker knows what to redo."""

    reason: ReasonText


class HazardClosed(_Payload):
    """销号."""

    note: LongText = ""


class HazardReopened(_Payload):
    """Found not fixed after all."""

    reason: ReasonText


class HazardVoided(_Payload):
    """Reported in error; the record is kept, the hazard no longer counts."""

    reason: ReasonText


EDITABLE_FIELDS = ("title", "description", "location", "measures")
"""The text fields a correction may change; everything else has its own event."""


class HazardEdited(_Payload):
    """A correction of text fields (newest stamp wins under concurrency)."""

    title: TitleText | None = None
    description: LongText | None = None
    location: LineText | None = None
    measures: LongText | None = None

    def changed(self) -> dict[str, str]:
        """The fields this edit sets."""
        return {
            name: value for name in EDITABLE_FIELDS if (value := getattr(self, name)) is not None
        }


class HazardRegraded(_Payload):
    """一般 ↔ 重大."""

    grade: HazardGrade
    reason: LongText = ""


class HazardAnnotated(_Payload):
    """A note or more photos; never conflicts with anything."""

    note: LongText = ""
    photos: Photos = ()


class HazardMajorReported(_Payload):
    """已上报: a 重大隐患 reported to the authority (within 24 h)."""

    authority: RequiredLine
    reference: LineText = ""


class HazardPlanAttached(_Payload):
    """治理方案: the treatment plan (objective, measures, money, people, time, safeguards)."""

    summary: RequiredText
    target_date: datetime
    documents: Photos = ()


class HazardSupervised(_Payload):
    """挂牌督办 by the authority, with its own deadline."""

    level: RequiredLine  # 市级 / 县级
    deadline: datetime
    note: LongText = ""


class ConflictResolved(_Payload):
    """A person looked at a conflict flag and cleared it."""

    conflict_id: RequiredLine  # "<code>:<event_id>", see docs/sync-protocol.md
    reason: ReasonText


class ItemTick(_Payload):
    """One item's result on a card."""

    result: ItemResult
    note: LongText = ""
    photos: Photos = ()


class CardSubmitted(_Payload):
    """A card instance ticked: submitting is one event for all the items ticked."""

    post_id: PostRef
    card_id: CardRef
    card_version: int = Field(ge=1)
    period: IdText  # "2026-11-28", "2026-W48#2": made by the phone from the card's schedule
    items: dict[ItemRef, ItemTick] = Field(min_length=1, max_length=MAX_ITEMS)
    started_at: datetime
    completed_at: datetime
    scanned: bool = False  # opened by scanning the post's QR, not typed


class InspectionFinding(_Payload):
    """One item an inspector checked on site."""

    standard_item: RequiredLine
    result: ItemResult
    note: LongText = ""
    photos: Photos = ()


class InspectionRecorded(_Payload):
    """An on-site inspection (menu-style); failed findings become hazards of their own."""

    findings: tuple[InspectionFinding, ...] = Field(min_length=1, max_length=MAX_ITEMS)
    notice_no: LineText = ""
    # The hazards this notice filed (one per failing finding); empty on older inspections,
    # whose notice finds them by inspector, enterprise and day instead.
    hazard_ids: tuple[IdText, ...] = Field(default=(), max_length=MAX_ITEMS)


class CardDefined(_Payload):
    """A post's card as a manager built it (from the standards library or by hand).

    The aggregate id is the new card's id; the server folds the last definition into the
    reference data and points the post at it, so workers' phones get it on their next
    reference read. A card already ticked keeps its id and items: old ticks stay readable.
    Each item keeps the ``standard`` and ``standard_version`` it came from.
    """

    post_id: Annotated[PostId, ID_LIMIT, ONE_LINE]
    name: TitleText
    items: tuple[CardItem, ...] = Field(min_length=1, max_length=200)
    library_version: IdText | None = None

    @model_validator(mode="after")
    def _unique_item_ids(self) -> Self:
        # Checked here, not only when folded: a card that cannot fold must not enter the record.
        ids = [item.id for item in self.items]
        if len(set(ids)) != len(ids):
            raise ValueError("item ids must be unique within a card")
        return self


PAYLOAD_MODELS: dict[str, type[BaseModel]] = {
    "hazard.reported": HazardReported,
    "hazard.assigned": HazardAssigned,
    "hazard.started": HazardStarted,
    "hazard.rectified": HazardRectified,
    "hazard.accepted": HazardAccepted,
    "hazard.rejected": HazardRejected,
    "hazard.closed": HazardClosed,
    "hazard.reopened": HazardReopened,
    "hazard.voided": HazardVoided,
    "hazard.edited": HazardEdited,
    "hazard.regraded": HazardRegraded,
    "hazard.annotated": HazardAnnotated,
    "hazard.major_reported": HazardMajorReported,
    "hazard.plan_attached": HazardPlanAttached,
    "hazard.supervised": HazardSupervised,
    "hazard.conflict_resolved": ConflictResolved,
    "card_instance.submitted": CardSubmitted,
    "inspection.recorded": InspectionRecorded,
    "card.defined": CardDefined,
}
"""Payload model by event type value (keyed by value so this module needs no EventType)."""
