"""The shipped standards library: the city's 12 categories, 71 standards and 21 十小 standards."""

from __future__ import annotations

from collections import Counter

from shared.org import Industry, SmallPlaceKind
from sync_server.standards import LIBRARY_FILE, read_library, shipped_library

LIBRARY = shipped_library()


def test_the_library_holds_12_categories_71_standards_and_21_small_place_standards():
    assert len(LIBRARY.categories) == 12
    assert len(LIBRARY.standards) == 71
    assert len(LIBRARY.small_place_standards) == 21


def test_every_category_has_standards_and_every_code_is_unique():
    assert all(LIBRARY.in_category(c.code) for c in LIBRARY.categories)
    codes = Counter(s.code for s in LIBRARY.everything())
    assert max(codes.values()) == 1


def test_every_standard_names_a_legal_basis_and_a_five_high_element():
    for standard in LIBRARY.everything():
        assert standard.legal_basis, standard.code
        assert all(basis.title for basis in standard.legal_basis), standard.code
        assert standard.five_high is not None, standard.code


def test_a_citation_without_its_clause_is_marked_for_expert_review():
    for standard in LIBRARY.everything():
        if any(basis.clause is None for basis in standard.legal_basis):
            assert standard.needs_review, standard.code


def test_each_of_the_ten_small_place_kinds_has_applicable_standards():
    assert {kind: bool(LIBRARY.for_small_place(kind)) for kind in SmallPlaceKind} == dict.fromkeys(
        SmallPlaceKind, True
    )


def test_the_demo_citys_industries_each_have_standards():
    for industry in (
        Industry.CATERING,
        Industry.METALWORKING,
        Industry.WAREHOUSING,
        Industry.HAZARDOUS_CHEMICALS,
        Industry.MANUFACTURING,
    ):
        assert len(LIBRARY.for_industry(industry)) >= 10, industry


def test_the_file_is_read_the_same_each_time():
    assert read_library(LIBRARY_FILE) == LIBRARY


def test_every_kind_of_place_and_industry_has_typical_risks_to_propose():
    bases = [*SmallPlaceKind, *(i for i in Industry if i is not Industry.SMALL_PLACE)]
    assert [basis for basis in bases if not LIBRARY.risks_for(basis)] == []


def test_each_typical_risks_standards_apply_where_the_risk_does():
    # Otherwise onboarding links a risk's controls to checks the place's cards never have.
    for risk in LIBRARY.typical_risks:
        proposed = {s.code for kind in risk.kinds for s in LIBRARY.for_small_place(kind)}
        proposed |= {s.code for i in risk.industries for s in LIBRARY.for_industry(i)}
        assert proposed & set(risk.standards), risk.code
