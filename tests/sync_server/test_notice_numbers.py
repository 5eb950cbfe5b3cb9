"""整改通知书 numbers: per authority and year in the official style, confirmed by the server.

On SQLite and PostgreSQL (the ``app`` fixture runs each test on both).
"""

from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime
from typing import Any

import httpx
import pytest
import sqlalchemy
from sqlalchemy import delete, select

from shared.events import Event, EventType
from shared.ids import GridUnitId, UserId
from shared.roles import Actor, Role
from sync_server.demo import KITCHEN, seed_demo
from sync_server.demo.city import NETCAFE
from sync_server.lists import documents
from sync_server.notice_numbers import (
    confirm_number,
    official_number,
    remember_numbers_on_record,
)
from sync_server.schema import counters, notice_numbers, notice_numbers_on_record
from tests.factories import T0_MS, Device
from tests.sync_server.lists.pdf_reading import pdf_text
from tests.sync_server.test_sync import push, sign_in, statuses, wire

HAIGANG = Actor(user_id=UserId("inspector1"), role=Role.INSPECTOR, grid_unit=GridUnitId("X-HG"))
CHANGNING = Actor(user_id=UserId("inspector2"), role=Role.INSPECTOR, grid_unit=GridUnitId("X-CN"))
DEMO_DAY = date(2026, 11, 30)
"""The demo's history ends here; its notices hold 海港 第08号 and 昌宁 第27号 of 2026."""


@pytest.fixture
def city(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn, history=True, today=DEMO_DAY)
    return app


def inspection(phone: Device, inspection_id: str, provisional: str = "执法-20261102-ABCDEF"):
    payload = {
        "findings": [{"standard_item": "安全出口和疏散通道", "result": "fail"}],
        "notice_no": provisional,
    }
    event = phone.event(EventType.INSPECTION_RECORDED, inspection_id, base=0, payload=payload)
    return wire(event)


def numbers(app) -> dict[str, str]:
    with app.state.engine.connect() as conn:
        rows = conn.execute(select(notice_numbers.c.inspection_id, notice_numbers.c.number))
        return {row.inspection_id: row.number for row in rows}


def test_the_official_style_has_the_authority_the_year_and_two_digits():
    assert official_number("海港应急", 2026, 8) == "海港应急责改〔2026〕第08号"
    assert official_number("昌宁应急", 2027, 131) == "昌宁应急责改〔2027〕第131号"


def test_each_authority_counts_on_from_its_highest_number_of_the_year(city, client):
    assert T0_MS < 1798732800000  # the phones' clock is in 2026, the demo's notices' year
    haigang = Device("phone-hg", HAIGANG, tenant=KITCHEN)
    changning = Device("phone-cn", CHANGNING, tenant=NETCAFE)
    pushed = push(client, sign_in(client, "inspector1"), "phone-hg", [
        inspection(haigang, "INS-A"), inspection(haigang, "INS-B"),
    ])  # fmt: skip
    assert statuses(pushed) == ["accepted", "accepted"]
    pushed = push(
        client, sign_in(client, "inspector2"), "phone-cn", [inspection(changning, "INS-C")]
    )
    assert statuses(pushed) == ["accepted"]
    assert numbers(city) == {
        "INS-A": "海港应急责改〔2026〕第09号",
        "INS-B": "海港应急责改〔2026〕第10号",
        "INS-C": "昌宁应急责改〔2026〕第28号",
    }


def test_a_resend_keeps_its_number_and_the_pdf_prints_it_with_the_authority(city, client):
    phone = Device("phone-hg", HAIGANG, tenant=KITCHEN)
    batch = [inspection(phone, "INS-A")]
    headers = sign_in(client, "inspector1")
    assert statuses(push(client, headers, "phone-hg", batch)) == ["accepted"]
    assert statuses(push(client, headers, "phone-hg", batch)) == ["duplicate"]
    assert numbers(city) == {"INS-A": "海港应急责改〔2026〕第09号"}
    with city.state.engine.connect() as conn:
        text = pdf_text(documents.inspection_notice(conn, "INS-A", visible=None))
    assert "海港应急责改〔2026〕第09号" in text and "海港区应急管理局" in text
    assert "执法-20261102-ABCDEF" not in text  # the provisional number is superseded
    # inspector1's account names its authority and 执法证号 (the county's bureau is the fallback)
    assert "秦海市海港区应急管理局" in text
    assert "执法证号：13030219001" in text


