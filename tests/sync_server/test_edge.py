"""Hostile text and malformed events at the push edge: a clear answer per event, never a 500."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select

from shared.events import Event, EventType, is_device_seq
from shared.protocol import PushStatus
from sync_server import merge
from sync_server.demo import KITCHEN, seed_demo
from sync_server.projections import rebuild_all
from sync_server.schema import events, quarantine
from tests.factories import Device
from tests.sync_server.test_sync import WORKER, count, push, sign_in, statuses, wire

E = EventType


@pytest.fixture
def world(app):
    with app.state.engine.begin() as conn:
        seed_demo(conn)
    return app


@pytest.fixture
def worker_headers(world, client) -> dict[str, str]:
    return sign_in(client, "worker1")


def report(phone: Device, hazard: str, **payload: Any) -> dict[str, Any]:
    """A report as a phone sends it; the payload is set on the wire, past the phone's checks."""
    body = wire(phone.event(E.HAZARD_REPORTED, hazard, base=0))
    told = {"title": "灭火器压力不足", "no_photo_reason": "手机没电"}  # evidence: a reason
    return {**body, "payload": {**told, **payload}}


def test_an_event_without_a_payload_is_rejected_alone_and_the_same_on_every_resend(world, client):
    phone = Device("phone-edge", WORKER, tenant=KITCHEN)
    headers = sign_in(client, "worker1")
    broken = wire(phone.event(E.HAZARD_ANNOTATED, "H-EDGE", base=1))
    del broken["payload"]
    batch = [broken, report(phone, "H-EDGE")]
    for _ in range(2):
        answer = push(client, headers, "phone-edge", batch)
        assert statuses(answer) == ["rejected", "duplicate" if _ else "accepted"]
        rejected = answer["results"][0]
        assert rejected["code"] == "invalid_input"
        assert "payload" in rejected["reason"]
    assert count(world, quarantine) == 1


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"title": "灭火器\u0000压力不足"}, "text.bad_character"),
        ({"title": "灭火器\u0007"}, "text.bad_character"),
        ({"description": "坏\u009b"}, "text.bad_character"),
        ({"title": "字" * 301}, "text.too_long"),
        ({"description": "字" * 4001}, "text.too_long"),
        ({"location": "一\n二"}, "text.bad_character"),
    ],
)
def test_refused_text_is_rejected_with_its_code_and_kept_apart(world, client, fields, code):
    phone = Device("phone-edge", WORKER, tenant=KITCHEN)
    batch = [report(phone, "H-BAD", **fields), report(phone, "H-GOOD")]
    answer = push(client, sign_in(client, "worker1"), "phone-edge", batch)
    assert statuses(answer) == ["rejected", "accepted"]
    assert answer["results"][0]["code"] == code
    with world.state.engine.connect() as conn:
        stored = conn.execute(select(events.c.aggregate_id)).scalars().all()
        kept = conn.execute(select(quarantine.c.reason_code)).scalars().all()
    assert "H-BAD" not in stored
    assert kept == [code]


def test_multi_line_text_keeps_its_line_breaks_and_tabs(world, client):
    phone = Device("phone-edge", WORKER, tenant=KITCHEN)
    batch = [report(phone, "H-LINES", description="一、漏气\n二、\t阀门锈蚀")]
    answer = push(client, sign_in(client, "worker1"), "phone-edge", batch)
    assert statuses(answer) == ["accepted"]


