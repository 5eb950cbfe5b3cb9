"""The library's typical risks (典型风险): the risk points an enterprise's 风险清单 starts from.

Onboarding (企业有清单) proposes a new enterprise's risk list from these, for its industry or
十小 kind, the way it proposes cards from the standards; the manager confirms each suggested
grade on the phone, and what is kept becomes ``risk.identified`` and ``risk.measure_added``
events like any risk point identified by hand (``shared.risk_register`` folds them). A
typical risk names the standards whose checks control it, so its measures can be linked to
the card items built from those standards. Suggested grades are the authors' judgement for a
typical small place, not a measurement: every entry awaits a city expert's review.
"""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from shared.org import Industry, SmallPlaceKind
from shared.payloads import Grading, LsFactors, MeasureKind, RiskSubject
from shared.risk import AccidentType, FiveHigh

__all__ = ["TypicalMeasure", "TypicalRisk"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A non-empty text, surrounding whitespace dropped."""

RiskCode = Annotated[str, StringConstraints(pattern=r"^FX-[0-9]{2}$")]
"""A typical risk's code: ``FX-01``."""

StandardCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-[0-9]{2}(-[0-9]{2})?$")]
"""The code of a standard in the same library."""


class TypicalMeasure(BaseModel):
    """One control measure of a typical risk, of one of the four kinds the 告知卡 lists."""

    model_config = ConfigDict(frozen=True)

    kind: MeasureKind
    text: Text


class TypicalRisk(BaseModel):
    """A risk point as the library suggests it: what, where it bites, its grade and controls."""

    model_config = ConfigDict(frozen=True)

    code: RiskCode
    name: Text  # 风险点名称
    subject: RiskSubject
    five_high: FiveHigh
    accident_types: tuple[AccidentType, ...] = Field(min_length=1)  # 可能导致的事故类型
    hazard_factors: Text  # 危险因素
    likelihood: int = Field(ge=1, le=5)  # suggested L of the 5×5 matrix
    severity: int = Field(ge=1, le=5)  # suggested S
    control_goal: Text  # 管控目标
    measures: tuple[TypicalMeasure, ...] = Field(min_length=2)
    standards: tuple[StandardCode, ...] = Field(min_length=1)  # whose checks control it
    industries: tuple[Industry, ...] = ()
    kinds: tuple[SmallPlaceKind, ...] = ()
    needs_review: bool = True

    @model_validator(mode="after")
    def _applies_and_says_what_to_do(self) -> Self:
        if not self.industries and not self.kinds:
            raise ValueError(f"{self.code} applies to no industry and no 十小 kind")
        if not any(m.kind is MeasureKind.EMERGENCY for m in self.measures):
            raise ValueError(f"{self.code} needs an emergency measure (the 告知卡 prints it)")
        return self

    def grading(self) -> Grading:
        """The suggested grade, by the 5×5 matrix."""
        return Grading(ls=LsFactors(l=self.likelihood, s=self.severity))
