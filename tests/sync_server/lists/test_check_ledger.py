"""The 排查记录台账 from the demo city's 30 days: every card instance, who, when, what failed."""

from __future__ import annotations

import io
from datetime import date
from typing import Any, Literal

import pytest
from sqlalchemy import select, update

from shared.card_ticks import CardRecord
from shared.geo import Position
from sync_server.demo import KITCHEN, LATHES, seed_demo
from sync_server.lists import documents
from sync_server.problems import NotFound
from sync_server.schema import card_records, reference
from tests.sync_server.lists.pdf_reading import pdf_text
from tests.sync_server.lists.workbooks import load_workbook

TODAY = date(2026, 11, 30)
START = date(2026, 11, 1)


@pytest.fixture
def city(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn, history=True, today=TODAY)
    return app


def rows_of(data: bytes) -> list[dict[str, Any]]:
    sheet = load_workbook(io.BytesIO(data))["排查记录台账"]
    header = [cell.value for cell in sheet[4]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(5)]


def test_an_enterprises_ledger_has_every_card_instance_with_who_when_and_what_failed(city):
    engine = city.state.engine
    with engine.connect() as conn:
        data = documents.check_ledger(
            conn, [KITCHEN], scope="海港区老街小厨餐馆", start=START, end=TODAY, fmt="xlsx"
        )
        stored = [
            CardRecord.model_validate(row.body)
            for row in conn.execute(
                select(card_records.c.body).where(card_records.c.tenant == KITCHEN)
            )
        ]
    rows = rows_of(data)
    in_range = [r for r in stored if START <= r.completed_at.date() <= TODAY]
    assert abs(len(rows) - len(in_range)) <= 2  # the edges of the range are local days
    assert {row["企业名称"] for row in rows} == {"海港区老街小厨餐馆"}
    assert {row["扫码打开"] for row in rows} == {"是", "否"}
    assert all(row["检查人"] and row["完成时间"] for row in rows)
    failed = [row for row in rows if row["不合格"]]
    assert failed, "the demo fails an item now and then"
    assert all("发现问题，已当场处理" in row["不合格项及说明"] for row in failed)
    assert all(row["照片数"] >= row["不合格"] for row in failed)  # each failure's photo


def test_a_posts_ledger_lists_only_that_post_and_prints_as_a_pdf(city):
    client_rows = []
    with city.state.engine.connect() as conn:
        for fmt in ("xlsx", "pdf"):
            client_rows.append(
                documents.check_ledger(
                    conn, [KITCHEN], scope="小厨", start=START, end=TODAY, fmt=fmt, post="P-STOVE"
                )
            )
        with pytest.raises(NotFound):
            documents.check_ledger(
                conn, [KITCHEN], scope="小厨", start=START, end=TODAY, fmt="xlsx", post="P-NONE"
            )
    rows = rows_of(client_rows[0])
    assert rows and {row["岗位"] for row in rows} == {"灶台岗"}
    text = pdf_text(client_rows[1])
    assert "隐患排查记录台账" in text and "灶台岗" in text


def test_the_route_gives_a_manager_their_enterprises_ledger(city, client):
    answer = client.post("/v1/auth/login", json={"username": "manager1", "password": "demo1234"})
    headers = {"authorization": f"Bearer {answer.json()['access_token']}"}
    got = client.get(
        "/v1/documents/check-ledger.xlsx",
        params={"from": START.isoformat(), "to": TODAY.isoformat(), "post": "P-STOVE"},
        headers=headers,
    )
    assert got.status_code == 200, got.text
    assert rows_of(got.content)
    assert "attachment" in got.headers["content-disposition"]


def lathes_ledger(conn: Any, fmt: Literal["xlsx", "pdf"] = "xlsx", **only: str) -> bytes:
    return documents.check_ledger(
        conn, [LATHES], scope="车床厂", start=START, end=TODAY, fmt=fmt, **only
    )


