"""The ledger's long table: every line fits its column, and no row outgrows a page."""

from __future__ import annotations

from sync_server.lists.pdf import Document
from sync_server.lists.pdf_table import MAX_LINES, LongTable, TableStyle
from tests.sync_server.lists.pdf_reading import page_count, pdf_text

STYLE = TableStyle(size=7.5, line_height=3.4, widths=(20.0, 40.0), heading_fill=(200, 200, 200))


def _table() -> tuple[Document, LongTable]:
    doc = Document("表", orientation="L")
    doc.add_page()
    return doc, LongTable(doc, ("编号", "名称"), STYLE)


def test_every_wrapped_line_fits_its_column_and_keeps_every_character():
    doc, table = _table()
    for text in ("液化气软管老化开裂" * 20, "A" * 300, "a very long sentence of words " * 10):
        lines = table._wrap(text, 38.4)
        assert all(doc.get_string_width(line) <= 38.4 + 0.01 for line in lines)
        assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    doc.bytes()  # output closes the font files


def test_a_cell_longer_than_a_page_goes_on_in_the_rows_below_and_on_the_next_page():
    doc, table = _table()
    text = "".join(f"第{n}行隐患描述文字。" for n in range(400)) + "【完】"
    assert len(table._wrap(text, 38.4)) > 3 * MAX_LINES
    table.row(("YH-1", text))
    data = doc.bytes()
    assert page_count(data) >= 2
    assert "【完】" in pdf_text(data) and pdf_text(data).count("编号") == page_count(data)
