"""The payload of each event type: what the device says about the action, validated.

Limits on lengths and counts live here so that the phone refuses an oversized note before it is
queued, and the server refuses the same with the same code.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from enum import IntEnum, StrEnum
from functools import reduce
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from shared.cards import CardItem, HazardGrade, ItemResult
from shared.errors import BadRiskFactor
from shared.geo import Position
from shared.ids import CardId, ItemId, PostId, RiskPointId, UserId, WorkshopId
from shared.notice import Demand
from shared.risk import (
    DEFAULT_CONTROL_LEVELS,
    AccidentType,
    ControlLevel,
    FiveHigh,
    LecAssessment,
    LsAssessment,
    RiskColour,
    grade_lec,
    grade_ls,
    graver,
)
from shared.text import (
    ID_LIMIT,
    ONE_LINE,
    IdText,
    LineText,
    LongText,
    NameText,
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
RiskRef = Annotated[RiskPointId, ID_LIMIT, ONE_LINE]
WorkshopRef = Annotated[WorkshopId, ID_LIMIT, ONE_LINE]
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
    # Loop 3: the risk point and control measure whose failure this hazard is (from the failed
    # card item's measure, or named by the reporter); the server checks that they exist.
    risk_id: RiskRef | None = None
    measure_id: IdText | None = None

    @model_validator(mode="after")
    def _measure_of_a_risk(self) -> Self:
        if self.measure_id is not None and self.risk_id is None:
            raise ValueError("a control measure is named together with its risk point")
        return self

    # The notice's 整改要求; it must agree with the deadline (shared.notice.check_demand).
    demand: Demand | None = None


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
    # 督办责任单位: who answers to the authority for it (the enterprise, or a named department).
    responsible_unit: LineText = ""


class HazardSupervisionLifted(_Payload):
    """解除督办: the authority confirms a supervised hazard's 销号 and ends its supervision."""

    note: LongText = ""


class MajorVerdict(StrEnum):
    """The authority's word on an enterprise's 重大隐患."""

    CONFIRMED = "confirmed"  # 确认: it is a 重大隐患
    REFUTED = "refuted"  # 否定: it is not; it is handled as a 一般隐患 from now on


class HazardMajorReviewed(_Payload):
    """The authority confirms or refutes a 重大隐患, with why (kept in the record)."""

    verdict: MajorVerdict
    reason: ReasonText


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
    # Where the phone was when the QR was scanned, only if the worker allowed location: for
    # the 200 m check against the post's coordinates (shared/geo.py). Absent otherwise.
    location: Position | None = None


class InspectionFinding(_Payload):
    """One item an inspector checked on site."""

    standard_item: RequiredLine
    result: ItemResult
    note: LongText = ""
    photos: Photos = ()


class NoticeReceipt(_Payload):
    """签收: the enterprise's representative signed the notice on the phone, or refused to.

    A signature is a picture of the strokes, kept and sent like a photo. A refusal (拒签) is
    recorded with who witnessed it, as the notice must then say so to be served.
    """

    signer: NameText  # the representative's name as they gave it
    signature: PhotoRef | None = None
    refused: bool = False
    witness: LineText = ""  # who saw the refusal: a name, or names and posts

    @model_validator(mode="after")
    def _signed_or_refused(self) -> Self:
        if self.refused == (self.signature is not None):
            raise ValueError("a receipt has a signature or records a refusal, not both")
        if self.refused and not self.witness.strip():
            raise ValueError("a refusal to sign names the witness")
        return self


class InspectionRecorded(_Payload):
    """An on-site inspection (menu-style); failed findings become hazards of their own."""

    findings: tuple[InspectionFinding, ...] = Field(min_length=1, max_length=MAX_ITEMS)
    notice_no: LineText = ""
    # The hazards this notice filed (one per failing finding); empty on older inspections,
    # whose notice finds them by inspector, enterprise and day instead.
    hazard_ids: tuple[IdText, ...] = Field(default=(), max_length=MAX_ITEMS)
    # 签收 of the notice, or the refusal to sign; absent on older inspections.
    receipt: NoticeReceipt | None = None


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