@pytest.mark.parametrize(
    "where",
    ["payload.title", "payload.extra", "device_id", "event_id", "key"],
)
def test_a_lone_surrogate_anywhere_in_a_push_is_a_problem_not_a_500(world, client, where):
    phone = Device("phone-edge", WORKER, tenant=KITCHEN)
    event = report(phone, "H-SUR")
    if where == "key":
        event["payload"]["\ud800"] = 1
    elif where.startswith("payload."):
        event["payload"][where.split(".")[1]] = "灭火器\ud800"
    else:
        event[where] = "x\udc00"
    body = json.dumps({"device_id": "phone-edge", "events": [event]})  # escapes the surrogate
    answer = client.post(
        "/v1/sync/push",
        content=body,
        headers={**sign_in(client, "worker1"), "content-type": "application/json"},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "text.bad_character"
    assert count(world, events) == 0
    assert count(world, quarantine) == 0


def test_a_lone_surrogate_in_the_device_id_is_a_problem_not_a_500(world, client):
    body = '{"device_id": "phone\\ud800", "events": []}'
    answer = client.post(
        "/v1/sync/push",
        content=body,
        headers={**sign_in(client, "worker1"), "content-type": "application/json"},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "invalid_input"


def test_an_event_stored_before_the_text_rule_still_folds_pulls_and_shows(world, client):
    phone = Device("phone-old", WORKER, tenant=KITCHEN)
    event = phone.event(E.HAZARD_REPORTED, "H-OLD", base=0)
    row = merge.event_row(
        event,
        status=PushStatus.ACCEPTED,
        server_seq=None,
        received_at=datetime.now(UTC),
        pushed_by="worker1",
    )
    row["body"] = {**row["body"], "payload": {"title": "旧记录\u0007响铃"}}
    with world.state.engine.begin() as conn:
        row["server_seq"] = merge.allocate_server_seqs(conn, 1)
        conn.execute(insert(events).values(**row))
        rebuild_all(conn)
    headers = sign_in(client, "manager1")
    record = client.get("/v1/hazards/H-OLD", headers=headers)
    assert record.status_code == 200, record.text
    assert record.json()["state"]["title"] == "旧记录\u0007响铃"
    pulled = client.get("/v1/sync/pull?limit=1000", headers=headers).json()["events"]
    body = next(e for e in pulled if e["aggregate"]["id"] == "H-OLD")
    body.pop("server_seq")
    assert Event.stored(body).payload["title"] == "旧记录\u0007响铃"  # as a phone reads it
    note = phone.event(E.HAZARD_ANNOTATED, "H-OLD", base=1, payload={"note": "补充"})
    assert statuses(push(client, sign_in(client, "worker1"), "phone-old", [wire(note)])) == [
        "accepted"
    ]


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
FIELDS = [
    "event_id",
    "device_id",
    "device_seq",
    "actor",
    "tenant",
    "aggregate",
    "type",
    "payload",
    "hlc",
    "base_version",
]


@given(
    dropped=st.sets(st.sampled_from(FIELDS), max_size=3),
    replaced=st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=3),
    in_payload=st.dictionaries(
        st.sampled_from(["title", "description", "photos", "x"]), JSON, max_size=2
    ),
)
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_a_malformed_event_never_fails_its_batch(
    world, client, worker_headers, dropped, replaced, in_payload
):
    # A device of its own per example: the server remembers every device_seq it was sent.
    device_id = f"phone-fuzz-{uuid.uuid4().hex[:8]}"
    phone = Device(device_id, WORKER, tenant=KITCHEN)
    broken = report(phone, f"H-{uuid.uuid4()}")
    broken = {k: v for k, v in broken.items() if k not in dropped}
    broken.update(replaced)
    if isinstance(broken.get("payload"), dict):
        broken["payload"] = {**broken["payload"], **in_payload}
    good = report(phone, f"H-{uuid.uuid4()}")
    answer = client.post(
        "/v1/sync/push",
        content=json.dumps({"device_id": device_id, "events": [broken, good]}),  # NaN too
        headers={**worker_headers, "content-type": "application/json"},
    )
    assert answer.status_code in (200, 422), answer.text
    if answer.status_code == 422:
        # Only a lone surrogate, or a device_seq that is no whole number (a broken client's
        # count, not one event's fault), refuses the whole push.
        seq_is_bad = "device_seq" in broken and not is_device_seq(broken["device_seq"])
        assert answer.json()["code"] == ("invalid_input" if seq_is_bad else "text.bad_character")
        return
    results = answer.json()["results"]
    assert [r["status"] for r in results][1] == "accepted", (broken, results)
    assert results[0]["status"] in ("accepted", "rejected", "held")


@pytest.mark.parametrize("path", ["/v1/devices/phone%00x", "/v1/hazards/H%00", "/v1/devices/p%1b"])
def test_a_control_character_in_a_path_is_a_problem_on_both_databases(world, client, path):
    answer = client.get(path, headers=sign_in(client, "worker1"))
    assert answer.status_code == 422, answer.text
    assert answer.json()["code"] == "invalid_input"


@pytest.mark.parametrize("field", ["event_id", "device_id", "tenant", "type", "hlc"])
def test_a_nul_in_an_envelope_field_rejects_that_event_alone(world, client, worker_headers, field):
    phone = Device("phone-nul", WORKER, tenant=KITCHEN)
    broken = {**report(phone, "H-NUL"), field: "a\u0000b"}
    batch = [broken, report(phone, "H-NUL-OK")]
    answer = push(client, worker_headers, "phone-nul", batch)
    assert statuses(answer) == ["rejected", "accepted"]
    again = push(client, worker_headers, "phone-nul", batch)
    assert statuses(again) == ["rejected", "duplicate"]
    assert again["results"][0] == answer["results"][0]
    assert count(world, quarantine) == 1  # kept once, however often it comes


def test_a_nul_in_the_pushing_device_id_is_a_problem_on_both_databases(
    world, client, worker_headers
):
    answer = client.post(
        "/v1/sync/push", json={"device_id": "phone\u0000", "events": []}, headers=worker_headers
    )
    assert answer.status_code == 422, answer.text


@pytest.mark.parametrize("version", ["0", True, 0.0, -1, 2**53 + 1])
def test_a_base_version_that_is_not_a_whole_number_in_range_is_refused_alone(
    world, client, worker_headers, version
):
    phone = Device(f"phone-version-{uuid.uuid4().hex[:8]}", WORKER, tenant=KITCHEN)
    broken = {**report(phone, f"H-{uuid.uuid4()}"), "base_version": version}
    good = report(phone, f"H-{uuid.uuid4()}")
    answer = push(client, worker_headers, phone.name, [broken, good])["results"]
    assert [(r["status"], r.get("code")) for r in answer] == [
        ("rejected", "invalid_input"),
        ("accepted", None),
    ]
