"""The list and document commands: files out, a full report of a bad import, exit codes."""

from __future__ import annotations

import pytest

from sync_server.__main__ import main
from sync_server.demo import KITCHEN
from tests.sync_server.lists.pdf_reading import pdf_text
from tests.sync_server.lists.workbooks import demo_book, set_cell, to_bytes


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    """One seeded city for the module: these commands only read, or import what is there."""
    folder = tmp_path_factory.mktemp("cli") / "var"
    assert main(["seed-demo", "--data", str(folder), "--today", "2026-11-30"]) == 0
    return str(folder)


@pytest.mark.parametrize(
    ("command", "out", "expected"),
    [
        (["print-cards", "--tenant", KITCHEN], "cards.pdf", "灶台岗"),
        (["print-enterprise-cards", "--grid-unit", "X-HG"], "gate.pdf", "企业安全检查二维码"),
        (["notice", "--inspection", "INS-HG-001"], "notice.pdf", "隐患整改通知书"),
        (["ledger", "--grid-unit", "C-QH"], "ledger.pdf", "隐患排查治理台账"),
    ],
)
def test_a_document_command_writes_its_pdf(data, tmp_path, capsys, command, out, expected):
    path = tmp_path / out
    assert main([*command, "--data", data, "--out", str(path)]) == 0
    assert f"wrote {path}" in capsys.readouterr().out
    assert expected in pdf_text(path.read_bytes())


@pytest.mark.parametrize("enterprise", ["海港区老街小厨餐馆", KITCHEN])
def test_post_cards_are_printed_by_the_enterprise_name_or_code_and_say_where_each_post_is(
    data, tmp_path, capsys, enterprise
):
    path = tmp_path / "cards.pdf"
    assert main(["print-cards", "--enterprise", enterprise, "--data", data, "-o", str(path)]) == 0
    said = capsys.readouterr().out
    assert "page 1: P-STOVE" in said  # what the README tells a newcomer to scan
    assert "灶台岗" in pdf_text(path.read_bytes())


def test_an_export_imports_back_unchanged_and_a_bad_file_lists_every_problem(
    data, tmp_path, capsys
):
    export = tmp_path / "lists.xlsx"
    assert main(["export", "--data", data, "--out", str(export)]) == 0
    assert main(["import", "--data", data, str(export)]) == 0
    assert "post        created 0, updated 0, unchanged 14" in capsys.readouterr().out
    book = demo_book()
    set_cell(book, "岗位", 2, "岗位名称", None)
    set_cell(book, "企业", 2, "统一社会信用代码", "91130302MA0DEM0010")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(to_bytes(book))
    assert main(["import", "--data", data, str(bad)]) == 2
    err = capsys.readouterr().err
    assert "error [import.rejected]" in err
    assert "企业 A2 统一社会信用代码: [bad_credit_code]" in err
    assert "岗位 C2 岗位名称: [missing_value]" in err


@pytest.mark.parametrize(
    ("command", "says"),
    [
        (["import", "missing.xlsx"], "error [invalid_input]: cannot read missing.xlsx"),
        (["notice", "--hazard", "YH-NONE", "--out", "x.pdf"], "error [not_found]"),
        (["print-cards", "--tenant", "NOPE", "--out", "x.pdf"], "error [not_found]"),
        (
            ["print-cards", "--enterprise", "老街小厨", "-o", "x.pdf"],
            "error [not_found]: no enterprise 老街小厨; did you mean 海港区老街小厨餐馆?",
        ),
    ],
)
def test_a_bad_request_ends_with_a_code_not_a_traceback(data, capsys, command, says):
    assert main([*command, "--data", data]) == 2
    assert says in capsys.readouterr().err
