"""Risk grading (风险分级): LEC and LS scores, the four colours and who controls each colour."""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum
from itertools import pairwise
from types import MappingProxyType
from typing import Self, TypeAlias

from pydantic import BaseModel, ConfigDict, model_validator

from shared.errors import BadRiskFactor


class RiskColour(StrEnum):
    """The four-colour risk level (四色); the colour is the level, there is no separate grade."""

    RED = "red"  # 重大风险
    ORANGE = "orange"  # 较大风险
    YELLOW = "yellow"  # 一般风险
    BLUE = "blue"  # 低风险


RISK_LEVEL_NAMES: Mapping[RiskColour, str] = MappingProxyType(
    {
        RiskColour.RED: "重大风险",
        RiskColour.ORANGE: "较大风险",
        RiskColour.YELLOW: "一般风险",
        RiskColour.BLUE: "低风险",
    }
)
"""The Chinese name of each level, as printed on 风险告知卡 and 四色图 legends."""

_GRAVITY = {RiskColour.BLUE: 0, RiskColour.YELLOW: 1, RiskColour.ORANGE: 2, RiskColour.RED: 3}


def gravity(colour: RiskColour) -> int:
    """Rank a colour, 0 for blue up to 3 for red, so colours can be sorted and compared."""
    return _GRAVITY[colour]


def graver(a: RiskColour, b: RiskColour) -> RiskColour:
    """Pick the worse of two colours: wherever two gradings meet, the graver one wins."""
    return a if gravity(a) >= gravity(b) else b


class FiveHigh(StrEnum):
    """The 五高 element a risk point or check item addresses (高风险设备、工艺、场所、物品、岗位).

    Every entry of an enterprise's lists names one, so that the city can see where its
    high-risk equipment, processes, places, materials and posts are and how each is controlled.
    """

    EQUIPMENT = "equipment"  # 高风险设备
    PROCESS = "process"  # 高风险工艺
    PLACE = "place"  # 高风险场所
    MATERIAL = "material"  # 高风险物品
    POST = "post"  # 高风险岗位


FIVE_HIGH_NAMES: Mapping[FiveHigh, str] = MappingProxyType(
    {
        FiveHigh.EQUIPMENT: "高风险设备",
        FiveHigh.PROCESS: "高风险工艺",
        FiveHigh.PLACE: "高风险场所",
        FiveHigh.MATERIAL: "高风险物品",
        FiveHigh.POST: "高风险岗位",
    }
)
"""The Chinese name of each 五高 element, as written in the lists and on the 风险告知卡."""


class ControlLevel(StrEnum):
    """The 管控层级 that leads the control of a risk: the graver the risk, the higher the level."""

    COMPANY = "company"  # 公司级 (主要负责人); a 十小 owner (店主) counts as company level
    WORKSHOP = "workshop"  # 车间（部门）级
    TEAM = "team"  # 班组级
    POST = "post"  # 岗位级


CONTROL_LEVEL_NAMES: Mapping[ControlLevel, str] = MappingProxyType(
    {
        ControlLevel.COMPANY: "公司级",
        ControlLevel.WORKSHOP: "车间级",
        ControlLevel.TEAM: "班组级",
        ControlLevel.POST: "岗位级",
    }
)
"""The Chinese name of each control level."""

DEFAULT_CONTROL_LEVELS: Mapping[RiskColour, ControlLevel] = MappingProxyType(
    {
        RiskColour.RED: ControlLevel.COMPANY,
        RiskColour.ORANGE: ControlLevel.WORKSHOP,
        RiskColour.YELLOW: ControlLevel.TEAM,
        RiskColour.BLUE: ControlLevel.POST,
    }
)
"""Our proposed lead control level per colour (handbook §2.3, 🔧): a configurable default, not law.

Some enterprises lead orange risks at company level too; a risk point stores its own level.
"""

# --- LEC (作业条件危险性评价法): D = L × E × C --------------------------------------------------

LecFactor: TypeAlias = float | Decimal
"""An L, E or C value: a float (ints welcome) or, when it comes from text, a Decimal."""

LEC_L_VALUES = tuple(Decimal(v) for v in ("0.1", "0.2", "0.5", "1", "3", "6", "10"))
"""L, 事故发生的可能性 (likelihood), Graham–Kinney table."""
LEC_E_VALUES = tuple(Decimal(v) for v in ("0.5", "1", "2", "3", "6", "10"))
"""E, 暴露于危险环境的频繁程度 (exposure)."""
LEC_C_VALUES = tuple(Decimal(v) for v in ("1", "3", "7", "15", "40", "100"))
"""C, 发生事故产生的后果 (consequence)."""