MAX_WORKSHOP_POSTS = 50
"""Posts one workshop or place lists: a small place has a few, a workshop a few dozen."""


class PostLine(_Payload):
    """A post of a workshop as a manager set it up: its id (made on the phone) and name.

    ``responsible`` is the post's 责任人, a person of the enterprise (a user id), checked on
    the server like a card item's (``list.bad_responsible``).
    """

    id: PostRef
    name: NameText
    responsible: IdText | None = None


class WorkshopDefined(_Payload):
    """A workshop or place (车间/场所) and its posts, set up on a phone (onboarding).

    The aggregate id is the workshop's id. The server folds the last definition into the
    reference data, so the posts are there for cards, risk points and workers' 今日. A post
    left out of a later definition stays (its cards and ticks are records); it is renamed,
    never removed, by a definition that lists it.
    """

    name: NameText
    posts: tuple[PostLine, ...] = Field(min_length=1, max_length=MAX_WORKSHOP_POSTS)

    @model_validator(mode="after")
    def _unique_posts(self) -> Self:
        ids = [post.id for post in self.posts]
        if len(set(ids)) != len(ids):
            raise ValueError("post ids must be unique within a workshop")
        return self


# --- Risk points (风险分级管控): 排查、辨识、评估、分级、建档、管控 ---------------------------

MAX_RISK_MEASURES_CHECKS = 50
"""Card items one control measure names as its checks."""
MAX_REVIEW_RESULTS = 1000
"""Risk points one 风险清单复核 gives a result for."""


class RiskSubject(StrEnum):
    """排查: what the risk point is found on."""

    PLACE = "place"  # 场所/区域
    EQUIPMENT = "equipment"  # 设备设施
    ACTIVITY = "activity"  # 作业活动
    POST = "post"  # 岗位


class MeasureKind(StrEnum):
    """管控: the four kinds of control measure, as the 风险告知卡 lists them."""

    ENGINEERING = "engineering"  # 工程技术措施
    MANAGEMENT = "management"  # 管理措施
    PPE = "ppe"  # 个体防护措施
    EMERGENCY = "emergency"  # 应急处置措施


class ReviewReason(StrEnum):
    """Why the 风险清单 was reviewed: yearly, or because something changed."""

    ANNUAL = "annual"  # 年度复核
    CHANGE = "change"  # 工艺、设备、场所、人员变更后
    ACCIDENT = "accident"  # 发生事故后
    MAJOR_HAZARD = "major_hazard"  # 发现重大隐患后


class ReviewResult(StrEnum):
    """A review's verdict on one risk point."""

    UNCHANGED = "unchanged"  # 辨识与分级仍然有效
    CHANGED = "changed"  # 已重新分级或增补措施 (the regrading is its own event)
    RETIRED = "retired"  # 风险点已不存在 (设备拆除、工艺停用): no longer listed


class ReassessDecision(StrEnum):
    """Loop 3: the manager's answer once a hazard from a failed control is closed."""

    KEEP = "keep"  # 维持原等级
    REGRADE = "regrade"  # 重新分级
    ADD_MEASURE = "add_measure"  # 增补管控措施


class LecFactors(_Payload):
    """L, E and C as picked from the standard's tables; D and the colour follow."""

    l: float  # noqa: E741 - the standard's own symbol
    e: float
    c: float

    @model_validator(mode="after")
    def _in_tables(self) -> Self:
        _checked(lambda: grade_lec(self.l, self.e, self.c))
        return self


class LsFactors(_Payload):
    """L and S of the 5×5 matrix; R and the colour follow (the common banding)."""

    l: int  # noqa: E741
    s: int

    @model_validator(mode="after")
    def _in_matrix(self) -> Self:
        _checked(lambda: grade_ls(self.l, self.s))
        return self


