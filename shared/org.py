"""Organisation and reference data: grid units, enterprises, workshops, posts and risk points."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from functools import reduce
from types import MappingProxyType
from typing import Annotated, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

from shared.credit_code import validate_credit_code
from shared.errors import BadCreditCode, InvalidInput, UnknownReference
from shared.geo import Position
from shared.ids import CardId, GridUnitId, PostId, RiskPointId, TenantId, WorkshopId
from shared.risk import ControlLevel, FiveHigh, LecAssessment, LsAssessment, RiskColour, graver
from shared.text import ONE_LINE, CellText, IdText, LineText, TextKind, limit

Name = Annotated[
    str, StringConstraints(strip_whitespace=True), limit(TextKind.NAME, required=True), ONE_LINE
]
"""A display name: surrounding whitespace is dropped, it may not end up empty, and it is one
line of at most ``LIMITS[TextKind.NAME]`` characters (``shared.text``)."""


class GridLevel(StrEnum):
    """The level of a grid unit (网格层级); the enterprise below a village is the fifth level."""

    CITY = "city"  # 市 (the root: one city per deployment)
    COUNTY = "county"  # 县（市、区）
    TOWNSHIP = "township"  # 乡镇（街道）
    VILLAGE = "village"  # 村（社区）

    @property
    def depth(self) -> int:
        """0 for the city, 3 for a village: a parent is always shallower than its child."""
        return list(GridLevel).index(self)


GRID_LEVEL_NAMES: Mapping[GridLevel, str] = MappingProxyType(
    {
        GridLevel.CITY: "市",
        GridLevel.COUNTY: "县",
        GridLevel.TOWNSHIP: "乡",
        GridLevel.VILLAGE: "村",
    }
)
"""The Chinese name of each grid level."""


class GridUnit(BaseModel):
    """One unit of the 市→县→乡→村 grid, the scope of inspectors and regulators.

    A unit's parent must be shallower but need not be exactly one level up, so that a
    development zone run straight by the city, say, can still be placed.
    """

    model_config = ConfigDict(frozen=True)

    id: GridUnitId
    name: Name
    level: GridLevel
    parent_id: GridUnitId | None = None

    @model_validator(mode="after")
    def _only_the_city_is_a_root(self) -> Self:
        if self.level is GridLevel.CITY and self.parent_id is not None:
            raise ValueError("a city has no parent grid unit")
        if self.level is not GridLevel.CITY and self.parent_id is None:
            raise ValueError(f"a {self.level} grid unit needs a parent")
        return self


def ancestors(unit_id: GridUnitId, units: Mapping[GridUnitId, GridUnit]) -> list[GridUnit]:
    """List the units above a unit, its parent first and the city (root) last.

    Args:
        unit_id: The unit to start from; it is not part of the result.
        units: Every known unit by id.

    Returns:
        The chain of parents; empty for the city.

    Raises:
        UnknownReference: The unit or one of its ancestors is missing from ``units``.
        InvalidInput: A parent is not shallower than its child (a broken or cyclic grid).
    """
    chain: list[GridUnit] = []
    unit = _unit(unit_id, units)
    while unit.parent_id is not None:
        parent = _unit(unit.parent_id, units)
        if parent.level.depth >= unit.level.depth:
            raise InvalidInput(
                f"grid unit {unit.id} ({unit.level}) sits under {parent.id} ({parent.level})",
                unit=unit.id,
                parent=parent.id,
            )
        chain.append(parent)
        unit = parent
    return chain


def is_within(
    unit_id: GridUnitId, ancestor_id: GridUnitId, units: Mapping[GridUnitId, GridUnit]
) -> bool:
    """Whether ``unit_id`` is ``ancestor_id`` or lies below it: the scope check for a grid.

    A regulator scoped to a county sees the county itself and its townships and villages. An
    ``ancestor_id`` that names no unit contains nothing, so a stale scope denies rather than fails.

    Raises:
        UnknownReference: ``unit_id`` or one of its ancestors is missing from ``units``.
    """
    if unit_id == ancestor_id:
        return True
    return any(parent.id == ancestor_id for parent in ancestors(unit_id, units))


def _unit(unit_id: GridUnitId, units: Mapping[GridUnitId, GridUnit]) -> GridUnit:
    try:
        return units[unit_id]
    except KeyError:
        raise UnknownReference(f"no grid unit {unit_id}", kind="grid_unit", id=unit_id) from None


class Industry(StrEnum):
    """The enterprise's line of business, which picks its default check cards."""

    CATERING = "catering"  # 餐饮
    METALWORKING = "metalworking"  # 机械加工
    WAREHOUSING = "warehousing"  # 仓储物流
    HAZARDOUS_CHEMICALS = "hazardous_chemicals"  # 危险化学品
    MANUFACTURING = "manufacturing"  # 一般制造
    SMALL_PLACE = "small_place"  # 十小场所 (see SmallPlaceKind)
    OTHER = "other"  # 其他


