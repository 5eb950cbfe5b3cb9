"""The ledger workbook layout every ledger shares."""

from __future__ import annotations

import io

from openpyxl import load_workbook  # type: ignore[import-untyped]

from sync_server.lists.ledger_sheet import ledger_workbook

COLUMNS = [("编号", 10), ("名称", 30)]


def test_a_ledger_sheet_has_its_title_lines_a_frozen_filtered_header_and_its_rows() -> None:
    rows = [{"编号": "1", "名称": "灶台"}, {"编号": "2", "名称": "软管\x07老化"}]
    data = ledger_workbook("台账", "某台账", ("范围", "合计 2"), COLUMNS, rows, tint="FCE4D6")
    ws = load_workbook(io.BytesIO(data)).active
    assert ws.title == "台账"
    assert [ws["A1"].value, ws["A2"].value, ws["A3"].value] == ["某台账", "范围", "合计 2"]
    assert [c.value for c in ws[4]] == ["编号", "名称"]
    assert ws["A4"].fill.fgColor.rgb.endswith("FCE4D6") and ws["A4"].font.bold
    assert [[c.value for c in r] for r in ws.iter_rows(min_row=5)] == [
        ["1", "灶台"],
        ["2", "软管\ufffd老化"],  # what no workbook can hold is shown as �
    ]
    assert ws.freeze_panes == "A5" and ws.auto_filter.ref == "A4:B6"
    assert ws.column_dimensions["B"].width == 30


def test_the_same_ledger_gives_the_same_bytes() -> None:
    def made() -> bytes:
        return ledger_workbook("台账", "某台账", ("范围", "合计 0"), COLUMNS, [])

    assert made() == made()