def test_two_inspectors_issuing_at_once_get_different_numbers(city, live_server):
    """Two phones push at once, many times, on a real server: no number is given twice."""
    per_phone = 8
    phones = [Device(f"phone-{n}", HAIGANG, tenant=KITCHEN) for n in range(2)]
    batches = [
        [[inspection(phone, f"INS-{phone.name}-{i}")] for i in range(per_phone)] for phone in phones
    ]
    with httpx.Client(base_url=live_server.url) as client:
        login = {"username": "inspector1", "password": "demo1234"}
        token = client.post("/v1/auth/login", json=login).json()["access_token"]
    start = threading.Barrier(len(phones))
    failures: list[Any] = []

    def run(phone: Device, mine: list[list[dict[str, Any]]]) -> None:
        headers = {"authorization": f"Bearer {token}"}
        with httpx.Client(base_url=live_server.url, headers=headers, timeout=60) as http:
            start.wait()
            for batch in mine:
                body = {"device_id": phone.name, "events": batch}
                answer = http.post("/v1/sync/push", json=body)
                if answer.status_code != 200 or answer.json()["results"][0]["status"] != "accepted":
                    failures.append(answer.text)

    threads = [
        threading.Thread(target=run, args=(phone, mine))
        for phone, mine in zip(phones, batches, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures
    given = sorted(numbers(city).values())
    expected = [official_number("海港应急", 2026, seq) for seq in range(9, 9 + 2 * per_phone)]
    assert given == sorted(expected)


def test_a_number_written_on_paper_and_pushed_counts_as_on_record(city, client):
    phone = Device("phone-hg", HAIGANG, tenant=KITCHEN)
    batch = [inspection(phone, "INS-P", "海港应急责改〔2026〕第15号"), inspection(phone, "INS-Q")]
    pushed = push(client, sign_in(client, "inspector1"), "phone-hg", batch)
    assert statuses(pushed) == ["accepted", "accepted"]
    assert numbers(city) == {
        "INS-P": "海港应急责改〔2026〕第16号",
        "INS-Q": "海港应急责改〔2026〕第17号",
    }


def test_the_first_number_of_a_year_reads_no_inspection_history(city):
    """It used to read every ``inspection.recorded`` ever stored, in the pushing transaction."""
    engine = city.state.engine
    event = Event.model_validate(inspection(Device("phone-hg", HAIGANG, tenant=KITCHEN), "INS-A"))
    seen: list[str] = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with engine.begin() as conn:
        sqlalchemy.event.listen(conn, "before_cursor_execute", keep)
        number = confirm_number(conn, event, datetime(2026, 11, 30, tzinfo=UTC))
        sqlalchemy.event.remove(conn, "before_cursor_execute", keep)
    assert number == "海港应急责改〔2026〕第09号"
    assert not [s for s in seen if re.search(r"\bFROM events\b", s)]


def test_a_database_made_before_the_notes_notes_its_record_once_at_start(city):
    def noted(conn) -> dict[tuple[str, int], int]:
        rows = conn.execute(select(notice_numbers_on_record)).all()
        return {(r.authority_code, r.year): r.highest for r in rows}

    with city.state.engine.begin() as conn:
        as_seeded = noted(conn)
        conn.execute(delete(notice_numbers_on_record))
        conn.execute(delete(counters).where(counters.c.name == "notice_numbers_on_record"))
        assert remember_numbers_on_record(conn)
        assert not remember_numbers_on_record(conn)
        assert noted(conn) == as_seeded
    assert as_seeded[("海港应急", 2026)] == 8
    assert as_seeded[("昌宁应急", 2026)] == 27
