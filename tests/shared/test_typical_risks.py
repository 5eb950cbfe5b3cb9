"""Typical risks in the library: what a well-formed one is, and which places they apply to."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from shared.org import Industry, SmallPlaceKind
from shared.payloads import MeasureKind
from shared.risk import RiskColour
from shared.standards import StandardsLibrary
from shared.typical_risks import TypicalRisk
from tests.shared.test_standards import library


def typical(code: str = "FX-01", **changes: Any) -> dict[str, Any]:
    return {
        "code": code,
        "name": "瓶装液化气",
        "subject": "equipment",
        "five_high": "material",
        "accident_types": ["other_explosion", "fire"],
        "hazard_factors": "软管老化泄漏",
        "likelihood": 3,
        "severity": 5,
        "control_goal": "不发生燃气爆炸",
        "measures": [
            {"kind": "engineering", "text": "安装可燃气体报警器"},
            {"kind": "emergency", "text": "关阀、开窗、撤离、报警"},
        ],
        "standards": ["SX-01"],
        "kinds": ["restaurant"],
        **changes,
    }


def test_a_typical_risk_suggests_its_grade_by_the_matrix():
    read = TypicalRisk.model_validate(typical())
    assert read.grading().colour() is RiskColour.ORANGE  # R = 3 × 5 = 15
    assert read.needs_review  # a suggested grade is the authors' judgement until reviewed


@pytest.mark.parametrize(
    ("case", "changes", "message"),
    [
        ("applies nowhere", {"kinds": [], "industries": []}, "applies to no industry"),
        (
            "no emergency action for the 告知卡",
            {"measures": [{"kind": "engineering", "text": "a"}, {"kind": "ppe", "text": "b"}]},
            "emergency measure",
        ),
        ("L off the matrix", {"likelihood": 6}, "less than or equal to 5"),
        ("no accident type", {"accident_types": []}, "at least 1"),
        ("a standard's code as its own", {"code": "SX-01"}, "String should match"),
    ],
)
def test_a_malformed_typical_risk_is_refused(case, changes, message):
    with pytest.raises(ValidationError, match=message):
        TypicalRisk.model_validate(typical(**changes))


@pytest.mark.parametrize(
    ("case", "risks", "message"),
    [
        ("a code twice", [typical(), typical()], "repeated"),
        ("a standard not in the library", [typical(standards=["PC-09-09"])], "PC-09-09"),
    ],
)
def test_a_library_with_inconsistent_typical_risks_is_refused(case, risks, message):
    with pytest.raises(ValidationError, match=message):
        StandardsLibrary.model_validate(library(typical_risks=risks))


def test_typical_risks_are_found_by_kind_of_place_or_industry():
    read = StandardsLibrary.model_validate(
        library(
            typical_risks=[
                typical("FX-01"),
                typical("FX-02", kinds=[], industries=["catering"]),
                typical("FX-03", kinds=["storage"], industries=["catering"]),
            ]
        )
    )
    assert [r.code for r in read.risks_for(SmallPlaceKind.RESTAURANT)] == ["FX-01"]
    assert [r.code for r in read.risks_for(Industry.CATERING)] == ["FX-02", "FX-03"]
    assert read.risks_for(SmallPlaceKind.LODGING) == ()


def test_a_library_without_typical_risks_is_still_read():
    assert StandardsLibrary.model_validate(library()).typical_risks == ()


def test_measure_kinds_are_the_four_of_the_notice_card():
    assert {k.value for k in MeasureKind} == {"engineering", "management", "ppe", "emergency"}