INDUSTRY_NAMES: Mapping[Industry, str] = MappingProxyType(
    {
        Industry.CATERING: "餐饮",
        Industry.METALWORKING: "机械加工",
        Industry.WAREHOUSING: "仓储物流",
        Industry.HAZARDOUS_CHEMICALS: "危险化学品",
        Industry.MANUFACTURING: "一般制造",
        Industry.SMALL_PLACE: "十小场所",
        Industry.OTHER: "其他",
    }
)
"""The Chinese name of each industry."""


class SmallPlaceKind(StrEnum):
    """The ten kinds of 十小 place, exactly as the city classifies them (issue 21)."""

    RESTAURANT = "restaurant"  # 小餐饮
    ENTERTAINMENT = "entertainment"  # 小娱乐 (歌舞、网吧、游艺)
    SHOP = "shop"  # 小商店
    TRANSPORT = "transport"  # 小运输
    LODGING = "lodging"  # 小旅店
    PROCESSING = "processing"  # 小加工
    STORAGE = "storage"  # 小仓储
    WELLNESS = "wellness"  # 小康疗 (康复理疗、足疗按摩、美容美发)
    CHILDCARE = "childcare"  # 小托教 (托管、教育培训)
    REPAIR = "repair"  # 小维保 (维修保养)


SMALL_PLACE_NAMES: Mapping[SmallPlaceKind, str] = MappingProxyType(
    {
        SmallPlaceKind.RESTAURANT: "小餐饮",
        SmallPlaceKind.ENTERTAINMENT: "小娱乐",
        SmallPlaceKind.SHOP: "小商店",
        SmallPlaceKind.TRANSPORT: "小运输",
        SmallPlaceKind.LODGING: "小旅店",
        SmallPlaceKind.PROCESSING: "小加工",
        SmallPlaceKind.STORAGE: "小仓储",
        SmallPlaceKind.WELLNESS: "小康疗",
        SmallPlaceKind.CHILDCARE: "小托教",
        SmallPlaceKind.REPAIR: "小维保",
    }
)
"""The Chinese name of each 十小 kind."""

LEGACY_SMALL_PLACE_KINDS: Mapping[str, SmallPlaceKind] = MappingProxyType(
    {
        "beauty_salon": SmallPlaceKind.WELLNESS,  # 小美容美发
        "internet_cafe": SmallPlaceKind.ENTERTAINMENT,  # 小网吧
        "workshop": SmallPlaceKind.PROCESSING,  # 小作坊
    }
)
"""Kinds of the earlier local list that the city's ten no longer have, and where each went.

Stored enterprises and events keep the old words; reading them through :class:`Enterprise`
moves them to the new kind, so nothing already saved becomes unreadable.
"""


def migrate_small_place_kind(value: object) -> object:
    """An old kind's new value; anything else unchanged, for the model to judge."""
    if isinstance(value, str) and value in LEGACY_SMALL_PLACE_KINDS:
        return LEGACY_SMALL_PLACE_KINDS[value].value
    return value


class SupervisionClass(StrEnum):
    """The 分级分类监管 class, Hebei direction: A is the largest or most dangerous, D the smallest.

    Shanxi runs its letters the other way, so never read these as a performance tier.
    """

    A = "A"  # 危化, red risk points, 规上 with >300 staff: city or county enforces
    B = "B"  # 规上 manufacturing with orange points, large warehouses: county
    C = "C"  # small 工贸 without red or orange points: county or township
    D = "D"  # 十小 places and micro workshops: township (乡镇/街道) enforces


