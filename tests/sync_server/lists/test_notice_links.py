"""An inspection's notice lists the hazards it names, and opens by a short-lived signed link."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from shared.events import EventType
from shared.ids import GridUnitId, UserId
from shared.roles import Actor, Role
from sync_server.clock import FakeClock
from sync_server.demo import KITCHEN, seed_demo
from sync_server.demo.recorder import CHINA
from sync_server.lists.links import LINK_LIFETIME
from tests.factories import Device
from tests.sync_server.lists.pdf_reading import pdf_text

INSPECTOR = Actor(user_id=UserId("inspector1"), role=Role.INSPECTOR, grid_unit=GridUnitId("X-HG"))
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn, history=True, today=NOW.astimezone(CHINA).date())
    app.state.clock = FakeClock(NOW)
    return app


def sign_in(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/v1/auth/login", json={"username": username, "password": "demo1234"})
    assert answer.status_code == 200, answer.text
    return {"authorization": f"Bearer {answer.json()['access_token']}"}


def reported(device: Device, hazard_id: str, title: str) -> dict[str, Any]:
    payload = {"title": title, "source": 11, "deadline": "2026-11-09T23:59:59+08:00"}
    event = device.event(EventType.HAZARD_REPORTED, hazard_id, base=0, payload=payload)
    return event.model_dump(mode="json")


def visit(client: TestClient, inspection_id: str, hazard_ids: list[str]) -> None:
    """inspector1 files two 执法 hazards at the kitchen and records an inspection naming some."""
    device = Device(f"phone-{inspection_id}", INSPECTOR, tenant=KITCHEN)
    batch = [reported(device, f"{inspection_id}-A", "点名的隐患"),
             reported(device, f"{inspection_id}-B", "同日另一条隐患")]  # fmt: skip
    finding = {"standard_item": "灭火器与灭火毯", "result": "fail"}
    payload = {"findings": [finding], "notice_no": f"执法-{inspection_id}"}
    if hazard_ids:
        payload["hazard_ids"] = [f"{inspection_id}-{h}" for h in hazard_ids]
    event = device.event(EventType.INSPECTION_RECORDED, inspection_id, base=0, payload=payload)
    batch.append(event.model_dump(mode="json"))
    answer = client.post(
        "/v1/sync/push",
        json={"device_id": device.name, "events": batch},
        headers=sign_in(client, "inspector1"),
    )
    assert [r["status"] for r in answer.json()["results"]] == ["accepted"] * 3, answer.text


@pytest.mark.parametrize(
    ("named", "listed", "left_out"),
    [
        (["A"], ["点名的隐患"], ["同日另一条隐患"]),  # the notice lists what it names
        ([], ["点名的隐患", "同日另一条隐患"], []),  # older inspections: the day's 执法 hazards
        (["A", "NOT-PUSHED"], ["点名的隐患"], ["同日另一条隐患"]),  # unknown ids are skipped
    ],
)
def test_an_inspection_notice_lists_the_hazards_it_names_else_those_of_the_day(
    world, client, named, listed, left_out
):
    visit(client, "INS-T", named)
    notice = client.get(
        "/v1/documents/notice.pdf",
        params={"inspection": "INS-T"},
        headers=sign_in(client, "manager1"),
    )
    assert notice.status_code == 200, notice.text
    text = pdf_text(notice.content)
    assert re.search(r"海港应急责改〔\d{4}〕第\d{2,}号", text)  # confirmed by the server
    assert "执法-INS-T" not in text  # the phone's provisional number is superseded
    for title in listed:
        assert title in text
    for title in left_out:
        assert title not in text


def link_for(client: TestClient, username: str, **params: str) -> Any:
    return client.get("/v1/documents/notice-link", params=params, headers=sign_in(client, username))


def test_a_signed_link_opens_the_notice_without_a_token_until_it_expires(world, client):
    answer = link_for(client, "inspector1", inspection="INS-HG-001")
    assert answer.status_code == 200, answer.text
    path = answer.json()["path"]
    assert datetime.fromisoformat(answer.json()["expires_at"]) == NOW + LINK_LIFETIME

    opened = client.get(path)  # no authorization header
    assert opened.status_code == 200
    assert opened.headers["content-type"] == "application/pdf"
    assert opened.headers["content-disposition"].startswith("inline")
    assert "海港区老街小厨餐馆" in pdf_text(opened.content)

    world.state.clock.set(NOW + LINK_LIFETIME + timedelta(seconds=1))
    assert client.get(path).status_code == 404


def tampered(path: str, **changes: str) -> str:
    url = urlsplit(path)
    query = {k: v[0] for k, v in parse_qs(url.query).items()} | changes
    return url.path + "?" + "&".join(f"{k}={v}" for k, v in query.items())


@pytest.mark.parametrize(
    "changes",
    [
        {"sig": "0" * 32},  # a made-up signature
        {"inspection": "INS-CN-003"},  # another notice under this notice's signature
        {"expires": "9999999999"},  # a longer life than was signed
    ],
)
def test_a_changed_link_opens_nothing(world, client, changes):
    path = link_for(client, "inspector1", inspection="INS-HG-001").json()["path"]
    assert client.get(tampered(path, **changes)).status_code == 404


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("inspector1", 200),  # 海港区 holds the kitchen
        ("manager1", 200),  # the kitchen's own manager
        ("manager2", 404),  # the lathe shop's: not theirs, looks missing
        ("inspector2", 404),  # 昌宁县 does not hold the kitchen
    ],
)
def test_only_who_may_see_a_notice_gets_a_link_to_it(world, client, username, status):
    assert link_for(client, username, inspection="INS-HG-001").status_code == status
