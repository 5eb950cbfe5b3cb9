"""The 整改通知书 the server makes: 整改要求 that agrees with the deadline, lines set as print is.

On SQLite and PostgreSQL (the ``app`` fixture runs each test on both).
"""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import select

from shared.events import EventType
from shared.ids import GridUnitId, UserId
from shared.roles import Actor, Role
from sync_server.demo import KITCHEN, seed_demo
from sync_server.demo.photos import store_photo
from sync_server.lists import documents
from sync_server.lists.line_break import NO_START
from sync_server.lists.notice import Notice, NoticeItem, notice_pdf
from sync_server.lists.pdf import FAMILY, Document
from sync_server.schema import quarantine
from tests.factories import Device
from tests.sync_server.lists.pdf_reading import pdf_images, pdf_text
from tests.sync_server.test_sync import push, sign_in, statuses, wire

CHINA = timezone(timedelta(hours=8))
INSPECTOR = Actor(user_id=UserId("inspector1"), role=Role.INSPECTOR, grid_unit=GridUnitId("X-HG"))


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def notice_report(phone: Device, hazard: str, *, days: int, demand: str) -> dict[str, Any]:
    """An inspector's report as the phone sends it, due ``days`` after the day it is made."""
    body = wire(phone.event(EventType.HAZARD_REPORTED, hazard, base=0))
    issued = datetime.fromtimestamp(phone.clock_ms / 1000, tz=CHINA).date()
    due = datetime.combine(issued + timedelta(days=days), datetime.max.time(), CHINA)
    payload = {
        "title": "安全出口上锁",
        "source": 11,
        "deadline": due.replace(microsecond=0).isoformat(),
        "demand": demand,
    }
    return {**body, "payload": payload}


@pytest.mark.parametrize(
    ("days", "demand", "fits"),
    [
        (0, "immediate", True),
        (10, "by_deadline", True),
        (10, "immediate", False),  # 立即整改 beside a deadline ten days away
        (0, "by_deadline", False),  # 限期 that gives no day at all
    ],
)
def test_a_report_whose_demand_contradicts_its_deadline_is_refused_with_its_code(
    world, client, days, demand, fits
):
    phone = Device("phone-insp", INSPECTOR, tenant=KITCHEN)
    batch = [notice_report(phone, "H-NOTICE", days=days, demand=demand)]
    answer = push(client, sign_in(client, "inspector1"), "phone-insp", batch)
    if fits:
        assert statuses(answer) == ["accepted"]
        return
    assert statuses(answer) == ["rejected"]
    assert answer["results"][0]["code"] == "notice.demand_mismatch"
    with world.state.engine.connect() as conn:
        kept = conn.execute(select(quarantine.c.reason_code)).scalars().all()
    assert kept == ["notice.demand_mismatch"]


def test_the_notice_words_a_ten_day_term_as_限期整改_with_its_date(world, client):
    phone = Device("phone-insp", INSPECTOR, tenant=KITCHEN)
    batch = [
        notice_report(phone, "H-TEN", days=10, demand="by_deadline"),
        notice_report(phone, "H-NOW", days=0, demand="immediate"),
    ]
    assert statuses(push(client, sign_in(client, "inspector1"), "phone-insp", batch)) == [
        "accepted",
        "accepted",
    ]
    with world.state.engine.connect() as conn:
        ten = pdf_text(documents.hazard_notice(conn, "H-TEN", visible=None))
        now = pdf_text(documents.hazard_notice(conn, "H-NOW", visible=None))
    assert "限期整改" in ten and "立即整改" not in ten
    assert "2026年11月12日" in ten and "2026-11-12" in ten
    assert "立即整改" in now and "限期整改" not in now


HOSTILE = "依据《中华人民共和国安全生产法》，" * 6 + "“整改”。" * 9 + "（后厨）" * 7
"""A text with a closing mark wherever a break could fall, at several widths."""


def test_no_line_of_the_notice_starts_with_a_closing_mark():
    item = NoticeItem(HOSTILE, "后厨（灶台）", "一般", HOSTILE, "2026-12-17")
    notice = Notice(
        number="海港应急责改〔2026〕第08号",
        enterprise="海港区老街小厨餐馆",
        credit_code="92350102MA0000000X",
        address=HOSTILE,
        found_on="2026-12-07",
        issuer="周网格员",
        items=[item],
        findings=[HOSTILE],
    )
    lines = [line.strip() for line in pdf_text(notice_pdf(notice)).splitlines()]
    assert lines and not [line for line in lines if line and line[0] in NO_START]


@pytest.mark.parametrize("width", [20.0, 37.5, 58.0, 95.0, 0.0])
@pytest.mark.parametrize("size", [8.0, 9.0, 10.0, 11.0])
def test_fpdf_keeps_the_breaks_the_breaker_chose(width, size):
    doc = Document("test")
    try:
        doc.add_page()
        doc.set_font(FAMILY, size=size)
        made = doc.multi_cell(width, 5, HOSTILE, dry_run=True, output="LINES")
        room = doc._room(width, 0)
        assert made == doc.lines(HOSTILE, room)
        assert not [line for line in made[1:] if line[0] in NO_START]
    finally:
        doc.bytes()  # a document never output keeps its font files open (fontTools, lazy)


def receipted(phone: Device, inspection_id: str, receipt: dict[str, Any]) -> dict[str, Any]:
    payload = {
        "findings": [{"standard_item": "安全出口和疏散通道", "result": "fail"}],
        "notice_no": "执法-20261102-ABCDEF",
        "receipt": receipt,
    }
    return wire(phone.event(EventType.INSPECTION_RECORDED, inspection_id, base=0, payload=payload))


def test_the_notice_shows_the_signature_or_the_witnessed_refusal(world, client):
    signature = io.BytesIO()
    Image.new("RGB", (680, 320), "white").save(signature, "JPEG")
    with world.state.engine.begin() as conn:
        ref = store_photo(conn, KITCHEN, signature.getvalue(), by="inspector1")
    phone = Device("phone-insp", INSPECTOR, tenant=KITCHEN)
    signed = {"signer": "李店长", "signature": ref.model_dump(mode="json")}
    refused = {"signer": "李店长", "refused": True, "witness": "王师傅（厨师）"}
    batch = [receipted(phone, "INS-SIGNED", signed), receipted(phone, "INS-REFUSED", refused)]
    answer = push(client, sign_in(client, "inspector1"), "phone-insp", batch)
    assert statuses(answer) == ["accepted", "accepted"]

    with world.state.engine.connect() as conn:
        signed_pdf = documents.inspection_notice(conn, "INS-SIGNED", visible=None)
        refused_pdf = documents.inspection_notice(conn, "INS-REFUSED", visible=None)
    assert len(pdf_images(signed_pdf)) == 1 and "李店长" in pdf_text(signed_pdf)
    assert "拒签" not in pdf_text(signed_pdf)
    text = pdf_text(refused_pdf)
    assert "拒签" in text and "王师傅（厨师）" in text and not pdf_images(refused_pdf)