class Enterprise(BaseModel):
    """A supervised enterprise (生产经营单位): a tenant that owns its records and keys."""

    model_config = ConfigDict(frozen=True)

    id: TenantId
    name: Name
    credit_code: str
    grid_unit_id: GridUnitId
    industry: Industry
    small_place_kind: SmallPlaceKind | None = None
    supervision_class: SupervisionClass | None = None
    staff_count: int = Field(ge=0)
    above_designated_size: bool = False  # 规上; most places on this app are small
    # Where the enterprise is (WGS-84), typed on import: the regulator's map of a grid unit
    # places it there, or at the centre of its located posts when absent.
    latitude: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)
    longitude: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)

    @property
    def position(self) -> Position | None:
        """The enterprise's typed coordinates, when it has both."""
        if self.latitude is None or self.longitude is None:
            return None
        return Position(latitude=self.latitude, longitude=self.longitude)

    @field_validator("small_place_kind", mode="before")
    @classmethod
    def _current_kind(cls, kind: object) -> object:
        return migrate_small_place_kind(kind)

    @field_validator("credit_code")
    @classmethod
    def _valid_credit_code(cls, code: str) -> str:
        try:
            return validate_credit_code(code)
        except BadCreditCode as exc:
            raise ValueError(exc.message) from exc

    @model_validator(mode="after")
    def _kind_iff_small_place(self) -> Self:
        is_small = self.industry is Industry.SMALL_PLACE
        if is_small and self.small_place_kind is None:
            raise ValueError("a 十小 place needs its small_place_kind")
        if not is_small and self.small_place_kind is not None:
            raise ValueError("only a 十小 place (industry small_place) has a small_place_kind")
        return self


class Workshop(BaseModel):
    """A workshop or department (车间/部门) of an enterprise."""

    model_config = ConfigDict(frozen=True)

    id: WorkshopId
    tenant: TenantId
    name: Name


class Post(BaseModel):
    """A post (岗位) with its check card; the QR on site carries ``qr_version``.

    Bumping ``qr_version`` when a sign is reprinted lets old stickers be refused.
    """

    model_config = ConfigDict(frozen=True)

    id: PostId
    tenant: TenantId
    workshop_id: WorkshopId
    name: Name
    card_id: CardId | None = None
    qr_version: int = Field(default=1, ge=1)
    # Where the post is (WGS-84), for the 200 m check at scan time; absent unless a manager
    # set it or the import had it. Never shown to workers or other roles.
    latitude: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)
    longitude: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)
    # 责任人 of the post (issue 21), a user id of the enterprise the server checked: the person
    # who answers for the post's risks, named on its 岗位风险告知卡.
    responsible: IdText | None = None

    @property
    def position(self) -> Position | None:
        """The post's coordinates, when it has both."""
        if self.latitude is None or self.longitude is None:
            return None
        return Position(latitude=self.latitude, longitude=self.longitude)


class RiskPoint(BaseModel):
    """A risk point (风险点) with its grading and measures, as listed on the 风险告知卡."""

    model_config = ConfigDict(frozen=True)

    id: RiskPointId
    tenant: TenantId
    workshop_id: WorkshopId | None = None
    post_id: PostId | None = None
    name: Name
    hazard_factors: tuple[CellText, ...] = ()  # 危险因素 / 事故类型, e.g. 火灾、爆炸
    lec: LecAssessment | None = None
    ls: LsAssessment | None = None
    control_level: ControlLevel
    measures: tuple[CellText, ...] = ()  # 管控措施
    five_high: FiveHigh | None = None  # 五高要素; an import requires it (issue 21)
    control_goal: LineText = ""  # 管控目标
    responsible: IdText | None = None  # 责任人, a user id of the enterprise (issue 21)

    @model_validator(mode="after")
    def _is_assessed(self) -> Self:
        if self.lec is None and self.ls is None:
            raise ValueError("a risk point needs an LEC or an LS assessment")
        return self

    @property
    def colour(self) -> RiskColour:
        """The graver of the LEC and LS colours: assessed twice, the worse result stands."""
        return reduce(graver, (a.colour for a in (self.lec, self.ls) if a is not None))
