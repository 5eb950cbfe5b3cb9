"""The standards library's schema: what a well-formed library is, and its look-ups."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from shared.cards import Evidence, Frequency
from shared.errors import UnknownReference
from shared.org import Industry, SmallPlaceKind
from shared.standards import StandardsLibrary, awaiting_review, card_items

SURE = {"number": None, "title": "中华人民共和国消防法（2021年修正）", "clause": "第二十八条"}
UNSURE = {"number": "GB 50016-2014（2018年版）", "title": "建筑设计防火规范", "clause": None}


def entry(code: str, **changes: Any) -> dict[str, Any]:
    return {
        "code": code,
        "title": "安全出口",
        "what": "安全出口是否畅通",
        "how": "走一遍",
        "pass_criterion": "不锁闭、不堆物",
        "typical_hazards": ["安全出口上锁"],
        "five_high": "place",
        "frequency": "daily",
        "legal_basis": [SURE],
        **changes,
    }


def library(**changes: Any) -> dict[str, Any]:
    return {
        "version": "2026.1",
        "published_on": "2026-12-07",
        "categories": [{"code": "02", "name": "消防安全"}],
        "standards": [entry("PC-02-01", category="02", industries=["catering", "warehousing"])],
        "small_place_standards": [entry("SX-01", kinds=["restaurant", "storage"])],
        **changes,
    }


def test_a_well_formed_library_is_read():
    read = StandardsLibrary.model_validate(library())
    assert [s.code for s in read.everything()] == ["PC-02-01", "SX-01"]


@pytest.mark.parametrize(
    ("case", "changes", "message"),
    [
        ("a code used twice", {"small_place_standards": [entry("PC-02-01", kinds=["shop"])]},
         "repeated"),
        ("a standard in no listed category",
         {"standards": [entry("PC-03-01", category="03", industries=["other"])]},
         "no listed category"),
        ("a standard without a legal basis",
         {"standards": [entry("PC-02-01", category="02", industries=["other"], legal_basis=[])]},
         "legal_basis"),
        ("a standard without its 五高 element",
         {"standards": [entry("PC-02-01", category="02", industries=["other"], five_high=None)]},
         "five_high"),
        ("a clause-less citation not marked for review",
         {"standards": [entry("PC-02-01", category="02", industries=["other"],
                              legal_basis=[UNSURE])]},
         "needs_review"),
        ("a review without its day",
         {"standards": [entry("PC-02-01", category="02", industries=["other"],
                              reviewed_by="市应急局专家组")]},
         "both who reviewed and when"),
        ("a 十小 standard for no kind", {"small_place_standards": [entry("SX-01", kinds=[])]},
         "kinds"),
        ("a 十小 standard for a kind the city does not have",
         {"small_place_standards": [entry("SX-01", kinds=["spa"])]}, "kinds"),
        ("a code in no known shape",
         {"small_place_standards": [entry("十小-1", kinds=["shop"])]}, "code"),
    ],
)  # fmt: skip
def test_a_malformed_library_is_refused(case, changes, message):
    with pytest.raises(ValidationError, match=message):
        StandardsLibrary.model_validate(library(**changes))


def test_an_uncertain_citation_marked_for_review_waits_for_an_expert():
    marked = entry("PC-02-01", category="02", industries=["other"], legal_basis=[UNSURE],
                   needs_review=True)  # fmt: skip
    read = StandardsLibrary.model_validate(library(standards=[marked]))
    assert awaiting_review(read.everything()) == ["PC-02-01"]
    signed = {**marked, "reviewed_by": "市应急局专家组", "reviewed_on": "2027-01-05"}
    assert (
        awaiting_review(StandardsLibrary.model_validate(library(standards=[signed])).everything())
        == []
    )


def test_a_citation_reads_number_title_and_clause():
    read = StandardsLibrary.model_validate(library())
    assert (
        read.standard("SX-01").legal_basis[0].cite()
        == "《中华人民共和国消防法（2021年修正）》第二十八条"
    )


def test_look_ups_by_code_industry_kind_and_words():
    read = StandardsLibrary.model_validate(library())
    assert read.standard("PC-02-01").title == "安全出口"
    assert [s.code for s in read.for_industry(Industry.WAREHOUSING)] == ["PC-02-01"]
    assert read.for_industry(Industry.METALWORKING) == ()
    assert [s.code for s in read.for_small_place(SmallPlaceKind.STORAGE)] == ["SX-01"]
    assert read.for_small_place(SmallPlaceKind.SHOP) == ()
    assert [s.code for s in read.search("出口 上锁")] == ["PC-02-01", "SX-01"]
    assert read.search("叉车") == ()
    assert [s.code for s in read.in_category("02")] == ["PC-02-01"]


def test_an_unknown_code_is_an_unknown_reference():
    with pytest.raises(UnknownReference, match="PC-99-99"):
        StandardsLibrary.model_validate(library()).standard("PC-99-99")


def test_a_proposed_card_links_each_item_to_its_standard_and_library_version():
    read = StandardsLibrary.model_validate(library())
    items = card_items(
        read.everything(), read.version, ["店长", "店主"], {"SX-01": Frequency.WEEKLY}
    )
    assert [(i.id, i.standard, i.standard_version) for i in items] == [
        ("1", "PC-02-01", "2026.1"),
        ("2", "SX-01", "2026.1"),
    ]
    assert [(i.frequency, i.responsible_role) for i in items] == [
        (Frequency.DAILY, "店长"),  # the standard's own frequency …
        (Frequency.WEEKLY, "店主"),  # … unless the enterprise chose another
    ]
    assert items[0].what == "安全出口" and items[0].five_high == "place"


def test_a_proposed_card_needs_one_responsible_role_per_standard():
    read = StandardsLibrary.model_validate(library())
    with pytest.raises(ValueError, match="one responsible role per standard"):
        card_items(read.everything(), read.version, ["店长"])


def test_a_proposed_item_asks_of_a_failed_tick_what_its_standard_asks_a_photo_by_default():
    changed = entry("SX-01", kinds=["restaurant"], evidence="photo_or_note")
    read = StandardsLibrary.model_validate(library(small_place_standards=[changed]))
    items = card_items(read.everything(), read.version, ["店长", "店主"])
    assert [i.evidence for i in items] == [Evidence.PHOTO, Evidence.PHOTO_OR_NOTE]
