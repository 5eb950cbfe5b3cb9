"""The standards library (行业有标准): hazard-investigation standards and the 十小 standards.

Experts write the standards once; every enterprise's lists and cards are built from them, so a
card item can say which standard it came from and at which version. The library ships as a data
file (``assets/standards/library.json``) that the server and the phones load; this module only
describes and checks it, and answers look-ups. Counts (12 categories, 71 standards, 21 十小
standards) belong to the city's library, not to the schema, and are checked by its test.

A legal citation on a legal document must be right: a basis names its clause only where the
authors were sure of it, and an entry citing any standard without a clause is marked
``needs_review`` for the city's experts, who then sign it off (``reviewed_by``/``reviewed_on``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from shared.cards import CardItem, Evidence, Frequency, HazardGrade
from shared.errors import UnknownReference
from shared.ids import ItemId
from shared.org import Industry, SmallPlaceKind
from shared.risk import FiveHigh
from shared.typical_risks import TypicalRisk

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""A non-empty text, surrounding whitespace dropped."""

Version = Annotated[str, StringConstraints(pattern=r"^[0-9]{4}\.[0-9]+$")]
"""A library version: ``2026.1`` (year, then the revision within it)."""

Code = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-[0-9]{2}(-[0-9]{2})?$")]
"""A standard's code: ``PC-02-03`` (category 02, third standard) or ``SX-07`` for 十小."""


class LegalBasis(BaseModel):
    """A national standard or regulation an entry rests on; ``clause`` only where certain."""

    model_config = ConfigDict(frozen=True)

    number: Text | None = None  # GB 30871-2022, 应急管理部令第10号; a law has none
    title: Text  # 危险化学品企业特殊作业安全规范
    clause: Text | None = None  # 第5章, 第三十条

    def cite(self) -> str:
        """The citation as printed: ``GB 30871-2022《危险化学品企业特殊作业安全规范》第5章``."""
        return f"{self.number or ''}《{self.title}》{self.clause or ''}"


class Category(BaseModel):
    """One of the library's 大类 (消防安全, 有限空间作业 …)."""

    model_config = ConfigDict(frozen=True)

    code: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")]
    name: Text


class _Standard(BaseModel):
    """What a hazard standard and a 十小 standard share: the card columns and the paper trail."""

    model_config = ConfigDict(frozen=True)

    code: Code
    title: Text  # 标准名称
    what: Text  # 排查事项
    how: Text  # 排查内容/方法
    pass_criterion: Text  # 合格标准
    typical_hazards: tuple[Text, ...] = Field(min_length=1)  # 典型隐患
    five_high: FiveHigh  # 五高要素
    frequency: Frequency  # 建议排查频次
    suggested_grade: HazardGrade = HazardGrade.GENERAL
    # What a 不合格 tick of a card item made from it must carry (issue 19); a photo by default.
    evidence: Evidence = Evidence.PHOTO
    legal_basis: tuple[LegalBasis, ...] = Field(min_length=1)
    needs_review: bool = False
    reviewed_by: Text | None = None
    reviewed_on: date | None = None
    # The library version whose revision last changed what a card item takes from it; None
    # while unchanged since first published. Items built before it are offered the new text.
    revised_in: Version | None = None

    @model_validator(mode="after")
    def _uncertain_citations_await_review(self) -> Self:
        if any(basis.clause is None for basis in self.legal_basis) and not self.needs_review:
            raise ValueError(f"{self.code} cites a standard without its clause: mark needs_review")
        if (self.reviewed_by is None) != (self.reviewed_on is None):
            raise ValueError(f"{self.code}: a review names both who reviewed and when")
        return self

    def matches(self, words: str) -> bool:
        """Whether every space-separated word occurs in the entry's texts (the search box)."""
        haystack = " ".join(
            (self.code, self.title, self.what, self.how, self.pass_criterion, *self.typical_hazards)
        ).casefold()
        return all(word in haystack for word in words.casefold().split())


class HazardStandard(_Standard):
    """A 隐患排查标准: what to check in one category, for the industries it applies to."""

    category: Annotated[str, StringConstraints(pattern=r"^[0-9]{2}$")]
    industries: tuple[Industry, ...] = Field(min_length=1)


class SmallPlaceStandard(_Standard):
    """A 十小 检查标准 and the kinds of 十小 place it applies to."""

    kinds: tuple[SmallPlaceKind, ...] = Field(min_length=1)