def _checked(grade: Callable[[], object]) -> None:
    """Run a grading, turning its refusal into a validation error that keeps the risk code."""
    try:
        grade()
    except BadRiskFactor as exc:
        message = {"message": exc.message}
        raise PydanticCustomError(BadRiskFactor.code, "{message}", message) from exc


class Grading(_Payload):
    """评估 + 分级: LEC, LS or both (assessed twice, the graver colour stands)."""

    lec: LecFactors | None = None
    ls: LsFactors | None = None
    # 管控层级: by default the one that follows from the colour; an enterprise may lead higher.
    control_level: ControlLevel | None = None

    @model_validator(mode="after")
    def _assessed(self) -> Self:
        if self.lec is None and self.ls is None:
            raise ValueError("a grading needs LEC or LS factors")
        return self

    def lec_assessment(self) -> LecAssessment | None:
        """The LEC result (D and its colour), if LEC was used."""
        return None if self.lec is None else grade_lec(self.lec.l, self.lec.e, self.lec.c)

    def ls_assessment(self) -> LsAssessment | None:
        """The LS result (R and its colour), if LS was used."""
        return None if self.ls is None else grade_ls(self.ls.l, self.ls.s)

    def colour(self) -> RiskColour:
        """The four-colour grade: the graver of the methods used."""
        found = [a.colour for a in (self.lec_assessment(), self.ls_assessment()) if a]
        return reduce(graver, found)

    def level(self) -> ControlLevel:
        """The 管控层级: the one chosen, else the default for the colour."""
        return self.control_level or DEFAULT_CONTROL_LEVELS[self.colour()]


class ItemLink(_Payload):
    """A card item that checks a control measure (一岗一卡 line → 管控措施)."""

    card_id: CardRef
    item_id: ItemRef


class RiskIdentified(_Payload):
    """排查、辨识、评估、分级、建档 of one risk point, as one event (the aggregate id is its id)."""

    subject: RiskSubject
    name: TitleText
    workshop_id: WorkshopRef | None = None
    post_id: PostRef | None = None
    five_high: FiveHigh
    accident_types: tuple[AccidentType, ...] = Field(min_length=1, max_length=len(AccidentType))
    hazard_factors: LongText = ""  # 危险因素
    grading: Grading
    control_goal: LineText = ""
    location: LineText = ""
    photos: Photos = ()
    responsible: IdText | None = None  # 责任人: a person of the enterprise (a user id)


class RiskRegraded(_Payload):
    """分级 again: the new grading and why (who and when are the envelope's)."""

    grading: Grading
    reason: ReasonText


class RiskMeasureAdded(_Payload):
    """管控: one control measure, with the card items that check it."""

    measure_id: IdText
    kind: MeasureKind
    text: RequiredText
    checks: tuple[ItemLink, ...] = Field(default=(), max_length=MAX_RISK_MEASURES_CHECKS)


class RiskReassessed(_Payload):
    """Loop 3: the manager's answer about a risk point after a hazard of its control closed."""

    hazard_id: IdText
    decision: ReassessDecision
    note: LongText = ""
    regrade: RiskRegraded | None = None  # with REGRADE
    measure: RiskMeasureAdded | None = None  # with ADD_MEASURE, or beside a REGRADE

    @model_validator(mode="after")
    def _answer_matches(self) -> Self:
        if (self.decision is ReassessDecision.REGRADE) != (self.regrade is not None):
            raise ValueError("a regrade decision carries the new grading, and only it does")
        if self.decision is ReassessDecision.ADD_MEASURE and self.measure is None:
            raise ValueError("an add_measure decision carries the measure")
        if self.decision is ReassessDecision.KEEP and self.measure is not None:
            raise ValueError("a keep decision changes nothing: it carries no measure")
        return self


class RiskVerdict(_Payload):
    """One risk point's result in a review."""

    result: ReviewResult
    note: LongText = ""


class RiskListReviewed(_Payload):
    """风险清单复核: the whole list reviewed, with a result per risk point.

    The aggregate is the review itself (its id made on the phone); each risk point's timeline
    shows its verdict, and the score's 风险清单维护 counts the review's day.
    """

    reason: ReviewReason
    note: LongText = ""
    results: dict[RiskRef, RiskVerdict] = Field(min_length=1, max_length=MAX_REVIEW_RESULTS)