def test_a_ledger_names_each_rows_workshop_and_one_workshops_ledger_has_its_posts_only(city):
    with city.state.engine.connect() as conn:
        everything = rows_of(lathes_ledger(conn))
        lathe_shop = rows_of(lathes_ledger(conn, workshop="W-LATHE"))
        switch_room = rows_of(lathes_ledger(conn, workshop="W-LATHE-PD"))  # it has no post
        pdf = pdf_text(lathes_ledger(conn, "pdf", workshop="W-LATHE"))

    assert everything and {row["车间"] for row in everything} == {"机加车间"}
    assert [row["周期"] for row in lathe_shop] == [row["周期"] for row in everything]
    assert switch_room == []
    assert "车床厂 机加车间" in pdf and "1号车床岗" in pdf


@pytest.mark.parametrize("workshop", ["W-NONE", "W-KITCHEN"], ids=["unknown", "another-places"])
def test_a_workshop_outside_the_ledgers_enterprises_is_not_found(city, workshop):
    with city.state.engine.connect() as conn, pytest.raises(NotFound):
        lathes_ledger(conn, workshop=workshop)


def test_an_enterprises_ledger_is_grouped_by_workshop_then_time(city):
    with city.state.engine.connect() as conn:
        rows = rows_of(
            documents.check_ledger(
                conn, [KITCHEN, LATHES], scope="两家", start=START, end=TODAY, fmt="xlsx"
            )
        )
    groups = [(row["企业名称"], row["车间"]) for row in rows]
    assert groups == sorted(groups)  # each enterprise's workshops together, not interleaved
    assert len(set(groups)) == 2


def test_the_route_takes_a_workshop(city, client):
    answer = client.post("/v1/auth/login", json={"username": "manager1", "password": "demo1234"})
    headers = {"authorization": f"Bearer {answer.json()['access_token']}"}
    got = client.get(
        "/v1/documents/check-ledger.xlsx",
        params={"from": START.isoformat(), "to": TODAY.isoformat(), "workshop": "W-KITCHEN"},
        headers=headers,
    )
    assert got.status_code == 200, got.text
    assert {row["车间"] for row in rows_of(got.content)} == {"后厨"}


def test_a_card_scanned_far_from_its_located_post_is_flagged_in_the_ledger_without_the_position(
    city,
):
    stove = {"latitude": 39.9354, "longitude": 119.6005}
    far = Position(latitude=39.9454, longitude=119.6005, accuracy_m=20)  # about 1.1 km north
    with city.state.engine.begin() as conn:
        post = conn.execute(
            select(reference.c.body).where(reference.c.kind == "post", reference.c.id == "P-STOVE")
        ).scalar_one()
        conn.execute(
            update(reference)
            .where(reference.c.kind == "post", reference.c.id == "P-STOVE")
            .values(body={**post, **stove})
        )
        row = conn.execute(
            select(card_records.c.id, card_records.c.body)
            .where(card_records.c.post_id == "P-STOVE")
            .order_by(card_records.c.id.desc())
        ).first()
        assert row is not None
        record = CardRecord.model_validate(row.body).model_copy(update={"locations": (far,)})
        conn.execute(
            update(card_records)
            .where(card_records.c.id == row.id)
            .values(body=record.model_dump(mode="json"))
        )
    with city.state.engine.connect() as conn:
        data = documents.check_ledger(
            conn, [KITCHEN], scope="海港区老街小厨餐馆", start=START, end=TODAY, fmt="xlsx"
        )
    rows = rows_of(data)
    flagged = [r for r in rows if r["位置异常"]]
    assert [r["周期"] for r in flagged] == [record.period]
    assert "疑似虚假打卡" in flagged[0]["位置异常"]
    text = str(rows) + str(load_workbook(io.BytesIO(data))["排查记录台账"]["A2"].value)
    assert "39.94" not in text and "39.93" not in text