class StandardsLibrary(BaseModel):
    """One version of the library; a revision is a new ``version``, never an edit in place."""

    model_config = ConfigDict(frozen=True)

    version: Version  # 2026.1
    published_on: date
    categories: tuple[Category, ...] = Field(min_length=1)
    standards: tuple[HazardStandard, ...]
    small_place_standards: tuple[SmallPlaceStandard, ...]
    typical_risks: tuple[TypicalRisk, ...] = ()  # 典型风险, for proposing 风险清单

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        codes = [s.code for s in self.everything()] + [c.code for c in self.categories]
        codes += [r.code for r in self.typical_risks]
        repeated = sorted(code for code, count in Counter(codes).items() if count > 1)
        if repeated:
            raise ValueError(f"codes must be unique, repeated: {repeated}")
        known = {c.code for c in self.categories}
        strays = sorted(s.code for s in self.standards if s.category not in known)
        if strays:
            raise ValueError(f"standards in no listed category: {strays}")
        later = sorted(
            s.code
            for s in self.everything()
            if s.revised_in and version_key(s.revised_in) > version_key(self.version)
        )
        if later:
            raise ValueError(f"revised in a version after this library's: {later}")
        standards = {s.code for s in self.everything()}
        unknown = sorted({c for r in self.typical_risks for c in r.standards} - standards)
        if unknown:
            raise ValueError(f"typical risks name standards not in the library: {unknown}")
        return self

    def everything(self) -> tuple[HazardStandard | SmallPlaceStandard, ...]:
        """Hazard standards first, then the 十小 standards, each in library order."""
        return (*self.standards, *self.small_place_standards)

    def standard(self, code: str) -> HazardStandard | SmallPlaceStandard:
        """The standard with this code.

        Raises:
            UnknownReference: No standard has this code in this version.
        """
        for entry in self.everything():
            if entry.code == code:
                return entry
        raise UnknownReference(
            f"no standard {code} in library {self.version}", kind="standard", id=code
        )

    def in_category(self, code: str) -> tuple[HazardStandard, ...]:
        """The hazard standards of one category, in library order."""
        return tuple(s for s in self.standards if s.category == code)

    def for_industry(self, industry: Industry) -> tuple[HazardStandard, ...]:
        """The hazard standards that apply to an industry, for proposing its lists."""
        return tuple(s for s in self.standards if industry in s.industries)

    def for_small_place(self, kind: SmallPlaceKind) -> tuple[SmallPlaceStandard, ...]:
        """The 十小 standards that apply to one kind of 十小 place."""
        return tuple(s for s in self.small_place_standards if kind in s.kinds)

    def risks_for(self, basis: Industry | SmallPlaceKind) -> tuple[TypicalRisk, ...]:
        """The typical risks of an industry or a kind of 十小 place, in library order."""
        if isinstance(basis, SmallPlaceKind):
            return tuple(r for r in self.typical_risks if basis in r.kinds)
        return tuple(r for r in self.typical_risks if basis in r.industries)

    def search(self, words: str) -> tuple[HazardStandard | SmallPlaceStandard, ...]:
        """Every standard whose texts hold all the words; blank words match everything."""
        return tuple(s for s in self.everything() if s.matches(words))


def version_key(version: str) -> tuple[int, ...]:
    """``2026.10`` sorts after ``2026.9``: versions compare as numbers, not as text."""
    return tuple(int(part) for part in version.split("."))


def awaiting_review(entries: Iterable[HazardStandard | SmallPlaceStandard]) -> list[str]:
    """The codes an expert still has to check: marked for review and not yet signed off."""
    return [e.code for e in entries if e.needs_review and e.reviewed_by is None]


def card_items(
    standards: Sequence[HazardStandard | SmallPlaceStandard],
    library_version: str,
    responsible_roles: Sequence[str],
    frequencies: Mapping[str, Frequency] | None = None,
) -> tuple[CardItem, ...]:
    """A post card's items proposed from standards, numbered from 1, each linked to its source.

    This is what onboarding proposes and the manager then edits: the item keeps the standard's
    code and the library version, so a later revision can be offered rather than applied
    silently. ``frequencies`` holds where the enterprise checks a standard more (or less) often.

    Raises:
        ValueError: Not one responsible role per standard.
    """
    if len(responsible_roles) != len(standards):
        raise ValueError("give one responsible role per standard")
    chosen = frequencies or {}
    return tuple(
        CardItem(
            id=ItemId(str(number)),
            what=standard.title,
            how=standard.how,
            pass_criterion=standard.pass_criterion,
            typical_hazard="；".join(standard.typical_hazards),
            suggested_grade=standard.suggested_grade,
            evidence=standard.evidence,
            frequency=chosen.get(standard.code, standard.frequency),
            responsible_role=role,
            five_high=standard.five_high,
            standard=standard.code,
            standard_version=library_version,
        )
        for number, (standard, role) in enumerate(
            zip(standards, responsible_roles, strict=True), start=1
        )
    )