LEC_THRESHOLDS: tuple[tuple[int, RiskColour], ...] = (
    (320, RiskColour.RED),
    (160, RiskColour.ORANGE),
    (70, RiskColour.YELLOW),
)
"""Inclusive lower bounds, gravest first; anything below the last is blue (handbook §2.1).

Only D = 70 (10×1×7, 1×10×7) sits on a bound with the standard values; it is yellow.
"""


class LecAssessment(BaseModel):
    """One LEC grading; it checks itself so a stored or synced assessment cannot disagree."""

    model_config = ConfigDict(frozen=True)

    l: float  # noqa: E741 - the standard's own symbol
    e: float
    c: float
    d: float
    colour: RiskColour

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        try:
            expected = grade_lec(self.l, self.e, self.c)
        except BadRiskFactor as exc:
            raise ValueError(exc.message) from exc
        if (self.d, self.colour) != (expected.d, expected.colour):
            raise ValueError(
                f"D and colour must be {expected.d} and {expected.colour},"
                f" got {self.d} and {self.colour}"
            )
        return self


def colour_for_lec_score(d: LecFactor) -> RiskColour:
    """Colour a D value with inclusive lower bounds (D = 70 is yellow, D = 320 red).

    Raises:
        BadRiskFactor: D is negative or not a finite number.
    """
    if not math.isfinite(d) or d < 0:
        raise BadRiskFactor(f"D must be a finite number ≥ 0, got {d}", factor="D", value=str(d))
    for lower, colour in LEC_THRESHOLDS:
        if d >= lower:
            return colour
    return RiskColour.BLUE


def grade_lec(l: LecFactor, e: LecFactor, c: LecFactor) -> LecAssessment:  # noqa: E741
    """Grade by LEC from the standard table values.

    The product is taken in decimal arithmetic from each value's shortest text, so 0.1 and 0.5
    multiply to exactly 0.05 and a bound such as 70 is never missed by a float rounding error.

    Raises:
        BadRiskFactor: A factor is not one of its table values (the message lists them).
    """
    d = (
        _factor("L", l, LEC_L_VALUES)
        * _factor("E", e, LEC_E_VALUES)
        * _factor("C", c, LEC_C_VALUES)
    )
    return LecAssessment.model_construct(
        l=float(l), e=float(e), c=float(c), d=float(d), colour=colour_for_lec_score(d)
    )


def _factor(name: str, value: object, allowed: tuple[Decimal, ...]) -> Decimal:
    exact: Decimal | None = None
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        exact = Decimal(str(value))
    if exact is None or exact not in allowed:
        raise BadRiskFactor(
            f"{name} must be one of {', '.join(map(str, allowed))}; got {value!r}",
            factor=name,
            value=repr(value),
            allowed=[str(v) for v in allowed],
        )
    return exact


# --- LS (风险矩阵法): R = L × S, each 1–5 -----------------------------------------------------

LS_MAX = 5


class LsBands(BaseModel):
    """A banding of R = L × S into colours, kept as data because two bandings are published.

    ``thresholds`` lists ``(min_inclusive, colour)`` from the lowest band up: the first starts at
    1, the bounds rise strictly within 1..25 and each band is strictly graver than the one below.
    Every band reaches up to the next bound, the last one up to 25.
    """

    model_config = ConfigDict(frozen=True)

    thresholds: tuple[tuple[int, RiskColour], ...]

    @model_validator(mode="after")
    def _covers_1_to_25(self) -> Self:
        bounds = [bound for bound, _ in self.thresholds]
        ranks = [gravity(colour) for _, colour in self.thresholds]
        if not bounds or bounds[0] != 1:
            raise ValueError("the lowest band must start at R = 1")
        if bounds[-1] > LS_MAX * LS_MAX:
            raise ValueError(f"no band may start above R = {LS_MAX * LS_MAX}")
        if any(low >= high for low, high in pairwise(bounds)):
            raise ValueError("band bounds must rise strictly")
        if any(low >= high for low, high in pairwise(ranks)):
            raise ValueError("each band must be strictly graver than the band below it")
        return self

    def colour_for(self, r: int) -> RiskColour:
        """Colour an R value of 1..25 by the highest band whose bound it reaches.

        Raises:
            BadRiskFactor: R is outside 1..25.
        """
        if not 1 <= r <= LS_MAX * LS_MAX:
            raise BadRiskFactor(f"R must be 1..{LS_MAX * LS_MAX}; got {r}", factor="R", value=r)
        return next(colour for bound, colour in reversed(self.thresholds) if r >= bound)


DEFAULT_LS_BANDS = LsBands(
    thresholds=(
        (1, RiskColour.BLUE),
        (9, RiskColour.YELLOW),
        (15, RiskColour.ORANGE),
        (20, RiskColour.RED),
    )
)
"""The common banding: 1–8 低, 9–12 一般, 15–16 较大, 20–25 重大 (handbook §2.2, variant A)."""

