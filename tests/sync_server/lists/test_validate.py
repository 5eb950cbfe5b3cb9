"""Row-by-row checking of a realistic workbook: each kind of bad row is reported where it is."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from shared.org import SmallPlaceKind
from sync_server.demo import KITCHEN, LATHES, credit_code, demo_reference
from sync_server.lists.model import ReferenceSet
from sync_server.lists.validate import Stored, validate
from sync_server.lists.workbook import read_tables
from sync_server.problems import BadFile, ImportRejected
from tests.sync_server.lists.workbooks import (
    Workbook,
    copy_row,
    demo_book,
    kitchen_only,
    set_cell,
    to_bytes,
)

STORED: Stored = {
    (kind, key): (tenant, model.model_dump(mode="json"))
    for kind, key, tenant, model in demo_reference().rows()
}
"""The demo city as if already imported: a re-import with one bad row touches nothing else."""

NOWHERE = credit_code("91130399MA0NAME01")


def row_of(book: Workbook, sheet: str, code: str) -> int:
    """The row whose code column (the first with this value) holds ``code``."""
    for row in book[sheet].iter_rows(min_row=2):
        if any(cell.value == code for cell in row[:2]):
            return int(row[0].row)
    raise AssertionError(f"{code} not on {sheet}")


def check(book: Workbook, stored: Stored = STORED, scope: str | None = None) -> ReferenceSet:
    return validate(read_tables(to_bytes(book), "import.xlsx"), stored, scope)


def problems(book: Workbook, stored: Stored = STORED, scope: str | None = None) -> list[Any]:
    with pytest.raises(ImportRejected) as rejected:
        check(book, stored, scope)
    assert rejected.value.code == "import.rejected"
    return [
        (p["sheet"], p["row"], p["column"], p["code"]) for p in rejected.value.details["errors"]
    ]


def edit(sheet: str, code: str, header: str, value: Any) -> Callable[[Workbook], int]:
    def apply(book: Workbook) -> int:
        row = row_of(book, sheet, code)
        set_cell(book, sheet, row, header, value)
        return row

    return apply


def both(sheet: str, code: str, cells: dict[str, Any]) -> Callable[[Workbook], int]:
    """Several cells of one row at once."""

    def apply(book: Workbook) -> int:
        row = row_of(book, sheet, code)
        for header, value in cells.items():
            set_cell(book, sheet, row, header, value)
        return row

    return apply


def duplicate(sheet: str, code: str) -> Callable[[Workbook], int]:
    return lambda book: copy_row(book, sheet, row_of(book, sheet, code))


def new_workshop_of(tenant: str) -> Callable[[Workbook], int]:
    def apply(book: Workbook) -> int:
        row = copy_row(book, "车间", row_of(book, "车间", "W-KITCHEN"))
        set_cell(book, "车间", row, "车间编码", "W-NEW")
        set_cell(book, "车间", row, "统一社会信用代码", tenant)
        return row

    return apply


def second_item_renamed(book: Workbook) -> int:
    row = row_of(book, "检查卡", "CARD-STOVE") + 1
    set_cell(book, "检查卡", row, "检查卡名称", "另一个名字")
    return row


def no_grading(book: Workbook) -> int:
    row = row_of(book, "风险点", "R-LATHE-PD")
    for header in ("LEC-L", "LEC-E", "LEC-C"):
        set_cell(book, "风险点", row, header, None)
    return row


def test_the_demo_city_exported_checks_clean_into_the_same_records():
    found = check(demo_book(), stored={})
    expected = demo_reference()
    for kind in ("grid_unit", "enterprise", "workshop", "card", "post", "risk_point"):
        assert found.of(kind) == expected.of(kind), kind


BAD_ROWS = [
    ("a bad credit code", "车间", "统一社会信用代码", "bad_credit_code",
     edit("车间", "W-KITCHEN", "统一社会信用代码", KITCHEN[:-1] + "0")),
    ("an LEC factor outside the table", "风险点", "LEC-L", "bad_risk_factor",
     edit("风险点", "R-KITCHEN-GAS", "LEC-L", 4)),
    ("an LS factor outside 1..5", "风险点", "LS-S", "bad_risk_factor",
     edit("风险点", "R-WH-FORK", "LS-S", 6)),
    ("an unknown post", "风险点", "岗位编码", "unknown_reference",
     edit("风险点", "R-KITCHEN-GAS", "岗位编码", "P-NOPE")),
    ("another enterprise's workshop", "岗位", "车间编码", "unknown_reference",
     edit("岗位", "P-STOVE", "车间编码", "W-LATHE")),
    ("an unknown enterprise", "车间", "统一社会信用代码", "unknown_reference",
     new_workshop_of(NOWHERE)),
    ("an unknown grid unit", "企业", "所属网格编码", "unknown_reference",
     edit("企业", KITCHEN, "所属网格编码", "V-NOPE")),
    ("a duplicate code", "车间", "车间编码", "duplicate_code", duplicate("车间", "W-KITCHEN")),
    ("a code of another enterprise", "车间", "车间编码", "code_taken",
     edit("车间", "W-KITCHEN", "统一社会信用代码", LATHES)),
    ("an empty required cell", "岗位", "岗位名称", "missing_value",
     edit("岗位", "P-STOVE", "岗位名称", None)),
    ("a value not in the list", "检查卡", "频次", "bad_value",
     edit("检查卡", "CARD-STOVE", "频次", "每两年")),
    ("a count that is no number", "企业", "从业人数", "bad_value",
     edit("企业", KITCHEN, "从业人数", "八个")),
    ("a code with spaces", "岗位", "岗位编码", "bad_code",
     edit("岗位", "P-STOVE", "岗位编码", "P STOVE")),
    ("a parent that is not above", "网格", "上级网格编码", "bad_parent",
     edit("网格", "V-DL", "上级网格编码", "V-CG")),
    ("a 十小 place without its kind", "企业", "十小类别", "missing_value",
     edit("企业", credit_code("92130322MA0DEM007"), "十小类别", None)),
    ("card rows that disagree", "检查卡", "检查卡名称", "inconsistent", second_item_renamed),
    ("a risk point without grading", "风险点", "LEC-L", "missing_value", no_grading),
    # issue 21: 五高 is required of every list entry; a library code must be in the library
    ("a card item without 五高", "检查卡", "五高", "missing_value",
     edit("检查卡", "CARD-STOVE", "五高", None)),
    ("a risk point without 五高", "风险点", "五高", "missing_value",
     edit("风险点", "R-KITCHEN-GAS", "五高", None)),
    ("a 五高 that is not one of the five", "风险点", "五高", "bad_value",
     edit("风险点", "R-KITCHEN-GAS", "五高", "高风险人员")),
    ("a standard the library does not hold", "检查卡", "标准编码", "bad_value",
     edit("检查卡", "CARD-STOVE", "标准编码", "PC-99-01")),
    # issue 15: a post's position for the 200 m check at scan time
    ("a latitude beyond the pole", "岗位", "纬度", "bad_value",
     both("岗位", "P-STOVE", {"纬度": "91", "经度": "119.6"})),
    ("a longitude that is no number", "岗位", "经度", "bad_value",
     both("岗位", "P-STOVE", {"纬度": "39.9", "经度": "东经119度"})),
    ("a latitude without its longitude", "岗位", "经度", "missing_value",
     edit("岗位", "P-STOVE", "纬度", "39.9354")),
    # issue 17: an enterprise's position for the regulator's map
    ("an enterprise's latitude beyond the pole", "企业", "纬度", "bad_value",
     both("企业", KITCHEN, {"纬度": "-90.5", "经度": "119.6"})),
    ("an enterprise's longitude beyond the date line", "企业", "经度", "bad_value",
     both("企业", KITCHEN, {"纬度": "39.9", "经度": "180.01"})),
    ("an enterprise's longitude without its latitude", "企业", "纬度", "missing_value",
     both("企业", KITCHEN, {"纬度": None, "经度": "119.6005"})),
]  # fmt: skip


def test_an_enterprise_with_both_coordinates_imports_with_its_position():
    book = demo_book()
    both("企业", KITCHEN, {"纬度": "39.9354", "经度": "119.6005"})(book)
    [kitchen] = [e for e in check(book).enterprise if e.id == KITCHEN]
    assert kitchen.position is not None
    assert (kitchen.position.latitude, kitchen.position.longitude) == (39.9354, 119.6005)


def test_a_post_with_both_coordinates_imports_with_its_position():
    book = demo_book()
    both("岗位", "P-STOVE", {"纬度": "39.9354", "经度": "119.6005"})(book)
    [stove] = [post for post in check(book).post if post.id == "P-STOVE"]
    assert stove.position is not None
    assert (stove.position.latitude, stove.position.longitude) == (39.9354, 119.6005)


@pytest.mark.parametrize(
    ("sheet", "column", "code", "mutate"),
    [pytest.param(*case[1:], id=case[0]) for case in BAD_ROWS],
)
def test_each_kind_of_bad_row_is_reported_with_its_sheet_row_column_and_reason(
    sheet, column, code, mutate
):
    book = demo_book()
    row = mutate(book)
    assert problems(book) == [(sheet, row, column, code)]


def test_a_row_without_five_high_is_refused_with_a_message_naming_row_and_column():
    book = demo_book()
    row = edit("风险点", "R-KITCHEN-GAS", "五高", None)(book)
    with pytest.raises(ImportRejected) as rejected:
        check(book)
    [problem] = rejected.value.details["errors"]
    assert (problem["sheet"], problem["row"], problem["column"]) == ("风险点", row, "五高")
    assert problem["reason"] == "五高 is required"


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("小餐饮", SmallPlaceKind.RESTAURANT),
        ("小娱乐", SmallPlaceKind.ENTERTAINMENT),
        ("小商店", SmallPlaceKind.SHOP),
        ("小运输", SmallPlaceKind.TRANSPORT),
        ("小旅店", SmallPlaceKind.LODGING),
        ("小加工", SmallPlaceKind.PROCESSING),
        ("小仓储", SmallPlaceKind.STORAGE),
        ("小康疗", SmallPlaceKind.WELLNESS),
        ("小托教", SmallPlaceKind.CHILDCARE),
        ("小维保", SmallPlaceKind.REPAIR),
        # the earlier local list's names still import, as the kind they became
        ("小网吧", SmallPlaceKind.ENTERTAINMENT),
        ("小作坊", SmallPlaceKind.PROCESSING),
        ("小美容美发", SmallPlaceKind.WELLNESS),
        ("小旅馆", SmallPlaceKind.LODGING),
    ],
)
def test_each_of_the_ten_small_place_kinds_imports(written, kind):
    book = demo_book()
    inn = credit_code("92130322MA0DEM007")
    edit("企业", inn, "十小类别", written)(book)
    [company] = [e for e in check(book).enterprise if e.id == inn]
    assert company.small_place_kind is kind


def test_a_missing_column_is_reported_on_the_header_row_and_its_rows_are_skipped():
    book = demo_book()
    book["岗位"].delete_cols(3)  # 岗位名称
    assert problems(book) == [("岗位", 1, "岗位名称", "missing_column")]


def test_every_problem_of_a_file_is_reported_at_once_in_sheet_and_row_order():
    book = demo_book()
    edit("风险点", "R-KITCHEN-GAS", "LEC-L", 4)(book)
    edit("岗位", "P-STOVE", "岗位名称", None)(book)
    edit("企业", KITCHEN, "从业人数", -3)(book)
    found = problems(book)
    assert [p[0] for p in found] == ["企业", "岗位", "风险点"]


def test_a_reason_names_the_cell_and_says_what_is_wrong():
    book = demo_book()
    row = edit("风险点", "R-KITCHEN-GAS", "LEC-L", 4)(book)
    with pytest.raises(ImportRejected) as rejected:
        check(book)
    [problem] = rejected.value.details["errors"]
    assert problem["cell"] == f"G{row}"
    assert "0.1, 0.2, 0.5, 1, 3, 6, 10" in problem["reason"]


def test_a_title_line_above_the_headers_and_unknown_columns_are_allowed():
    book = demo_book()
    ws = book["车间"]
    ws.insert_rows(1)
    ws["A1"] = "某某企业车间清单"
    ws.cell(row=2, column=5, value="备注")
    found = check(book)
    assert {w.id for w in found.workshop} == {w.id for w in demo_reference().workshop}


def test_a_workbook_without_any_known_sheet_is_a_bad_file():
    book = Workbook()
    book.active.title = "Sheet1"
    with pytest.raises(BadFile):
        check(book)


@pytest.mark.parametrize(
    ("mutate", "allowed"),
    [
        pytest.param(lambda book: None, True, id="its own export"),
        pytest.param(edit("岗位", "P-STOVE", "岗位名称", "新灶台岗"), True, id="its own post"),
        pytest.param(edit("网格", "V-DL", "网格名称", "改名村"), False, id="a grid unit"),
        pytest.param(edit("企业", KITCHEN, "所属网格编码", "V-CG"), False, id="moving itself"),
    ],
)
def test_a_safety_manager_changes_only_their_own_enterprise(mutate, allowed):
    book = demo_book(kitchen_only())
    mutate(book)
    if allowed:
        assert check(book, scope=KITCHEN).post
    else:
        assert {p[3] for p in problems(book, scope=KITCHEN)} == {"not_permitted"}


def test_a_safety_manager_may_not_touch_another_enterprise():
    found = problems(demo_book(), scope=KITCHEN)
    assert {p[3] for p in found} == {"not_permitted"}
    assert ("岗位", 3, "岗位编码", "not_permitted") in found  # P-LATHE-1, LATHES


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("监管类别", "A"),
        ("监管类别", None),  # back to the class computed from the rules
        ("行业", "其他"),
        ("从业人数", 1),
        ("规上企业", "是"),
    ],
)
def test_a_safety_manager_may_not_change_what_sets_their_own_supervision(header, value):
    book = demo_book(kitchen_only())
    row = edit("企业", KITCHEN, header, value)(book)
    assert problems(book, scope=KITCHEN) == [("企业", row, header, "regulator_only")]


def test_an_administrator_may_change_the_supervision_fields():
    book = demo_book(kitchen_only())
    for header, value in (("监管类别", "A"), ("行业", "其他"), ("从业人数", 1)):
        edit("企业", KITCHEN, header, value)(book)
    [company] = check(book).enterprise
    assert (company.supervision_class, company.staff_count) == ("A", 1)


def test_a_safety_manager_may_still_rename_their_enterprise():
    book = demo_book(kitchen_only())
    edit("企业", KITCHEN, "企业名称", "老街小厨（新址）")(book)
    [company] = check(book, scope=KITCHEN).enterprise
    assert company.name == "老街小厨（新址）"
