"""Reading uploads: workbooks and CSV files are read for what they are; anything else is refused."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import date

import pytest

from sync_server.lists.workbook import cell_text, read_tables
from sync_server.problems import BadFile, ImportTooLarge
from tests.sync_server.lists.bombs import workbook_claiming
from tests.sync_server.lists.workbooks import demo_bytes


def zipped(name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "says"),
    [
        pytest.param(b"", "lists.xlsx", "empty", id="empty"),
        pytest.param(
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 50, "lists.xls", ".xls", id="xls"
        ),
        pytest.param(b"\x89PNG\r\n\x1a\n" + b"\0" * 50, "photo.xlsx", "not a workbook", id="png"),
        pytest.param(zipped("notes.txt", b"hello"), "lists.xlsx", "cannot be read", id="zip"),
        pytest.param(demo_bytes()[:2000], "cut.xlsx", "cannot be read", id="truncated"),
        pytest.param(b"\x00\x01binary", "lists.csv", "neither", id="binary"),
        pytest.param("名字,年龄\n张三,3\n".encode(), "data.csv", "cannot tell", id="unknown csv"),
    ],
)
def test_a_wrong_or_broken_file_gets_a_clear_error(data, filename, says):
    with pytest.raises(BadFile) as refused:
        read_tables(data, filename)
    assert refused.value.code == "import.bad_file"
    assert says in refused.value.message


def test_every_sheet_of_a_workbook_is_read_with_excel_row_numbers():
    tables = {table.name: table for table in read_tables(demo_bytes(), "demo.xlsx")}
    assert list(tables) == ["网格", "企业", "车间", "检查卡", "岗位", "风险点"]
    number, cells = tables["岗位"].rows[1]
    assert number == 2 and cells[:3] == ["91130302MA0DEM001Y", "P-STOVE", "灶台岗"]


@pytest.mark.parametrize(
    ("encoding", "filename", "sheet"),
    [
        ("utf-8-sig", "岗位.csv", "岗位"),  # Excel's "CSV UTF-8"
        ("gb18030", "export.csv", "岗位"),  # Excel's plain CSV on Chinese Windows; told by headers
    ],
)
def test_a_csv_file_is_read_in_utf8_or_gbk_and_its_list_told_by_name_or_headers(
    encoding, filename, sheet
):
    text = (
        "统一社会信用代码,岗位编码,岗位名称,车间编码\n91130302MA0DEM001Y,P-NEW,新岗位,W-KITCHEN\n"
    )
    [table] = read_tables(text.encode(encoding), filename)
    assert table.name == sheet
    assert table.rows[1] == (2, ["91130302MA0DEM001Y", "P-NEW", "新岗位", "W-KITCHEN"])


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (3.0, "3"),
        (0.1, "0.1"),
        (0.5, "0.5"),
        (60, "60"),
        (True, "是"),
        (date(2026, 11, 30), "2026-11-30"),
        ("  P-STOVE ", "P-STOVE"),
    ],
)
def test_a_cell_reads_as_the_text_a_person_sees(value, text):
    assert cell_text(value) == text


@pytest.mark.parametrize(
    ("rows", "columns", "dimension"),
    [
        pytest.param(100_000, 10, "A1:J100000", id="a million cells, claimed"),
        pytest.param(100_000, 10, None, id="a million cells, no size given"),
        pytest.param(100_000, 10, "A1:A1", id="a million cells claiming one"),
        pytest.param(1_000, 1_000, "A1:A1", id="wide rows"),
    ],
)
def test_a_workbook_bomb_is_refused_before_it_is_read(rows, columns, dimension):
    bomb = workbook_claiming(rows, columns, dimension=dimension)
    assert len(bomb) < 100_000
    started = time.process_time()
    with pytest.raises(ImportTooLarge) as refused:
        read_tables(bomb, "lists.xlsx")
    assert time.process_time() - started < 5  # the old reader took 30-55 s and 500 MB
    assert refused.value.code == "import.too_large"
    assert "nothing was imported" in refused.value.message or "rows" in refused.value.message


def test_a_sheet_that_understates_its_size_is_read_in_full():
    tables = read_tables(workbook_claiming(50, 3, dimension="A1:A1"), "lists.xlsx")
    assert len(tables[0].rows) == 50 and tables[0].rows[-1][1] == ["1", "1", "1"]


def test_a_csv_file_past_the_cell_budget_is_refused():
    wide = ("," * 300 + "\n") * 1_000  # 301,000 empty cells
    with pytest.raises(ImportTooLarge):
        read_tables(wide.encode(), "岗位.csv")
