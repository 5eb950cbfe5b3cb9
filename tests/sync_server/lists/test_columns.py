"""The column table, the shipped template and docs/import.md say the same thing."""

from __future__ import annotations

import io
from pathlib import Path

from sync_server.lists.columns import SHEETS
from sync_server.lists.export import template_workbook
from tests.sync_server.lists.workbooks import load_workbook

ROOT = Path(__file__).resolve().parents[3]


def headers(data: bytes) -> dict[str, list[str]]:
    book = load_workbook(io.BytesIO(data))
    return {ws.title: [cell.value for cell in ws[1]] for ws in book.worksheets[1:]}


def test_the_shipped_template_is_the_one_the_code_makes():
    shipped = (ROOT / "assets" / "templates" / "import-template.xlsx").read_bytes()
    assert headers(shipped) == headers(template_workbook())
    assert list(headers(shipped))[: len(SHEETS)] == [sheet.name for sheet in SHEETS]


def test_the_template_carries_the_standards_library_after_the_lists():
    book = load_workbook(io.BytesIO(template_workbook()))
    assert book.sheetnames[len(SHEETS) + 1 :] == ["类别（2026.1）", "隐患排查标准", "十小检查标准"]
    assert book["十小检查标准"].max_row == 1 + 21


def test_docs_describe_every_sheet_and_column():
    text = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    for sheet in SHEETS:
        assert f"### {sheet.name}\n" in text, sheet.name
        for column in sheet.columns:
            assert f"| {column.header} |" in text, (sheet.name, column.header)


def test_every_column_key_is_unique_within_its_sheet_and_headers_never_collide():
    for sheet in SHEETS:
        keys = [column.key for column in sheet.columns]
        names = [n for column in sheet.columns for n in (column.header, *column.aliases)]
        assert len(keys) == len(set(keys)) and len(names) == len(set(names)), sheet.name
