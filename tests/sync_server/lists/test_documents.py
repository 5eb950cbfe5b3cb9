"""Documents from the demo city's 30 days: notices with their photos, ledgers, card sheets."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date

import pytest
from sqlalchemy import Connection

from shared.qr import derive_tenant_key, verify_qr
from sync_server.demo import KITCHEN, LATHES, seed_demo
from sync_server.demo.city import NETCAFE
from sync_server.lists import documents
from sync_server.problems import NotFound
from tests.conftest import SECRET
from tests.sync_server.lists.pdf_reading import decoded_qr_codes, pdf_images, pdf_text
from tests.sync_server.lists.workbooks import load_workbook

TODAY = date(2026, 11, 30)


@pytest.fixture
def city(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn, history=True, today=TODAY)
    return app.state.engine


def test_a_hazard_notice_says_what_to_fix_by_when_with_its_photos(city):
    with city.connect() as conn:
        data = documents.hazard_notice(conn, "YH-2026-0001", visible=None)
    text = re.sub(r"\s", "", pdf_text(data))  # a cell's lines are read back with spaces
    for expected in ("隐患整改通知书", "YH-2026-0001", "海港区老街小厨餐馆",
                     "液化气软管超长且有三通接口", "更换为≤2 m不锈钢波纹管", "2026-11-05",
                     "王师傅", "现场照片", "（整改后）", "限期整改，于2026年11月5日"):  # fmt: skip
        assert expected.replace(" ", "") in text, expected
    assert len(pdf_images(data)) == 2  # before and after


def test_an_inspection_notice_lists_its_findings_and_the_hazards_filed(city):
    with city.connect() as conn:
        data = documents.inspection_notice(conn, "INS-CN-003", visible={NETCAFE})
    text = pdf_text(data)
    for expected in ("昌宁应急责改〔2026〕第27号", "昌宁县极速网咖", "安全出口上锁",
                     "疏散指示标志损坏", "灭火器配置和有效期：合格", "曹执法员"):  # fmt: skip
        assert expected in text, expected


OUT_OF_SCOPE: list[Callable[[Connection], bytes]] = [
    lambda conn: documents.hazard_notice(conn, "YH-2026-0001", visible={LATHES}),
    lambda conn: documents.inspection_notice(conn, "INS-HG-001", visible=set()),
    lambda conn: documents.hazard_notice(conn, "YH-2026-9999", visible=None),
    lambda conn: documents.post_cards_pdf(conn, KITCHEN, SECRET, visible={LATHES}),
]


def test_a_record_outside_the_scope_looks_exactly_like_a_missing_one(city):
    for make in OUT_OF_SCOPE:  # one seeded city for the whole table
        with city.connect() as conn, pytest.raises(NotFound):
            make(conn)


def test_the_ledger_of_a_county_lists_its_hazards_in_a_workbook_and_a_pdf(city):
    with city.connect() as conn:
        tenants, scope = documents.ledger_scope(conn, tenant=None, grid_unit="X-CN", visible=None)
        made = {
            fmt: documents.ledger(
                conn, tenants, scope=scope, start=date(2026, 11, 1), end=TODAY, fmt=fmt
            )
            for fmt in ("xlsx", "pdf")
        }
    book = load_workbook(io.BytesIO(made["xlsx"]))
    text = pdf_text(made["pdf"])
    sheet = book["隐患台账"]
    assert sheet["A1"].value == "隐患排查治理台账"
    assert "秦海市 / 昌宁县" in sheet["A2"].value
    header = [cell.value for cell in sheet[4]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(5)]
    assert {row["企业名称"] for row in rows} >= {"昌宁县华昌化工贸易有限公司", "昌宁县极速网咖"}
    assert "海港区老街小厨餐馆" not in {row["企业名称"] for row in rows}  # another county
    major = next(row for row in rows if row["隐患名称"] == "氧化剂与易燃溶剂同库混存")
    assert (major["隐患等级"], major["状态"]) == ("重大", "挂牌督办")
    assert any(row["是否逾期"] == "逾期" for row in rows)
    assert "隐患排查治理台账" in text and "氧化剂与易燃溶剂同库混存" in text


def test_a_post_card_sheet_prints_every_post_of_an_enterprise_with_verifying_codes(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
        data = documents.post_cards_pdf(conn, LATHES, SECRET, visible=None)
    key = derive_tenant_key(SECRET, LATHES)
    decoded = [
        verify_qr(t, key_for=lambda _: key, accepted_tenants={LATHES})
        for t in decoded_qr_codes(data)
    ]
    assert [payload.post_id for payload in decoded] == ["P-LATHE-1", "P-LATHE-2"]
    assert "秦海市精工机械加工厂" in pdf_text(data)
