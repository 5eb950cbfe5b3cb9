"""Risk points on the server: merge checks each risk event, folds it, lists it, and records it.

Runs on SQLite and PostgreSQL like every server test.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook  # type: ignore[import-untyped]
from sqlalchemy import update

from shared.events import Event, EventType
from shared.facts import day_facts
from shared.scoring import score_day
from shared.window import Window
from sync_server import merge
from sync_server.demo import KITCHEN, seed_demo
from sync_server.projections import rebuild_all
from sync_server.schema import users
from sync_server.scoring.inputs import ChunkReader
from tests.factories import PAYLOADS, Device
from tests.sync_server.lists.pdf_reading import pdf_text
from tests.sync_server.test_sync import MANAGER, WORKER, push, sign_in, wire

E = EventType
ZONE = ZoneInfo("Asia/Shanghai")
STOVE_ITEM = {"card_id": "CARD-STOVE", "item_id": "3"}


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


def identified(phone: Device, risk_id: str = "R-NEW", **changes: Any) -> Event:
    payload = {**PAYLOADS[E.RISK_IDENTIFIED], "post_id": "P-STOVE", **changes}
    return phone.event(E.RISK_IDENTIFIED, risk_id, base=0, payload=payload)


def measure(phone: Device, risk_id: str = "R-NEW", *, base: int = 1, **changes: Any) -> Event:
    payload = {**PAYLOADS[E.RISK_MEASURE_ADDED], "checks": [STOVE_ITEM], **changes}
    return phone.event(E.RISK_MEASURE_ADDED, risk_id, base=base, payload=payload)


def results(answer: Any) -> list[tuple[str, str | None]]:
    return [(r["status"], r.get("code")) for r in answer["results"]]


def test_a_risk_identified_with_lec_and_a_measure_on_a_card_item_is_listed_and_recorded(
    world, client
):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    manager = sign_in(client, "manager1")
    batch = [identified(phone), measure(phone)]
    assert results(push(client, manager, "phone-m", [wire(e) for e in batch])) == [
        ("accepted", None),
        ("accepted", None),
    ]
    seen = client.get("/v1/reference", headers=sign_in(client, "worker1")).json()
    [point] = [p for p in seen["risk_point"] if p["id"] == "R-NEW"]
    assert (point["lec"]["d"], point["lec"]["colour"], point["control_level"]) == (
        270.0,
        "orange",
        "workshop",
    )
    assert point["measures"] == ["安装燃气泄漏报警器"]

    record = client.get("/v1/risks/R-NEW", headers=manager)
    assert record.status_code == 200, record.text
    body = record.json()
    assert [step["type"] for step in body["timeline"]] == ["risk.identified", "risk.measure_added"]
    assert body["timeline"][0]["entry"]["colour_after"] == "orange"
    assert body["state"]["measures"][0]["checks"] == [STOVE_ITEM]
    assert client.get("/v1/risks/R-NEW", headers=sign_in(client, "manager2")).status_code == 404


def test_each_bad_risk_event_is_refused_alone_with_its_code_and_the_rest_is_stored(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    manager = sign_in(client, "manager1")
    good = identified(phone)
    cases: list[tuple[dict[str, Any], str]] = [
        (wire(identified(phone, "R-GHOST", post_id="P-NOWHERE")), "ref.unknown"),
        (wire(identified(phone, "R-KITCHEN-GAS")), "risk.illegal_transition"),  # imported id
        (wire(identified(phone, "R" * 65)), "invalid_input"),
        (wire(measure(phone, checks=[{"card_id": "CARD-STOVE", "item_id": "99"}])), "ref.unknown"),
        (wire(measure(phone, checks=[{"card_id": "CARD-LATHE", "item_id": "1"}])), "ref.unknown"),
        (wire(measure(phone, "R-NOBODY")), "ref.unknown"),
        (wire(phone.event(E.RISK_REGRADED, "R-NOBODY", base=1)), "ref.unknown"),
        (_bad_factor(phone), "risk.bad_factor"),
    ]
    batch = [wire(good), *(raw for raw, _ in cases), wire(measure(phone, measure_id="M9"))]
    answer = results(push(client, manager, "phone-m", batch))
    assert answer[0] == ("accepted", None)
    assert [code for _, code in answer[1:-1]] == [code for _, code in cases]
    assert answer[-1] == ("accepted", None)  # the good ones around are stored


def _bad_factor(phone: Device) -> dict[str, Any]:
    raw = wire(identified(phone, "R-BAD"))
    raw["payload"]["grading"] = {"lec": {"l": 4, "e": 6, "c": 15}}
    return raw


def test_only_the_enterprises_manager_identifies_its_risks(world, client):
    worker_phone = Device("phone-w", WORKER, tenant=KITCHEN)
    answer = push(client, sign_in(client, "worker1"), "phone-w", [wire(identified(worker_phone))])
    assert results(answer) == [("rejected", "auth.not_permitted")]
    foreign = Device("phone-x", MANAGER.model_copy(update={"user_id": "manager2"}), tenant=KITCHEN)
    answer = push(client, sign_in(client, "manager2"), "phone-x", [wire(identified(foreign))])
    assert results(answer) == [("rejected", "auth.not_permitted")]


def test_loop_three_a_failed_control_becomes_a_hazard_then_a_reassessment_on_the_record(
    world, client
):
    manager_phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    worker_phone = Device("phone-w", WORKER, tenant=KITCHEN)
    manager, worker = sign_in(client, "manager1"), sign_in(client, "worker1")
    push(
        client, manager, "phone-m", [wire(identified(manager_phone)), wire(measure(manager_phone))]
    )

    control = {"risk_id": "R-NEW", "measure_id": "M1", "source": 9, **_stove_item()}
    report = {**PAYLOADS[E.HAZARD_REPORTED], **control}
    bad_measure = {**report, "measure_id": "M-NONE"}
    foreign = {**report, "risk_id": "R-LATHE", "measure_id": None}
    hazard = worker_phone.event(E.HAZARD_REPORTED, "H-CTRL", base=0, payload=report)
    refused = [
        worker_phone.event(E.HAZARD_REPORTED, "H-X1", base=0, payload=bad_measure),
        worker_phone.event(E.HAZARD_REPORTED, "H-X2", base=0, payload=foreign),
    ]
    answer = push(client, worker, "phone-w", [wire(hazard), *(wire(e) for e in refused)])
    assert results(answer) == [("accepted", None), *[("rejected", "ref.unknown")] * 2]

    manager_phone.saw([hazard])
    steps = [(E.HAZARD_RECTIFIED, worker_phone), (E.HAZARD_ACCEPTED, manager_phone)]
    for version, (kind, phone) in enumerate(steps, start=1):
        phone.saw([hazard])
        headers = worker if phone is worker_phone else manager
        event = phone.event(kind, "H-CTRL", base=version)
        push(client, headers, phone.name, [wire(event)])
        manager_phone.saw([event])
    closed = manager_phone.event(E.HAZARD_CLOSED, "H-CTRL", base=3)
    assert results(push(client, manager, "phone-m", [wire(closed)])) == [("accepted", None)]

    answer = {
        "hazard_id": "H-CTRL",
        "decision": "regrade",
        "regrade": {"grading": {"lec": {"l": 6, "e": 6, "c": 15}}, "reason": "控制失效"},
    }
    wrong = {**answer, "hazard_id": "H-UNKNOWN"}
    reassessed = manager_phone.event(E.RISK_REASSESSED, "R-NEW", base=2, payload=answer)
    unknown = manager_phone.event(E.RISK_REASSESSED, "R-NEW", base=3, payload=wrong)
    assert results(push(client, manager, "phone-m", [wire(reassessed), wire(unknown)])) == [
        ("accepted", None),
        ("rejected", "ref.unknown"),
    ]
    body = client.get("/v1/risks/R-NEW", headers=manager).json()
    assert [(h["id"], h["status"], h["measure_id"]) for h in body["hazards"]] == [
        ("H-CTRL", "closed", "M1")
    ]
    last = body["timeline"][-1]
    assert (last["type"], last["entry"]["colour_before"], last["entry"]["colour_after"]) == (
        "risk.reassessed",
        "orange",
        "red",
    )
    assert body["state"]["reassessments"][0]["decision"] == "regrade"
    hazard_record = client.get("/v1/hazards/H-CTRL", headers=manager).json()
    assert (hazard_record["state"]["risk_id"], hazard_record["state"]["source"]) == ("R-NEW", 9)

    rows = _ledger_rows(client.get("/v1/documents/risk-ledger.xlsx", headers=manager))
    new, imported = rows["R-NEW"], rows["R-KITCHEN-GAS"]
    assert (new["风险等级"], new["来源"], imported["来源"]) == ("重大风险", "手机辨识", "导入")
    assert "较大风险→重大风险" in new["分级记录"] and "控制失效" in new["分级记录"]
    assert "H-CTRL" in new["关联隐患"] and "CARD-STOVE/3" in new["管控措施（检查项）"]
    assert new["评估"] == "LEC：L6×E6×C15=D540"

    printed = client.get("/v1/documents/risk-ledger.pdf", headers=manager)
    assert printed.status_code == 200, printed.text
    assert printed.headers["content-type"] == "application/pdf"
    text = pdf_text(printed.content).replace("\n", "")
    assert "安全风险分级管控台账" in text and "海港区老街小厨餐馆" in text
    assert "较大风险→重大风险" in text and "控制失效" in text and "H-CTRL" in text
    assert "LEC：L6×E6×C15=D540" in text and "CARD-STOVE/3" in text
    for path in ("risk-ledger.xlsx", "risk-ledger.pdf"):
        assert client.get(f"/v1/documents/{path}", headers=worker).status_code == 403
    answer = client.get("/v1/documents/risk-ledger.xlsx", headers=worker)
    assert answer.status_code == 403
    foreign = client.get(
        f"/v1/documents/risk-ledger.xlsx?tenant={KITCHEN}", headers=sign_in(client, "manager2")
    )
    assert foreign.status_code == 404


def _ledger_rows(answer: Any) -> dict[str, dict[str, Any]]:
    assert answer.status_code == 200, answer.text
    sheet = load_workbook(io.BytesIO(answer.content)).active
    values = list(sheet.iter_rows(min_row=4, values_only=True))
    header = values[0]
    return {row[1]: dict(zip(header, row, strict=True)) for row in values[1:]}


def _stove_item() -> dict[str, str]:
    return {
        "post_id": "P-STOVE",
        "card_id": STOVE_ITEM["card_id"],
        "item_id": STOVE_ITEM["item_id"],
    }


def test_a_review_retires_a_point_from_the_list_and_a_rebuild_gives_the_same(world, client):
    phone = Device("phone-m", MANAGER, tenant=KITCHEN)
    manager = sign_in(client, "manager1")
    review = {
        "reason": "change",
        "results": {
            "R-NEW": {"result": "retired", "note": "灶台已拆除"},
            "R-KITCHEN-GAS": {"result": "unchanged"},
        },
    }
    batch = [identified(phone), phone.event(E.RISK_LIST_REVIEWED, "V-1", base=0, payload=review)]
    assert (
        results(push(client, manager, "phone-m", [wire(e) for e in batch]))
        == [("accepted", None)] * 2
    )
    listed = client.get("/v1/reference", headers=manager).json()["risk_point"]
    assert "R-NEW" not in {p["id"] for p in listed}
    assert "R-KITCHEN-GAS" in {p["id"] for p in listed}  # an imported point stays listed
    before = client.get("/v1/risks/R-NEW", headers=manager).json()
    assert before["state"]["status"] == "retired"
    with world.state.engine.begin() as conn:
        rebuild_all(conn)
    assert client.get("/v1/risks/R-NEW", headers=manager).json() == before
    foreign = {"reason": "annual", "results": {"R-LATHE": {"result": "unchanged"}}}
    stray = phone.event(E.RISK_LIST_REVIEWED, "V-2", base=0, payload=foreign)
    assert results(push(client, manager, "phone-m", [wire(stray)])) == [("rejected", "ref.unknown")]


def _risk_list_points(app, day: date) -> float:
    with app.state.engine.connect() as conn:
        [records] = ChunkReader(conn, Window(day), ZONE).records([KITCHEN])
    score = score_day(day_facts(records, day))
    [line] = [c for c in score.components if c.code == "risk_list"]
    return line.points


def test_the_review_clears_the_risk_list_deduction_in_the_next_days_score(world):
    with world.state.engine.begin() as conn:  # the kitchen joined long ago, never reviewed
        conn.execute(update(users).values(created_at=datetime(2024, 1, 10, tzinfo=UTC)))
    review_day = date(2026, 6, 1)
    assert _risk_list_points(world, review_day - timedelta(days=1)) == 0

    moment = datetime(2026, 6, 1, 10, 0, tzinfo=ZONE)
    phone = Device("phone-m", MANAGER, tenant=KITCHEN, clock_ms=int(moment.timestamp() * 1000))
    payload = {"reason": "annual", "results": {"R-KITCHEN-GAS": {"result": "unchanged"}}}
    review = phone.event(E.RISK_LIST_REVIEWED, "V-2026", base=0, payload=payload)
    with world.state.engine.begin() as conn:
        answer = merge.push(conn, MANAGER, "phone-m", [wire(review)], now=moment.astimezone(UTC))
    assert answer.results[0].status.value == "accepted"

    assert _risk_list_points(world, review_day - timedelta(days=1)) == 0  # the past stays as it was
    assert _risk_list_points(world, review_day + timedelta(days=1)) == 5