ALT_LS_BANDS = LsBands(
    thresholds=(
        (1, RiskColour.BLUE),
        (4, RiskColour.YELLOW),
        (9, RiskColour.ORANGE),
        (20, RiskColour.RED),
    )
)
"""The other published banding: 1–3 低, 4–8 一般, 9–16 较大, 20–25 重大 (variant B)."""


class LsAssessment(BaseModel):
    """One LS grading; the colour is stored because it depends on the banding in force."""

    model_config = ConfigDict(frozen=True)

    l: int  # noqa: E741 - the standard's own symbol
    s: int
    r: int
    colour: RiskColour

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        try:
            _ls_factor("L", self.l)
            _ls_factor("S", self.s)
        except BadRiskFactor as exc:
            raise ValueError(exc.message) from exc
        if self.r != self.l * self.s:
            raise ValueError(f"R must be L × S = {self.l * self.s}, got {self.r}")
        return self


def grade_ls(l: int, s: int, *, bands: LsBands = DEFAULT_LS_BANDS) -> LsAssessment:  # noqa: E741
    """Grade by the 5×5 matrix.

    Args:
        l: Likelihood (可能性), an integer 1..5.
        s: Severity (严重性), an integer 1..5.
        bands: The banding the enterprise uses.

    Raises:
        BadRiskFactor: L or S is not an integer 1..5 (floats such as 3.0 included: a matrix
            cell is picked, not measured).
    """
    r = _ls_factor("L", l) * _ls_factor("S", s)
    return LsAssessment(l=l, s=s, r=r, colour=bands.colour_for(r))


def _ls_factor(name: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= LS_MAX:
        raise BadRiskFactor(
            f"{name} must be an integer 1..{LS_MAX}; got {value!r}",
            factor=name,
            value=repr(value),
            allowed=list(range(1, LS_MAX + 1)),
        )
    return value


class AccidentType(StrEnum):
    """The 20 accident types of GB 6441-1986 (企业职工伤亡事故分类), as 辨识 names them."""

    OBJECT_STRIKE = "object_strike"  # 物体打击
    VEHICLE = "vehicle"  # 车辆伤害
    MACHINERY = "machinery"  # 机械伤害
    LIFTING = "lifting"  # 起重伤害
    ELECTROCUTION = "electrocution"  # 触电
    DROWNING = "drowning"  # 淹溺
    SCALD = "scald"  # 灼烫
    FIRE = "fire"  # 火灾
    FALL = "fall"  # 高处坠落
    COLLAPSE = "collapse"  # 坍塌
    ROOF_FALL = "roof_fall"  # 冒顶片帮
    FLOODING = "flooding"  # 透水
    BLASTING = "blasting"  # 放炮
    EXPLOSIVES = "explosives"  # 火药爆炸
    GAS_EXPLOSION = "gas_explosion"  # 瓦斯爆炸
    BOILER_EXPLOSION = "boiler_explosion"  # 锅炉爆炸
    VESSEL_EXPLOSION = "vessel_explosion"  # 容器爆炸
    OTHER_EXPLOSION = "other_explosion"  # 其它爆炸
    POISONING = "poisoning"  # 中毒和窒息
    OTHER = "other"  # 其它伤害


ACCIDENT_TYPE_NAMES: Mapping[AccidentType, str] = MappingProxyType(
    {
        AccidentType.OBJECT_STRIKE: "物体打击",
        AccidentType.VEHICLE: "车辆伤害",
        AccidentType.MACHINERY: "机械伤害",
        AccidentType.LIFTING: "起重伤害",
        AccidentType.ELECTROCUTION: "触电",
        AccidentType.DROWNING: "淹溺",
        AccidentType.SCALD: "灼烫",
        AccidentType.FIRE: "火灾",
        AccidentType.FALL: "高处坠落",
        AccidentType.COLLAPSE: "坍塌",
        AccidentType.ROOF_FALL: "冒顶片帮",
        AccidentType.FLOODING: "透水",
        AccidentType.BLASTING: "放炮",
        AccidentType.EXPLOSIVES: "火药爆炸",
        AccidentType.GAS_EXPLOSION: "瓦斯爆炸",
        AccidentType.BOILER_EXPLOSION: "锅炉爆炸",
        AccidentType.VESSEL_EXPLOSION: "容器爆炸",
        AccidentType.OTHER_EXPLOSION: "其它爆炸",
        AccidentType.POISONING: "中毒和窒息",
        AccidentType.OTHER: "其它伤害",
    }
)
"""The standard's own name of each accident type, as the lists print it."""