# --- The four-colour picture (安全风险四色分布图) -----------------------------------------------

Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
"""A place on the site plan along one side: 0 at the left (top) edge, 1 at the right (bottom).

Fractions, not pixels, so a pin stays where it was tapped whatever size the plan is shown or
printed at (a phone screen, A4, A3).
"""


def risk_map_id(tenant: str) -> str:
    """The one 四色图 aggregate of an enterprise: every plan and pin of it is filed here."""
    return f"MAP-{tenant}"


class RiskMapPlanSet(_Payload):
    """The 平面布置图 (site plan) the 四色图 is drawn on, as a verified photo blob.

    A later plan replaces the earlier one; the pins stay, as fractions of the plan.
    """

    photo: PhotoRef


class RiskMapPinned(_Payload):
    """A risk point placed on the site plan by a tap; placing it again moves it."""

    risk_id: RiskRef
    x: Fraction
    y: Fraction


class RiskMapUnpinned(_Payload):
    """A risk point taken off the site plan (placed by mistake, or no longer where it was).

    The point stays listed under the picture as not placed; pinning it again puts it back.
    """

    risk_id: RiskRef


# --- A worker's proposal of a risk point (风险点建议), confirmed or declined by the manager ------


class RiskProposed(_Payload):
    """What a worker saw that may be a risk point, for the safety manager to confirm.

    Any person of the enterprise may propose; only the manager walks the six steps, so the
    proposal carries what the proposer can say (what, where, a photo) and, if they know it,
    a suggested 五高 element and accident types that prefill the manager's 辨识.
    """

    subject: RiskSubject
    seen: RequiredText  # what they saw (看到的情况)
    workshop_id: WorkshopRef | None = None
    post_id: PostRef | None = None
    location: LineText = ""
    photos: Photos = ()
    five_high: FiveHigh | None = None
    accident_types: tuple[AccidentType, ...] = Field(default=(), max_length=len(AccidentType))


class RiskProposalConfirmed(_Payload):
    """The manager took the proposal up: the risk point it became (identified by its own event)."""

    risk_id: RiskRef
    note: LongText = ""


class RiskProposalDeclined(_Payload):
    """The manager declined the proposal, with a reason the proposer reads."""

    reason: ReasonText


class PostLocated(_Payload):
    """Where a post is (WGS-84), set by its manager on the phone: from a fix there, or typed.

    The aggregate id is the post's id. The last one (canonical order) stands, over an import's
    纬度/经度 too; the 200 m check at scan time compares ticks with it. A pair, or nothing:
    a latitude alone would put the post nowhere.
    """

    latitude: float = Field(ge=-90, le=90, allow_inf_nan=False)
    longitude: float = Field(ge=-180, le=180, allow_inf_nan=False)


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
    "hazard.supervision_lifted": HazardSupervisionLifted,
    "hazard.major_reviewed": HazardMajorReviewed,
    "hazard.conflict_resolved": ConflictResolved,
    "card_instance.submitted": CardSubmitted,
    "inspection.recorded": InspectionRecorded,
    "card.defined": CardDefined,
    "risk.identified": RiskIdentified,
    "risk.regraded": RiskRegraded,
    "risk.measure_added": RiskMeasureAdded,
    "risk.reassessed": RiskReassessed,
    "risk_list.reviewed": RiskListReviewed,
    "workshop.defined": WorkshopDefined,
    "risk_map.plan_set": RiskMapPlanSet,
    "risk_map.pinned": RiskMapPinned,
    "risk_map.unpinned": RiskMapUnpinned,
    "risk_proposal.made": RiskProposed,
    "risk_proposal.confirmed": RiskProposalConfirmed,
    "risk_proposal.declined": RiskProposalDeclined,
    "post.located": PostLocated,
}
"""Payload model by event type value (keyed by value so this module needs no EventType)."""
